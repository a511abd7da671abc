#include "ingest/inbox_queue.h"

#include <optional>
#include <thread>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "archive/durable_file.h"
#include "archive/folder_tar.h"
#include "archive/storage.h"
#include "ingest/books.h"
#include "ingest/fault.h"
#include "ingest/home_lock.h"
#include "ingest/inbox.h"
#include "ingest/job_payload.h"
#include "ingest/set_aside.h"
#include "schema/messages.h"

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Where a claimed folder is packed, beside it in its claim (a hidden name:
// Inbox::Unfinished never takes it for the entry).
constexpr char kPackedName[] = ".queued.tar";

// Is the status the catalog's or the store's trouble rather than the entry's?
bool IsServiceTrouble(const Status& status) {
  return status.code() == StatusCode::kUnavailable || status.code() == StatusCode::kIoError ||
         status.code() == StatusCode::kInternal;
}

}  // namespace

struct InboxQueue::Impl {
  archive::HomeLayout home;
  QueueOptions options;
  ServiceListener listener;
  std::optional<HomeLock> lock;
  std::optional<Inbox> inbox;
  std::unique_ptr<archive::Catalog> catalog;
  std::unique_ptr<archive::BlobStore> blobs;
  const std::atomic<bool>* stop = nullptr;
  int queued = 0;
  int set_aside = 0;

  void Emit(ServiceEvent event) {
    if (listener) listener(event);
  }

  bool Stopping() const { return stop != nullptr && stop->load(); }

  // A verified copy under failed/ with its note, and a "quarantine" event.
  Status SetAsideOne(const fs::path& path, const fs::path& relative, const std::string& shown,
                     const std::string& reason) {
    SetAsideRequest request{path, relative, shown, reason, /*original_stays=*/false};
    SOHOA_ASSIGN_OR_RETURN(SetAsideResult kept, SetAside(home.failed(), request));
    (void)kept;
    archive::Event event{"quarantine", shown, options.actor, "failure", reason, ""};
    SOHOA_RETURN_IF_ERROR(catalog->AppendEvent(event).WithContext("recording that " + shown + " was set aside"));
    ++set_aside;
    Emit({ServiceEvent::Kind::kSetAside, shown, {}, 0, 0, 0, reason});
    return Status::Ok();
  }

  // The whole claimed entry set aside (every file in a folder), then released.
  Status SetAsideEntry(const Claim& claim, const std::string& reason) {
    std::error_code ec;
    if (fs::is_directory(fs::symlink_status(claim.entry, ec))) {
      std::vector<fs::path> items;
      for (fs::recursive_directory_iterator it(claim.entry, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (!fs::is_directory(it->symlink_status(type_ec))) items.push_back(it->path());
      }
      for (const fs::path& item : items) {
        const fs::path inside = item.lexically_relative(claim.entry);
        SOHOA_RETURN_IF_ERROR(SetAsideOne(item, fs::path(claim.from) / inside,
                                          (fs::path(claim.shown()) / inside).string(), reason));
      }
    } else {
      SOHOA_RETURN_IF_ERROR(SetAsideOne(claim.entry, fs::path(claim.from), claim.shown(), reason));
    }
    return inbox->Release(claim);
  }

  // Stores `claim`'s entry in the blob store, queues its job, releases it.
  Status Queue(const Claim& claim) {
    IngestJobPayload payload;
    payload.name = claim.from;
    fs::path source = claim.entry;
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(claim.entry, ec);
    if (fs::is_directory(st)) {
      source = claim.folder() / kPackedName;
      Result<archive::PackedFolder> packed = archive::PackFolder(claim.entry, source);
      if (!packed.ok()) {
        if (IsServiceTrouble(packed.status())) return packed.status().WithContext("packing " + claim.shown());
        return SetAsideEntry(claim, ForStaff(packed.status()));
      }
      for (const fs::path& odd : packed->left_out) {
        SOHOA_RETURN_IF_ERROR(SetAsideOne(claim.entry / odd, fs::path(claim.from) / odd,
                                          (fs::path(claim.shown()) / odd).string(),
                                          Text(Msg::kReasonNotAFile, {DescribeSpecialEntry(claim.entry / odd)})));
      }
      payload.tar = true;
      payload.files = packed->files;
      payload.bytes = packed->bytes;
      payload.book = fs::exists(fs::symlink_status(claim.entry / kBookMarker, ec));
    } else if (fs::is_regular_file(st)) {
      payload.bytes = static_cast<std::int64_t>(fs::file_size(claim.entry, ec));
    } else {
      return SetAsideEntry(claim, Text(Msg::kReasonNotAFile, {DescribeSpecialEntry(claim.entry)}));
    }

    // A regular file or a tar just packed: whatever stops the store from
    // taking it (the service down or starting, keys refused) is the
    // store's trouble, never the entry's. It waits in its claim.
    Result<std::string> blob = blobs->PutFile(source);
    if (!blob.ok()) return blob.status().WithContext("storing " + claim.shown());
    FaultPoint("after-upload", claim.shown());
    archive::NewJob job;
    job.kind = kIngestJobKind;
    job.dedup_key = IngestJobKey(*blob);
    job.payload = ToJson(payload);
    job.province = ProvinceOfEntry(claim.from);
    job.max_attempts = options.max_attempts;
    job.blob = *blob;
    Result<archive::Enqueued> enqueued = catalog->jobs().Enqueue(job);
    if (!enqueued.ok()) return enqueued.status().WithContext("queueing " + claim.shown());
    FaultPoint("after-enqueue", claim.shown());
    // The job now keeps the blob from verify's repair; a repair that read
    // the catalog before the job was queued may still have removed the
    // blob if it was old: then store it again before the entry goes.
    SOHOA_ASSIGN_OR_RETURN(bool there, blobs->Contains(*blob));
    if (!there) SOHOA_RETURN_IF_ERROR(blobs->PutFile(source).status());
    SOHOA_RETURN_IF_ERROR(inbox->Release(claim));
    ++queued;
    ServiceEvent done{enqueued->added ? ServiceEvent::Kind::kQueued : ServiceEvent::Kind::kAlreadyQueued,
                      claim.shown(), {}, 0, 0, 0, ""};
    done.job = enqueued->job.id;
    Emit(done);
    return Status::Ok();
  }

  Status Resume() {
    std::vector<Claim> claims = inbox->Unfinished();
    if (claims.empty()) return Status::Ok();
    Emit({ServiceEvent::Kind::kResuming, "", {}, 0, 0, static_cast<int>(claims.size()), ""});
    for (const Claim& claim : claims) {
      if (Stopping()) break;
      SOHOA_RETURN_IF_ERROR(Queue(claim));
    }
    return Status::Ok();
  }

  Status TakeReady(bool look_twice) {
    std::vector<fs::path> ready = inbox->ReadyEntries(Inbox::Clock::now());
    if (look_twice) {
      std::this_thread::sleep_for(options.settle);
      ready = inbox->ReadyEntries(Inbox::Clock::now());
    }
    for (const fs::path& entry : ready) {
      if (Stopping()) break;
      SOHOA_ASSIGN_OR_RETURN(Claim claim, inbox->Take(entry));
      FaultPoint("after-claim", claim.shown());
      Emit({ServiceEvent::Kind::kTaken, claim.shown(), {}, 0, 0, 0, ""});
      SOHOA_RETURN_IF_ERROR(Queue(claim));
    }
    return Status::Ok();
  }
};

InboxQueue::InboxQueue(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
InboxQueue::~InboxQueue() = default;

Result<std::unique_ptr<InboxQueue>> InboxQueue::Start(const archive::HomeLayout& home,
                                                      const QueueOptions& options,
                                                      ServiceListener listener) {
  if (!archive::HomeExists(home)) {
    return NotFound("no archive home at " + home.root.string() + ": run 'sohoa init' first");
  }
  auto impl = std::make_unique<Impl>();
  impl->home = home;
  impl->options = options;
  impl->listener = std::move(listener);
  SOHOA_ASSIGN_OR_RETURN(HomeLock lock, HomeLock::Acquire(home, "sohoa watch --queue"));
  impl->lock.emplace(std::move(lock));
  SOHOA_RETURN_IF_ERROR(archive::MakeDurableDirectories(home.work()));
  SOHOA_RETURN_IF_ERROR(archive::MakeDurableDirectories(home.failed()));
  SOHOA_ASSIGN_OR_RETURN(impl->catalog, archive::OpenCatalog(home));
  SOHOA_ASSIGN_OR_RETURN(impl->blobs, archive::OpenBlobStore(home));
  impl->inbox.emplace(home, options.settle);
  return std::unique_ptr<InboxQueue>(new InboxQueue(std::move(impl)));
}

Status InboxQueue::RunOnce() {
  SOHOA_RETURN_IF_ERROR(impl_->Resume());
  return impl_->TakeReady(/*look_twice=*/true);
}

Status InboxQueue::Run(const std::atomic<bool>& stop) {
  impl_->stop = &stop;
  InboxWaiter waiter(impl_->home.inbox());
  while (!stop.load()) {
    impl_->lock->StillAlive();
    Status s = impl_->Resume();
    if (s.ok() && !stop.load()) s = impl_->TakeReady(/*look_twice=*/false);
    if (!s.ok()) {
      impl_->Emit({ServiceEvent::Kind::kWaiting, "", {}, 0, 0, 0, s.message()});
      const auto until = Clock::now() + impl_->options.retry_after;
      while (!stop.load() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    waiter.Wait(std::min(impl_->options.poll, std::max(impl_->options.settle, std::chrono::milliseconds(100))));
  }
  return Status::Ok();
}

int InboxQueue::queued() const { return impl_->queued; }
int InboxQueue::set_aside() const { return impl_->set_aside; }

}  // namespace sohoa::ingest
