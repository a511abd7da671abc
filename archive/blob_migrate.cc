#include "archive/blob_migrate.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <set>
#include <system_error>

#include "archive/blob_store.h"
#include "archive/durable_file.h"
#include "archive/storage.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

// A temporary file in the home's work area, removed when this goes.
class Scratch {
 public:
  static Result<Scratch> Make(const fs::path& folder) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    std::string name = (folder / ".blob-migrate-XXXXXX").string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) return ErrnoStatus(errno, "cannot make a temporary file in " + folder.string());
    ::close(fd);
    return Scratch(name);
  }
  Scratch(Scratch&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  Scratch(const Scratch&) = delete;
  ~Scratch() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  explicit Scratch(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

// One blob into `target`, through `scratch`: checked against its address
// as it leaves the source and as the target stores it.
Status CopyOne(BlobStore& source, BlobStore& target, const std::string& sha, const fs::path& scratch) {
  SOHOA_RETURN_IF_ERROR(CopyBlobTo(source, sha, scratch));
  SOHOA_ASSIGN_OR_RETURN(const std::string stored, target.PutFile(scratch));
  if (stored != sha) {
    return Corrupt("blob " + sha + " was stored in " + target.Describe() + " as " + stored +
                   ": its bytes changed on the way; run the migration again");
  }
  return Status::Ok();
}

}  // namespace

Result<BlobMigration> MigrateBlobs(const HomeLayout& home, Catalog& catalog, const std::string& url,
                                   const BlobMigrationOptions& options) {
  SOHOA_ASSIGN_OR_RETURN(const BlobLocation from, LocateBlobs(home));
  SOHOA_ASSIGN_OR_RETURN(const BlobLocation to, ParseBlobUrl(url, home.root, "--blobs"));
  if (from.kind == to.kind && from.ForDisplay() == to.ForDisplay()) {
    return InvalidArgument("the home's blobs are in " + to.ForDisplay() + " already: nothing to move");
  }
  SOHOA_ASSIGN_OR_RETURN(const std::unique_ptr<BlobStore> source, OpenBlobStore(from));
  SOHOA_ASSIGN_OR_RETURN(const std::unique_ptr<BlobStore> target, OpenBlobStore(to));

  BlobMigration out;
  out.source = source->Describe();
  out.target = target->Describe();

  // What to move, with its size in the source: every blob there, and every
  // one the catalog points at (one missing from the source is a problem
  // the move cannot mend, and stops the switch).
  std::map<std::string, std::int64_t> sizes;
  SOHOA_RETURN_IF_ERROR(source->List([&sizes](const BlobEntry& entry) {
    if (entry.kind == BlobEntry::Kind::kBlob) sizes[entry.sha256] = entry.size;
    return Status::Ok();
  }));
  SOHOA_ASSIGN_OR_RETURN(const std::vector<std::string> referenced, catalog.ReferencedBlobs());
  for (const std::string& sha : referenced) {
    const std::string address = CanonicalAddress(sha);
    if (address.empty()) {
      out.problems.push_back("the catalog holds '" + sha + "', which is not a blob address");
    } else if (sizes.count(address) == 0) {
      out.problems.push_back("blob " + address + ": the catalog points at it, " + out.source + " does not hold it");
    }
  }
  out.blobs = static_cast<std::int64_t>(sizes.size());

  BlobMigrationProgress progress;
  progress.total = out.blobs;
  const auto tell = [&] {
    if (options.progress) options.progress(progress);
  };
  if (!options.verify_only) {
    SOHOA_ASSIGN_OR_RETURN(Scratch scratch, Scratch::Make(home.work()));
    for (const auto& [sha, size] : sizes) {
      Result<std::int64_t> there = target->Size(sha);
      if (there.ok() && *there == size) {
        ++out.already_there;
      } else if (there.ok() || there.status().code() == StatusCode::kNotFound) {
        if (options.max_blobs > 0 && out.copied >= options.max_blobs) {
          out.stopped = true;
          break;
        }
        SOHOA_RETURN_IF_ERROR(CopyOne(*source, *target, sha, scratch.path()).WithContext("moving the blobs"));
        ++out.copied;
        out.bytes_copied += size;
        progress.bytes += size;
      } else {
        return there.status().WithContext("moving the blobs to " + out.target);
      }
      ++progress.done;
      tell();
    }
  }
  if (out.stopped) return out;

  // Every blob read back from the target, whole, and hashed.
  progress = {BlobMigrationProgress::Step::kVerify, 0, out.blobs, 0};
  for (const auto& [sha, size] : sizes) {
    Result<BlobDigest> digest = HashBlob(*target, sha);
    if (!digest.ok()) {
      out.problems.push_back("blob " + sha + " in " + out.target + ": " + digest.status().message());
    } else if (digest->sha256 != sha || digest->bytes != size) {
      out.problems.push_back("blob " + sha + " in " + out.target + " reads back as " + digest->sha256 + " (" +
                             std::to_string(digest->bytes) + " bytes, " + std::to_string(size) + " expected)");
    } else {
      ++out.verified_blobs;
      out.verified_bytes += size;
    }
    ++progress.done;
    progress.bytes += size;
    tell();
  }
  out.verified = out.problems.empty();
  if (!out.verified || options.verify_only) return out;

  SOHOA_ASSIGN_OR_RETURN(StorageSettings settings, ReadStorageSettings(home));
  settings.blobs_url = to.ForDisplay();
  SOHOA_RETURN_IF_ERROR(WriteStorageSettings(home, settings));
  out.switched = true;
  Event event;
  event.type = "migration";
  event.object = "blobs";
  event.actor = "sohoa";
  event.outcome = "success";
  event.detail = "blobs moved from " + out.source + " to " + out.target + ": " + std::to_string(out.blobs) +
                 " blobs, " + std::to_string(out.copied) + " copied by the last run, every one read back and hashed";
  SOHOA_RETURN_IF_ERROR(catalog.AppendEvent(event));
  return out;
}

}  // namespace sohoa::archive
