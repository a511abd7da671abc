#include "archive/folder_tar.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>
#include <vector>

#include "archive/durable_file.h"
#include "archive/internal/bag_archive.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;
using internal::ArchiveReader;
using internal::ArchiveWriter;

constexpr int kMaxDepth = 64;
constexpr std::size_t kChunk = 1 << 20;

// Every member gets this time (1 January 2000, UTC): the tar's bytes then
// depend only on the names and contents.
constexpr std::int64_t kMemberTime = 946684800;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

bool IsUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    if (c < 0x80) {
      extra = 0;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (s.size() - i <= extra) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

struct Member {
  fs::path relative;
  bool directory = false;
};

// The members under `dir`, depth first, each folder before what it holds.
Status List(const fs::path& root, const fs::path& dir, int depth, std::vector<Member>& members,
            PackedFolder& packed) {
  if (depth > kMaxDepth) {
    return InvalidArgument(dir.string() + " is nested more than " + std::to_string(kMaxDepth) +
                           " folders deep");
  }
  std::vector<fs::path> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path());
  }
  if (ec) return IoError("cannot list " + dir.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());
  for (const fs::path& path : names) {
    const fs::path relative = path.lexically_relative(root);
    if (!IsUtf8(relative.string())) {
      return InvalidArgument("the name " + relative.string() +
                             " is not UTF-8: rename it (sohoa keeps names as staff wrote them)");
    }
    std::error_code type_ec;
    const fs::file_status st = fs::symlink_status(path, type_ec);
    if (type_ec) return IoError("cannot read " + path.string() + ": " + type_ec.message());
    if (fs::is_directory(st)) {
      members.push_back({relative, true});
      SOHOA_RETURN_IF_ERROR(List(root, path, depth + 1, members, packed));
    } else if (fs::is_regular_file(st)) {
      members.push_back({relative, false});
    } else {
      packed.left_out.push_back(relative);
    }
  }
  return Status::Ok();
}

Status AddFile(ArchiveWriter& writer, const fs::path& path, const std::string& name,
               PackedFolder& packed) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.ok()) return ErrnoStatus(errno, "cannot read " + path.string());
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ErrnoStatus(errno, "cannot read " + path.string());
  std::int64_t left = st.st_size;
  SOHOA_RETURN_IF_ERROR(writer.BeginFile(name, left));
  std::vector<char> buffer(kChunk);
  while (left > 0) {
    const ssize_t n = ::read(fd.get(), buffer.data(), std::min<std::int64_t>(left, kChunk));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "cannot read " + path.string());
    }
    if (n == 0) {
      return Unavailable(path.string() + " shrank while it was being packed; pack it again once it is complete");
    }
    SOHOA_RETURN_IF_ERROR(writer.Write(buffer.data(), static_cast<std::size_t>(n)));
    left -= n;
  }
  ++packed.files;
  packed.bytes += st.st_size;
  return Status::Ok();
}

// The member's name as a relative path inside `into`, or why it may not be.
Result<fs::path> SafeName(const std::string& name) {
  if (name.empty()) return Corrupt("a member's name is empty or not UTF-8");
  if (name.front() == '/') return Corrupt("the member " + name + " has an absolute name");
  fs::path relative;
  for (const fs::path& part : fs::path(name)) {
    const std::string s = part.string();
    if (s.empty() || s == ".") continue;
    if (s == "..") return Corrupt("the member " + name + " climbs out of its folder (..)");
    relative /= part;
  }
  if (relative.empty()) return Corrupt("the member '" + name + "' names no file");
  return relative;
}

}  // namespace

Result<PackedFolder> PackFolder(const fs::path& folder, const fs::path& tar) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(folder, ec))) {
    return InvalidArgument(folder.string() + " is not a folder");
  }
  PackedFolder packed;
  std::vector<Member> members;
  SOHOA_RETURN_IF_ERROR(List(folder, folder, 0, members, packed));
  SOHOA_ASSIGN_OR_RETURN(ArchiveWriter writer, ArchiveWriter::Create(tar, BagFormat::kTar, kMemberTime));
  for (const Member& m : members) {
    const std::string name = m.relative.generic_string();
    if (m.directory) {
      SOHOA_RETURN_IF_ERROR(writer.AddDirectory(name));
    } else {
      SOHOA_RETURN_IF_ERROR(AddFile(writer, folder / m.relative, name, packed));
    }
  }
  SOHOA_RETURN_IF_ERROR(writer.Close());
  return packed;
}

Result<int> UnpackTar(const fs::path& tar, const fs::path& into) {
  SOHOA_RETURN_IF_ERROR(MakeDurableDirectories(into));
  SOHOA_ASSIGN_OR_RETURN(ArchiveReader reader, ArchiveReader::Open(tar));
  int files = 0;
  std::vector<char> buffer(kChunk);
  ArchiveReader::Entry entry;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool more, reader.Next(entry));
    if (!more) break;
    SOHOA_ASSIGN_OR_RETURN(fs::path relative, SafeName(entry.path));
    const fs::path target = into / relative;
    std::error_code ec;
    if (entry.type == ArchiveReader::Type::kDirectory) {
      fs::create_directories(target, ec);
      if (ec) return IoError("cannot make " + target.string() + ": " + ec.message());
      continue;
    }
    if (entry.type != ArchiveReader::Type::kFile) {
      return Corrupt("the member " + entry.path + " is not a plain file or folder");
    }
    fs::create_directories(target.parent_path(), ec);
    if (ec) return IoError("cannot make " + target.parent_path().string() + ": " + ec.message());
    Fd out(::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!out.ok()) {
      if (errno == EEXIST) return Corrupt("the member " + entry.path + " comes twice");
      return ErrnoStatus(errno, "cannot write " + target.string());
    }
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(std::size_t n, reader.Read(buffer.data(), buffer.size()));
      if (n == 0) break;
      const char* data = buffer.data();
      while (n > 0) {
        const ssize_t written = ::write(out.get(), data, n);
        if (written < 0) {
          if (errno == EINTR) continue;
          return ErrnoStatus(errno, "cannot write " + target.string());
        }
        data += written;
        n -= static_cast<std::size_t>(written);
      }
    }
    ++files;
  }
  return files;
}

}  // namespace sohoa::archive
