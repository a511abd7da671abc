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

// A table's last page carries at least this much of the page (its rows and
// what must follow it), so no page holds only a row or two and the notes.
constexpr double kMinTailShare = 0.3;

// The table under `section`, continuing on new pages with the section's
// heading and the header row repeated. `after` is the height of what must
// stay with the table's last rows (its notes).
void DrawTable(PageFlow& flow, const internal::Table& table, std::string_view section,
               double after = 0) {
  const TableLayout layout(flow, table);
  const std::size_t n = table.rows.size();
  // tail[r]: rows r.. and what follows them (with the gap after the table).
  std::vector<double> tail(n + 1, after > 0 ? after + 10 : 0);
  for (std::size_t r = n; r-- > 0;) tail[r] = tail[r + 1] + layout.RowHeight(r);
  const double min_tail = kMinTailShare * (flow.top() - PageFlow::kBottom);
  auto continue_on_new_page = [&] {
    flow.NewPage();
    Heading(flow, section, true);
    layout.DrawHeader(flow);
  };
  // A short table that does not fit whole starts on the next page rather
  // than leave a row or two here and the rest there.
  const double whole = layout.HeaderHeight() + tail[0];
  if (!flow.Fits(layout.HeaderHeight() + (table.rows.empty() ? 0 : layout.RowHeight(0))) ||
      (!flow.Fits(whole) && whole < min_tail)) {
    flow.NewPage();
    Heading(flow, section, true);
  }
  layout.DrawHeader(flow);
  std::size_t first_on_page = 0;
  for (std::size_t r = 0; r < n; ++r) {
    // Break early when the rest will not fit here and would otherwise
    // leave a nearly empty last page; at least two rows stay above a break.
    const bool orphan = r >= first_on_page + 2 && !flow.Fits(tail[r]) && tail[r] < min_tail;
    if (!flow.Fits(layout.RowHeight(r)) || orphan) {
      continue_on_new_page();
      first_on_page = r;
    }
    layout.DrawRow(flow, r, r % 2 == 1);
  }
  flow.Advance(10);
}

constexpr double kNotesTitleSize = 9, kNotesTitleHeight = 13;

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

// A titled list of notes; the title never ends a page.
void Notes(PageFlow& flow, std::string_view title, const std::vector<std::string>& notes) {
  flow.EnsureRoom(kNotesTitleHeight + 2 * (kNoteSize + 3));
  flow.Text(flow.left(), flow.y() - kNotesTitleSize, title, kNotesTitleSize, Weight::kBold,
            internal::kMuted);
  flow.Advance(kNotesTitleHeight);
  Paragraphs(flow, notes, "•");
}

double NotesHeight(PageFlow& flow, std::string_view title, const std::vector<std::string>& notes) {
  const PageFlow::Extent extent = flow.DryRun([&] {
    flow.NewPage();  // measured on a page of its own, so it never breaks
    Notes(flow, title, notes);
  });
  return flow.top() - extent.end_y;
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
  const std::vector<std::string> notes = RateNotes(by_unit);
  DrawTable(flow, internal::RatesTable(by_unit), section,
            NotesHeight(flow, internal::words::kNotes, notes));
  Notes(flow, internal::words::kNotes, notes);
}

void ExplainSection(PageFlow& flow, const archive::RatesReport& by_unit) {
  const std::string_view section = internal::words::kExplain;
  Heading(flow, section);
  if (by_unit.shortfalls.empty()) {
    Paragraphs(flow, {std::string(internal::words::kExplainNone)}, "");
    return;
  }
  DrawTable(flow, internal::ShortfallSummary(by_unit), section);
  const std::vector<std::string> notes = internal::ShortfallNotes();
  DrawTable(flow, internal::ShortfallList(by_unit), section,
            NotesHeight(flow, internal::words::kWhatToDo, notes));
  Notes(flow, internal::words::kWhatToDo, notes);
}

void TrendSection(PageFlow& flow, const archive::RatesReport& by_month) {
  const std::string_view section = internal::words::kTrend;
  Heading(flow, section);
  internal::DrawTrend(flow, internal::TrendChart(by_month), internal::words::kTrendChart);
  if (by_month.rows.empty()) Paragraphs(flow, {std::string(internal::words::kNoRows)}, "");
  DrawTable(flow, internal::RatesTable(by_month), section);
}

void BacklogSection(PageFlow& flow, const std::vector<archive::BacklogRow>& backlog) {
  const std::string_view section = internal::words::kBacklog;
  Heading(flow, section);
  if (backlog.empty()) {
    Paragraphs(flow, {std::string(internal::words::kNoBooks)}, "");
    return;
  }
  internal::DrawBacklogBars(flow, internal::BacklogBars(backlog, internal::kMaxChartBooks),
                            internal::words::kBacklogChart);
  DrawTable(flow, internal::BacklogTable(backlog), section);
}

// Each section starts on a page of its own, unless it fits whole in what is
// left of the current page, or that page is still less than a third full:
// a page per section, but never a page holding three lines.
template <typename Draw>
void StartSection(PageFlow& flow, Draw draw) {
  constexpr double kSectionGap = 18;
  if (!flow.AtTop()) {
    const PageFlow::Extent here = flow.DryRun([&] {
      flow.Advance(kSectionGap);
      draw();
    });
    if (here.new_pages > 0 && flow.Used() > 1.0 / 3) {
      flow.NewPage();
    } else {
      flow.Advance(kSectionGap);
    }
  }
  draw();
}

Status Render(const ReportDocument& report, const std::filesystem::path& out) {
  SOHOA_ASSIGN_OR_RETURN(auto flow, PageFlow::Create());
  TitleBlock(*flow, report);
  UnitSection(*flow, report.by_unit);
  if (report.by_unit.query.explain) {
    StartSection(*flow, [&] { ExplainSection(*flow, report.by_unit); });
  }
  StartSection(*flow, [&] { TrendSection(*flow, report.by_month); });
  StartSection(*flow, [&] { BacklogSection(*flow, report.backlog); });
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
