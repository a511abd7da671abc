// Internal to ocr/: JPEG decoding with libjpeg itself. Leptonica's reader
// lets libjpeg print warnings ("Premature end of JPEG file") to stderr and
// inverts every CMYK JPEG that has an Adobe marker, which is right for image
// files and wrong inside a PDF; here both are ours to decide.
#pragma once

#include <string_view>

#include "ocr/page_source.h"
#include "schema/status.h"

namespace sohoa::ocr {

enum class CmykSamples {
  kAdobeInvertedIfMarked,  // image files: an Adobe APP14 marker means inverted CMYK
  kAsStored,               // PDF: samples as decoded; only /Decode inverts them
};

// Gray → 8 bpp; YCbCr/RGB/CMYK/YCCK → 32 bpp RGB. `invert` inverts every
// sample first (a PDF /Decode [1 0 ...]). The resolution is set from the
// JFIF density when it is in dots per inch or per cm. Returns Corrupt, with
// libjpeg's words and the row it got to, for a truncated or damaged file
// (any libjpeg warning), without decoding the rest after the first warning.
Result<PixPtr> DecodeJpegBytes(std::string_view bytes, CmykSamples cmyk, bool invert);

}  // namespace sohoa::ocr
