#include <cstdio>
#include <iostream>

#include "ingest/books.h"
#include "ingest/pipeline.h"
#include "schema/messages.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  int workers = 0;
  std::string tessdata;
  bool quiet = false;
  bool decode_in_process = false;
};

std::string Fixed(double value, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

void PrintSummary(const ingest::IngestSummary& s) {
  const double pps = s.seconds > 0 ? s.pages / s.seconds : 0;
  std::cout << Text(Msg::kIngestSummary, {std::to_string(s.dossiers), std::to_string(s.documents),
                                          std::to_string(s.pages), Fixed(s.seconds, 1), Fixed(pps, 2)})
            << "\n";
  if (s.duplicates > 0) std::cout << Text(Msg::kIngestAlreadyArchived, {std::to_string(s.duplicates)}) << "\n";
  if (s.resumed > 0) std::cout << Text(Msg::kIngestResumed, {std::to_string(s.resumed)}) << "\n";
  if (!s.skipped.empty()) {
    std::string names;
    for (std::size_t i = 0; i < s.skipped.size() && i < 5; ++i) names += (i ? ", " : "") + s.skipped[i];
    if (s.skipped.size() > 5) names += ", …";
    std::cout << ForTerminal(Text(Msg::kIngestSkipped, {std::to_string(s.skipped.size()), names}), false) << "\n";
  }
  if (!s.failures.empty()) {
    std::cout << Text(Msg::kIngestSetAside, {std::to_string(s.failures.size())}) << "\n";
    for (const auto& f : s.failures) std::cout << "  " << ForTerminal(f.shown + ": " + f.reason, false) << "\n";
  }
}

nlohmann::json SummaryToJson(const ingest::IngestSummary& s) {
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : s.failures) failures.push_back({{"path", f.shown}, {"reason", f.reason}});
  return {{"dossiers", s.dossiers}, {"documents", s.documents}, {"pages", s.pages},
          {"duplicates", s.duplicates}, {"resumed", s.resumed}, {"codes", s.codes}, {"failures", failures},
          {"skipped", s.skipped},
          {"seconds", s.seconds}, {"pages_per_second", s.seconds > 0 ? s.pages / s.seconds : 0.0}};
}

namespace fs = std::filesystem;

// Takes the register books out of `paths` and ingests them as books; returns
// what is left for the dossier pipeline, and whether every book went in cleanly.
std::vector<ingest::Entry> IngestBooksAmong(const archive::HomeLayout& home, const IngestArgs& args,
                                            const std::vector<ingest::Entry>& entries, bool json,
                                            bool& clean) {
  ingest::BookIngestOptions options;
  options.tessdata_dir = args.tessdata;
  options.actor = "cli";
  options.decoding.isolate = !args.decode_in_process;
  std::vector<ingest::BookRun> runs;
  std::vector<ingest::Entry> rest = ingest::IngestBooksAmong(home, options, entries, runs);
  for (const ingest::BookRun& run : runs) {
    if (!run.summary.ok() || !run.summary->failures.empty()) clean = false;
    if (!run.summary.ok()) {
      std::fprintf(stderr, "sohoa: book %s: %s\n", run.shown.c_str(), run.summary.status().message().c_str());
      continue;
    }
    if (json) continue;
    const auto& summary = *run.summary;
    std::cout << Text(Msg::kBookSummary, {summary.book_id, std::to_string(summary.pages),
                                          std::to_string(summary.entries), run.shown})
              << "\n";
    for (const auto& f : summary.failures) {
      std::printf("  %s page %d: %s\n", f.path.string().c_str(), f.page, f.reason.c_str());
    }
  }
  return rest;
}

int RunIngest(const GlobalOptions& options, const IngestArgs& args) {
  auto created = ExistingHome(options);
  if (!created.ok()) return Fail(created.status());
  const archive::HomeLayout& home = *created;
  ingest::IngestOptions ingest_options;
  ingest_options.workers = args.workers;
  ingest_options.tessdata_dir = args.tessdata;
  ingest_options.decoding.isolate = !args.decode_in_process;
  auto pipeline = ingest::Pipeline::Create(home, ingest_options);
  if (!pipeline.ok()) return Fail(pipeline.status());

  bool books_clean = true;
  std::vector<ingest::Entry> given;
  for (const std::string& p : args.paths) given.push_back({p, p, {}});
  std::vector<ingest::Entry> paths = IngestBooksAmong(home, args, given, options.json, books_clean);
  if (paths.empty()) return books_clean ? kExitOk : kExitPartial;
  ingest::ProgressCallback progress;
  if (!args.quiet && !options.json && StderrIsTerminal()) {
    progress = [](const ingest::Progress& p) {
      std::fprintf(stderr, "\r\033[K  dossiers %d/%d  pages %d/%d  %s", p.units_done, p.units_total,
                   p.pages_done, p.pages_queued, p.current.c_str());
      std::fflush(stderr);
    };
  }
  auto summary = (*pipeline)->Ingest(paths, progress);
  if (progress) std::fprintf(stderr, "\r\033[K");
  if (!summary.ok()) {
    return Fail(summary.status().WithContext(Text(Msg::kIngestStopped)));
  }
  if (options.json) {
    std::cout << SummaryToJson(*summary).dump(2) << "\n";
  } else {
    PrintSummary(*summary);
  }
  return summary->failures.empty() && books_clean ? kExitOk : kExitPartial;
}

}  // namespace

void AddIngestCommand(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<IngestArgs>();
  auto* cmd = app.add_subcommand(
      "ingest",
      "Archive scanned dossiers: a folder of scans is one dossier, a file is one dossier, a folder of\n"
      "folders is a batch. JPEG, PNG, TIFF and PDF, judged by their bytes. Files that cannot be taken\n"
      "are copied to failed/ with a reason; originals are never changed. Data and text files found in\n"
      "a folder (JSON, CSV, TXT ...) are skipped, and said so. The home must exist: 'sohoa init'.");
  cmd->add_option("paths", args->paths, "Files and folders to ingest")->required();
  cmd->add_option("--workers", args->workers, "OCR worker threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  cmd->add_option("--tessdata", args->tessdata, "Folder holding vie.traineddata (default: Tesseract's)");
  cmd->add_flag("--quiet", args->quiet, "No progress line");
  cmd->add_flag("--decode-in-process", args->decode_in_process,
                "Decode the files in this process instead of a child process with limits: only for\n"
                "files you trust, and to measure what the isolation costs (tools/bench/ocr_bench.sh)");
  AddJsonFlag(*cmd, options);
  cmd->callback([&options, args] { options.action = [&options, args] { return RunIngest(options, *args); }; });
}

}  // namespace sohoa::cli
