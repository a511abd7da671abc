// Fixity: proving that the blob store still holds exactly what the catalog
// points at. VerifyFixity re-hashes blobs, looks for blobs that are gone and
// files nobody references, and records the check in the event log.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "archive/catalog.h"
#include "archive/home.h"
#include "schema/status.h"

namespace sohoa::archive {

struct FixityProblem {
  enum class Kind {
    kMissing,       // a catalog row points at a blob that is not there
    kChanged,       // the blob's bytes no longer hash to its address
    kUnreadable,    // the blob is there but could not be read
    kUnreferenced,  // a file in the store that no catalog row points at
  };
  Kind kind = Kind::kMissing;
  std::string sha256;          // the address (empty for an unreferenced file with another name)
  std::filesystem::path path;  // where the file is, or should be
  std::string detail;          // "now hashes to ...", the read error, ...
};

// "missing", "changed", "unreadable", "unreferenced".
std::string_view FixityProblemName(FixityProblem::Kind kind);

struct FixityReport {
  double sample_percent = 100;
  std::int64_t referenced = 0;     // distinct blobs the catalog points at
  std::int64_t checked = 0;        // blobs re-hashed (all, or the sample)
  std::int64_t bytes_checked = 0;
  std::int64_t stored_files = 0;   // files found under blobs/sha256, leftovers excluded
  // Temporary `.part` files of interrupted writes: not a fixity problem (a
  // running ingest has some), but worth cleaning once nothing is running.
  std::vector<std::filesystem::path> leftovers;
  std::vector<FixityProblem> problems;  // missing and changed by address, then unreferenced by path
  // With FixityOptions::repair: blobs nothing referenced and temporary files,
  // older than the grace period, removed (each recorded as a "deletion").
  std::vector<std::filesystem::path> removed;
  // What SQLite's integrity check found wrong in the catalog file itself.
  std::vector<std::string> catalog_problems;

  bool ok() const { return problems.empty() && catalog_problems.empty(); }
  std::int64_t Count(FixityProblem::Kind kind) const;
  // One line for the event log and the summary: "checked 12 of 12 blobs ...".
  std::string Summary() const;
};

// Checks the catalog file (SQLite's integrity check) and the blob store of
// `home` against `catalog`:
//  - every referenced blob must exist (always all of them: it is cheap);
//  - `sample_percent` (0 < p <= 100) of the existing ones, picked at random
//    so that scheduled runs cover the store over time, are re-hashed;
//  - every file under blobs/sha256 must be a referenced blob at its address.
// Appends one "fixity check" event (object "blobs", outcome failure when a
// problem was found) and returns the report; a found problem is not an error.
// InvalidArgument for a bad percentage, IoError when the store cannot be
// listed. A blob being written by a concurrent ingest may show up as
// unreferenced until its dossier is committed.
Result<FixityReport> VerifyFixity(const HomeLayout& home, Catalog& catalog, double sample_percent);

struct FixityOptions {
  double sample_percent = 100;
  // Remove what no catalog row points at: blobs at their address and
  // temporary .part files whose last change is older than `grace`. A crash
  // between a blob's write and its dossier's commit leaves such a blob; a
  // write still in progress is younger than the grace period. Files that are
  // not blobs are reported, never removed.
  bool repair = false;
  std::chrono::seconds grace{std::chrono::hours(24)};
};
Result<FixityReport> VerifyFixity(const HomeLayout& home, Catalog& catalog, const FixityOptions& options);

}  // namespace sohoa::archive
