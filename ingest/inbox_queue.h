// `sohoa watch --queue`: the inbox service for a cluster. Instead of
// ingesting, it hands each entry to the job queue (archive/jobs.h), for
// `sohoa worker` processes on any machine that reaches the catalog and the
// blob store (ingest/worker.h). For each ready entry, in this order:
//
//   claim (rename into work/, as `sohoa watch`) ─▶ store the entry in the
//   blob store (a file as it is; a folder as one tar, archive/folder_tar.h)
//   ─▶ enqueue an "ingest" job naming that blob (dedup key "ingest:<sha256>",
//   ingest/job_payload.h) ─▶ release the claim.
//
// A crash between any two steps loses nothing and doubles nothing: the
// claim stays in work/ until the job is committed, the next start queues
// it again, and the same bytes (a tar's bytes depend only on its files)
// give the same blob and the same key, so Enqueue returns the job made the
// first time. What is neither a file nor a folder (a link, a FIFO), in the
// inbox or inside a folder, is set aside here with its reason, as the
// pipeline would. One watcher per home, as for `sohoa watch`.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "archive/home.h"
#include "archive/jobs.h"
#include "ingest/inbox_service.h"
#include "schema/status.h"

namespace sohoa::ingest {

struct QueueOptions {
  std::chrono::milliseconds settle{std::chrono::seconds(10)};
  std::chrono::milliseconds poll{std::chrono::seconds(2)};
  // The catalog or the blob store cannot be reached: wait this long.
  std::chrono::milliseconds retry_after{std::chrono::seconds(30)};
  int max_attempts = archive::kDefaultMaxAttempts;  // of each job it queues
  std::string actor = "watch";                      // in the event log
};

class InboxQueue {
 public:
  // Takes the home's lock (Unavailable naming the holder when a watcher has
  // it) and opens the catalog and the blob store. The listener hears
  // kResuming, kTaken, kQueued, kAlreadyQueued, kSetAside and kWaiting.
  static Result<std::unique_ptr<InboxQueue>> Start(const archive::HomeLayout& home,
                                                   const QueueOptions& options,
                                                   ServiceListener listener);
  ~InboxQueue();
  InboxQueue(const InboxQueue&) = delete;
  InboxQueue& operator=(const InboxQueue&) = delete;

  // Queues what a stopped run left in work/, then what is ready now
  // (looking twice, `settle` apart), and stops. An error when the catalog
  // or the blob store cannot be written: what is not queued stays claimed.
  Status RunOnce();
  // Serves until `stop` (checked between entries), waiting and trying again
  // while the catalog or the blob store cannot be reached.
  Status Run(const std::atomic<bool>& stop);

  int queued() const;     // entries queued since the start (new jobs or found ones)
  int set_aside() const;  // entries or members set aside since the start

 private:
  struct Impl;
  explicit InboxQueue(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sohoa::ingest
