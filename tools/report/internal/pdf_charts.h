// The report's charts drawn as PDF vectors on a PageFlow, at the cursor.
// Bar charts break across pages between rows and repeat their legend and
// axis on each new page.
#pragma once

#include <string_view>

#include "tools/report/internal/pdf_page_flow.h"
#include "tools/report/internal/report_model.h"

namespace sohoa::report::internal {

// Grouped horizontal bars (one bar per series) on a 0–100 % scale.
void DrawRateBars(PageFlow& flow, const RateChart& chart, std::string_view title);
// One line per series across the months, N/A months leaving a gap.
void DrawTrend(PageFlow& flow, const RateChart& chart, std::string_view title);
// Digitized and remaining register entries, stacked, per book group.
void DrawBacklogBars(PageFlow& flow, const BacklogChart& chart, std::string_view title);

}  // namespace sohoa::report::internal
