// The read side: search, show, doctor.
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "archive/catalog.h"
#include "ocr/engine_pool.h"
#include "schema/date.h"
#include "schema/messages.h"
#include "tools/cli/command_line.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

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

void PrintSearchError(const Status& status, const std::string& query) {
  if (status.code() == StatusCode::kInvalidArgument) std::cerr << Caret(query, status.message());
}

std::string Where(const archive::SearchHit& h) {
  return h.document == 0 ? Text(Msg::kSearchOnDossier)
                         : Text(Msg::kSearchWhere, {std::to_string(h.document), std::to_string(h.page)});
}

// "12 dossier(s) match; showing 1-12; more with --offset 20"; without a
// total ("" for page hits, whose total is not counted), "showing 1-20; more ...".
void PrintHeader(Msg total_text, const std::string& total, std::size_t shown, int limit, int offset, bool more) {
  std::string line = total.empty() ? "" : Text(total_text, {total});
  if (shown > 0) {
    line += Text(Msg::kSearchShowing, {std::to_string(offset + 1), std::to_string(offset + static_cast<int>(shown))});
  }
  if (more) line += Text(Msg::kSearchMore, {std::to_string(offset + limit)});
  if (!line.empty() && line[0] == ';') line = line.substr(2);
  std::cout << line << "\n";
}

int RunPageSearch(archive::Catalog& catalog, const GlobalOptions& options, const std::string& query, int limit,
                  int offset) {
  auto hits = catalog.Search(query, limit, offset);
  if (!hits.ok()) {
    const int code = Fail(hits.status());
    PrintSearchError(hits.status(), query);
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
    std::cout << Text(offset > 0 ? Msg::kSearchNoMore : Msg::kSearchNone, {ForTerminal(query, false)}) << "\n";
    return kExitOk;
  }
  const bool more = static_cast<int>(hits->size()) == limit;
  PrintHeader(Msg::kSearchDossierTotal, "", hits->size(), limit, offset, more);
  for (const auto& h : *hits) {
    std::printf("%s  %s  %s  %s\n    %s\n", h.dossier_code.c_str(),
                h.procedure_code.empty() ? "-" : h.procedure_code.c_str(), Where(h).c_str(),
                h.procedure_name.c_str(), ForTerminal(h.snippet, false).c_str());
  }
  return kExitOk;
}

int RunSearch(const GlobalOptions& options, const std::vector<std::string>& words, int limit, int offset,
              bool pages) {
  const std::string query = JoinQuery(words);
  if (const std::string hint = UnquotedFilterHint(words); !hint.empty()) std::cerr << hint << "\n";
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  if (pages) return RunPageSearch(**catalog, options, query, limit, offset);
  auto found = (*catalog)->SearchDossiers(query, limit, offset);
  if (!found.ok()) {
    const int code = Fail(found.status());
    PrintSearchError(found.status(), query);
    return code;
  }
  const bool more =
      offset + static_cast<std::int64_t>(found->hits.size()) < found->total || !found->total_exact;
  if (options.json) {
    nlohmann::json dossiers = nlohmann::json::array();
    for (const auto& d : found->hits) {
      const archive::SearchHit& h = d.best;
      dossiers.push_back({{"code", h.dossier_code}, {"procedure_code", h.procedure_code},
                          {"procedure_name", h.procedure_name}, {"applicant", h.applicant},
                          {"matching_pages", d.matching_pages},
                          {"best", {{"document", h.document}, {"page", h.page}, {"snippet", h.snippet},
                                    {"score", h.score}}}});
    }
    std::cout << nlohmann::json{{"total", found->total},
                                {"total_exact", found->total_exact},
                                {"offset", offset},
                                {"dossiers", dossiers}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  if (found->hits.empty()) {
    std::cout << Text(offset > 0 && found->total > 0 ? Msg::kSearchNoMore : Msg::kSearchNone,
                      {ForTerminal(query, false)})
              << "\n";
    return kExitOk;
  }
  PrintHeader(Msg::kSearchDossierTotal, std::to_string(found->total) + (found->total_exact ? "" : "+"),
              found->hits.size(), limit, offset, more);
  for (const auto& d : found->hits) {
    const archive::SearchHit& h = d.best;
    std::string line = h.dossier_code + "  " + (h.procedure_code.empty() ? "-" : h.procedure_code) + "  " +
                       h.procedure_name;
    if (!h.applicant.empty()) line += "  " + h.applicant;
    std::cout << ForTerminal(line, false) << "\n    ";
    if (d.matching_pages > 0) {
      std::cout << Text(Msg::kSearchMatchingPages, {std::to_string(d.matching_pages)}) << ", " << Where(h) << ": ";
    }
    std::cout << ForTerminal(h.snippet, false) << "\n";
  }
  return kExitOk;
}

int RunShow(const GlobalOptions& options, const std::string& code, bool text, bool words) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto dossier = (*catalog)->FindDossier(code);
  if (!dossier.ok()) return Fail(dossier.status());
  if (!dossier->has_value()) return Fail(NotFound(Text(Msg::kNoDossier, {code})));
  const DossierRecord& d = **dossier;
  (void)(*catalog)->AppendEvent({"view", d.code, "cli", "success", "sohoa show", ""});
  if (options.json) {
    std::cout << DossierToJson(d, words).dump(2) << "\n";
    return kExitOk;
  }
  auto label = [](Msg m) { return Column(Text(m), 12); };
  std::cout << label(Msg::kShowDossier) << d.code << "  (" << d.code_source << ")\n";
  std::cout << label(Msg::kShowProcedure)
            << (d.procedure_code.empty() ? Text(Msg::kShowUnclassified) : d.procedure_code) << "  "
            << d.procedure_name << "\n";
  std::cout << label(Msg::kShowField) << d.field << "\n";
  std::cout << label(Msg::kShowAgency) << d.agency_code << "\n";
  std::cout << label(Msg::kShowReceived) << ShownDate(d.received_date) << "\n";
  std::cout << label(Msg::kShowApplicant) << ForTerminal(d.applicant, false) << "\n";
  for (size_t i = 0; i < d.documents.size(); ++i) {
    const auto& doc = d.documents[i];
    std::cout << "  " << i + 1 << ". " << Column(doc.kind, 8) << " " << Column(doc.title, 40) << " "
              << Text(Msg::kShowDocument, {std::to_string(doc.pages.size())}) << "  "
              << ForTerminal(doc.source_name, false) << "\n";
    for (const auto& p : doc.pages) {
      char confidence[16], skew[16];
      std::snprintf(confidence, sizeof confidence, "%.0f", p.confidence);
      std::snprintf(skew, sizeof skew, "%.1f", p.skew_degrees);
      std::cout << "       "
                << Text(Msg::kShowPage, {std::to_string(p.number), confidence, std::to_string(p.rotation), skew,
                                         std::to_string(p.dpi)})
                << "\n";
      if (text) std::cout << ForTerminal(p.text) << "\n";
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
        "  field:\"ho tich\"         words of the procedure's field (lĩnh vực); a value of several\n"
        "                          words needs its quotes: field:ho tich is field:ho and the word tich\n"
        "  agency:000.00.22.H32    received by this agency or one under it\n"
        "  cccd:056189004512       a citizen ID recorded or printed in the dossier\n"
        "  name:\"nguyen van duc\"   the applicant's (or another recorded) name\n"
        "  kind:receipt            pages of receipts (form, id_copy, result, other)\n"
        "  received:2023-01-01..2023-06-30   received in this range, both days included\n"
        "A filter given twice takes either value. Filters alone list dossiers, newest first.\n"
        "A dossier code or a 12-digit citizen ID alone finds its dossier first.");
    cmd->add_option("query", *query,
                    "Words, \"phrases\", -exclusions, prefix*, filters. A word starting with '-' is an\n"
                    "exclusion, never an option, wherever it stands")
        ->required();
    cmd->add_option("--limit", *limit, "Most hits to show (default 20)")
        ->check(CLI::Range(1, 10000));
    cmd->add_option("--offset", *offset, "Hits to skip first, for the next page of hits")
        ->check(CLI::NonNegativeNumber);
    auto pages = std::make_shared<bool>(false);
    cmd->add_flag("--pages", *pages,
                  "List matching pages, best first, instead of dossiers (each dossier once, at its\n"
                  "best page, with its number of matching pages and the total of dossiers)");
    AddJsonFlag(*cmd, options);
    cmd->callback([&options, query, limit, offset, pages] {
      options.action = [&options, query, limit, offset, pages] {
        return RunSearch(options, *query, *limit, *offset, *pages);
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
