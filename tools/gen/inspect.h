// Reads back what the generator wrote, without the generator's own state:
// for tests and benchmarks that check a corpus on disk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "schema/status.h"

namespace sohoa::gen {

struct ImageInfo {
  int width = 0, height = 0;
  int depth = 0;  // bits per pixel, as stored (1, 8, 24)
  bool jpeg = false, png = false, tiff = false;
};

// Pages in a PDF, as PoDoFo counts them. Returns Corrupt if it cannot be parsed.
Result<int> CountPdfPages(const std::filesystem::path& path);
// Pages (directories) in a TIFF, as Leptonica counts them.
Result<int> CountTiffPages(const std::filesystem::path& path);
// The header of a JPEG, PNG or TIFF file.
Result<ImageInfo> ReadImageInfo(const std::filesystem::path& path);
// Page `page` of an image file (JPEG, PNG, or a page of a TIFF) as 8-bit grey.
struct GreyImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;  // row-major, 0 = black

  int At(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};
Result<GreyImage> ReadGrey(const std::filesystem::path& path, int page);

}  // namespace sohoa::gen
