#include "ocr/page_source.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <cstdio>
#include <string>
#include <utility>

#include "tests/ocr/render.h"
#include "tests/test_env.h"

namespace sohoa::ocr {
namespace {

using ::sohoa::testing::PageLayout;
using ::sohoa::testing::ReadFile;
using ::sohoa::testing::RenderText;
using ::sohoa::testing::TempDir;
using ::sohoa::testing::WriteFile;

// A small page of text: quick to encode and decode.
PixPtr SmallPage(int dpi = 300) {
  PageLayout layout;
  layout.dpi = dpi;
  layout.width_in = 3;
  layout.height_in = 2;
  layout.margin_in = 0.3;
  return RenderText("Số hồ sơ 000.31.22.H32-230620-0017\nNGUYỄN VĂN ĐỨC", layout);
}

uint32_t Crc32(const std::string& bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char ch : bytes) {
    crc ^= ch;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string BigEndian32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// The bytes of a PNG whose header claims `w` x `h`, followed by no pixels.
std::string PngHeaderClaiming(uint32_t w, uint32_t h) {
  std::string ihdr =
      "IHDR" + BigEndian32(w) + BigEndian32(h) + std::string("\x08\x00\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1A\n", 8) + BigEndian32(13) + ihdr + BigEndian32(Crc32(ihdr)) +
         std::string(32, '\0');
}

TEST(SniffMediaTypeTest, RecognisesEachTypeByItsMagicBytes) {
  EXPECT_EQ(SniffMediaType("\xFF\xD8\xFF\xE0rest"), MediaType::kJpeg);
  EXPECT_EQ(SniffMediaType(std::string("\x89PNG\r\n\x1A\n\0\0", 10)), MediaType::kPng);
  EXPECT_EQ(SniffMediaType(std::string("II*\0\x08\0\0\0", 8)), MediaType::kTiff);
  EXPECT_EQ(SniffMediaType(std::string("MM\0*\0\0\0\x08", 8)), MediaType::kTiff);
  EXPECT_EQ(SniffMediaType("%PDF-1.7\n"), MediaType::kPdf);
}

TEST(SniffMediaTypeTest, FindsThePdfMarkerWithinTheFirstKilobyteOnly) {
  EXPECT_EQ(SniffMediaType(std::string(500, ' ') + "%PDF-1.4"), MediaType::kPdf);
  EXPECT_EQ(SniffMediaType(std::string(1100, ' ') + "%PDF-1.4"), MediaType::kUnknown);
}

TEST(SniffMediaTypeTest, CallsGarbageUnknown) {
  EXPECT_EQ(SniffMediaType(""), MediaType::kUnknown);
  EXPECT_EQ(SniffMediaType("PK\x03\x04"), MediaType::kUnknown);
  EXPECT_EQ(SniffMediaType("Hello, world"), MediaType::kUnknown);
  EXPECT_EQ(SniffMediaType("\xFF\xD8"), MediaType::kUnknown);  // too short to be JPEG
  EXPECT_EQ(SniffMediaType("II*"), MediaType::kUnknown);
}

TEST(MimeTypeTest, NamesEachType) {
  EXPECT_EQ(MimeType(MediaType::kJpeg), "image/jpeg");
  EXPECT_EQ(MimeType(MediaType::kPng), "image/png");
  EXPECT_EQ(MimeType(MediaType::kTiff), "image/tiff");
  EXPECT_EQ(MimeType(MediaType::kPdf), "application/pdf");
  EXPECT_EQ(MimeType(MediaType::kUnknown), "application/octet-stream");
}

TEST(LoadPagesTest, ReadsAJpegWithItsResolution) {
  TempDir dir;
  PixPtr page = SmallPage(300);
  WriteFile(dir.path() / "scan.jpg", testing::PixToJpeg(page.get()));
  auto pages = LoadPages(dir.path() / "scan.jpg");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 1u);
  EXPECT_EQ((*pages)[0].dpi, 300);
  EXPECT_EQ((*pages)[0].source_page, 0);
  EXPECT_FALSE((*pages)[0].has_text_layer);
  EXPECT_EQ(pixGetWidth((*pages)[0].pix.get()), 900);
  EXPECT_EQ(pixGetHeight((*pages)[0].pix.get()), 600);
}

TEST(LoadPagesTest, GivesDpiZeroWhenTheFileDoesNotSay) {
  TempDir dir;
  std::string jpeg = testing::PixToJpeg(SmallPage(300).get());
  // JFIF APP0: FF D8, FF E0, length, "JFIF\0", version; then the density unit.
  ASSERT_EQ(jpeg.substr(6, 5), std::string("JFIF\0", 5));
  jpeg[13] = 0;  // no unit: an aspect ratio, not a resolution
  WriteFile(dir.path() / "scan.jpg", jpeg);
  auto pages = LoadPages(dir.path() / "scan.jpg");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_EQ((*pages)[0].dpi, 0);
}

TEST(LoadPagesTest, ReadsAPngWithItsResolution) {
  TempDir dir;
  PixPtr page = SmallPage(200);
  WriteFile(dir.path() / "scan.png", testing::PixToPng(page.get()));
  auto pages = LoadPages(dir.path() / "scan.png");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 1u);
  EXPECT_EQ((*pages)[0].dpi, 200);
  l_int32 same = 0;
  pixEqual(page.get(), (*pages)[0].pix.get(), &same);
  EXPECT_TRUE(same) << "PNG is lossless";
}

TEST(LoadPagesTest, ResamplesPagesWhosePixelsAreNotSquare) {
  TempDir dir;
  PixPtr page = SmallPage(200);
  pixSetResolution(page.get(), 200, 100);  // a fax-like "fine/standard" mix
  WriteFile(dir.path() / "fax.png", testing::PixToPng(page.get()));
  auto pages = LoadPages(dir.path() / "fax.png");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  EXPECT_EQ((*pages)[0].dpi, 200);
  EXPECT_EQ(pixGetWidth((*pages)[0].pix.get()), pixGetWidth(page.get()));
  EXPECT_EQ(pixGetHeight((*pages)[0].pix.get()), 2 * pixGetHeight(page.get()));
}

TEST(LoadPagesTest, ReadsEveryPageOfAMultiPageTiff) {
  TempDir dir;
  const std::string path = (dir.path() / "dossier.tif").string();
  PixPtr gray = SmallPage(300);
  PixPtr color(pixConvertTo32(gray.get()));
  PixPtr bilevel = testing::Threshold(gray.get());
  pixSetResolution(bilevel.get(), 400, 400);
  ASSERT_EQ(pixWriteTiff(path.c_str(), gray.get(), IFF_TIFF_ZIP, "w"), 0);
  ASSERT_EQ(pixWriteTiff(path.c_str(), color.get(), IFF_TIFF_LZW, "a"), 0);
  ASSERT_EQ(pixWriteTiff(path.c_str(), bilevel.get(), IFF_TIFF_G4, "a"), 0);

  auto pages = LoadPages(path);
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ((*pages)[i].source_page, i);
  EXPECT_EQ(pixGetDepth((*pages)[0].pix.get()), 8);
  EXPECT_EQ(pixGetDepth((*pages)[1].pix.get()), 32);
  EXPECT_EQ(pixGetDepth((*pages)[2].pix.get()), 1);
  EXPECT_EQ((*pages)[0].dpi, 300);
  EXPECT_EQ((*pages)[2].dpi, 400);
}

TEST(LoadPagesTest, ReadsAGroup4TiffPixelForPixel) {
  TempDir dir;
  const std::string path = (dir.path() / "g4.tif").string();
  PixPtr bilevel = testing::Threshold(SmallPage(300).get());
  ASSERT_EQ(pixWriteTiff(path.c_str(), bilevel.get(), IFF_TIFF_G4, "w"), 0);
  auto pages = LoadPages(path);
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 1u);
  l_int32 same = 0;
  pixEqual(bilevel.get(), (*pages)[0].pix.get(), &same);
  EXPECT_TRUE(same);
}

TEST(LoadPagesTest, ReportsATruncatedJpegAsCorrupt) {
  TempDir dir;
  const std::string jpeg = testing::PixToJpeg(SmallPage(300).get());
  WriteFile(dir.path() / "cut.jpg", jpeg.substr(0, jpeg.size() * 6 / 10));
  auto pages = LoadPages(dir.path() / "cut.jpg");
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(pages.status().message().find("JPEG"), std::string::npos) << pages.status().message();
}

// The row a truncated-JPEG message says decoding stopped at, and the height.
std::pair<int, int> StoppedAt(const std::string& message) {
  int row = 0, height = 0;
  const size_t at = message.find("at row ");
  if (at != std::string::npos) std::sscanf(message.c_str() + at, "at row %d of %d", &row, &height);
  return {row, height};
}

TEST(LoadPagesTest, StopsDecodingATruncatedJpegAtTheRowWhereItsDataEnds) {
  TempDir dir;
  const std::string jpeg = testing::PixToJpeg(SmallPage(300).get());
  WriteFile(dir.path() / "cut.jpg", jpeg.substr(0, jpeg.size() * 6 / 10));
  auto pages = LoadPages(dir.path() / "cut.jpg");
  ASSERT_FALSE(pages.ok());
  const auto [row, height] = StoppedAt(pages.status().message());
  EXPECT_EQ(height, 600) << pages.status().message();
  EXPECT_GT(row, 1) << pages.status().message();
  EXPECT_LT(row, height * 9 / 10) << pages.status().message();
}

TEST(LoadPagesTest, RefusesATruncatedProgressiveJpegWithoutDecodingARow) {
  // Found by the jpeg fuzzer (a timeout): 254 bytes of a progressive JPEG
  // saying 12832 x 12312 pixels took 2 s and 1 GB to decode into made-up
  // rows, and more than 10 s under the sanitizers, to be refused anyway.
  TempDir dir;
  PixPtr page = SmallPage(300);
  l_uint8* data = nullptr;
  size_t size = 0;
  ASSERT_EQ(pixWriteMemJpeg(&data, &size, page.get(), 75, 1), 0);
  testing::LeptBytes owned(data);
  const std::string jpeg(reinterpret_cast<const char*>(data), size);
  WriteFile(dir.path() / "cut.jpg", jpeg.substr(0, jpeg.size() / 2));
  auto pages = LoadPages(dir.path() / "cut.jpg");
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(StoppedAt(pages.status().message()), std::make_pair(1, 600))
      << pages.status().message();
}

TEST(LoadPagesTest, ReportsATruncatedTiffAsCorrupt) {
  TempDir dir;
  const std::string path = (dir.path() / "cut.tif").string();
  ASSERT_EQ(pixWriteTiff(path.c_str(), SmallPage(300).get(), IFF_TIFF_ZIP, "w"), 0);
  const std::string tiff = ReadFile(path);
  WriteFile(path, tiff.substr(0, 200));
  auto pages = LoadPages(path);
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kCorrupt) << pages.status().ToString();
}

TEST(LoadPagesTest, RefusesAZipFileNamingItsFirstBytesAndTheTypesTaken) {
  TempDir dir;
  WriteFile(dir.path() / "scan.pdf", std::string("PK\x03\x04\x14\0\0\0", 8) + "word/document.xml");
  auto pages = LoadPages(dir.path() / "scan.pdf");  // the extension does not matter
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(pages.status().message().find("'PK..'"), std::string::npos) << pages.status().message();
  EXPECT_NE(pages.status().message().find("JPEG, PNG, TIFF and PDF"), std::string::npos);
}

// Found by the page_reader fuzzer: a guess at what a short file is read
// past its end (std::out_of_range, an abort in this process).
TEST(LoadPagesTest, AFileOfAFewBytesIsRefusedWithoutReadingPastItsEnd) {
  for (std::string bytes : {std::string("RIFF"), std::string("RIFF\0\0\0", 7), std::string("R")}) {
    auto reader = PageReader::OpenBytes(bytes);
    ASSERT_FALSE(reader.ok()) << bytes.size();
    EXPECT_EQ(reader.status().code(), StatusCode::kUnsupported);
  }
}

TEST(LoadPagesTest, RefusesATextFile) {
  TempDir dir;
  WriteFile(dir.path() / "notes.txt", "Hồ sơ này còn thiếu bản sao CCCD.\n");
  auto pages = LoadPages(dir.path() / "notes.txt");
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(pages.status().message().find("not an image or PDF"), std::string::npos);
}

TEST(LoadPagesTest, ReportsAnEmptyFileAsCorrupt) {
  TempDir dir;
  WriteFile(dir.path() / "empty.jpg", "");
  auto pages = LoadPages(dir.path() / "empty.jpg");
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kCorrupt);
}

TEST(LoadPagesTest, ReportsAMissingFileAsNotFound) {
  TempDir dir;
  auto pages = LoadPages(dir.path() / "nowhere.tif");
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kNotFound);
}

TEST(LoadPagesTest, RefusesAnAbsurdlyLargeImageBeforeAllocatingIt) {
  TempDir dir;
  WriteFile(dir.path() / "huge.png", PngHeaderClaiming(40000, 40000));
  auto pages = LoadPages(dir.path() / "huge.png");
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.status().code(), StatusCode::kUnsupported) << pages.status().ToString();
  EXPECT_NE(pages.status().message().find("40000 x 40000"), std::string::npos)
      << pages.status().message();
}

}  // namespace
}  // namespace sohoa::ocr
