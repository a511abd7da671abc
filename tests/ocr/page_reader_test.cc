// Reading a file's pages one at a time, from several threads.
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <thread>

#include "ocr/page_source.h"
#include "tests/ocr/pdf_builder.h"
#include "tests/ocr/render.h"
#include "tests/test_env.h"

namespace sohoa::ocr {
namespace {

using ::sohoa::testing::TempDir;

PixPtr Page(int dpi, const char* text) {
  testing::PageLayout layout;
  layout.dpi = dpi;
  layout.width_in = 3;
  layout.height_in = 2;
  layout.margin_in = 0.3;
  return testing::RenderText(text, layout);
}

TEST(PageReaderTest, CountsTiffPagesAndReadsThemInAnyOrderFromTwoThreads) {
  TempDir dir;
  const std::string path = (dir.path() / "stack.tif").string();
  const int dpis[] = {200, 250, 300, 400};
  for (int i = 0; i < 4; ++i) {
    PixPtr page = Page(dpis[i], "trang");
    ASSERT_EQ(pixWriteTiff(path.c_str(), page.get(), IFF_TIFF_ZIP, i == 0 ? "w" : "a"), 0);
  }
  auto reader = PageReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->type(), MediaType::kTiff);
  ASSERT_EQ((*reader)->page_count(), 4);

  int got_dpi[4] = {};
  auto read = [&](int first, int step) {
    for (int i = first; i >= 0 && i < 4; i += step) {
      auto page = (*reader)->Read(i);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      EXPECT_EQ(page->source_page, i);
      got_dpi[i] = page->dpi;
    }
  };
  std::thread backwards(read, 3, -2);  // pages 4 and 2
  read(0, 2);                          // pages 1 and 3
  backwards.join();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(got_dpi[i], dpis[i]) << "page " << i + 1;
}

TEST(PageReaderTest, ReadsPdfPagesFromTwoThreads) {
  TempDir dir;
  PixPtr image = Page(300, "trang PDF");
  std::vector<testing::PdfImagePage> pages(6);
  for (auto& page : pages) {
    page.image_dict = "/Width " + std::to_string(pixGetWidth(image.get())) + " /Height " +
                      std::to_string(pixGetHeight(image.get())) +
                      " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode";
    page.image_data = testing::PixToJpeg(image.get());
    page.width_pt = 216;  // 3 x 2 inches: 300 dpi
    page.height_pt = 144;
  }
  auto path = dir.path() / "stack.pdf";
  testing::WriteFile(path, testing::BuildImagePdf(pages));
  auto reader = PageReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_EQ((*reader)->page_count(), 6);
  std::vector<int> widths(6, 0);
  auto read = [&](int first) {
    for (int i = first; i < 6; i += 2) {
      auto page = (*reader)->Read(i);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      EXPECT_EQ(page->source_page, i);
      EXPECT_FALSE(page->jpeg.empty()) << "a DCT page keeps its JPEG bytes for the searchable PDF";
      widths[i] = pixGetWidth(page->pix.get());
    }
  };
  std::thread odd(read, 1);
  read(0);
  odd.join();
  for (int w : widths) EXPECT_EQ(w, 900);
}

TEST(PageReaderTest, APageOutsideTheFileIsAnErrorNotACrash) {
  TempDir dir;
  auto path = dir.path() / "one.png";
  PixPtr page = Page(300, "một");
  ASSERT_EQ(pixWrite(path.c_str(), page.get(), IFF_PNG), 0);
  auto reader = PageReader::Open(path);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->page_count(), 1);
  EXPECT_FALSE((*reader)->Read(1).ok());
  EXPECT_FALSE((*reader)->Read(-1).ok());
  EXPECT_TRUE((*reader)->Read(0).ok());
}

TEST(PageReaderTest, RefusesAFileThatIsNotAScanWhenOpened) {
  TempDir dir;
  auto path = dir.path() / "notes.pdf";
  testing::WriteFile(path, "PK\x03\x04 zip");
  auto reader = PageReader::Open(path);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kUnsupported);
}

}  // namespace
}  // namespace sohoa::ocr
