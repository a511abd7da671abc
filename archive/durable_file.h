// Writing files so that a crash or a full disk never leaves part of one
// under its final name: a temporary name beside it, fsync, rename, then the
// folder fsynced. The blob store writes every blob this way, and whatever
// sohoa keeps outside it (set-aside copies and their notes) likewise.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "schema/status.h"

namespace sohoa::archive {

// An error for a failed system call: "the disk is full; ..." for ENOSPC and
// EDQUOT, "permission denied ..." for EACCES, EPERM and EROFS, IoError
// otherwise, NotFound for ENOENT. `what` says what was being done.
Status ErrnoStatus(int err, const std::string& what);

// fsync of a folder, so that the names made in it survive a crash.
Status SyncDirectory(const std::filesystem::path& dir);

// mkdir -p that also makes each new folder durable in its parent.
Status MakeDurableDirectories(const std::filesystem::path& dir);

// A file being written under a temporary name beside `final_path`
// (".<name>.XXXXXX.part"), removed again unless committed.
class DurableFile {
 public:
  static Result<DurableFile> Create(const std::filesystem::path& final_path);
  DurableFile(DurableFile&& other) noexcept;
  DurableFile& operator=(DurableFile&&) = delete;
  ~DurableFile();

  Status Write(std::string_view bytes);
  // Gives the file `mode`, fsyncs it, renames it to its final name
  // (replacing a file there) and fsyncs the folder.
  Status Commit(mode_t mode = 0644);

 private:
  DurableFile(int fd, std::filesystem::path temp, std::filesystem::path final_path);
  int fd_ = -1;
  std::filesystem::path temp_;
  std::filesystem::path final_;
};

// Writes `bytes` to `path` through a DurableFile.
Status WriteFileDurably(const std::filesystem::path& path, std::string_view bytes);

// Is `name` (temporary files of a DurableFile look like ".x.AbC123.part")
// one of a DurableFile's temporary files?
bool IsTemporaryName(std::string_view name);

}  // namespace sohoa::archive
