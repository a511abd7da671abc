// sohoa report: the rates the national portal scores (QĐ 766/QĐ-TTg).
#include <cmath>
#include <cstdio>
#include <iostream>

#include "archive/catalog.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

std::string Percent(const archive::RateCell& cell) {
  auto p = cell.percent();
  if (!p) return "N/A";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", *p);
  return buf;
}

nlohmann::json CellToJson(const archive::RateCell& cell) {
  auto p = cell.percent();
  return {{"numerator", cell.numerator},
          {"denominator", cell.denominator},
          {"rate", p ? nlohmann::json(std::round(*p * 100) / 100) : nlohmann::json(nullptr)}};
}

int RunReport(const GlobalOptions& options) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto report = (*catalog)->Report();
  if (!report.ok()) return Fail(report.status());
  const auto& r = *report;
  if (options.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& p : r.by_procedure) {
      rows.push_back({{"procedure_code", p.procedure_code}, {"procedure_name", p.procedure_name},
                      {"field", p.field}, {"digitization", CellToJson(p.digitization)}});
    }
    std::cout << nlohmann::json{{"dossiers", r.dossiers}, {"documents", r.documents},
                                {"pages", r.pages}, {"unclassified", r.unclassified},
                                {"digitization", CellToJson(r.digitization)},
                                {"by_procedure", rows}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  std::printf("Tỷ lệ số hóa hồ sơ (digitization rate) over the dossiers in this home\n");
  std::printf("(the one-stop register, the portal's denominator, is not imported yet)\n\n");
  auto row = [](std::string_view code, std::string_view name, const std::string& num, const std::string& den,
                const std::string& rate) {
    std::printf("%s %s %s %s %s\n", Column(code, 10).c_str(), Column(name, 50).c_str(),
                Column(num, 8, true).c_str(), Column(den, 8, true).c_str(), Column(rate, 9, true).c_str());
  };
  row("Mã TTHC", "Thủ tục", "Số hóa", "Tổng", "Tỷ lệ");
  for (const auto& p : r.by_procedure) {
    row(p.procedure_code.empty() ? "-" : p.procedure_code,
        p.procedure_code.empty() ? "(chưa phân loại / unclassified)" : p.procedure_name,
        std::to_string(p.digitization.numerator), std::to_string(p.digitization.denominator),
        Percent(p.digitization));
  }
  row("", "Tổng cộng (total)", std::to_string(r.digitization.numerator),
      std::to_string(r.digitization.denominator), Percent(r.digitization));
  std::printf("\n%lld dossier(s), %lld document(s), %lld page(s); %lld unclassified\n",
              static_cast<long long>(r.dossiers), static_cast<long long>(r.documents),
              static_cast<long long>(r.pages), static_cast<long long>(r.unclassified));
  return kExitOk;
}

}  // namespace

void AddReportCommand(CLI::App& app, GlobalOptions& options) {
  auto* cmd = app.add_subcommand("report", "Digitization rate of the dossiers in this home, by procedure");
  AddJsonFlag(*cmd, options);
  cmd->callback([&options] { options.action = [&options] { return RunReport(options); }; });
}

}  // namespace sohoa::cli
