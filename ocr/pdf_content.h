// Internal to ocr/: what a PDF page's content stream draws: the images (with
// the transform they are drawn with) and the text. PoDoFo types appear here
// (forward-declared): only ocr/*.cc include this. Functions may throw PdfError.
#pragma once

#include <string>
#include <vector>

namespace PoDoFo {
class PdfMemDocument;
class PdfObject;
class PdfPage;
class PdfVecObjects;
}  // namespace PoDoFo

namespace sohoa::ocr {

// A PDF transform [a b c d e f]: x' = a x + c y + e, y' = b x + d y + f.
struct PdfMatrix {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
};

// `m` applied first, then `then`.
PdfMatrix Concat(const PdfMatrix& m, const PdfMatrix& then);

struct PlacedImage {
  PoDoFo::PdfObject* image = nullptr;  // an Image XObject (owned by the document)
  PdfMatrix ctm;                       // maps the unit square to page space
  bool ctm_known = true;               // false when found only in /Resources
};

struct PageContent {
  std::vector<PlacedImage> images;  // in drawing order, Form XObjects included
  std::string text;                 // shown text; lines separated by '\n'
  bool has_text = false;            // some text-showing operator showed a glyph
  bool paints = false;              // paths or shadings are painted
  int inline_images = 0;            // BI ... ID ... EI images (not decoded)
};

// Walks the page's content stream and the Form XObjects it draws.
PageContent ScanPageContent(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfPage& page);

// Every Image XObject in `resources`, also inside Form XObjects, drawn or
// not: the fallback when the content stream cannot be read. References are
// followed through `objects`, the document's.
std::vector<PlacedImage> ImagesInResources(PoDoFo::PdfObject* resources,
                                           PoDoFo::PdfVecObjects* objects);

}  // namespace sohoa::ocr
