// Internal to ocr/: decoding JPEG, PNG, TIFF and JPEG 2000 bytes with
// Leptonica, with a guard against images too large to hold in memory.
#pragma once

#include <string_view>
#include <vector>

#include "ocr/page_source.h"
#include "schema/status.h"

namespace sohoa::ocr {

// A page image larger than this is refused before any pixel is allocated.
inline constexpr long long kMaxImageSide = 30000;
inline constexpr long long kMaxImagePixels = 400'000'000;

// OK, or Unsupported saying how large the image is and what sohoa takes.
Status CheckImageSize(long long width, long long height);

// Each returns Corrupt with the decoder's reason when the bytes do not
// decode, including a JPEG that libjpeg could only partly read.
Result<PixPtr> DecodeJpeg(std::string_view bytes);
Result<PixPtr> DecodePng(std::string_view bytes);
Result<PixPtr> DecodeJpeg2000(std::string_view bytes);
// Every page of a (multi-page) TIFF, in order. Errors name the 1-based page.
Result<std::vector<PixPtr>> DecodeTiffPages(std::string_view bytes);
// The number of pages (directories) of a TIFF, and one page of it.
Result<int> CountTiffPages(std::string_view bytes);
Result<PixPtr> DecodeTiffPage(std::string_view bytes, int index);

// Resamples a page whose pixels are not square (xres != yres) so that they
// are, at the larger of the two resolutions; returns that resolution.
// A page with square pixels or unknown resolution is returned as is.
Result<PixPtr> MakePixelsSquare(PixPtr pix, int xres, int yres, int* dpi);

}  // namespace sohoa::ocr
