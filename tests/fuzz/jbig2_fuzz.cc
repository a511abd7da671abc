// Fuzzes ocr::DecodeJbig2, the JBIG2 images of PDF pages, directly: the
// segment walk that checks the data is whole, then libjbig2dec. The input is
// a 2-byte big-endian length, that many bytes of /JBIG2Globals (fewer if the
// input ends first), and the page's embedded JBIG2 data.
#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ocr/jbig2_decode.h"
#include "ocr/raster_decode.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/page_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using sohoa::fuzz::Require;
  if (size < 2 || size > sohoa::fuzz::kMaxInputBytes) return -1;
  const std::string_view input = sohoa::fuzz::AsText(data, size).substr(2);
  const std::size_t globals_size = std::min<std::size_t>((data[0] << 8) | data[1], input.size());
  auto pix = sohoa::ocr::DecodeJbig2(input.substr(globals_size), input.substr(0, globals_size));
  if (!pix.ok()) {
    Require(!pix.status().message().empty(), "JBIG2 data refused with a reason");
    return 0;
  }
  Pix* image = pix->get();
  Require(image != nullptr && pixGetDepth(image) == 1, "JBIG2 decodes to a 1-bpp Pix");
  const long long w = pixGetWidth(image), h = pixGetHeight(image);
  Require(w > 0 && h > 0 && w * h <= sohoa::ocr::kMaxImagePixels,
          "a JBIG2 page is within the decoding limits");
  sohoa::fuzz::TouchRows(image);
  return 0;
}
