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

bool IsTemporary(const fs::path& path) { return path.extension() == ".part"; }

// Every file under blobs/sha256 that is not a referenced blob at its address.
Status FindUnreferenced(const BlobStore& store, const fs::path& root,
                        const std::set<std::string>& referenced, FixityReport& report) {
  std::error_code ec;
  if (!fs::exists(root, ec)) return Status::Ok();  // an empty home has no store yet
  std::vector<FixityProblem> found;
  fs::recursive_directory_iterator it(root, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_directory(type_ec)) continue;
    const fs::path& path = it->path();
    if (IsTemporary(path)) {
      report.leftovers.push_back(path);
      continue;
    }
    ++report.stored_files;
    std::string name = path.filename().string();
    if (referenced.count(name) != 0 && store.PathOf(name) == path) continue;
    FixityProblem problem;
    problem.kind = Kind::kUnreferenced;
    if (!store.PathOf(name).empty()) problem.sha256 = name;
    problem.path = path;
    problem.detail = problem.sha256.empty() ? "not a blob name" : "no catalog row points at it";
    if (!problem.sha256.empty() && store.PathOf(name) != path) problem.detail = "not at its address";
    found.push_back(std::move(problem));
  }
  if (ec) return IoError("cannot list the blob store " + root.string() + ": " + ec.message());
  std::sort(found.begin(), found.end(),
            [](const FixityProblem& a, const FixityProblem& b) { return a.path < b.path; });
  std::sort(report.leftovers.begin(), report.leftovers.end());
  for (auto& p : found) report.problems.push_back(std::move(p));
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
Status Repair(const FixityOptions& options, Catalog& catalog, FixityReport& report) {
  const auto now = fs::file_time_type::clock::now();
  auto old_enough = [&](const fs::path& path) {
    std::error_code ec;
    const auto changed = fs::last_write_time(path, ec);
    return !ec && now - changed >= options.grace;
  };
  auto remove = [&](const fs::path& path, const std::string& what) -> Status {
    std::error_code ec;
    const auto bytes = fs::file_size(path, ec);
    fs::remove(path, ec);
    if (ec) return IoError("cannot remove " + path.string() + ": " + ec.message());
    report.removed.push_back(path);
    Event event;
    event.type = "deletion";
    event.object = "blobs/" + path.filename().string();
    event.detail = what + " removed by sohoa verify --repair (" + std::to_string(bytes) +
                   " bytes, nothing in the catalog pointed at it)";
    return catalog.AppendEvent(event);
  };
  std::vector<FixityProblem> kept;
  for (FixityProblem& p : report.problems) {
    const bool orphan = p.kind == Kind::kUnreferenced && !p.sha256.empty() && p.detail == "no catalog row points at it";
    if (orphan && old_enough(p.path)) {
      SOHOA_RETURN_IF_ERROR(remove(p.path, "unreferenced blob"));
      --report.stored_files;
      continue;
    }
    kept.push_back(std::move(p));
  }
  report.problems = std::move(kept);
  std::vector<fs::path> leftovers;
  for (const fs::path& path : report.leftovers) {
    if (old_enough(path)) {
      SOHOA_RETURN_IF_ERROR(remove(path, "temporary file of an interrupted write"));
    } else {
      leftovers.push_back(path);
    }
  }
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

  SOHOA_ASSIGN_OR_RETURN(const fs::path blobs_root, LocateBlobs(home));
  BlobStore store(blobs_root);
  std::vector<std::string> present;
  for (const std::string& sha : referenced) {
    fs::path path = store.PathOf(sha);
    std::error_code ec;
    if (!path.empty() && fs::is_regular_file(path, ec)) {
      present.push_back(sha);
      continue;
    }
    report.problems.push_back({Kind::kMissing, sha, path,
                               path.empty() ? "the catalog holds a malformed address"
                                            : "a catalog row points at it, the file is gone"});
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
    fs::path path = store.PathOf(sha);
    Result<std::string> actual = Sha256OfFile(path);
    if (!actual.ok()) {
      report.problems.push_back({Kind::kUnreadable, sha, path, actual.status().message()});
      continue;
    }
    ++report.checked;
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (!ec) report.bytes_checked += static_cast<std::int64_t>(size);
    if (*actual != sha) report.problems.push_back({Kind::kChanged, sha, path, "now hashes to " + *actual});
  }
  std::sort(report.problems.begin(), report.problems.end(),
            [](const FixityProblem& a, const FixityProblem& b) { return a.sha256 < b.sha256; });

  std::set<std::string> wanted(referenced.begin(), referenced.end());
  SOHOA_RETURN_IF_ERROR(FindUnreferenced(store, blobs_root / "sha256", wanted, report));
  if (options.repair) SOHOA_RETURN_IF_ERROR(Repair(options, catalog, report));

  Event event;
  event.type = "fixity check";
  event.object = "blobs";
  event.outcome = report.ok() ? "success" : "failure";
  event.detail = report.Summary();
  SOHOA_RETURN_IF_ERROR(catalog.AppendEvent(event).WithContext("recording the fixity check"));
  return report;
}

}  // namespace sohoa::archive
