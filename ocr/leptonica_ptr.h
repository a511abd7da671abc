// Internal to ocr/: owners for Leptonica handles, and a way to hear what
// Leptonica says. Leptonica's own header stays in the .cc files that call it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ocr/page_source.h"

struct Boxa;  // Leptonica's array of boxes
struct Pixa;  // Leptonica's array of images

namespace sohoa::ocr {

struct PixaDeleter {
  void operator()(Pixa* pixa) const noexcept;
};
using PixaPtr = std::unique_ptr<Pixa, PixaDeleter>;

struct BoxaDeleter {
  void operator()(Boxa* boxa) const noexcept;
};
using BoxaPtr = std::unique_ptr<Boxa, BoxaDeleter>;

// Bytes Leptonica allocated (pixWriteMem*, zlibCompress, ...).
struct LeptFree {
  void operator()(std::uint8_t* bytes) const noexcept;
};
using LeptBytes = std::unique_ptr<std::uint8_t, LeptFree>;

// Collects what Leptonica prints while it is alive, on this thread only, so
// that a decoding failure can say why. Messages printed while no collector is
// alive are dropped: Leptonica's chatter never reaches the service's stderr.
class LeptonicaMessages {
 public:
  LeptonicaMessages();
  ~LeptonicaMessages();
  LeptonicaMessages(const LeptonicaMessages&) = delete;
  LeptonicaMessages& operator=(const LeptonicaMessages&) = delete;

  // The messages so far, one per line, trimmed; "" when there were none.
  std::string Text() const;
  // Text() shortened to at most `max_chars`, for a Status message.
  std::string Summary(std::size_t max_chars = 300) const;

 private:
  std::string text_;
  std::string* previous_;
};

// Routes Leptonica's messages through LeptonicaMessages. Idempotent and
// thread-safe; LoadPages and EnginePool::Create call it.
void RouteLeptonicaMessages();

}  // namespace sohoa::ocr
