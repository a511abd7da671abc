// The Leptonica steps before recognition (ocr/cleanup.h, internal to ocr/;
// tested directly because orientation and skew are easier to pin down here
// than through Tesseract).
#include "ocr/cleanup.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <cmath>
#include <numbers>

#include "tests/ocr/render.h"

namespace sohoa::ocr {
namespace {

constexpr double kPi = std::numbers::pi;

// Rendered once: an A4 page of Vietnamese text at 300 dpi.
Pix* VietnamesePage() {
  static PixPtr page = testing::RenderText(testing::VietnameseParagraphs());
  return page.get();
}

PixPtr TurnedClockwise(Pix* pix, double degrees) {
  return PixPtr(pixRotate(pix, static_cast<l_float32>(degrees * kPi / 180.0), L_ROTATE_AREA_MAP,
                          L_BRING_IN_WHITE, 0, 0));
}

class OrientationTest : public ::testing::TestWithParam<int> {};

TEST_P(OrientationTest, FindsTheQuarterTurnThatMakesAVietnamesePageUpright) {
  const int turns = GetParam();
  PixPtr turned(pixRotateOrth(VietnamesePage(), turns));
  const OrientationGuess guess = GuessOrientation(turned.get(), 300);
  EXPECT_TRUE(guess.sure) << "up " << guess.up_confidence << ", left " << guess.left_confidence;
  EXPECT_EQ(guess.quarter_turns, (4 - turns) % 4);
}

INSTANTIATE_TEST_SUITE_P(EveryQuarterTurn, OrientationTest, ::testing::Values(0, 1, 2, 3));

TEST(OrientationTest, IsNotSureAboutAPageWithoutText) {
  PixPtr blank(pixCreate(2480, 3508, 8));
  pixSetAll(blank.get());  // 8-bit all ones: white
  EXPECT_FALSE(GuessOrientation(blank.get(), 300).sure);
}

TEST(DeskewTest, MeasuresATwoAndAHalfDegreeSkewWithinAThirdOfADegree) {
  PixPtr skewed = TurnedClockwise(VietnamesePage(), 2.5);
  float confidence = 0;
  const float correction = MeasureSkewDegrees(skewed.get(), &confidence);
  EXPECT_NEAR(correction, -2.5, 0.3);
  EXPECT_GT(confidence, 3.0f);
}

class SkewAfterTurnTest : public ::testing::TestWithParam<int> {};

TEST_P(SkewAfterTurnTest, MeasuresTheSkewOfATurnedPageOnItsSketchWithinAThirdOfADegree) {
  const int turns = GetParam();
  PixPtr skewed = TurnedClockwise(VietnamesePage(), 1.7);
  PixPtr turned(pixRotateOrth(skewed.get(), turns));
  const PageSketch sketch = MakeSketch(turned.get(), 300);
  ASSERT_NE(sketch.bin, nullptr);
  EXPECT_EQ(sketch.dpi, 150);
  const OrientationGuess guess = GuessOrientation(sketch);
  ASSERT_TRUE(guess.sure);
  ASSERT_EQ(guess.quarter_turns, (4 - turns) % 4);
  float confidence = 0;
  EXPECT_NEAR(MeasureSkewDegrees(sketch, guess.quarter_turns, &confidence), -1.7, 0.3);
}

INSTANTIATE_TEST_SUITE_P(EveryQuarterTurn, SkewAfterTurnTest, ::testing::Values(0, 1, 2, 3));

TEST(DeskewTest, DoesNotRotateAPageForATenthOfADegree) {
  PixPtr skewed = TurnedClockwise(VietnamesePage(), 0.1);
  float confidence = 0;
  EXPECT_EQ(MeasureSkewDegrees(skewed.get(), &confidence), 0.0f);
  EXPECT_GT(confidence, 3.0f);  // it saw the text lines: the skew is small, not unknown
}

TEST(DeskewTest, StraightensThePageItPreparesAndSaysByHowMuch) {
  PixPtr skewed = TurnedClockwise(VietnamesePage(), -1.8);
  auto gray = ToGrayForOcr(skewed.get(), 300);
  ASSERT_TRUE(gray.ok()) << gray.status().ToString();
  auto prepared = Prepare(std::move(gray).value(), 0);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  EXPECT_NEAR(prepared->transform.deskew_degrees, 1.8, 0.3);
  float confidence = 0;
  EXPECT_NEAR(MeasureSkewDegrees(prepared->pix.get(), &confidence), 0.0, 0.3);
}

TEST(DeskewTest, LeavesAStraightPageAlone) {
  auto gray = ToGrayForOcr(VietnamesePage(), 300);
  ASSERT_TRUE(gray.ok());
  auto prepared = Prepare(std::move(gray).value(), 0);
  ASSERT_TRUE(prepared.ok());
  EXPECT_EQ(prepared->transform.deskew_degrees, 0.0);
}

TEST(ToGrayForOcrTest, BringsA2400DpiPageDownTo300) {
  PixPtr page(pixCreate(4000, 2864, 1));
  auto gray = ToGrayForOcr(page.get(), 2400);
  ASSERT_TRUE(gray.ok()) << gray.status().ToString();
  EXPECT_EQ(gray->dpi, 300);
  EXPECT_EQ(pixGetDepth(gray->pix.get()), 8);
  EXPECT_EQ(pixGetWidth(gray->pix.get()), 500);
  EXPECT_DOUBLE_EQ(gray->transform.scale, 0.125);
}

TEST(ToGrayForOcrTest, AssumesThreeHundredDpiWhenThePageDoesNotSay) {
  PixPtr page(pixCreate(1000, 800, 32));
  auto gray = ToGrayForOcr(page.get(), 0);
  ASSERT_TRUE(gray.ok());
  EXPECT_EQ(gray->dpi, kAssumedDpi);
  EXPECT_EQ(pixGetWidth(gray->pix.get()), 1000);
}

// A black rectangle on white, taken through scale, turn and deskew; its box
// on the prepared image must map back onto where it was drawn.
class MapToOriginalTest : public ::testing::TestWithParam<int> {};

TEST_P(MapToOriginalTest, PutsABoxBackWhereItWasOnTheOriginal) {
  const int turns = GetParam();
  PixPtr original(pixCreate(1200, 800, 8));
  pixSetAll(original.get());
  const Box drawn{700, 150, 300, 90};
  PixPtr black(pixCreate(drawn.w, drawn.h, 8));  // zeros: black
  pixRasterop(original.get(), drawn.x, drawn.y, drawn.w, drawn.h, PIX_SRC, black.get(), 0, 0);

  auto gray = ToGrayForOcr(original.get(), 600);  // halves the page
  ASSERT_TRUE(gray.ok());
  auto prepared = Prepare(std::move(gray).value(), turns);
  ASSERT_TRUE(prepared.ok());
  PageTransform t = prepared->transform;

  PixPtr bin = testing::Threshold(prepared->pix.get());
  ::Box* found = nullptr;
  ASSERT_EQ(pixClipToForeground(bin.get(), nullptr, &found), 0);
  l_int32 x = 0, y = 0, w = 0, h = 0;
  boxGetGeometry(found, &x, &y, &w, &h);
  boxDestroy(&found);

  const Box back = MapToOriginal(Box{x, y, w, h}, t);
  EXPECT_NEAR(back.x, drawn.x, 3);
  EXPECT_NEAR(back.y, drawn.y, 3);
  EXPECT_NEAR(back.w, drawn.w, 4);
  EXPECT_NEAR(back.h, drawn.h, 4);
}

INSTANTIATE_TEST_SUITE_P(EveryQuarterTurn, MapToOriginalTest, ::testing::Values(0, 1, 2, 3));

TEST(MapToOriginalTest, UndoesADeskewRotationAboutTheCentre) {
  PageTransform t;
  t.original_width = t.scaled_width = t.width = 1000;
  t.original_height = t.scaled_height = t.height = 1000;
  t.deskew_degrees = 90;  // large, so that a mistake cannot hide in rounding
  // The top-left 100 x 50 block, turned 90 degrees clockwise about the
  // centre, lies along the right edge at the top.
  const Box back = MapToOriginal(Box{950, 0, 50, 100}, t);
  EXPECT_NEAR(back.x, 0, 1);
  EXPECT_NEAR(back.y, 0, 1);
  EXPECT_NEAR(back.w, 100, 1);
  EXPECT_NEAR(back.h, 50, 1);
}


// A card copy's fields, with its portrait to their left: a solid gray disc
// (the head) 0.5 inch across, as the generator draws it and a gray scan
// shows it (120 on paper 235, print 20).
struct CardWithPortrait {
  PixPtr pix;
  int cx = 0, cy = 0;  // the disc's centre
};
CardWithPortrait PortraitBesideFields() {
  testing::PageLayout layout;
  layout.width_in = 6;
  layout.height_in = 3;
  layout.margin_in = 0.4;
  layout.font_pt = 11;
  const std::string fields =
      "                                Số / No.: 056079042817\n"
      "                                Họ và tên / Full name:\n"
      "                                TRẦN THANH MINH\n"
      "                                Ngày sinh / Date of birth: 05/05/1979\n"
      "                                Quê quán / Place of origin:\n"
      "                                Vạn Giã, Vạn Ninh, Khánh Hòa";
  CardWithPortrait card{testing::RenderText(fields, layout), 330, 450};
  Pix* pix = card.pix.get();
  const int r = 75;  // 0.5 inch across at 300 dpi
  for (int y = 0; y < pixGetHeight(pix); ++y) {
    for (int x = 0; x < pixGetWidth(pix); ++x) {
      l_uint32 v = 0;
      pixGetPixel(pix, x, y, &v);
      // Paper 235, print 20: a gray scan's levels.
      v = v > 128 ? 235 : 20;
      if ((x - card.cx) * (x - card.cx) + (y - card.cy) * (y - card.cy) <= r * r) v = 120;
      pixSetPixel(pix, x, y, v);
    }
  }
  return card;
}

// How many pixels of `pix` are darker than `level` away from the disc at
// (cx, cy): the print.
int PrintPixels(Pix* pix, int cx, int cy, l_uint32 level) {
  int n = 0;
  for (int y = 0; y < pixGetHeight(pix); ++y) {
    for (int x = 0; x < pixGetWidth(pix); ++x) {
      if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= 100 * 100) continue;
      l_uint32 v = 0;
      pixGetPixel(pix, x, y, &v);
      if (v < level) ++n;
    }
  }
  return n;
}

TEST(BlankLightMarksTest, APortraitOnPaperInShadowIsPaintedOutAndThePrintStays) {
  CardWithPortrait card = PortraitBesideFields();
  Pix* pix = card.pix.get();
  // Uneven lighting: the page darkens from left to right, to 55% at the
  // right edge (paper 130 there, darker than any fixed "ink" level).
  const int w = pixGetWidth(pix);
  for (int y = 0; y < pixGetHeight(pix); ++y) {
    for (int x = 0; x < w; ++x) {
      l_uint32 v = 0;
      pixGetPixel(pix, x, y, &v);
      pixSetPixel(pix, x, y, static_cast<l_uint32>(v * (1.0 - 0.45 * x / w)));
    }
  }
  const int print_before = PrintPixels(pix, card.cx, card.cy, 64);
  EXPECT_GT(BlankLightMarks(pix, 300), 0);
  l_uint32 centre = 0;
  pixGetPixel(pix, card.cx, card.cy, &centre);
  EXPECT_EQ(centre, 255u) << "the portrait was left for Tesseract to read as letters";
  EXPECT_EQ(PrintPixels(pix, card.cx, card.cy, 64), print_before);
}

TEST(BlankLightMarksTest, APortraitOnABlurredScanIsPaintedOutAndTheLettersStay) {
  CardWithPortrait card = PortraitBesideFields();
  // A blurred scan: hardly any of the print is darker than 64 any more,
  // which made the page look printed too light to tell marks from.
  PixPtr blurred(pixBlockconvGray(card.pix.get(), nullptr, 2, 2));
  ASSERT_TRUE(blurred);
  Pix* pix = blurred.get();
  const int letters_before = PrintPixels(pix, card.cx, card.cy, 160);
  ASSERT_LT(PrintPixels(pix, card.cx, card.cy, 64) * 4, letters_before);
  EXPECT_GT(BlankLightMarks(pix, 300), 0);
  l_uint32 centre = 0;
  pixGetPixel(pix, card.cx, card.cy, &centre);
  EXPECT_EQ(centre, 255u) << "the portrait was left for Tesseract to read as letters";
  // The letters' strokes are thin, not a picture: they stay.
  EXPECT_EQ(PrintPixels(pix, card.cx, card.cy, 160), letters_before);
}

// A signer's block as receipts print it, signed with a flat ballpoint
// scrawl an inch long and 0.12 inch high and a line drawn under it, gray
// (95) on a gray scan: no stroke is 0.2 inch tall, as a looped signature's
// is, and neither is a straight rule.
TEST(BlankLightMarksTest, AFlatSignatureAndTheLineUnderItArePaintedOutAndThePrintStays) {
  testing::PageLayout layout;
  layout.width_in = 4;
  layout.height_in = 2.2;
  layout.margin_in = 0.4;
  layout.font_pt = 12;
  PixPtr page = testing::RenderText("NGƯỜI NỘP HỒ SƠ\n(Ký và ghi rõ họ tên)\n\n\n\nPhạm Quốc Bảo", layout);
  Pix* pix = page.get();
  for (int y = 0; y < pixGetHeight(pix); ++y) {
    for (int x = 0; x < pixGetWidth(pix); ++x) {
      l_uint32 v = 0;
      pixGetPixel(pix, x, y, &v);
      pixSetPixel(pix, x, y, v > 128 ? 235 : 20);
    }
  }
  auto pen = [&](double x, double y) {
    for (int dy = -2; dy <= 2; ++dy) {
      for (int dx = -2; dx <= 2; ++dx) pixSetPixel(pix, static_cast<int>(x) + dx, static_cast<int>(y) + dy, 95);
    }
  };
  for (double t = 0; t <= 1; t += 0.0005) {
    pen(150 + 300 * t, 330 + 18 * std::sin(t * 3 * kPi));  // the scrawl
    pen(150 + 300 * t, 385 - 10 * t);                      // the line under it
  }
  const int print_before = PrintPixels(pix, -1000, -1000, 64);
  EXPECT_GT(BlankLightMarks(pix, 300), 0);
  l_uint32 scrawl = 0, line = 0;
  pixGetPixel(pix, 300, 312, &scrawl);  // t = 0.5
  pixGetPixel(pix, 300, 380, &line);
  EXPECT_EQ(scrawl, 255u) << "the signature was left for Tesseract to read as letters";
  EXPECT_EQ(line, 255u) << "the line under the signature was left";
  EXPECT_EQ(PrintPixels(pix, -1000, -1000, 64), print_before);
}

}  // namespace
}  // namespace sohoa::ocr
