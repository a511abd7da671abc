// What a person sees of the reports: the PDF rasterized with pdftoppm, its
// words boxed by pdftotext -bbox, and the HTML laid out by headless Chromium
// in a 1000 px window. Each test skips, saying why, without its tool.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/report/report_fixture.h"
#include "tests/test_env.h"
#include "tools/report/internal/report_model.h"
#include "tools/report/report.h"

namespace sohoa::report {
namespace {

namespace fs = std::filesystem;
using sohoa::testing::RunCommand;

bool HaveTool(const std::string& name) {
  return RunCommand("command -v " + name + " >/dev/null 2>&1").exit_code == 0;
}

#define SKIP_WITHOUT(tool, package) \
  if (!HaveTool(tool)) GTEST_SKIP() << tool " is not installed (Debian: " package ")"

// A page as gray pixels, 0 black to 255 white.
struct Gray {
  int width = 0, height = 0;
  std::string pixels;
  int At(int x, int y) const {
    return static_cast<unsigned char>(pixels[static_cast<std::size_t>(y * width + x)]);
  }
};

// Every page of `pdf` rasterized at `dpi` (pdftoppm -gray, one PGM a page).
std::vector<Gray> Rasterize(const fs::path& pdf, int dpi) {
  const fs::path prefix = pdf.parent_path() / (pdf.stem().string() + "-page");
  RunCommand("pdftoppm -gray -r " + std::to_string(dpi) + " '" + pdf.string() + "' '" +
             prefix.string() + "'");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(pdf.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix.filename().string(), 0) == 0 && entry.path().extension() == ".pgm") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Gray> pages;
  for (const fs::path& file : files) {
    const std::string bytes = sohoa::testing::ReadFile(file);
    std::istringstream head(bytes);
    std::string magic;
    Gray g;
    int max = 0;
    head >> magic >> g.width >> g.height >> max;
    if (magic != "P5" || max != 255) continue;
    const std::size_t start = static_cast<std::size_t>(head.tellg()) + 1;
    g.pixels = bytes.substr(start, static_cast<std::size_t>(g.width * g.height));
    pages.push_back(std::move(g));
    fs::remove(file);
  }
  return pages;
}

// How much of the page's body (between the top margin and the footer rule)
// holds something: from the top of the body to the lowest non-white row,
// as a share of the body's height.
double FilledShare(const Gray& page) {
  // The footer rule sits 28 pt above the bottom edge of a 595 pt page.
  const int body_bottom = page.height - page.height * 30 / 595;
  const int body_top = page.height * 30 / 595;
  int lowest = body_top;
  for (int y = body_top; y < body_bottom; ++y) {
    for (int x = 0; x < page.width; ++x) {
      if (page.At(x, y) < 200) {
        lowest = y;
        break;
      }
    }
  }
  return static_cast<double>(lowest - body_top) / static_cast<double>(body_bottom - body_top);
}

using LayoutTest = testing::PdfWritingTest;

// However many units the table holds, no page carries only a few lines
// (the notes under the table, or a short last section) and leaves the rest
// white.
TEST_F(LayoutTest, NoPdfPageIsNearlyEmpty) {
  SKIP_WITHOUT("pdftoppm", "poppler-utils");
  std::vector<std::pair<std::string, ReportDocument>> docs;
  for (int units = 0; units <= 44; ++units) {
    docs.emplace_back(std::to_string(units) + " communes", testing::LongReport(units));
  }
  ReportDocument no_books = testing::SampleReport();
  no_books.backlog.clear();
  docs.emplace_back("no books", no_books);
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const fs::path pdf = Write(docs[i].second, "r" + std::to_string(i) + ".pdf");
    const std::vector<Gray> pages = Rasterize(pdf, 20);
    ASSERT_FALSE(pages.empty()) << docs[i].first;
    for (std::size_t p = 0; p < pages.size(); ++p) {
      EXPECT_GE(FilledShare(pages[p]), 0.2)
          << docs[i].first << ": page " << p + 1 << " of " << pages.size() << " is nearly empty";
    }
  }
}

// A word of the PDF as pdftotext -bbox boxes it.
struct Word {
  double x0, y0, x1, y1;
  std::string text;
};

std::vector<std::vector<Word>> WordsByPage(const fs::path& pdf) {
  const std::string xml = RunCommand("pdftotext -bbox '" + pdf.string() + "' -").out;
  std::vector<std::vector<Word>> pages;
  static const std::regex word(
      R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
  std::istringstream lines(xml);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("<page ") != std::string::npos) pages.emplace_back();
    std::smatch m;
    if (!pages.empty() && std::regex_search(line, m, word)) {
      pages.back().push_back({std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4]),
                              m[5]});
    }
  }
  return pages;
}

// Do two boxes share more than a sliver (fonts' boxes include some air)?
bool Overlap(double ax0, double ay0, double ax1, double ay1, double bx0, double by0, double bx1,
             double by1, double slack) {
  const double w = std::min(ax1, bx1) - std::max(ax0, bx0);
  const double h = std::min(ay1, by1) - std::max(ay0, by0);
  return w > slack && h > slack;
}

// Units whose three rates are all 0.00 or N/A: the labels right of the bars
// sit at the same x and must still not cover each other.
ReportDocument ZeroRates() {
  ReportDocument doc = testing::SampleReport();
  doc.by_unit.rows.push_back(testing::UnitRow("000.33.22.H32", "UBND xã Không", 2, 40,
                                              testing::Cell(0, 40), testing::Cell(0, 12),
                                              testing::Cell(0, 40)));
  doc.by_unit.rows.push_back(testing::UnitRow("000.34.22.H32", "UBND xã Trống", 2, 0,
                                              testing::Cell(0, 0), testing::Cell(0, 0),
                                              testing::Cell(0, 0)));
  return doc;
}

TEST_F(LayoutTest, NoTwoWordsOfThePdfChartsCoverEachOther) {
  SKIP_WITHOUT("pdftotext", "poppler-utils");
  const auto pages = WordsByPage(Write(ZeroRates(), "zero.pdf"));
  ASSERT_FALSE(pages.empty());
  int overlaps = 0;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const auto& words = pages[p];
    for (std::size_t i = 0; i < words.size(); ++i) {
      for (std::size_t j = i + 1; j < words.size(); ++j) {
        const Word& a = words[i];
        const Word& b = words[j];
        if (Overlap(a.x0, a.y0, a.x1, a.y1, b.x0, b.y0, b.x1, b.y1, 0.1)) {
          ADD_FAILURE() << "page " << p + 1 << ": \"" << a.text << "\" at (" << a.x0 << ", "
                        << a.y0 << ") overlaps \"" << b.text << "\" at (" << b.x0 << ", " << b.y0
                        << ")";
          if (++overlaps > 10) return;
        }
      }
    }
  }
}

TEST(TrendChartTest, PlacesMonthsByTheCalendarSoAGapShows) {
  archive::RatesReport months;
  months.query.by = {archive::RateDimension::kMonth};
  months.rows = {testing::MonthRow("2023-12", 10, 5, 1, 2, 0),
                 testing::MonthRow("2024-01", 10, 6, 1, 2, 0),
                 testing::MonthRow("2024-04", 10, 7, 1, 2, 0)};
  const internal::RateChart chart = internal::TrendChart(months);
  EXPECT_EQ(chart.labels,
            (std::vector<std::string>{"12/2023", "01/2024", "02/2024", "03/2024", "04/2024"}));
  ASSERT_EQ(chart.values.size(), 5u);
  for (std::size_t month : {2u, 3u}) {
    for (const auto& value : chart.values[month]) {
      EXPECT_FALSE(value.has_value()) << chart.labels[month] << " had no dossier: no point";
    }
  }
  EXPECT_DOUBLE_EQ(*chart.values[4][0], 70.0);
}

// Headless Chromium (as COMPONENTS.md says: --no-sandbox as root) lays the
// HTML out in a 1000 px window and a script measures what a person sees.
class BrowserTest : public LayoutTest {
 protected:
  // The page's scrollWidth and every pair of SVG texts whose boxes overlap,
  // as "sw=1000;overlaps=0;first=..."
  std::string Probe(const std::string& html) {
    static const char* kScript = R"(<script>
(function () {
  var overlaps = 0, first = '';
  document.querySelectorAll('svg').forEach(function (svg) {
    var boxes = [];
    svg.querySelectorAll('text').forEach(function (t) {
      var r = t.getBoundingClientRect();
      var text = '';
      t.childNodes.forEach(function (n) { if (n.nodeType === 3) text += n.textContent; });
      if (r.width > 0 && r.height > 0) boxes.push({l: r.left, t: r.top, r: r.right, b: r.bottom, s: text});
    });
    for (var i = 0; i < boxes.length; ++i) {
      for (var j = i + 1; j < boxes.length; ++j) {
        var a = boxes[i], b = boxes[j];
        var w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
        if (w > 1 && h > 1) {
          ++overlaps;
          if (!first) first = '"' + a.s + '" (' + a.l.toFixed(0) + ',' + a.t.toFixed(0) + ') / "' + b.s + '" (' + b.l.toFixed(0) + ',' + b.t.toFixed(0) + ')';
        }
      }
    }
  });
  var p = document.createElement('pre');
  p.id = 'probe';
  p.textContent = 'sw=' + document.documentElement.scrollWidth + ';overlaps=' + overlaps + ';first=' + first + ';';
  document.body.appendChild(p);
})();
</script>)";
    std::string page = html;
    page.insert(page.rfind("</body>"), kScript);
    const fs::path file = tmp_.path() / "probe.html";
    sohoa::testing::WriteFile(file, page);
    const std::string dom =
        RunCommand("chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
                   "--user-data-dir='" + (tmp_.path() / "chromium").string() +
                   "' --window-size=1000,800 --dump-dom 'file://" + file.string() +
                   "' 2>/dev/null")
            .out;
    const std::size_t at = dom.find("<pre id=\"probe\">");
    if (at == std::string::npos) return "";
    return dom.substr(at + 16, dom.find("</pre>", at) - at - 16);
  }

  static int Field(const std::string& probe, const std::string& name) {
    const std::size_t at = probe.find(name + "=");
    return at == std::string::npos ? -1 : std::stoi(probe.substr(at + name.size() + 1));
  }
};

#define SKIP_WITHOUT_CHROMIUM() SKIP_WITHOUT("chromium", "chromium")

// Long official names and the numbers of a whole province: the table still
// fits a 1000 px window, nothing to scroll sideways.
TEST_F(BrowserTest, TheHtmlReportFitsAThousandPixelWindow) {
  SKIP_WITHOUT_CHROMIUM();
  ReportDocument doc = ZeroRates();
  for (auto& row : doc.by_unit.rows) {
    row.labels[0] = "Ủy ban nhân dân phường " + row.labels[0];
    row.received = 1273950;
    row.archived = 1000000;
    row.digitization = testing::Cell(1273950, 1527992);
    row.e_result = testing::Cell(254042, 1527992);
    row.reuse = testing::Cell(2082, 1527992);
    row.missed_reuse = testing::Cell(12345, 1527992);
  }
  // The section that says why dossiers are not digitized, with long names.
  doc.by_unit.query.explain = true;
  archive::ShortfallGroup group;
  group.keys = {"000.31.22.H32"};
  group.labels = {"Ủy ban nhân dân phường Vĩnh Phước"};
  group.not_digitized = 2;
  group.count[0] = 1;
  group.count[2] = 1;
  for (auto reason : {archive::Shortfall::kNotArchived, archive::Shortfall::kNoResult}) {
    archive::ShortfallDossier d;
    d.dossier_code = "000.31.22.H32-240106-0002";
    d.received_date = "2024-01-06";
    d.procedure_code = "1.000894";
    d.procedure_name = "Đăng ký kết hôn có yếu tố nước ngoài tại Ủy ban nhân dân cấp xã";
    d.reason = reason;
    d.result_missing = true;
    group.dossiers.push_back(d);
  }
  doc.by_unit.shortfalls = {group};
  const std::string html = RenderHtml(doc);
  ASSERT_NE(html.find("id=\"chua-so-hoa\""), std::string::npos);
  const std::string probe = Probe(html);
  ASSERT_FALSE(probe.empty()) << "chromium printed no probe";
  EXPECT_LE(Field(probe, "sw"), 1000) << probe;
}

TEST_F(BrowserTest, NoTwoLabelsOfTheHtmlChartsCoverEachOther) {
  SKIP_WITHOUT_CHROMIUM();
  ReportDocument doc = ZeroRates();
  // Three years of months, two without a dossier.
  auto& months = doc.by_month.rows;
  months.clear();
  for (int m = 0; m < 36; ++m) {
    if (m == 7 || m == 8) continue;
    char key[8];
    std::snprintf(key, sizeof key, "%04d-%02d", 2022 + m / 12, m % 12 + 1);
    months.push_back(testing::MonthRow(key, 10, m % 3 == 0 ? 0 : 5, 0, 2, 0));
  }
  const std::string probe = Probe(RenderHtml(doc));
  ASSERT_FALSE(probe.empty()) << "chromium printed no probe";
  EXPECT_EQ(Field(probe, "overlaps"), 0) << probe;
}

}  // namespace
}  // namespace sohoa::report
