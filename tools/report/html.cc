// The HTML report: one file, nothing fetched. CSS and SVG are inline, fonts
// are whatever sans-serif the reader has (every current system font covers
// Vietnamese), and @media print lays each section on its own A4 page.
#include <string>

#include "tools/report/internal/html_parts.h"
#include "tools/report/internal/report_model.h"
#include "tools/report/report.h"

namespace sohoa::report {
namespace {


constexpr const char* kStyle = R"(
:root { --ink: #1a202c; --muted: #4a5568; --rule: #cbd5e0; --band: #f7fafc; }
body { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; color: var(--ink);
       margin: 24px auto; max-width: 1200px; padding: 0 16px; font-size: 14px; line-height: 1.4; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 4px; color: var(--muted); }
.meta { color: var(--muted); margin: 0; }
table.data { border-collapse: collapse; width: 100%; font-size: 12px; margin: 8px 0; }
table.data th { background: #edf2f7; font-weight: 600; vertical-align: bottom; }
table.data th, table.data td { border: 1px solid var(--rule); padding: 3px 6px; }
table.data tbody tr:nth-child(even) { background: var(--band); }
table.data td:first-child { min-width: 12em; }
.l { text-align: left; } .r { text-align: right; white-space: nowrap; }
/* Headers and fractions wrap (after the slash) so the table fits a 1000 px window. */
table.data th, td.f { white-space: normal; }
td.nw { white-space: nowrap; }
td.d1 { padding-left: 20px; } td.d2 { padding-left: 36px; } td.d3 { padding-left: 52px; }
td.na { color: #a0aec0; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
ul.notes { color: var(--muted); font-size: 12px; padding-left: 18px; }
svg.chart { width: 100%; height: auto; display: block; }
svg .label, svg .legend { font-size: 12px; fill: var(--ink); }
svg .value, svg .tick { font-size: 10px; fill: var(--muted); }
svg .na { font-size: 9px; fill: #a0aec0; font-style: italic; }
svg .grid { stroke: #e2e8f0; stroke-width: 1; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
.empty { color: var(--muted); font-style: italic; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-before: page; }
  section:first-of-type { break-before: auto; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, svg.chart { break-inside: avoid; }
  table.data { font-size: 8pt; }
}
)";

std::string IndentClass(int indent) {
  if (indent <= 0) return "";
  return " d" + std::to_string(indent > 3 ? 3 : indent);
}

void AppendTable(std::string& out, const internal::Table& table) {
  out += "<table class=\"data\">\n<thead><tr>";
  for (const internal::Column& c : table.columns) {
    out += c.align == internal::Align::kLeft ? "<th class=\"l\">" : "<th class=\"r\">";
    out += EscapeXml(c.header) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const internal::Row& row : table.rows) {
    out += row.total ? "<tr class=\"total\">" : "<tr>";
    for (std::size_t i = 0; i < row.cells.size() && i < table.columns.size(); ++i) {
      std::string css = table.columns[i].align == internal::Align::kLeft ? "l" : "r";
      if (i == 0) css += IndentClass(row.indent);
      if (row.cells[i] == "N/A") css += " na";
      // A dossier code breaks at its hyphens otherwise.
      if (i > 0 && table.columns[i].align == internal::Align::kLeft &&
          row.cells[i].find(' ') == std::string::npos) {
        css += " nw";
      }
      std::string text = EscapeXml(row.cells[i]);
      // "1273950 / 1527992" may break after the slash, never before it: a
      // narrow window wraps the fraction instead of scrolling sideways.
      if (const auto slash = text.find(" / "); slash != std::string::npos) {
        text.replace(slash, 3, "&#160;/ ");
        css += " f";
      }
      out += "<td class=\"" + css + "\">" + text + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

void AppendChart(std::string& out, std::string_view title, const std::string& svg,
                 std::size_t left_out) {
  if (svg.empty()) return;
  out += "<h3>" + EscapeXml(title) + "</h3>\n" + svg;
  if (left_out > 0)
    out += "<p class=\"meta\">" + EscapeXml(internal::words::LeftOut(left_out)) + "</p>\n";
}

void AppendNotes(std::string& out, const std::vector<std::string>& notes,
                 std::string_view title = internal::words::kNotes) {
  out += "<h3>" + EscapeXml(title) + "</h3>\n<ul class=\"notes\">\n";
  for (const std::string& note : notes) out += "<li>" + EscapeXml(note) + "</li>\n";
  out += "</ul>\n";
}

void AppendUnitSection(std::string& out, const archive::RatesReport& by_unit) {
  out += "<section id=\"don-vi\">\n<h2>" + EscapeXml(internal::words::kByUnit) + "</h2>\n";
  const internal::RateChart chart = internal::UnitChart(by_unit, internal::kMaxChartUnits);
  AppendChart(out, internal::words::kUnitChart, internal::RateBarsSvg(chart), chart.left_out);
  if (by_unit.rows.empty()) {
    out += "<p class=\"empty\">" + EscapeXml(internal::words::kNoRows) + "</p>\n";
  }
  AppendTable(out, internal::RatesTable(by_unit));
  AppendNotes(out, RateNotes(by_unit));
  out += "</section>\n";
}

// Per unit, the received dossiers that do not count as digitized and why.
void AppendExplainSection(std::string& out, const archive::RatesReport& by_unit) {
  if (!by_unit.query.explain) return;
  out += "<section id=\"chua-so-hoa\">\n<h2>" + EscapeXml(internal::words::kExplain) +
         "</h2>\n";
  if (by_unit.shortfalls.empty()) {
    out += "<p class=\"empty\">" + EscapeXml(internal::words::kExplainNone) + "</p>\n";
  } else {
    out += "<h3>" + EscapeXml(internal::words::kExplainSummary) + "</h3>\n";
    AppendTable(out, internal::ShortfallSummary(by_unit));
    out += "<h3>" + EscapeXml(internal::words::kExplainList) + "</h3>\n";
    AppendTable(out, internal::ShortfallList(by_unit));
    AppendNotes(out, internal::ShortfallNotes(), internal::words::kWhatToDo);
  }
  out += "</section>\n";
}

void AppendTrendSection(std::string& out, const archive::RatesReport& by_month) {
  out += "<section id=\"theo-thang\">\n<h2>" + EscapeXml(internal::words::kTrend) + "</h2>\n";
  AppendChart(out, internal::words::kTrendChart, internal::TrendSvg(internal::TrendChart(by_month)),
              0);
  if (by_month.rows.empty()) {
    out += "<p class=\"empty\">" + EscapeXml(internal::words::kNoRows) + "</p>\n";
  }
  AppendTable(out, internal::RatesTable(by_month));
  out += "</section>\n";
}

void AppendBacklogSection(std::string& out, const std::vector<archive::BacklogRow>& backlog) {
  out += "<section id=\"so-ho-tich\">\n<h2>" + EscapeXml(internal::words::kBacklog) + "</h2>\n";
  if (backlog.empty()) {
    out += "<p class=\"empty\">" + EscapeXml(internal::words::kNoBooks) + "</p>\n</section>\n";
    return;
  }
  const internal::BacklogChart chart = internal::BacklogBars(backlog, internal::kMaxChartBooks);
  AppendChart(out, internal::words::kBacklogChart, internal::BacklogSvg(chart), chart.left_out);
  AppendTable(out, internal::BacklogTable(backlog));
  out += "</section>\n";
}

}  // namespace

std::string RenderHtml(const ReportDocument& report) {
  const std::string title = internal::Title(report);
  std::string out = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out +=
      "<title>" + EscapeXml(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<header>\n<h1>" + EscapeXml(title) + "</h1>\n<p class=\"meta\">" +
         EscapeXml(internal::words::kPeriod) + ": " +
         EscapeXml(report.period.empty() ? "toàn bộ" : report.period) + " · " +
         EscapeXml(internal::words::kGenerated) + ": " + EscapeXml(report.generated_at) +
         "</p>\n</header>\n";
  AppendUnitSection(out, report.by_unit);
  AppendExplainSection(out, report.by_unit);
  AppendTrendSection(out, report.by_month);
  AppendBacklogSection(out, report.backlog);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace sohoa::report
