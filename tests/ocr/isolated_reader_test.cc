// Reading untrusted files in a child process: the same pages as in this
// process, and a crash, a hang or a runaway page that costs that file alone
// and comes back as a reason a person can act on.
#include "ocr/isolated_reader.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <chrono>
#include <filesystem>

#include "tests/hostile_files.h"
#include "tests/ocr/render.h"
#include "tests/test_env.h"

namespace sohoa::ocr {
namespace {

namespace fs = std::filesystem;
using ::sohoa::testing::TempDir;
using ::sohoa::testing::WriteFile;

PixPtr SmallPage(int dpi = 300) {
  testing::PageLayout layout;
  layout.dpi = dpi;
  layout.width_in = 3;
  layout.height_in = 2;
  layout.margin_in = 0.3;
  return testing::RenderText("Số hồ sơ 000.31.22.H32-230620-0017\nNGUYỄN VĂN ĐỨC", layout);
}

std::string ErrorOf(const Result<std::unique_ptr<PageReader>>& opened) {
  return opened.ok() ? "(opened)" : opened.status().ToString();
}

TEST(IsolatedReaderTest, TheChildReadsTheSamePagesAsThisProcess) {
  TempDir dir;
  const std::string tiff = (dir.path() / "dossier.tif").string();
  PixPtr gray = SmallPage(300);
  PixPtr color(pixConvertTo32(gray.get()));
  PixPtr bilevel = testing::Threshold(gray.get());
  pixSetResolution(bilevel.get(), 400, 400);
  ASSERT_EQ(pixWriteTiff(tiff.c_str(), gray.get(), IFF_TIFF_ZIP, "w"), 0);
  ASSERT_EQ(pixWriteTiff(tiff.c_str(), color.get(), IFF_TIFF_LZW, "a"), 0);
  ASSERT_EQ(pixWriteTiff(tiff.c_str(), bilevel.get(), IFF_TIFF_G4, "a"), 0);
  const fs::path jpeg = dir.path() / "scan.jpg";
  WriteFile(jpeg, testing::PixToJpeg(gray.get()));
  // A palette image keeps its colormap, with every colour of it.
  const fs::path palette = dir.path() / "palette.png";
  PixPtr mapped(pixConvertGrayToColormap8(gray.get(), 16));
  ASSERT_TRUE(mapped && pixGetColormap(mapped.get()) != nullptr);
  pixSetResolution(mapped.get(), 200, 200);
  ASSERT_EQ(pixWrite(palette.c_str(), mapped.get(), IFF_PNG), 0);

  for (const fs::path& path : {fs::path(tiff), jpeg, palette}) {
    auto here = PageReader::Open(path);
    auto there = OpenIsolated(path);
    ASSERT_TRUE(here.ok() && there.ok()) << ErrorOf(there);
    EXPECT_EQ((*there)->type(), (*here)->type());
    ASSERT_EQ((*there)->page_count(), (*here)->page_count());
    for (int i = 0; i < (*here)->page_count(); ++i) {
      auto a = (*here)->Read(i);
      auto b = (*there)->Read(i);
      ASSERT_TRUE(a.ok() && b.ok()) << path << " page " << i + 1;
      l_int32 same = 0;
      pixEqual(a->pix.get(), b->pix.get(), &same);
      EXPECT_TRUE(same) << path << " page " << i + 1;
      Pix* p = a->pix.get();
      Pix* q = b->pix.get();
      EXPECT_EQ(pixGetDepth(q), pixGetDepth(p)) << path << " page " << i + 1;
      EXPECT_EQ(pixGetSpp(q), pixGetSpp(p)) << path << " page " << i + 1;
      EXPECT_EQ(pixGetXRes(q), pixGetXRes(p)) << path << " page " << i + 1 << ": the resolution travels too";
      EXPECT_EQ(pixGetYRes(q), pixGetYRes(p)) << path << " page " << i + 1;
      EXPECT_EQ(pixGetColormap(q) != nullptr, pixGetColormap(p) != nullptr) << path << " page " << i + 1;
      EXPECT_EQ(b->dpi, a->dpi);
      EXPECT_EQ(b->source_page, a->source_page);
      EXPECT_EQ(b->jpeg, a->jpeg) << "a JPEG passes through to the searchable PDF byte for byte";
    }
  }
}

TEST(IsolatedReaderTest, AReaderThatCrashesCostsThatFileAloneAndSaysWhy) {
  TempDir dir;
  // 250 levels pass the nesting check; on a small stack they still crash
  // PoDoFo's recursive tokenizer, as 20,000 did on the default stack.
  WriteFile(dir.path() / "deep.pdf", testing::DeeplyNestedPdf(250));
  WriteFile(dir.path() / "good.png", testing::PixToPng(SmallPage().get()));
  // The smallest stack a good file still decodes with (sanitizers need more).
  DecodeLimits limits;
  for (std::uint64_t kib : {160, 320, 640}) {
    limits.stack_bytes = kib << 10;
    auto good = OpenIsolated(dir.path() / "good.png", limits);
    if (good.ok() && (*good)->Read(0).ok()) break;
  }
  // The page tree is walked when the file is opened (its pages are counted
  // in it), so the crash may come then or when the page is read.
  auto opened = OpenIsolated(dir.path() / "deep.pdf", limits);
  const Status crashed = opened.ok() ? (*opened)->Read(0).status() : opened.status();
  ASSERT_FALSE(crashed.ok()) << "with a " << (limits.stack_bytes >> 10) << " KiB stack";
  EXPECT_EQ(crashed.code(), StatusCode::kCorrupt) << crashed.ToString();
  EXPECT_NE(crashed.message().find("crashed the PDF reader ("), std::string::npos) << crashed.message();
  EXPECT_NE(crashed.message().find("drop the new file in the inbox"), std::string::npos);

  // This process goes on, and so does the next file.
  auto good = OpenIsolated(dir.path() / "good.png", limits);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_TRUE((*good)->Read(0).ok());
}

TEST(IsolatedReaderTest, AReaderThatStallsIsStoppedAtItsTimeLimit) {
  TempDir dir;
  // Hidden in an object stream, the nesting is seen by no check of the bytes.
  WriteFile(dir.path() / "stall.pdf", testing::NestedPdfInObjectStream(20000));
  DecodeLimits limits;
  limits.open_timeout = std::chrono::seconds(2);
  const auto start = std::chrono::steady_clock::now();
  auto stalled = OpenIsolated(dir.path() / "stall.pdf", limits);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(stalled.ok());
  EXPECT_EQ(stalled.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(stalled.status().message().find("took longer than 2 s"), std::string::npos)
      << stalled.status().message();
  EXPECT_LT(took, std::chrono::seconds(15)) << "stopped at its limit, not when the reader gave up";
}

TEST(IsolatedReaderTest, APageLargerThanTheOutputLimitIsRefused) {
  TempDir dir;
  WriteFile(dir.path() / "page.png", testing::PixToPng(SmallPage().get()));
  DecodeLimits limits;
  limits.max_page_bytes = 4096;
  auto opened = OpenIsolated(dir.path() / "page.png", limits);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto page = (*opened)->Read(0);
  ASSERT_FALSE(page.ok());
  EXPECT_NE(page.status().message().find("more data than sohoa takes"), std::string::npos)
      << page.status().message();
  EXPECT_FALSE((*opened)->Read(0).ok()) << "a stopped reader answers every later page with its reason";
}

TEST(IsolatedReaderTest, ALinkIsNeverFollowedAndAnEmptyFileIsNamedSo) {
  TempDir dir;
  WriteFile(dir.path() / "real.png", testing::PixToPng(SmallPage().get()));
  fs::create_symlink(dir.path() / "real.png", dir.path() / "link.png");
  auto link = OpenIsolated(dir.path() / "link.png");
  ASSERT_FALSE(link.ok());
  EXPECT_NE(link.status().message().find("symbolic link"), std::string::npos) << link.status().message();

  WriteFile(dir.path() / "empty.pdf", "");
  auto empty = OpenIsolated(dir.path() / "empty.pdf");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(empty.status().message().find("empty (0 bytes)"), std::string::npos);
}

}  // namespace
}  // namespace sohoa::ocr
