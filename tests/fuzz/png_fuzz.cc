// Fuzzes ocr::PageReader on PNG files through Leptonica and libpng.
// Inputs of another type are not tried, so this corpus stays about them.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/page_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sohoa::fuzz::ReadEveryPage(data, size, sohoa::ocr::MediaType::kPng);
}
