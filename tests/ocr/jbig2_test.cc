// JBIG2 images in PDFs: OCRmyPDF's JBIG2 test files from ../shared, and
// damaged data made from them.
#include "ocr/jbig2_decode.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "ocr/page_source.h"
#include "tests/ocr/pdf_builder.h"
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

double BlackShare(const Pix* pix) {
  l_int32 black = 0;
  pixCountPixels(const_cast<Pix*>(pix), &black, nullptr);
  return static_cast<double>(black) / (pixGetWidth(pix) * pixGetHeight(pix));
}

// A US Letter page scanned at 300 ppi, in black ink on white paper.
void ExpectLetterAt300Ppi(const PageImage& page, const std::string& name) {
  const int w = pixGetWidth(page.pix.get());
  const int h = pixGetHeight(page.pix.get());
  EXPECT_TRUE((w == 2550 && h == 3300) || (w == 3300 && h == 2550)) << name << ": " << w << "x" << h;
  EXPECT_EQ(page.dpi, 300) << name;
  EXPECT_EQ(pixGetDepth(page.pix.get()), 1) << name;
  const double black = BlackShare(page.pix.get());
  EXPECT_GT(black, 0.005) << name;
  EXPECT_LT(black, 0.3) << name;
}

TEST(Jbig2Test, LoadsEachSharedJbig2PdfAsLetterPagesAt300Ppi) {
  for (const char* name : {"jbig2.pdf", "linn.pdf", "skew.pdf", "rotated_skew.pdf"}) {
    SKIP_WITHOUT(name);
    auto pages = LoadPages(Resources() / name);
    ASSERT_TRUE(pages.ok()) << name << ": " << pages.status().ToString();
    ASSERT_EQ(pages->size(), 1u) << name;
    ExpectLetterAt300Ppi((*pages)[0], name);
  }
}

TEST(Jbig2Test, TurnsEachPageOfCardinalPdfAsItIsShown) {
  SKIP_WITHOUT("cardinal.pdf");
  auto pages = LoadPages(Resources() / "cardinal.pdf");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 4u);
  for (const PageImage& page : *pages) ExpectLetterAt300Ppi(page, "cardinal.pdf");
  // Pages 2 and 4 are shown turned a quarter: landscape once turned.
  EXPECT_GT(pixGetWidth((*pages)[1].pix.get()), pixGetHeight((*pages)[1].pix.get()));
  EXPECT_LT(pixGetWidth((*pages)[2].pix.get()), pixGetHeight((*pages)[2].pix.get()));
}

TEST(Jbig2Test, ReadsTheGlobalSegmentsOfJbig2Pdf) {
  // jbig2.pdf keeps its symbol dictionary in /JBIG2Globals: without it the
  // page would decode blank or fail.
  SKIP_WITHOUT("jbig2.pdf");
  auto pages = LoadPages(Resources() / "jbig2.pdf");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_GT(BlackShare((*pages)[0].pix.get()), 0.01);
}

// The embedded JBIG2 stream and globals of jbig2.pdf, as pdfimages extracts them.
struct Jbig2Streams {
  std::string page, globals;
};

Jbig2Streams ExtractFromJbig2Pdf(const testing::TempDir& dir) {
  const std::string command = "pdfimages -jbig2 '" + (Resources() / "jbig2.pdf").string() +
                              "' '" + (dir.path() / "x").string() + "' 2>/dev/null";
  if (std::system(command.c_str()) != 0) return {};
  Jbig2Streams out;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".jb2e") out.page = testing::ReadFile(entry.path());
    if (ext == ".jb2g") out.globals = testing::ReadFile(entry.path());
  }
  return out;
}

TEST(Jbig2Test, DecodesTheStreamThatPdfimagesExtracts) {
  SKIP_WITHOUT("jbig2.pdf");
  testing::TempDir dir;
  const Jbig2Streams streams = ExtractFromJbig2Pdf(dir);
  if (streams.page.empty()) GTEST_SKIP() << "pdfimages -jbig2 is not available";
  auto pix = DecodeJbig2(streams.page, streams.globals);
  ASSERT_TRUE(pix.ok()) << pix.status().ToString();
  EXPECT_EQ(pixGetWidth(pix->get()), 2550);
  EXPECT_EQ(pixGetHeight(pix->get()), 3300);
}

TEST(Jbig2Test, ReportsAStreamCutShortAsCorrupt) {
  SKIP_WITHOUT("jbig2.pdf");
  testing::TempDir dir;
  const Jbig2Streams streams = ExtractFromJbig2Pdf(dir);
  if (streams.page.empty()) GTEST_SKIP() << "pdfimages -jbig2 is not available";
  for (const std::size_t keep : {std::size_t{0}, std::size_t{10}, streams.page.size() / 2,
                                 streams.page.size() - 20}) {
    auto pix = DecodeJbig2(std::string_view(streams.page).substr(0, keep), streams.globals);
    ASSERT_FALSE(pix.ok()) << "kept " << keep << " bytes";
    EXPECT_EQ(pix.status().code(), StatusCode::kCorrupt) << pix.status().ToString();
  }
  // Without its globals the page refers to symbols that do not exist.
  auto orphan = DecodeJbig2(streams.page, "");
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.status().code(), StatusCode::kCorrupt) << orphan.status().ToString();
}

TEST(Jbig2Test, ReportsAPdfWhoseJbig2ImageIsCutShortAsCorruptNamingThePage) {
  SKIP_WITHOUT("jbig2.pdf");
  testing::TempDir dir;
  const Jbig2Streams streams = ExtractFromJbig2Pdf(dir);
  if (streams.page.empty()) GTEST_SKIP() << "pdfimages -jbig2 is not available";
  testing::PdfBuilder pdf;
  const int catalog = pdf.Reserve();
  const int pages = pdf.Reserve();
  const int page = pdf.Reserve();
  const int globals = pdf.AddStream("", streams.globals);
  const int image = pdf.AddStream(
      "/Type /XObject /Subtype /Image /Width 2550 /Height 3300 /ColorSpace /DeviceGray "
      "/BitsPerComponent 1 /Filter /JBIG2Decode /DecodeParms << /JBIG2Globals " +
          testing::PdfBuilder::Ref(globals) + " >>",
      streams.page.substr(0, streams.page.size() / 3));
  const int content = pdf.AddStream("", "q 612 0 0 792 0 0 cm /Im0 Do Q");
  pdf.Set(catalog, "<< /Type /Catalog /Pages " + testing::PdfBuilder::Ref(pages) + " >>");
  pdf.Set(pages, "<< /Type /Pages /Kids [" + testing::PdfBuilder::Ref(page) + "] /Count 1 >>");
  pdf.Set(page, "<< /Type /Page /Parent " + testing::PdfBuilder::Ref(pages) +
                    " /MediaBox [0 0 612 792] /Resources << /XObject << /Im0 " +
                    testing::PdfBuilder::Ref(image) + " >> >> /Contents " +
                    testing::PdfBuilder::Ref(content) + " >>");
  const fs::path path = dir.path() / "cut.pdf";
  testing::WriteFile(path, pdf.Build(catalog));
  auto loaded = LoadPages(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kCorrupt) << loaded.status().ToString();
  EXPECT_EQ(loaded.status().message().rfind("page 1: JBIG2", 0), 0u) << loaded.status().message();
}

TEST(Jbig2Test, RefusesDataThatWouldMakeTheDecoderAllocateGigabytes) {
  // Found by the jbig2 fuzzer (tests/fuzz/crashes/jbig2/): 111 bytes, a page
  // and a text region whose symbol-ID table libjbig2dec sized at 2 GB.
  const std::string data(
      "\x00\x00\x00\x00\x30\x00\x01\x00\x00\x00\x13\x00\x00\x00\x60\x00\x00\x00\x40\x00\x00\x01"
      "\x2C\x00\x00\x01\x2C\x00\x71\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x46\x00\x00\x00"
      "\x60\x00\x00\x00\x40\x00\x00\x46\x00\x00\x00\x60\x00\x00\x00\x40\x00\x00\x00\x00\x00\x00"
      "\x00\x00\x00\x01\x26\xA0\x78\x35\x1D\x8D\x86\xF9\xB0\x3D\xFF\x1F\xFC\x7C\xD8\x32\x7F\x1F"
      "\x36\x07\x85\x2B\x00\x00\x00\x2F\xE3\xE6\xC0\xF5\xFC\x7F\x93\x50\x3C\x1A\x80\x04\x00\x40"
      "\x00",
      111);
  auto pix = DecodeJbig2(data, "");
  ASSERT_FALSE(pix.ok());
  EXPECT_EQ(pix.status().code(), StatusCode::kUnsupported) << pix.status().ToString();
  EXPECT_NE(pix.status().message().find("MB of memory"), std::string::npos)
      << pix.status().message();
}

}  // namespace
}  // namespace sohoa::ocr
