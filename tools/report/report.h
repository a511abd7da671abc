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
  std::string title;          // "Báo cáo số hóa hồ sơ TTHC"
  std::string period;         // "01/01/2024 – 30/06/2024", or "toàn bộ"
  std::string generated_at;   // ISO 8601
  archive::RatesReport by_unit;   // usually by agency (or whatever --by chose)
  archive::RatesReport by_month;  // by month, for the trend chart
  std::vector<archive::BacklogRow> backlog;
};

std::string RenderHtml(const ReportDocument& report);
Status WritePdf(const ReportDocument& report, const std::filesystem::path& out);

}  // namespace sohoa::report
