#include "ingest/pipeline.h"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <deque>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <system_error>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "archive/jobs.h"
#include "archive/storage.h"
#include "ingest/fault.h"
#include "ingest/page_cache.h"
#include "ingest/reuse_detect.h"
#include "ingest/set_aside.h"
#include "ingest/understand.h"
#include "ocr/engine_pool.h"
#include "ocr/searchable_pdf.h"
#include "ocr/page_source.h"
#include "schema/date.h"
#include "schema/dossier_code.h"
#include "schema/messages.h"
#include "schema/text.h"

namespace sohoa::ingest {
namespace fs = std::filesystem;

namespace {

// Folders nested deeper than this are not expanded (a link loop copied as
// folders, or a tree built to exhaust the service).
constexpr int kMaxFolderDepth = 32;

bool IsSkipped(const fs::path& p) {
  std::string name = p.filename().string();
  if (name.empty() || name[0] == '.') return true;
  return name.size() > 10 && name.compare(name.size() - 10, 10, ".error.txt") == 0;
}

// A file found in a folder that is plainly not a scan: a data or text file
// by its name (the lists and notes a scanning desk keeps beside the scans),
// whose first bytes are no image or PDF either.
bool PlainlyNotAScan(const fs::path& p) {
  static const std::set<std::string> kDataExtensions = {".json", ".csv", ".tsv", ".txt", ".xml", ".md",
                                                        ".log",  ".yaml", ".yml", ".ini", ".html", ".htm"};
  std::string extension = p.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (kDataExtensions.count(extension) == 0) return false;
  std::ifstream in(p, std::ios::binary);
  char head[16] = {};
  in.read(head, sizeof head);
  return ocr::SniffMediaType(std::string_view(head, static_cast<std::size_t>(in.gcount()))) ==
         ocr::MediaType::kUnknown;
}

std::string NotAFileReason(const std::string& what) { return Text(Msg::kReasonNotAFile, {what}); }

void ExpandFolder(const fs::path& dir, const DossierSource& entry, int depth,
                  std::vector<DossierSource>& units, std::vector<Failure>& odd) {
  auto failure = [&](const fs::path& p, std::string reason) {
    odd.push_back({p, ShownName(entry, p), std::move(reason), RelativeName(entry, p)});
  };
  if (depth > kMaxFolderDepth) {
    failure(dir, Text(Msg::kReasonTooDeep, {std::to_string(kMaxFolderDepth)}));
    return;
  }
  std::vector<fs::path> files, folders;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (IsSkipped(it->path())) continue;
    std::error_code type_ec;
    const fs::file_status st = it->symlink_status(type_ec);
    if (fs::is_directory(st)) {
      folders.push_back(it->path());
    } else if (fs::is_regular_file(st)) {
      files.push_back(it->path());
    } else {
      failure(it->path(), NotAFileReason(DescribeSpecialEntry(it->path())));
    }
  }
  if (ec) {
    failure(dir, ForStaff(IoError("the folder cannot be listed (" + ec.message() + ")")));
    return;
  }
  std::sort(files.begin(), files.end());
  std::sort(folders.begin(), folders.end());
  if (folders.empty()) {
    DossierSource unit = entry;
    unit.path = dir;
    unit.files = files;  // a folder of scans is one dossier
    units.push_back(std::move(unit));
    return;
  }
  // A batch: each loose file and each subfolder is a unit of its own.
  for (const auto& f : files) {
    DossierSource unit = entry;
    unit.path = f;
    unit.files = {f};
    units.push_back(std::move(unit));
  }
  for (const auto& folder : folders) ExpandFolder(folder, entry, depth + 1, units, odd);
}

// The first line of a reason names the page when the reader did; OCR's own
// errors get it here.
std::string PageReason(const Status& status, size_t page) {
  const std::string& m = status.message();
  if (m.rfind("page ", 0) == 0) return m;
  return "page " + std::to_string(page) + ": " + m;
}

}  // namespace

std::string ShownName(const DossierSource& unit, const fs::path& file) {
  if (file == unit.root) return unit.shown_root;
  return (fs::path(unit.shown_root) / file.lexically_relative(unit.root)).string();
}

fs::path RelativeName(const DossierSource& unit, const fs::path& file) {
  const fs::path top = unit.root.filename().empty() ? unit.root.parent_path().filename() : unit.root.filename();
  if (file == unit.root) return top;
  return top / file.lexically_relative(unit.root);
}

std::vector<DossierSource> ExpandEntries(const std::vector<Entry>& entries, std::vector<Failure>& odd) {
  std::vector<DossierSource> units;
  for (const Entry& e : entries) {
    DossierSource entry;
    entry.root = e.path;
    entry.shown_root = e.shown.empty() ? e.path.string() : e.shown;
    entry.page_cache = e.page_cache;
    entry.lease = e.lease;
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(e.path, ec);
    if (ec || !fs::exists(st)) {
      odd.push_back({e.path, entry.shown_root, Text(Msg::kReasonNoSuchFile), e.path.filename()});
    } else if (fs::is_regular_file(st)) {
      entry.path = e.path;
      entry.files = {e.path};
      units.push_back(std::move(entry));
    } else if (fs::is_directory(st)) {
      ExpandFolder(e.path, entry, 0, units, odd);
    } else {
      odd.push_back({e.path, entry.shown_root, NotAFileReason(DescribeSpecialEntry(e.path)), e.path.filename()});
    }
  }
  return units;
}

struct Pipeline::Impl {
  archive::HomeLayout home;
  IngestOptions options;
  std::unique_ptr<archive::Catalog> catalog;
  std::unique_ptr<archive::BlobStore> blobs;
  std::unique_ptr<ocr::EnginePool> pool;
  std::unique_ptr<Understander> understander;

  // A file whose pages are queued for recognition.
  struct PendingFile {
    fs::path path;
    std::string sha256;
    std::string media_type;
    std::int64_t bytes = 0;
    std::vector<int> source_pages;
    std::vector<std::future<Result<ocr::RecognizedPage>>> pages;
    std::vector<bool> from_cache;  // recognised by an interrupted run, not again
    // Dossiers an interrupted run already stored from this file, whole.
    std::set<std::string> stored;
  };
  struct PendingUnit {
    DossierSource source;
    std::vector<PendingFile> files;
    int pages = 0;
    UnitOutcome outcome;
  };

  Impl(archive::HomeLayout h, IngestOptions o) : home(std::move(h)), options(std::move(o)) {}

  // Keeps the file: a verified copy under failed/ with a note saying why,
  // and an event. IoError when that cannot be done: the original stays.
  Status SetAsideFile(const fs::path& path, const fs::path& relative, const std::string& shown,
                      const std::string& reason) {
    SetAsideRequest request{path, relative, shown, reason, options.originals_stay};
    SOHOA_ASSIGN_OR_RETURN(SetAsideResult kept, ingest::SetAside(home.failed(), request));
    archive::Event event{"quarantine", shown, options.actor, "failure", reason, ""};
    return catalog->AppendEvent(event).WithContext("recording that " + shown + " was set aside");
  }

  // A blob store's failure to keep what sohoa made or read whole: the
  // store's trouble whatever its code (a bucket the S3 service cannot see
  // while it starts answers 404), so the files stay for the next attempt
  // and are never set aside for it.
  static Status StoreTrouble(const Status& status) {
    return IsServiceError(status) ? status : Unavailable(status.message());
  }

  // Ok unless `source` is a queue worker's whose lease no longer holds its
  // job: the worker that holds it now does what is left.
  Status StillHeld(const DossierSource& source) {
    if (!source.lease) return Status::Ok();
    const archive::JobLease& lease = *source.lease;
    SOHOA_ASSIGN_OR_RETURN(std::optional<archive::Job> job, catalog->jobs().Find(lease.job_id));
    if (job && job->state == archive::JobState::kLeased && job->worker == lease.worker &&
        job->attempts == lease.attempt) {
      return Status::Ok();
    }
    return FailedPrecondition("job " + std::to_string(lease.job_id) + " is no longer held by " +
                              lease.worker + " (attempt " + std::to_string(lease.attempt) +
                              "); stop working on it");
  }

  Status SetAsideInUnit(PendingUnit& unit, const fs::path& path, const std::string& reason) {
    SOHOA_RETURN_IF_ERROR(StillHeld(unit.source));
    const std::string shown = ShownName(unit.source, path);
    SOHOA_RETURN_IF_ERROR(SetAsideFile(path, RelativeName(unit.source, path), shown, reason));
    unit.outcome.failures.push_back({path, shown, reason, RelativeName(unit.source, path)});
    return Status::Ok();
  }

  // The document's searchable PDF ("" when the document has nothing to
  // show). The same pages give the same bytes (no time inside), so a write
  // repeated after a crash finds the blob the first one left.
  Result<std::string> MakeSearchablePdf(const DossierRecord& dossier, const DocumentRecord& doc,
                                        const std::vector<ocr::RecognizedPage>& pages,
                                        const std::vector<size_t>& members) {
    std::vector<ocr::SearchablePage> input;
    for (size_t i : members) {
      const auto& rp = pages[i];
      if (rp.image.filter == ocr::EncodedImage::Filter::kNone && rp.text.empty()) continue;
      ocr::SearchablePage page;
      page.image = &rp.image;
      page.dpi = rp.dpi;
      page.rotation = rp.rotation;
      page.words = rp.words;
      if (rp.words.empty()) page.text = rp.text;
      input.push_back(std::move(page));
    }
    if (input.empty()) return std::string();
    ocr::PdfMetadata metadata;
    metadata.title = dossier.code + (doc.title.empty() ? "" : " - " + doc.title);
    metadata.subject = doc.kind;
    metadata.keywords = dossier.code;
    metadata.creation_date = dossier.received_date;
    return ocr::WriteSearchablePdf(input, metadata);
  }

  Status Start(const DossierSource& source, std::set<std::string>& seen, PendingUnit& unit) {
    unit.source = source;
    unit.outcome.path = source.path;
    unit.outcome.relative = RelativeName(source, source.path).string();
    unit.outcome.shown = ShownName(source, source.path);
    for (const auto& path : source.files) {
      auto sha = archive::Sha256OfFile(path);
      if (!sha.ok()) {
        if (IsServiceError(sha.status())) return sha.status();
        SOHOA_RETURN_IF_ERROR(SetAsideInUnit(unit, path, ForStaff(sha.status())));
        continue;
      }
      SOHOA_ASSIGN_OR_RETURN(std::optional<std::string> archived, catalog->FindSource(*sha));
      if (!seen.insert(*sha).second || archived.has_value()) {
        ++unit.outcome.already_archived;
        if (archived) unit.outcome.codes.push_back(*archived);
        continue;
      }
      // Only the file's structure is read here, in a child process; its
      // pages are decoded by the OCR workers one at a time, so memory does
      // not grow with stack size.
      auto opened = OpenPages(path, options.decoding);
      if (!opened.ok()) {
        if (IsServiceError(opened.status())) {
          return opened.status().WithContext("opening " + ShownName(source, path));
        }
        SOHOA_RETURN_IF_ERROR(SetAsideInUnit(unit, path, ForStaff(opened.status())));
        continue;
      }
      std::shared_ptr<ocr::PageReader> reader = std::move(opened).value();
      if (reader->page_count() == 0) {
        SOHOA_RETURN_IF_ERROR(SetAsideInUnit(unit, path, Text(Msg::kReasonNoPages)));
        continue;
      }
      PendingFile file;
      file.path = path;
      file.sha256 = *sha;
      SOHOA_ASSIGN_OR_RETURN(std::vector<std::string> stored, catalog->DossiersHoldingSource(*sha));
      file.stored.insert(stored.begin(), stored.end());
      std::error_code ec;
      file.bytes = static_cast<std::int64_t>(fs::file_size(path, ec));
      file.media_type = std::string(ocr::MimeType(reader->type()));
      std::optional<PageCache> cache;
      if (!source.page_cache.empty()) cache.emplace(source.page_cache);
      for (int i = 0; i < reader->page_count(); ++i) {
        file.source_pages.push_back(i);
        auto load = [reader, i] { return reader->Read(i); };
        std::optional<ocr::RecognizedPage> known;
        if (cache) known = cache->Load(*sha, i);
        file.from_cache.push_back(known.has_value());
        file.pages.push_back(known ? pool->Submit(load, std::move(*known)) : pool->Submit(load));
      }
      unit.pages += static_cast<int>(file.pages.size());
      unit.files.push_back(std::move(file));
    }
    return Status::Ok();
  }

  // Waits for a unit's pages (in order), understands the dossier and stores it.
  Status Finish(PendingUnit& unit, IngestSummary& summary, Progress& progress,
                const ProgressCallback& report) {
    struct DoneFile {
      PendingFile* file;
      std::vector<ocr::RecognizedPage> pages;
    };
    std::vector<DoneFile> done;
    Status service_error;
    std::optional<PageCache> cache;
    if (!unit.source.page_cache.empty()) cache.emplace(unit.source.page_cache);
    for (auto& file : unit.files) {
      DoneFile d{&file, {}};
      Status failed;
      for (size_t i = 0; i < file.pages.size(); ++i) {
        auto page = file.pages[i].get();  // every future is waited for, even after a failure
        ++progress.pages_done;
        if (report) report(progress);
        if (!page.ok()) {
          if (failed.ok()) failed = Status(page.status().code(), PageReason(page.status(), d.pages.size() + 1));
          continue;
        }
        if (cache && !file.from_cache[i]) cache->Store(file.sha256, file.source_pages[i], *page);
        d.pages.push_back(std::move(page).value());
      }
      if (!failed.ok() && IsServiceError(failed) && service_error.ok()) service_error = failed;
      if (!service_error.ok()) continue;
      if (!failed.ok()) {
        SOHOA_RETURN_IF_ERROR(SetAsideInUnit(unit, file.path, ForStaff(failed)));
        continue;
      }
      done.push_back(std::move(d));
    }
    if (!service_error.ok()) return service_error.WithContext(unit.outcome.shown);
    if (done.empty()) return Status::Ok();

    FaultPoint("recognize", unit.outcome.shown);
    // Understanding reads views of the pages; they stay put until it is done.
    std::vector<PageInput> inputs;
    std::vector<std::pair<size_t, size_t>> where;  // (file in done, page in file)
    for (size_t f = 0; f < done.size(); ++f) {
      for (size_t p = 0; p < done[f].pages.size(); ++p) {
        const auto& rp = done[f].pages[p];
        PageInput in;
        in.text = rp.text;
        in.words = rp.words;
        for (const auto& b : rp.barcodes) in.barcodes.push_back(b.text);
        in.file = f;
        inputs.push_back(std::move(in));
        where.emplace_back(f, p);
      }
    }
    Understanding understood =
        understander->Understand(inputs, unit.source.path.filename().string(), TodayIso());
    inputs.clear();
    if (!understood.failure.empty()) {
      for (const auto& d : done) SOHOA_RETURN_IF_ERROR(SetAsideInUnit(unit, d.file->path, understood.failure));
      return Status::Ok();
    }

    std::vector<std::string> shas;
    for (auto& d : done) {
      auto sha = blobs->PutFile(d.file->path);
      if (!sha.ok()) {
        // Read whole a moment ago for its digest: what fails now is the store.
        return StoreTrouble(sha.status()).WithContext(ShownName(unit.source, d.file->path));
      }
      shas.push_back(*sha);
    }
    for (auto& plan : understood.dossiers) {
      SOHOA_ASSIGN_OR_RETURN(bool stored, StorePlan(plan, done, where, shas, summary, unit));
      if (!stored) return Status::Ok();  // the unit was set aside
    }
    // Only now is every dossier of these files stored: they count as archived.
    for (size_t f = 0; f < done.size(); ++f) {
      SOHOA_RETURN_IF_ERROR(catalog->MarkSourceComplete(done[f].file->sha256,
                                                        static_cast<int>(understood.dossiers.size())));
    }
    return Status::Ok();
  }

  // Stores one dossier of the unit. Returns false when its searchable PDF
  // could not be made from the pages (the unit's files are then set aside).
  template <typename DoneFiles>
  Result<bool> StorePlan(DossierPlan& plan, DoneFiles& done,
                         const std::vector<std::pair<size_t, size_t>>& where,
                         const std::vector<std::string>& shas, IngestSummary& summary, PendingUnit& unit) {
    DossierRecord& dossier = plan.record;
    // Stored whole by a run that was interrupted later in the stack.
    bool stored_before = !dossier.documents.empty();
    for (size_t k = 0; k < dossier.documents.size(); ++k) {
      const auto& d = done[where[plan.document_pages[k].front()].first];
      stored_before = stored_before && d.file->stored.count(dossier.code) > 0;
    }
    if (stored_before) {
      ++summary.resumed;
      ++unit.outcome.resumed;
      unit.outcome.codes.push_back(dossier.code);
      return true;
    }
    for (size_t k = 0; k < dossier.documents.size(); ++k) {
      DocumentRecord& doc = dossier.documents[k];
      const size_t f = where[plan.document_pages[k].front()].first;
      auto& d = done[f];
      doc.source_sha256 = shas[f];
      doc.source_name = d.file->path.filename().string();
      doc.media_type = d.file->media_type;
      doc.source_bytes = d.file->bytes;
      std::vector<size_t> members;
      for (size_t i : plan.document_pages[k]) members.push_back(where[i].second);
      auto pdf = MakeSearchablePdf(dossier, doc, d.pages, members);
      if (!pdf.ok()) {
        if (IsServiceError(pdf.status()) && pdf.status().code() != StatusCode::kInternal) {
          return pdf.status().WithContext("writing the searchable PDF of " + dossier.code);
        }
        const std::string reason = ForStaff(Status(
            pdf.status().code(),
            "the searchable PDF of " + dossier.code + " could not be made from its pages (" + pdf.status().message() + ")"));
        for (auto& each : done) SOHOA_RETURN_IF_ERROR(SetAsideInUnit(unit, each.file->path, reason));
        return false;
      }
      if (!pdf->empty()) {
        // Made from the pages, the PDF is theirs; keeping it is the store's.
        auto stored = blobs->PutBytes(*pdf);
        if (!stored.ok()) return StoreTrouble(stored.status()).WithContext("storing the searchable PDF of " + dossier.code);
        doc.pdf_sha256 = *stored;
      }
      for (size_t i : members) {
        auto& rp = d.pages[i];
        PageRecord page;
        page.number = static_cast<int>(doc.pages.size()) + 1;
        page.image_sha256 = shas[f];
        page.source_page = d.file->source_pages[i];
        page.text = std::move(rp.text);
        page.confidence = rp.confidence;
        page.rotation = rp.rotation;
        page.skew_degrees = rp.skew_degrees;
        page.dpi = rp.dpi;
        page.width = rp.width;
        page.height = rp.height;
        page.words = std::move(rp.words);
        for (auto& b : rp.barcodes) page.barcodes.push_back({b.format, b.text, b.box});
        doc.pages.push_back(std::move(page));
        ++summary.pages;
        ++unit.outcome.pages;
      }
    }
    // A document the archive already holds for this citizen is stored all
    // the same (it is what the office received) but marked as a missed
    // reuse. Not knowing loses nothing archived, so a failed look-up is
    // logged and the dossier stored unmarked.
    auto marked = MarkMissedReuse(*catalog, dossier);
    if (!marked.ok()) {
      (void)catalog->AppendEvent({"reuse", dossier.code, options.actor, "failure",
                                  "missed reuse not checked: " + marked.status().message(), ""});
    }
    FaultPoint("after-blob-write", dossier.code);
    if (options.before_store) options.before_store(dossier.code);
    auto added = unit.source.lease ? catalog->StoreDossierUnderLease(dossier, *unit.source.lease)
                                   : catalog->StoreDossier(dossier);
    if (!added.ok()) return added.status().WithContext("dossier " + dossier.code);
    FaultPoint("after-dossier-commit", dossier.code);
    ++summary.dossiers;
    summary.documents += *added;
    summary.codes.push_back(dossier.code);
    unit.outcome.codes.push_back(dossier.code);
    if (plan.needs_review) summary.review_codes.push_back(dossier.code);
    // A dossier the rules were sure of is a confirmed example for the
    // learned classifier; a failure to record it loses nothing archived.
    if (!plan.needs_review && !dossier.procedure_code.empty() &&
        dossier.procedure_confidence >= kTrainAtLeast) {
      archive::ClassifierExample example{dossier.code, dossier.procedure_code, kSourceOcr,
                                         plan.terms};
      if (catalog->StoreClassifierExample(example).ok()) {
        understander->Learn(dossier.procedure_code, plan.terms);
      }
    }
    return true;
  }
};

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pipeline::~Pipeline() = default;

Result<std::unique_ptr<Pipeline>> Pipeline::Create(const archive::HomeLayout& home,
                                                   const IngestOptions& options) {
  if (!archive::HomeExists(home)) {
    return NotFound("no archive home at " + home.root.string() + ": run 'sohoa init' first");
  }
  auto impl = std::make_unique<Impl>(home, options);
  SOHOA_ASSIGN_OR_RETURN(impl->catalog, archive::OpenCatalog(home));
  SOHOA_ASSIGN_OR_RETURN(impl->blobs, archive::OpenBlobStore(home));
  SOHOA_ASSIGN_OR_RETURN(auto procedures, impl->catalog->Procedures());
  SOHOA_ASSIGN_OR_RETURN(auto learned, impl->catalog->LoadClassifierCounts());
  impl->understander = std::make_unique<Understander>(std::move(procedures), std::move(learned));
  ocr::EngineOptions engine;
  engine.tessdata_dir = options.tessdata_dir;
  engine.languages = options.languages;
  engine.workers = options.workers;
  SOHOA_ASSIGN_OR_RETURN(impl->pool, ocr::EnginePool::Create(engine));
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

Status Pipeline::SetAside(const fs::path& path, const fs::path& relative, const std::string& shown,
                          const std::string& reason) {
  return impl_->SetAsideFile(path, relative, shown, reason);
}

Result<IngestSummary> Pipeline::Ingest(const std::vector<fs::path>& paths, const ProgressCallback& report) {
  std::vector<Entry> entries;
  for (const auto& p : paths) entries.push_back({p, "", {}});
  return Ingest(entries, report, nullptr);
}

Result<IngestSummary> Pipeline::Ingest(const std::vector<Entry>& entries, const ProgressCallback& report,
                                       const UnitCallback& on_unit, const std::atomic<bool>* stop) {
  auto started = std::chrono::steady_clock::now();
  IngestSummary summary;
  std::vector<Failure> odd;
  std::vector<DossierSource> units = ExpandEntries(entries, odd);
  if (impl_->options.originals_stay) {
    // Lists and notes kept beside the scans in a batch are left where they
    // are, said once, not set aside as failures. The inbox service takes
    // its entries away, so there they are set aside like any other file.
    for (DossierSource& unit : units) {
      if (unit.path == unit.root && !fs::is_directory(unit.root)) continue;  // named on purpose
      std::erase_if(unit.files, [&](const fs::path& file) {
        if (!PlainlyNotAScan(file)) return false;
        summary.skipped.push_back(ShownName(unit, file));
        return true;
      });
    }
    std::erase_if(units, [](const DossierSource& unit) { return unit.files.empty(); });
  }
  for (const Failure& f : odd) {
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(f.path, ec);
    if (fs::is_directory(st)) {
      // A folder too deep to expand: what it holds is kept all the same.
      for (fs::recursive_directory_iterator it(f.path, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (fs::is_directory(it->symlink_status(type_ec))) continue;
        const fs::path inside = it->path().lexically_relative(f.path);
        SOHOA_RETURN_IF_ERROR(impl_->SetAsideFile(it->path(), f.relative / inside,
                                                  (fs::path(f.shown) / inside).string(), f.reason));
      }
    }
    if (fs::exists(st)) SOHOA_RETURN_IF_ERROR(impl_->SetAsideFile(f.path, f.relative, f.shown, f.reason));
    UnitOutcome outcome;
    outcome.path = f.path;
    outcome.shown = f.shown;
    outcome.failures.push_back(f);
    summary.failures.push_back(f);
    if (on_unit) on_unit(outcome);
    summary.units.push_back(std::move(outcome));
  }
  // Units an interrupted run finished are not read again.
  std::map<fs::path, const Entry*> entry_of;
  for (const Entry& e : entries) entry_of[e.path] = &e;
  std::erase_if(units, [&](const DossierSource& unit) {
    const Entry* e = entry_of[unit.root];
    return e != nullptr && e->done.count(RelativeName(unit, unit.path).string()) > 0;
  });

  Progress progress;
  progress.units_total = static_cast<int>(units.size());
  // Several dossiers are in flight at once so that every worker stays busy
  // across dossier boundaries; they are finished, and stored, in order.
  const int max_pages_in_flight = std::max(8, impl_->pool->workers() * 6);
  std::deque<Impl::PendingUnit> in_flight;
  int pages_in_flight = 0;
  std::set<std::string> seen;

  auto finish_front = [&]() -> Status {
    auto& unit = in_flight.front();
    progress.current = unit.source.path.filename().string();
    Status s = impl_->Finish(unit, summary, progress, report);
    if (!s.ok()) return s;
    pages_in_flight -= unit.pages;
    ++progress.units_done;
    if (report) report(progress);
    for (const auto& f : unit.outcome.failures) summary.failures.push_back(f);
    summary.duplicates += unit.outcome.already_archived;
    if (on_unit) on_unit(unit.outcome);
    summary.units.push_back(std::move(unit.outcome));
    in_flight.pop_front();
    return Status::Ok();
  };
  // On a service error the units in flight are abandoned; their pages'
  // futures are still waited for, so no worker is left holding a reader.
  auto abandon = [&](Status s) -> Status {
    for (auto& unit : in_flight) {
      for (auto& file : unit.files) {
        for (auto& future : file.pages) {
          if (future.valid()) future.wait();
        }
      }
    }
    return s;
  };

  for (const auto& source : units) {
    if (stop != nullptr && stop->load()) {
      summary.unfinished.insert(source.root);
      continue;
    }
    progress.current = source.path.filename().string();
    in_flight.emplace_back();
    Status started_unit = impl_->Start(source, seen, in_flight.back());
    if (!started_unit.ok()) return abandon(started_unit);
    pages_in_flight += in_flight.back().pages;
    progress.pages_queued += in_flight.back().pages;
    if (report) report(progress);
    while (pages_in_flight > max_pages_in_flight && !in_flight.empty()) {
      if (Status s = finish_front(); !s.ok()) return abandon(s);
    }
  }
  while (!in_flight.empty()) {
    if (Status s = finish_front(); !s.ok()) return abandon(s);
  }

  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace sohoa::ingest
