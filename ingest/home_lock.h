// One inbox service per home. Two watchers on one home both ran, and the
// second "resumed" the first one's live claims. The lock is an flock(2) on
// <home>/watch.lock, which the kernel releases however the holder ends
// (even SIGKILL); the file names the holder for whoever finds it taken.
// While it works, the holder refreshes the file's modification time, so the
// next holder knows when the last one was last seen alive.
#pragma once

#include <ctime>
#include <optional>
#include <string>

#include "archive/home.h"
#include "schema/status.h"

namespace sohoa::ingest {

class HomeLock {
 public:
  // Takes the home's lock for `what` ("sohoa watch"). Unavailable, naming
  // the process that holds it and since when, when another one does.
  static Result<HomeLock> Acquire(const archive::HomeLayout& home, const std::string& what);
  HomeLock(HomeLock&& other) noexcept;
  HomeLock& operator=(HomeLock&&) = delete;
  ~HomeLock();

  // Says this holder is alive (sets the file's modification time to now).
  void StillAlive();
  // When the previous holder was last seen alive; none for a new home.
  std::optional<std::time_t> previous_alive() const { return previous_alive_; }

 private:
  HomeLock(int fd, std::optional<std::time_t> previous_alive) : fd_(fd), previous_alive_(previous_alive) {}
  int fd_ = -1;
  std::optional<std::time_t> previous_alive_;
};

}  // namespace sohoa::ingest
