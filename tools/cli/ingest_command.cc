#include <cstdio>
#include <iostream>

#include "ingest/books.h"
#include "ingest/pipeline.h"
#include "ocr/page_source.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  int workers = 0;
  std::string tessdata;
  bool quiet = false;
};

void PrintSummary(const ingest::IngestSummary& s) {
  double pps = s.seconds > 0 ? s.pages / s.seconds : 0;
  std::printf("Ingested %d dossier(s), %d document(s), %d page(s) in %.1f s (%.2f pages/s)\n", s.dossiers,
              s.documents, s.pages, s.seconds, pps);
  if (s.duplicates > 0) std::printf("Already archived, not stored again: %d file(s)\n", s.duplicates);
  if (!s.failures.empty()) {
    std::printf("Set aside: %zu file(s) (copies and reasons under failed/; originals untouched)\n",
                s.failures.size());
    for (const auto& f : s.failures) std::printf("  %s: %s\n", f.path.string().c_str(), f.reason.c_str());
  }
}

nlohmann::json SummaryToJson(const ingest::IngestSummary& s) {
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : s.failures) failures.push_back({{"path", f.path.string()}, {"reason", f.reason}});
  return {{"dossiers", s.dossiers}, {"documents", s.documents}, {"pages", s.pages},
          {"duplicates", s.duplicates}, {"codes", s.codes}, {"failures", failures},
          {"seconds", s.seconds}, {"pages_per_second", s.seconds > 0 ? s.pages / s.seconds : 0.0}};
}

namespace fs = std::filesystem;

// A folder that holds only files and whose first page is landscape may be a
// register book; the ledger reader's header check decides. Dossier pages are
// A4 portrait, so most folders cost one page decode and no OCR.
bool LooksLikeBook(ingest::BookIngester& books, const fs::path& folder) {
  auto files = ingest::BookFiles(folder);
  if (!files.ok() || files->empty()) return false;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.is_directory()) return false;
  }
  auto reader = ocr::PageReader::Open(files->front());
  if (!reader.ok()) return false;
  auto page = (*reader)->Read(0);
  if (!page.ok() || page->width() <= page->height()) return false;
  auto header = books.DetectBook(folder);
  return header.ok() && header->has_value();
}

// Takes the register books out of `paths` (given folders, and the subfolders
// of a batch folder) and ingests them as books; returns what is left for the
// dossier pipeline, and whether every book went in cleanly.
std::vector<fs::path> IngestBooksAmong(const archive::HomeLayout& home, const IngestArgs& args,
                                       const std::vector<fs::path>& paths, bool json, bool& clean) {
  std::unique_ptr<ingest::BookIngester> books;
  std::vector<fs::path> rest;
  auto take = [&](const fs::path& folder) {
    if (!books) {
      ingest::BookIngestOptions options;
      options.tessdata_dir = args.tessdata;
      options.actor = "cli";
      auto created = ingest::BookIngester::Create(home, options);
      if (!created.ok()) return false;
      books = std::move(created).value();
    }
    if (!LooksLikeBook(*books, folder)) return false;
    auto summary = books->IngestFolder(folder, "");
    if (!summary.ok() || !summary->failures.empty()) clean = false;
    if (summary.ok() && !json) {
      std::printf("Book %s: %d page(s), %d entr%s (%s)\n", summary->book_id.c_str(), summary->pages,
                  summary->entries, summary->entries == 1 ? "y" : "ies", folder.string().c_str());
      for (const auto& f : summary->failures) {
        std::printf("  %s page %d: %s\n", f.path.string().c_str(), f.page, f.reason.c_str());
      }
    } else if (!summary.ok()) {
      std::fprintf(stderr, "sohoa: book %s: %s\n", folder.string().c_str(), summary.status().message().c_str());
    }
    return true;
  };
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      rest.push_back(path);
      continue;
    }
    std::vector<fs::path> subfolders, files;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      (entry.is_directory() ? subfolders : files).push_back(entry.path());
    }
    if (subfolders.empty()) {
      if (!take(path)) rest.push_back(path);
      continue;
    }
    // A batch: its book subfolders go to the books, the rest stays a batch.
    bool any_book = false;
    std::vector<fs::path> others = files;
    for (const auto& sub : subfolders) {
      if (take(sub)) {
        any_book = true;
      } else {
        others.push_back(sub);
      }
    }
    if (!any_book) {
      rest.push_back(path);
    } else {
      rest.insert(rest.end(), others.begin(), others.end());
    }
  }
  return rest;
}

int RunIngest(const GlobalOptions& options, const IngestArgs& args) {
  auto created = HomeCreatedIfMissing(options);
  if (!created.ok()) return Fail(created.status());
  const archive::HomeLayout& home = *created;
  ingest::IngestOptions ingest_options;
  ingest_options.workers = args.workers;
  ingest_options.tessdata_dir = args.tessdata;
  auto pipeline = ingest::Pipeline::Create(home, ingest_options);
  if (!pipeline.ok()) return Fail(pipeline.status());

  bool books_clean = true;
  std::vector<std::filesystem::path> paths = IngestBooksAmong(
      home, args, std::vector<fs::path>(args.paths.begin(), args.paths.end()), options.json, books_clean);
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
  if (!summary.ok()) return Fail(summary.status());
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
      "are copied to failed/ with a reason; originals are never changed.");
  cmd->add_option("paths", args->paths, "Files and folders to ingest")->required();
  cmd->add_option("--workers", args->workers, "OCR worker threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  cmd->add_option("--tessdata", args->tessdata, "Folder holding vie.traineddata (default: Tesseract's)");
  cmd->add_flag("--quiet", args->quiet, "No progress line");
  AddJsonFlag(*cmd, options);
  cmd->callback([&options, args] { options.action = [&options, args] { return RunIngest(options, *args); }; });
}

}  // namespace sohoa::cli
