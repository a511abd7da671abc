#include "tools/server/page_png.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstdlib>

#include "ocr/isolated_reader.h"

namespace sohoa::server {

Result<std::string> PagePng(const std::filesystem::path& blob, int source_page, int rotation, int width,
                            const Box* crop) {
  SOHOA_ASSIGN_OR_RETURN(auto reader, ocr::OpenIsolated(blob));
  if (source_page < 0 || source_page >= reader->page_count()) return NotFound("no such page in the scan");
  SOHOA_ASSIGN_OR_RETURN(ocr::PageImage page, reader->Read(source_page));
  if (page.pix == nullptr) return Corrupt("the page has no image");
  ocr::PixPtr pix = std::move(page.pix);
  if (const int quarters = ((rotation / 90) % 4 + 4) % 4; quarters != 0) {
    pix.reset(pixRotateOrth(pix.get(), quarters));
    if (pix == nullptr) return Internal("cannot turn the page");
  }
  if (crop != nullptr) {
    const int page_w = pixGetWidth(pix.get()), page_h = pixGetHeight(pix.get());
    const int x = std::clamp(crop->x, 0, page_w - 1), y = std::clamp(crop->y, 0, page_h - 1);
    const int w = std::clamp(crop->w, 1, page_w - x), h = std::clamp(crop->h, 1, page_h - y);
    BOX* box = boxCreate(x, y, w, h);
    pix.reset(pixClipRectangle(pix.get(), box, nullptr));
    boxDestroy(&box);
    if (pix == nullptr) return Internal("cannot cut the row out of the page");
  }
  const int own = pixGetWidth(pix.get());
  const int target = width > 0 ? width : std::min(own, kMaxImageWidth);
  if (target != own && own > 0) {
    const float scale = static_cast<float>(target) / static_cast<float>(own);
    // Grey text stays readable when shrunk (pixScale smooths; 1 bpp becomes grey).
    pix.reset(pixScale(pix.get(), scale, scale));
    if (pix == nullptr) return Internal("cannot scale the page");
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixWriteMem(&data, &size, pix.get(), IFF_PNG) != 0 || data == nullptr) {
    return Internal("cannot encode the page as PNG");
  }
  std::string png(reinterpret_cast<const char*>(data), size);
  std::free(data);
  return png;
}

}  // namespace sohoa::server
