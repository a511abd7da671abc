// The watched inbox: readiness by settling, claiming by rename. See inbox.h.
#include "ingest/inbox.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Names a copy in progress has: hidden files, browser and rsync partials.
bool IsPartialOrHidden(const std::string& name) {
  return name.empty() || name[0] == '.' || EndsWith(name, ".part") || EndsWith(name, ".crdownload") ||
         EndsWith(name, ".tmp");
}

EntrySignature Signature(const fs::path& entry) {
  EntrySignature s;
  std::error_code ec;
  auto note = [&s](const fs::directory_entry& e) {
    std::error_code ec2;
    if (!e.is_regular_file(ec2)) return;
    s.bytes += e.file_size(ec2);
    ++s.files;
    s.newest = std::max(s.newest, e.last_write_time(ec2));
  };
  fs::directory_entry top(entry, ec);
  if (top.is_directory(ec)) {
    for (fs::recursive_directory_iterator it(entry, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      note(*it);
    }
  } else {
    note(top);
  }
  return s;
}

// A claim's folder name: when it was taken, by which process, and a
// counter so two claims in one microsecond never collide.
std::string ClaimName() {
  static std::atomic<int> counter{0};
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return std::to_string(micros) + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

constexpr char kClaimNote[] = ".claim";

}  // namespace

Inbox::Inbox(archive::HomeLayout home, std::chrono::milliseconds settle)
    : home_(std::move(home)), settle_(settle) {}

std::vector<fs::path> Inbox::ReadyEntries(Clock::time_point now) {
  std::vector<fs::path> ready;
  std::map<std::string, Seen> still_there;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(home_.inbox(), ec)) {
    const std::string name = entry.path().filename().string();
    if (IsPartialOrHidden(name)) continue;
    if (entry.is_directory(ec) && fs::exists(entry.path() / ".ready", ec)) {
      ready.push_back(entry.path());
      continue;
    }
    const EntrySignature signature = Signature(entry.path());
    auto previous = seen_.find(name);
    Seen seen{signature, now};
    if (previous != seen_.end() && previous->second.signature == signature) seen = previous->second;
    // An empty folder is not a dossier yet: staff may be about to fill it.
    if (signature.files > 0 && now - seen.since >= settle_) ready.push_back(entry.path());
    still_there[name] = seen;
  }
  seen_ = std::move(still_there);
  std::sort(ready.begin(), ready.end());
  return ready;
}

Result<fs::path> Inbox::Claim(const fs::path& entry) {
  const std::string name = entry.filename().string();
  const fs::path claim = home_.work() / ClaimName();
  std::error_code ec;
  fs::create_directories(claim, ec);
  if (ec) return IoError("cannot create " + claim.string() + ": " + ec.message());
  {
    std::ofstream note(claim / kClaimNote);
    note << "from " << entry.string() << "\n";
    if (!note) return IoError("cannot write the claim note in " + claim.string());
  }
  const fs::path target = claim / name;
  fs::rename(entry, target, ec);
  if (ec) {
    fs::remove_all(claim);
    if (ec == std::errc::cross_device_link) {
      return IoError("cannot claim " + entry.string() + ": the inbox and " + home_.work().string() +
                     " are on different file systems; keep the inbox inside the home");
    }
    return IoError("cannot claim " + entry.string() + ": " + ec.message());
  }
  seen_.erase(name);
  return target;
}

std::vector<fs::path> Inbox::Unfinished() const {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& claim : fs::directory_iterator(home_.work(), ec)) {
    if (!claim.is_directory(ec) || !fs::exists(claim.path() / kClaimNote, ec)) continue;
    for (const auto& entry : fs::directory_iterator(claim.path(), ec)) {
      if (entry.path().filename() != kClaimNote) out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status Inbox::Release(const fs::path& claimed) {
  const fs::path claim = claimed.parent_path();
  if (claim.parent_path() != home_.work() || !fs::exists(claim / kClaimNote)) {
    return InvalidArgument(claimed.string() + " is not a claimed inbox entry");
  }
  std::error_code ec;
  fs::remove_all(claim, ec);
  if (ec) return IoError("cannot remove the finished claim " + claim.string() + ": " + ec.message());
  return Status::Ok();
}

InboxWaiter::InboxWaiter(const fs::path& inbox) {
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) return;
  const uint32_t mask = IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_MODIFY | IN_DELETE | IN_MOVED_FROM;
  if (::inotify_add_watch(fd_, inbox.c_str(), mask) < 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

InboxWaiter::~InboxWaiter() {
  if (fd_ >= 0) ::close(fd_);
}

void InboxWaiter::Wait(std::chrono::milliseconds timeout) {
  if (fd_ < 0) {
    std::this_thread::sleep_for(timeout);
    return;
  }
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) > 0) {
    char buffer[4096];
    while (::read(fd_, buffer, sizeof buffer) > 0) {
    }
  }
}

}  // namespace sohoa::ingest
