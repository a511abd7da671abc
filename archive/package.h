// Packages: dossiers as BagIt 1.0 bags (RFC 8493) in a tar, tar.gz, tar.zst
// or zip file, for transfer to an archive and back; and the per-dossier
// folder they share with `sohoa get`:
//
//   <bag>/bagit.txt
//   <bag>/data/<code>/METS.xml          METS with PREMIS objects and events
//   <bag>/data/<code>/<code>.json       the metadata JSON (TT 02/2019 fields too)
//   <bag>/data/<code>/<original name>   each original scan, byte for byte
//   <bag>/data/<code>/<code>.<n>.pdf    each document's searchable PDF
//   <bag>/manifest-sha256.txt  <bag>/bag-info.txt  <bag>/tagmanifest-sha256.txt
//
// Payload files hold nothing that changes with the home or the day (no row
// ids, no export or import events, no clock), so export → import → export
// gives byte-identical payload files and manifest-sha256.txt.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "archive/catalog.h"
#include "archive/home.h"
#include "schema/archival_metadata.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::archive {

// ---- The dossier folder --------------------------------------------------------

inline constexpr std::string_view kMetsFileName = "METS.xml";

// "<code>.json".
std::string MetadataFileName(const DossierRecord& dossier);

struct DossierFile {
  enum class Use { kOriginal, kSearchablePdf, kPageImage };
  std::string name;        // inside the dossier's folder
  std::string sha256;      // the blob holding its bytes
  std::string media_type;  // "" when not known
  Use use = Use::kOriginal;
  int document = 0;         // 1-based: the first document it belongs to
  std::string source_name;  // an original's name as it arrived
};

// The blobs of a dossier's folder, in a fixed order: each document's
// searchable PDF as <code>.<n>.pdf, each distinct original under its name as
// it arrived, and any page image that is not an original (named
// <code>.<n>.p<page>). Names are safe on any system (no separators, control
// or reserved characters), unique even ignoring ASCII case, and never
// METS.xml or <code>.json; a clash adds "-2", "-3", ... before the extension.
std::vector<DossierFile> DossierFiles(const DossierRecord& dossier);

// ---- Metadata JSON ---------------------------------------------------------------

// The TT 02/2019 metadata of a stored dossier, with the retention of its
// procedure as the catalog holds it.
Result<ArchivalMetadata> ArchivalMetadataOf(Catalog& catalog, const DossierRecord& dossier);

// The dossier as JSON (keys sorted, 2-space indent, ends with a newline):
// everything needed to rebuild its catalog rows (documents with the file
// names of DossierFiles, pages with text, geometry and, if `with_words`,
// words; field values with where they were read), plus "archival_metadata"
// when `metadata` is given. Deterministic: the same record gives the same
// bytes.
std::string DossierJson(const DossierRecord& dossier, const ArchivalMetadata* metadata,
                        bool with_words);

// Rebuilds a dossier from DossierJson's output. Corrupt for malformed JSON
// or a missing or mistyped member, naming it.
Result<DossierRecord> DossierFromJson(std::string_view json);

// ---- Export --------------------------------------------------------------------

enum class BagFormat { kZip, kTar, kTarGz, kTarZst };

// From the file name: .zip, .tar, .tar.gz or .tgz, .tar.zst or .tzst.
// InvalidArgument for any other.
Result<BagFormat> BagFormatFor(const std::filesystem::path& file);

// The bag's name, its top folder: the file name without those extensions.
std::string BagNameFor(const std::filesystem::path& file);

struct ExportOptions {
  // bag-info.txt Source-Organization; "" names the dossiers' receiving
  // agencies by code.
  std::string source_organization;
  std::string description;          // bag-info.txt External-Description (e.g. the query)
  // Re-hash every blob while streaming it and fail on a mismatch. Otherwise
  // the manifest takes each blob's address, which is its SHA-256, and only
  // sizes are checked (sohoa verify re-hashes the store on a schedule).
  bool verify_blobs = false;
  std::string actor;  // who exports, for the "export" events
};

struct ExportSummary {
  std::string bag_name;
  int dossiers = 0;
  std::int64_t payload_files = 0;
  std::int64_t payload_bytes = 0;
};

// Writes the dossiers `codes` (each once, in code order) as one bag into
// `out`, streaming blobs in chunks: memory does not grow with their size.
// The file appears only when complete (written beside it, then renamed).
// Logs an "export" event per dossier. NotFound for an unknown code or a
// missing blob, Corrupt for a blob that no longer matches its address,
// InvalidArgument for no codes or an unknown file type.
Result<ExportSummary> ExportBag(const HomeLayout& home, Catalog& catalog,
                                const std::vector<std::string>& codes,
                                const std::filesystem::path& out, const ExportOptions& options);

// ---- Import --------------------------------------------------------------------

// A reason a bag cannot be taken, naming the entry ("bag/data/x/scan.jpg").
struct BagProblem {
  std::string entry;
  std::string message;
};

struct BagCheck {
  std::string bag_name;                       // the top folder
  std::string bagging_date;                   // from bag-info.txt, "" when absent
  std::vector<std::string> dossiers;          // codes in the bag, sorted
  std::vector<std::string> already_archived;  // of those, codes the home already holds
  std::int64_t payload_files = 0;
  std::int64_t payload_bytes = 0;
  std::vector<BagProblem> problems;  // empty when the bag is complete and valid

  bool ok() const { return problems.empty(); }
};

// Reads every entry of the bag in `file` once and checks it, taking
// nothing: entry names (no '..', absolute paths, drive letters, backslashes),
// entry types (no links or devices), one top folder, no entry twice,
// bagit.txt, manifest-sha256.txt complete both ways with matching
// checksums, Payload-Oxum, tagmanifest-sha256.txt, and that every dossier
// folder holds a METS.xml with readable PREMIS events, a <code>.json that
// rebuilds its dossier, and every blob that JSON names. Problems are
// returned in the BagCheck, not as an error; errors are for a file that is
// missing or cannot be read at all.
Result<BagCheck> CheckBag(Catalog& catalog, const std::filesystem::path& file);

struct ImportOptions {
  std::string actor;  // who imports, for the "import" events
};

struct ImportSummary {
  BagCheck check;
  std::vector<std::string> imported;  // dossier codes stored
  std::int64_t blobs_added = 0;       // blobs the store did not hold yet
};

// Checks the bag (CheckBag) and, only when it is valid, takes it in a
// second pass: blobs into the blob store, each dossier through
// Catalog::StoreDossier, its PREMIS events with their original times, and
// an "import" event. Dossiers the home already holds are left as they are
// (listed in check.already_archived). An invalid bag is not an error:
// summary.check.problems says why nothing was taken.
Result<ImportSummary> ImportBag(const HomeLayout& home, Catalog& catalog,
                                const std::filesystem::path& file, const ImportOptions& options);

}  // namespace sohoa::archive
