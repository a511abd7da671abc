#include "ocr/jbig2_decode.h"

#include <leptonica/allheaders.h>

#include <cstdint>
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
    Jbig2CtxPtr ctx(jbig2_ctx_new(nullptr, JBIG2_OPTIONS_EMBEDDED, nullptr, Collect, &messages));
    if (!ctx) return Unavailable("not enough memory for the JBIG2 decoder");
    if (jbig2_data_in(ctx.get(), reinterpret_cast<const unsigned char*>(globals.data()),
                      globals.size()) < 0) {
      return Damaged(messages, "in /JBIG2Globals");
    }
    // The context becomes the global context: it is freed as that.
    global.reset(jbig2_make_global_ctx(ctx.release()));
  }

  Jbig2CtxPtr ctx(
      jbig2_ctx_new(nullptr, JBIG2_OPTIONS_EMBEDDED, global.get(), Collect, &messages));
  if (!ctx) return Unavailable("not enough memory for the JBIG2 decoder");
  if (jbig2_data_in(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size()) < 0) {
    return Damaged(messages, "while reading");
  }
  if (jbig2_complete_page(ctx.get()) < 0) return Damaged(messages, "at the end of the page");
  PageOut page(ctx.get(), jbig2_page_out(ctx.get()));
  const Jbig2Image* image = page.get();
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
