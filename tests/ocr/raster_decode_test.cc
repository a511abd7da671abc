// Decoding guards of ocr/raster_decode.h that the page tests do not reach
// through a file: resolutions a damaged header can state.
#include "ocr/raster_decode.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

namespace sohoa::ocr {
namespace {

TEST(MakePixelsSquareTest, RefusesResolutionsTooFarApartInsteadOfCallingThePixelsSquare) {
  // A fuzzed TIFF said 67,108,868 x 300 dpi; 67108868 * 50 overflowed an
  // int, and the page passed as square at 67 million dpi.
  PixPtr pix(pixCreate(8, 8, 1));
  int dpi = 0;
  auto square = MakePixelsSquare(std::move(pix), 67'108'868, 300, &dpi);
  ASSERT_FALSE(square.ok());
  EXPECT_EQ(square.status().code(), StatusCode::kUnsupported) << square.status().ToString();
}

TEST(MakePixelsSquareTest, LeavesPixelsWithinTwoPercentOfSquareAsTheyAre) {
  PixPtr pix(pixCreate(8, 8, 1));
  Pix* before = pix.get();
  int dpi = 0;
  auto square = MakePixelsSquare(std::move(pix), 300, 295, &dpi);
  ASSERT_TRUE(square.ok()) << square.status().ToString();
  EXPECT_EQ(square->get(), before);
  EXPECT_EQ(dpi, 300);
}

}  // namespace
}  // namespace sohoa::ocr
