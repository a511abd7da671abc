// Internal to ocr/: the page images (or text) of a PDF held in memory.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ocr/page_source.h"
#include "schema/status.h"

namespace sohoa::ocr {

// Per page: the largest image it draws, decoded, turned as the page is shown
// (/Rotate and quarter turns of the image's transform), at the resolution it
// is drawn. A page without images but with text gets its text and a blank
// page-sized Pix at kTextPageDpi (lower for a page too large for the image
// limits at that resolution). Errors name the 1-based page.
Result<std::vector<PageImage>> LoadPdfPages(std::string_view bytes);

// The same, one page at a time: the file is parsed once by Open(), and each
// Read() decodes one page. Read() may be called from several threads; the
// PDF library is not thread-safe, so reads are serialised inside.
class PdfPageSource {
 public:
  static Result<std::unique_ptr<PdfPageSource>> Open(std::string bytes);
  ~PdfPageSource();
  PdfPageSource(const PdfPageSource&) = delete;
  PdfPageSource& operator=(const PdfPageSource&) = delete;

  int page_count() const;
  Result<PageImage> Read(int index);

 private:
  struct Impl;
  explicit PdfPageSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

inline constexpr int kTextPageDpi = 150;

}  // namespace sohoa::ocr
