// The names of a job's states and the backoff of a retry; the catalog's
// backends keep the queue (JobQueue, archive/sqlite/jobs.cc,
// archive/postgres/jobs.cc).
#include "archive/jobs.h"

#include <algorithm>

namespace sohoa::archive {

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kWaiting:
      return "waiting";
    case JobState::kLeased:
      return "leased";
    case JobState::kDone:
      return "done";
    case JobState::kFailed:
      return "failed";
  }
  return "waiting";
}

std::optional<JobState> ParseJobState(std::string_view name) {
  for (JobState state :
       {JobState::kWaiting, JobState::kLeased, JobState::kDone, JobState::kFailed}) {
    if (JobStateName(state) == name) return state;
  }
  return std::nullopt;
}

int JobBackoffSeconds(int attempts) {
  constexpr int kFirst = 30, kLongest = 3600;
  int seconds = kFirst;
  for (int i = 1; i < attempts && seconds < kLongest; ++i) seconds *= 4;
  return std::min(seconds, kLongest);
}

}  // namespace sohoa::archive
