// sohoa export and sohoa import: dossiers as BagIt packages (archive/package.h).
#include <iostream>
#include <memory>
#include <set>

#include "archive/package.h"
#include "tools/cli/command_line.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct ExportArgs {
  std::vector<std::string> query;
  std::vector<std::string> codes;
  bool all = false;
  std::string out;
  std::string organization;
  bool verify = false;
};

struct ImportArgs {
  std::string file;
  bool check_only = false;
};

int RunExport(const GlobalOptions& options, const ExportArgs& args) {
  if (args.query.empty() && args.codes.empty() && !args.all) {
    return Fail(InvalidArgument(Text(Msg::kExportWhich)));
  }
  auto home = ResolveHome(options);
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  std::set<std::string> selected(args.codes.begin(), args.codes.end());
  const std::string query = JoinQuery(args.query);
  if (args.all || !args.query.empty()) {
    auto matching = (*catalog)->MatchingDossiers(args.all ? "" : query);
    if (!matching.ok()) return Fail(matching.status());
    selected.insert(matching->begin(), matching->end());
  }
  if (selected.empty())
    return Fail(NotFound(Text(Msg::kExportNone, {query})));

  archive::ExportOptions export_options;
  export_options.source_organization = args.organization;
  export_options.verify_blobs = args.verify;
  export_options.actor = "cli";
  std::string description = args.all ? "all dossiers" : "";
  if (!query.empty()) description += "query: " + query;
  if (!args.codes.empty())
    description += std::string(description.empty() ? "" : "; ") + "codes given";
  export_options.description = description;
  auto summary = archive::ExportBag(home, **catalog,
                                    std::vector<std::string>(selected.begin(), selected.end()),
                                    args.out, export_options);
  if (!summary.ok()) return Fail(summary.status());
  if (options.json) {
    std::cout << nlohmann::json{{"file", args.out},
                                {"bag", summary->bag_name},
                                {"dossiers", summary->dossiers},
                                {"payload_files", summary->payload_files},
                                {"payload_bytes", summary->payload_bytes}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << Text(Msg::kExported, {std::to_string(summary->dossiers), std::to_string(summary->payload_files),
                                       Megabytes(summary->payload_bytes), args.out, summary->bag_name})
              << "\n";
  }
  return kExitOk;
}

nlohmann::json ProblemsJson(const archive::BagCheck& check) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : check.problems)
    problems.push_back({{"entry", p.entry}, {"problem", p.message}});
  return problems;
}

void PrintProblems(const archive::BagCheck& check, const std::string& file) {
  for (const auto& p : check.problems) {
    std::cout << (p.entry.empty() ? std::string() : p.entry + ": ") << p.message << "\n";
  }
  std::cout << Text(Msg::kBagInvalid, {file, std::to_string(check.problems.size())}) << "\n";
}

int RunImport(const GlobalOptions& options, const ImportArgs& args) {
  auto home = ResolveHome(options);
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  archive::ImportSummary summary;
  if (args.check_only) {
    auto check = archive::CheckBag(**catalog, args.file);
    if (!check.ok()) return Fail(check.status());
    summary.check = std::move(check).value();
  } else {
    auto imported = archive::ImportBag(home, **catalog, args.file, archive::ImportOptions{"cli"});
    if (!imported.ok()) return Fail(imported.status());
    summary = std::move(imported).value();
  }
  const archive::BagCheck& check = summary.check;
  if (options.json) {
    std::cout << nlohmann::json{{"file", args.file},
                                {"bag", check.bag_name},
                                {"valid", check.ok()},
                                {"problems", ProblemsJson(check)},
                                {"dossiers", check.dossiers},
                                {"already_archived", check.already_archived},
                                {"imported", summary.imported},
                                {"blobs_added", summary.blobs_added},
                                {"payload_files", check.payload_files},
                                {"payload_bytes", check.payload_bytes}}
                     .dump(2)
              << "\n";
    return check.ok() ? kExitOk : kExitPartial;
  }
  if (!check.ok()) {
    PrintProblems(check, args.file);
    return kExitPartial;
  }
  if (args.check_only) {
    std::cout << Text(Msg::kBagValid, {args.file, check.bag_name, std::to_string(check.dossiers.size()),
                                       std::to_string(check.payload_files), Megabytes(check.payload_bytes)})
              << "\n";
  } else {
    std::cout << Text(Msg::kBagImported,
                      {std::to_string(summary.imported.size()), check.bag_name, std::to_string(summary.blobs_added)})
              << "\n";
  }
  if (!check.already_archived.empty()) {
    std::cout << Text(args.check_only ? Msg::kBagWouldStay : Msg::kBagAlreadyHere,
                      {std::to_string(check.already_archived.size())});
    for (const std::string& code : check.already_archived) std::cout << " " << code;
    std::cout << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddPackageCommands(CLI::App& app, GlobalOptions& options) {
  auto exp = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand(
      "export",
      "Write dossiers as one BagIt 1.0 bag (RFC 8493): per dossier METS.xml with PREMIS events,\n"
      "the metadata JSON (TT 02/2019 fields), the original scans and the searchable PDFs;\n"
      "manifest-sha256.txt, bag-info.txt, tagmanifest-sha256.txt. The bag's folder is named\n"
      "after the file. Select with a search query, --code or --all");
  cmd->add_option(
      "query", exp->query,
      "Search query whose matching dossiers are exported (the language of 'sohoa search':\n"
      "words, \"phrases\", -exclude, code:/procedure:/field:/agency:/received: ...)");
  cmd->add_option("--code", exp->codes, "Export this dossier (repeatable)");
  cmd->add_flag("--all", exp->all, "Export every dossier");
  cmd->add_option("--out", exp->out, "The package file: .zip, .tar, .tar.gz or .tar.zst")
      ->required();
  cmd->add_option(
      "--organization", exp->organization,
      "Source-Organization for bag-info.txt (e.g. the office transferring the dossiers)");
  cmd->add_flag("--verify", exp->verify,
                "Re-hash every file while writing it and stop on a mismatch (slower; otherwise\n"
                "each file's address in the store, its SHA-256, goes into the manifest)");
  AddJsonFlag(*cmd, options);
  cmd->callback(
      [&options, exp] { options.action = [&options, exp] { return RunExport(options, *exp); }; });

  auto imp = std::make_shared<ImportArgs>();
  auto* import_cmd = app.add_subcommand(
      "import",
      "Take dossiers from a BagIt package written by 'sohoa export'. The whole bag is checked\n"
      "first (paths, links, duplicates, manifests, checksums, Payload-Oxum, metadata) and nothing\n"
      "is taken unless it is complete and valid. Exit code 0: imported, 1: the bag was refused");
  import_cmd->add_option("file", imp->file, "The package file (.zip, .tar, .tar.gz, .tar.zst)")
      ->required();
  import_cmd->add_flag("--check", imp->check_only, "Only check the bag; take nothing");
  AddJsonFlag(*import_cmd, options);
  import_cmd->callback(
      [&options, imp] { options.action = [&options, imp] { return RunImport(options, *imp); }; });
}

}  // namespace sohoa::cli
