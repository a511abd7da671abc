#include "archive/blob_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "archive/durable_file.h"
#include "archive/internal/sha256.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kChunkBytes = 1 << 16;
constexpr mode_t kBlobMode = 0444;

std::string Hex(const unsigned char (&digest)[crypto_hash_sha256_BYTES]) {
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

bool IsHexDigest(std::string_view s) {
  if (s.size() != crypto_hash_sha256_BYTES * 2) return false;
  for (char c : s) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

// Owns a file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// Reads all of `fd`, feeding each chunk to `sink`; returns the SHA-256.
template <typename Sink>
Result<std::string> HashStream(int fd, const fs::path& path, Sink&& sink) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::array<unsigned char, kChunkBytes> buffer;
  while (true) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "cannot read " + path.string());
    }
    if (n == 0) break;
    crypto_hash_sha256_update(&state, buffer.data(), static_cast<unsigned long long>(n));
    SOHOA_RETURN_IF_ERROR(
        sink(reinterpret_cast<const char*>(buffer.data()), static_cast<std::size_t>(n)));
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return Hex(digest);
}

Result<Fd> OpenForReading(const fs::path& path) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.ok()) return ErrnoStatus(errno, "cannot open " + path.string());
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ErrnoStatus(errno, "cannot read " + path.string());
  if (!S_ISREG(st.st_mode)) return InvalidArgument(path.string() + " is not a regular file");
  return fd;
}

}  // namespace

Result<std::string> Sha256OfFile(const fs::path& path) {
  SOHOA_ASSIGN_OR_RETURN(Fd fd, OpenForReading(path));
  return HashStream(fd.get(), path, [](const char*, std::size_t) { return Status::Ok(); });
}

std::string Sha256OfBytes(std::string_view bytes) {
  (void)internal::SodiumReady();  // SHA-256 has no CPU-specific variants; this only keeps libsodium's rule
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return Hex(digest);
}

bool IsBlobAddress(std::string_view s) { return IsHexDigest(s); }

std::string CanonicalAddress(std::string_view sha256) {
  if (!IsHexDigest(sha256)) return {};
  std::string hex(sha256);
  for (char& c : hex) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return hex;
}

Result<bool> BlobStore::Contains(std::string_view sha256) {
  if (!IsBlobAddress(sha256)) return false;
  Result<std::int64_t> size = Size(sha256);
  if (size.ok()) return true;
  if (size.status().code() == StatusCode::kNotFound) return false;
  return size.status();
}

Result<std::string> ReadBlob(BlobStore& store, std::string_view sha256) {
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<BlobReader> reader, store.Open(sha256));
  std::string out;
  std::array<char, kChunkBytes> buffer;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(std::size_t n, reader->Read(buffer.data(), buffer.size()));
    if (n == 0) return out;
    out.append(buffer.data(), n);
  }
}

namespace {

// Reads all of a blob, feeding each chunk to `sink`; returns what it hashes to.
template <typename Sink>
Result<BlobDigest> HashBlobInto(BlobStore& store, std::string_view sha256, Sink&& sink) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<BlobReader> reader, store.Open(sha256));
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::array<char, kChunkBytes> buffer;
  BlobDigest digest;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(std::size_t n, reader->Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                              static_cast<unsigned long long>(n));
    SOHOA_RETURN_IF_ERROR(sink(buffer.data(), n));
    digest.bytes += static_cast<std::int64_t>(n);
  }
  unsigned char bytes[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, bytes);
  digest.sha256 = Hex(bytes);
  return digest;
}

}  // namespace

Result<BlobDigest> HashBlob(BlobStore& store, std::string_view sha256) {
  return HashBlobInto(store, sha256, [](const char*, std::size_t) { return Status::Ok(); });
}

Status CopyBlobTo(BlobStore& store, std::string_view sha256, const fs::path& target) {
  const std::string address = CanonicalAddress(sha256);
  Fd out(::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!out.ok()) return ErrnoStatus(errno, "cannot write " + target.string());
  Result<BlobDigest> copied = HashBlobInto(store, sha256, [&](const char* data, std::size_t size) -> Status {
    while (size > 0) {
      const ssize_t n = ::write(out.get(), data, size);
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus(errno, "cannot write " + target.string());
      }
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return Status::Ok();
  });
  Status status = copied.ok() ? Status::Ok() : copied.status();
  if (status.ok() && copied->sha256 != address) {
    status = Corrupt("blob " + address + " no longer matches its checksum (" + store.Where(address) +
                     "): run 'sohoa verify'");
  }
  if (!status.ok()) {
    std::error_code ec;
    fs::remove(target, ec);
  }
  return status;
}

namespace {

// A range of an open blob file.
class FileReader final : public BlobReader {
 public:
  FileReader(Fd fd, fs::path path, std::int64_t left) : fd_(std::move(fd)), path_(std::move(path)), left_(left) {}

  Result<std::size_t> Read(char* data, std::size_t size) override {
    std::size_t done = 0;
    while (done < size && left_ != 0) {
      std::size_t want = size - done;
      if (left_ > 0) want = std::min(want, static_cast<std::size_t>(left_));
      const ssize_t n = ::read(fd_.get(), data + done, want);
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus(errno, "cannot read " + path_.string());
      }
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
      if (left_ > 0) left_ -= n;
    }
    return done;
  }

 private:
  Fd fd_;
  fs::path path_;
  std::int64_t left_;  // bytes still to give, negative: to the end
};

bool IsTemporary(const fs::path& path) { return path.extension() == ".part"; }

}  // namespace

FolderBlobStore::FolderBlobStore(fs::path root) : root_(std::move(root)) {}

Result<std::string> FolderBlobStore::PutFile(const fs::path& path) {
  SOHOA_ASSIGN_OR_RETURN(Fd fd, OpenForReading(path));
  // Hash first: a file already stored is not written again.
  SOHOA_ASSIGN_OR_RETURN(std::string sha, HashStream(fd.get(), path, [](const char*, std::size_t) {
                           return Status::Ok();
                         }));
  std::error_code ec;
  if (fs::is_regular_file(PathOf(sha), ec)) return sha;

  const fs::path final_path = PathOf(sha);
  SOHOA_RETURN_IF_ERROR(MakeDurableDirectories(final_path.parent_path()));
  SOHOA_ASSIGN_OR_RETURN(DurableFile temp, DurableFile::Create(final_path));
  if (::lseek(fd.get(), 0, SEEK_SET) != 0) return ErrnoStatus(errno, "cannot read " + path.string());
  SOHOA_ASSIGN_OR_RETURN(std::string copied_sha,
                         HashStream(fd.get(), path, [&temp](const char* data, std::size_t size) {
                           return temp.Write(std::string_view(data, size));
                         }));
  if (copied_sha != sha) {
    return Unavailable(path.string() +
                       " changed while it was being stored; store it again once it is complete");
  }
  SOHOA_RETURN_IF_ERROR(temp.Commit(kBlobMode));
  return sha;
}

Result<std::string> FolderBlobStore::PutBytes(std::string_view bytes) {
  std::string sha = Sha256OfBytes(bytes);
  const fs::path final_path = PathOf(sha);
  std::error_code ec;
  if (fs::is_regular_file(final_path, ec)) return sha;
  SOHOA_RETURN_IF_ERROR(MakeDurableDirectories(final_path.parent_path()));
  SOHOA_ASSIGN_OR_RETURN(DurableFile temp, DurableFile::Create(final_path));
  SOHOA_RETURN_IF_ERROR(temp.Write(bytes));
  SOHOA_RETURN_IF_ERROR(temp.Commit(kBlobMode));
  return sha;
}

Result<std::int64_t> FolderBlobStore::Size(std::string_view sha256) {
  const fs::path path = PathOf(sha256);
  if (path.empty()) return InvalidArgument("'" + std::string(sha256) + "' is not a sha256 blob address");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return NotFound("blob " + std::string(sha256) + " is not in " + Describe());
    return ErrnoStatus(errno, "cannot read " + path.string());
  }
  if (!S_ISREG(st.st_mode)) return InvalidArgument(path.string() + " is not a regular file");
  return static_cast<std::int64_t>(st.st_size);
}

Result<std::unique_ptr<BlobReader>> FolderBlobStore::Open(std::string_view sha256, std::int64_t offset,
                                                          std::int64_t length) {
  const fs::path path = PathOf(sha256);
  if (path.empty()) return InvalidArgument("'" + std::string(sha256) + "' is not a sha256 blob address");
  if (offset < 0) return InvalidArgument("a blob is read from offset 0 or more");
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.ok()) {
    if (errno == ENOENT) return NotFound("blob " + std::string(sha256) + " is not in " + Describe());
    return ErrnoStatus(errno, "cannot open " + path.string());
  }
  if (offset > 0 && ::lseek(fd.get(), offset, SEEK_SET) < 0) return ErrnoStatus(errno, "cannot read " + path.string());
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);  // exports and fixity read blobs whole
  return std::unique_ptr<BlobReader>(std::make_unique<FileReader>(std::move(fd), path, length));
}

Status FolderBlobStore::List(const std::function<Status(const BlobEntry&)>& each) {
  const fs::path top = root_ / "sha256";
  std::error_code ec;
  if (!fs::exists(top, ec)) return Status::Ok();  // an empty home has no store yet
  fs::recursive_directory_iterator it(top, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_directory(type_ec)) continue;
    const fs::path& path = it->path();
    BlobEntry entry;
    entry.where = path.string();
    const std::string name = path.filename().string();
    if (IsTemporary(path)) {
      entry.kind = BlobEntry::Kind::kLeftover;
    } else {
      if (IsHexDigest(name)) entry.sha256 = CanonicalAddress(name);
      entry.kind = !entry.sha256.empty() && PathOf(name) == path ? BlobEntry::Kind::kBlob : BlobEntry::Kind::kStray;
    }
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
      entry.size = static_cast<std::int64_t>(st.st_size);
      entry.modified = std::chrono::system_clock::from_time_t(st.st_mtime);
    }
    SOHOA_RETURN_IF_ERROR(each(entry));
  }
  if (ec) return IoError("cannot list the blob store " + top.string() + ": " + ec.message());
  return Status::Ok();
}

Status FolderBlobStore::Remove(std::string_view sha256) {
  const fs::path path = PathOf(sha256);
  if (path.empty()) return InvalidArgument("'" + std::string(sha256) + "' is not a sha256 blob address");
  std::error_code ec;
  fs::remove(path, ec);
  if (ec) return IoError("cannot remove blob " + path.string() + ": " + ec.message());
  return Status::Ok();
}

Status FolderBlobStore::RemoveLeftover(const BlobEntry& entry) {
  const fs::path path(entry.where);
  // Only a temporary file of this store's own writes.
  const fs::path top = root_ / "sha256";
  const bool inside = path.lexically_relative(top).native().rfind("..", 0) != 0;
  if (entry.kind != BlobEntry::Kind::kLeftover || !IsTemporary(path) || !inside) {
    return InvalidArgument(entry.where + " is not a leftover of an interrupted write in " + Describe());
  }
  std::error_code ec;
  fs::remove(path, ec);
  if (ec) return IoError("cannot remove " + path.string() + ": " + ec.message());
  return Status::Ok();
}

std::string FolderBlobStore::Where(std::string_view sha256) const {
  const fs::path path = PathOf(sha256);
  return path.empty() ? std::string(sha256) : path.string();
}

std::string FolderBlobStore::Describe() const { return root_.string(); }

fs::path FolderBlobStore::PathOf(std::string_view sha256) const {
  const std::string hex = CanonicalAddress(sha256);
  if (hex.empty()) return {};
  return root_ / "sha256" / hex.substr(0, 2) / hex.substr(2, 2) / hex;
}

}  // namespace sohoa::archive
