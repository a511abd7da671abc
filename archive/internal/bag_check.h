// Reading a bag, first pass: every entry read once and checked, nothing
// taken (archive/package.h CheckBag); and what the second pass, which takes
// the bag (package_import.cc), shares with it. Internal to archive/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "archive/catalog.h"
#include "archive/internal/bag_archive.h"
#include "archive/package.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

inline constexpr std::size_t kBagChunkBytes = 1 << 20;

// What a payload file of the bag holds.
struct PayloadFile {
  std::string sha256;
  std::int64_t size = 0;
};

// The current entry read to its end: its SHA-256 and size, and its bytes in
// `text` when they were asked for and fit (else `too_large`).
struct EntryData {
  std::string sha256;
  std::int64_t size = 0;
  std::string text;
  bool too_large = false;
};
Result<EntryData> ReadEntry(ArchiveReader& reader, bool keep, std::vector<char>& buffer);

// Splits "data/<code>/<name>" into code and name; nullopt for any other shape.
std::optional<std::pair<std::string, std::string>> DossierPart(const std::string& rel);

// Every blob a dossier's rows name (sources, PDFs, page images), lower case.
std::set<std::string> BlobsOf(const DossierRecord& dossier);

// The first pass. `payload` gets what each payload file ("data/...") of the
// bag holds, for the second pass to check against.
Result<BagCheck> CheckBagFile(Catalog& catalog, const std::filesystem::path& file,
                              std::map<std::string, PayloadFile>& payload);

}  // namespace sohoa::archive::internal
