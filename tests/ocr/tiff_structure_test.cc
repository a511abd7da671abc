// A TIFF cut short by an interrupted copy is refused as incomplete, naming
// the page, instead of being read as its first pages.
#include "ocr/tiff_structure.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include "ocr/page_source.h"
#include "tests/ocr/render.h"
#include "tests/test_env.h"

namespace sohoa::ocr {
namespace {

using ::sohoa::testing::ReadFile;
using ::sohoa::testing::TempDir;

class TiffStructureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::PageLayout layout;
    layout.width_in = 3;
    layout.height_in = 2;
    layout.margin_in = 0.3;
    PixPtr page = testing::RenderText("GIẤY TIẾP NHẬN HỒ SƠ\n000.31.22.H32-230620-0017", layout);
    const std::string path = (dir_.path() / "stack.tif").string();
    ASSERT_EQ(pixWriteTiff(path.c_str(), page.get(), IFF_TIFF_ZIP, "w"), 0);
    first_page_bytes_ = ReadFile(path).size();
    ASSERT_EQ(pixWriteTiff(path.c_str(), page.get(), IFF_TIFF_ZIP, "a"), 0);
    ASSERT_EQ(pixWriteTiff(path.c_str(), page.get(), IFF_TIFF_ZIP, "a"), 0);
    whole_ = ReadFile(path);
  }

  TempDir dir_;
  std::string whole_;
  size_t first_page_bytes_ = 0;
};

TEST_F(TiffStructureTest, ACompleteMultiPageTiffPasses) {
  EXPECT_TRUE(CheckTiffComplete(whole_).ok());
  auto reader = PageReader::OpenBytes(whole_);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->page_count(), 3);
}

TEST_F(TiffStructureTest, ATiffCutAfterItsFirstPageIsIncompleteNotOnePage) {
  // Cut inside the second page: libtiff alone reports a one-page file.
  const std::string cut = whole_.substr(0, first_page_bytes_ + 40);
  Status s = CheckTiffComplete(cut);
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_NE(s.message().find("incomplete"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("page 2"), std::string::npos) << s.message();
  auto reader = PageReader::OpenBytes(cut);
  EXPECT_FALSE(reader.ok()) << "never taken as its first page alone";
}

TEST_F(TiffStructureTest, ATiffCutInsideItsLastPagesImageDataIsIncomplete) {
  const std::string cut = whole_.substr(0, whole_.size() - 300);
  Status s = CheckTiffComplete(cut);
  EXPECT_EQ(s.code(), StatusCode::kCorrupt) << s.message();
  EXPECT_NE(s.message().find("incomplete"), std::string::npos) << s.message();
}

TEST_F(TiffStructureTest, DirectoriesThatPointBackAreALoopNotAnEndlessFile) {
  std::string looped = whole_;
  // The first directory's "next" pointer, at its end, points at itself.
  const uint32_t first = static_cast<uint8_t>(looped[4]) | static_cast<uint8_t>(looped[5]) << 8 |
                         static_cast<uint8_t>(looped[6]) << 16 | static_cast<uint32_t>(static_cast<uint8_t>(looped[7])) << 24;
  const uint16_t entries = static_cast<uint8_t>(looped[first]) | static_cast<uint8_t>(looped[first + 1]) << 8;
  const size_t next = first + 2 + entries * 12u;
  for (int i = 0; i < 4; ++i) looped[next + i] = looped[4 + i];
  Status s = CheckTiffComplete(looped);
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_NE(s.message().find("loop"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace sohoa::ocr
