// LoadPages on PDFs built byte by byte in the test (see pdf_builder.h).
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <cstdlib>
#include <string>

#include "ocr/page_source.h"
#include "ocr/raster_decode.h"
#include "tests/ocr/pdf_builder.h"
#include "tests/ocr/render.h"
#include "tests/test_env.h"

namespace sohoa::ocr {
namespace {

using ::sohoa::testing::BuildImagePdf;
using ::sohoa::testing::BuildTextPdf;
using ::sohoa::testing::PageLayout;
using ::sohoa::testing::PdfImagePage;
using ::sohoa::testing::TempDir;
using ::sohoa::testing::WriteFile;

// 3 x 2 inches at 300 dpi: drawn over a 216 x 144 pt page it is 300 dpi.
PixPtr SmallPage() {
  PageLayout layout;
  layout.width_in = 3;
  layout.height_in = 2;
  layout.margin_in = 0.3;
  return testing::RenderText("Giấy khai sinh\nSố: 123/2023\nNGUYỄN VĂN ĐỨC", layout);
}

std::string Dims(Pix* pix) {
  return "/Width " + std::to_string(pixGetWidth(pix)) + " /Height " +
         std::to_string(pixGetHeight(pix));
}

PdfImagePage SmallPdfPage(std::string dict, std::string data) {
  PdfImagePage page;
  page.image_dict = std::move(dict);
  page.image_data = std::move(data);
  page.width_pt = 216;
  page.height_pt = 144;
  return page;
}

Result<std::vector<PageImage>> Load(const std::string& pdf) {
  TempDir dir;
  WriteFile(dir.path() / "scan.pdf", pdf);
  return LoadPages(dir.path() / "scan.pdf");
}

// Mean absolute difference of two same-sized images, as 8-bit gray.
double MeanDifference(Pix* a, Pix* b) {
  PixPtr ga(pixConvertTo8(a, 0)), gb(pixConvertTo8(b, 0));
  const int w = pixGetWidth(ga.get()), h = pixGetHeight(ga.get());
  if (w != pixGetWidth(gb.get()) || h != pixGetHeight(gb.get())) return 255;
  double sum = 0;
  for (int y = 0; y < h; ++y) {
    const l_uint32* la = pixGetData(ga.get()) + static_cast<long>(pixGetWpl(ga.get())) * y;
    const l_uint32* lb = pixGetData(gb.get()) + static_cast<long>(pixGetWpl(gb.get())) * y;
    for (int x = 0; x < w; ++x) sum += std::abs(GET_DATA_BYTE(la, x) - GET_DATA_BYTE(lb, x));
  }
  return sum / (static_cast<double>(w) * h);
}

bool Equal(Pix* a, Pix* b) {
  l_int32 same = 0;
  return pixEqual(a, b, &same) == 0 && same;
}

TEST(PdfPagesTest, DecodesAGrayJpegImageAtTheResolutionItIsDrawn) {
  PixPtr page = SmallPage();
  auto pages = Load(BuildImagePdf({SmallPdfPage(
      Dims(page.get()) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
      testing::PixToJpeg(page.get()))}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 1u);
  const PageImage& p = (*pages)[0];
  EXPECT_EQ(p.dpi, 300);
  EXPECT_FALSE(p.has_text_layer);
  EXPECT_EQ(pixGetDepth(p.pix.get()), 8);
  EXPECT_LT(MeanDifference(page.get(), p.pix.get()), 3.0);
}

TEST(PdfPagesTest, DecodesAnRgbJpegImage) {
  PixPtr page(pixConvertTo32(SmallPage().get()));
  auto pages = Load(BuildImagePdf({SmallPdfPage(
      Dims(page.get()) + " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
      testing::PixToJpeg(page.get()))}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_EQ(pixGetDepth((*pages)[0].pix.get()), 32);
  EXPECT_LT(MeanDifference(page.get(), (*pages)[0].pix.get()), 3.0);
}

TEST(PdfPagesTest, AppliesAnInvertingDecodeArrayToAJpegImage) {
  PixPtr page = SmallPage();
  PixPtr negative(pixInvert(nullptr, page.get()));
  auto pages = Load(BuildImagePdf({SmallPdfPage(
      Dims(page.get()) +
          " /ColorSpace /DeviceGray /BitsPerComponent 8 /Decode [1 0] /Filter /DCTDecode",
      testing::PixToJpeg(negative.get()))}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_LT(MeanDifference(page.get(), (*pages)[0].pix.get()), 3.0);
}

TEST(PdfPagesTest, DecodesFlateGraySamplesExactly) {
  PixPtr page = SmallPage();
  auto pages = Load(BuildImagePdf({SmallPdfPage(
      Dims(page.get()) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
      testing::Zlib(testing::GraySamples(page.get())))}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_TRUE(Equal(page.get(), (*pages)[0].pix.get()));
  EXPECT_EQ((*pages)[0].dpi, 300);
}

TEST(PdfPagesTest, DecodesFlateRgbSamplesExactly) {
  PixPtr gray = SmallPage();
  std::string rgb;
  for (char g : testing::GraySamples(gray.get())) rgb += std::string(3, g);
  auto pages = Load(BuildImagePdf({SmallPdfPage(
      Dims(gray.get()) + " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode",
      testing::Zlib(rgb))}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_EQ(pixGetDepth((*pages)[0].pix.get()), 32);
  EXPECT_EQ(MeanDifference(gray.get(), (*pages)[0].pix.get()), 0.0);
}

TEST(PdfPagesTest, ConvertsFlateCmykSamplesToRgb) {
  PixPtr gray = SmallPage();
  std::string cmyk;
  for (char g : testing::GraySamples(gray.get())) {
    cmyk += std::string(3, '\0');
    cmyk.push_back(static_cast<char>(255 - static_cast<unsigned char>(g)));  // black ink only
  }
  auto pages = Load(BuildImagePdf({SmallPdfPage(
      Dims(gray.get()) + " /ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /FlateDecode",
      testing::Zlib(cmyk))}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_EQ(MeanDifference(gray.get(), (*pages)[0].pix.get()), 0.0);
}

TEST(PdfPagesTest, ReadsAnIccBasedColourSpaceByItsComponentCount) {
  PixPtr page = SmallPage();
  PdfImagePage pdf_page =
      SmallPdfPage(Dims(page.get()) + " /BitsPerComponent 8 /Filter /FlateDecode",
                   testing::Zlib(testing::GraySamples(page.get())));
  pdf_page.icc_components = 1;
  auto pages = Load(BuildImagePdf({pdf_page}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_TRUE(Equal(page.get(), (*pages)[0].pix.get()));
}

TEST(PdfPagesTest, UndoesAPngPredictorOnBilevelSamples) {
  PixPtr bilevel = testing::Threshold(SmallPage().get());
  const std::string samples = testing::BilevelSamples(bilevel.get());
  const size_t row_bytes = (pixGetWidth(bilevel.get()) + 7) / 8;
  std::string predicted;  // PNG "Up" filter on every row
  for (size_t start = 0; start < samples.size(); start += row_bytes) {
    predicted.push_back(2);
    for (size_t i = 0; i < row_bytes; ++i) {
      const unsigned char up = start == 0 ? 0 : samples[start - row_bytes + i];
      predicted.push_back(static_cast<char>(static_cast<unsigned char>(samples[start + i]) - up));
    }
  }
  auto pages = Load(BuildImagePdf({SmallPdfPage(
      Dims(bilevel.get()) +
          " /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode /DecodeParms "
          "<< /Predictor 15 /Colors 1 /BitsPerComponent 1 /Columns " +
          std::to_string(pixGetWidth(bilevel.get())) + " >>",
      testing::Zlib(predicted))}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_EQ(pixGetDepth((*pages)[0].pix.get()), 1);
  EXPECT_TRUE(Equal(bilevel.get(), (*pages)[0].pix.get()));
}

TEST(PdfPagesTest, LooksUpIndexedColours) {
  PixPtr bilevel = testing::Threshold(SmallPage().get());
  // Index 0 is white and 1 is black: the inverse of BilevelSamples' bits.
  std::string indexes = testing::BilevelSamples(bilevel.get());
  for (char& byte : indexes) byte = static_cast<char>(~byte);
  auto pages = Load(BuildImagePdf(
      {SmallPdfPage(Dims(bilevel.get()) +
                        " /ColorSpace [/Indexed /DeviceRGB 1 <FFFFFF000000>] /BitsPerComponent 1 "
                        "/Filter /FlateDecode",
                    testing::Zlib(indexes))}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_EQ(MeanDifference(bilevel.get(), (*pages)[0].pix.get()), 0.0);
}

TEST(PdfPagesTest, DecodesCcittGroup4PixelForPixel) {
  PixPtr bilevel = testing::Threshold(SmallPage().get());
  L_COMP_DATA* cid = nullptr;
  ASSERT_EQ(pixGenerateCIData(bilevel.get(), L_G4_ENCODE, 0, 0, &cid), 0);
  const std::string g4(reinterpret_cast<const char*>(cid->datacomp), cid->nbytescomp);
  l_CIDataDestroy(&cid);
  const std::string w = std::to_string(pixGetWidth(bilevel.get()));
  const std::string h = std::to_string(pixGetHeight(bilevel.get()));
  auto pages =
      Load(BuildImagePdf({SmallPdfPage(Dims(bilevel.get()) +
                                           " /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter "
                                           "/CCITTFaxDecode /DecodeParms << /K -1 /Columns " +
                                           w + " /Rows " + h + " >>",
                                       g4)}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_EQ((*pages)[0].dpi, 300);
  EXPECT_TRUE(Equal(bilevel.get(), (*pages)[0].pix.get()));
}

TEST(PdfPagesTest, HonoursBlackIs1InCcittData) {
  PixPtr bilevel = testing::Threshold(SmallPage().get());
  PixPtr negative(pixInvert(nullptr, bilevel.get()));
  L_COMP_DATA* cid = nullptr;
  ASSERT_EQ(pixGenerateCIData(negative.get(), L_G4_ENCODE, 0, 0, &cid), 0);
  const std::string g4(reinterpret_cast<const char*>(cid->datacomp), cid->nbytescomp);
  l_CIDataDestroy(&cid);
  auto pages = Load(BuildImagePdf(
      {SmallPdfPage(Dims(bilevel.get()) +
                        " /ImageMask false /ColorSpace /DeviceGray /BitsPerComponent 1 "
                        "/Filter /CCITTFaxDecode /DecodeParms << /K -1 /BlackIs1 true "
                        "/Columns " +
                        std::to_string(pixGetWidth(bilevel.get())) + " >>",
                    g4)}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_TRUE(Equal(bilevel.get(), (*pages)[0].pix.get()));
}

TEST(PdfPagesTest, TurnsThePageByItsRotateEntry) {
  PixPtr page = SmallPage();
  PdfImagePage pdf_page = SmallPdfPage(
      Dims(page.get()) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
      testing::Zlib(testing::GraySamples(page.get())));
  pdf_page.rotate = 90;
  auto pages = Load(BuildImagePdf({pdf_page}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  PixPtr turned(pixRotateOrth(page.get(), 1));
  EXPECT_TRUE(Equal(turned.get(), (*pages)[0].pix.get()));
  EXPECT_EQ((*pages)[0].dpi, 300);
}

TEST(PdfPagesTest, FindsAnImageInsideAFormXObject) {
  PixPtr page = SmallPage();
  PdfImagePage pdf_page = SmallPdfPage(
      Dims(page.get()) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
      testing::Zlib(testing::GraySamples(page.get())));
  pdf_page.in_form = true;
  auto pages = Load(BuildImagePdf({pdf_page}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_TRUE(Equal(page.get(), (*pages)[0].pix.get()));
  EXPECT_EQ((*pages)[0].dpi, 300);
}

TEST(PdfPagesTest, ReadsEveryPageInOrder) {
  PixPtr first = SmallPage();
  PixPtr second(pixRotateOrth(first.get(), 2));
  const std::string dict =
      Dims(first.get()) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode";
  auto pages =
      Load(BuildImagePdf({SmallPdfPage(dict, testing::Zlib(testing::GraySamples(first.get()))),
                          SmallPdfPage(dict, testing::Zlib(testing::GraySamples(second.get())))}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 2u);
  EXPECT_EQ((*pages)[0].source_page, 0);
  EXPECT_EQ((*pages)[1].source_page, 1);
  EXPECT_TRUE(Equal(first.get(), (*pages)[0].pix.get()));
  EXPECT_TRUE(Equal(second.get(), (*pages)[1].pix.get()));
}

TEST(PdfPagesTest, TakesTheTextOfABornDigitalPageInsteadOfAnImage) {
  auto pages = Load(BuildTextPdf(
      "BT /F1 18 Tf 72 700 Td (Giay chung nhan) Tj 0 -24 Td [(quyen su ) -300 (dung dat)] TJ ET"));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 1u);
  const PageImage& p = (*pages)[0];
  EXPECT_TRUE(p.has_text_layer);
  EXPECT_NE(p.text_layer.find("Giay chung nhan"), std::string::npos) << p.text_layer;
  EXPECT_NE(p.text_layer.find("dung dat"), std::string::npos) << p.text_layer;
  EXPECT_NE(p.text_layer.find('\n'), std::string::npos) << "a new line per Td that moves down";
  // A blank page the size of the media box (8.5 x 11 in) at 150 dpi.
  EXPECT_EQ(p.dpi, 150);
  EXPECT_EQ(pixGetWidth(p.pix.get()), 1275);
  EXPECT_EQ(pixGetHeight(p.pix.get()), 1650);
}

TEST(PdfPagesTest, ReadsContentStreamsWhosePredictorHasOneBitSamples) {
  // Any stream may carry a PNG predictor, here with 1-bit samples: 80
  // columns make rows of 10 bytes, each after its filter-type byte (0).
  // PoDoFo refuses /BitsPerComponent 1 in a predictor and leaked its Flate
  // filter each time (the pdf fuzzer's LeakSanitizer report,
  // tests/fuzz/crashes/pdf/); the page's text was lost with it.
  std::string text = "BT /F1 18 Tf 72 700 Td (Giay chung nhan) Tj ET\n";
  text.resize((text.size() + 9) / 10 * 10, ' ');
  std::string rows;
  for (size_t at = 0; at < text.size(); at += 10) rows += '\0' + text.substr(at, 10);
  testing::PdfBuilder pdf;
  const int catalog = pdf.Reserve();
  const int tree = pdf.Reserve();
  const int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const int contents = pdf.AddStream(
      "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Colors 1 /BitsPerComponent 1 "
      "/Columns 80 >>",
      testing::Zlib(rows));
  const int page = pdf.Add("<< /Type /Page /Parent " + testing::PdfBuilder::Ref(tree) +
                           " /MediaBox [0 0 612 792] /Resources << /Font << /F1 " +
                           testing::PdfBuilder::Ref(font) + " >> >> /Contents [" +
                           testing::PdfBuilder::Ref(contents) + "] >>");
  pdf.Set(catalog, "<< /Type /Catalog /Pages " + testing::PdfBuilder::Ref(tree) + " >>");
  pdf.Set(tree, "<< /Type /Pages /Kids [" + testing::PdfBuilder::Ref(page) + "] /Count 1 >>");
  auto pages = Load(pdf.Build(catalog));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_TRUE((*pages)[0].has_text_layer);
  EXPECT_EQ((*pages)[0].text_layer, "Giay chung nhan");
}

TEST(PdfPagesTest, FindsTheImageOfAFormXObjectWhoseStreamKeywordIsDamaged) {
  // PoDoFo parses the form's dictionary, fails on "stReam", and leaves the
  // dictionaries inside it without an owner; its GetIndirectKey on them
  // then dereferenced null (the pdf fuzzer's SEGV, tests/fuzz/crashes/pdf/).
  testing::PdfBuilder pdf;
  const int catalog = pdf.Reserve();
  const int tree = pdf.Reserve();
  const int image = pdf.AddStream(
      "/Type /XObject /Subtype /Image /Width 4 /Height 2 /ColorSpace /DeviceGray "
      "/BitsPerComponent 8",
      std::string("\x00\x40\x80\xff\xff\x80\x40\x00", 8));
  const std::string draw = "q 144 0 0 72 0 0 cm /Im0 Do Q";
  const int form = pdf.Add(
      "<< /Type /XObject /Subtype /Form /BBox [0 0 144 72] /Resources << /XObject << /Im0 " +
      testing::PdfBuilder::Ref(image) + " >> >> /Length " + std::to_string(draw.size()) +
      " >>\nstReam\n" + draw + "\nendstream");
  const int contents = pdf.AddStream("", "/Fm0 Do");
  const int page = pdf.Add("<< /Type /Page /Parent " + testing::PdfBuilder::Ref(tree) +
                           " /MediaBox [0 0 144 72] /Resources << /XObject << /Fm0 " +
                           testing::PdfBuilder::Ref(form) + " >> >> /Contents " +
                           testing::PdfBuilder::Ref(contents) + " >>");
  pdf.Set(catalog, "<< /Type /Catalog /Pages " + testing::PdfBuilder::Ref(tree) + " >>");
  pdf.Set(tree, "<< /Type /Pages /Kids [" + testing::PdfBuilder::Ref(page) + "] /Count 1 >>");
  auto pages = Load(pdf.Build(catalog));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  const PageImage& p = (*pages)[0];
  EXPECT_FALSE(p.has_text_layer);
  EXPECT_EQ(pixGetWidth(p.pix.get()), 4);
  EXPECT_EQ(pixGetHeight(p.pix.get()), 2);
}

TEST(PdfPagesTest, GivesATextPageTooLargeForTheImageLimitsALowerResolution) {
  // Found by the pdf fuzzer: a 2011 x 958 inch media box made a blank page
  // of 30000 x 30000 pixels, 900 megapixels, over kMaxImagePixels.
  testing::PdfBuilder pdf;
  const int catalog = pdf.Reserve();
  const int tree = pdf.Reserve();
  const int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const int contents = pdf.AddStream("", "BT /F1 12 Tf 72 700 Td (So hoa) Tj ET");
  const int page = pdf.Add("<< /Type /Page /Parent " + testing::PdfBuilder::Ref(tree) +
                           " /MediaBox [0 0 144800 69000] /Resources << /Font << /F1 " +
                           testing::PdfBuilder::Ref(font) + " >> >> /Contents " +
                           testing::PdfBuilder::Ref(contents) + " >>");
  pdf.Set(catalog, "<< /Type /Catalog /Pages " + testing::PdfBuilder::Ref(tree) + " >>");
  pdf.Set(tree, "<< /Type /Pages /Kids [" + testing::PdfBuilder::Ref(page) + "] /Count 1 >>");
  auto pages = Load(pdf.Build(catalog));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  const PageImage& p = (*pages)[0];
  EXPECT_TRUE(p.has_text_layer);
  const long long w = pixGetWidth(p.pix.get()), h = pixGetHeight(p.pix.get());
  EXPECT_LE(w * h, kMaxImagePixels);
  EXPECT_EQ(p.dpi, 14);  // the highest that fits: 2011 x 958 in at 14 dpi, 378 megapixels
  EXPECT_EQ(w, 28156);
  EXPECT_EQ(h, 13417);
}

TEST(PdfPagesTest, TreatsAPageWithTextAndASmallLogoAsText) {
  PdfImagePage page =
      SmallPdfPage("/Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8",
                   std::string(10000, '\0'));
  page.width_pt = 612;
  page.height_pt = 792;
  page.image_matrix = "72 0 0 72 36 700";  // a one-inch logo
  page.extra_content = "BT /F1 12 Tf 120 720 Td (UY BAN NHAN DAN) Tj ET\n";
  auto pages = Load(BuildImagePdf({page}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_TRUE((*pages)[0].has_text_layer);
  EXPECT_NE((*pages)[0].text_layer.find("UY BAN NHAN DAN"), std::string::npos);
}

TEST(PdfPagesTest, TakesAFullPageScanWithAnInvisibleTextLayerAsAScan) {
  PixPtr scan = SmallPage();
  PdfImagePage page = SmallPdfPage(
      Dims(scan.get()) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
      testing::Zlib(testing::GraySamples(scan.get())));
  page.extra_content = "BT 3 Tr /F1 12 Tf 20 100 Td (Giay khai sinh) Tj ET\n";
  auto pages = Load(BuildImagePdf({page}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_FALSE((*pages)[0].has_text_layer);
  EXPECT_TRUE(Equal(scan.get(), (*pages)[0].pix.get()));
}

TEST(PdfPagesTest, MeasuresResolutionFromTheSizeTheImageIsDrawnAt) {
  PixPtr scan = SmallPage();  // 900 x 600 pixels
  PdfImagePage page = SmallPdfPage(
      Dims(scan.get()) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
      testing::Zlib(testing::GraySamples(scan.get())));
  page.width_pt = 612;
  page.height_pt = 792;
  page.image_matrix = "432 0 0 288 90 400";  // 6 x 4 inches: 150 dpi
  auto pages = Load(BuildImagePdf({page}));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_FALSE((*pages)[0].has_text_layer);
  EXPECT_EQ((*pages)[0].dpi, 150);
}

TEST(PdfPagesTest, GivesAnEmptyPageAsABlankTextPage) {
  auto pages = Load(BuildTextPdf(""));
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_TRUE((*pages)[0].has_text_layer);
  EXPECT_EQ((*pages)[0].text_layer, "");
}

TEST(PdfPagesTest, RefusesAVectorOnlyPageNamingThePage) {
  auto pages = Load(BuildTextPdf("0 0 m 100 100 l S 10 10 50 50 re f"));
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(pages.status().message().rfind("page 1: ", 0), 0u) << pages.status().message();
}

TEST(PdfPagesTest, ReportsJunkJbig2DataAsCorruptNamingThePageAndTheCodec) {
  auto pages = Load(BuildImagePdf({SmallPdfPage(
      "/Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode",
      std::string(16, '\0'))}));
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(pages.status().message().rfind("page 1: JBIG2", 0), 0u) << pages.status().message();
}

TEST(PdfPagesTest, ReportsShortImageDataAsCorruptNamingThePage) {
  PixPtr page = SmallPage();
  const std::string dict =
      Dims(page.get()) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode";
  const std::string samples = testing::GraySamples(page.get());
  auto pages = Load(BuildImagePdf({SmallPdfPage(dict, testing::Zlib(samples)),
                                   SmallPdfPage(dict, testing::Zlib(samples.substr(0, 1000)))}));
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(pages.status().message().rfind("page 2: ", 0), 0u) << pages.status().message();
  EXPECT_NE(pages.status().message().find("ends early"), std::string::npos);
}

TEST(PdfPagesTest, ReportsAGarbledFlateStreamAsCorrupt) {
  auto pages = Load(BuildImagePdf({SmallPdfPage(
      "/Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
      std::string(500, 'x'))}));
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().message().rfind("page 1: ", 0), 0u) << pages.status().message();
}

TEST(PdfPagesTest, ReportsATruncatedJpegImageAsCorrupt) {
  PixPtr page = SmallPage();
  const std::string jpeg = testing::PixToJpeg(page.get());
  auto pages = Load(BuildImagePdf({SmallPdfPage(
      Dims(page.get()) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
      jpeg.substr(0, jpeg.size() / 2))}));
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(pages.status().message().rfind("page 1: JPEG", 0), 0u) << pages.status().message();
}

TEST(PdfPagesTest, RefusesAnAbsurdImageSizeBeforeDecodingIt) {
  auto pages = Load(BuildImagePdf({SmallPdfPage(
      "/Width 40000 /Height 40000 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode",
      testing::Zlib(std::string(1000, '\0')))}));
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(pages.status().message().rfind("page 1: image is 40000 x 40000", 0), 0u)
      << pages.status().message();
}

TEST(PdfPagesTest, ReportsANonPdfAfterTheMarkerAsCorrupt) {
  auto pages = Load("%PDF-1.4\nthis is not really a PDF\n");
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kCorrupt);
  // What a person can act on first; the library's words only after it.
  const std::string& message = pages.status().message();
  EXPECT_EQ(message.rfind("the PDF ", 0), 0u) << message;
  const size_t detail = message.find(" (technical detail: PoDoFo");
  EXPECT_NE(detail, std::string::npos) << message;
  EXPECT_EQ(message.substr(0, detail).find("ePdfError"), std::string::npos) << message;
}

}  // namespace
}  // namespace sohoa::ocr
