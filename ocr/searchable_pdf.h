// Searchable PDF: the original page images with an invisible text layer
// placed by the recognised word boxes, one PDF per document (PoDoFo).
#pragma once

#include <string>
#include <vector>

#include "ocr/page_source.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::ocr {

// A page image already encoded the way it goes into the PDF, so that the
// (slow) encoding happens on the OCR workers and JPEG scans pass through
// byte for byte, never re-compressed.
struct EncodedImage {
  enum class Filter { kNone, kDct, kFlate, kCcittG4 };
  Filter filter = Filter::kNone;  // kNone: no image (a born-digital page)
  std::string data;               // the stream bytes
  int width = 0, height = 0;      // pixels
  int components = 1;             // 1 gray / bilevel, 3 RGB, 4 CMYK (DCT only)
  int bits_per_component = 8;     // 1 for CCITT G4 and bilevel Flate
};

// Encodes a page's original image for the PDF: its JPEG bytes unchanged when
// it has them (PageImage::jpeg), CCITT G4 for 1-bit images, Flate otherwise.
// Runs on the OCR worker that holds the page.
Result<EncodedImage> EncodeForPdf(const PageImage& page);

struct SearchablePage {
  const EncodedImage* image = nullptr;
  int dpi = 0;                 // of the image; 0 = 300
  int rotation = 0;            // clockwise quarter turn (0/90/180/270) that makes it upright
  std::vector<Word> words;     // boxes in the ORIGINAL image's pixels
  std::string text;            // for a born-digital page with no words: placed as plain lines
};

struct PdfMetadata {
  std::string title;           // e.g. the dossier code and document title
  std::string subject;
  std::string keywords;
  // ISO 8601; "" writes no date. Nothing else varies: the same pages and
  // metadata give the same bytes, so a write retried after a crash finds
  // the blob the first one left.
  std::string creation_date;
};

// Writes a PDF (version >= 1.4) whose pages show each image upright at its
// own resolution, with the words as invisible (render mode 3) text in an
// embedded font that covers Vietnamese, so `pdftotext` returns the text in
// reading order with diacritics intact. Returns the PDF bytes.
Result<std::string> WriteSearchablePdf(const std::vector<SearchablePage>& pages, const PdfMetadata& metadata);

}  // namespace sohoa::ocr
