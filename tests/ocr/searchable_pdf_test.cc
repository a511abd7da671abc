// The searchable PDF, judged the way an archivist's tools see it: poppler's
// pdftotext / pdfimages / pdffonts / pdfinfo / pdftoppm and qpdf --check.
#include "ocr/searchable_pdf.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ocr/engine_pool.h"
#include "ocr/page_source.h"
#include "tests/ocr/pdf_builder.h"
#include "tests/ocr/render.h"
#include "tests/test_env.h"

namespace sohoa::ocr {
namespace {

namespace fs = std::filesystem;

struct Output {
  int exit_code = -1;
  std::string text;
};

struct PipeClose {
  void operator()(FILE* f) const noexcept { pclose(f); }
};

Output Shell(const std::string& command) {
  Output out;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.text.append(buf, n);
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

bool Have(const char* tool) {
  return Shell(std::string("command -v ") + tool + " >/dev/null").exit_code == 0;
}

#define SKIP_WITHOUT_POPPLER_AND_QPDF()                                                   \
  if (!Have("pdftotext") || !Have("pdfimages") || !Have("qpdf")) {                        \
    GTEST_SKIP() << "poppler-utils and qpdf are needed to read the PDF back "             \
                 << "(Debian: apt-get install poppler-utils qpdf)";                       \
  }

std::string Quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// Two lines of 16 pt Vietnamese on a strip of paper at 300 ppi.
PixPtr Strip(const std::string& text = "NGUYỄN VĂN ĐỨC\nđăng ký khai sinh") {
  testing::PageLayout layout;
  layout.width_in = 6;
  layout.height_in = 1.6;
  layout.margin_in = 0.3;
  layout.font_pt = 16;
  return testing::RenderText(text, layout);
}

RecognizedPage Recognize(const Pix* pix) {
  EngineOptions options;
  options.workers = 1;
  options.read_barcodes = false;
  auto pool = EnginePool::Create(options);
  EXPECT_TRUE(pool.ok()) << pool.status().ToString();
  if (!pool.ok()) return {};
  PageImage page;
  page.pix.reset(pixClone(const_cast<Pix*>(pix)));
  page.dpi = 300;
  auto result = (*pool)->Submit(std::move(page)).get();
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? std::move(result).value() : RecognizedPage{};
}

EncodedImage Encode(const Pix* pix) {
  PageImage page;
  page.pix.reset(pixClone(const_cast<Pix*>(pix)));
  auto encoded = EncodeForPdf(page);
  EXPECT_TRUE(encoded.ok()) << encoded.status().ToString();
  return encoded.ok() ? std::move(encoded).value() : EncodedImage{};
}

fs::path WritePdf(const testing::TempDir& dir, const std::vector<SearchablePage>& pages,
                  const std::string& name = "out.pdf") {
  PdfMetadata metadata;
  metadata.title = "000.31.22.H32-230620-0017 Tờ khai đăng ký khai sinh";
  metadata.subject = "Đăng ký khai sinh";
  metadata.keywords = "1.001193; khai sinh";
  metadata.creation_date = "2023-06-20T08:30:00+07:00";
  auto pdf = WriteSearchablePdf(pages, metadata);
  EXPECT_TRUE(pdf.ok()) << pdf.status().ToString();
  const fs::path path = dir.path() / name;
  testing::WriteFile(path, pdf.ok() ? *pdf : std::string());
  return path;
}

// The words of Strip() with boxes about where they are drawn, in reading order.
std::vector<Word> StripWords() {
  return {{"NGUYỄN", {90, 90, 260, 60}, 90}, {"VĂN", {370, 90, 140, 60}, 90},
          {"ĐỨC", {530, 90, 140, 60}, 90},   {"đăng", {90, 175, 150, 60}, 90},
          {"ký", {260, 175, 70, 60}, 90},    {"khai", {350, 175, 130, 60}, 90},
          {"sinh", {500, 175, 120, 60}, 90}};
}

void ExpectInOrder(const std::string& text, const std::vector<std::string>& parts) {
  std::size_t from = 0;
  for (const std::string& part : parts) {
    const std::size_t at = text.find(part, from);
    EXPECT_NE(at, std::string::npos) << "'" << part << "' missing or out of order in:\n" << text;
    if (at == std::string::npos) return;
    from = at + part.size();
  }
}

// Words in the upright image's pixels, moved to the pixels of that image as
// it was scanned: turned 90° counterclockwise, so a clockwise quarter turn
// makes it upright again.
std::vector<Word> AsScannedTurnedLeft(const std::vector<Word>& upright, int upright_width) {
  std::vector<Word> out;
  for (Word w : upright) {
    w.box = Box{w.box.y, upright_width - (w.box.x + w.box.w), w.box.h, w.box.w};
    out.push_back(w);
  }
  return out;
}

double DarkShare(const fs::path& pdf, const testing::TempDir& dir) {
  const fs::path prefix = dir.path() / "render";
  if (Shell("pdftoppm -gray -r 72 -singlefile " + Quoted(pdf) + " " + Quoted(prefix)).exit_code !=
      0) {
    return -1;
  }
  PixPtr gray(pixRead((prefix.string() + ".pgm").c_str()));
  if (!gray) return -1;
  PixPtr binary(pixThresholdToBinary(gray.get(), 128));
  l_int32 dark = 0;
  pixCountPixels(binary.get(), &dark, nullptr);
  return static_cast<double>(dark) / (pixGetWidth(binary.get()) * pixGetHeight(binary.get()));
}

TEST(SearchablePdfTest, GivesBackEveryRecognisedWordInReadingOrder) {
  SKIP_WITHOUT_POPPLER_AND_QPDF();
  PixPtr pix = Strip();
  RecognizedPage recognized = Recognize(pix.get());
  ASSERT_GE(recognized.words.size(), 5u);
  EncodedImage image = Encode(pix.get());
  testing::TempDir dir;
  SearchablePage page;
  page.image = &image;
  page.dpi = 300;
  page.rotation = recognized.rotation;
  page.words = recognized.words;
  const fs::path pdf = WritePdf(dir, {page});

  std::vector<std::string> words;
  for (const Word& w : recognized.words) words.push_back(w.text);
  const Output raw = Shell("pdftotext -enc UTF-8 " + Quoted(pdf) + " -");
  ASSERT_EQ(raw.exit_code, 0);
  ExpectInOrder(raw.text, words);
  // Tesseract may miss a tone mark; these it reads reliably.
  ExpectInOrder(raw.text, {"VĂN ĐỨC\n", "đăng ký khai sinh"});
  EXPECT_EQ(Shell("qpdf --check " + Quoted(pdf)).exit_code, 0);
}

TEST(SearchablePdfTest, KeepsVietnameseWordsIntactAndInOrder) {
  SKIP_WITHOUT_POPPLER_AND_QPDF();
  PixPtr pix = Strip();
  EncodedImage image = Encode(pix.get());
  testing::TempDir dir;
  SearchablePage page;
  page.image = &image;
  page.dpi = 300;
  page.words = StripWords();
  const fs::path pdf = WritePdf(dir, {page});
  const Output raw = Shell("pdftotext -enc UTF-8 " + Quoted(pdf) + " -");
  ASSERT_EQ(raw.exit_code, 0);
  ExpectInOrder(raw.text, {"NGUYỄN VĂN ĐỨC\n", "đăng ký khai sinh"});
  const Output layout = Shell("pdftotext -layout -enc UTF-8 " + Quoted(pdf) + " -");
  ExpectInOrder(layout.text, {"NGUYỄN VĂN ĐỨC", "đăng ký khai sinh"});
  EXPECT_EQ(Shell("qpdf --check " + Quoted(pdf)).exit_code, 0);
}

TEST(SearchablePdfTest, KeepsTheScanAtItsOwnResolutionWithoutResampling) {
  SKIP_WITHOUT_POPPLER_AND_QPDF();
  PixPtr pix = Strip();
  EncodedImage image = Encode(pix.get());
  ASSERT_EQ(image.filter, EncodedImage::Filter::kFlate);
  testing::TempDir dir;
  SearchablePage page;
  page.image = &image;
  page.dpi = 300;
  const fs::path pdf = WritePdf(dir, {page});
  const Output list = Shell("pdfimages -list " + Quoted(pdf));
  ASSERT_EQ(list.exit_code, 0);
  // page num type width height color comp bpc enc interp object ID x-ppi y-ppi ...
  EXPECT_NE(list.text.find(std::to_string(pixGetWidth(pix.get())) + "   " +
                           std::to_string(pixGetHeight(pix.get()))),
            std::string::npos)
      << list.text;
  EXPECT_NE(list.text.find("   300   300 "), std::string::npos) << list.text;
  EXPECT_EQ(Shell("pdfinfo " + Quoted(pdf) + " | grep -c '432 x 115.2 pts'").text, "1\n");
}

TEST(SearchablePdfTest, CarriesAJpegScanByteForByte) {
  SKIP_WITHOUT_POPPLER_AND_QPDF();
  testing::TempDir dir;
  PixPtr pix = Strip();
  pixSetResolution(pix.get(), 300, 300);
  const fs::path jpeg_path = dir.path() / "scan.jpg";
  ASSERT_EQ(pixWrite(jpeg_path.string().c_str(), pix.get(), IFF_JFIF_JPEG), 0);
  const std::string jpeg = testing::ReadFile(jpeg_path);

  auto pages = LoadPages(jpeg_path);
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ((*pages)[0].jpeg, jpeg);
  auto image = EncodeForPdf((*pages)[0]);
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  EXPECT_EQ(image->filter, EncodedImage::Filter::kDct);
  EXPECT_EQ(image->components, 1);
  SearchablePage page;
  page.image = &*image;
  page.dpi = (*pages)[0].dpi;
  const fs::path pdf = WritePdf(dir, {page});

  EXPECT_NE(Shell("pdfimages -list " + Quoted(pdf)).text.find(" jpeg "), std::string::npos);
  ASSERT_EQ(Shell("pdfimages -j " + Quoted(pdf) + " " + Quoted(dir.path() / "x")).exit_code, 0);
  ASSERT_TRUE(fs::exists(dir.path() / "x-000.jpg"));
  EXPECT_EQ(testing::ReadFile(dir.path() / "x-000.jpg"), jpeg);
  EXPECT_EQ(Shell("qpdf --check " + Quoted(pdf)).exit_code, 0);
}

TEST(SearchablePdfTest, KeepsTheJpegOfAScannedPdfOnlyWhenItShowsAsDecoded) {
  testing::TempDir dir;
  PixPtr pix = Strip();
  const fs::path jpeg_path = dir.path() / "scan.jpg";
  ASSERT_EQ(pixWrite(jpeg_path.string().c_str(), pix.get(), IFF_JFIF_JPEG), 0);
  const std::string jpeg = testing::ReadFile(jpeg_path);
  const std::string dict = "/Width " + std::to_string(pixGetWidth(pix.get())) + " /Height " +
                           std::to_string(pixGetHeight(pix.get())) +
                           " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode";
  testing::PdfImagePage plain;
  plain.image_dict = dict;
  plain.image_data = jpeg;
  plain.width_pt = 432;
  plain.height_pt = 115.2;
  testing::PdfImagePage inverted = plain;
  inverted.image_dict += " /Decode [1 0]";
  testing::PdfImagePage turned = plain;
  turned.rotate = 90;
  const fs::path path = dir.path() / "scan.pdf";
  testing::WriteFile(path, testing::BuildImagePdf({plain, inverted, turned}));
  auto pages = LoadPages(path);
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 3u);
  EXPECT_EQ((*pages)[0].jpeg, jpeg);
  EXPECT_EQ((*pages)[0].dpi, 300);
  EXPECT_TRUE((*pages)[1].jpeg.empty()) << "a /Decode array changes what the samples show";
  EXPECT_TRUE((*pages)[2].jpeg.empty()) << "the page image was turned: the bytes are not it";
  auto image = EncodeForPdf((*pages)[0]);
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  EXPECT_EQ(image->filter, EncodedImage::Filter::kDct);
  EXPECT_EQ(image->data, jpeg);
}

TEST(SearchablePdfTest, TurnsAPageScannedSidewaysUprightWithItsTextInOrder) {
  SKIP_WITHOUT_POPPLER_AND_QPDF();
  PixPtr upright = Strip();
  PixPtr scanned(pixRotateOrth(upright.get(), 3));  // 270° clockwise: lying on its left side
  EncodedImage image = Encode(scanned.get());
  testing::TempDir dir;
  SearchablePage page;
  page.image = &image;
  page.dpi = 300;
  page.rotation = 90;
  page.words = AsScannedTurnedLeft(StripWords(), pixGetWidth(upright.get()));
  const fs::path pdf = WritePdf(dir, {page});

  // Upright: as wide as the strip, not as tall, and no /Rotate.
  const Output info = Shell("pdfinfo " + Quoted(pdf));
  EXPECT_NE(info.text.find("432 x 115.2 pts"), std::string::npos) << info.text;
  EXPECT_NE(info.text.find("Page rot:        0"), std::string::npos) << info.text;
  const Output raw = Shell("pdftotext -enc UTF-8 " + Quoted(pdf) + " -");
  ExpectInOrder(raw.text, {"NGUYỄN VĂN ĐỨC\n", "đăng ký khai sinh"});
  // The text is where the upright scan shows it: the first line top left.
  const Output top_left =
      Shell("pdftotext -enc UTF-8 -r 72 -x 0 -y 0 -W 250 -H 40 " + Quoted(pdf) + " -");
  EXPECT_NE(top_left.text.find("NGUYỄN"), std::string::npos) << top_left.text;
  EXPECT_EQ(top_left.text.find("khai"), std::string::npos) << top_left.text;
  EXPECT_EQ(Shell("qpdf --check " + Quoted(pdf)).exit_code, 0);
}

TEST(SearchablePdfTest, EmbedsABilevelPageAsCcittG4ThatShowsBlackTextOnWhite) {
  SKIP_WITHOUT_POPPLER_AND_QPDF();
  PixPtr gray = Strip();
  PixPtr bilevel(pixThresholdToBinary(gray.get(), 128));
  EncodedImage image = Encode(bilevel.get());
  EXPECT_EQ(image.filter, EncodedImage::Filter::kCcittG4);
  EXPECT_EQ(image.bits_per_component, 1);
  testing::TempDir dir;
  SearchablePage page;
  page.image = &image;
  page.dpi = 300;
  const fs::path pdf = WritePdf(dir, {page});
  EXPECT_NE(Shell("pdfimages -list " + Quoted(pdf)).text.find(" ccitt "), std::string::npos);
  const double dark = DarkShare(pdf, dir);
  EXPECT_GT(dark, 0.002);  // the text is there...
  EXPECT_LT(dark, 0.2);    // ...in black on white paper, not inverted
  EXPECT_EQ(Shell("qpdf --check " + Quoted(pdf)).exit_code, 0);
}

TEST(SearchablePdfTest, PlacesTheTextOfABornDigitalPageAsInvisibleLines) {
  SKIP_WITHOUT_POPPLER_AND_QPDF();
  testing::TempDir dir;
  SearchablePage page;
  page.text = "NGUYỄN VĂN ĐỨC\nđăng ký khai sinh";
  const fs::path pdf = WritePdf(dir, {page});
  const Output raw = Shell("pdftotext -enc UTF-8 " + Quoted(pdf) + " -");
  const auto name = raw.text.find("NGUYỄN VĂN ĐỨC");
  const auto form = raw.text.find("đăng ký khai sinh");
  EXPECT_NE(name, std::string::npos) << raw.text;
  EXPECT_LT(name, form) << raw.text;
  EXPECT_GT(DarkShare(pdf, dir), -1);
  EXPECT_EQ(DarkShare(pdf, dir), 0.0);  // invisible
  EXPECT_EQ(Shell("qpdf --check " + Quoted(pdf)).exit_code, 0);
}

TEST(SearchablePdfTest, EmbedsASubsetOfDejaVuSansWithIdentityEncodingAndAToUnicodeMap) {
  SKIP_WITHOUT_POPPLER_AND_QPDF();
  testing::TempDir dir;
  SearchablePage page;
  page.text = "NGUYỄN VĂN ĐỨC";
  const fs::path pdf = WritePdf(dir, {page});
  const Output fonts = Shell("pdffonts " + Quoted(pdf));
  // name type encoding emb sub uni
  EXPECT_NE(fonts.text.find("+DejaVuSans"), std::string::npos) << fonts.text;
  EXPECT_NE(fonts.text.find("CID TrueType      Identity-H       yes yes yes"), std::string::npos)
      << fonts.text;
  EXPECT_LT(fs::file_size(pdf), 100u * 1024) << "the font should be a subset";
}

TEST(SearchablePdfTest, DescribesTheDocumentInItsInfoDictionaryAndXmp) {
  SKIP_WITHOUT_POPPLER_AND_QPDF();
  testing::TempDir dir;
  SearchablePage page;
  page.text = "khai sinh";
  const fs::path pdf = WritePdf(dir, {page});
  const Output info = Shell("pdfinfo " + Quoted(pdf));
  EXPECT_NE(info.text.find("Tờ khai đăng ký khai sinh"), std::string::npos) << info.text;
  EXPECT_NE(info.text.find("Producer:        sohoa"), std::string::npos) << info.text;
  EXPECT_NE(info.text.find("Keywords:        1.001193; khai sinh"), std::string::npos);
  EXPECT_NE(info.text.find("2023"), std::string::npos) << info.text;
  EXPECT_NE(info.text.find("PDF version:     1.7"), std::string::npos) << info.text;
  const Output xmp = Shell("pdfinfo -meta " + Quoted(pdf));
  EXPECT_NE(xmp.text.find("<xmp:CreateDate>2023-06-20T08:30:00+07:00</xmp:CreateDate>"),
            std::string::npos)
      << xmp.text;
}

TEST(SearchablePdfTest, EncodesAndWritesOnSeveralThreadsAtOnce) {
  PixPtr gray = Strip();
  PixPtr bilevel(pixThresholdToBinary(gray.get(), 128));
  std::vector<std::string> pdfs(6);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < pdfs.size(); ++i) {
    threads.emplace_back([&, i] {
      PageImage page;
      page.pix.reset(pixClone(i % 2 == 0 ? gray.get() : bilevel.get()));
      auto image = EncodeForPdf(page);
      if (!image.ok()) return;
      SearchablePage searchable;
      searchable.image = &*image;
      searchable.words = StripWords();
      auto pdf = WriteSearchablePdf({searchable}, PdfMetadata{});
      if (pdf.ok()) pdfs[i] = std::move(pdf).value();
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& pdf : pdfs) {
    EXPECT_EQ(pdf.rfind("%PDF-1.7", 0), 0u);
    EXPECT_NE(pdf.find("/FontFile2"), std::string::npos);
  }
}

// A write retried after a crash must find the blob the first one left.
TEST(SearchablePdfTest, TheSamePagesAndMetadataGiveTheSameBytesAtAnotherTime) {
  PixPtr gray = Strip();
  EncodedImage image = Encode(gray.get());
  SearchablePage page;
  page.image = &image;
  page.words = StripWords();
  for (const std::string& date : {std::string(), std::string("2023-06-20")}) {
    PdfMetadata metadata;
    metadata.title = "000.31.22.H32-230620-0017 - TỜ KHAI";
    metadata.creation_date = date;
    auto first = WriteSearchablePdf({page}, metadata);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the clock's second turns
    auto second = WriteSearchablePdf({page}, metadata);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_TRUE(*first == *second) << "date '" << date << "': the PDF changed with the time it was written";
  }
}

TEST(SearchablePdfTest, RefusesAnEmptyDocument) {
  auto pdf = WriteSearchablePdf({}, PdfMetadata{});
  EXPECT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), StatusCode::kInvalidArgument);
}

TEST(SearchablePdfTest, WidensAColormappedImageBeforeFlate) {
  PixPtr gray = Strip("Đ");
  PixPtr mapped(pixConvertGrayToColormap(gray.get()));
  ASSERT_NE(pixGetColormap(mapped.get()), nullptr);
  EncodedImage image = Encode(mapped.get());
  EXPECT_EQ(image.filter, EncodedImage::Filter::kFlate);
  EXPECT_EQ(image.bits_per_component, 8);
  EXPECT_EQ(image.width, pixGetWidth(gray.get()));
}

}  // namespace
}  // namespace sohoa::ocr
