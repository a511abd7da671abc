// The one-stop register and explicit reuse: `sohoa register import FILE.csv`
// loads the register of received dossiers (the denominator of every rate);
// `sohoa reuse NEW_CODE --from DOCUMENT_ID` records a component taken from an
// already-digitized document.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "archive/rates.h"
#include "ingest/register_csv.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string user;
};

struct ReuseArgs {
  std::string dossier;
  std::string from;
  std::string component;
  std::string user;
};

int RunImport(const GlobalOptions& options, const ImportArgs& args) {
  auto bytes = ReadWholeFile(args.file);
  if (!bytes.ok()) return Fail(bytes.status());
  auto parsed = ingest::ParseRegisterCsv(*bytes);
  if (!parsed.ok()) return Fail(parsed.status().WithContext(args.file));
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto counts = archive::StoreRegister(**catalog, parsed->rows, args.file, UserOrEnv(args.user));
  if (!counts.ok()) return Fail(counts.status());
  std::int64_t undated = 0;
  for (const auto& row : parsed->rows) undated += row.received_date.empty() ? 1 : 0;

  if (options.json) {
    nlohmann::json bad = nlohmann::json::array();
    for (const auto& e : parsed->errors) bad.push_back({{"line", e.line}, {"reason", e.reason}});
    std::cout << nlohmann::json{{"file", args.file},
                                {"rows", parsed->rows.size()},
                                {"added", counts->added},
                                {"updated", counts->updated},
                                {"unchanged", counts->unchanged},
                                {"undated", undated},
                                {"bad", bad}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << Text(Msg::kRegisterSummary,
                      {args.file, std::to_string(parsed->rows.size()), std::to_string(counts->added),
                       std::to_string(counts->updated), std::to_string(counts->unchanged)})
              << "\n";
    if (undated > 0) std::cout << Text(Msg::kRegisterUndated, {std::to_string(undated)}) << "\n";
    PrintBadRows(parsed->errors);
  }
  return parsed->errors.empty() ? kExitOk : kExitPartial;
}

int RunReuse(const GlobalOptions& options, const ReuseArgs& args) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  if (Status s = archive::RecordReuse(**catalog, args.dossier, args.from, args.component,
                                      UserOrEnv(args.user));
      !s.ok()) {
    return Fail(s);
  }
  if (options.json) {
    std::cout << nlohmann::json{{"dossier", args.dossier},
                                {"from", args.from},
                                {"component", args.component}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << Text(Msg::kReuseRecorded,
                      {args.dossier, args.component.empty() ? Text(Msg::kReuseAComponent) : args.component,
                       args.from})
              << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddRegisterCommands(CLI::App& app, GlobalOptions& options) {
  auto* reg = app.add_subcommand(
      "register", "The one-stop register of received dossiers: the denominator of every rate");
  reg->require_subcommand(1);
  auto import_args = std::make_shared<ImportArgs>();
  auto* import = reg->add_subcommand(
      "import",
      "Load the one-stop system's CSV export of received dossiers. Header row; columns\n"
      "ma_ho_so, ma_thu_tuc, ten_thu_tuc, co_quan, ngay_tiep_nhan and optionally\n"
      "ngay_hen_tra, kenh, ket_qua_dien_tu, ten_co_quan (also as \"Mã hồ sơ\", \"Ngày tiếp nhận\", ... or\n"
      "dossier_code, procedure_code, procedure_name, agency, received_date, due_date,\n"
      "channel, e_result). Dates dd/mm/yyyy or yyyy-mm-dd; ket_qua_dien_tu 1/0, true/false,\n"
      "có/không, x/blank; UTF-8 with or without BOM. Importing the same rows again changes\n"
      "nothing; an empty cell keeps what an earlier import said. Bad rows are listed by line\n"
      "and skipped (exit code 1); the others are imported. ten_co_quan names the agency\n"
      "in reports, unless 'sohoa agencies import' gave it a name already.");
  import->add_option("file", import_args->file, "The register export (CSV)")->required();
  import->add_option("--user", import_args->user, "Who imports it (default: $USER)");
  AddJsonFlag(*import, options);
  import->callback([&options, import_args] {
    options.action = [&options, import_args] { return RunImport(options, *import_args); };
  });

  auto reuse_args = std::make_shared<ReuseArgs>();
  auto* reuse = app.add_subcommand(
      "reuse",
      "Record that a component of dossier NEW_CODE was taken from an already-digitized\n"
      "document instead of being scanned again: it counts for NEW_CODE in the reuse rate\n"
      "(QĐ 766 indicator 4.3), once per dossier however many components. NEW_CODE need not\n"
      "be archived yet. The event log keeps who and when (type \"reuse\").");
  reuse->add_option("new_code", reuse_args->dossier, "The dossier that reused the document")
      ->required();
  reuse->add_option("--from", reuse_args->from,
                    "The archived document, <dossier code>.<n>: e.g. "
                    "000.31.22.H32-230620-0017.3 is that dossier's third document")
      ->required();
  reuse->add_option("--component", reuse_args->component,
                    "Which component it stands for, e.g. \"Bản sao CCCD\"");
  reuse->add_option("--user", reuse_args->user, "Who took it (default: $USER)");
  AddJsonFlag(*reuse, options);
  reuse->callback([&options, reuse_args] {
    options.action = [&options, reuse_args] { return RunReuse(options, *reuse_args); };
  });
}

}  // namespace sohoa::cli
