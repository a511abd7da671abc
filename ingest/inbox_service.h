// The inbox service: what `sohoa watch` runs, and what HTTP upload will feed.
// It holds the home's lock (one service per home), finishes what a stopped
// run left in work/, then takes each entry staff drop into the inbox once it
// is complete, routes register books to the ledger reader and the rest to the
// dossier pipeline, and releases a claim only once everything in it is
// archived or set aside (a verified copy and a note in failed/). It tells a
// listener what became of each entry; it prints nothing itself.
//
// What stops the service cannot lose a scan:
//  - a file that crashes or hangs a decoder costs that file alone (decoding
//    runs in a child process) and is set aside with the reason;
//  - a run that dies while working on an entry leaves it in work/ with its
//    progress (the pages OCR has read, the units and dossiers stored), and
//    the next goes on from there, trying it alone; once it has crashed or
//    hung the service `max_crashes` times (or been stopped from outside
//    `max_interruptions` times while it got no further for over a quarter
//    of `stall_limit`) it is set aside instead of being tried forever;
//  - when the archive cannot be written (a full disk), nothing is released:
//    the service says so and tries again after `retry_after`.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "archive/home.h"
#include "ingest/pipeline.h"
#include "schema/status.h"

namespace sohoa::ingest {

struct ServiceOptions {
  IngestOptions ingest;  // its originals_stay is set to false: claims leave the inbox
  std::chrono::milliseconds settle{std::chrono::seconds(10)};
  std::chrono::milliseconds poll{std::chrono::seconds(2)};
  int max_crashes = 2;
  int max_interruptions = 5;
  std::chrono::milliseconds retry_after{std::chrono::seconds(30)};
  // No page finished for this long while entries are in hand: the service
  // counts it as a hang on those entries and exits, for its supervisor
  // (systemd) to start it again.
  std::chrono::milliseconds stall_limit{std::chrono::minutes(20)};
};

struct ServiceEvent {
  enum class Kind {
    kResuming,         // count: claims a stopped run left
    kTaken,            // entry taken from the inbox
    kArchived,         // codes, pages; resumed: dossiers stored before an interruption
    kAlreadyArchived,  // codes: every file of it was archived before
    kBook,             // codes: {book id}, pages; reason when some pages were not read
    kSetAside,         // reason
    kWaiting,          // reason: the archive cannot be written; retrying
    kStopping,         // a stop was asked for: finishing the entries in hand
    // sohoa watch --queue (ingest/inbox_queue.h):
    kQueued,           // job: the job that now holds the entry, made for it
    kAlreadyQueued,    // job: the same bytes were queued before, as this job
  };
  Kind kind;
  std::string entry;               // as staff know it: "inbox/hồ sơ 7", "inbox/lô/hồ sơ 7"
  std::vector<std::string> codes;
  int pages = 0;
  int resumed = 0;
  int count = 0;
  std::string reason;
  std::int64_t job = 0;
};
using ServiceListener = std::function<void(const ServiceEvent&)>;

class InboxService {
 public:
  // Takes the home's lock (Unavailable naming the holder when another
  // service has it), opens the pipeline and installs the crash journal.
  static Result<std::unique_ptr<InboxService>> Start(const archive::HomeLayout& home,
                                                     const ServiceOptions& options,
                                                     ServiceListener listener);
  ~InboxService();
  InboxService(const InboxService&) = delete;
  InboxService& operator=(const InboxService&) = delete;

  // Finishes what a stopped run left in work/, then takes what is ready now
  // (looking twice, `settle` apart, to see that nothing grows) and stops.
  // An error only when the archive cannot be written.
  Status RunOnce();

  // Serves until `stop` becomes true (checked between entries; what is in
  // hand is finished first). Waits and retries while the archive cannot be
  // written.
  Status Run(const std::atomic<bool>& stop);

  // Entries set aside since the start.
  int set_aside() const;

 private:
  struct Impl;
  explicit InboxService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sohoa::ingest
