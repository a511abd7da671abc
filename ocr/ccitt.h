// Internal to ocr/: CCITT fax data as a PDF CCITTFaxDecode stream carries it.
#pragma once

#include <string>
#include <string_view>

#include "ocr/page_source.h"
#include "schema/status.h"

namespace sohoa::ocr {

// The /DecodeParms of a CCITTFaxDecode stream (PDF 32000-1 table 11).
struct CcittParams {
  int k = 0;  // < 0: Group 4; 0: Group 3 one-dimensional; > 0: Group 3 mixed
  int columns = 1728;
  int rows = 0;  // the image's /Height when the stream does not say
  bool black_is_1 = false;
  bool encoded_byte_align = false;
  bool end_of_line = false;
};

// Wraps the data in a one-strip TIFF with matching tags, in memory, so that
// libtiff (through Leptonica) can decode it. Exposed for tests.
std::string WrapCcittInTiff(std::string_view data, const CcittParams& params);

// Decodes to a 1-bpp Pix in Leptonica's sense (1 is black) as the PDF would
// paint it with DeviceGray and the default /Decode: BlackIs1 is applied here,
// a /Decode [1 0] is left to the caller.
Result<PixPtr> DecodeCcitt(std::string_view data, const CcittParams& params);

}  // namespace sohoa::ocr
