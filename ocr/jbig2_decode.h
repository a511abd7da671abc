// Internal to ocr/: JBIG2 image data as a PDF JBIG2Decode stream carries it
// (the embedded format, PDF 32000-1 7.4.7), decoded with libjbig2dec.
#pragma once

#include <string_view>

#include "ocr/page_source.h"
#include "schema/status.h"

namespace sohoa::ocr {

// Decodes one page of embedded JBIG2 data, with the segments of the
// /JBIG2Globals stream (empty when there is none), into a 1-bpp Pix in
// Leptonica's sense (1 is black), as the PDF paints it with DeviceGray and
// the default /Decode. Returns Corrupt, with the decoder's words, for data
// that is damaged or cut short.
Result<PixPtr> DecodeJbig2(std::string_view data, std::string_view globals);

}  // namespace sohoa::ocr
