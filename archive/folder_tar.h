// A folder as one uncompressed tar, and back: how `sohoa watch --queue`
// hands an inbox folder to a worker on another machine through the blob
// store (ingest/queue_feeder.h, ingest/worker.h). Names stay as they were,
// relative to the folder and in UTF-8 (Vietnamese file names included), so
// that the worker sees the entry as staff dropped it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "schema/status.h"

namespace sohoa::archive {

struct PackedFolder {
  int files = 0;
  std::int64_t bytes = 0;
  // What is neither a file nor a folder (a symbolic link, a FIFO, a socket,
  // a device), relative to the folder: left out of the tar, for the caller
  // to set aside. Links are never followed.
  std::vector<std::filesystem::path> left_out;
};

// Writes every file and subfolder of `folder` (hidden ones too: a book's
// marker is one) into the tar `tar`, created or truncated. Members are
// sorted by name and written with one time, owner and mode, so the same
// files always make the same bytes: a folder packed again after a crash
// gives the same SHA-256. InvalidArgument for a name that is not UTF-8 or a
// tree deeper than 64 folders; IoError when the folder cannot be read or
// the tar written.
Result<PackedFolder> PackFolder(const std::filesystem::path& folder, const std::filesystem::path& tar);

// Unpacks the files and folders of `tar` under `into` (made if missing),
// each at its relative name. Corrupt for a damaged or truncated tar and for
// a member that could land outside `into` or is not a plain file or folder
// (an absolute name, a ".." in it, a link, a device) or comes twice: the
// tar is refused, whatever was written so far stays for the caller to
// remove. Returns the number of files written.
Result<int> UnpackTar(const std::filesystem::path& tar, const std::filesystem::path& into);

}  // namespace sohoa::archive
