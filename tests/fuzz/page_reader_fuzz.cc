// Fuzzes ocr::PageReader as ingest meets a file: any bytes, the type judged
// from them (JPEG, PNG, TIFF, PDF, or a refusal), then every page read.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "tests/fuzz/page_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sohoa::fuzz::ReadEveryPage(data, size, std::nullopt);
}
