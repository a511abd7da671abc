// QR codes and 1-D barcodes on a page (zxing-cpp). A receipt slip carries its
// dossier code this way; the regions are also kept out of the OCR text.
#pragma once

#include <string>
#include <vector>

#include "ocr/page_source.h"
#include "schema/dossier.h"

namespace sohoa::ocr {

struct Barcode {
  std::string format;  // "QRCode", "Code128", ... as zxing names it
  std::string text;    // the decoded content, UTF-8
  Box box;             // in the pixels of the image it was read from
};

// Every QR code and 1-D barcode zxing can read on `pix` (any depth), in any
// of the four orientations. Never fails: an unreadable code is simply absent.
std::vector<Barcode> ReadBarcodes(Pix* pix);

// Paints each box (grown by `margin` pixels) white on `pix` (8 or 32 bpp), so
// Tesseract does not read the modules of a code as letters.
void BlankRegions(Pix* pix, const std::vector<Box>& boxes, int margin);

}  // namespace sohoa::ocr
