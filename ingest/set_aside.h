// Setting aside what sohoa cannot take. The rule: nothing is removed until
// what replaces it is durable and verified. A copy goes under <home>/failed
// (a temporary name, fsync, the copy's size and SHA-256 checked against the
// original's, then its final name), then a note beside it saying what
// happened and what to do; only once both are on disk may the caller
// release the original. When that cannot be done (a full disk), the caller
// gets an IoError and the original must stay where it is.
#pragma once

#include <filesystem>
#include <string>

#include "schema/status.h"

namespace sohoa::ingest {

struct SetAsideRequest {
  std::filesystem::path source;    // what sohoa holds: work/<claim>/..., or a path given to ingest
  std::filesystem::path relative;  // its place under failed/: "hồ sơ 7/trang 2.jpg"
  std::string shown_as;            // what staff call it: "inbox/hồ sơ 7/trang 2.jpg"
  std::string reason;              // what happened and what to do
  // sohoa ingest leaves the original where it was; the inbox service takes
  // it out of the inbox once the copy is safe.
  bool original_stays = true;
};

struct SetAsideResult {
  std::filesystem::path copy;  // empty for a FIFO, socket or device: nothing to copy
  std::filesystem::path note;  // <copy>.error.txt, its name shortened when too long
  bool already_there = false;  // an earlier, interrupted attempt had made the copy
};

// Sets `request.source` aside under `failed_dir`. A regular file is copied
// and verified; a symbolic link is copied as a link (never followed); a
// FIFO, socket or device gets a note saying what it was and no copy. A copy
// already there with the same bytes is used again, so an attempt interrupted
// by a crash or a full disk can simply be repeated; another file with the
// same name gets ".1", ".2" ... before its extension. Names too long for a
// folder entry are shortened and end in a hash of the whole name.
Result<SetAsideResult> SetAside(const std::filesystem::path& failed_dir, const SetAsideRequest& request);

// What an entry that is not a file or folder is, for notes and messages:
// "a symbolic link to /etc/passwd", "a named pipe (FIFO)", ...; "" for a
// regular file or a folder.
std::string DescribeSpecialEntry(const std::filesystem::path& path);

}  // namespace sohoa::ingest
