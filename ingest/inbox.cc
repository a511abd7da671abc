// The watched inbox: readiness by settling, claiming by rename. See inbox.h.
#include "ingest/inbox.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include "archive/durable_file.h"

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

// Files only, never through a link: a link to /etc or to the inbox's parent
// must not make the entry look as if it were growing.
EntrySignature Signature(const fs::path& entry) {
  EntrySignature s;
  auto note = [&s](const fs::directory_entry& e) {
    std::error_code ec;
    if (!fs::is_regular_file(e.symlink_status(ec))) return;
    s.bytes += e.file_size(ec);
    ++s.files;
    s.newest = std::max(s.newest, e.last_write_time(ec));
  };
  std::error_code ec;
  fs::directory_entry top(entry, ec);
  if (fs::is_directory(top.symlink_status(ec))) {
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

// A value on one line of the note: newlines (legal in file names) and '%'
// are percent-encoded.
std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '\n' || c == '\r') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string NoteText(const Claim& claim) {
  std::string note = "from: " + Escape(claim.from) + "\n";
  note += "attempts: " + std::to_string(claim.attempts) + "\n";
  note += "crashes: " + std::to_string(claim.crashes) + "\n";
  note += "stalls: " + std::to_string(claim.stalls) + "\n";
  note += "running: " + std::string(claim.running ? "1" : "0") + "\n";
  note += "progress: " + std::to_string(claim.progress) + "\n";
  note += "started: " + std::to_string(claim.started) + "\n";
  for (const auto& d : claim.done) note += "done: " + Escape(d) + "\n";
  for (const auto& code : claim.stored) note += "stored: " + Escape(code) + "\n";
  return note;
}

// Reads a note; lines it does not know (older versions wrote "from <path>")
// are skipped.
Claim ParseNote(const std::string& text, const fs::path& entry) {
  Claim claim;
  claim.entry = entry;
  claim.from = entry.filename().string();
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    start = end + 1;
    const size_t colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, colon);
    const std::string value = Unescape(line.substr(colon + 2));
    try {
      if (key == "from" && !value.empty()) claim.from = value;
      if (key == "attempts") claim.attempts = std::stoi(value);
      if (key == "crashes") claim.crashes = std::stoi(value);
      if (key == "stalls") claim.stalls = std::stoi(value);
      if (key == "running") claim.running = value == "1";
      if (key == "progress") claim.progress = std::stoi(value);
      if (key == "started") claim.started = std::stoll(value);
    } catch (const std::exception&) {
      // a damaged count reads as 0: the entry is tried again
    }
    if (key == "done") claim.done.insert(value);
    if (key == "stored") claim.stored.insert(value);
  }
  return claim;
}

std::string ReadSmallFile(const fs::path& path) {
  std::string out;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && out.size() < (1 << 20)) out.append(buf, n);
  std::fclose(f);
  return out;
}

}  // namespace

Inbox::Inbox(archive::HomeLayout home, std::chrono::milliseconds settle)
    : home_(std::move(home)), settle_(settle) {}

std::vector<fs::path> Inbox::ReadyEntries(Clock::time_point now) {
  std::vector<fs::path> ready;
  std::map<std::string, Seen> still_there;
  std::error_code ec;
  for (fs::directory_iterator it(home_.inbox(), ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    const std::string name = path.filename().string();
    if (IsPartialOrHidden(name)) continue;
    std::error_code type_ec;
    const fs::file_status st = it->symlink_status(type_ec);
    if (type_ec) continue;
    if (!fs::is_directory(st) && !fs::is_regular_file(st)) {
      ready.push_back(path);  // set aside at once: waiting would not make it a file
      continue;
    }
    if (fs::is_directory(st) && fs::exists(fs::symlink_status(path / ".ready", type_ec))) {
      ready.push_back(path);
      continue;
    }
    const EntrySignature signature = Signature(path);
    auto previous = seen_.find(name);
    Seen seen{signature, now};
    if (previous != seen_.end() && previous->second.signature == signature) seen = previous->second;
    // An empty folder is not a dossier yet: staff may be about to fill it.
    if (signature.files > 0 && now - seen.since >= settle_) ready.push_back(path);
    still_there[name] = seen;
  }
  seen_ = std::move(still_there);
  std::sort(ready.begin(), ready.end());
  return ready;
}

Result<Claim> Inbox::Take(const fs::path& entry) {
  Claim claim;
  claim.from = entry.filename().string();
  const fs::path folder = home_.work() / ClaimName();
  claim.entry = folder / claim.from;
  SOHOA_RETURN_IF_ERROR(archive::MakeDurableDirectories(folder));
  if (Status saved = Save(claim); !saved.ok()) {
    std::error_code ec;
    fs::remove_all(folder, ec);
    return saved;
  }
  std::error_code ec;
  fs::rename(entry, claim.entry, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove_all(folder, ignored);
    if (ec == std::errc::cross_device_link) {
      return IoError("cannot claim " + entry.string() + ": the inbox and " + home_.work().string() +
                     " are on different file systems; keep the inbox inside the home");
    }
    return IoError("cannot claim " + entry.string() + ": " + ec.message());
  }
  SOHOA_RETURN_IF_ERROR(archive::SyncDirectory(folder));
  SOHOA_RETURN_IF_ERROR(archive::SyncDirectory(home_.inbox()));
  seen_.erase(claim.from);
  return claim;
}

std::vector<Claim> Inbox::Unfinished() const {
  std::vector<Claim> out;
  std::error_code ec;
  std::vector<fs::path> folders;
  for (fs::directory_iterator it(home_.work(), ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (fs::is_directory(it->symlink_status(type_ec)) &&
        fs::exists(fs::symlink_status(it->path() / kClaimNote, type_ec))) {
      folders.push_back(it->path());
    }
  }
  std::sort(folders.begin(), folders.end());  // claim names begin with the time taken
  for (const fs::path& folder : folders) {
    const std::string note = ReadSmallFile(folder / kClaimNote);
    bool any = false;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.empty() || name[0] == '.') continue;  // the note, the page cache, temporary files
      out.push_back(ParseNote(note, it->path()));
      any = true;
    }
    if (!any) {
      // Killed after the entry's rename back or before it arrived: an empty
      // claim holds nothing to lose.
      std::error_code ignored;
      fs::remove_all(folder, ignored);
    }
  }
  return out;
}

Status Inbox::Save(const Claim& claim) const {
  return archive::WriteFileDurably(claim.folder() / kClaimNote, NoteText(claim));
}

Status Inbox::Release(const Claim& claim) const {
  const fs::path folder = claim.folder();
  std::error_code ec;
  if (folder.parent_path() != home_.work() || !fs::exists(fs::symlink_status(folder / kClaimNote, ec))) {
    return InvalidArgument(claim.entry.string() + " is not a claimed inbox entry");
  }
  fs::remove_all(folder, ec);
  if (ec) return IoError("cannot remove the finished claim " + folder.string() + ": " + ec.message());
  return archive::SyncDirectory(home_.work());
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
