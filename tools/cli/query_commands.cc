// The read side: search, show, report, doctor.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "archive/catalog.h"
#include "ocr/engine_pool.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

Result<std::unique_ptr<archive::Catalog>> OpenCatalog(const GlobalOptions& options) {
  auto home = ResolveHome(options);
  if (!archive::HomeExists(home)) {
    return NotFound("no archive home at " + home.root.string() +
                    ": run 'sohoa init' or pass --home DIR (or set SOHOA_HOME)");
  }
  return archive::Catalog::Open(home.catalog(), false);
}

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

int RunSearch(const GlobalOptions& options, const std::string& query, int limit) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto hits = (*catalog)->Search(query, limit);
  if (!hits.ok()) return Fail(hits.status());
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : *hits) {
      out.push_back({{"code", h.dossier_code}, {"procedure_code", h.procedure_code},
                     {"procedure_name", h.procedure_name}, {"applicant", h.applicant},
                     {"document", h.document}, {"page", h.page}, {"snippet", h.snippet},
                     {"score", h.score}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (hits->empty()) {
    std::cout << "No dossier matches '" << query << "'.\n";
    return kExitOk;
  }
  for (const auto& h : *hits) {
    std::printf("%s  %s  doc %d p.%d  %s\n    %s\n", h.dossier_code.c_str(),
                h.procedure_code.empty() ? "-" : h.procedure_code.c_str(), h.document, h.page,
                h.applicant.c_str(), h.snippet.c_str());
  }
  std::printf("%zu hit(s)\n", hits->size());
  return kExitOk;
}

int RunShow(const GlobalOptions& options, const std::string& code, bool text, bool words) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto dossier = (*catalog)->FindDossier(code);
  if (!dossier.ok()) return Fail(dossier.status());
  if (!dossier->has_value()) return Fail(NotFound("no dossier with code " + code));
  const DossierRecord& d = **dossier;
  (void)(*catalog)->AppendEvent({"view", d.code, "cli", "success", "sohoa show", ""});
  if (options.json) {
    std::cout << DossierToJson(d, words).dump(2) << "\n";
    return kExitOk;
  }
  std::printf("Dossier     %s  (code from %s)\n", d.code.c_str(), d.code_source.c_str());
  std::printf("Procedure   %s  %s\n", d.procedure_code.empty() ? "(unclassified)" : d.procedure_code.c_str(),
              d.procedure_name.c_str());
  std::printf("Field       %s\n", d.field.c_str());
  std::printf("Agency      %s\n", d.agency_code.c_str());
  std::printf("Received    %s\n", d.received_date.c_str());
  std::printf("Applicant   %s\n", d.applicant.c_str());
  for (size_t i = 0; i < d.documents.size(); ++i) {
    const auto& doc = d.documents[i];
    std::printf("  %zu. %-8s %-40s %zu page(s)  %s\n", i + 1, doc.kind.c_str(), doc.title.c_str(),
                doc.pages.size(), doc.source_name.c_str());
    for (const auto& p : doc.pages) {
      std::printf("       p.%d  confidence %.0f  turned %d°  skew %.1f°  %d dpi\n", p.number, p.confidence,
                  p.rotation, p.skew_degrees, p.dpi);
      if (text) std::printf("%s\n", p.text.c_str());
    }
  }
  return kExitOk;
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

int RunDoctor(const GlobalOptions& options) {
  const char* omp = std::getenv("OMP_THREAD_LIMIT");
  auto home = ResolveHome(options);
  bool limited = ocr::OpenMpLimitedToOneThread();
  if (options.json) {
    std::cout << nlohmann::json{{"omp_thread_limit", omp ? omp : ""},
                                {"openmp_limited", limited},
                                {"home", home.root.string()},
                                {"home_exists", archive::HomeExists(home)}}
                     .dump(2)
              << "\n";
  } else {
    std::printf("OMP_THREAD_LIMIT  %s%s\n", omp ? omp : "(unset)",
                limited ? "" : "  <- Tesseract will be 4-6x slower; set OMP_THREAD_LIMIT=1");
    std::printf("home              %s (%s)\n", home.root.string().c_str(),
                archive::HomeExists(home) ? "exists" : "not created yet");
  }
  return limited ? kExitOk : kExitPartial;
}

}  // namespace

void AddQueryCommands(CLI::App& app, GlobalOptions& options) {
  {
    auto query = std::make_shared<std::vector<std::string>>();
    auto limit = std::make_shared<int>(20);
    auto* cmd = app.add_subcommand(
        "search", "Full-text search. Case, tone marks and đ/d are forgiven: 'nguyen van duc' finds NGUYỄN VĂN ĐỨC");
    cmd->add_option("query", *query, "Words to find (all must match)")->required();
    cmd->add_option("--limit", *limit, "Most hits to show")->check(CLI::Range(1, 10000));
    AddJsonFlag(*cmd, options);
    cmd->callback([&options, query, limit] {
      options.action = [&options, query, limit] {
        std::string q;
        for (const auto& w : *query) q += (q.empty() ? "" : " ") + w;
        return RunSearch(options, q, *limit);
      };
    });
  }
  {
    auto code = std::make_shared<std::string>();
    auto text = std::make_shared<bool>(false);
    auto words = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("show", "Show one dossier: procedure, documents, pages");
    cmd->add_option("code", *code, "Dossier code, e.g. 000.31.22.H32-230620-0017")->required();
    cmd->add_flag("--text", *text, "Print each page's text");
    cmd->add_flag("--words", *words, "With --json: include each word's box and confidence");
    AddJsonFlag(*cmd, options);
    cmd->callback([&options, code, text, words] {
      options.action = [&options, code, text, words] { return RunShow(options, *code, *text, *words); };
    });
  }
  {
    auto* cmd = app.add_subcommand("report", "Digitization rate of the dossiers in this home, by procedure");
    AddJsonFlag(*cmd, options);
    cmd->callback([&options] { options.action = [&options] { return RunReport(options); }; });
  }
  {
    auto* cmd = app.add_subcommand("doctor", "Check the environment sohoa runs in");
    AddJsonFlag(*cmd, options);
    cmd->callback([&options] { options.action = [&options] { return RunDoctor(options); }; });
  }
}

}  // namespace sohoa::cli
