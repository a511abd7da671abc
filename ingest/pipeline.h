// The ingest pipeline: files and folders in, dossiers in the archive out.
//   expand paths → load pages (ocr) → recognise (engine pool) → understand
//   (classify) → store originals (blob store) → catalog transaction.
// Bad input never stops the batch: it is set aside in <home>/failed with a
// reason a person can act on, and the original is never touched.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "archive/home.h"
#include "schema/status.h"

namespace sohoa::ingest {

struct IngestOptions {
  int workers = 0;                      // 0: one per core
  std::filesystem::path tessdata_dir;   // empty: Tesseract's default
  std::string languages = "vie";
  std::string actor = "sohoa";          // who is recorded in the event log
};

struct Failure {
  std::filesystem::path path;
  std::string reason;
};

struct IngestSummary {
  int dossiers = 0;           // dossiers stored or extended
  int documents = 0;
  int pages = 0;              // pages recognised
  int duplicates = 0;         // files whose bytes were already archived
  std::vector<std::string> codes;
  std::vector<std::string> review_codes;  // stored, with something flagged for a person
  std::vector<Failure> failures;
  double seconds = 0;
};

struct Progress {
  int pages_done = 0;
  int pages_queued = 0;
  int units_done = 0;
  int units_total = 0;
  std::string current;        // the file or folder being worked on
};
using ProgressCallback = std::function<void(const Progress&)>;

// One unit of work: a folder of files (one dossier) or a single file.
struct DossierSource {
  std::filesystem::path path;                 // the folder or the file
  std::vector<std::filesystem::path> files;   // in page order
};

// A file is one dossier; a folder holding only files is one dossier; a
// folder holding subfolders is a batch in which each subfolder and each loose
// file is a unit. Hidden files
// and sohoa's own *.error.txt notes are skipped. Paths that do not exist are
// reported as failures.
std::vector<DossierSource> ExpandPaths(const std::vector<std::filesystem::path>& paths,
                                       std::vector<Failure>& failures);

class Pipeline {
 public:
  // Opens the home (it must exist) and starts the OCR workers.
  static Result<std::unique_ptr<Pipeline>> Create(const archive::HomeLayout& home,
                                                  const IngestOptions& options);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Ingests every path; returns the summary. Only an archive that cannot be
  // written (disk, catalog) makes this return an error; bad files become
  // failures in the summary.
  Result<IngestSummary> Ingest(const std::vector<std::filesystem::path>& paths,
                               const ProgressCallback& progress = nullptr);

 private:
  struct Impl;
  explicit Pipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sohoa::ingest
