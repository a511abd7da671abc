#include "archive/s3/s3_blob_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <utility>
#include <vector>

#include "archive/durable_file.h"
#include "archive/internal/sha256.h"
#include "archive/s3/s3_client.h"
#include "archive/s3/s3_reader.h"
#include "archive/s3/s3_xml.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kMaxParts = 10000;  // S3's limit for one upload
constexpr std::size_t kHashChunk = 1 << 16;
constexpr std::string_view kUploadMark = "?uploadId=";

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

Status Changed(const std::string& name, const std::string& where) {
  return Unavailable(name + " changed while it was being stored in " + where +
                     "; store it again once it is complete");
}

// Feeds `length` bytes of `fd` from `offset` to both hashers; Unavailable if
// the file ends before them.
Status HashRange(int fd, std::int64_t offset, std::int64_t length, internal::Sha256& part,
                 internal::Sha256& whole, const std::string& name, const std::string& where) {
  std::array<char, kHashChunk> buffer;
  while (length > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::int64_t>(length, kHashChunk));
    const ssize_t got = ::pread(fd, buffer.data(), want, offset);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ErrnoStatus(errno, "cannot read " + name);
    if (got == 0) return Changed(name, where);
    part.Update(buffer.data(), static_cast<std::size_t>(got));
    whole.Update(buffer.data(), static_cast<std::size_t>(got));
    offset += got;
    length -= got;
  }
  return Status::Ok();
}

// The SHA-256 of a file read to its end, and how many bytes that was.
Result<std::pair<std::string, std::int64_t>> HashFile(int fd, const std::string& name) {
  internal::Sha256 hasher;
  std::array<char, kHashChunk> buffer;
  std::int64_t size = 0;
  while (true) {
    const ssize_t got = ::pread(fd, buffer.data(), buffer.size(), size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ErrnoStatus(errno, "cannot read " + name);
    if (got == 0) break;
    hasher.Update(buffer.data(), static_cast<std::size_t>(got));
    size += got;
  }
  return std::make_pair(hasher.HexDigest(), size);
}

// x-amz-checksum-sha256 is the digest in base64.
std::string Base64OfHex(const std::string& hex) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  sodium_hex2bin(digest, sizeof digest, hex.data(), hex.size(), nullptr, nullptr, nullptr);
  char text[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(text, sizeof text, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
  return text;
}

s3::Request MakeRequest(std::string method, std::string key,
                        std::vector<std::pair<std::string, std::string>> query = {}) {
  s3::Request request;
  request.method = std::move(method);
  request.key = std::move(key);
  request.query = std::move(query);
  return request;
}

// An unfinished multipart upload, aborted when it goes out of scope unless
// completed: its parts would otherwise stay with the service (and be billed).
class Upload {
 public:
  Upload(s3::Client& client, std::string key, std::string id)
      : client_(client), key_(std::move(key)), id_(std::move(id)) {}
  Upload(const Upload&) = delete;
  Upload& operator=(const Upload&) = delete;
  ~Upload() {
    // If the abort fails too, List shows the upload as a leftover.
    if (!completed_) (void)client_.Send(MakeRequest("DELETE", key_, {{"uploadId", id_}}));
  }
  const std::string& id() const { return id_; }
  void Completed() { completed_ = true; }

 private:
  s3::Client& client_;
  const std::string key_;
  const std::string id_;
  bool completed_ = false;
};

}  // namespace

S3BlobStore::S3BlobStore(std::shared_ptr<s3::Client> client) : client_(std::move(client)) {}

S3BlobStore::~S3BlobStore() = default;

Result<std::unique_ptr<S3BlobStore>> S3BlobStore::Connect(S3Settings settings) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  SOHOA_RETURN_IF_ERROR(NormalizeS3Settings(settings));
  std::unique_ptr<S3BlobStore> store(
      new S3BlobStore(std::make_shared<s3::Client>(std::move(settings))));
  const std::string root = store->client_->settings().prefix + "sha256/";
  SOHOA_ASSIGN_OR_RETURN(
      s3::Response listed,
      store->client_->Send(
          MakeRequest("GET", "", {{"list-type", "2"}, {"max-keys", "1"}, {"prefix", root}})));
  if (!listed.ok())
    return store->client_->ErrorOf(listed, "listing " + store->client_->UrlOf(root));
  return store;
}

std::string S3BlobStore::KeyOf(std::string_view sha256) const {
  const std::string hex = CanonicalAddress(sha256);
  if (hex.empty()) return {};
  return client_->settings().prefix + "sha256/" + hex.substr(0, 2) + "/" + hex.substr(2, 2) + "/" +
         hex;
}

std::string S3BlobStore::Where(std::string_view sha256) const {
  const std::string key = KeyOf(sha256);
  return key.empty() ? std::string(sha256) : client_->UrlOf(key);
}

std::string S3BlobStore::Describe() const {
  const S3Settings& settings = client_->settings();
  std::string url = "s3://" + settings.bucket;
  if (!settings.prefix.empty()) url += "/" + settings.prefix;
  return url + " at " + settings.endpoint;
}

Result<std::string> S3BlobStore::PutFile(const fs::path& path) {
  const std::string name = path.string();
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoStatus(errno, "cannot open " + name);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ErrnoStatus(errno, "cannot read " + name);
  if (!S_ISREG(st.st_mode)) return InvalidArgument(name + " is not a regular file");
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  // Hash first: the address names the object, and a blob stored already is
  // not sent again.
  SOHOA_ASSIGN_OR_RETURN(auto hashed, HashFile(fd.get(), name));
  const auto& [sha, size] = hashed;
  SOHOA_RETURN_IF_ERROR(Store(sha, fd.get(), {}, size, name));
  return sha;
}

Result<std::string> S3BlobStore::PutBytes(std::string_view bytes) {
  std::string sha = Sha256OfBytes(bytes);
  SOHOA_RETURN_IF_ERROR(
      Store(sha, -1, bytes, static_cast<std::int64_t>(bytes.size()), "the bytes"));
  return sha;
}

Status S3BlobStore::Store(const std::string& sha, int fd, std::string_view bytes, std::int64_t size,
                          const std::string& name) {
  const std::string key = KeyOf(sha);
  SOHOA_ASSIGN_OR_RETURN(s3::Response head, client_->Send(MakeRequest("HEAD", key)));
  // An object of another size at this address is not this blob (a write cut
  // short by hand, say): it is replaced.
  if (head.ok() && head.Header("content-length") == std::to_string(size)) return Status::Ok();
  if (!head.ok() && head.status != 404) return client_->ErrorOf(head, "HEAD " + Where(sha));
  if (fd != -1 && size >= client_->settings().multipart_threshold)
    return PutMultipart(sha, fd, size, name);

  s3::Request put = MakeRequest("PUT", key);
  put.headers = {"x-amz-meta-sha256: " + sha, "x-amz-checksum-sha256: " + Base64OfHex(sha)};
  put.body = fd != -1 ? s3::Body::File(fd, 0, size, name, sha) : s3::Body::Bytes(bytes, sha);
  SOHOA_ASSIGN_OR_RETURN(s3::Response stored, client_->Send(put));
  if (!stored.ok()) return client_->ErrorOf(stored, "PUT " + Where(sha));
  return Status::Ok();
}

// x-amz-checksum-sha256 is not sent with the parts: Swift's s3api refuses the
// part checksums that CompleteMultipartUpload would then have to list. Each
// part's x-amz-content-sha256 is checked by the service all the same, and the
// parts are hashed together here into the blob's address before completing.
Status S3BlobStore::PutMultipart(const std::string& sha, int fd, std::int64_t size,
                                 const std::string& name) {
  const std::string key = KeyOf(sha);
  const std::string where = Where(sha);
  const std::int64_t part_size =
      std::max(client_->settings().part_size, (size + kMaxParts - 1) / kMaxParts);

  s3::Request create = MakeRequest("POST", key, {{"uploads", ""}});
  create.headers = {"x-amz-meta-sha256: " + sha};
  SOHOA_ASSIGN_OR_RETURN(s3::Response created, client_->Send(create));
  if (!created.ok()) return client_->ErrorOf(created, "starting an upload to " + where);
  SOHOA_ASSIGN_OR_RETURN(std::string upload_id, s3::ParseUploadId(created.body));
  Upload upload(*client_, key, std::move(upload_id));

  internal::Sha256 whole;
  std::vector<std::string> etags;
  for (std::int64_t offset = 0; offset < size; offset += part_size) {
    const std::int64_t length = std::min(part_size, size - offset);
    internal::Sha256 part;
    SOHOA_RETURN_IF_ERROR(HashRange(fd, offset, length, part, whole, name, where));
    const std::string number = std::to_string(etags.size() + 1);
    s3::Request put = MakeRequest("PUT", key, {{"partNumber", number}, {"uploadId", upload.id()}});
    put.body = s3::Body::File(fd, offset, length, name, part.HexDigest());
    SOHOA_ASSIGN_OR_RETURN(s3::Response stored, client_->Send(put));
    if (!stored.ok()) return client_->ErrorOf(stored, "PUT part " + number + " of " + where);
    std::string etag = stored.Header("etag");
    if (etag.empty())
      return IoError("the S3 service stored part " + number + " of " + where + " without an ETag");
    etags.push_back(std::move(etag));
  }
  // The parts were hashed as they were read, and the service checked that
  // each came as hashed: this is what the object will hold.
  if (whole.HexDigest() != sha) return Changed(name, where);

  const std::string list = s3::CompleteUploadBody(etags);
  s3::Request complete = MakeRequest("POST", key, {{"uploadId", upload.id()}});
  complete.headers = {"Content-Type: application/xml"};
  complete.body = s3::Body::Bytes(list, Sha256OfBytes(list));
  SOHOA_ASSIGN_OR_RETURN(s3::Response done, client_->Send(complete));
  // S3 may answer 200 and fail all the same: the error is then the body.
  const s3::ErrorBody error = s3::ParseError(done.body);
  if (done.ok() && error.code.empty()) {
    upload.Completed();
    return Status::Ok();
  }
  // A completion that succeeded but whose answer was lost is retried into
  // NoSuchUpload: the object tells.
  if (done.status == 404 && error.code == "NoSuchUpload") {
    SOHOA_ASSIGN_OR_RETURN(s3::Response head, client_->Send(MakeRequest("HEAD", key)));
    if (head.ok() && head.Header("content-length") == std::to_string(size)) {
      upload.Completed();
      return Status::Ok();
    }
  }
  if (done.ok()) {
    return Unavailable("completing the upload of " + where + ": the S3 service at " +
                       client_->settings().endpoint + " answered " + error.code + " (" +
                       error.message + "); try again later");
  }
  return client_->ErrorOf(done, "completing the upload of " + where);
}

Result<std::int64_t> S3BlobStore::Size(std::string_view sha256) {
  const std::string key = KeyOf(sha256);
  if (key.empty())
    return InvalidArgument("'" + std::string(sha256) + "' is not a sha256 blob address");
  SOHOA_ASSIGN_OR_RETURN(s3::Response head, client_->Send(MakeRequest("HEAD", key)));
  if (head.status == 404)
    return NotFound("blob " + CanonicalAddress(sha256) + " is not in " + Describe());
  if (!head.ok()) return client_->ErrorOf(head, "HEAD " + Where(sha256));
  const std::string length = head.Header("content-length");
  std::int64_t size = -1;
  std::from_chars(length.data(), length.data() + length.size(), size);
  if (size < 0)
    return IoError("HEAD " + Where(sha256) + ": the S3 service gave no size ('" + length + "')");
  return size;
}

Result<std::unique_ptr<BlobReader>> S3BlobStore::Open(std::string_view sha256, std::int64_t offset,
                                                      std::int64_t length) {
  std::string key = KeyOf(sha256);
  if (key.empty())
    return InvalidArgument("'" + std::string(sha256) + "' is not a sha256 blob address");
  if (offset < 0) return InvalidArgument("a blob is read from offset 0 or more");
  auto opened = s3::RangeReader::Open(client_, std::move(key), Where(sha256), offset, length);
  if (!opened.ok()) {
    if (opened.status().code() == StatusCode::kNotFound) {
      return NotFound("blob " + CanonicalAddress(sha256) + " is not in " + Describe());
    }
    return opened.status();
  }
  return std::unique_ptr<BlobReader>(std::move(opened).value());
}

Status S3BlobStore::List(const std::function<Status(const BlobEntry&)>& each) {
  const std::string root = client_->settings().prefix + "sha256/";
  const std::string what = "listing " + client_->UrlOf(root);
  std::string token;
  do {
    s3::Request list = MakeRequest("GET", "", {{"list-type", "2"}, {"prefix", root}});
    if (!token.empty()) list.query.emplace_back("continuation-token", token);
    SOHOA_ASSIGN_OR_RETURN(s3::Response listed, client_->Send(list));
    if (!listed.ok()) return client_->ErrorOf(listed, what);
    SOHOA_ASSIGN_OR_RETURN(s3::ObjectPage page, s3::ParseObjectPage(listed.body));
    for (const s3::ObjectPage::Object& object : page.objects) {
      BlobEntry entry;
      const std::string name = object.key.substr(object.key.rfind('/') + 1);
      entry.sha256 = CanonicalAddress(name);
      entry.kind = !entry.sha256.empty() && KeyOf(name) == object.key ? BlobEntry::Kind::kBlob
                                                                      : BlobEntry::Kind::kStray;
      entry.where = client_->UrlOf(object.key);
      entry.size = object.size;
      entry.modified = object.modified;
      SOHOA_RETURN_IF_ERROR(each(entry));
    }
    token = page.next_token;
  } while (!token.empty());

  std::string key_marker;
  std::string id_marker;
  while (true) {
    s3::Request list = MakeRequest("GET", "", {{"uploads", ""}, {"prefix", root}});
    if (!key_marker.empty()) {
      list.query.emplace_back("key-marker", key_marker);
      list.query.emplace_back("upload-id-marker", id_marker);
    }
    SOHOA_ASSIGN_OR_RETURN(s3::Response listed, client_->Send(list));
    if (!listed.ok())
      return client_->ErrorOf(listed, "listing the unfinished uploads of " + client_->UrlOf(root));
    SOHOA_ASSIGN_OR_RETURN(s3::UploadPage page, s3::ParseUploadPage(listed.body));
    for (const s3::UploadPage::Upload& upload : page.uploads) {
      BlobEntry entry;
      entry.kind = BlobEntry::Kind::kLeftover;
      entry.sha256 = CanonicalAddress(upload.key.substr(upload.key.rfind('/') + 1));
      entry.where = client_->UrlOf(upload.key) + std::string(kUploadMark) + upload.upload_id;
      entry.modified = upload.initiated;
      SOHOA_RETURN_IF_ERROR(each(entry));
    }
    if (!page.truncated) return Status::Ok();
    key_marker = page.next_key_marker;
    id_marker = page.next_upload_id_marker;
  }
}

Status S3BlobStore::Remove(std::string_view sha256) {
  const std::string key = KeyOf(sha256);
  if (key.empty())
    return InvalidArgument("'" + std::string(sha256) + "' is not a sha256 blob address");
  SOHOA_ASSIGN_OR_RETURN(s3::Response removed, client_->Send(MakeRequest("DELETE", key)));
  if (removed.ok() || removed.status == 404) return Status::Ok();
  return client_->ErrorOf(removed, "DELETE " + Where(sha256));
}

Status S3BlobStore::RemoveLeftover(const BlobEntry& entry) {
  // Only an upload under this store's prefix, as List names it.
  const std::string bucket_url = client_->UrlOf("");
  const std::string root = client_->settings().prefix + "sha256/";
  const std::size_t mark = entry.where.rfind(kUploadMark);
  const bool ours = entry.kind == BlobEntry::Kind::kLeftover && mark != std::string::npos &&
                    entry.where.compare(0, bucket_url.size() + root.size(), bucket_url + root) == 0;
  if (!ours)
    return InvalidArgument(entry.where + " is not a leftover of an interrupted write in " +
                           Describe());
  std::string key = entry.where.substr(bucket_url.size(), mark - bucket_url.size());
  std::string id = entry.where.substr(mark + kUploadMark.size());
  SOHOA_ASSIGN_OR_RETURN(
      s3::Response aborted,
      client_->Send(MakeRequest("DELETE", std::move(key), {{"uploadId", std::move(id)}})));
  if (aborted.ok() || aborted.status == 404) return Status::Ok();
  return client_->ErrorOf(aborted, "aborting the upload " + entry.where);
}

Result<std::unique_ptr<BlobStore>> OpenS3BlobStore(S3Settings settings) {
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<S3BlobStore> store,
                         S3BlobStore::Connect(std::move(settings)));
  return std::unique_ptr<BlobStore>(std::move(store));
}

Result<std::unique_ptr<BlobStore>> OpenS3BlobStore(std::string_view url) {
  SOHOA_ASSIGN_OR_RETURN(S3Settings settings, S3SettingsFromEnvironment(url));
  return OpenS3BlobStore(std::move(settings));
}

}  // namespace sohoa::archive
