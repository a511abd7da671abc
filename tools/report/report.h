// Renders a manager's report (rates by unit, monthly trend, civil-status
// backlog) as one self-contained HTML file with SVG charts, or as a PDF
// (PoDoFo, with an embedded font that covers Vietnamese). Labels are in
// Vietnamese. PoDoFo stays inside tools/report.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "archive/rates.h"
#include "schema/status.h"

namespace sohoa::report {

struct ReportDocument {
  std::string title;              // "Báo cáo số hóa hồ sơ TTHC"
  std::string period;             // "01/01/2024 – 30/06/2024", or "toàn bộ"
  std::string generated_at;       // as shown: "06/12/2026 13:41:31", Vietnam's time
  archive::RatesReport by_unit;   // usually by agency (or whatever --by chose)
  archive::RatesReport by_month;  // by month, for the trend chart
  std::vector<archive::BacklogRow> backlog;
};

// One HTML5 file: inline CSS and SVG, nothing fetched; prints on A4
// landscape with a page per section. Every string is HTML-escaped. An empty
// title or period reads as the default title or "toàn bộ".
std::string RenderHtml(const ReportDocument& report);

// The same sections, tables and charts as an A4 landscape PDF with DejaVu Sans
// embedded as subsets. The file appears whole or not at all (written under a
// temporary name, then renamed). Unavailable when DejaVu Sans is not
// installed; IoError when `out` cannot be written.
Status WritePdf(const ReportDocument& report, const std::filesystem::path& out);

}  // namespace sohoa::report
