// Pieces of the HTML report: escaping and the inline SVG charts. Every chart
// is plain SVG inside the page (no xmlns, no links, no fonts of its own), so
// the file reads offline and prints as vectors.
#pragma once

#include <string>
#include <string_view>

#include "schema/text.h"
#include "tools/report/internal/report_model.h"

namespace sohoa::report::internal {

// Horizontal bars, one group per row (digitization, e-result, reuse), on a
// 0–100 % scale; N/A where a rate has no denominator. "" for no rows.
std::string RateBarsSvg(const RateChart& chart);
// One line per rate across the months; an N/A month breaks the line.
std::string TrendSvg(const RateChart& chart);
// Stacked bars per book group: entries digitized, then entries remaining.
std::string BacklogSvg(const BacklogChart& chart);

}  // namespace sohoa::report::internal
