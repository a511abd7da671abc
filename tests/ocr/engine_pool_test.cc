#include "ocr/engine_pool.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <set>
#include <string>
#include <vector>

#include "ocr/cleanup.h"
#include "tests/ocr/render.h"
#include "tests/test_env.h"

namespace sohoa::ocr {
namespace {

constexpr double kPi = std::numbers::pi;

// One or two lines of 16 pt text on a strip of paper: quick to recognise.
PageImage Strip(const std::string& text, double height_in = 1.0) {
  testing::PageLayout layout;
  layout.width_in = 7;
  layout.height_in = height_in;
  layout.margin_in = 0.3;
  layout.font_pt = 16;
  PageImage page;
  page.pix = testing::RenderText(text, layout);
  page.dpi = 300;
  return page;
}

std::unique_ptr<EnginePool> MakePool(int workers, bool read_barcodes = true,
                                     bool encode_images = true) {
  EngineOptions options;
  options.workers = workers;
  options.read_barcodes = read_barcodes;
  options.encode_images = encode_images;
  auto pool = EnginePool::Create(options);
  EXPECT_TRUE(pool.ok()) << pool.status().ToString();
  return pool.ok() ? std::move(pool).value() : nullptr;
}

const Word* FindWord(const RecognizedPage& page, const std::string& text) {
  for (const Word& w : page.words) {
    if (w.text == text) return &w;
  }
  return nullptr;
}

std::string WordList(const RecognizedPage& page) {
  std::string out;
  for (const Word& w : page.words) out += "[" + w.text + "]";
  return out;
}

// The page reads as `printed` alone (no word made of a seal, a frame or a
// rule) and holds each of `must`.
void ExpectOnlyPrinted(const RecognizedPage& page, const std::set<std::string>& printed,
                       const std::vector<std::string>& must) {
  for (const Word& w : page.words) {
    EXPECT_TRUE(printed.count(w.text) > 0) << "noise '" << w.text << "' in " << WordList(page);
  }
  for (const std::string& word : must) {
    EXPECT_NE(FindWord(page, word), nullptr) << word << " in " << WordList(page);
  }
}

TEST(EnginePoolTest, RecognisesAVietnameseLineWithItsDiacritics) {
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto result = pool->Submit(Strip("NGUYỄN VĂN ĐỨC đăng ký khai sinh")).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  for (const char* word : {"NGUYỄN", "VĂN", "ĐỨC", "đăng", "ký", "khai", "sinh"}) {
    EXPECT_NE(FindWord(*result, word), nullptr) << word << " not in " << WordList(*result);
  }
  EXPECT_NE(result->text.find("NGUYỄN VĂN ĐỨC"), std::string::npos) << result->text;
  EXPECT_GT(result->confidence, 75);
  EXPECT_LE(result->confidence, 100);
  EXPECT_EQ(result->rotation, 0);
  EXPECT_EQ(result->dpi, 300);
  EXPECT_EQ(result->width, 2100);
  EXPECT_EQ(result->height, 300);
  for (const Word& w : result->words) {
    EXPECT_GE(w.box.x, 0);
    EXPECT_GE(w.box.y, 0);
    EXPECT_LE(w.box.x + w.box.w, result->width);
    EXPECT_LE(w.box.y + w.box.h, result->height);
  }
}

TEST(EnginePoolTest, TwoWorkersUseTwoEnginesForSixPagesAndEachFutureGetsItsOwnPage) {
  auto pool = MakePool(2);
  ASSERT_NE(pool, nullptr);
  EXPECT_EQ(pool->workers(), 2);
  const std::vector<std::string> numbers = {"1017", "2248", "3391", "4460", "5582", "6703"};
  std::vector<std::future<Result<RecognizedPage>>> futures;
  for (const std::string& n : numbers) futures.push_back(pool->Submit(Strip("Hồ sơ số " + n)));
  for (size_t i = 0; i < numbers.size(); ++i) {
    auto result = futures[i].get();
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_NE(FindWord(*result, numbers[i]), nullptr)
        << "page " << i << " came back as " << WordList(*result);
  }
  EXPECT_EQ(pool->engines_created(), 2);
}

TEST(EnginePoolTest, ReturnsATextLayerWithoutReadingTheImage) {
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  PageImage page;
  page.pix.reset(pixCreate(1275, 1650, 1));  // blank: OCR would find nothing
  page.dpi = 150;
  page.has_text_layer = true;
  // Decomposed: e + circumflex + tilde, a + breve, u + acute.
  page.text_layer = "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n \xC4\x90u\xCC\x81\x63";
  auto result = pool->Submit(std::move(page)).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->text, "Nguyễn Văn Đúc");  // composed (NFC)
  EXPECT_EQ(result->confidence, 100);
  EXPECT_EQ(result->dpi, 150);
}

TEST(EnginePoolTest, TurnsASidewaysPageUprightAndMapsWordsBackOntoIt) {
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  PageImage page = Strip(testing::VietnameseParagraphs(), 5.0);
  page.pix.reset(pixRotateOrth(page.pix.get(), 1));  // scanned a quarter turn clockwise
  const int width = pixGetWidth(page.pix.get());
  const int height = pixGetHeight(page.pix.get());
  auto result = pool->Submit(std::move(page)).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rotation, 270);
  EXPECT_EQ(result->width, width);
  EXPECT_EQ(result->height, height);
  const Word* word = FindWord(*result, "KHAI");
  ASSERT_NE(word, nullptr) << WordList(*result);
  // On the sideways original a word runs down the page: taller than wide.
  EXPECT_GT(word->box.h, 2 * word->box.w);
  EXPECT_LE(word->box.x + word->box.w, width);
  EXPECT_LE(word->box.y + word->box.h, height);
  EXPECT_GT(result->confidence, 75);
}

TEST(EnginePoolTest, AsksTesseractWhichWayIsUpWhenTheLettersCannotTell) {
  // Capitals and digits without tone marks have neither ascenders nor
  // descenders, so Leptonica's count of them is unsure; Tesseract's OSD
  // decides. (Marks above capitals, as in "SỐ", already tell Leptonica.)
  std::string text;
  for (int i = 0; i < 12; ++i) {
    text += "SO 0" + std::to_string(56089001234LL + i) +
            " NGAY 14 05 2023 HO SO 000.31.22.H32-2306" + std::to_string(10 + i) + "\n";
  }
  testing::PageLayout layout;
  layout.font_pt = 14;
  PageImage page;
  page.pix = testing::RenderText(text, layout);
  page.pix.reset(pixRotateOrth(page.pix.get(), 3));  // a quarter turn counterclockwise
  page.dpi = 300;
  ASSERT_FALSE(GuessOrientation(page.pix.get(), 300).sure) << "the test needs an unsure page";
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto result = pool->Submit(std::move(page)).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rotation, 90);
  EXPECT_NE(FindWord(*result, "NGAY"), nullptr) << WordList(*result);
}

TEST(EnginePoolTest, WhenNeitherLettersNorOsdCanTellTheWayThatReadsBestWins) {
  // A card-sized slip of few words, in capitals without tone marks, scanned
  // upside down: too little for Leptonica's count and for OSD. Read each way
  // round, upside down reads best.
  testing::PageLayout layout;
  layout.width_in = 5;
  layout.height_in = 1.2;
  layout.margin_in = 0.3;
  layout.font_pt = 14;
  PageImage page;
  page.pix = testing::RenderText("SO 056089001234 NGAY 14 05 2023\nHO SO 000.31.22.H32 KHANH HOA", layout);
  page.pix.reset(pixRotateOrth(page.pix.get(), 2));
  page.dpi = 300;
  ASSERT_FALSE(GuessOrientation(page.pix.get(), 300).sure) << "the test needs an unsure page";
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto result = pool->Submit(std::move(page)).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rotation, 180) << WordList(*result);
  EXPECT_NE(FindWord(*result, "NGAY"), nullptr) << WordList(*result);
}

TEST(EnginePoolTest, APageWithoutTextStaysAsScanned) {
  // Nothing to read any way round: no turn is better than upright.
  testing::PageLayout layout;
  layout.width_in = 4;
  layout.height_in = 3;
  PageImage page;
  page.pix = testing::RenderText(" ", layout);
  page.dpi = 300;
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto result = pool->Submit(std::move(page)).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rotation, 0);
}

// Inks pixel (x, y) of a gray or colour page where it is paper (light; in
// colour, by its red), leaving print that runs under the ink black.
void InkOverPaper(Pix* pix, int x, int y, l_uint32 ink, bool colour) {
  l_uint32 pixel = 0;
  pixGetPixel(pix, x, y, &pixel);
  l_int32 paper = static_cast<l_int32>(pixel);
  if (colour) {
    l_int32 g = 0, b = 0;
    extractRGBValues(pixel, &paper, &g, &b);
  }
  if (paper > 128) pixSetPixel(pix, x, y, ink);
}

// A signature's loops and strokes, 0.45 mm wide, about 2.5 inches by
// 0.45: a pen dragged along a wavy path with three loops.
void DrawSignature(Pix* pix, bool colour) {
  l_uint32 ink = 95;
  if (colour) composeRGBPixel(35, 55, 165, &ink);
  const double x0 = 240, x1 = 990, cy = 400;
  for (double t = 0; t <= 1; t += 0.0004) {
    const double x = x0 + (x1 - x0) * t + 45 * std::cos(t * 6 * std::numbers::pi);
    const double y = cy + 55 * std::sin(t * 6 * std::numbers::pi) * (1 - 0.5 * t);
    for (int dy = -3; dy <= 3; ++dy) {
      for (int dx = -3; dx <= 3; ++dx) {
        if (dx * dx + dy * dy > 7) continue;
        const int px = static_cast<int>(x) + dx, py = static_cast<int>(y) + dy;
        if (px < 0 || py < 0 || px >= pixGetWidth(pix) || py >= pixGetHeight(pix)) continue;
        InkOverPaper(pix, px, py, ink, colour);
      }
    }
  }
}

// The signer's block of a result with the round seal of the commune pressed
// over its middle lines, as seals are: two rings, the seal's lettering as
// dashes between them, a star. Print under the seal stays black. In colour
// the seal is red; on a gray scan its red comes out a middle gray (125),
// lighter than print. Signed, a ballpoint flourish runs from the seal to
// the right through the blank lines above the name, as signatures do: blue
// in colour, a gray (95) on a gray scan.
enum class Signed { kNo, kYes };
PageImage SealedSignature(bool colour, Signed hand = Signed::kNo) {
  testing::PageLayout layout;
  layout.width_in = 4.5;
  layout.height_in = 2.6;
  layout.margin_in = 0.4;
  layout.font_pt = 14;
  ocr::PixPtr gray = testing::RenderText(
      "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nVÕ THANH NGỌC HOA", layout);
  PageImage page;
  page.pix = colour ? ocr::PixPtr(pixConvertTo32(gray.get())) : std::move(gray);
  page.dpi = 300;
  Pix* pix = page.pix.get();
  const int cx = 330, cy = 330;
  l_uint32 ink = 125;
  if (colour) composeRGBPixel(205, 35, 45, &ink);
  for (int y = 0; y < pixGetHeight(pix); ++y) {
    for (int x = 0; x < pixGetWidth(pix); ++x) {
      const double r = std::hypot(x - cx, y - cy);
      const bool ring = (r > 205 && r < 222) || (r > 150 && r < 158);
      const bool lettering = r > 165 && r < 195 && static_cast<int>(std::atan2(y - cy, x - cx) * 40) % 3 == 0;
      const bool star = r < 45;
      if (ring || lettering || star) InkOverPaper(pix, x, y, ink, colour);
    }
  }
  if (hand == Signed::kYes) DrawSignature(pix, colour);
  return page;
}

// The signer's block reads as printed, with no word made of the seal or
// the signature.
void ExpectSignerBlockReadUnderASeal(bool colour, Signed hand = Signed::kNo) {
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto result = pool->Submit(SealedSignature(colour, hand)).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ExpectOnlyPrinted(*result,
                    {"TM.", "ỦY", "BAN", "NHÂN", "DÂN", "KT.", "CHỦ", "TỊCH", "PHÓ", "VÕ", "THANH",
                     "NGỌC", "HOA"},
                    {"PHÓ", "CHỦ", "TỊCH", "NGỌC", "HOA"});
}

TEST(EnginePoolTest, ARedSealOverTheSignerLeavesNoNoiseInTheText) {
  EXPECT_NO_FATAL_FAILURE(ExpectSignerBlockReadUnderASeal(/*colour=*/true));
}

// Before light seals were painted out, Tesseract took this seal for a
// picture and read no word of the block.
TEST(EnginePoolTest, AGraySealOverTheSignerLeavesNoNoiseInTheText) {
  EXPECT_NO_FATAL_FAILURE(ExpectSignerBlockReadUnderASeal(/*colour=*/false));
}

TEST(EnginePoolTest, ABlueSignatureOverTheSealLeavesNoNoiseInTheText) {
  EXPECT_NO_FATAL_FAILURE(ExpectSignerBlockReadUnderASeal(/*colour=*/true, Signed::kYes));
}

// On a gray scan the blue ink is a gray between print and paper, like the
// seal's, and runs out of the seal to the right: no round patch.
TEST(EnginePoolTest, AGraySignatureOverTheSealLeavesNoNoiseInTheText) {
  EXPECT_NO_FATAL_FAILURE(ExpectSignerBlockReadUnderASeal(/*colour=*/false, Signed::kYes));
}

// A form filled in by hand in blue ballpoint: the printed label black, the
// value below it in the gray blue comes out as on a gray scan (95), letter
// by letter like handwriting, not a signature's long strokes. It is read.
TEST(EnginePoolTest, ValuesFilledInBallpointAreReadNotPaintedOut) {
  testing::PageLayout layout;
  layout.width_in = 5.5;
  layout.height_in = 1.6;
  layout.margin_in = 0.4;
  layout.font_pt = 16;
  PageImage page;
  page.pix = testing::RenderText("Họ, chữ đệm, tên người yêu cầu:\nNguyễn Thị Hồng Nhung", layout);
  page.dpi = 300;
  Pix* pix = page.pix.get();
  // The second band of inked rows is the value's line.
  int band = 0;
  bool inked_before = false;
  for (int y = 0; y < pixGetHeight(pix); ++y) {
    bool inked = false;
    for (int x = 0; x < pixGetWidth(pix) && !inked; ++x) {
      l_uint32 v = 0;
      pixGetPixel(pix, x, y, &v);
      inked = v < 128;
    }
    if (inked && !inked_before) ++band;
    inked_before = inked;
    if (band < 2 || !inked) continue;
    for (int x = 0; x < pixGetWidth(pix); ++x) {
      l_uint32 v = 0;
      pixGetPixel(pix, x, y, &v);
      if (v < 160) pixSetPixel(pix, x, y, 95);
    }
  }
  ASSERT_GE(band, 2) << "the test needs two lines";
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto result = pool->Submit(std::move(page)).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  for (const char* word : {"Nguyễn", "Thị", "Hồng", "Nhung"}) {
    EXPECT_NE(FindWord(*result, word), nullptr) << word << " in " << WordList(*result);
  }
}

// A copy of an ID card's back: its lines inside the card's rounded frame,
// a rule under the heading and another between the two columns, as copies
// of cards and printed forms have them.
PageImage FramedCard() {
  testing::PageLayout layout;
  layout.width_in = 5.2;
  layout.height_in = 3.4;
  layout.margin_in = 0.45;
  layout.font_pt = 13;
  ocr::PixPtr gray = testing::RenderText(
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nNơi thường trú: thôn Phú Lộc\nxã Vĩnh Phương, "
      "tỉnh Khánh Hòa\nNgày cấp: 12/04/2021\nCục trưởng Cục Cảnh sát",
      layout);
  const int w = pixGetWidth(gray.get()), h = pixGetHeight(gray.get());
  const int inset = 45, radius = 70, thick = 6;
  auto dark = [&](int x, int y) {
    // The frame: a rounded rectangle's outline.
    const int left = inset, top = inset, right = w - inset, bottom = h - inset;
    const int cx = std::clamp(x, left + radius, right - radius);
    const int cy = std::clamp(y, top + radius, bottom - radius);
    const double d = std::hypot(x - cx, y - cy);
    if (d > radius - thick && d <= radius && (x < left + radius || x > right - radius) &&
        (y < top + radius || y > bottom - radius)) {
      return true;
    }
    const bool on_sides = (x >= left && x < left + thick) || (x > right - thick && x <= right);
    const bool on_ends = (y >= top && y < top + thick) || (y > bottom - thick && y <= bottom);
    if (on_sides && y >= top + radius && y <= bottom - radius) return true;
    if (on_ends && x >= left + radius && x <= right - radius) return true;
    // A rule under the heading, across the card.
    if (y >= 250 && y < 254 && x >= left + 30 && x <= right - 30) return true;
    return false;
  };
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      if (dark(x, y)) pixSetPixel(gray.get(), x, y, 20);
    }
  }
  PageImage page;
  page.pix = std::move(gray);
  page.dpi = 300;
  return page;
}

TEST(EnginePoolTest, ACardsFrameAndRulesLeaveNoNoiseInTheText) {
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto result = pool->Submit(FramedCard()).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ExpectOnlyPrinted(*result,
                    {"CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM", "Nơi", "thường",
                     "trú:", "thôn", "Phú", "Lộc", "xã", "Vĩnh", "Phương,", "tỉnh", "Khánh", "Hòa",
                     "Ngày", "cấp:", "12/04/2021", "Cục", "trưởng", "Cảnh", "sát"},
                    {"CỘNG", "thường", "Phương,", "12/04/2021", "trưởng"});
}

TEST(EnginePoolTest, ReportsTheSkewItCorrected) {
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  PageImage page = Strip(testing::VietnameseParagraphs(), 5.0);
  page.pix.reset(pixRotate(page.pix.get(), static_cast<l_float32>(2.5 * kPi / 180),
                           L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
  auto result = pool->Submit(std::move(page)).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_NEAR(result->skew_degrees, -2.5, 0.3);
  EXPECT_NE(FindWord(*result, "Hòa."), nullptr) << WordList(*result);
}

// Draws a QR code of `text` in black, `module` pixels a module, with its top
// left corner at (x, y) of an 8-bit page.
void DrawQr(Pix* page, const std::string& text, int x, int y, int module) {
  const ZXing::BitMatrix bits =
      ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode).setMargin(0).encode(text, 0, 0);
  for (int r = 0; r < bits.height(); ++r) {
    for (int c = 0; c < bits.width(); ++c) {
      if (bits.get(c, r)) {
        pixRasterop(page, x + c * module, y + r * module, module, module, PIX_CLR, nullptr, 0, 0);
      }
    }
  }
}

bool Overlaps(const Box& a, const Box& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

TEST(EnginePoolTest, ReadsAQrCodeWhereItIsAndKeepsItsModulesOutOfTheText) {
  const std::string code = "000.31.22.H32-230620-0017";
  PageImage page = Strip("Mã hồ sơ: " + code + "\nNGUYỄN VĂN ĐỨC", 2.0);
  // A page turned a quarter, so the box has to come back through the turn.
  DrawQr(page.pix.get(), code, 1750, 100, 8);
  page.pix.reset(pixRotateOrth(page.pix.get(), 1));
  const int width = pixGetWidth(page.pix.get());
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto result = pool->Submit(std::move(page)).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->barcodes.size(), 1u);
  EXPECT_EQ(result->barcodes[0].text, code);
  // Drawn at x 1750..1950, y 100..300 before the clockwise quarter turn,
  // which takes (x, y) to (height - 1 - y, x).
  const Box want{width - 300, 1750, 200, 200};
  const Box& got = result->barcodes[0].box;
  // zxing places a code by its finder patterns, a little inside its edge.
  EXPECT_GE(got.x, want.x - 8);
  EXPECT_GE(got.y, want.y - 8);
  EXPECT_LE(got.x + got.w, want.x + want.w + 8);
  EXPECT_LE(got.y + got.h, want.y + want.h + 8);
  EXPECT_GE(got.w, want.w * 3 / 4);
  EXPECT_GE(got.h, want.h * 3 / 4);
  EXPECT_NE(result->text.find(code), std::string::npos) << result->text;
  for (const Word& w : result->words) {
    EXPECT_FALSE(Overlaps(w.box, want)) << "'" << w.text << "' was read inside the QR code";
  }
}

TEST(EnginePoolTest, LeavesCodesUnreadWhenNotAsked) {
  PageImage page = Strip("Mã hồ sơ", 2.0);
  DrawQr(page.pix.get(), "000.31.22.H32-230620-0017", 1750, 100, 8);
  auto pool = MakePool(1, /*read_barcodes=*/false);
  ASSERT_NE(pool, nullptr);
  auto result = pool->Submit(std::move(page)).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->barcodes.empty());
}

TEST(EnginePoolTest, PassesAJpegScanThroughToThePdfImageByteForByte) {
  PageImage page = Strip("Hồ sơ số 1017");
  l_uint8* bytes = nullptr;
  size_t size = 0;
  ASSERT_EQ(pixWriteMemJpeg(&bytes, &size, page.pix.get(), 80, 0), 0);
  page.jpeg.assign(reinterpret_cast<const char*>(bytes), size);
  lept_free(bytes);
  const std::string jpeg = page.jpeg;
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto result = pool->Submit(std::move(page)).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->image.filter, EncodedImage::Filter::kDct);
  EXPECT_TRUE(result->image.data == jpeg);
  EXPECT_EQ(result->image.width, 2100);
  EXPECT_EQ(result->image.height, 300);
}

TEST(EnginePoolTest, EncodesAnImageWithoutJpegBytesLosslesslyOnlyWhenAsked) {
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto encoded = pool->Submit(Strip("Hồ sơ số 2248")).get();
  ASSERT_TRUE(encoded.ok()) << encoded.status().ToString();
  EXPECT_EQ(encoded->image.filter, EncodedImage::Filter::kFlate);
  EXPECT_FALSE(encoded->image.data.empty());

  auto plain_pool = MakePool(1, true, /*encode_images=*/false);
  ASSERT_NE(plain_pool, nullptr);
  auto plain = plain_pool->Submit(Strip("Hồ sơ số 2248")).get();
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->image.filter, EncodedImage::Filter::kNone);
  EXPECT_TRUE(plain->image.data.empty());
}

TEST(EnginePoolTest, DrainsItsQueueBeforeItGoes) {
  std::vector<std::future<Result<RecognizedPage>>> futures;
  {
    auto pool = MakePool(1);
    ASSERT_NE(pool, nullptr);
    futures.push_back(pool->Submit(Strip("Một")));
    futures.push_back(pool->Submit(Strip("Hai")));
  }
  for (auto& f : futures) EXPECT_TRUE(f.get().ok());
}

TEST(EnginePoolTest, RefusesAPageWithoutAnImage) {
  auto pool = MakePool(1);
  ASSERT_NE(pool, nullptr);
  auto result = pool->Submit(PageImage{}).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
}

TEST(EnginePoolTest, NamesTheMissingModelAndItsPackage) {
  testing::TempDir empty;
  EngineOptions options;
  options.tessdata_dir = empty.path();
  options.workers = 1;
  auto pool = EnginePool::Create(options);
  ASSERT_FALSE(pool.ok());
  EXPECT_EQ(pool.status().code(), StatusCode::kNotFound);
  EXPECT_NE(pool.status().message().find((empty.path() / "vie.traineddata").string()),
            std::string::npos)
      << pool.status().message();
  EXPECT_NE(pool.status().message().find("tesseract-ocr-vie"), std::string::npos);
}

TEST(OpenMpTest, SaysWhetherOmpThreadLimitIsOne) {
  const char* before = std::getenv("OMP_THREAD_LIMIT");
  const std::string saved = before != nullptr ? before : "";
  setenv("OMP_THREAD_LIMIT", "1", 1);
  EXPECT_TRUE(OpenMpLimitedToOneThread());
  setenv("OMP_THREAD_LIMIT", "4", 1);
  EXPECT_FALSE(OpenMpLimitedToOneThread());
  unsetenv("OMP_THREAD_LIMIT");
  EXPECT_FALSE(OpenMpLimitedToOneThread());
  if (before != nullptr) setenv("OMP_THREAD_LIMIT", saved.c_str(), 1);
}

}  // namespace
}  // namespace sohoa::ocr
