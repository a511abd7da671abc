// The read side: search, show, doctor.
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "archive/catalog.h"
#include "ocr/engine_pool.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

// The shell has eaten the quotes of `name:"nguyen van duc"`, leaving one
// argument with spaces: give a filter's value its quotes back so that it
// stays one value. Other arguments are joined as typed.
std::string JoinQuery(const std::vector<std::string>& args) {
  std::string q;
  for (const std::string& arg : args) {
    std::string part = arg;
    const std::size_t colon = arg.find(':');
    const bool filter = colon != std::string::npos && colon > 0 &&
                        arg.find_first_of(" \t") != std::string::npos &&
                        arg.find('"') == std::string::npos &&
                        arg.find_first_of(" \t") > colon;
    if (filter) part = arg.substr(0, colon + 1) + "\"" + arg.substr(colon + 1) + "\"";
    q += (q.empty() ? "" : " ") + part;
  }
  return q;
}

// "  nguyen "van   \n            ^" under a query, when `message` names a
// column of it.
std::string Caret(const std::string& query, const std::string& message) {
  const std::size_t at = message.find("at column ");
  if (at == std::string::npos) return "";
  const int column = std::atoi(message.c_str() + at + 10);
  if (column < 1) return "";
  // One terminal column per code point: count the UTF-8 lead bytes.
  std::string pad;
  int seen = 0;
  for (unsigned char c : query) {
    if ((c & 0xC0) == 0x80) continue;
    if (++seen >= column) break;
    pad += c == '\t' ? '\t' : ' ';
  }
  return "  " + ForTerminal(query, false) + "\n  " + pad + "^\n";
}

int RunSearch(const GlobalOptions& options, const std::string& query, int limit, int offset) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto hits = (*catalog)->Search(query, limit, offset);
  if (!hits.ok()) {
    const int code = Fail(hits.status());
    if (hits.status().code() == StatusCode::kInvalidArgument) {
      std::cerr << Caret(query, hits.status().message());
    }
    return code;
  }
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
    std::cout << (offset > 0 ? "No more dossiers match '" : "No dossier matches '") << ForTerminal(query, false)
              << "'.\n";
    return kExitOk;
  }
  std::printf("%zu hit(s)", hits->size());
  if (offset > 0) std::printf(", from %d", offset + 1);
  if (static_cast<int>(hits->size()) == limit) {
    std::printf("; more with --offset %d", offset + limit);
  }
  std::printf("\n");
  for (const auto& h : *hits) {
    const std::string where = h.document == 0 ? std::string("dossier")
                                              : "doc " + std::to_string(h.document) + " p." +
                                                    std::to_string(h.page);
    std::printf("%s  %s  %s  %s\n    %s\n", h.dossier_code.c_str(),
                h.procedure_code.empty() ? "-" : h.procedure_code.c_str(), where.c_str(),
                h.procedure_name.c_str(), ForTerminal(h.snippet, false).c_str());
  }
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
      if (text) std::printf("%s\n", ForTerminal(p.text).c_str());
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
    auto offset = std::make_shared<int>(0);
    auto* cmd = app.add_subcommand(
        "search",
        "Search the archive. Case, tone marks and đ/d are forgiven: 'nguyen van duc' finds "
        "NGUYỄN VĂN ĐỨC; a match with the diacritics as typed ranks first");
    cmd->footer(
        "Query language (quote phrases for the shell too: sohoa search '\"tran thi lan\"'):\n"
        "  nguyen van duc          every word (case, tone marks, đ/d forgiven)\n"
        "  \"tran thi lan\"          a phrase: the words together, in order\n"
        "  ngu*                    words beginning so\n"
        "  -lan  -\"khai tu\"        leave out pages holding it (-kind:receipt excludes a filter)\n"
        "  code:000.31.22.H32-2306 a dossier code or its beginning\n"
        "  procedure:1.001193      a procedure code, or words of its name: procedure:\"khai sinh\"\n"
        "  field:\"ho tich\"         words of the procedure's field (lĩnh vực)\n"
        "  agency:000.00.22.H32    received by this agency or one under it\n"
        "  cccd:056189004512       a citizen ID recorded or printed in the dossier\n"
        "  name:\"nguyen van duc\"   the applicant's (or another recorded) name\n"
        "  kind:receipt            pages of receipts (form, id_copy, result, other)\n"
        "  received:2023-01-01..2023-06-30   received in this range, both days included\n"
        "A filter given twice takes either value. Filters alone list dossiers, newest first.\n"
        "A dossier code or a 12-digit citizen ID alone finds its dossier first.");
    cmd->add_option("query", *query, "Words, \"phrases\", -exclusions, prefix*, filters")
        ->required();
    cmd->add_option("--limit", *limit, "Most hits to show (default 20)")
        ->check(CLI::Range(1, 10000));
    cmd->add_option("--offset", *offset, "Hits to skip first, for the next page of hits")
        ->check(CLI::NonNegativeNumber);
    AddJsonFlag(*cmd, options);
    cmd->callback([&options, query, limit, offset] {
      options.action = [&options, query, limit, offset] {
        return RunSearch(options, JoinQuery(*query), *limit, *offset);
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
