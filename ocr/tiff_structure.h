// Internal to ocr/: whether a TIFF holds all of itself. libtiff stops at a
// directory that lies past the end of the file and reports the pages before
// it, so a multi-page TIFF cut short by an interrupted copy would be taken as
// its first pages. This walks the directory chain and the image data of every
// page against the file's length before anything is decoded.
#pragma once

#include <string_view>

#include "schema/status.h"

namespace sohoa::ocr {

// Corrupt, naming the page, when a directory, an array it points to, or a
// page's image data (strips or tiles) lies past the end of the bytes, or the
// directory chain loops. OK for a complete file; other damage is left to
// the decoder to find.
Status CheckTiffComplete(std::string_view bytes);

}  // namespace sohoa::ocr
