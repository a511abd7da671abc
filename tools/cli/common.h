// What every sohoa subcommand shares: the home, output format, and the one
// place where a Status becomes an exit code and a message.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "schema/messages.h"
#include "archive/catalog.h"
#include "archive/home.h"
#include "schema/archival_metadata.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::cli {

// Exit codes: 0 all well, 1 the work ran but something was set aside or
// failed a check, 2 the command line was wrong, 3 not found, 4 other errors.
inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitNotFound = 3;
inline constexpr int kExitError = 4;

struct GlobalOptions {
  std::string home;   // --home, else $SOHOA_HOME, else ./sohoa-home
  std::string catalog;  // --catalog, else $SOHOA_CATALOG, else the home's choice (archive/storage.h)
  std::string blobs;    // --blobs, else $SOHOA_BLOBS, else the home's choice (archive/storage.h)
  bool json = false;
  // Set by the chosen subcommand's parse callback, run by main() after
  // parsing; returns the exit code.
  std::function<int()> action;
};

archive::HomeLayout ResolveHome(const GlobalOptions& options);

// The home; NotFound, saying how to make one, when there is none. Only
// 'sohoa init' makes a home: a mistyped --home never becomes a new, empty
// archive that scans then go into (as git and restic, every command but
// init wants what init made).
Result<archive::HomeLayout> ExistingHome(const GlobalOptions& options);

// Opens the home's catalog; NotFound as ExistingHome.
Result<std::unique_ptr<archive::Catalog>> OpenCatalog(const GlobalOptions& options);

// Prints "sohoa: <message>" on stderr and returns the exit code for `status`.
int Fail(const Status& status);

// `text` safe to print on a terminal: control characters (an ESC starting a
// terminal sequence, typed into a query or hidden in a PDF's text) become
// "�", one column each so a caret under a query still points right; tabs
// and, when `keep_newlines`, newlines stay.
std::string ForTerminal(std::string_view text, bool keep_newlines = true);

// An option's check and transform for a day: dd/mm/yyyy or yyyy-mm-dd
// (schema/date.h) in, ISO out; a clear error for anything else.
CLI::Validator DayOption();

// A file's bytes; NotFound saying to check the path, IoError on a read error.
Result<std::string> ReadWholeFile(const std::string& path);

// Who does it: `user` when given, else $USER, else "unknown" (for events).
std::string UserOrEnv(const std::string& user);

// Adds --json to a subcommand.
void AddJsonFlag(CLI::App& command, GlobalOptions& options);

// The metadata JSON of archive::DossierJson (the same as in a package), with
// the TT 02/2019 fields when `metadata` is given.
nlohmann::json DossierToJson(const DossierRecord& dossier, bool with_words,
                             const ArchivalMetadata* metadata = nullptr);

// `utf8` cut or padded to `width` terminal columns (one per code point: NFC
// Vietnamese has no combining marks), with "…" where it was cut.
std::string Column(std::string_view utf8, size_t width, bool align_right = false);

// A rate cell as the report shows it, "12/40 30.00%" ("0/0 N/A" on an empty
// denominator), and as JSON {numerator, denominator, rate} (rate rounded to
// two decimals, null for N/A).
std::string RateText(const archive::RateCell& cell);
// "12.3 MB".
std::string Megabytes(std::int64_t bytes);
// Dossier codes as a line shows them: "a, b, c".
std::string Codes(const std::vector<std::string>& codes);

// The rows of an imported CSV file that were not taken ({line, reason}
// each), under a line saying to fix them and import the file again.
template <typename Errors>
void PrintBadRows(const Errors& errors) {
  if (errors.empty()) return;
  std::cout << Text(Msg::kBadRows, {std::to_string(errors.size())}) << "\n";
  for (const auto& e : errors) {
    std::cout << Text(Msg::kBadRow, {std::to_string(e.line), ForTerminal(e.reason)}) << "\n";
  }
}
nlohmann::json RateJson(const archive::RateCell& cell);

// Is standard error a terminal (so progress may redraw a line)?
bool StderrIsTerminal();

void AddInitCommand(CLI::App& app, GlobalOptions& options);
void AddIngestCommand(CLI::App& app, GlobalOptions& options);
void AddQueryCommands(CLI::App& app, GlobalOptions& options);
void AddGetCommand(CLI::App& app, GlobalOptions& options);
void AddBooksCommands(CLI::App& app, GlobalOptions& options);
void AddUnderstandCommands(CLI::App& app, GlobalOptions& options);
void AddFixityCommands(CLI::App& app, GlobalOptions& options);
void AddReportCommand(CLI::App& app, GlobalOptions& options);
void AddRegisterCommands(CLI::App& app, GlobalOptions& options);
void AddAgenciesCommands(CLI::App& app, GlobalOptions& options);
void AddPackageCommands(CLI::App& app, GlobalOptions& options);
void AddRetentionCommands(CLI::App& app, GlobalOptions& options);
void AddWatchCommand(CLI::App& app, GlobalOptions& options);
void AddWorkerCommand(CLI::App& app, GlobalOptions& options);
void AddQueueCommands(CLI::App& app, GlobalOptions& options);  // status, jobs
void AddUserCommands(CLI::App& app, GlobalOptions& options);
void AddServeCommand(CLI::App& app, GlobalOptions& options);
void AddMigrateCommand(CLI::App& app, GlobalOptions& options);

}  // namespace sohoa::cli
