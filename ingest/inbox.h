// The watched inbox: staff copy files and folders into <home>/inbox; sohoa
// takes each top-level entry once it is complete, by an atomic rename into
// <home>/work/<claim>/<name> (the name is kept: it may carry the dossier
// code), ingests it, and only then removes the claim. A crash at any point
// leaves the entry either in the inbox or in work/, where the next start
// finds it and ingests it again; storing is idempotent (a file whose bytes
// are archived is not stored twice), so nothing is lost or duplicated.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "archive/home.h"
#include "schema/status.h"

namespace sohoa::ingest {

// What an entry looked like: enough to tell whether it is still growing.
struct EntrySignature {
  std::uintmax_t bytes = 0;
  std::size_t files = 0;
  std::filesystem::file_time_type newest{};
  bool operator==(const EntrySignature&) const = default;
};

class Inbox {
 public:
  using Clock = std::chrono::steady_clock;

  // `settle`: how long an entry must stay unchanged (size, file count and
  // newest modification time) before it is taken. A folder holding a
  // `.ready` file is taken at once.
  Inbox(archive::HomeLayout home, std::chrono::milliseconds settle);

  // The inbox entries ready to take, by name. Call it repeatedly: it
  // remembers what it saw and when. Hidden entries (".name") and partial
  // downloads (*.part, *.crdownload, *.tmp) are never taken.
  std::vector<std::filesystem::path> ReadyEntries(Clock::time_point now);

  // Moves `entry` (in the inbox) to work/<claim>/<name> and writes the claim
  // note beside it. Returns the claimed path. The inbox and the home must be
  // on one file system (a rename is what makes the claim atomic).
  Result<std::filesystem::path> Claim(const std::filesystem::path& entry);

  // Claimed entries a stopped process left in work/: ingest them again.
  std::vector<std::filesystem::path> Unfinished() const;

  // Removes a claim once its entry is archived or set aside.
  Status Release(const std::filesystem::path& claimed);

 private:
  struct Seen {
    EntrySignature signature;
    Clock::time_point since;
  };
  archive::HomeLayout home_;
  std::chrono::milliseconds settle_;
  std::map<std::string, Seen> seen_;
};

// Blocks until something changes in the inbox folder or `timeout` passes.
// Uses inotify; where it is not available (some network shares), it just
// sleeps, and ReadyEntries' polling does the rest.
class InboxWaiter {
 public:
  explicit InboxWaiter(const std::filesystem::path& inbox);
  ~InboxWaiter();
  InboxWaiter(const InboxWaiter&) = delete;
  InboxWaiter& operator=(const InboxWaiter&) = delete;

  void Wait(std::chrono::milliseconds timeout);
  bool uses_inotify() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace sohoa::ingest
