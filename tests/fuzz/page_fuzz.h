// The page harnesses (page_reader, pdf, tiff, png, jpeg): bytes opened as
// ingest opens a scan, every page read as the pipeline reads them (all of
// them, also after one fails), and what ocr/page_source.h promises of a page
// checked.
#pragma once

#include <leptonica/allheaders.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "ocr/page_source.h"
#include "ocr/raster_decode.h"
#include "tests/fuzz/fuzz_support.h"

namespace sohoa::fuzz {

// Reads the first and last word of every row, so that a Pix whose buffer is
// smaller than its size says is caught by AddressSanitizer.
inline void TouchRows(Pix* pix) {
  const l_uint32* data = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  const int h = pixGetHeight(pix);
  Require(data != nullptr && wpl > 0, "a page's Pix has pixels");
  volatile l_uint32 sink = 0;
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<std::size_t>(wpl) * y;
    sink = sink ^ line[0] ^ line[wpl - 1];
  }
}

// `only`: the type a harness is about; other inputs are not tried (-1).
inline int ReadEveryPage(const std::uint8_t* data, std::size_t size,
                         std::optional<ocr::MediaType> only) {
  if (size > kMaxInputBytes) return -1;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (only && ocr::SniffMediaType(bytes) != *only) return -1;
  auto reader = ocr::PageReader::OpenBytes(std::move(bytes));
  if (!reader.ok()) {
    Require(!reader.status().message().empty(), "a refused file is refused with a reason");
    return 0;
  }
  const ocr::PageReader& pages = **reader;
  Require(pages.page_count() >= 1, "an opened file has pages");
  for (int i = 0; i < pages.page_count(); ++i) {
    auto page = pages.Read(i);
    if (!page.ok()) {
      Require(!page.status().message().empty(), "a page that cannot be read says why");
      continue;
    }
    Require(page->pix != nullptr, "a page read has an image");
    Require(page->source_page == i, "a page knows its index");
    const long long w = page->width(), h = page->height();
    Require(w > 0 && h > 0, "a page image is not empty");
    Require(w <= ocr::kMaxImageSide && h <= ocr::kMaxImageSide && w * h <= ocr::kMaxImagePixels,
            "a page image is within the decoding limits");
    TouchRows(page->pix.get());
  }
  return 0;
}

}  // namespace sohoa::fuzz
