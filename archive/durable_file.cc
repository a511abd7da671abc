#include "archive/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

fs::path ParentOf(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

}  // namespace

Status ErrnoStatus(int err, const std::string& what) {
  const std::string why = std::strerror(err);
  switch (err) {
    case ENOENT:
      return NotFound(what + ": no such file or folder");
    case ENOSPC:
    case EDQUOT:
      return IoError(what + ": the disk is full; free some space and try again");
    case EACCES:
    case EPERM:
    case EROFS:
      return IoError(what + ": permission denied (" + why + "); check that sohoa may write there");
    default:
      return IoError(what + ": " + why);
  }
}

Status SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "cannot open folder " + dir.string());
  const int synced = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (synced != 0) return ErrnoStatus(err, "cannot flush folder " + dir.string() + " to disk");
  return Status::Ok();
}

Status MakeDurableDirectories(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0755) == 0) return SyncDirectory(ParentOf(dir));
  if (errno == EEXIST) return Status::Ok();
  if (errno == ENOENT && dir.has_parent_path() && dir.parent_path() != dir) {
    SOHOA_RETURN_IF_ERROR(MakeDurableDirectories(dir.parent_path()));
    return MakeDurableDirectories(dir);
  }
  return ErrnoStatus(errno, "cannot create folder " + dir.string());
}

Result<DurableFile> DurableFile::Create(const fs::path& final_path) {
  std::string name =
      (ParentOf(final_path) / ("." + final_path.filename().string() + ".XXXXXX.part")).string();
  if (final_path.filename().string().size() > 200) {
    // The temporary name must fit in a folder entry (255 bytes) too.
    name = (ParentOf(final_path) / ".long-name.XXXXXX.part").string();
  }
  const int fd = ::mkostemps(name.data(), 5, O_CLOEXEC);
  if (fd < 0) {
    return ErrnoStatus(errno, "cannot create a temporary file in " + ParentOf(final_path).string());
  }
  return DurableFile(fd, fs::path(name), final_path);
}

DurableFile::DurableFile(int fd, fs::path temp, fs::path final_path)
    : fd_(fd), temp_(std::move(temp)), final_(std::move(final_path)) {}

DurableFile::DurableFile(DurableFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      temp_(std::exchange(other.temp_, {})),
      final_(std::move(other.final_)) {}

DurableFile::~DurableFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

Status DurableFile::Write(std::string_view bytes) {
  const char* data = bytes.data();
  std::size_t size = bytes.size();
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "cannot write " + final_.string());
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

Status DurableFile::Commit(mode_t mode) {
  if (::fchmod(fd_, mode) != 0) return ErrnoStatus(errno, "cannot set the mode of " + temp_.string());
  if (::fsync(fd_) != 0) return ErrnoStatus(errno, "cannot flush " + final_.string() + " to disk");
  // close() can report a deferred write error.
  const int closed = ::close(std::exchange(fd_, -1));
  if (closed != 0) return ErrnoStatus(errno, "cannot write " + final_.string());
  if (::rename(temp_.c_str(), final_.c_str()) != 0) {
    return ErrnoStatus(errno, "cannot store " + final_.string());
  }
  temp_.clear();
  return SyncDirectory(ParentOf(final_));
}

Status WriteFileDurably(const fs::path& path, std::string_view bytes) {
  SOHOA_ASSIGN_OR_RETURN(DurableFile file, DurableFile::Create(path));
  SOHOA_RETURN_IF_ERROR(file.Write(bytes));
  return file.Commit();
}

bool IsTemporaryName(std::string_view name) {
  return name.size() > 5 && name.front() == '.' && name.substr(name.size() - 5) == ".part";
}

}  // namespace sohoa::archive
