#include "tools/server/upload.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <random>
#include <set>

#include "ingest/books.h"
#include "schema/messages.h"

namespace sohoa::server {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxPartBytes = 200;
constexpr int kMaxDepth = 8;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The inbox's rule (ingest/inbox.cc): hidden names and partial downloads
// are never taken.
bool AcceptablePart(std::string_view part) {
  if (part.empty() || part.size() > kMaxPartBytes || part == "." || part == ".." || part[0] == '.') return false;
  if (EndsWith(part, ".part") || EndsWith(part, ".crdownload") || EndsWith(part, ".tmp")) return false;
  for (unsigned char c : part) {
    if (c < 0x20 || c == 0x7F || c == '\\' || c == ':') return false;
  }
  return true;
}

// Writes and fsyncs a file: the inbox must never see half of it.
Status WriteDurably(const fs::path& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot create a file in the inbox");
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      return IoError("cannot write a file in the inbox");
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced ? Status::Ok() : IoError("cannot write a file in the inbox");
}

void SyncFolder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

std::string UploadFolderName(const std::string& user) {
  std::random_device random;
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%06x", random() & 0xFFFFFF);
  return "upload-" + std::string(stamp) + "-" + user + "-" + suffix;
}

// A book id as it may stand in a URL and a file name.
bool IsBookId(const std::string& id) {
  return id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' ||
           c == '_';
  });
}

}  // namespace

bool IsAcceptableUploadName(std::string_view name) {
  int depth = 0;
  while (true) {
    const std::size_t slash = name.find('/');
    if (!AcceptablePart(name.substr(0, slash))) return false;
    if (++depth > kMaxDepth) return false;
    if (slash == std::string_view::npos) return true;
    name.remove_prefix(slash + 1);
  }
}

Result<UploadResult> WriteUpload(const archive::HomeLayout& home, const std::string& user,
                                 const std::vector<UploadFile>& files, const std::string& book) {
  UploadResult result;
  if (files.empty()) {
    result.rejected.push_back({"", Text(Msg::kApiUploadNothing)});
    return result;
  }
  if (!book.empty() && !IsBookId(book)) {
    result.rejected.push_back({"", Text(Msg::kApiUploadBookId, {book})});
    return result;
  }
  const std::string name = UploadFolderName(user);
  const fs::path hidden = home.inbox() / ("." + name);
  std::error_code ec;
  fs::create_directories(hidden, ec);
  if (ec) return IoError("cannot create a folder in the inbox");
  std::set<std::string> seen;
  for (const UploadFile& f : files) {
    if (!IsAcceptableUploadName(f.name)) {
      result.rejected.push_back({f.name, Text(Msg::kApiUploadName)});
      continue;
    }
    if (f.bytes->empty()) {
      result.rejected.push_back({f.name, Text(Msg::kApiUploadEmpty)});
      continue;
    }
    if (!seen.insert(f.name).second) {
      result.rejected.push_back({f.name, Text(Msg::kApiUploadDuplicate)});
      continue;
    }
    const fs::path target = hidden / fs::path(f.name);
    fs::create_directories(target.parent_path(), ec);
    if (ec) return IoError("cannot create a folder in the inbox");
    if (Status s = WriteDurably(target, *f.bytes); !s.ok()) {
      // A name that is a folder of another file: reject it, keep the rest.
      result.rejected.push_back({f.name, Text(Msg::kApiUploadDuplicate)});
      continue;
    }
    result.accepted.push_back({f.name, static_cast<std::int64_t>(f.bytes->size())});
  }
  if (!book.empty() && !result.accepted.empty()) {
    // The book is the one folder that holds the pages: the upload's own, or
    // the single folder that was dragged in.
    std::set<std::string> folders;
    for (const auto& a : result.accepted) folders.insert(fs::path(a.name).parent_path().string());
    if (folders.size() != 1) {
      for (const auto& a : result.accepted) result.rejected.push_back({a.name, Text(Msg::kApiUploadBookFolders)});
      result.accepted.clear();
    } else {
      SOHOA_RETURN_IF_ERROR(WriteDurably(hidden / fs::path(*folders.begin()) / ingest::kBookMarker, book + "\n"));
    }
  }
  if (result.accepted.empty()) {
    fs::remove_all(hidden, ec);
    return result;
  }
  SOHOA_RETURN_IF_ERROR(WriteDurably(hidden / ".ready", ""));
  SyncFolder(hidden);
  fs::rename(hidden, home.inbox() / name, ec);
  if (ec) return IoError("cannot move the upload into the inbox");
  SyncFolder(home.inbox());
  result.folder = name;
  return result;
}

}  // namespace sohoa::server
