#include "ocr/leptonica_ptr.h"

#include <leptonica/allheaders.h>

#include <mutex>

namespace sohoa::ocr {
namespace {

thread_local std::string* g_sink = nullptr;

void CollectMessage(const char* message) {
  if (g_sink != nullptr && message != nullptr) g_sink->append(message);
}

}  // namespace

void PixaDeleter::operator()(Pixa* pixa) const noexcept { pixaDestroy(&pixa); }

void BoxaDeleter::operator()(Boxa* boxa) const noexcept { boxaDestroy(&boxa); }

void LeptFree::operator()(std::uint8_t* bytes) const noexcept { lept_free(bytes); }

void RouteLeptonicaMessages() {
  static std::once_flag once;
  std::call_once(once, [] { leptSetStderrHandler(CollectMessage); });
}

LeptonicaMessages::LeptonicaMessages() : previous_(g_sink) {
  RouteLeptonicaMessages();
  g_sink = &text_;
}

LeptonicaMessages::~LeptonicaMessages() { g_sink = previous_; }

std::string LeptonicaMessages::Text() const {
  std::string out;
  std::size_t start = 0;
  while (start < text_.size()) {
    std::size_t end = text_.find('\n', start);
    if (end == std::string::npos) end = text_.size();
    std::string_view line(text_.data() + start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (!line.empty()) {
      if (!out.empty()) out += "; ";
      out += line;
    }
    start = end + 1;
  }
  return out;
}

std::string LeptonicaMessages::Summary(std::size_t max_chars) const {
  std::string text = Text();
  if (text.size() > max_chars) {
    text.resize(max_chars);
    text += "...";
  }
  return text;
}

}  // namespace sohoa::ocr
