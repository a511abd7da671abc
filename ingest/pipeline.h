// The ingest pipeline: files and folders in, dossiers in the archive out.
//   expand entries → open pages (a child process per file, ingest/decoding.h)
//   → recognise (engine pool) → understand (classify) → store originals
//   (blob store) → searchable PDFs → one catalog transaction per dossier.
// Bad input never stops the batch: it is set aside in <home>/failed with a
// reason a person can act on (ingest/set_aside.h). What the service cannot do
// (a full disk, a catalog it cannot write) stops the batch with an error and
// leaves every file where it was, to be tried again.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "archive/home.h"
#include "archive/jobs.h"
#include "ingest/decoding.h"
#include "schema/status.h"

namespace sohoa::ingest {

struct IngestOptions {
  int workers = 0;                      // 0: one per core
  std::filesystem::path tessdata_dir;   // empty: Tesseract's default
  std::string languages = "vie";
  std::string actor = "sohoa";          // who is recorded in the event log
  DecodeOptions decoding;               // files are decoded in a child process
  // sohoa ingest leaves the originals where they are; the inbox service
  // takes them out of the inbox (notes in failed/ say which).
  bool originals_stay = true;
  // For tests that force a race: called right before each dossier is
  // stored, with its code.
  std::function<void(const std::string& code)> before_store{};
};

struct Failure {
  std::filesystem::path path;  // as sohoa read it
  std::string shown;           // as staff know it: "inbox/hồ sơ 7/trang 2.jpg", or the path given
  std::string reason;
  std::filesystem::path relative{};  // its place under failed/: "hồ sơ 7/trang 2.jpg"
};

// What became of one unit of work (a dossier folder, or a file).
struct UnitOutcome {
  std::filesystem::path path;
  std::string relative;            // inside its entry's folder: "batch/hồ sơ 7"
  std::string shown;
  std::vector<std::string> codes;  // dossiers stored from it, or found stored
  int pages = 0;                   // pages recognised
  int already_archived = 0;        // files every dossier of which was archived before
  int resumed = 0;                 // dossiers of a stack stored before an interruption
  std::vector<Failure> failures;
};

struct IngestSummary {
  int dossiers = 0;           // dossiers stored or extended
  int documents = 0;
  int pages = 0;              // pages recognised
  int duplicates = 0;         // files whose bytes were already archived, whole
  int resumed = 0;            // dossiers found stored by an interrupted run
  std::vector<std::string> codes;
  std::vector<std::string> review_codes;  // stored, with something flagged for a person
  std::vector<Failure> failures;
  // Found in a folder given to `sohoa ingest`, plainly no scans (JSON, CSV,
  // text ... by name and first bytes), left alone: as staff know them.
  std::vector<std::string> skipped;
  std::vector<UnitOutcome> units;
  // Asked to stop part way: the entries (Entry::path) with units not done.
  std::set<std::filesystem::path> unfinished;
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
// Called as each unit is finished (stored, found stored, or set aside), in order.
using UnitCallback = std::function<void(const UnitOutcome&)>;

// Something to ingest, and the name staff know it by.
struct Entry {
  std::filesystem::path path;
  std::string shown;                 // "" = the path as given
  // Units (UnitOutcome::relative) an interrupted run finished: not read again.
  std::set<std::string> done;
  // Where what OCR made of each page is kept (ingest/page_cache.h), so that
  // a run killed part way through goes on from there; empty: nowhere.
  std::filesystem::path page_cache{};
  // The claim of a queue worker (ingest/worker.h) that works on this entry
  // as a job: its dossiers are stored only while this lease holds the job
  // (Catalog::StoreDossierUnderLease), and nothing is set aside once it no
  // longer does. A lost lease stops the run with FailedPrecondition.
  std::optional<archive::JobLease> lease{};
};

// One unit of work: a folder of files (one dossier) or a single file.
struct DossierSource {
  std::filesystem::path path;                 // the folder or the file
  std::vector<std::filesystem::path> files;   // in page order
  std::filesystem::path root;                 // the entry it came from
  std::string shown_root;                     // how staff call that entry
  std::filesystem::path page_cache{};         // Entry::page_cache
  std::optional<archive::JobLease> lease{};   // Entry::lease
};

// A file is one dossier; a folder holding only files is one dossier; a
// folder holding subfolders is a batch in which each subfolder and each loose
// file is a unit. Hidden files and sohoa's own *.error.txt notes are skipped.
// Links are never followed: a symbolic link, FIFO, socket or device, and a
// path that does not exist, become failures (`odd`), as do folders that
// cannot be listed.
std::vector<DossierSource> ExpandEntries(const std::vector<Entry>& entries, std::vector<Failure>& odd);

// The name staff know `file` by, and its place under failed/.
std::string ShownName(const DossierSource& unit, const std::filesystem::path& file);
std::filesystem::path RelativeName(const DossierSource& unit, const std::filesystem::path& file);

class Pipeline {
 public:
  // Opens the home (it must exist) and starts the OCR workers.
  static Result<std::unique_ptr<Pipeline>> Create(const archive::HomeLayout& home,
                                                  const IngestOptions& options);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Ingests every entry; returns the summary. A file is "already archived"
  // only when every dossier it holds is stored with its searchable PDFs; a
  // stack interrupted part way is finished (the dossiers stored before are
  // not stored again). Returns an error only when the service cannot go on
  // (the disk is full, the catalog cannot be written, no decoder starts):
  // then what is not done stays where it was, to be tried again.
  // When `stop` becomes true, no further unit is started; those in flight
  // are finished and the rest named in IngestSummary::unfinished.
  Result<IngestSummary> Ingest(const std::vector<Entry>& entries,
                               const ProgressCallback& progress = nullptr,
                               const UnitCallback& on_unit = nullptr,
                               const std::atomic<bool>* stop = nullptr);
  Result<IngestSummary> Ingest(const std::vector<std::filesystem::path>& paths,
                               const ProgressCallback& progress = nullptr);

  // Sets one file aside (verified copy, note, "quarantine" event); for
  // entries the service refuses before the pipeline sees them. IoError when
  // it could not: the original must then stay.
  Status SetAside(const std::filesystem::path& path, const std::filesystem::path& relative,
                  const std::string& shown, const std::string& reason);

 private:
  struct Impl;
  explicit Pipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sohoa::ingest
