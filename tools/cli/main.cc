// sohoa: the command line. Parses, picks the home, runs one subcommand.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>

#include "ocr/isolated_reader.h"
#include "tools/cli/common.h"

namespace {

// libgomp (linked by libtesseract) reads OMP_THREAD_LIMIT when it is loaded,
// before main() runs, so setting it here is too late for this process: set it
// and start again. Without it every page is 4-6x slower on OpenMP threads that
// fight the page workers for the cores. An explicit value is respected.
void EnsureOpenMpLimit(char** argv) {
  if (std::getenv("OMP_THREAD_LIMIT") != nullptr) return;
  ::setenv("OMP_THREAD_LIMIT", "1", 1);
  ::execv("/proc/self/exe", argv);
  // exec failed (no /proc?): go on, slower but correct.
}

}  // namespace

int main(int argc, char** argv) {
  // Files from outside are decoded by this program started again as a child.
  sohoa::ocr::ServeIfDecoder(argc, argv);
  EnsureOpenMpLimit(argv);

  CLI::App app{
      "sohoa: digitize one-stop dossiers and civil-status registers into a searchable archive.\n"
      "The archive home is --home DIR, else $SOHOA_HOME, else ./sohoa-home."};
  app.set_version_flag("--version", "sohoa 0.1.0");
  sohoa::cli::GlobalOptions options;
  app.add_option("--home", options.home, "Archive home folder (default: $SOHOA_HOME or ./sohoa-home)");
  app.require_subcommand(1);
  app.fallthrough();

  sohoa::cli::AddInitCommand(app, options);
  sohoa::cli::AddIngestCommand(app, options);
  sohoa::cli::AddWatchCommand(app, options);
  sohoa::cli::AddQueryCommands(app, options);
  sohoa::cli::AddGetCommand(app, options);
  sohoa::cli::AddBooksCommands(app, options);  // after ingest: adds ingest --book
  sohoa::cli::AddUnderstandCommands(app, options);
  sohoa::cli::AddFixityCommands(app, options);
  sohoa::cli::AddReportCommand(app, options);
  sohoa::cli::AddRegisterCommands(app, options);
  sohoa::cli::AddAgenciesCommands(app, options);
  sohoa::cli::AddPackageCommands(app, options);
  sohoa::cli::AddRetentionCommands(app, options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : sohoa::cli::kExitUsage;
  }
  if (!options.action) return sohoa::cli::kExitUsage;
  return options.action();
}
