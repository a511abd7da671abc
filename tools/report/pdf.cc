// The PDF report: the HTML report's sections, tables and charts on A4
// landscape pages. Tables break between rows and repeat their header row.
#include <podofo/podofo.h>

#include <exception>
#include <mutex>
#include <new>
#include <string>

#include "tools/report/internal/pdf_charts.h"
#include "tools/report/internal/pdf_page_flow.h"
#include "tools/report/internal/report_model.h"
#include "tools/report/report.h"

namespace sohoa::report {
namespace {

using internal::PageFlow;
using internal::Weight;

constexpr double kCellSize = 7, kCellLeading = 8.6, kCellPad = 2.6, kIndent = 8;
constexpr double kHeadingSize = 12, kNoteSize = 7.5;
const internal::Rgb kHeaderFill{0.93, 0.95, 0.97};
const internal::Rgb kBandFill{0.97, 0.98, 0.99};

void QuietPodofo() {
  static std::once_flag once;
  std::call_once(once, [] {
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
  });
}

// Column positions and the wrapped text of the header and of every row,
// worked out before drawing so each row's height is known at a page break.
class TableLayout {
 public:
  TableLayout(const PageFlow& flow, const internal::Table& table) : table_(table) {
    double weights = 0;
    for (const auto& c : table.columns) weights += c.weight;
    double x = flow.left();
    for (const auto& c : table.columns) {
      x_.push_back(x);
      w_.push_back(flow.width() * c.weight / weights);
      x += w_.back();
    }
    header_ = Wrap(flow, HeaderTexts(), 0, Weight::kBold);
    for (const auto& row : table.rows) {
      rows_.push_back(
          Wrap(flow, row.cells, row.indent, row.total ? Weight::kBold : Weight::kRegular));
    }
  }

  double HeaderHeight() const { return Height(header_); }
  double RowHeight(std::size_t r) const { return Height(rows_[r]); }

  void DrawHeader(PageFlow& flow) const {
    const double h = HeaderHeight();
    flow.FillRect(flow.left(), flow.y() - h, flow.width(), h, kHeaderFill);
    // Headers sit on the bottom of their cell, like the numbers under them.
    DrawCells(flow, header_, 0, Weight::kBold, h);
    flow.Line(flow.left(), flow.y() - h, flow.right(), flow.y() - h, internal::kMuted, 0.6);
    flow.Advance(h);
  }

  void DrawRow(PageFlow& flow, std::size_t r, bool banded) const {
    const internal::Row& row = table_.rows[r];
    const double h = RowHeight(r);
    if (banded) flow.FillRect(flow.left(), flow.y() - h, flow.width(), h, kBandFill);
    if (row.total) flow.Line(flow.left(), flow.y(), flow.right(), flow.y(), internal::kInk, 0.8);
    DrawCells(flow, rows_[r], row.indent, row.total ? Weight::kBold : Weight::kRegular, h);
    flow.Line(flow.left(), flow.y() - h, flow.right(), flow.y() - h, internal::kRule, 0.3);
    flow.Advance(h);
  }

 private:
  using Cells = std::vector<std::vector<std::string>>;  // [column][line]

  std::vector<std::string> HeaderTexts() const {
    std::vector<std::string> texts;
    for (const auto& c : table_.columns) texts.push_back(c.header);
    return texts;
  }

  Cells Wrap(const PageFlow& flow, const std::vector<std::string>& texts, int indent,
             Weight weight) const {
    Cells cells;
    for (std::size_t c = 0; c < w_.size(); ++c) {
      const std::string text = c < texts.size() ? texts[c] : std::string();
      const double room = w_[c] - 2 * kCellPad - (c == 0 ? kIndent * indent : 0);
      cells.push_back(flow.Wrap(text, room, kCellSize, weight));
    }
    return cells;
  }

  static double Height(const Cells& cells) {
    std::size_t lines = 1;
    for (const auto& c : cells) lines = std::max(lines, c.size());
    return static_cast<double>(lines) * kCellLeading + 2 * kCellPad;
  }

  void DrawCells(PageFlow& flow, const Cells& cells, int indent, Weight weight,
                 double height) const {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const auto& lines = cells[c];
      // Bottom-aligned: a wrapped header or label keeps its last line on the
      // row's baseline with the numbers.
      double baseline = flow.y() - height + kCellPad + (kCellLeading - kCellSize) / 2 + 1 +
                        kCellLeading * static_cast<double>(lines.size() - 1);
      for (const std::string& line : lines) {
        if (table_.columns[c].align == internal::Align::kLeft) {
          const double x = x_[c] + kCellPad + (c == 0 ? kIndent * indent : 0);
          flow.Text(x, baseline, line, kCellSize, weight);
        } else {
          const bool na = line == "N/A";
          flow.TextRight(x_[c] + w_[c] - kCellPad, baseline, line, kCellSize, weight,
                         na ? internal::kMuted : internal::kInk);
        }
        baseline -= kCellLeading;
      }
    }
  }

  const internal::Table& table_;
  std::vector<double> x_, w_;
  Cells header_;
  std::vector<Cells> rows_;
};

void Heading(PageFlow& flow, std::string_view text, bool continued = false) {
  std::string line(text);
  if (continued) line += " " + std::string(internal::words::kContinued);
  flow.Text(flow.left(), flow.y() - kHeadingSize, line, kHeadingSize, Weight::kBold);
  flow.Line(flow.left(), flow.y() - kHeadingSize - 5, flow.right(), flow.y() - kHeadingSize - 5,
            internal::kInk, 1);
  flow.Advance(kHeadingSize + 14);
}

// The table under `section`, continuing on new pages with the section's
// heading and the header row repeated.
void DrawTable(PageFlow& flow, const internal::Table& table, std::string_view section) {
  const TableLayout layout(flow, table);
  if (!flow.Fits(layout.HeaderHeight() + (table.rows.empty() ? 0 : layout.RowHeight(0)))) {
    flow.NewPage();
    Heading(flow, section, true);
  }
  layout.DrawHeader(flow);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (!flow.Fits(layout.RowHeight(r))) {
      flow.NewPage();
      Heading(flow, section, true);
      layout.DrawHeader(flow);
    }
    layout.DrawRow(flow, r, r % 2 == 1);
  }
  flow.Advance(10);
}

void Paragraphs(PageFlow& flow, const std::vector<std::string>& lines, std::string_view bullet) {
  const double indent = bullet.empty() ? 0 : 10;
  for (const std::string& text : lines) {
    const auto wrapped = flow.Wrap(text, flow.width() - indent, kNoteSize, Weight::kRegular);
    for (std::size_t i = 0; i < wrapped.size(); ++i) {
      flow.EnsureRoom(kNoteSize + 3);
      const double baseline = flow.y() - kNoteSize;
      if (i == 0 && !bullet.empty()) {
        flow.Text(flow.left(), baseline, bullet, kNoteSize, Weight::kRegular, internal::kMuted);
      }
      flow.Text(flow.left() + indent, baseline, wrapped[i], kNoteSize, Weight::kRegular,
                internal::kMuted);
      flow.Advance(kNoteSize + 3);
    }
  }
  flow.Advance(6);
}

void TitleBlock(PageFlow& flow, const ReportDocument& report) {
  flow.Text(flow.left(), flow.y() - 16, internal::Title(report), 16, Weight::kBold);
  flow.Advance(24);
  const std::string meta = std::string(internal::words::kPeriod) + ": " +
                           (report.period.empty() ? "toàn bộ" : report.period) + " · " +
                           std::string(internal::words::kGenerated) + ": " + report.generated_at;
  flow.Text(flow.left(), flow.y() - 8, meta, 8, Weight::kRegular, internal::kMuted);
  flow.Advance(22);
}

void UnitSection(PageFlow& flow, const archive::RatesReport& by_unit) {
  const std::string_view section = internal::words::kByUnit;
  Heading(flow, section);
  internal::DrawRateBars(flow, internal::UnitChart(by_unit, internal::kMaxChartUnits),
                         internal::words::kUnitChart);
  if (by_unit.rows.empty()) Paragraphs(flow, {std::string(internal::words::kNoRows)}, "");
  DrawTable(flow, internal::RatesTable(by_unit), section);
  flow.EnsureRoom(40);
  flow.Text(flow.left(), flow.y() - 9, internal::words::kNotes, 9, Weight::kBold, internal::kMuted);
  flow.Advance(13);
  Paragraphs(flow, internal::RateNotes(by_unit), "•");
}

void TrendSection(PageFlow& flow, const archive::RatesReport& by_month) {
  const std::string_view section = internal::words::kTrend;
  flow.NewPage();
  Heading(flow, section);
  internal::DrawTrend(flow, internal::TrendChart(by_month), internal::words::kTrendChart);
  if (by_month.rows.empty()) Paragraphs(flow, {std::string(internal::words::kNoRows)}, "");
  DrawTable(flow, internal::RatesTable(by_month), section);
}

void BacklogSection(PageFlow& flow, const std::vector<archive::BacklogRow>& backlog) {
  const std::string_view section = internal::words::kBacklog;
  flow.NewPage();
  Heading(flow, section);
  if (backlog.empty()) {
    Paragraphs(flow, {std::string(internal::words::kNoBooks)}, "");
    return;
  }
  internal::DrawBacklogBars(flow, internal::BacklogBars(backlog, internal::kMaxChartBooks),
                            internal::words::kBacklogChart);
  DrawTable(flow, internal::BacklogTable(backlog), section);
}

Status Render(const ReportDocument& report, const std::filesystem::path& out) {
  SOHOA_ASSIGN_OR_RETURN(auto flow, PageFlow::Create());
  TitleBlock(*flow, report);
  UnitSection(*flow, report.by_unit);
  TrendSection(*flow, report.by_month);
  BacklogSection(*flow, report.backlog);
  const std::string title = internal::Title(report);
  return flow->Write(out, title,
                     title + " · " + (report.period.empty() ? "toàn bộ" : report.period));
}

}  // namespace

Status WritePdf(const ReportDocument& report, const std::filesystem::path& out) {
  QuietPodofo();
  try {
    return Render(report, out);
  } catch (const PoDoFo::PdfError& e) {
    const char* name = PoDoFo::PdfError::ErrorName(e.GetError());
    return Internal(std::string("PoDoFo failed writing the PDF report: ") +
                    (name != nullptr ? name : "unknown error"));
  } catch (const std::bad_alloc&) {
    return Unavailable("not enough memory to write the PDF report");
  } catch (const std::exception& e) {
    return Internal(std::string("writing the PDF report failed: ") + e.what());
  }
}

}  // namespace sohoa::report
