// A PageReader whose decoding runs in a child process. See isolated_reader.h.
//
// The conversation, over a socket pair (the child's end is its fd 3, the
// file its fd 4), each message a 4-byte kind, an 8-byte length and a body:
//   child  → kOpened {status, message, media type, page count}
//   parent → kRead {page index}      child → kPage {status, message, page
//                                              fields, the raster's shape}
//                                     then the raster's bytes, unframed
// The parent closing its end tells the child to exit.
#include "ocr/isolated_reader.h"

#include <fcntl.h>
#include <leptonica/allheaders.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

namespace sohoa::ocr {
namespace {

constexpr char kDecoderFlag[] = "--sohoa-page-decoder";
// AddressSanitizer and ThreadSanitizer reserve terabytes of address space
// for their shadow memory and write files of their own: under them the
// child's memory and file writes are not limited.
// GCC says so with __SANITIZE_*__, clang with __has_feature.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SOHOA_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SOHOA_SANITIZED 1
#endif
#endif
#ifdef SOHOA_SANITIZED
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
constexpr int kChildSocketFd = 3;
constexpr int kChildFileFd = 4;
std::atomic<bool> g_can_isolate{false};

enum Kind : std::uint32_t { kOpened = 1, kRead = 2, kPage = 3 };

// ---- message bodies ---------------------------------------------------------

class Writer {
 public:
  Writer& U32(std::uint32_t v) { return Raw(&v, sizeof v); }
  Writer& I32(std::int32_t v) { return Raw(&v, sizeof v); }
  Writer& U64(std::uint64_t v) { return Raw(&v, sizeof v); }
  Writer& Str(std::string_view s) {
    U64(s.size());
    return Raw(s.data(), s.size());
  }
  Writer& Raw(const void* p, size_t n) {
    out_.append(static_cast<const char*>(p), n);
    return *this;
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool U32(std::uint32_t* v) { return Raw(v, sizeof *v); }
  bool I32(std::int32_t* v) { return Raw(v, sizeof *v); }
  bool U64(std::uint64_t* v) { return Raw(v, sizeof *v); }
  bool Str(std::string_view* s) {
    std::uint64_t n = 0;
    if (!U64(&n) || n > in_.size() - at_) return false;
    *s = in_.substr(at_, n);
    at_ += n;
    return true;
  }

 private:
  bool Raw(void* p, size_t n) {
    if (n > in_.size() - at_) return false;
    std::memcpy(p, in_.data() + at_, n);
    at_ += n;
    return true;
  }
  std::string_view in_;
  size_t at_ = 0;
};

void PutStatus(Writer& w, const Status& s) {
  w.U32(static_cast<std::uint32_t>(s.code())).Str(s.message());
}

bool GetStatus(Reader& r, Status* s) {
  std::uint32_t code = 0;
  std::string_view message;
  if (!r.U32(&code) || !r.Str(&message) || code > static_cast<std::uint32_t>(StatusCode::kInternal)) {
    return false;
  }
  *s = code == 0 ? Status::Ok() : Status(static_cast<StatusCode>(code), std::string(message));
  return true;
}

// ---- the socket ---------------------------------------------------------------

bool WriteAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool SendMessage(int fd, Kind kind, std::string_view body) {
  Writer header;
  header.U32(kind).U64(body.size());
  return WriteAll(fd, header.bytes().data(), header.bytes().size()) &&
         WriteAll(fd, body.data(), body.size());
}

enum class ReadOutcome { kOk, kClosed, kTimedOut, kTooLarge };

using Clock = std::chrono::steady_clock;

// Reads exactly n bytes before `deadline` (none: wait as long as it takes).
ReadOutcome ReadExact(int fd, char* p, size_t n, const Clock::time_point* deadline) {
  while (n > 0) {
    if (deadline != nullptr) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now());
      if (left.count() <= 0) return ReadOutcome::kTimedOut;
      pollfd pfd{fd, POLLIN, 0};
      const int ready = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left.count(), 60'000)));
      if (ready < 0 && errno != EINTR) return ReadOutcome::kClosed;
      if (ready <= 0) continue;
    }
    const ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return ReadOutcome::kClosed;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return ReadOutcome::kOk;
}

ReadOutcome ReceiveMessage(int fd, Kind* kind, std::string* body, std::uint64_t max_bytes,
                           const Clock::time_point* deadline) {
  char header[12];
  ReadOutcome got = ReadExact(fd, header, sizeof header, deadline);
  if (got != ReadOutcome::kOk) return got;
  std::uint32_t k = 0;
  std::uint64_t n = 0;
  std::memcpy(&k, header, 4);
  std::memcpy(&n, header + 4, 8);
  if (n > max_bytes) return ReadOutcome::kTooLarge;
  *kind = static_cast<Kind>(k);
  body->resize(n);
  return ReadExact(fd, body->data(), n, deadline);
}

// ---- the child ------------------------------------------------------------------

// A page travels as a kPage message (status, page fields, the image's shape)
// followed by its raster: the Pix's words exactly as they lie in memory,
// written from the child's Pix and read straight into the parent's. A 300 dpi
// colour page is 35 MB; copying it through serialization buffers cost more
// than decoding it.
struct RasterShape {
  std::int32_t width = 0, height = 0, depth = 0, spp = 0, wpl = 0, xres = 0, yres = 0, informat = 0;
  std::string colormap;  // pixcmapSerializeToMemory's bytes, 4 per colour; empty without one
};

void PutShape(Writer& w, Pix* pix) {
  RasterShape shape;
  if (pix != nullptr) {
    shape = {pixGetWidth(pix), pixGetHeight(pix), pixGetDepth(pix), pixGetSpp(pix),
             pixGetWpl(pix),   pixGetXRes(pix),   pixGetYRes(pix),  pixGetInputFormat(pix), {}};
    l_int32 colors = 0;
    l_uint8* cmap = nullptr;
    if (pixGetColormap(pix) != nullptr &&
        pixcmapSerializeToMemory(pixGetColormap(pix), 4, &colors, &cmap) == 0 && cmap != nullptr) {
      shape.colormap.assign(reinterpret_cast<const char*>(cmap), static_cast<size_t>(colors) * 4);
    }
    lept_free(cmap);
  }
  w.I32(shape.width).I32(shape.height).I32(shape.depth).I32(shape.spp).I32(shape.wpl);
  w.I32(shape.xres).I32(shape.yres).I32(shape.informat).Str(shape.colormap);
}

bool GetShape(Reader& r, RasterShape* shape) {
  std::string_view colormap;
  if (!r.I32(&shape->width) || !r.I32(&shape->height) || !r.I32(&shape->depth) || !r.I32(&shape->spp) ||
      !r.I32(&shape->wpl) || !r.I32(&shape->xres) || !r.I32(&shape->yres) || !r.I32(&shape->informat) ||
      !r.Str(&colormap)) {
    return false;
  }
  shape->colormap = std::string(colormap);
  return true;
}

// The raster's size in bytes, or 0 for a shape no Pix has.
std::uint64_t RasterBytes(const RasterShape& s) {
  constexpr std::int32_t kDepths[] = {1, 2, 4, 8, 16, 24, 32};
  if (s.width <= 0 || s.height <= 0 || s.width > 1'000'000 || s.height > 1'000'000) return 0;
  if (std::find(std::begin(kDepths), std::end(kDepths), s.depth) == std::end(kDepths)) return 0;
  const std::int64_t wpl = (std::int64_t{s.width} * s.depth + 31) / 32;
  if (s.wpl != wpl) return 0;
  return static_cast<std::uint64_t>(wpl) * 4 * static_cast<std::uint64_t>(s.height);
}

bool SendPage(int sock, const Result<PageImage>& page) {
  Writer w;
  if (!page.ok()) {
    // Out of memory here means the file needs more than its limit: the
    // file's doing, not the service's.
    Status s = page.status();
    if (s.code() == StatusCode::kUnavailable) s = Unsupported(s.message());
    PutStatus(w, s);
    return SendMessage(sock, kPage, w.bytes());
  }
  PutStatus(w, Status::Ok());
  w.I32(page->source_page).I32(page->dpi).U32(page->has_text_layer ? 1 : 0);
  w.Str(page->text_layer).Str(page->jpeg);
  Pix* pix = page->pix.get();
  PutShape(w, pix);
  if (!SendMessage(sock, kPage, w.bytes())) return false;
  if (pix == nullptr) return true;
  const size_t raster = static_cast<size_t>(pixGetWpl(pix)) * 4 * static_cast<size_t>(pixGetHeight(pix));
  return WriteAll(sock, reinterpret_cast<const char*>(pixGetData(pix)), raster);
}

int ServeDecoder(int sock, int file) {
  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t r = ::read(file, buffer, sizeof buffer);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      Writer w;
      PutStatus(w, IoError(std::string("cannot read the file: ") + std::strerror(errno)));
      w.U32(0).U32(0);
      SendMessage(sock, kOpened, w.bytes());
      return 0;
    }
    if (r == 0) break;
    bytes.append(buffer, static_cast<size_t>(r));
  }
  ::close(file);
  Result<std::unique_ptr<PageReader>> reader = PageReader::OpenBytes(std::move(bytes));
  Writer opened;
  if (reader.ok()) {
    PutStatus(opened, Status::Ok());
    opened.U32(static_cast<std::uint32_t>((*reader)->type()))
        .U32(static_cast<std::uint32_t>((*reader)->page_count()));
  } else {
    Status s = reader.status();
    if (s.code() == StatusCode::kUnavailable) s = Unsupported(s.message());
    PutStatus(opened, s);
    opened.U32(0).U32(0);
  }
  if (!SendMessage(sock, kOpened, opened.bytes()) || !reader.ok()) return 0;
  for (;;) {
    Kind kind{};
    std::string body;
    if (ReceiveMessage(sock, &kind, &body, 64, nullptr) != ReadOutcome::kOk || kind != kRead) return 0;
    Reader r(body);
    std::uint32_t index = 0;
    if (!r.U32(&index)) return 0;
    if (!SendPage(sock, (*reader)->Read(static_cast<int>(index)))) return 0;
  }
}

// ---- the parent -------------------------------------------------------------------

std::string SignalName(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV, a memory fault";
    case SIGBUS: return "SIGBUS, a memory fault";
    case SIGABRT: return "SIGABRT, an abort";
    case SIGFPE: return "SIGFPE, an arithmetic fault";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    case SIGXCPU: return "SIGXCPU";
    case SIGXFSZ: return "SIGXFSZ, it tried to write a file";
    default: return "signal " + std::to_string(sig);
  }
}

std::string_view ReaderName(MediaType type) {
  return type == MediaType::kPdf ? "the PDF reader" : "the image decoder";
}

std::string WhatToDo(MediaType type) {
  return type == MediaType::kPdf
             ? "Open it on the scanning computer; if it shows correctly, print or export it to a new "
               "PDF, else scan the paper again, and drop the new file in the inbox"
             : "Open it on the scanning computer; if it shows correctly, save it again as a new "
               "file, else scan the paper again, and drop the new file in the inbox";
}

class IsolatedReader final : public PageReader {
 public:
  IsolatedReader(pid_t pid, int sock, MediaType sniffed, const DecodeLimits& limits)
      : pid_(pid), sock_(sock), type_(sniffed), limits_(limits) {}

  ~IsolatedReader() override {
    ::close(sock_);  // the child reads end-of-file and exits
    Reap(std::chrono::seconds(1));
  }

  // Waits for the child's answer to opening the file.
  Status AwaitOpened() {
    std::lock_guard lock(mutex_);
    Kind kind{};
    std::string body;
    const auto deadline = Clock::now() + limits_.open_timeout;
    ReadOutcome got = ReceiveMessage(sock_, &kind, &body, 1 << 20, &deadline);
    if (got != ReadOutcome::kOk || kind != kOpened) return Die(got, "reading the file", limits_.open_timeout);
    Reader r(body);
    Status opened;
    std::uint32_t type = 0, count = 0;
    if (!GetStatus(r, &opened) || !r.U32(&type) || !r.U32(&count)) {
      return Die(ReadOutcome::kClosed, "reading the file", limits_.open_timeout);
    }
    if (!opened.ok()) return opened;
    type_ = static_cast<MediaType>(type);
    count_ = static_cast<int>(count);
    return Status::Ok();
  }

  MediaType type() const override { return type_; }
  int page_count() const override { return count_; }

  Result<PageImage> Read(int index) const override {
    const std::string context = "page " + std::to_string(index + 1);
    if (index < 0 || index >= count_) {
      return InvalidArgument(context + " of a file with " + std::to_string(count_));
    }
    std::lock_guard lock(mutex_);
    if (!dead_.ok()) return dead_;
    Writer request;
    request.U32(static_cast<std::uint32_t>(index));
    if (!SendMessage(sock_, kRead, request.bytes())) {
      return Die(ReadOutcome::kClosed, "decoding " + context, limits_.page_timeout);
    }
    Kind kind{};
    std::string body;
    const auto deadline = Clock::now() + limits_.page_timeout;
    ReadOutcome got = ReceiveMessage(sock_, &kind, &body, limits_.max_page_bytes, &deadline);
    if (got != ReadOutcome::kOk || kind != kPage) {
      return Die(got, "decoding " + context, limits_.page_timeout);
    }
    return ReceivePage(body, context, deadline);
  }

 private:
  // The page's fields from `body`, then its raster from the socket.
  Result<PageImage> ReceivePage(std::string_view body, const std::string& context,
                                Clock::time_point deadline) const {
    const auto garbled = [&] { return Die(ReadOutcome::kClosed, "decoding " + context, limits_.page_timeout); };
    Reader r(body);
    Status status;
    if (!GetStatus(r, &status)) return garbled();
    if (!status.ok()) return status;
    PageImage page;
    std::uint32_t text_layer = 0;
    std::string_view text, jpeg;
    RasterShape shape;
    if (!r.I32(&page.source_page) || !r.I32(&page.dpi) || !r.U32(&text_layer) || !r.Str(&text) ||
        !r.Str(&jpeg) || !GetShape(r, &shape)) {
      return garbled();
    }
    page.has_text_layer = text_layer != 0;
    page.text_layer = std::string(text);
    page.jpeg = std::string(jpeg);
    if (shape.width == 0 && shape.height == 0) return page;  // no image
    const std::uint64_t raster = RasterBytes(shape);
    if (raster == 0) return garbled();
    if (raster + body.size() > limits_.max_page_bytes) {
      return Die(ReadOutcome::kTooLarge, "decoding " + context, limits_.page_timeout);
    }
    page.pix.reset(pixCreateNoInit(shape.width, shape.height, shape.depth));
    if (!page.pix) return Unavailable(context + ": no memory for the decoded page");
    const ReadOutcome got = ReadExact(sock_, reinterpret_cast<char*>(pixGetData(page.pix.get())),
                                      static_cast<size_t>(raster), &deadline);
    if (got != ReadOutcome::kOk) return Die(got, "decoding " + context, limits_.page_timeout);
    pixSetSpp(page.pix.get(), shape.spp);
    pixSetResolution(page.pix.get(), shape.xres, shape.yres);
    pixSetInputFormat(page.pix.get(), shape.informat);
    if (!shape.colormap.empty()) {
      const int colors = static_cast<int>(shape.colormap.size() / 4);
      const int room = shape.depth <= 8 ? 1 << shape.depth : 0;
      if (colors > room) return garbled();
      PIXCMAP* cmap = pixcmapCreate(shape.depth);
      if (cmap == nullptr) return garbled();
      const auto* rgba = reinterpret_cast<const l_uint8*>(shape.colormap.data());
      // Every value a pixel can hold names a colour, whatever the child sent.
      for (int i = 0; i < room; ++i) {
        if (i < colors) {
          pixcmapAddRGBA(cmap, rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]);
        } else {
          pixcmapAddColor(cmap, 0, 0, 0);
        }
      }
      if (pixSetColormap(page.pix.get(), cmap) != 0) return garbled();
    }
    return page;
  }

  // The child failed to answer: find out why, make sure it is gone, and
  // remember the reason for every later request.
  Status Die(ReadOutcome why, const std::string& doing, std::chrono::milliseconds limit) const {
    std::string reason;
    if (why == ReadOutcome::kTimedOut) {
      ::kill(pid_, SIGKILL);
      reason = doing + " took longer than " + std::to_string(limit.count() / 1000) +
               " s, as files built to stall readers do";
    } else if (why == ReadOutcome::kTooLarge) {
      ::kill(pid_, SIGKILL);
      reason = doing + " produced more data than sohoa takes from one page";
    }
    const int status = Reap(std::chrono::seconds(2));
    if (reason.empty()) {
      if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU ||
                                  (WTERMSIG(status) == SIGKILL && CpuLimitReached()))) {
        reason = doing + " used more than " + std::to_string(limits_.cpu_seconds) +
                 " s of processor time, as files built to stall readers do";
      } else if (WIFSIGNALED(status)) {
        reason = doing + " crashed " + std::string(ReaderName(type_)) + " (" +
                 SignalName(WTERMSIG(status)) + "): the file is damaged or built to break readers";
      } else if (WIFEXITED(status) && (WEXITSTATUS(status) == 127 || WEXITSTATUS(status) == 126)) {
        dead_ = Unavailable("could not start the page decoder (/proc/self/exe)");
        return dead_;
      } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        // A sanitizer's fault handler exits instead of dying by the signal.
        reason = doing + " crashed " + std::string(ReaderName(type_)) + " (exit status " +
                 std::to_string(WEXITSTATUS(status)) + "): the file is damaged or built to break readers";
      } else {
        reason = doing + " stopped " + std::string(ReaderName(type_)) + " unexpectedly";
      }
    }
    dead_ = Corrupt(reason + ". " + WhatToDo(type_));
    return dead_;
  }

  bool CpuLimitReached() const { return cpu_used_ + 1 >= limits_.cpu_seconds; }

  // Waits for the child to end (killing it after `grace`); its wait status.
  int Reap(std::chrono::milliseconds grace) const {
    if (reaped_) return wait_status_;
    const auto give_up = Clock::now() + grace;
    int status = 0;
    rusage usage{};
    for (;;) {
      const pid_t done = ::wait4(pid_, &status, WNOHANG, &usage);
      if (done == pid_ || (done < 0 && errno != EINTR)) break;
      if (Clock::now() >= give_up) {
        ::kill(pid_, SIGKILL);
        while (::wait4(pid_, &status, 0, &usage) < 0 && errno == EINTR) {
        }
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    cpu_used_ = static_cast<int>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec);
    reaped_ = true;
    wait_status_ = status;
    return status;
  }

  pid_t pid_;
  int sock_;
  MediaType type_;
  int count_ = 0;
  DecodeLimits limits_;
  mutable std::mutex mutex_;
  mutable Status dead_;
  mutable bool reaped_ = false;
  mutable int wait_status_ = 0;
  mutable int cpu_used_ = 0;
};

}  // namespace

bool CanIsolateDecoding() { return g_can_isolate.load(); }

void ServeIfDecoder(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], kDecoderFlag) == 0) {
    ::_exit(ServeDecoder(kChildSocketFd, kChildFileFd));
  }
  g_can_isolate = true;
}

Result<std::unique_ptr<PageReader>> OpenIsolated(const std::filesystem::path& path,
                                                 const DecodeLimits& limits) {
  if (!CanIsolateDecoding()) {
    return Unavailable("this program cannot decode files in a child process (its main() does not "
                       "call ocr::ServeIfDecoder)");
  }
  // O_NOFOLLOW: a link is never followed, whatever it points at.
  const int file = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (file < 0) {
    const int e = errno;
    if (e == ELOOP) return Unsupported("it is a symbolic link: sohoa reads files, never links");
    if (e == ENOENT) return NotFound(path.string() + ": no such file");
    return IoError("cannot open " + path.string() + ": " + std::strerror(e));
  }
  struct stat st {};
  if (::fstat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(file);
    return InvalidArgument(path.string() + ": not a regular file");
  }
  ::fcntl(file, F_SETFL, 0);  // O_NONBLOCK only kept a FIFO from blocking the open
  if (st.st_size == 0) {
    ::close(file);
    return Corrupt("the file is empty (0 bytes): was the scan copied completely?");
  }
  char head[1024];
  const ssize_t head_bytes = ::pread(file, head, sizeof head, 0);
  const MediaType sniffed =
      SniffMediaType(std::string_view(head, head_bytes > 0 ? static_cast<size_t>(head_bytes) : 0));

  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    const int e = errno;
    ::close(file);
    return Unavailable(std::string("cannot start the page decoder: ") + std::strerror(e));
  }
  // Everything the child needs is made before fork(): after it, in a
  // process with threads, the child may only make system calls.
  char arg0[] = "sohoa-decoder";
  char arg1[sizeof kDecoderFlag];
  std::memcpy(arg1, kDecoderFlag, sizeof kDecoderFlag);
  char* child_argv[] = {arg0, arg1, nullptr};
  const rlimit cpu{static_cast<rlim_t>(limits.cpu_seconds), static_cast<rlim_t>(limits.cpu_seconds + 5)};
  const rlimit memory{limits.memory_bytes, limits.memory_bytes};
  const rlimit stack{limits.stack_bytes, limits.stack_bytes};
  const rlimit nothing{0, 0};
  const rlimit few_files{16, 16};
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) {
    const int e = errno;
    ::close(sv[0]);
    ::close(sv[1]);
    ::close(file);
    return Unavailable(std::string("cannot start the page decoder: ") + std::strerror(e));
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    const int sock_copy = ::fcntl(sv[1], F_DUPFD, 10);
    const int file_copy = ::fcntl(file, F_DUPFD, 10);
    const int null = ::open("/dev/null", O_RDWR);
    if (sock_copy < 0 || file_copy < 0 || null < 0) ::_exit(126);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::dup2(sock_copy, kChildSocketFd);
    ::dup2(file_copy, kChildFileFd);
    ::syscall(SYS_close_range, kChildFileFd + 1, ~0U, 0);
    ::setrlimit(RLIMIT_CPU, &cpu);
    if (!kSanitized) ::setrlimit(RLIMIT_AS, &memory);
    ::setrlimit(RLIMIT_STACK, &stack);
    ::setrlimit(RLIMIT_CORE, &nothing);
    if (!kSanitized) ::setrlimit(RLIMIT_FSIZE, &nothing);
    ::setrlimit(RLIMIT_NOFILE, &few_files);
    ::execv("/proc/self/exe", child_argv);
    ::_exit(127);
  }
  ::close(sv[1]);
  ::close(file);
  auto reader = std::make_unique<IsolatedReader>(pid, sv[0], sniffed, limits);
  SOHOA_RETURN_IF_ERROR(reader->AwaitOpened());
  return std::unique_ptr<PageReader>(std::move(reader));
}

}  // namespace sohoa::ocr
