// Fuzzes ocr::PageReader on PDF files: PoDoFo's parser, then each page's largest image through its
// codec (DCT, Flate and the other filters, CCITT, JBIG2, JPX) or its text. Inputs of another type
// are not tried, so this corpus stays about them.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/page_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sohoa::fuzz::ReadEveryPage(data, size, sohoa::ocr::MediaType::kPdf);
}
