// Internal to ocr/: the page images (or text) of a PDF held in memory.
#pragma once

#include <string_view>
#include <vector>

#include "ocr/page_source.h"
#include "schema/status.h"

namespace sohoa::ocr {

// Per page: the largest image it draws, decoded, turned as the page is shown
// (/Rotate and quarter turns of the image's transform), at the resolution it
// is drawn. A page without images but with text gets its text and a blank
// page-sized Pix at kTextPageDpi. Errors name the 1-based page.
Result<std::vector<PageImage>> LoadPdfPages(std::string_view bytes);

inline constexpr int kTextPageDpi = 150;

}  // namespace sohoa::ocr
