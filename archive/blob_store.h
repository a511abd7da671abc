// Content-addressed store of immutable files: blobs/sha256/ab/cd/<sha256>.
// A blob is written to a temporary name, fsynced, renamed and its folder
// fsynced before its address is returned, so a catalog row never points at
// bytes that a crash could lose.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "schema/status.h"

namespace sohoa::archive {

// Lower-case hex SHA-256 of a file's bytes / of a buffer.
Result<std::string> Sha256OfFile(const std::filesystem::path& path);
std::string Sha256OfBytes(std::string_view bytes);

class BlobStore {
 public:
  explicit BlobStore(std::filesystem::path root);  // root = <home>/blobs

  // Copies the file in (streamed) and returns its sha256. Storing the same
  // bytes twice keeps one copy. Stored files are read-only (0444).
  // Returns NotFound for a missing file, InvalidArgument for something that
  // is not a regular file, Unavailable if the file changed while being copied.
  Result<std::string> PutFile(const std::filesystem::path& path);
  Result<std::string> PutBytes(std::string_view bytes);

  // Both accept upper- or lower-case hex. PathOf returns an empty path for a
  // string that is not 64 hex digits (so no input can point outside root).
  bool Contains(std::string_view sha256) const;
  // Removes a blob: only for `sohoa retention delete`, after the catalog
  // rows that pointed at it are gone. A blob already absent is fine.
  Status Remove(std::string_view sha256);
  std::filesystem::path PathOf(std::string_view sha256) const;

 private:
  std::filesystem::path root_;
};

}  // namespace sohoa::archive
