// VerifyFixity: re-hashing the blob store against the catalog.
#include "archive/storage.h"
#include "archive/fixity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <random>
#include <set>
#include <system_error>

#include "archive/blob_store.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;
using Kind = FixityProblem::Kind;

// What the listing found beside the referenced blobs, kept for --repair
// with the time each was last written.
struct Found {
  std::vector<BlobEntry> orphans;    // blobs at their address that nothing references
  std::vector<BlobEntry> leftovers;  // of interrupted writes
};

// Everything in the store that is not a referenced blob at its address.
Status FindUnreferenced(BlobStore& store, const std::set<std::string>& referenced, FixityReport& report,
                        Found& found) {
  std::vector<FixityProblem> problems;
  SOHOA_RETURN_IF_ERROR(store.List([&](const BlobEntry& entry) {
    if (entry.kind == BlobEntry::Kind::kLeftover) {
      report.leftovers.push_back(entry.where);
      found.leftovers.push_back(entry);
      return Status::Ok();
    }
    ++report.stored_files;
    if (entry.kind == BlobEntry::Kind::kBlob && referenced.count(entry.sha256) != 0) return Status::Ok();
    FixityProblem problem;
    problem.kind = Kind::kUnreferenced;
    problem.sha256 = entry.sha256;
    problem.path = entry.where;
    if (entry.kind == BlobEntry::Kind::kBlob) {
      problem.detail = "no catalog row points at it";
      found.orphans.push_back(entry);
    } else {
      problem.detail = entry.sha256.empty() ? "not a blob name" : "not at its address";
    }
    problems.push_back(std::move(problem));
    return Status::Ok();
  }).WithContext("listing the blob store " + store.Describe()));
  std::sort(problems.begin(), problems.end(),
            [](const FixityProblem& a, const FixityProblem& b) { return a.path < b.path; });
  std::sort(report.leftovers.begin(), report.leftovers.end());
  for (auto& p : problems) report.problems.push_back(std::move(p));
  return Status::Ok();
}

std::string Megabytes(std::int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

}  // namespace

std::string_view FixityProblemName(Kind kind) {
  switch (kind) {
    case Kind::kMissing: return "missing";
    case Kind::kChanged: return "changed";
    case Kind::kUnreadable: return "unreadable";
    case Kind::kUnreferenced: return "unreferenced";
  }
  return "unknown";
}

std::int64_t FixityReport::Count(Kind kind) const {
  return std::count_if(problems.begin(), problems.end(),
                       [kind](const FixityProblem& p) { return p.kind == kind; });
}

std::string FixityReport::Summary() const {
  char percent[16];
  std::snprintf(percent, sizeof percent, "%g", sample_percent);
  return "checked " + std::to_string(checked) + " of " + std::to_string(referenced) + " blobs (" +
         Megabytes(bytes_checked) + ", sample " + percent + "%): " +
         std::to_string(Count(Kind::kMissing)) + " missing, " +
         std::to_string(Count(Kind::kChanged)) + " changed, " +
         std::to_string(Count(Kind::kUnreadable)) + " unreadable, " +
         std::to_string(Count(Kind::kUnreferenced)) + " unreferenced, " +
         std::to_string(leftovers.size()) + " leftover temporary file(s)" +
         (removed.empty() ? "" : "; " + std::to_string(removed.size()) + " removed by --repair") +
         (catalog_problems.empty() ? "; catalog integrity ok"
                                   : "; catalog integrity: " + std::to_string(catalog_problems.size()) +
                                         " problem(s), first: " + catalog_problems.front());
}

// Removes the unreferenced blobs and leftovers older than the grace period,
// recording each removal; they leave the report's problems.
Status Repair(const FixityOptions& options, BlobStore& store, Catalog& catalog, const Found& found,
              FixityReport& report) {
  const auto now = std::chrono::system_clock::now();
  auto old_enough = [&](const BlobEntry& entry) { return now - entry.modified >= options.grace; };
  auto record = [&](const BlobEntry& entry, const std::string& what) -> Status {
    report.removed.push_back(entry.where);
    Event event;
    event.type = "deletion";
    event.object = "blobs/" + fs::path(entry.where).filename().string();
    event.detail = what + " removed by sohoa verify --repair (" + std::to_string(entry.size) +
                   " bytes, nothing in the catalog pointed at it)";
    return catalog.AppendEvent(event);
  };
  std::set<std::string> removed;
  for (const BlobEntry& orphan : found.orphans) {
    if (!old_enough(orphan)) continue;
    SOHOA_RETURN_IF_ERROR(store.Remove(orphan.sha256));
    SOHOA_RETURN_IF_ERROR(record(orphan, "unreferenced blob"));
    removed.insert(orphan.where);
    --report.stored_files;
  }
  std::vector<FixityProblem> kept;
  for (FixityProblem& p : report.problems) {
    if (p.kind == Kind::kUnreferenced && removed.count(p.path.string()) != 0) continue;
    kept.push_back(std::move(p));
  }
  report.problems = std::move(kept);
  std::vector<fs::path> leftovers;
  for (const BlobEntry& leftover : found.leftovers) {
    if (old_enough(leftover)) {
      SOHOA_RETURN_IF_ERROR(store.RemoveLeftover(leftover));
      SOHOA_RETURN_IF_ERROR(record(leftover, "temporary file of an interrupted write"));
    } else {
      leftovers.push_back(leftover.where);
    }
  }
  std::sort(leftovers.begin(), leftovers.end());
  report.leftovers = std::move(leftovers);
  return Status::Ok();
}

Result<FixityReport> VerifyFixity(const HomeLayout& home, Catalog& catalog, double sample_percent) {
  FixityOptions options;
  options.sample_percent = sample_percent;
  return VerifyFixity(home, catalog, options);
}

Result<FixityReport> VerifyFixity(const HomeLayout& home, Catalog& catalog, const FixityOptions& options) {
  const double sample_percent = options.sample_percent;
  if (!(sample_percent > 0 && sample_percent <= 100)) {
    return InvalidArgument("the sample must be a percentage above 0 and at most 100");
  }
  FixityReport report;
  report.sample_percent = sample_percent;
  SOHOA_ASSIGN_OR_RETURN(report.catalog_problems, catalog.CheckIntegrity());
  SOHOA_ASSIGN_OR_RETURN(std::vector<std::string> referenced, catalog.ReferencedBlobs());
  report.referenced = static_cast<std::int64_t>(referenced.size());

  SOHOA_ASSIGN_OR_RETURN(const std::unique_ptr<BlobStore> opened, OpenBlobStore(home));
  BlobStore& store = *opened;
  std::vector<std::string> present;
  for (const std::string& sha : referenced) {
    Result<bool> there = store.Contains(sha);
    if (!there.ok()) return there.status().WithContext("checking the blob store " + store.Describe());
    if (*there) {
      present.push_back(sha);
      continue;
    }
    report.problems.push_back({Kind::kMissing, sha, store.Where(sha),
                               IsBlobAddress(sha) ? "a catalog row points at it, the blob is gone"
                                                  : "the catalog holds a malformed address"});
  }

  std::vector<std::string> sample;
  if (sample_percent >= 100) {
    sample = present;
  } else {
    auto n = static_cast<size_t>(std::ceil(static_cast<double>(present.size()) * sample_percent / 100));
    std::sample(present.begin(), present.end(), std::back_inserter(sample), n,
                std::mt19937_64(std::random_device{}()));
  }
  for (const std::string& sha : sample) {
    Result<BlobDigest> actual = HashBlob(store, sha);
    if (!actual.ok()) {
      report.problems.push_back({Kind::kUnreadable, sha, store.Where(sha), actual.status().message()});
      continue;
    }
    ++report.checked;
    report.bytes_checked += actual->bytes;
    if (actual->sha256 != CanonicalAddress(sha)) {
      report.problems.push_back({Kind::kChanged, sha, store.Where(sha), "now hashes to " + actual->sha256});
    }
  }
  std::sort(report.problems.begin(), report.problems.end(),
            [](const FixityProblem& a, const FixityProblem& b) { return a.sha256 < b.sha256; });

  std::set<std::string> wanted;
  for (const std::string& sha : referenced) wanted.insert(CanonicalAddress(sha));
  Found found;
  SOHOA_RETURN_IF_ERROR(FindUnreferenced(store, wanted, report, found));
  if (options.repair) SOHOA_RETURN_IF_ERROR(Repair(options, store, catalog, found, report));

  Event event;
  event.type = "fixity check";
  event.object = "blobs";
  event.outcome = report.ok() ? "success" : "failure";
  event.detail = report.Summary();
  SOHOA_RETURN_IF_ERROR(catalog.AppendEvent(event).WithContext("recording the fixity check"));
  return report;
}

}  // namespace sohoa::archive
