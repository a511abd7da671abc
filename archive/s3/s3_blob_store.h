// The blob store in a bucket of an S3-compatible service (AWS S3, Ceph RGW,
// MinIO, OpenStack Swift's s3api): blob <sha256> is the object
// <prefix>sha256/ab/cd/<sha256>, as in the folder store, holding its SHA-256
// also in the metadata x-amz-meta-sha256.
//
// Every body sent carries its SHA-256 (x-amz-content-sha256), which the
// service checks before it stores anything, so an object only ever holds the
// bytes that were hashed. A file of multipart_threshold bytes or more goes up
// in parts; the parts of an upload that was interrupted stay with the service
// until aborted, and List shows them as leftovers (kLeftover, where
// "s3://bucket/key?uploadId=...", size 0, modified when the upload began)
// for RemoveLeftover. The store lists only under <prefix>sha256/: an object
// there at a blob's address is a kBlob, anything else a kStray.
//
// Failures of the service (5xx, 429, timeouts, lost connections) are retried
// with backoff (S3Settings); what remains becomes a Status: Unavailable
// (worth another try later), PermissionDenied (the keys, their rights, the
// clock), NotFound (a missing blob, or bucket), each naming the endpoint and
// S3's error code, never the secret. Thread-safe; a BlobReader may outlive
// its store.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "archive/blob_store.h"
#include "archive/s3/s3_settings.h"
#include "schema/status.h"

namespace sohoa::archive {

namespace s3 {
class Client;
}

class S3BlobStore final : public BlobStore {
 public:
  // Opens the store `settings` describe (NormalizeS3Settings first), after
  // listing its prefix once, so that a wrong bucket, key or endpoint is
  // told now rather than at the first blob: NotFound naming a bucket that
  // does not exist, PermissionDenied, Unavailable.
  static Result<std::unique_ptr<S3BlobStore>> Connect(S3Settings settings);
  ~S3BlobStore() override;

  Result<std::string> PutFile(const std::filesystem::path& path) override;
  Result<std::string> PutBytes(std::string_view bytes) override;
  Result<std::int64_t> Size(std::string_view sha256) override;
  Result<std::unique_ptr<BlobReader>> Open(std::string_view sha256, std::int64_t offset = 0,
                                           std::int64_t length = -1) override;
  Status List(const std::function<Status(const BlobEntry&)>& each) override;
  Status Remove(std::string_view sha256) override;
  Status RemoveLeftover(const BlobEntry& entry) override;
  // s3://bucket/<prefix>sha256/ab/cd/<sha256>
  std::string Where(std::string_view sha256) const override;
  // "s3://bucket/prefix at http://127.0.0.1:8080"
  std::string Describe() const override;

  // The object key of a blob; empty for a string that is not an address.
  std::string KeyOf(std::string_view sha256) const;

 private:
  explicit S3BlobStore(std::shared_ptr<s3::Client> client);

  // Stores `size` bytes (of `fd`, or `bytes` when fd is -1) as blob `sha`,
  // unless an object of that size is there already.
  Status Store(const std::string& sha, int fd, std::string_view bytes, std::int64_t size,
               const std::string& name);
  Status PutMultipart(const std::string& sha, int fd, std::int64_t size, const std::string& name);

  std::shared_ptr<s3::Client> client_;  // shared with open readers
};

// The store at `url` ("s3://bucket/prefix", prefix optional), with the
// endpoint, region and credentials from the environment
// (S3SettingsFromEnvironment), opened as S3BlobStore::Connect does.
Result<std::unique_ptr<BlobStore>> OpenS3BlobStore(std::string_view url);
// The same with settings given, as tests and tools that set them do.
Result<std::unique_ptr<BlobStore>> OpenS3BlobStore(S3Settings settings);

}  // namespace sohoa::archive
