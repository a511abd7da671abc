// Streaming tar/zip files through libarchive for packages: entries are
// written and read in chunks, so memory stays the same whatever the size of
// the files. Internal to archive/; archive.h stays out, the handle is only
// declared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "archive/package.h"
#include "schema/status.h"

struct archive;

namespace sohoa::archive::internal {

struct LibarchiveDeleter {
  void operator()(struct ::archive* handle) const noexcept;
};

class ArchiveWriter {
 public:
  // Creates (or truncates) `path`; every entry gets modification time `mtime`
  // (seconds since the epoch).
  static Result<ArchiveWriter> Create(const std::filesystem::path& path, BagFormat format,
                                      std::int64_t mtime);
  ArchiveWriter(ArchiveWriter&&) noexcept;
  ArchiveWriter& operator=(ArchiveWriter&&) = delete;
  ~ArchiveWriter();

  Status AddDirectory(const std::string& path);
  // A whole small file (tag files, METS, JSON); compressed inside a zip.
  Status AddFile(const std::string& path, std::string_view bytes);
  // A large file written in chunks: exactly `size` bytes must follow through
  // Write() before the next entry. Stored uncompressed inside a zip (scans
  // and PDFs are compressed already).
  Status BeginFile(const std::string& path, std::int64_t size);
  Status Write(const char* data, std::size_t size);
  // Finishes the archive: the file is complete only once this returned Ok.
  Status Close();

 private:
  ArchiveWriter(std::unique_ptr<struct ::archive, LibarchiveDeleter> handle,
                std::filesystem::path path, BagFormat format, std::int64_t mtime);
  Status Header(const std::string& path, bool directory, std::int64_t size);
  Status Problem(const std::string& what) const;

  std::unique_ptr<struct ::archive, LibarchiveDeleter> a_;
  std::filesystem::path path_;
  BagFormat format_;
  std::int64_t mtime_;
  std::int64_t remaining_ = 0;  // bytes still owed to the current BeginFile entry
  std::string current_;
};

class ArchiveReader {
 public:
  enum class Type { kFile, kDirectory, kSymlink, kHardlink, kOther };
  struct Entry {
    std::string path;  // as stored (UTF-8), "" when it is not valid UTF-8
    Type type = Type::kOther;
    std::int64_t size = -1;  // -1 when the archive does not say
  };

  // Opens a tar (plain, gzip, bzip2, xz or zstd) or zip file.
  static Result<ArchiveReader> Open(const std::filesystem::path& path);
  ArchiveReader(ArchiveReader&&) noexcept;
  ArchiveReader& operator=(ArchiveReader&&) = delete;
  ~ArchiveReader();

  // The next entry; false at the end. Corrupt for a damaged or truncated file.
  Result<bool> Next(Entry& entry);
  // Reads the current entry's bytes; 0 at its end.
  Result<std::size_t> Read(char* buffer, std::size_t size);

 private:
  ArchiveReader(std::unique_ptr<struct ::archive, LibarchiveDeleter> handle,
                std::filesystem::path path);
  Status Problem(const std::string& what) const;

  std::unique_ptr<struct ::archive, LibarchiveDeleter> a_;
  std::filesystem::path path_;
  std::string current_;
};

}  // namespace sohoa::archive::internal
