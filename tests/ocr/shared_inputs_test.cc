// LoadPages (and once, recognition) on outside inputs: OCRmyPDF's test
// resources in ../shared, read in place (never copied into the repository).
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <filesystem>
#include <string>

#include "ocr/engine_pool.h"
#include "ocr/page_source.h"
#include "tests/ocr/render.h"
#include "tests/test_env.h"

namespace sohoa::ocr {
namespace {

namespace fs = std::filesystem;

fs::path Resources() { return testing::SharedDir() / "testdata" / "ocrmypdf-resources"; }

#define SKIP_WITHOUT(file)                                                               \
  if (!fs::exists(Resources() / (file))) {                                               \
    GTEST_SKIP() << (Resources() / (file)).string() << " is absent: shared test inputs " \
                 << "are not checked out beside this repository";                        \
  }

TEST(SharedInputsTest, EveryFileLoadsOrFailsWithAReasonAPersonCanActOn) {
  if (!fs::is_directory(Resources())) GTEST_SKIP() << Resources() << " is absent";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(Resources())) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    ++files;
    const std::string name = entry.path().filename().string();
    auto pages = LoadPages(entry.path());
    if (!pages.ok()) {
      const Status& s = pages.status();
      EXPECT_TRUE(s.code() == StatusCode::kCorrupt || s.code() == StatusCode::kUnsupported)
          << name << ": " << s.ToString();
      EXPECT_GT(s.message().size(), 20u) << name << ": " << s.ToString();
      continue;
    }
    EXPECT_FALSE(pages->empty()) << name;
    for (const PageImage& page : *pages) {
      ASSERT_NE(page.pix, nullptr) << name;
      EXPECT_GT(pixGetWidth(page.pix.get()), 0) << name;
      EXPECT_GE(page.dpi, 0) << name;
    }
  }
  EXPECT_GT(files, 10);
}

TEST(SharedInputsTest, DecodesTheGroup4ImageOfCcittPdf) {
  SKIP_WITHOUT("ccitt.pdf");
  auto pages = LoadPages(Resources() / "ccitt.pdf");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 1u);
  const PageImage& page = (*pages)[0];
  EXPECT_EQ(page.dpi, 300);
  EXPECT_EQ(pixGetWidth(page.pix.get()), 2550);
  EXPECT_EQ(pixGetHeight(page.pix.get()), 3300);
  EXPECT_EQ(pixGetDepth(page.pix.get()), 1);
  // Black text on white paper, not the negative.
  const double dark = testing::DarkFraction(page.pix.get());
  EXPECT_GT(dark, 0.01);
  EXPECT_LT(dark, 0.25);
}

TEST(SharedInputsTest, RecognisesTheWordTheInCcittPdf) {
  SKIP_WITHOUT("ccitt.pdf");
  auto pages = LoadPages(Resources() / "ccitt.pdf");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EngineOptions options;
  options.workers = 1;
  auto pool = EnginePool::Create(options);
  ASSERT_TRUE(pool.ok()) << pool.status().ToString();
  auto result = (*pool)->Submit(std::move((*pages)[0])).get();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  bool found = false;
  for (const Word& w : result->words) found = found || w.text == "the";
  EXPECT_TRUE(found) << result->text.substr(0, 500);
  EXPECT_EQ(result->rotation, 0);
}

TEST(SharedInputsTest, ConvertsTheCmykJpegOfCmykPdfAsAPdfReaderShowsIt) {
  SKIP_WITHOUT("cmyk.pdf");
  auto pages = LoadPages(Resources() / "cmyk.pdf");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 1u);
  EXPECT_EQ((*pages)[0].dpi, 300);
  EXPECT_EQ(pixGetDepth((*pages)[0].pix.get()), 32);
  // The page's background image is white paper (a viewer shows it so);
  // inverting Adobe CMYK as image viewers do would make it black.
  EXPECT_LT(testing::DarkFraction((*pages)[0].pix.get()), 0.05);
}

TEST(SharedInputsTest, TakesFormXObjectPdfForTheBornDigitalPageItIs) {
  SKIP_WITHOUT("formxobject.pdf");
  auto pages = LoadPages(Resources() / "formxobject.pdf");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 1u);
  // Its only image is a small square inside a Form XObject, beside text.
  EXPECT_TRUE((*pages)[0].has_text_layer);
  EXPECT_NE((*pages)[0].text_layer.find("embedded as a Form XObject"), std::string::npos)
      << (*pages)[0].text_layer;
}

TEST(SharedInputsTest, DecodesTheJbig2ImageOfJbig2Pdf) {
  SKIP_WITHOUT("jbig2.pdf");
  auto pages = LoadPages(Resources() / "jbig2.pdf");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 1u);
  EXPECT_EQ(pixGetWidth((*pages)[0].pix.get()), 2550);
  EXPECT_EQ(pixGetHeight((*pages)[0].pix.get()), 3300);
  EXPECT_EQ((*pages)[0].dpi, 300);
}

TEST(SharedInputsTest, ReportsInvalidPdfAsCorrupt) {
  SKIP_WITHOUT("invalid.pdf");
  auto pages = LoadPages(Resources() / "invalid.pdf");
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kCorrupt);
  // What a person can act on first; the library's words only after it.
  const std::string& message = pages.status().message();
  EXPECT_EQ(message.rfind("the PDF ", 0), 0u) << message;
  const size_t detail = message.find(" (technical detail: PoDoFo");
  EXPECT_NE(detail, std::string::npos) << message;
  EXPECT_EQ(message.substr(0, detail).find("ePdfError"), std::string::npos) << message;
}

TEST(SharedInputsTest, GivesEachPageOf3smallPdfItsOwnResolution) {
  SKIP_WITHOUT("3small.pdf");
  auto pages = LoadPages(Resources() / "3small.pdf");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 3u);
  EXPECT_EQ((*pages)[0].dpi, 230);
  EXPECT_EQ((*pages)[1].dpi, 200);
  EXPECT_EQ((*pages)[2].dpi, 1440);
}

TEST(SharedInputsTest, RefusesTheHugeImageOfHugemonoPdfWithoutDecodingIt) {
  SKIP_WITHOUT("hugemono.pdf");
  auto pages = LoadPages(Resources() / "hugemono.pdf");
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(pages.status().message().find("35000 x 35000"), std::string::npos)
      << pages.status().message();
}

TEST(SharedInputsTest, SquaresThePixelsOfAspectPdf) {
  SKIP_WITHOUT("aspect.pdf");
  auto pages = LoadPages(Resources() / "aspect.pdf");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  // 1000 x 400 pixels at 200 x 100 dpi: 5 x 4 inches.
  EXPECT_EQ((*pages)[0].dpi, 200);
  EXPECT_EQ(pixGetWidth((*pages)[0].pix.get()), 1000);
  EXPECT_EQ(pixGetHeight((*pages)[0].pix.get()), 800);
}

TEST(SharedInputsTest, DecodesTheJpeg2000ImageOfLichtensteinPdf) {
  SKIP_WITHOUT("lichtenstein.pdf");
  auto pages = LoadPages(Resources() / "lichtenstein.pdf");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_EQ(pixGetWidth((*pages)[0].pix.get()), 512);
  EXPECT_EQ((*pages)[0].dpi, 96);
}

TEST(SharedInputsTest, ReadsLinnPngAsOneBilevelPage) {
  SKIP_WITHOUT("linn.png");
  auto pages = LoadPages(Resources() / "linn.png");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 1u);
  EXPECT_EQ(pixGetWidth((*pages)[0].pix.get()), 2550);
  EXPECT_EQ(pixGetDepth((*pages)[0].pix.get()), 1);
}

}  // namespace
}  // namespace sohoa::ocr
