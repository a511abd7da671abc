// One inbox service per home. Two watchers on one home both ran, and the
// second "resumed" the first one's live claims. The lock is an flock(2) on
// <home>/watch.lock, which the kernel releases however the holder ends
// (even SIGKILL); the file names the holder for whoever finds it taken.
#pragma once

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

 private:
  explicit HomeLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace sohoa::ingest
