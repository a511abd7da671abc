#include "ocr/jbig2_decode.h"

#include <leptonica/allheaders.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

// jbig2.h ends with "#ifndef inline / #define inline" for old C compilers,
// which in C++ would erase the keyword from everything included after it.
extern "C" {
#include <jbig2.h>
}
#undef inline

#include "ocr/raster_decode.h"

namespace sohoa::ocr {
namespace {

struct Jbig2CtxFree {
  void operator()(Jbig2Ctx* ctx) const noexcept { jbig2_ctx_free(ctx); }
};
using Jbig2CtxPtr = std::unique_ptr<Jbig2Ctx, Jbig2CtxFree>;

struct Jbig2GlobalFree {
  void operator()(Jbig2GlobalCtx* global) const noexcept { jbig2_global_ctx_free(global); }
};
using Jbig2GlobalPtr = std::unique_ptr<Jbig2GlobalCtx, Jbig2GlobalFree>;

// libjbig2dec allocates what the segments ask for before it reads their
// data: a text region naming 2^31 symbols gets a 2 GB table from 100 bytes.
// Every allocation of one decode goes through this budget, and one past it
// fails, which libjbig2dec reports as a fatal error.
class MemoryBudget {
 public:
  explicit MemoryBudget(std::size_t limit) : limit_(limit) {
    allocator_.alloc = Alloc;
    allocator_.free = Free;
    allocator_.realloc = Realloc;
  }
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  Jbig2Allocator* allocator() { return &allocator_; }
  bool exceeded() const { return exceeded_; }

 private:
  // Each block starts with its size, padded so that what follows is aligned.
  static constexpr std::size_t kHeader = alignof(std::max_align_t);

  static MemoryBudget* Of(Jbig2Allocator* allocator) {
    return reinterpret_cast<MemoryBudget*>(reinterpret_cast<char*>(allocator) -
                                           offsetof(MemoryBudget, allocator_));
  }
  static std::size_t& SizeOf(void* block) { return *static_cast<std::size_t*>(block); }

  bool Take(std::size_t more) {
    if (more > limit_ - used_) {
      exceeded_ = true;
      return false;
    }
    used_ += more;
    return true;
  }

  static void* Alloc(Jbig2Allocator* allocator, std::size_t size) {
    MemoryBudget* budget = Of(allocator);
    if (!budget->Take(size)) return nullptr;
    void* block = std::malloc(kHeader + size);
    if (block == nullptr) {
      budget->used_ -= size;
      return nullptr;
    }
    SizeOf(block) = size;
    return static_cast<char*>(block) + kHeader;
  }

  static void Free(Jbig2Allocator* allocator, void* p) {
    if (p == nullptr) return;
    void* block = static_cast<char*>(p) - kHeader;
    Of(allocator)->used_ -= SizeOf(block);
    std::free(block);
  }

  static void* Realloc(Jbig2Allocator* allocator, void* p, std::size_t size) {
    if (p == nullptr) return Alloc(allocator, size);
    MemoryBudget* budget = Of(allocator);
    void* block = static_cast<char*>(p) - kHeader;
    const std::size_t old = SizeOf(block);
    if (size > old && !budget->Take(size - old)) return nullptr;
    void* moved = std::realloc(block, kHeader + size);
    if (moved == nullptr) {
      if (size > old) budget->used_ -= size - old;
      return nullptr;
    }
    if (size < old) budget->used_ -= old - size;
    SizeOf(moved) = size;
    return static_cast<char*>(moved) + kHeader;
  }

  Jbig2Allocator allocator_;
  std::size_t limit_;
  std::size_t used_ = 0;
  bool exceeded_ = false;
};

// What one decode may allocate: the largest page sohoa takes is 50 MB at
// one bit a pixel; regions, symbols and tables come on top.
constexpr std::size_t kMaxJbig2DecodeBytes = std::size_t{256} << 20;

// A decoded page belongs to its context: it is released through it.
class PageOut {
 public:
  PageOut(Jbig2Ctx* ctx, Jbig2Image* image) : ctx_(ctx), image_(image) {}
  ~PageOut() {
    if (image_ != nullptr) jbig2_release_page(ctx_, image_);
  }
  PageOut(const PageOut&) = delete;
  PageOut& operator=(const PageOut&) = delete;
  const Jbig2Image* get() const { return image_; }

 private:
  Jbig2Ctx* ctx_;
  Jbig2Image* image_;
};

// What the decoder said, for the Status message. Warnings count as damage:
// libjbig2dec warns (and carries on) when a stream ends early.
struct Messages {
  std::string text;
  bool damaged = false;
};

void Collect(void* data, const char* msg, Jbig2Severity severity, uint32_t /*seg_idx*/) {
  if (severity != JBIG2_SEVERITY_WARNING && severity != JBIG2_SEVERITY_FATAL) return;
  auto* messages = static_cast<Messages*>(data);
  messages->damaged = true;
  if (messages->text.size() < 300 && msg != nullptr) {
    if (!messages->text.empty()) messages->text += "; ";
    messages->text += msg;
  }
}

Status Damaged(const Messages& messages, std::string_view what) {
  std::string out = "JBIG2 image data is damaged or cut short (" + std::string(what) + ")";
  if (!messages.text.empty()) out += ": " + messages.text;
  return Corrupt(out);
}

Status TooLarge() {
  return Unsupported("JBIG2 image would need more than " +
                     std::to_string(kMaxJbig2DecodeBytes >> 20) +
                     " MB of memory to decode; sohoa takes pages of at most " +
                     std::to_string(kMaxImagePixels / 1'000'000) + " megapixels");
}

std::uint32_t BigEndian(std::string_view data, std::size_t at, int size) {
  std::uint32_t value = 0;
  for (int i = 0; i < size; ++i) value = (value << 8) | static_cast<std::uint8_t>(data[at + i]);
  return value;
}

// libjbig2dec keeps a segment that ends early in its buffer and finishes the
// page without it, silently: walk the segment headers (T.88 7.2) to see that
// every segment is whole. Returns "" or what is wrong.
std::string CheckSegmentsComplete(std::string_view data) {
  std::size_t at = 0;
  while (at < data.size()) {
    const auto need = [&](std::size_t n) { return at + n <= data.size(); };
    if (!need(6)) return "a segment header is cut short";
    const std::uint32_t number = BigEndian(data, at, 4);
    const auto flags = static_cast<std::uint8_t>(data[at + 4]);
    at += 5;
    std::uint32_t referred = static_cast<std::uint8_t>(data[at]) >> 5;
    if (referred == 7) {
      if (!need(4)) return "a segment header is cut short";
      referred = BigEndian(data, at, 4) & 0x1FFFFFFF;
      at += 4 + (referred + 8) / 8;
    } else if (referred > 4) {
      return "a segment header is malformed";
    } else {
      at += 1;
    }
    const std::size_t number_size = number <= 256 ? 1 : number <= 65536 ? 2 : 4;
    const std::size_t page_size = (flags & 0x40) != 0 ? 4 : 1;
    const std::size_t rest = static_cast<std::size_t>(referred) * number_size + page_size + 4;
    if (!need(rest)) return "a segment header is cut short";
    at += rest;
    const std::uint32_t length = BigEndian(data, at - 4, 4);
    // An immediate generic region of unknown length runs to a marker that
    // only the decoder looks for.
    if (length == 0xFFFFFFFF) return "";
    if (!need(length)) {
      return "segment " + std::to_string(number) + " ends after " + std::to_string(data.size() - at) +
             " of its " + std::to_string(length) + " bytes";
    }
    at += length;
  }
  return "";
}

}  // namespace

Result<PixPtr> DecodeJbig2(std::string_view data, std::string_view globals) {
  // Declared first: the contexts and the page are freed through it.
  MemoryBudget budget(kMaxJbig2DecodeBytes);
  Messages messages;
  if (data.empty()) return Corrupt("JBIG2 image has no data");
  for (const auto& [bytes, where] : {std::pair{globals, "/JBIG2Globals"}, std::pair{data, "image data"}}) {
    const std::string problem = CheckSegmentsComplete(bytes);
    if (!problem.empty()) {
      return Corrupt("JBIG2 " + std::string(where) + " is cut short or damaged: " + problem);
    }
  }
  Jbig2GlobalPtr global;
  if (!globals.empty()) {
    Jbig2CtxPtr ctx(
        jbig2_ctx_new(budget.allocator(), JBIG2_OPTIONS_EMBEDDED, nullptr, Collect, &messages));
    if (!ctx) return Unavailable("not enough memory for the JBIG2 decoder");
    if (jbig2_data_in(ctx.get(), reinterpret_cast<const unsigned char*>(globals.data()),
                      globals.size()) < 0) {
      if (budget.exceeded()) return TooLarge();
      return Damaged(messages, "in /JBIG2Globals");
    }
    // The context becomes the global context: it is freed as that.
    global.reset(jbig2_make_global_ctx(ctx.release()));
  }

  Jbig2CtxPtr ctx(
      jbig2_ctx_new(budget.allocator(), JBIG2_OPTIONS_EMBEDDED, global.get(), Collect, &messages));
  if (!ctx) return Unavailable("not enough memory for the JBIG2 decoder");
  if (jbig2_data_in(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size()) < 0) {
    if (budget.exceeded()) return TooLarge();
    return Damaged(messages, "while reading");
  }
  if (jbig2_complete_page(ctx.get()) < 0) {
    if (budget.exceeded()) return TooLarge();
    return Damaged(messages, "at the end of the page");
  }
  PageOut page(ctx.get(), jbig2_page_out(ctx.get()));
  const Jbig2Image* image = page.get();
  if (budget.exceeded()) return TooLarge();
  if (image == nullptr) return Damaged(messages, "no page in the data");
  if (messages.damaged) return Damaged(messages, "decoder warnings");
  SOHOA_RETURN_IF_ERROR(CheckImageSize(image->width, image->height));
  if (image->width == 0 || image->height == 0) return Damaged(messages, "empty page");

  PixPtr pix(pixCreate(static_cast<l_int32>(image->width), static_cast<l_int32>(image->height), 1));
  if (!pix) return Unavailable("not enough memory for the JBIG2 page");
  // Both store 1 bpp with 1 = black, most significant bit first; Leptonica's
  // words are native-endian 32-bit, so copy bytes and then swap.
  l_uint32* dst = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  const std::size_t row_bytes = (image->width + 7) / 8;
  for (uint32_t y = 0; y < image->height; ++y) {
    std::memcpy(reinterpret_cast<std::uint8_t*>(dst + static_cast<std::size_t>(wpl) * y),
                image->data + static_cast<std::size_t>(image->stride) * y, row_bytes);
  }
  pixEndianByteSwap(pix.get());
  pixSetPadBits(pix.get(), 0);
  return pix;
}

}  // namespace sohoa::ocr
