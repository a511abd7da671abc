// The watched inbox: staff copy files and folders into <home>/inbox; sohoa
// takes each top-level entry once it is complete, by an atomic rename into
// <home>/work/<claim>/<name> (the name is kept: it may carry the dossier
// code), and removes the claim only once everything in it is archived or
// set aside. A crash at any point leaves the entry either in the inbox or in
// work/, where the next start finds it with its note: how many runs started
// on it, how many of those crashed, and which of its units and dossiers are
// done, so that it is finished where it stopped and a file that keeps
// crashing the service is set aside instead of being tried forever.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
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

// A claimed entry and its note (<home>/work/<claim>/.claim).
struct Claim {
  std::filesystem::path entry;     // <home>/work/<claim>/<name>
  std::string from;                // the name it had in the inbox
  int attempts = 0;                // runs that started working on it and did not end cleanly
  int crashes = 0;                 // of those, runs that crashed or hung on it
  int stalls = 0;                  // of those, runs stopped from outside having made no progress
  bool running = false;            // a run is working on it (or died doing so)
  int progress = 0;                // pages, units and dossiers done when the last run started
  std::int64_t started = 0;        // when the last run started on it (seconds since 1970)
  std::set<std::string> done;      // units finished (ingest::UnitOutcome::relative)
  std::set<std::string> stored;    // dossier codes stored from it so far

  std::filesystem::path folder() const { return entry.parent_path(); }
  // "inbox/<name>": how staff know it.
  std::string shown() const { return "inbox/" + from; }
  // Where what OCR made of its pages is kept (ingest/page_cache.h).
  std::filesystem::path page_cache() const { return folder() / ".pages"; }
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
  // downloads (*.part, *.crdownload, *.tmp) are never taken. Entries that
  // are neither files nor folders (links, FIFOs, sockets, devices) are ready
  // at once, to be set aside; nothing here follows a link or opens a FIFO.
  std::vector<std::filesystem::path> ReadyEntries(Clock::time_point now);

  // Moves `entry` (in the inbox) to work/<claim>/<name> after writing the
  // claim's note. The inbox and the home must be on one file system (a
  // rename is what makes the claim atomic).
  Result<Claim> Take(const std::filesystem::path& entry);

  // Claims a stopped process left in work/, oldest first.
  std::vector<Claim> Unfinished() const;

  // Rewrites the claim's note (durably: temporary name, fsync, rename).
  Status Save(const Claim& claim) const;

  // Removes a claim once everything in it is archived or set aside.
  Status Release(const Claim& claim) const;

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
