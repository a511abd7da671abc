#include "archive/internal/bag_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <utility>

namespace sohoa::archive::internal {
namespace {

namespace fs = std::filesystem;

struct EntryDeleter {
  void operator()(archive_entry* entry) const noexcept { archive_entry_free(entry); }
};
using EntryPtr = std::unique_ptr<archive_entry, EntryDeleter>;

// libarchive writes whole blocks of this size; large blocks mean few write
// calls for large scans (10 KiB, the tar default, costs a syscall per 10 KiB).
constexpr int kBytesPerBlock = 1 << 20;
constexpr std::size_t kReadBlock = 1 << 20;

// libarchive converts names through the locale's character set, and in the
// "C" locale a service usually runs in, a UTF-8 name has no form it can write
// (libarchive 3.6 then crashes in the pax writer) or read. While this guard
// lives, the calling thread uses C.UTF-8; the rest of the program keeps its
// locale.
class Utf8Names {
 public:
  Utf8Names() {
    static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (utf8 != static_cast<locale_t>(0)) previous_ = uselocale(utf8);
  }
  ~Utf8Names() {
    if (previous_ != static_cast<locale_t>(0)) uselocale(previous_);
  }
  Utf8Names(const Utf8Names&) = delete;
  Utf8Names& operator=(const Utf8Names&) = delete;

 private:
  locale_t previous_ = static_cast<locale_t>(0);
};

}  // namespace

void LibarchiveDeleter::operator()(struct ::archive* handle) const noexcept {
  archive_free(handle);
}

// ---- ArchiveWriter -----------------------------------------------------------

ArchiveWriter::ArchiveWriter(std::unique_ptr<struct ::archive, LibarchiveDeleter> handle,
                             fs::path path, BagFormat format, std::int64_t mtime)
    : a_(std::move(handle)), path_(std::move(path)), format_(format), mtime_(mtime) {}

ArchiveWriter::ArchiveWriter(ArchiveWriter&& other) noexcept
    : a_(std::move(other.a_)),
      path_(std::move(other.path_)),
      format_(other.format_),
      mtime_(other.mtime_),
      remaining_(other.remaining_),
      current_(std::move(other.current_)) {}

ArchiveWriter::~ArchiveWriter() {
  Utf8Names utf8_names;
  // Not closed: an abandoned export, whose file the caller removes. Closing
  // still frees libarchive's block buffer (archive_write_fail would leak it).
  if (a_) archive_write_close(a_.get());
}

Status ArchiveWriter::Problem(const std::string& what) const {
  const char* why = a_ ? archive_error_string(a_.get()) : nullptr;
  return IoError("cannot write " + path_.string() + ": " + what +
                 (why != nullptr ? std::string(" (") + why + ")" : std::string()));
}

Result<ArchiveWriter> ArchiveWriter::Create(const fs::path& path, BagFormat format,
                                            std::int64_t mtime) {
  Utf8Names utf8_names;
  std::unique_ptr<struct ::archive, LibarchiveDeleter> a(archive_write_new());
  if (!a) return Unavailable("out of memory starting " + path.string());
  int rc = ARCHIVE_OK;
  if (format == BagFormat::kZip) {
    rc = archive_write_set_format_zip(a.get());
    // Names are UTF-8 (Vietnamese file names): say so in each header
    // whatever the process locale is.
    if (rc == ARCHIVE_OK) rc = archive_write_set_options(a.get(), "zip:hdrcharset=UTF-8");
  } else {
    // pax: long and non-ASCII names, large files; "restricted" keeps plain
    // ustar headers where they suffice, for old readers.
    rc = archive_write_set_format_pax_restricted(a.get());
    if (rc == ARCHIVE_OK && format == BagFormat::kTarGz)
      rc = archive_write_add_filter_gzip(a.get());
    if (rc == ARCHIVE_OK && format == BagFormat::kTarZst)
      rc = archive_write_add_filter_zstd(a.get());
  }
  if (rc == ARCHIVE_OK) rc = archive_write_set_bytes_per_block(a.get(), kBytesPerBlock);
  // No padding of the last block beyond the format's own.
  if (rc == ARCHIVE_OK) rc = archive_write_set_bytes_in_last_block(a.get(), 1);
  if (rc != ARCHIVE_OK) {
    return Internal("libarchive cannot set up " + path.string() + " (" +
                    archive_error_string(a.get()) + ")");
  }
  if (archive_write_open_filename(a.get(), path.c_str()) != ARCHIVE_OK) {
    return IoError("cannot create " + path.string() + " (" + archive_error_string(a.get()) +
                   "); check the folder exists and sohoa may write there");
  }
  return ArchiveWriter(std::move(a), path, format, mtime);
}

Status ArchiveWriter::Header(const std::string& path, bool directory, std::int64_t size) {
  Utf8Names utf8_names;
  if (remaining_ != 0) {
    return Internal(current_ + " got " + std::to_string(remaining_) +
                    " bytes fewer than announced; this is a bug in sohoa");
  }
  EntryPtr entry(archive_entry_new());
  if (!entry) return Unavailable("out of memory writing " + path_.string());
  archive_entry_set_pathname_utf8(entry.get(), path.c_str());
  if (archive_entry_pathname(entry.get()) == nullptr) {
    return Unsupported("cannot write the name " + path + " into " + path_.string() +
                       ": this system has no C.UTF-8 locale");
  }
  archive_entry_set_filetype(entry.get(), directory ? AE_IFDIR : AE_IFREG);
  archive_entry_set_perm(entry.get(), directory ? 0755 : 0644);
  archive_entry_set_mtime(entry.get(), static_cast<time_t>(mtime_), 0);
  if (!directory) archive_entry_set_size(entry.get(), size);
  int rc = archive_write_header(a_.get(), entry.get());
  if (rc != ARCHIVE_OK) return Problem("entry " + path);
  current_ = path;
  remaining_ = directory ? 0 : size;
  return Status::Ok();
}

Status ArchiveWriter::AddDirectory(const std::string& path) { return Header(path, true, 0); }

Status ArchiveWriter::AddFile(const std::string& path, std::string_view bytes) {
  if (format_ == BagFormat::kZip) archive_write_zip_set_compression_deflate(a_.get());
  SOHOA_RETURN_IF_ERROR(Header(path, false, static_cast<std::int64_t>(bytes.size())));
  return Write(bytes.data(), bytes.size());
}

Status ArchiveWriter::BeginFile(const std::string& path, std::int64_t size) {
  if (format_ == BagFormat::kZip) archive_write_zip_set_compression_store(a_.get());
  return Header(path, false, size);
}

Status ArchiveWriter::Write(const char* data, std::size_t size) {
  Utf8Names utf8_names;
  if (static_cast<std::int64_t>(size) > remaining_) {
    return Internal(current_ + " got more bytes than announced; this is a bug in sohoa");
  }
  while (size > 0) {
    la_ssize_t n = archive_write_data(a_.get(), data, size);
    if (n <= 0) return Problem("data of " + current_);
    data += n;
    size -= static_cast<std::size_t>(n);
    remaining_ -= n;
  }
  return Status::Ok();
}

Status ArchiveWriter::Close() {
  Utf8Names utf8_names;
  if (remaining_ != 0) {
    return Internal(current_ + " got " + std::to_string(remaining_) +
                    " bytes fewer than announced; this is a bug in sohoa");
  }
  if (archive_write_close(a_.get()) != ARCHIVE_OK) return Problem("the end of the archive");
  a_.reset();
  return Status::Ok();
}

// ---- ArchiveReader -----------------------------------------------------------

ArchiveReader::ArchiveReader(std::unique_ptr<struct ::archive, LibarchiveDeleter> handle,
                             fs::path path)
    : a_(std::move(handle)), path_(std::move(path)) {}

ArchiveReader::ArchiveReader(ArchiveReader&& other) noexcept
    : a_(std::move(other.a_)), path_(std::move(other.path_)), current_(std::move(other.current_)) {}

ArchiveReader::~ArchiveReader() = default;

Status ArchiveReader::Problem(const std::string& what) const {
  const char* why = a_ ? archive_error_string(a_.get()) : nullptr;
  return Corrupt(path_.string() + ": " + what +
                 (why != nullptr ? std::string(" (") + why + ")" : std::string()) +
                 "; the file is damaged or not a tar or zip file");
}

Result<ArchiveReader> ArchiveReader::Open(const fs::path& path) {
  Utf8Names utf8_names;
  std::error_code ec;
  if (!fs::exists(path, ec)) return NotFound(path.string() + ": no such file");
  if (!fs::is_regular_file(path, ec)) return InvalidArgument(path.string() + " is not a file");
  std::unique_ptr<struct ::archive, LibarchiveDeleter> a(archive_read_new());
  if (!a) return Unavailable("out of memory opening " + path.string());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), kReadBlock) != ARCHIVE_OK) {
    std::string why = archive_error_string(a.get()) != nullptr ? archive_error_string(a.get()) : "";
    return Corrupt(path.string() + " is not a tar or zip file sohoa can read (" + why + ")");
  }
  return ArchiveReader(std::move(a), path);
}

Result<bool> ArchiveReader::Next(Entry& out) {
  Utf8Names utf8_names;
  archive_entry* entry = nullptr;
  int rc = archive_read_next_header(a_.get(), &entry);
  if (rc == ARCHIVE_EOF) return false;
  if (rc < ARCHIVE_WARN) {
    return Problem(current_.empty() ? "cannot read the first entry"
                                    : "cannot read the entry after " + current_);
  }
  const char* utf8 = archive_entry_pathname_utf8(entry);
  out.path = utf8 != nullptr ? utf8 : "";
  current_ = out.path;
  out.size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
  if (archive_entry_hardlink(entry) != nullptr) {
    out.type = Type::kHardlink;
  } else {
    switch (archive_entry_filetype(entry)) {
      case AE_IFREG:
        out.type = Type::kFile;
        break;
      case AE_IFDIR:
        out.type = Type::kDirectory;
        break;
      case AE_IFLNK:
        out.type = Type::kSymlink;
        break;
      default:
        out.type = Type::kOther;
        break;
    }
  }
  return true;
}

Result<std::size_t> ArchiveReader::Read(char* buffer, std::size_t size) {
  Utf8Names utf8_names;
  la_ssize_t n = archive_read_data(a_.get(), buffer, size);
  if (n < 0) return Problem("cannot read the data of " + current_);
  return static_cast<std::size_t>(n);
}

}  // namespace sohoa::archive::internal
