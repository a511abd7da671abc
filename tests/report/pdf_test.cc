// The PDF report read back with poppler-utils, as a person's PDF reader or
// copy-paste would see it.
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "tests/report/report_fixture.h"
#include "tests/test_env.h"
#include "tools/report/report.h"

namespace sohoa::report {
namespace {

namespace fs = std::filesystem;
using sohoa::testing::RunCommand;

bool HaveTool(const std::string& name) {
  return RunCommand("command -v " + name + " >/dev/null 2>&1").exit_code == 0;
}

#define SKIP_WITHOUT(tool) \
  if (!HaveTool(tool)) GTEST_SKIP() << tool " is not installed (Debian: poppler-utils)"

std::string Text(const fs::path& pdf, int page = 0) {
  std::string range = page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
  return RunCommand("pdftotext -layout" + range + " '" + pdf.string() + "' -").out;
}

int Pages(const fs::path& pdf) {
  const std::string info = RunCommand("pdfinfo '" + pdf.string() + "'").out;
  const auto pos = info.find("Pages:");
  return pos == std::string::npos ? 0 : std::stoi(info.substr(pos + 6));
}

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

using PdfReportTest = testing::PdfWritingTest;

TEST_F(PdfReportTest, VietnameseLabelsAndNumbersExtractIntact) {
  SKIP_WITHOUT("pdftotext");
  const std::string text = Text(Write(testing::SampleReport()));
  for (const char* expected : {"Báo cáo số hóa hồ sơ TTHC",
                               "Tỷ lệ số hóa",
                               "Tiếp nhận",
                               "Kết quả điện tử",
                               "Tái sử dụng",
                               "Đơn vị",
                               "UBND tỉnh Khánh Hòa",
                               "UBND xã Ninh Đông hỗ trợ lưu giữ",
                               "Số mục trong sổ",
                               "Đã số hóa",
                               "Đã xác minh",
                               "Còn lại",
                               "Tiến độ",
                               "Khai tử",
                               "Tháng",
                               "06/2024",
                               "278 / 500",
                               "55.60%",
                               "61.11%",
                               "0 / 0",
                               "N/A",
                               "1200 / 4800",
                               "33.28%",
                               "000.31.22.H32-240105-0001",
                               "Trang 1/3"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
}

TEST_F(PdfReportTest, EmbedsItsFontsAsUnicodeSubsets) {
  SKIP_WITHOUT("pdffonts");
  const std::string fonts =
      RunCommand("pdffonts '" + Write(testing::SampleReport()).string() + "'").out;
  std::istringstream lines(fonts);
  std::string line;
  int listed = 0;
  while (std::getline(lines, line)) {
    if (line.find("DejaVuSans") == std::string::npos) continue;
    ++listed;
    // name, type (may hold spaces), encoding, emb, sub, uni, object, generation:
    // read the flags from the end of the line.
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string s; words >> s;) w.push_back(s);
    ASSERT_GE(w.size(), 6u) << line;
    EXPECT_EQ(w[w.size() - 5], "yes") << "not embedded: " << line;
    EXPECT_EQ(w[w.size() - 3], "yes") << "no ToUnicode map: " << line;
  }
  EXPECT_GE(listed, 1) << fonts;
  EXPECT_EQ(fonts.find(" no "), std::string::npos) << fonts;
}

TEST_F(PdfReportTest, PagesAreA4) {
  SKIP_WITHOUT("pdfinfo");
  const fs::path pdf = Write(testing::SampleReport());
  const std::string info = RunCommand("pdfinfo '" + pdf.string() + "'").out;
  EXPECT_NE(info.find("841.89 x 595.28 pts"), std::string::npos) << info;  // landscape
  EXPECT_EQ(Pages(pdf), 3);  // one page per section for the sample
}

TEST_F(PdfReportTest, ALongTableSpansPagesAndRepeatsItsHeader) {
  SKIP_WITHOUT("pdftotext");
  const fs::path pdf = Write(testing::LongReport(150));
  const int pages = Pages(pdf);
  ASSERT_GE(pages, 6);
  const std::string all = Text(pdf);
  // Each unit once in the table (and the first 40 once more in the chart).
  EXPECT_EQ(Count(all, "UBND xã số 1149 (000.31.22.H32.1149)"), 1u);
  EXPECT_EQ(Count(all, "UBND xã số 1000"), 2u);
  // Every page of the unit table starts with the header row again.
  int table_pages = 0;
  for (int p = 1; p <= pages; ++p) {
    const std::string page = Text(pdf, p);
    // Table rows carry fractions ("50 / 1123"); the chart above has none.
    if (page.find("UBND xã số 1") == std::string::npos) continue;
    if (page.find("50 / ") == std::string::npos) continue;
    ++table_pages;
    EXPECT_NE(page.find("Tiếp nhận"), std::string::npos) << "page " << p << "\n" << page;
    EXPECT_NE(page.find("Tỷ lệ bỏ lỡ"), std::string::npos) << "page " << p;
  }
  EXPECT_GE(table_pages, 3);
  EXPECT_NE(all.find("(tiếp theo)"), std::string::npos);
}

// Page 1 rasterized: the digitization bars are drawn in their blue, the
// backlog (page 3) in its green, so the charts are real vector fills.
std::int64_t PixelsNear(const fs::path& pdf, int page, int r, int g, int b) {
  const fs::path ppm = pdf.parent_path() / ("page" + std::to_string(page));
  RunCommand("pdftoppm -r 40 -f " + std::to_string(page) + " -l " + std::to_string(page) +
             " -singlefile '" + pdf.string() + "' '" + ppm.string() + "'");
  const std::string bytes = sohoa::testing::ReadFile(ppm.string() + ".ppm");
  std::istringstream head(bytes);
  std::string magic;
  int w = 0, h = 0, max = 0;
  head >> magic >> w >> h >> max;
  if (magic != "P6" || max != 255) return -1;
  const std::size_t start = static_cast<std::size_t>(head.tellg()) + 1;
  std::int64_t near = 0;
  for (std::size_t i = start; i + 2 < bytes.size(); i += 3) {
    const int dr = static_cast<unsigned char>(bytes[i]) - r;
    const int dg = static_cast<unsigned char>(bytes[i + 1]) - g;
    const int db = static_cast<unsigned char>(bytes[i + 2]) - b;
    if (dr * dr + dg * dg + db * db < 30 * 30) ++near;
  }
  return near;
}

TEST_F(PdfReportTest, DrawsTheChartsAsColouredBars) {
  SKIP_WITHOUT("pdftoppm");
  const fs::path pdf = Write(testing::SampleReport());
  EXPECT_GT(PixelsNear(pdf, 1, 0x2b, 0x6c, 0xb0), 100);  // digitization bars
  EXPECT_GT(PixelsNear(pdf, 1, 0xdd, 0x6b, 0x20), 5);    // reuse bars are short
  EXPECT_GT(PixelsNear(pdf, 3, 0x2f, 0x85, 0x5a), 100);  // entries digitized
  ReportDocument empty;
  const fs::path blank = Write(empty, "empty.pdf");
  EXPECT_EQ(PixelsNear(blank, 1, 0x2b, 0x6c, 0xb0), 0);
}

TEST_F(PdfReportTest, AnUnwritableFolderIsAnIoErrorNamingThePath) {
  const fs::path out = tmp_.path() / "missing" / "report.pdf";
  const Status status = WritePdf(testing::SampleReport(), out);
  ASSERT_EQ(status.code(), StatusCode::kIoError) << status.ToString();
  EXPECT_NE(status.message().find("missing"), std::string::npos) << status.message();
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(PdfReportTest, StrangeCharactersInNamesDoNotBreakTheFile) {
  SKIP_WITHOUT("pdftotext");
  ReportDocument doc = testing::SampleReport();
  doc.by_unit.rows[1].labels[0] = "Xã (Ninh) \\ <Hòa> & \"Đông\"";
  const std::string text = Text(Write(doc));
  EXPECT_NE(text.find("Xã (Ninh) \\ <Hòa> & \"Đông\""), std::string::npos) << text;
}

}  // namespace
}  // namespace sohoa::report
