// sohoa agencies import FILE.csv: the office's list of agency names, so that
// every report reads "Ủy ban nhân dân phường Vĩnh Phước (000.31.22.H32)"
// instead of a bare code; sohoa agencies list shows what is known.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "archive/agencies.h"
#include "ingest/register_csv.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string user;
};

int RunImport(const GlobalOptions& options, const ImportArgs& args) {
  auto bytes = ReadWholeFile(args.file);
  if (!bytes.ok()) return Fail(bytes.status());
  auto parsed = ingest::ParseAgencyCsv(*bytes);
  if (!parsed.ok()) return Fail(parsed.status().WithContext(args.file));
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  const std::string user = UserOrEnv(args.user);
  auto counts = archive::StoreAgencyNames(**catalog, parsed->agencies, args.file, user);
  if (!counts.ok()) return Fail(counts.status());
  if (options.json) {
    nlohmann::json bad = nlohmann::json::array();
    for (const auto& e : parsed->errors) bad.push_back({{"line", e.line}, {"reason", e.reason}});
    std::cout << nlohmann::json{{"file", args.file},
                                {"rows", parsed->agencies.size()},
                                {"added", counts->added},
                                {"updated", counts->updated},
                                {"unchanged", counts->unchanged},
                                {"bad", bad}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << Text(Msg::kAgenciesSummary,
                      {args.file, std::to_string(parsed->agencies.size()), std::to_string(counts->added),
                       std::to_string(counts->updated), std::to_string(counts->unchanged)})
              << "\n";
    PrintBadRows(parsed->errors);
  }
  return parsed->errors.empty() ? kExitOk : kExitPartial;
}

int RunList(const GlobalOptions& options) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto agencies = archive::ListAgencies(**catalog);
  if (!agencies.ok()) return Fail(agencies.status());
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : *agencies) {
      out.push_back({{"code", a.code}, {"name", a.name}, {"source", a.source}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (agencies->empty()) {
    std::cout << Text(Msg::kAgenciesNone) << "\n";
    return kExitOk;
  }
  for (const auto& a : *agencies) {
    std::printf("%s  %s  %s\n", a.code.c_str(),
                Column(a.source == "list" ? "danh sách" : "sổ tiếp nhận", 12).c_str(),
                ForTerminal(a.name).c_str());
  }
  return kExitOk;
}

}  // namespace

void AddAgenciesCommands(CLI::App& app, GlobalOptions& options) {
  auto* agencies = app.add_subcommand(
      "agencies", "Names of agencies (units), so reports read \"name (code)\", not bare codes");
  agencies->require_subcommand(1);
  auto import_args = std::make_shared<ImportArgs>();
  auto* import = agencies->add_subcommand(
      "import",
      "Load the office's list of agencies: a CSV file with a header row and the columns\n"
      "code,name (also ma_co_quan/ten_co_quan, \"Mã cơ quan\"/\"Tên cơ quan\", ma_don_vi/\n"
      "ten_don_vi, agency_code/agency_name), e.g.\n"
      "  code,name\n"
      "  000.31.22.H32,Ủy ban nhân dân phường Vĩnh Phước\n"
      "Codes are QĐ 20/2020 agency codes (ddd.dd.dd.Ldd). UTF-8 with or without BOM.\n"
      "Importing again updates changed names. A bad row (its code not an agency code,\n"
      "an empty name, a code listed twice) is named by its line and skipped (exit code 1).\n"
      "The register export's ten_co_quan column ('sohoa register import') also names\n"
      "agencies, but never replaces a name from this list.");
  import->add_option("file", import_args->file, "The agency list (CSV)")->required();
  import->add_option("--user", import_args->user, "Who imports it (default: $USER)");
  AddJsonFlag(*import, options);
  import->callback([&options, import_args] {
    options.action = [&options, import_args] { return RunImport(options, *import_args); };
  });
  auto* list = agencies->add_subcommand(
      "list", "The named agencies: code, where the name came from (list or register), name");
  AddJsonFlag(*list, options);
  list->callback([&options] { options.action = [&options] { return RunList(options); }; });
}

}  // namespace sohoa::cli
