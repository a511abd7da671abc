// sohoa report: the rates the national portal scores (QĐ 766/QĐ-TTg) over
// the one-stop register, by agency, procedure, field or month, for a period,
// as a terminal table, CSV, JSON, HTML or PDF. Before a register is
// imported it shows what it can: the digitization of the dossiers in the
// home.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "archive/catalog.h"
#include "archive/rates.h"
#include "ingest/register_csv.h"
#include "schema/date.h"
#include "tools/cli/common.h"
#include "tools/report/formats.h"
#include "tools/report/report.h"
#include "tools/report/vocabulary.h"

namespace sohoa::cli {
namespace {

using archive::RateDimension;

struct ReportArgs {
  std::vector<std::string> by;
  std::string from, to;
  std::string format = "table";
  std::string out;
  std::size_t list = 20;
  bool explain = false;
};

using report::AddHomeFigures;
using report::PeriodText;
using report::RatesCsv;
using report::RatesToJson;
using report::ShortfallsToJson;
using report::VietnameseDate;

// What a key cell reads in the table: as every format names the unit
// (report::UnitLabel), agencies indented under their parent.
std::string KeyText(RateDimension d, const archive::RateRow& row, size_t i) {
  const std::string label = report::UnitLabel(d, row.keys[i], row.labels[i]);
  if (d != RateDimension::kAgency) return label;
  return std::string(2 * static_cast<size_t>(row.depth), ' ') + label;
}

size_t CodePoints(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Prints rows of cells with each column as wide as its widest cell (key
// columns at most kMaxKeyWidth, cut with "…"): key columns left-aligned,
// figures right-aligned.
// A key cell at most `width` columns: "Name (code)" keeps its code and
// cuts the name ("Ủy ban nhân dân phường Vĩnh… (000.31.22.H32)").
std::string FitKey(const std::string& text, size_t width) {
  if (CodePoints(text) <= width) return text;
  const size_t open = text.rfind(" (");
  if (open == std::string::npos || text.back() != ')') return text;
  const std::string code = text.substr(open);
  if (CodePoints(code) + 8 > width) return text;
  return Column(text.substr(0, open), width - CodePoints(code)) + code;
}

void PrintColumns(const std::vector<std::vector<std::string>>& lines, size_t keys) {
  constexpr size_t kMaxKeyWidth = 64;
  std::vector<size_t> widths;
  for (const auto& line : lines) {
    widths.resize(std::max(widths.size(), line.size()), 0);
    for (size_t i = 0; i < line.size(); ++i) {
      widths[i] = std::max(widths[i], std::min(CodePoints(line[i]), i < keys ? kMaxKeyWidth
                                                                               : size_t{64}));
    }
  }
  for (const auto& line : lines) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      const std::string cell = i < keys ? FitKey(line[i], widths[i]) : line[i];
      text += (i == 0 ? "" : "  ") + Column(cell, widths[i], i >= keys);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    std::printf("%s\n", text.c_str());
  }
}

void PrintRatesTable(const archive::RatesReport& r) {
  const std::string period = PeriodText(r.query);
  std::printf("Tỷ lệ số hóa, kết quả điện tử, tái sử dụng (QĐ 766/QĐ-TTg) — %s\n",
              period.empty() ? "toàn bộ sổ tiếp nhận" : ("kỳ " + period).c_str());
  std::printf("theo ngày tiếp nhận; mỗi ô tỷ lệ: tử số/mẫu số tỷ lệ%%\n\n");
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> header;
  for (RateDimension d : r.query.by) header.emplace_back(report::DimensionLabel(d));
  header.emplace_back(report::words::kReceived.name);
  header.emplace_back(report::words::kArchived.name);
  for (const report::RateMeasure& m : report::kRateMeasures) header.emplace_back(m.words->rate_name);
  lines.push_back(std::move(header));
  auto figures = [](const archive::RateRow& row, std::vector<std::string>& line) {
    line.push_back(std::to_string(row.received));
    line.push_back(std::to_string(row.archived));
    for (const report::RateMeasure& m : report::kRateMeasures) line.push_back(RateText(row.*m.cell));
  };
  for (const archive::RateRow& row : r.rows) {
    std::vector<std::string> line;
    for (size_t i = 0; i < r.query.by.size(); ++i) line.push_back(KeyText(r.query.by[i], row, i));
    figures(row, line);
    lines.push_back(std::move(line));
  }
  std::vector<std::string> total(r.query.by.size(), "");
  if (!total.empty()) total[0] = "Tổng cộng";
  figures(r.total, total);
  lines.push_back(std::move(total));
  PrintColumns(lines, r.query.by.size());
  // The same notes as under the HTML and PDF tables, from the one model.
  std::printf("\n");
  for (const std::string& note : report::RateNotes(r)) std::printf("%s\n", note.c_str());
}

// --explain: per unit, the received dossiers that do not count as digitized
// and why, then what to do about each reason.
void PrintShortfalls(const archive::RatesReport& r) {
  std::printf("\n%s\n", std::string(report::words::kExplain).c_str());
  if (r.shortfalls.empty()) {
    std::printf("%s\n", std::string(report::words::kExplainNone).c_str());
    return;
  }
  for (const archive::ShortfallGroup& g : r.shortfalls) {
    std::string reasons;
    for (int k = 0; k < archive::kShortfallKinds; ++k) {
      if (g.count[k] == 0) continue;
      reasons += (reasons.empty() ? "" : ", ") +
                 std::string(report::ShortfallLabel(static_cast<archive::Shortfall>(k))) + " " +
                 std::to_string(g.count[k]);
    }
    std::printf("\n%s: %lld hồ sơ chưa số hóa (%s)\n",
                ForTerminal(report::RowLabel(r.query, g.keys, g.labels)).c_str(),
                static_cast<long long>(g.not_digitized), reasons.c_str());
    std::vector<std::vector<std::string>> lines;
    for (const archive::ShortfallDossier& d : g.dossiers) {
      lines.push_back({"  " + d.dossier_code, VietnameseDate(d.received_date),
                       ForTerminal(report::UnitLabel(RateDimension::kProcedure, d.procedure_code,
                                                     d.procedure_name)),
                       report::ShortfallText(d)});
    }
    PrintColumns(lines, 4);
    const auto listed = static_cast<std::int64_t>(g.dossiers.size());
    if (g.not_digitized > listed) {
      std::printf("  … và %lld hồ sơ khác (--list N để xem thêm)\n",
                  static_cast<long long>(g.not_digitized - listed));
    }
  }
  std::printf("\n%s:\n", std::string(report::words::kWhatToDo).c_str());
  for (int k = 0; k < archive::kShortfallKinds; ++k) {
    const auto s = static_cast<archive::Shortfall>(k);
    std::printf("  %s: %s\n", std::string(report::ShortfallLabel(s)).c_str(),
                std::string(report::ShortfallAdvice(s)).c_str());
  }
}

void PrintHomeTable(const archive::DigitizationReport& r) {
  std::printf("Sổ tiếp nhận chưa được nhập (the one-stop register is empty): import it with\n"
              "'sohoa register import FILE.csv' for the portal's rates. Until then, the\n"
              "digitization of the dossiers in this home:\n\n");
  auto row = [](std::string_view code, std::string_view name, const std::string& rate) {
    std::printf("%s %s %s\n", Column(code, 10).c_str(), Column(name, 50).c_str(),
                Column(rate, 20, true).c_str());
  };
  row("Mã TTHC", "Thủ tục", "Tỷ lệ số hóa");
  for (const auto& p : r.by_procedure) {
    row(p.procedure_code.empty() ? "-" : p.procedure_code,
        p.procedure_code.empty() ? "(chưa phân loại / unclassified)" : p.procedure_name,
        RateText(p.digitization));
  }
  row("", "Tổng cộng (total)", RateText(r.digitization));
  std::printf("\n%lld dossier(s), %lld document(s), %lld page(s); %lld unclassified\n",
              static_cast<long long>(r.dossiers), static_cast<long long>(r.documents),
              static_cast<long long>(r.pages), static_cast<long long>(r.unclassified));
}

Status WriteOut(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError("cannot write " + path + ": check the folder exists and is writable");
  out << bytes;
  out.close();
  if (!out) return IoError("cannot write " + path);
  return Status::Ok();
}

int RunReport(const GlobalOptions& options, const ReportArgs& args) {
  std::string format = options.json ? "json" : args.format;
  if ((format == "html" || format == "pdf") && args.out.empty()) {
    return Fail(InvalidArgument("--format " + format + " needs --out FILE"));
  }
  auto made = report::MakeRateQuery(args.by, args.from, args.to, "--from", "--to");
  if (!made.ok()) return Fail(made.status());
  archive::RateQuery query = std::move(made).value();
  query.unregistered_limit = args.list;
  query.explain = args.explain || format == "html" || format == "pdf";
  query.explain_limit = args.list;

  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto rates = archive::ComputeRates(**catalog, query);
  if (!rates.ok()) return Fail(rates.status());
  const bool empty_register = rates->register_rows == 0;

  std::string text;
  if (format == "table") {
    if (empty_register) {
      auto home = (*catalog)->Report();
      if (!home.ok()) return Fail(home.status());
      PrintHomeTable(*home);
    } else {
      PrintRatesTable(*rates);
      if (args.explain) PrintShortfalls(*rates);
    }
    return kExitOk;
  }
  if (empty_register) {
    std::cerr << "sohoa: the one-stop register is empty: every rate is N/A until "
                 "'sohoa register import FILE.csv'\n";
  }
  if (format == "json") {
    nlohmann::json j = RatesToJson(*rates);
    if (args.explain) j["not_digitized"] = ShortfallsToJson(*rates);
    if (args.by.empty()) {
      auto home = (*catalog)->Report();
      if (!home.ok()) return Fail(home.status());
      AddHomeFigures(*home, j);
    }
    text = j.dump(2) + "\n";
  } else if (format == "csv") {
    text = RatesCsv(*rates);
    // Excel reads a UTF-8 file as such only with a BOM; a pipe needs none.
    if (!args.out.empty()) text = "\xEF\xBB\xBF" + text;
  } else if (format == "html" || format == "pdf") {
    // What managers read: Vietnam's time.
    auto doc = report::BuildReportDocument(**catalog, std::move(rates).value(), ShownDateTime(std::time(nullptr)));
    if (!doc.ok()) return Fail(doc.status());
    Status written = format == "html" ? WriteOut(args.out, report::RenderHtml(*doc))
                                      : report::WritePdf(*doc, args.out);
    if (!written.ok()) return Fail(written);
    std::cerr << Text(Msg::kReportWrote, {args.out}) << "\n";
    return kExitOk;
  } else {
    return Fail(InvalidArgument("--format " + format + ": choose table, csv, json, html or pdf"));
  }
  if (args.out.empty()) {
    std::cout << text;
  } else if (Status s = WriteOut(args.out, text); !s.ok()) {
    return Fail(s);
  }
  return kExitOk;
}

}  // namespace

void AddReportCommand(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report",
      "The rates the national portal scores (QĐ 766/QĐ-TTg) over the one-stop register\n"
      "('sohoa register import'): digitization (4.2), electronic result (4.1), reuse (4.3)\n"
      "and missed reuse, each as numerator/denominator and rate, by agency (communes roll\n"
      "up into districts and the province), procedure, field or month. A dossier belongs to\n"
      "the period of its reception date; register rows without one are counted apart, and\n"
      "archived dossiers missing from the register are listed apart. Without a register,\n"
      "the digitization of the dossiers in the home. The civil-status backlog is\n"
      "'sohoa books backlog' (and a section of --format html|pdf). Agencies are named\n"
      "\"Ủy ban nhân dân phường Vĩnh Phước (000.31.22.H32)\" once 'sohoa agencies import' or\n"
      "the register's ten_co_quan column gave their names.");
  cmd->add_option("--by", args->by,
                  "Group by agency, procedure, field or month; repeat or comma-separate to nest "
                  "(default: agency)")
      ->delimiter(',');
  cmd->add_option("--from", args->from,
                  "First reception day, dd/mm/yyyy or yyyy-mm-dd, or a month (mm/yyyy, yyyy-mm): its first day");
  cmd->add_option("--to", args->to,
                  "Last reception day (included), dd/mm/yyyy or yyyy-mm-dd, or a month: its last day");
  cmd->add_option("--format", args->format,
                  "table (terminal, Vietnamese headers), csv, json, html or pdf (both need --out)")
      ->capture_default_str();
  cmd->add_option("--out", args->out,
                  "Write to FILE instead of standard output (a CSV file gets a BOM for Excel)");
  cmd->add_flag("--explain", args->explain,
                "Also list, per unit, the received dossiers that do not count as digitized and\n"
                "why: not archived, archived without pages, or (procedures with a paper\n"
                "result) no result scanned and none issued electronically. --format html and\n"
                "pdf always have this section; --json adds \"not_digitized\"");
  cmd->add_option("--list", args->list,
                  "How many dossier codes to name: archived-but-unregistered ones, and with\n"
                  "--explain the dossiers not digitized per unit (the counts are always whole)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  cmd->add_flag("--json", options.json,
                "Same as --format json; with no --by it also keeps the home-only figures "
                "(dossiers, documents, pages, unclassified, digitization, by_procedure)");
  cmd->callback([&options, args] {
    options.action = [&options, args] { return RunReport(options, *args); };
  });
}

}  // namespace sohoa::cli
