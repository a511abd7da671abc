// The procedure catalog and the review queue: catalog import/list, review,
// review set.
#include <cstdlib>
#include <iostream>

#include "archive/catalog.h"
#include "ingest/review.h"
#include "schema/messages.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

Result<std::unique_ptr<archive::Catalog>> OpenHomeCatalog(const GlobalOptions& options) {
  return OpenCatalog(options);
}

std::string JoinBar(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " | ") + s;
  return out;
}

int RunImport(const GlobalOptions& options, const std::string& file) {
  auto procedures = LoadProcedureCsv(file);
  if (!procedures.ok()) return Fail(procedures.status().WithContext(file));
  auto catalog = OpenHomeCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  if (Status s = (*catalog)->ReplaceProcedures(*procedures); !s.ok()) return Fail(s);
  if (options.json) {
    std::cout << nlohmann::json{{"procedures", procedures->size()}}.dump(2) << "\n";
  } else {
    std::cout << Text(Msg::kProceduresImported, {std::to_string(procedures->size()), file}) << "\n";
  }
  return kExitOk;
}

int RunList(const GlobalOptions& options) {
  auto catalog = OpenHomeCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto procedures = (*catalog)->Procedures();
  if (!procedures.ok()) return Fail(procedures.status());
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : *procedures) {
      out.push_back({{"code", p.code}, {"name", p.name}, {"field", p.field}, {"level", p.level},
                     {"form_titles", p.form_titles}, {"result_titles", p.result_titles},
                     {"requires_paper_result", p.requires_paper_result},
                     {"code_status", p.code_status}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& p : *procedures) {
    std::printf("%s %s %s\n", Column(p.code, 10).c_str(), Column(p.field, 22).c_str(),
                p.name.c_str());
    std::printf("           forms: %s; results: %s\n", JoinBar(p.form_titles).c_str(),
                JoinBar(p.result_titles).c_str());
  }
  std::printf("%zu procedure(s)\n", procedures->size());
  return kExitOk;
}

int RunReview(const GlobalOptions& options) {
  auto catalog = OpenHomeCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto items = (*catalog)->ReviewQueue();
  if (!items.ok()) return Fail(items.status());
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& i : *items) {
      const auto& f = i.field;
      out.push_back({{"code", i.dossier_code}, {"field", f.name}, {"value", f.value},
                     {"confidence", f.confidence}, {"source", f.source},
                     {"document", f.document}, {"page", f.page},
                     {"box", {f.box.x, f.box.y, f.box.w, f.box.h}}, {"evidence", f.evidence}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (items->empty()) {
    std::cout << Text(Msg::kReviewNothing) << "\n";
    return kExitOk;
  }
  for (const auto& i : *items) {
    const auto& f = i.field;
    std::printf("%s  %s %s %.2f  doc %d p.%d\n    %s\n", i.dossier_code.c_str(), Column(f.name, 16).c_str(),
                Column("'" + ForTerminal(f.value, false) + "'", 28).c_str(), f.confidence, f.document, f.page,
                ForTerminal(f.evidence, false).c_str());
  }
  std::cout << Text(Msg::kReviewCount, {std::to_string(items->size())}) << "\n";
  return kExitOk;
}

int RunSet(const GlobalOptions& options, const std::string& code, const std::string& assignment,
           std::string user) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    return Fail(InvalidArgument("write the correction as FIELD=VALUE, e.g. procedure=1.001193"));
  }
  user = UserOrEnv(user);
  auto catalog = OpenHomeCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  std::string field = assignment.substr(0, eq), value = assignment.substr(eq + 1);
  if (Status s = ingest::ApplyCorrection(**catalog, code, field, value, user); !s.ok()) {
    return Fail(s);
  }
  if (options.json) {
    std::cout << nlohmann::json{{"code", code}, {"field", field}, {"value", value},
                                {"user", user}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << Text(Msg::kReviewSet, {code, field, ForTerminal(value, false), user}) << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddUnderstandCommands(CLI::App& app, GlobalOptions& options) {
  auto* catalog = app.add_subcommand("catalog", "The procedure catalog (TTHC): import or list");
  catalog->require_subcommand(1);
  {
    auto file = std::make_shared<std::string>();
    auto* cmd = catalog->add_subcommand(
        "import",
        "Replace the procedure catalog with FILE.csv (code,name,field,level,form_titles,"
        "result_titles,requires_paper_result[,code_status]; titles separated by '|')");
    cmd->add_option("file", *file, "The CSV exported from the national procedure database")
        ->required();
    AddJsonFlag(*cmd, options);
    cmd->callback([&options, file] {
      options.action = [&options, file] { return RunImport(options, *file); };
    });
  }
  {
    auto* cmd = catalog->add_subcommand("list", "List the procedures in the catalog");
    AddJsonFlag(*cmd, options);
    cmd->callback([&options] { options.action = [&options] { return RunList(options); }; });
  }

  auto* review = app.add_subcommand(
      "review", "List what needs a person: decisions below their confidence threshold");
  AddJsonFlag(*review, options);
  review->require_subcommand(0, 1);
  auto code = std::make_shared<std::string>();
  auto assignment = std::make_shared<std::string>();
  auto user = std::make_shared<std::string>();
  auto* set = review->add_subcommand(
      "set", "Correct a dossier's field by hand: sohoa review set CODE FIELD=VALUE");
  set->add_option("code", *code, "Dossier code")->required();
  set->add_option("assignment", *assignment,
                  "FIELD=VALUE, e.g. procedure=1.001193 or applicant_name=NGUYỄN VĂN ĐỨC")
      ->required();
  set->add_option("--user", *user, "Who corrects it (default: $USER)");
  AddJsonFlag(*set, options);
  review->callback([&options, set, code, assignment, user] {
    if (set->parsed()) {
      options.action = [&options, code, assignment, user] {
        return RunSet(options, *code, *assignment, *user);
      };
    } else {
      options.action = [&options] { return RunReview(options); };
    }
  });
}

}  // namespace sohoa::cli
