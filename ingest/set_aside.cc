#include "ingest/set_aside.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <ctime>
#include <system_error>

#include "archive/blob_store.h"
#include "archive/durable_file.h"
#include "ingest/fault.h"
#include "schema/messages.h"

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;

// A name fits in a folder entry (255 bytes) with ".error.txt" and a ".NN"
// after it.
constexpr size_t kMaxNameBytes = 200;
constexpr std::string_view kNoteSuffix = ".error.txt";

std::uint32_t Fnv1a(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

// The longest prefix of `s` of at most `bytes` that ends on a character boundary.
std::string_view Utf8Prefix(std::string_view s, size_t bytes) {
  if (s.size() <= bytes) return s;
  size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

// `name` itself when it is short enough; else its beginning, "~", a hash of
// the whole name, and its extension, which still tells staff which file it was.
std::string FitName(const std::string& name) {
  if (name.size() <= kMaxNameBytes) return name;
  const fs::path p(name);
  std::string ext = p.extension().string();
  if (ext.size() > 16) ext.clear();
  char hash[16];
  std::snprintf(hash, sizeof hash, "~%08x", Fnv1a(name));
  const std::string_view stem(name.data(), name.size() - ext.size());
  return std::string(Utf8Prefix(stem, kMaxNameBytes - ext.size() - 9)) + hash + ext;
}

// "name.ext", then "name.1.ext", "name.2.ext", ...
std::string Numbered(const std::string& name, int n) {
  if (n == 0) return name;
  const fs::path p(name);
  return p.stem().string() + "." + std::to_string(n) + p.extension().string();
}

std::string LocalTime() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z", &local);
  return buf;
}

bool SameBytes(const fs::path& a, const fs::path& b) {
  std::error_code ec1, ec2;
  if (fs::file_size(a, ec1) != fs::file_size(b, ec2) || ec1 || ec2) return false;
  auto ha = archive::Sha256OfFile(a);
  auto hb = archive::Sha256OfFile(b);
  return ha.ok() && hb.ok() && *ha == *hb;
}

Status CopyVerified(const fs::path& source, const fs::path& target) {
  const int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (in < 0) return archive::ErrnoStatus(errno, "cannot read " + source.string());
  Status copied = [&]() -> Status {
    SOHOA_ASSIGN_OR_RETURN(archive::DurableFile out, archive::DurableFile::Create(target));
    char buffer[1 << 16];
    for (;;) {
      const ssize_t n = ::read(in, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return archive::ErrnoStatus(errno, "cannot read " + source.string());
      if (n == 0) break;
      SOHOA_RETURN_IF_ERROR(out.Write(std::string_view(buffer, static_cast<size_t>(n))));
    }
    return out.Commit(0644);
  }();
  ::close(in);
  SOHOA_RETURN_IF_ERROR(copied);
  if (!SameBytes(source, target)) {
    std::error_code ec;
    fs::remove(target, ec);
    return IoError("the copy of " + source.string() + " in " + target.parent_path().string() +
                   " does not match the original; the original is kept where it is");
  }
  return Status::Ok();
}

Status CopyLink(const fs::path& source, const fs::path& target) {
  std::error_code ec;
  const fs::path points_to = fs::read_symlink(source, ec);
  if (ec) return IoError("cannot read the link " + source.string() + ": " + ec.message());
  const fs::path temp = target.parent_path() / (".link." + std::to_string(::getpid()) + ".part");
  fs::remove(temp, ec);
  if (::symlink(points_to.c_str(), temp.c_str()) != 0) {
    return archive::ErrnoStatus(errno, "cannot copy the link " + source.string());
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const int err = errno;
    fs::remove(temp, ec);
    return archive::ErrnoStatus(err, "cannot copy the link " + source.string());
  }
  return archive::SyncDirectory(target.parent_path());
}

bool SameLink(const fs::path& a, const fs::path& b) {
  std::error_code ec1, ec2;
  return fs::is_symlink(fs::symlink_status(b, ec2)) && fs::read_symlink(a, ec1) == fs::read_symlink(b, ec2) &&
         !ec1 && !ec2;
}

std::string Note(const SetAsideRequest& request, const fs::path& failed_dir, const SetAsideResult& result,
                 const std::string& what) {
  std::string note = Text(what.empty() ? Msg::kNoteTitleFile : Msg::kNoteTitleEntry) + "\n\n";
  note += Text(Msg::kNoteFile, {request.shown_as}) + "\n";
  if (!what.empty()) note += Text(Msg::kNoteWhat, {what}) + "\n";
  if (!result.copy.empty()) {
    const std::string copy = "failed/" + result.copy.lexically_relative(failed_dir).string();
    note += Text(what.empty() ? Msg::kNoteCopyExact : Msg::kNoteCopy, {copy}) + "\n";
  }
  note += Text(Msg::kNoteWhen, {LocalTime()}) + "\n";
  note += Text(Msg::kNoteReason, {request.reason}) + "\n\n";
  note += Text(request.original_stays ? Msg::kNoteOriginalStays : Msg::kNoteTakenOut) + "\n";
  return note;
}

}  // namespace

std::string DescribeSpecialEntry(const fs::path& path) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(path, ec);
  if (ec) return "";
  switch (st.type()) {
    case fs::file_type::symlink: {
      const fs::path to = fs::read_symlink(path, ec);
      return ec ? Text(Msg::kEntrySymlink) : Text(Msg::kEntrySymlinkTo, {to.string()});
    }
    case fs::file_type::fifo:
      return Text(Msg::kEntryFifo);
    case fs::file_type::socket:
      return Text(Msg::kEntrySocket);
    case fs::file_type::block:
      return Text(Msg::kEntryBlockDevice);
    case fs::file_type::character:
      return Text(Msg::kEntryCharDevice);
    case fs::file_type::regular:
    case fs::file_type::directory:
      return "";
    default:
      return Text(Msg::kEntryOther);
  }
}

Result<SetAsideResult> SetAside(const fs::path& failed_dir, const SetAsideRequest& request) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(request.source, ec);
  if (ec) return archive::ErrnoStatus(ec.value(), "cannot set aside " + request.source.string());
  const fs::path dir = (failed_dir / request.relative).parent_path();
  SOHOA_RETURN_IF_ERROR(archive::MakeDurableDirectories(dir));
  const std::string name = FitName(request.relative.filename().string());
  const std::string what = DescribeSpecialEntry(request.source);

  SetAsideResult result;
  if (fs::is_regular_file(st) || fs::is_symlink(st)) {
    const bool link = fs::is_symlink(st);
    for (int n = 0;; ++n) {
      const fs::path target = dir / Numbered(name, n);
      const fs::file_status there = fs::symlink_status(target, ec);
      if (fs::exists(there)) {
        if (link ? SameLink(request.source, target)
                 : fs::is_regular_file(there) && SameBytes(request.source, target)) {
          result.copy = target;
          result.already_there = true;
          break;
        }
        if (n > 1000) return IoError("too many set-aside files named " + name + " in " + dir.string());
        continue;
      }
      SOHOA_RETURN_IF_ERROR(link ? CopyLink(request.source, target) : CopyVerified(request.source, target));
      result.copy = target;
      break;
    }
    result.note = result.copy;
    result.note += std::string(kNoteSuffix);
  } else {
    // Nothing to copy from a pipe, socket or device, and reading one could block forever.
    result.note = dir / (name + std::string(kNoteSuffix));
  }
  FaultPoint("during-set-aside", request.shown_as);
  SOHOA_RETURN_IF_ERROR(archive::WriteFileDurably(result.note, Note(request, failed_dir, result, what)));
  return result;
}

}  // namespace sohoa::ingest
