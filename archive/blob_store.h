// Content-addressed store of immutable blobs: the original bytes of every
// scan and every searchable PDF, each under the lower-case hex SHA-256 of its
// bytes. BlobStore is what the rest of the program asks of a store; a home
// opens its own with OpenBlobStore (archive/storage.h). Two stores exist:
//  - FolderBlobStore, the embedded default: blobs/sha256/ab/cd/<sha256>. A
//    blob is written to a temporary name, fsynced, renamed and its folder
//    fsynced before its address is returned, so a catalog row never points
//    at bytes that a crash could lose. It is the only code that knows a
//    blob's path.
//  - the S3 store (archive/s3/): objects <prefix>sha256/ab/cd/<sha256> in
//    an existing bucket of any S3-compatible service.
// Every store checks the SHA-256 of what it is given before it answers with
// the address, and a blob is only ever removed by retention's deletion,
// verify's repair, or the queue worker that finished a queued folder's job
// (its tar, ingest/worker.h), once nothing references it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "schema/status.h"

namespace sohoa::archive {

// Lower-case hex SHA-256 of a file's bytes / of a buffer.
Result<std::string> Sha256OfFile(const std::filesystem::path& path);
std::string Sha256OfBytes(std::string_view bytes);

// True for 64 hex digits (either case): the only strings that name a blob,
// so that no input can point outside a store.
bool IsBlobAddress(std::string_view sha256);
// The address in lower case (as stored); empty when it is not one.
std::string CanonicalAddress(std::string_view sha256);

// A blob's bytes, read in order.
class BlobReader {
 public:
  virtual ~BlobReader() = default;
  // Up to `size` bytes into `data`: 0 at the end, never fewer than asked
  // before it.
  virtual Result<std::size_t> Read(char* data, std::size_t size) = 0;
};

// One thing a store holds, as its listing shows it.
struct BlobEntry {
  enum class Kind {
    kBlob,      // at a blob's address (`sha256`)
    kLeftover,  // what an interrupted write left (a temporary file, an unfinished upload)
    kStray,     // anything else under the store's root or prefix
  };
  Kind kind = Kind::kStray;
  std::string sha256;  // kBlob, and a leftover or stray whose name is an address
  std::string where;   // the file or the object, for messages (no credentials)
  std::int64_t size = 0;
  std::chrono::system_clock::time_point modified;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Copies the file in (streamed) and returns its SHA-256. Storing the same
  // bytes twice keeps one copy. NotFound for a missing file,
  // InvalidArgument for something that is not a regular file, Unavailable
  // if the file changed while it was being copied (or the store could not
  // be reached: worth another try).
  virtual Result<std::string> PutFile(const std::filesystem::path& path) = 0;
  virtual Result<std::string> PutBytes(std::string_view bytes) = 0;

  // The size of a stored blob: NotFound when it is not there,
  // InvalidArgument for a string that is not an address.
  virtual Result<std::int64_t> Size(std::string_view sha256) = 0;
  // Whether the blob is there (an error only when the store cannot say).
  Result<bool> Contains(std::string_view sha256);

  // Reads `length` bytes of a blob from `offset` (a negative length: to the
  // end), as a stream. NotFound when it is not there.
  virtual Result<std::unique_ptr<BlobReader>> Open(std::string_view sha256, std::int64_t offset = 0,
                                                  std::int64_t length = -1) = 0;

  // Calls `each` for everything the store holds, in no promised order;
  // an error from `each` stops the listing and is returned.
  virtual Status List(const std::function<Status(const BlobEntry&)>& each) = 0;

  // Removes a blob: only for `sohoa retention delete` and verify's repair,
  // after the catalog rows that pointed at it are gone. A blob already
  // absent is fine.
  virtual Status Remove(std::string_view sha256) = 0;
  // Removes a leftover of an interrupted write, as List gave it
  // (InvalidArgument for a blob or a stray: those are never removed here).
  virtual Status RemoveLeftover(const BlobEntry& entry) = 0;

  // Where a blob is or would be, for messages: a path, or s3://bucket/key.
  virtual std::string Where(std::string_view sha256) const = 0;
  // The store itself, for messages and logs (no credentials).
  virtual std::string Describe() const = 0;
};

// The whole of a blob, in memory (page images, small files).
Result<std::string> ReadBlob(BlobStore& store, std::string_view sha256);

// A blob's SHA-256 as read back now, and how many bytes were read.
struct BlobDigest {
  std::string sha256;
  std::int64_t bytes = 0;
};
Result<BlobDigest> HashBlob(BlobStore& store, std::string_view sha256);

// Copies a blob to `target` (replacing it, owner-writable), checking on the
// way that its bytes still hash to their address: Corrupt if they do not
// (the target is then removed), NotFound if the blob is gone.
Status CopyBlobTo(BlobStore& store, std::string_view sha256, const std::filesystem::path& target);

// The embedded default: a folder, <home>/blobs unless the home says otherwise.
class FolderBlobStore final : public BlobStore {
 public:
  explicit FolderBlobStore(std::filesystem::path root);  // root = <home>/blobs

  Result<std::string> PutFile(const std::filesystem::path& path) override;
  Result<std::string> PutBytes(std::string_view bytes) override;
  Result<std::int64_t> Size(std::string_view sha256) override;
  Result<std::unique_ptr<BlobReader>> Open(std::string_view sha256, std::int64_t offset = 0,
                                          std::int64_t length = -1) override;
  Status List(const std::function<Status(const BlobEntry&)>& each) override;
  Status Remove(std::string_view sha256) override;
  Status RemoveLeftover(const BlobEntry& entry) override;
  std::string Where(std::string_view sha256) const override;
  std::string Describe() const override;

  // The file of a blob: an empty path for a string that is not an address.
  // Only for this store's own tests and for tools that work on the folder
  // itself; the rest of the program reads through Open.
  std::filesystem::path PathOf(std::string_view sha256) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace sohoa::archive
