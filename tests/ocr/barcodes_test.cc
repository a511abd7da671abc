// Reading the QR code of a receipt slip, and keeping it out of the OCR text.
// Every page is built here from libqrencode and Leptonica, so the ocr tests
// stay independent of the generator in tools/.
#include "ocr/barcodes.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>
#include <qrencode.h>

#include <algorithm>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "tests/ocr/render.h"

namespace sohoa::ocr {
namespace {

constexpr char kDossierCode[] = "000.31.22.H32-230620-0017";
constexpr int kDpi = 300;
// 25 modules of 8 px: 200 px, 1.7 cm at 300 dpi, as on a receipt slip.
constexpr int kModulePx = 8;
constexpr int kQrX = 1900;
constexpr int kQrY = 250;

struct QrFree {
  void operator()(QRcode* q) const noexcept { QRcode_free(q); }
};

// Where the QR's modules are drawn on the upright page (quiet zone excluded).
sohoa::Box DrawnBox() {
  std::unique_ptr<QRcode, QrFree> qr(QRcode_encodeString8bit(kDossierCode, 0, QR_ECLEVEL_M));
  const int side = qr->width * kModulePx;
  return {kQrX, kQrY, side, side};
}

// An A4 page of Vietnamese text, 8-bit gray at 300 dpi, with the receipt's QR
// in the top right corner.
Pix* ReceiptPage() {
  static PixPtr page = [] {
    PixPtr pix = testing::RenderText(testing::VietnameseParagraphs());
    std::unique_ptr<QRcode, QrFree> qr(QRcode_encodeString8bit(kDossierCode, 0, QR_ECLEVEL_M));
    for (int row = 0; row < qr->width; ++row) {
      for (int col = 0; col < qr->width; ++col) {
        if ((qr->data[row * qr->width + col] & 1) == 0) continue;
        for (int dy = 0; dy < kModulePx; ++dy) {
          for (int dx = 0; dx < kModulePx; ++dx) {
            pixSetPixel(pix.get(), kQrX + col * kModulePx + dx, kQrY + row * kModulePx + dy, 0);
          }
        }
      }
    }
    return pix;
  }();
  return page.get();
}

Pix* TextPage() {
  static PixPtr page = testing::RenderText(testing::VietnameseParagraphs());
  return page.get();
}

bool Contains(const sohoa::Box& outer, int x, int y) {
  return x >= outer.x && x < outer.x + outer.w && y >= outer.y && y < outer.y + outer.h;
}

// `box` on a page `w` x `h` after `quarter_turns` clockwise quarter turns.
sohoa::Box TurnedClockwise(sohoa::Box box, int w, int h, int quarter_turns) {
  for (int i = 0; i < quarter_turns; ++i) {
    box = {h - box.y - box.h, box.x, box.h, box.w};
    std::swap(w, h);
  }
  return box;
}

// The read box matches the drawn one to within a module.
void ExpectNear(const sohoa::Box& read, const sohoa::Box& drawn) {
  EXPECT_NEAR(read.x, drawn.x, kModulePx);
  EXPECT_NEAR(read.y, drawn.y, kModulePx);
  EXPECT_NEAR(read.x + read.w, drawn.x + drawn.w, kModulePx);
  EXPECT_NEAR(read.y + read.h, drawn.y + drawn.h, kModulePx);
}

std::vector<sohoa::Box> Boxes(const std::vector<Barcode>& codes) {
  std::vector<sohoa::Box> boxes;
  for (const Barcode& code : codes) boxes.push_back(code.box);
  return boxes;
}

TEST(ReadBarcodesTest, ReadsTheDossierCodeAndItsBoxOnAnUprightReceipt) {
  const std::vector<Barcode> codes = ReadBarcodes(ReceiptPage());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].format, "QRCode");
  EXPECT_EQ(codes[0].text, kDossierCode);
  ExpectNear(codes[0].box, DrawnBox());
}

class TurnedReceiptTest : public ::testing::TestWithParam<int> {};

TEST_P(TurnedReceiptTest, ReadsTheCodeAndBoxesItWhereTheTurnedPageHasIt) {
  const int turns = GetParam();
  PixPtr turned(pixRotateOrth(ReceiptPage(), turns));
  pixSetResolution(turned.get(), kDpi, kDpi);
  const std::vector<Barcode> codes = ReadBarcodes(turned.get());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, kDossierCode);
  ExpectNear(codes[0].box, TurnedClockwise(DrawnBox(), pixGetWidth(ReceiptPage()),
                                           pixGetHeight(ReceiptPage()), turns));
}

INSTANTIATE_TEST_SUITE_P(EveryQuarterTurn, TurnedReceiptTest, ::testing::Values(1, 2, 3));

TEST(ReadBarcodesTest, ReadsAReceiptSkewedTwoDegrees) {
  PixPtr skewed(pixRotate(ReceiptPage(), static_cast<l_float32>(2.0 * std::numbers::pi / 180.0),
                          L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
  pixSetResolution(skewed.get(), kDpi, kDpi);
  const std::vector<Barcode> codes = ReadBarcodes(skewed.get());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, kDossierCode);
  // Turning about the page's centre moves the code a few pixels; its centre
  // stays inside the box that was drawn, and the read box holds that centre.
  const sohoa::Box drawn = DrawnBox();
  const sohoa::Box& read = codes[0].box;
  EXPECT_TRUE(Contains(drawn, read.x + read.w / 2, read.y + read.h / 2));
  EXPECT_NEAR(read.w, drawn.w, drawn.w / 10 + 2 * kModulePx);
}

TEST(ReadBarcodesTest, FindsNothingOnAPageOfTextWithoutACode) {
  EXPECT_TRUE(ReadBarcodes(TextPage()).empty());
}

TEST(ReadBarcodesTest, ReadsAOneBitPage) {
  PixPtr binary = testing::Threshold(ReceiptPage());
  pixSetResolution(binary.get(), kDpi, kDpi);
  const std::vector<Barcode> codes = ReadBarcodes(binary.get());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, kDossierCode);
  ExpectNear(codes[0].box, DrawnBox());
}

TEST(ReadBarcodesTest, ReadsAColourPage) {
  PixPtr colour(pixConvertTo32(ReceiptPage()));
  pixSetResolution(colour.get(), kDpi, kDpi);
  const std::vector<Barcode> codes = ReadBarcodes(colour.get());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, kDossierCode);
  ExpectNear(codes[0].box, DrawnBox());
}

TEST(ReadBarcodesTest, ReadsAPageThatDoesNotStateItsResolution) {
  PixPtr copy(pixCopy(nullptr, ReceiptPage()));
  pixSetResolution(copy.get(), 0, 0);
  const std::vector<Barcode> codes = ReadBarcodes(copy.get());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, kDossierCode);
  ExpectNear(codes[0].box, DrawnBox());
}

TEST(ReadBarcodesTest, ReadsNothingOnceTheCodeIsBlanked) {
  PixPtr copy(pixCopy(nullptr, ReceiptPage()));
  const std::vector<Barcode> codes = ReadBarcodes(copy.get());
  ASSERT_EQ(codes.size(), 1u);
  BlankRegions(copy.get(), Boxes(codes), 10);
  EXPECT_TRUE(ReadBarcodes(copy.get()).empty());
}

int WhitePixels8(Pix* pix) {
  int count = 0;
  for (int y = 0; y < pixGetHeight(pix); ++y) {
    for (int x = 0; x < pixGetWidth(pix); ++x) {
      l_uint32 v = 0;
      pixGetPixel(pix, x, y, &v);
      if (v == 255) ++count;
    }
  }
  return count;
}

TEST(BlankRegionsTest, WhitensExactlyTheGrownBoxOnAGrayPage) {
  PixPtr page(pixCreate(100, 80, 8));  // all 0: black
  BlankRegions(page.get(), {{20, 30, 10, 5}}, 3);
  EXPECT_EQ(WhitePixels8(page.get()), 16 * 11);
  l_uint32 v = 0;
  pixGetPixel(page.get(), 17, 27, &v);
  EXPECT_EQ(v, 255u);
  pixGetPixel(page.get(), 32, 37, &v);
  EXPECT_EQ(v, 255u);
  pixGetPixel(page.get(), 16, 27, &v);
  EXPECT_EQ(v, 0u);
  pixGetPixel(page.get(), 33, 38, &v);
  EXPECT_EQ(v, 0u);
}

TEST(BlankRegionsTest, ClipsABoxThatRunsOffThePage) {
  PixPtr page(pixCreate(100, 80, 8));
  BlankRegions(page.get(), {{-10, -10, 20, 20}, {90, 70, 30, 30}}, 2);
  // (0,0)-(12,12) and (88,68)-(100,80).
  EXPECT_EQ(WhitePixels8(page.get()), 12 * 12 + 12 * 12);
}

TEST(BlankRegionsTest, PaintsAColourPageWhite) {
  PixPtr page(pixCreate(50, 50, 32));
  BlankRegions(page.get(), {{10, 10, 5, 5}}, 0);
  l_int32 r = 0, g = 0, b = 0;
  pixGetRGBPixel(page.get(), 12, 12, &r, &g, &b);
  EXPECT_EQ(r, 255);
  EXPECT_EQ(g, 255);
  EXPECT_EQ(b, 255);
  pixGetRGBPixel(page.get(), 9, 9, &r, &g, &b);
  EXPECT_EQ(r + g + b, 0);
}

TEST(BlankRegionsTest, ClearsTheBlackBitsOfAOneBitPage) {
  PixPtr page(pixCreate(64, 64, 1));
  pixSetAll(page.get());  // 1 is black
  BlankRegions(page.get(), {{8, 8, 8, 8}}, 4);
  l_int32 black = 0;
  pixCountPixels(page.get(), &black, nullptr);
  EXPECT_EQ(black, 64 * 64 - 16 * 16);
}

}  // namespace
}  // namespace sohoa::ocr
