// Internal to ocr/: decodes one PDF Image XObject into a Pix. PoDoFo types
// appear here (forward-declared): only ocr/*.cc include this.
#pragma once

#include <string>

#include "ocr/page_source.h"
#include "schema/status.h"

namespace PoDoFo {
class PdfObject;
}  // namespace PoDoFo

namespace sohoa::ocr {

// The image's /Width and /Height as the dictionary states them (0 if absent).
struct ImageSize {
  long long width = 0, height = 0;
};
ImageSize DeclaredImageSize(const PoDoFo::PdfObject& image);

// The samples as they are stored, upright in image space (row 0 is the top
// of the unit square): DCTDecode via libjpeg, JPXDecode via OpenJPEG,
// CCITTFaxDecode via libtiff, other filters via PoDoFo and then the
// /ColorSpace (Gray, RGB, CMYK, Indexed, ICCBased, Separation) and /Decode.
// JBIG2Decode via libjbig2dec. Returns Unsupported for unknown colour spaces,
// Corrupt for data that cannot be decoded. May throw PdfError.
// `jpeg`, when given, receives the DCT stream's bytes if a reader paints them
// as they decode (gray or RGB, no /Decode, no mask), and is left alone
// otherwise.
Result<PixPtr> DecodePdfImage(PoDoFo::PdfObject& image, std::string* jpeg = nullptr);

}  // namespace sohoa::ocr
