#include "archive/blob_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

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

BlobStore::BlobStore(fs::path root) : root_(std::move(root)) {}

Result<std::string> BlobStore::PutFile(const fs::path& path) {
  SOHOA_ASSIGN_OR_RETURN(Fd fd, OpenForReading(path));
  // Hash first: a file already stored is not written again.
  SOHOA_ASSIGN_OR_RETURN(std::string sha, HashStream(fd.get(), path, [](const char*, std::size_t) {
                           return Status::Ok();
                         }));
  if (Contains(sha)) return sha;

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

Result<std::string> BlobStore::PutBytes(std::string_view bytes) {
  std::string sha = Sha256OfBytes(bytes);
  if (Contains(sha)) return sha;
  const fs::path final_path = PathOf(sha);
  SOHOA_RETURN_IF_ERROR(MakeDurableDirectories(final_path.parent_path()));
  SOHOA_ASSIGN_OR_RETURN(DurableFile temp, DurableFile::Create(final_path));
  SOHOA_RETURN_IF_ERROR(temp.Write(bytes));
  SOHOA_RETURN_IF_ERROR(temp.Commit(kBlobMode));
  return sha;
}

bool BlobStore::Contains(std::string_view sha256) const {
  if (!IsHexDigest(sha256)) return false;
  std::error_code ec;
  return fs::is_regular_file(PathOf(sha256), ec);
}

Status BlobStore::Remove(std::string_view sha256) {
  const fs::path path = PathOf(sha256);
  if (path.empty()) return InvalidArgument("'" + std::string(sha256) + "' is not a sha256 blob address");
  std::error_code ec;
  fs::remove(path, ec);
  if (ec) return IoError("cannot remove blob " + path.string() + ": " + ec.message());
  return Status::Ok();
}

fs::path BlobStore::PathOf(std::string_view sha256) const {
  if (!IsHexDigest(sha256)) return {};
  std::string hex(sha256);
  for (char& c : hex) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return root_ / "sha256" / hex.substr(0, 2) / hex.substr(2, 2) / hex;
}

}  // namespace sohoa::archive
