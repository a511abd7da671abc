// Reading a file's pages one at a time, from several threads.
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <string>
#include <thread>
#include <vector>

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

// A PDF whose page tree is `levels` /Pages nodes deep above one page, each
// node claiming `count` pages.
std::string PageTreePdf(int levels, long long count) {
  testing::PdfBuilder pdf;
  const int catalog = pdf.Reserve();
  std::vector<int> nodes;
  for (int i = 0; i < levels; ++i) nodes.push_back(pdf.Reserve());
  const int page = pdf.Add("<< /Type /Page /Parent " + testing::PdfBuilder::Ref(nodes.back()) +
                           " /MediaBox [0 0 612 792] >>");
  for (int i = 0; i < levels; ++i) {
    const int kid = i + 1 < levels ? nodes[i + 1] : page;
    pdf.Set(nodes[i], "<< /Type /Pages /Kids [" + testing::PdfBuilder::Ref(kid) + "] /Count " +
                          std::to_string(count) + " >>");
  }
  pdf.Set(catalog, "<< /Type /Catalog /Pages " + testing::PdfBuilder::Ref(nodes[0]) + " >>");
  return pdf.Build(catalog);
}

TEST(PageReaderTest, RefusesAPdfWhosePageTreeClaimsMorePagesThanItHolds) {
  // 300 bytes claiming two billion pages: the pipeline queued a read for
  // each, and the page fuzzer timed out reading them.
  auto reader = PageReader::OpenBytes(PageTreePdf(1, 2'000'000'000));
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(reader.status().message().find("says the file has 2000000000 pages, but it holds 1"),
            std::string::npos)
      << reader.status().message();

  auto honest = PageReader::OpenBytes(PageTreePdf(3, 1));
  ASSERT_TRUE(honest.ok()) << honest.status().ToString();
  EXPECT_EQ((*honest)->page_count(), 1);
}

TEST(PageReaderTest, RefusesAPageTreeNestedDeeperThanAnyPdfWriterMakesOne) {
  auto reader = PageReader::OpenBytes(PageTreePdf(100, 1));
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(reader.status().message().find("nested more than 64 levels"), std::string::npos)
      << reader.status().message();
}

}  // namespace
}  // namespace sohoa::ocr
