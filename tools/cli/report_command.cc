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
#include "tools/cli/common.h"
#include "tools/report/report.h"

namespace sohoa::cli {
namespace {

using archive::RateDimension;

struct ReportArgs {
  std::vector<std::string> by;
  std::string from, to;
  std::string format = "table";
  std::string out;
  std::size_t list = 20;
};

Result<RateDimension> ParseDimension(const std::string& name) {
  if (name == "agency") return RateDimension::kAgency;
  if (name == "procedure") return RateDimension::kProcedure;
  if (name == "field") return RateDimension::kField;
  if (name == "month") return RateDimension::kMonth;
  return InvalidArgument("--by " + name + ": choose agency, procedure, field or month");
}

std::string DimensionName(RateDimension d) {
  switch (d) {
    case RateDimension::kAgency: return "agency";
    case RateDimension::kProcedure: return "procedure";
    case RateDimension::kField: return "field";
    case RateDimension::kMonth: return "month";
  }
  return "";
}

// "dd/mm/yyyy" for an ISO date.
std::string VietnameseDate(const std::string& iso) {
  if (iso.size() != 10) return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string PeriodText(const archive::RateQuery& q) {
  if (q.from.empty() && q.to.empty()) return "";
  if (q.to.empty()) return "từ " + VietnameseDate(q.from);
  if (q.from.empty()) return "đến " + VietnameseDate(q.to);
  return VietnameseDate(q.from) + " – " + VietnameseDate(q.to);
}

std::string NowIso() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

// What a key cell reads in the table: agencies indented under their parent
// and named when the register named them, "01/2024" for a month.
std::string KeyText(RateDimension d, const archive::RateRow& row, size_t i) {
  const std::string& key = row.keys[i];
  const std::string& label = row.labels[i];
  switch (d) {
    case RateDimension::kAgency:
      return std::string(2 * static_cast<size_t>(row.depth), ' ') + key +
             (label.empty() ? "" : " " + label);
    case RateDimension::kProcedure:
      if (key.empty()) return "(không rõ thủ tục)";
      return key + (label.empty() ? "" : " " + label);
    case RateDimension::kField:
      return key.empty() ? "(không rõ lĩnh vực)" : key;
    case RateDimension::kMonth:
      return key.size() == 7 ? key.substr(5, 2) + "/" + key.substr(0, 4) : key;
  }
  return key;
}

std::string KeyHeader(RateDimension d) {
  switch (d) {
    case RateDimension::kAgency: return "Đơn vị";
    case RateDimension::kProcedure: return "Thủ tục";
    case RateDimension::kField: return "Lĩnh vực";
    case RateDimension::kMonth: return "Tháng";
  }
  return "";
}

size_t CodePoints(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Prints rows of cells with each column as wide as its widest cell (key
// columns at most kMaxKeyWidth, cut with "…"): key columns left-aligned,
// figures right-aligned.
void PrintColumns(const std::vector<std::vector<std::string>>& lines, size_t keys) {
  constexpr size_t kMaxKeyWidth = 48;
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
      text += (i == 0 ? "" : "  ") + Column(line[i], widths[i], i >= keys);
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
  for (RateDimension d : r.query.by) header.push_back(KeyHeader(d));
  header.insert(header.end(), {"Tiếp nhận", "Số hóa", "Tỷ lệ số hóa", "Kết quả điện tử",
                               "Tái sử dụng", "Tái sử dụng bị bỏ lỡ"});
  lines.push_back(std::move(header));
  auto figures = [](const archive::RateRow& row, std::vector<std::string>& line) {
    line.insert(line.end(), {std::to_string(row.received), std::to_string(row.archived),
                             RateText(row.digitization), RateText(row.e_result),
                             RateText(row.reuse), RateText(row.missed_reuse)});
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
  std::printf(
      "\nTiếp nhận: hồ sơ trong sổ tiếp nhận (received). Số hóa: trong số đó, hồ sơ sohoa đã\n"
      "lưu (archived). Kết quả điện tử: chỉ thủ tục có kết quả giấy. Tái sử dụng bị bỏ lỡ: hồ\n"
      "sơ đã quét lại giấy tờ đã được số hóa (missed reuse).\n");
  if (r.undated > 0) {
    std::printf("%lld dòng sổ tiếp nhận không có ngày tiếp nhận: không tính vào tỷ lệ nào "
                "(undated, left out)\n",
                static_cast<long long>(r.undated));
  }
  if (r.unregistered > 0) {
    std::string codes;
    for (const auto& c : r.unregistered_codes) codes += (codes.empty() ? "" : ", ") + c;
    if (static_cast<std::size_t>(r.unregistered) > r.unregistered_codes.size()) codes += ", …";
    std::printf("%lld hồ sơ đã lưu nhưng không có trong sổ tiếp nhận, không tính vào tỷ lệ "
                "(archived, not in the register): %s\n",
                static_cast<long long>(r.unregistered), codes.c_str());
  }
}

nlohmann::json RowToJson(const archive::RatesReport& r, const archive::RateRow& row) {
  nlohmann::json j = nlohmann::json::object();
  // The total row has no keys.
  for (size_t i = 0; i < r.query.by.size() && i < row.keys.size(); ++i) {
    const std::string name = DimensionName(r.query.by[i]);
    j[name] = row.keys[i];
    if (r.query.by[i] == RateDimension::kAgency) {
      j["agency_name"] = row.labels[i];
      j["depth"] = row.depth;
    } else if (r.query.by[i] == RateDimension::kProcedure) {
      j["procedure_name"] = row.labels[i];
    }
  }
  j["received"] = row.received;
  j["archived"] = row.archived;
  j["digitization"] = RateJson(row.digitization);
  j["e_result"] = RateJson(row.e_result);
  j["reuse"] = RateJson(row.reuse);
  j["missed_reuse"] = RateJson(row.missed_reuse);
  return j;
}

nlohmann::json RatesToJson(const archive::RatesReport& r) {
  nlohmann::json by = nlohmann::json::array();
  for (RateDimension d : r.query.by) by.push_back(DimensionName(d));
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : r.rows) rows.push_back(RowToJson(r, row));
  nlohmann::json total = RowToJson(r, r.total);
  return {{"from", r.query.from},
          {"to", r.query.to},
          {"by", by},
          {"register_rows", r.register_rows},
          {"undated", r.undated},
          {"unregistered", r.unregistered},
          {"unregistered_codes", r.unregistered_codes},
          {"rows", rows},
          {"total", total}};
}

// The figures of the home alone (no register): what `report --json` gave
// before the register existed, kept under the same keys.
void AddHomeFigures(const archive::DigitizationReport& h, nlohmann::json& j) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& p : h.by_procedure) {
    rows.push_back({{"procedure_code", p.procedure_code},
                    {"procedure_name", p.procedure_name},
                    {"field", p.field},
                    {"digitization", RateJson(p.digitization)}});
  }
  j["dossiers"] = h.dossiers;
  j["documents"] = h.documents;
  j["pages"] = h.pages;
  j["unclassified"] = h.unclassified;
  j["digitization"] = RateJson(h.digitization);
  j["by_procedure"] = rows;
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

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string RatesCsv(const archive::RatesReport& r) {
  std::vector<std::string> header = {"row"};
  for (RateDimension d : r.query.by) {
    header.push_back(DimensionName(d));
    if (d == RateDimension::kAgency) {
      header.push_back("agency_name");
      header.push_back("depth");
    } else if (d == RateDimension::kProcedure) {
      header.push_back("procedure_name");
    }
  }
  header.insert(header.end(), {"received", "archived"});
  for (const char* rate : {"digitization", "e_result", "reuse", "missed_reuse"}) {
    for (const char* part : {"_numerator", "_denominator", "_rate"}) {
      header.push_back(std::string(rate) + part);
    }
  }
  auto join = [](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + CsvField(cells[i]);
    return line + "\r\n";
  };
  auto cells = [&](const archive::RateRow& row, bool total) {
    std::vector<std::string> c = {total ? "total" : "group"};
    for (size_t i = 0; i < r.query.by.size(); ++i) {
      c.push_back(total ? "" : row.keys[i]);
      if (r.query.by[i] == RateDimension::kAgency) {
        c.push_back(total ? "" : row.labels[i]);
        c.push_back(total ? "" : std::to_string(row.depth));
      } else if (r.query.by[i] == RateDimension::kProcedure) {
        c.push_back(total ? "" : row.labels[i]);
      }
    }
    c.push_back(std::to_string(row.received));
    c.push_back(std::to_string(row.archived));
    for (const archive::RateCell* cell :
         {&row.digitization, &row.e_result, &row.reuse, &row.missed_reuse}) {
      c.push_back(std::to_string(cell->numerator));
      c.push_back(std::to_string(cell->denominator));
      const auto p = cell->percent();
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f", p.value_or(0));
      c.push_back(p ? buf : "N/A");
    }
    return c;
  };
  std::string csv = join(header);
  for (const auto& row : r.rows) csv += join(cells(row, false));
  csv += join(cells(r.total, true));
  return csv;
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
  archive::RateQuery query;
  query.unregistered_limit = args.list;
  for (const std::string& name : args.by) {
    auto d = ParseDimension(name);
    if (!d.ok()) return Fail(d.status());
    query.by.push_back(*d);
  }
  if (query.by.empty()) query.by.push_back(RateDimension::kAgency);
  for (auto [given, iso] : {std::pair{&args.from, &query.from}, std::pair{&args.to, &query.to}}) {
    if (given->empty()) continue;
    auto parsed = ingest::ParseRegisterDate(*given);
    if (!parsed.ok()) return Fail(parsed.status().WithContext(given == &args.from ? "--from" : "--to"));
    *iso = *parsed;
  }
  if (!query.from.empty() && !query.to.empty() && query.from > query.to) {
    return Fail(InvalidArgument("--from " + args.from + " is after --to " + args.to));
  }

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
    }
    return kExitOk;
  }
  if (empty_register) {
    std::cerr << "sohoa: the one-stop register is empty: every rate is N/A until "
                 "'sohoa register import FILE.csv'\n";
  }
  if (format == "json") {
    nlohmann::json j = RatesToJson(*rates);
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
    report::ReportDocument doc;
    doc.title = "Báo cáo số hóa hồ sơ TTHC";
    doc.period = PeriodText(query);
    doc.generated_at = NowIso();
    doc.by_unit = std::move(rates).value();
    archive::RateQuery monthly = query;
    monthly.by = {RateDimension::kMonth};
    auto by_month = archive::ComputeRates(**catalog, monthly);
    if (!by_month.ok()) return Fail(by_month.status());
    doc.by_month = std::move(by_month).value();
    auto backlog = archive::ComputeBacklog(**catalog);
    if (!backlog.ok()) return Fail(backlog.status());
    doc.backlog = std::move(backlog).value();
    Status written = format == "html" ? WriteOut(args.out, report::RenderHtml(doc))
                                      : report::WritePdf(doc, args.out);
    if (!written.ok()) return Fail(written);
    std::cerr << "Wrote " << args.out << "\n";
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
      "'sohoa books backlog' (and a section of --format html|pdf).");
  cmd->add_option("--by", args->by,
                  "Group by agency, procedure, field or month; repeat or comma-separate to nest "
                  "(default: agency)")
      ->delimiter(',');
  cmd->add_option("--from", args->from, "First reception day, dd/mm/yyyy or yyyy-mm-dd");
  cmd->add_option("--to", args->to, "Last reception day (included), dd/mm/yyyy or yyyy-mm-dd");
  cmd->add_option("--format", args->format,
                  "table (terminal, Vietnamese headers), csv, json, html or pdf (both need --out)")
      ->capture_default_str();
  cmd->add_option("--out", args->out,
                  "Write to FILE instead of standard output (a CSV file gets a BOM for Excel)");
  cmd->add_option("--list", args->list,
                  "How many archived-but-unregistered dossier codes to name")
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
