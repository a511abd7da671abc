#include <gtest/gtest.h>

#include <string>

#include "tests/report/report_fixture.h"
#include "tools/report/report.h"
#include "tools/report/vocabulary.h"

namespace sohoa::report {
namespace {

using testing::SampleReport;

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

TEST(HtmlReportTest, ShowsNumeratorDenominatorAndRateInEveryCell) {
  const std::string html = RenderHtml(SampleReport());
  EXPECT_NE(html.find(">278&#160;/ 500<"), std::string::npos);
  EXPECT_NE(html.find(">55.60%<"), std::string::npos);  // 278 / 500
  EXPECT_NE(html.find(">110&#160;/ 180<"), std::string::npos);
  EXPECT_NE(html.find(">61.11%<"), std::string::npos);  // 110 / 180
  EXPECT_NE(html.find(">0.80%<"), std::string::npos);   // reuse 4 / 500
  EXPECT_NE(html.find(">57&#160;/ 120<"), std::string::npos);
  EXPECT_NE(html.find(">47.50%<"), std::string::npos);  // commune 57 / 120
  // The commune without procedures that issue a paper result: 0 / 0 is N/A.
  EXPECT_NE(html.find(">0&#160;/ 0<"), std::string::npos);
  EXPECT_NE(html.find("class=\"r na\">N/A<"), std::string::npos);
}

TEST(HtmlReportTest, LabelsAreVietnamese) {
  const std::string html = RenderHtml(SampleReport());
  for (const char* label :
       {"Đơn vị", "Tiếp nhận", "Số hóa", "Tỷ lệ số hóa", "Kết quả điện tử", "Tái sử dụng",
        "Tái sử dụng bị bỏ lỡ", "Tháng", "Sổ", "Số mục trong sổ", "Đã số hóa", "Đã nhập", "Đã xác minh", "Còn lại", "Tiến độ",
        "Tổng cộng", "Khai sinh", "Kết hôn", "Khai tử"}) {
    EXPECT_NE(html.find(std::string(">") + label), std::string::npos) << label;
  }
  EXPECT_NE(html.find("lang=\"vi\""), std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
}

TEST(HtmlReportTest, MonthsReadAsMonthSlashYear) {
  const std::string html = RenderHtml(SampleReport());
  EXPECT_NE(html.find(">06/2024<"), std::string::npos);
  EXPECT_EQ(html.find(">2024-06<"), std::string::npos);
}

TEST(HtmlReportTest, BacklogShowsEntriesDigitizedRemainingAndProgress) {
  const std::string html = RenderHtml(SampleReport());
  EXPECT_NE(html.find(">4800<"), std::string::npos);
  EXPECT_NE(html.find(">3600<"), std::string::npos);  // remaining
  EXPECT_NE(html.find(">1200&#160;/ 4800<"), std::string::npos);
  EXPECT_NE(html.find(">25.00%<"), std::string::npos);
  // Totals over all books: 2113 of 6350 entries digitized.
  EXPECT_NE(html.find(">2113&#160;/ 6350<"), std::string::npos);
  EXPECT_NE(html.find(">33.28%<"), std::string::npos);
}

TEST(HtmlReportTest, IsSelfContained) {
  const std::string html = RenderHtml(SampleReport());
  for (const char* outside :
       {"http://", "https://", "<script", "<link", "url(", "@import", " src=", "<img", "<iframe"}) {
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  }
  EXPECT_NE(html.find("<style>"), std::string::npos);
}

TEST(HtmlReportTest, DrawsThreeSvgCharts) {
  const std::string html = RenderHtml(SampleReport());
  EXPECT_EQ(Count(html, "<svg "), 3u);
  EXPECT_EQ(Count(html, "</svg>"), 3u);
  // Unit bars: three rates for four units, less the N/A e-result.
  EXPECT_NE(html.find("UBND tỉnh Khánh Hòa (000.00.00.H32) — Tỷ lệ số hóa: 55.60%"),
            std::string::npos);
  EXPECT_NE(html.find("— Tỷ lệ kết quả điện tử: N/A"), std::string::npos);
  // Trend: one path per rate; March (no dossiers) breaks each line in two.
  std::size_t paths = 0, runs = 0;
  for (auto pos = html.find("<path d=\""); pos != std::string::npos;
       pos = html.find("<path d=\"", pos + 1)) {
    const auto start = pos + 9;
    const std::string d = html.substr(start, html.find('"', start) - start);
    ++paths;
    runs += Count(d, "M");
  }
  EXPECT_EQ(paths, 3u);
  EXPECT_EQ(runs, 6u);
  EXPECT_NE(html.find("06/2024 — Tỷ lệ số hóa: 65.83%"), std::string::npos);
  // Backlog: digitized then remaining, per group.
  EXPECT_NE(html.find("Khai sinh · 000.31.22.H32 · 2015 — Còn lại: 3600"), std::string::npos);
}

// A name too long for its chart row was cut after "Ủy ban nhân dân
// phường": every row read the same. Offices shorten the office, not the name.
TEST(HtmlReportTest, ALongUnitNameIsShortenedTheWayOfficesDoBeforeItIsCut) {
  ReportDocument doc = SampleReport();
  doc.by_unit.rows[2].keys[0] = "000.01.01.H32";
  doc.by_unit.rows[2].labels[0] = "Ủy ban nhân dân phường Vĩnh Phước";
  const std::string html = RenderHtml(doc);
  EXPECT_NE(html.find("UBND phường Vĩnh Phước (000.01.01.H32)</text>"), std::string::npos) << html;
  EXPECT_EQ(AbbreviatedLabel("Ủy ban nhân dân thành phố Nha Trang"), "UBND TP. Nha Trang");
  EXPECT_EQ(AbbreviatedLabel("Phòng Tư pháp thị xã Ninh Hòa"), "Phòng Tư pháp TX. Ninh Hòa");
  EXPECT_EQ(AbbreviatedLabel("UBND xã Suối Tiên"), "UBND xã Suối Tiên");
}

TEST(HtmlReportTest, EscapesEveryString) {
  ReportDocument doc = SampleReport();
  doc.title = "Báo cáo <script>alert(1)</script>";
  doc.period = "Q1 & Q2";
  doc.by_unit.rows[1].labels[0] = "<b>Xã \"Ninh\" & 'Hòa'</b>";
  doc.by_unit.unregistered_codes[0] = "<i>code</i>";
  doc.backlog[0].agency_code = "A<B";
  const std::string html = RenderHtml(doc);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("A<B"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Q1 &amp; Q2"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;Xã &quot;Ninh&quot; &amp; &#39;Hòa&#39;&lt;/b&gt;"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;i&gt;code&lt;/i&gt;"), std::string::npos);
  EXPECT_NE(html.find("A&lt;B"), std::string::npos);
}

TEST(HtmlReportTest, IndentsAgencyRowsByDepth) {
  const std::string html = RenderHtml(SampleReport());
  EXPECT_NE(html.find("<td class=\"l\">UBND tỉnh Khánh Hòa (000.00.00.H32)</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"l d1\">UBND huyện Diên Khánh (000.31.22.H32)</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"l d2\">UBND xã Suối Tiên (000.31.22.H32.02)</td>"),
            std::string::npos);
}

TEST(HtmlReportTest, NotesCountUnregisteredAndUndatedDossiers) {
  const std::string html = RenderHtml(SampleReport());
  EXPECT_NE(html.find("không có ngày tiếp nhận (không tính vào tỷ lệ): 7."), std::string::npos);
  EXPECT_NE(html.find("không có trong sổ tiếp nhận (không tính vào tỷ lệ): 3 — "
                      "000.31.22.H32-240105-0001, 000.31.22.H32-240212-0004 và 1 hồ sơ khác."),
            std::string::npos);
}

TEST(HtmlReportTest, PrintsOnA4WithABreakBetweenSections) {
  const std::string html = RenderHtml(SampleReport());
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("size: A4"), std::string::npos);
  EXPECT_NE(html.find("section { break-before: page; }"), std::string::npos);
  EXPECT_NE(html.find("thead { display: table-header-group; }"), std::string::npos);
  EXPECT_EQ(Count(html, "<section "), 3u);
}

TEST(HtmlReportTest, AnEmptyReportSaysSoInsteadOfDrawingEmptyCharts) {
  ReportDocument doc;
  const std::string html = RenderHtml(doc);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Báo cáo số hóa hồ sơ TTHC"), std::string::npos);  // default title
  EXPECT_EQ(Count(html, "Không có số liệu trong kỳ này."), 2u);
  EXPECT_NE(html.find("Chưa có sổ hộ tịch nào được ghi nhận."), std::string::npos);
  // The total row still reconciles: nothing received, every rate N/A.
  EXPECT_NE(html.find(">Tổng cộng<"), std::string::npos);
  EXPECT_NE(html.find(">0&#160;/ 0<"), std::string::npos);
}

}  // namespace
}  // namespace sohoa::report
