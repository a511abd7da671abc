// The read side: search, show, doctor.
#include <cstdio>
#include <iostream>

#include "archive/catalog.h"
#include "ocr/engine_pool.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

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
    auto* cmd = app.add_subcommand("doctor", "Check the environment sohoa runs in");
    AddJsonFlag(*cmd, options);
    cmd->callback([&options] { options.action = [&options] { return RunDoctor(options); }; });
  }
}

}  // namespace sohoa::cli
