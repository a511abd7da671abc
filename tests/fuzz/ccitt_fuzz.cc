// Fuzzes ocr::DecodeCcitt, the CCITT fax images of PDF pages, directly:
// sohoa's TIFF wrapper, then libtiff through Leptonica. The first 6 bytes
// are the /DecodeParms, the rest the data:
//   byte 0      K: 0 mod 3 is Group 4 (-1), 1 is Group 3 1-D (0), 2 is Group 3 2-D (1)
//   bytes 1-2   Columns, big-endian
//   bytes 3-4   Rows, big-endian
//   byte 5      bit 0 BlackIs1, bit 1 EncodedByteAlign, bit 2 EndOfLine
#include <leptonica/allheaders.h>

#include <cstddef>
#include <cstdint>

#include "ocr/ccitt.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/page_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using sohoa::fuzz::Require;
  if (size < 6 || size > sohoa::fuzz::kMaxInputBytes) return -1;
  sohoa::ocr::CcittParams params;
  params.k = data[0] % 3 - 1;
  params.columns = (data[1] << 8) | data[2];
  params.rows = (data[3] << 8) | data[4];
  params.black_is_1 = (data[5] & 1) != 0;
  params.encoded_byte_align = (data[5] & 2) != 0;
  params.end_of_line = (data[5] & 4) != 0;
  auto pix = sohoa::ocr::DecodeCcitt(sohoa::fuzz::AsText(data, size).substr(6), params);
  if (!pix.ok()) {
    Require(!pix.status().message().empty(), "CCITT data refused with a reason");
    return 0;
  }
  Pix* image = pix->get();
  Require(image != nullptr && pixGetDepth(image) == 1, "CCITT decodes to a 1-bpp Pix");
  Require(pixGetWidth(image) == params.columns && pixGetHeight(image) == params.rows,
          "a CCITT image has the size its parameters give");
  sohoa::fuzz::TouchRows(image);
  return 0;
}
