#include "ingest/pipeline.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <fstream>
#include <future>
#include <set>
#include <system_error>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "ingest/reuse_detect.h"
#include "ingest/understand.h"
#include "ocr/engine_pool.h"
#include "ocr/page_source.h"
#include "ocr/searchable_pdf.h"
#include "schema/dossier_code.h"
#include "schema/text.h"

namespace sohoa::ingest {
namespace fs = std::filesystem;

namespace {

bool IsSkipped(const fs::path& p) {
  std::string name = p.filename().string();
  if (name.empty() || name[0] == '.') return true;
  return name.size() > 10 && name.compare(name.size() - 10, 10, ".error.txt") == 0;
}

std::string NowIso() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

std::vector<DossierSource> ExpandPaths(const std::vector<fs::path>& paths,
                                       std::vector<Failure>& failures) {
  std::vector<DossierSource> units;
  for (const auto& path : paths) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      failures.push_back({path, "no such file or folder"});
      continue;
    }
    if (fs::is_regular_file(status)) {
      units.push_back({path, {path}});
      continue;
    }
    if (!fs::is_directory(status)) {
      failures.push_back({path, "not a regular file or folder"});
      continue;
    }
    std::vector<fs::path> files, folders;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (IsSkipped(entry.path())) continue;
      if (entry.is_directory()) {
        folders.push_back(entry.path());
      } else if (entry.is_regular_file()) {
        files.push_back(entry.path());
      }
    }
    if (ec) {
      failures.push_back({path, "cannot list folder: " + ec.message()});
      continue;
    }
    std::sort(files.begin(), files.end());
    std::sort(folders.begin(), folders.end());
    if (folders.empty()) {
      units.push_back({path, files});  // a folder of scans is one dossier
    } else {
      // A batch: each loose file and each subfolder is a unit of its own.
      for (const auto& f : files) units.push_back({f, {f}});
      auto children = ExpandPaths(folders, failures);
      units.insert(units.end(), children.begin(), children.end());
    }
  }
  return units;
}

struct Pipeline::Impl {
  archive::HomeLayout home;
  IngestOptions options;
  std::unique_ptr<archive::Catalog> catalog;
  archive::BlobStore blobs;
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
  };
  struct PendingUnit {
    DossierSource source;
    std::vector<PendingFile> files;
    int pages = 0;
  };

  Impl(archive::HomeLayout h, IngestOptions o) : home(std::move(h)), options(std::move(o)), blobs(home.blobs()) {}

  // Keeps the file: a copy under failed/ with a note saying why, and an event.
  void SetAside(const fs::path& path, const std::string& reason, IngestSummary& summary) {
    summary.failures.push_back({path, reason});
    std::error_code ec;
    fs::create_directories(home.failed(), ec);
    fs::path target = home.failed() / path.filename();
    for (int n = 1; fs::exists(target); ++n) {
      target = home.failed() / (path.stem().string() + "." + std::to_string(n) + path.extension().string());
    }
    if (fs::is_regular_file(path)) fs::copy_file(path, target, ec);
    std::ofstream note(target.string() + ".error.txt");
    note << "file: " << fs::absolute(path).string() << "\n"
         << "when: " << NowIso() << "\n"
         << "reason: " << reason << "\n"
         << "The original was not changed. Fix the file and ingest it again.\n";
    (void)catalog->AppendEvent({"quarantine", path.filename().string(), options.actor, "failure", reason, ""});
  }

  // Writes the document's searchable PDF into the blob store and returns its
  // sha256, or "" when there is nothing to write or it failed (recorded as
  // an event: the dossier is archived without it, never lost for it).
  std::string StoreSearchablePdf(const std::string& code, const DocumentRecord& doc,
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
    if (input.empty()) return "";
    ocr::PdfMetadata metadata;
    metadata.title = code + (doc.title.empty() ? "" : " - " + doc.title);
    metadata.subject = doc.kind;
    metadata.keywords = code;
    auto pdf = ocr::WriteSearchablePdf(input, metadata);
    Status failed;
    if (pdf.ok()) {
      auto sha = blobs.PutBytes(*pdf);
      if (sha.ok()) return *sha;
      failed = sha.status();
    } else {
      failed = pdf.status();
    }
    (void)catalog->AppendEvent({"normalization", code, options.actor, "failure",
                                "searchable PDF of " + doc.source_name + ": " + failed.message(), ""});
    return "";
  }

  PendingUnit Start(const DossierSource& source, std::set<std::string>& seen, IngestSummary& summary) {
    PendingUnit unit;
    unit.source = source;
    for (const auto& path : source.files) {
      auto sha = archive::Sha256OfFile(path);
      if (!sha.ok()) {
        SetAside(path, sha.status().message(), summary);
        continue;
      }
      auto archived = catalog->FindSource(*sha);
      if (!seen.insert(*sha).second || (archived.ok() && archived->has_value())) {
        ++summary.duplicates;
        continue;
      }
      // Only the file's structure is read here; its pages are decoded by the
      // OCR workers one at a time, so memory does not grow with stack size.
      auto opened = ocr::PageReader::Open(path);
      if (!opened.ok()) {
        SetAside(path, opened.status().message(), summary);
        continue;
      }
      std::shared_ptr<ocr::PageReader> reader = std::move(opened).value();
      if (reader->page_count() == 0) {
        SetAside(path, "the file holds no pages", summary);
        continue;
      }
      PendingFile file;
      file.path = path;
      file.sha256 = *sha;
      std::error_code ec;
      file.bytes = static_cast<std::int64_t>(fs::file_size(path, ec));
      file.media_type = std::string(ocr::MimeType(reader->type()));
      for (int i = 0; i < reader->page_count(); ++i) {
        file.source_pages.push_back(i);
        file.pages.push_back(pool->Submit([reader, i] { return reader->Read(i); }));
      }
      unit.pages += static_cast<int>(file.pages.size());
      unit.files.push_back(std::move(file));
    }
    return unit;
  }

  // Waits for a unit's pages (in order), understands the dossier and stores it.
  Status Finish(PendingUnit& unit, IngestSummary& summary, Progress& progress,
                const ProgressCallback& report) {
    struct DoneFile {
      PendingFile* file;
      std::vector<ocr::RecognizedPage> pages;
    };
    std::vector<DoneFile> done;
    for (auto& file : unit.files) {
      DoneFile d{&file, {}};
      Status failed;
      for (auto& future : file.pages) {
        auto page = future.get();
        ++progress.pages_done;
        if (report) report(progress);
        if (!page.ok()) {
          if (failed.ok()) {
            failed = page.status().WithContext("page " + std::to_string(d.pages.size() + 1));
          }
          continue;
        }
        d.pages.push_back(std::move(page).value());
      }
      if (!failed.ok()) {
        SetAside(file.path, failed.message(), summary);
        continue;
      }
      done.push_back(std::move(d));
    }
    if (done.empty()) return Status::Ok();

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
      for (const auto& d : done) SetAside(d.file->path, understood.failure, summary);
      return Status::Ok();
    }

    std::vector<std::string> shas;
    for (auto& d : done) {
      auto sha = blobs.PutFile(d.file->path);
      if (!sha.ok()) return sha.status().WithContext(d.file->path.string());
      shas.push_back(*sha);
    }
    for (auto& plan : understood.dossiers) {
      SOHOA_RETURN_IF_ERROR(StorePlan(plan, done, where, shas, summary));
    }
    return Status::Ok();
  }

  template <typename DoneFiles>
  Status StorePlan(DossierPlan& plan, DoneFiles& done,
                   const std::vector<std::pair<size_t, size_t>>& where,
                   const std::vector<std::string>& shas, IngestSummary& summary) {
    DossierRecord& dossier = plan.record;
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
      doc.pdf_sha256 = StoreSearchablePdf(dossier.code, doc, d.pages, members);
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
    auto added = catalog->StoreDossier(dossier);
    if (!added.ok()) return added.status().WithContext("dossier " + dossier.code);
    ++summary.dossiers;
    summary.documents += *added;
    summary.codes.push_back(dossier.code);
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
    return Status::Ok();
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
  SOHOA_ASSIGN_OR_RETURN(impl->catalog, archive::Catalog::Open(home.catalog(), false));
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

Result<IngestSummary> Pipeline::Ingest(const std::vector<fs::path>& paths,
                                       const ProgressCallback& report) {
  auto started = std::chrono::steady_clock::now();
  IngestSummary summary;
  auto units = ExpandPaths(paths, summary.failures);
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
    pages_in_flight -= unit.pages;
    in_flight.pop_front();
    ++progress.units_done;
    if (report) report(progress);
    return s;
  };

  for (const auto& source : units) {
    progress.current = source.path.filename().string();
    auto unit = impl_->Start(source, seen, summary);
    pages_in_flight += unit.pages;
    progress.pages_queued += unit.pages;
    if (report) report(progress);
    in_flight.push_back(std::move(unit));
    while (pages_in_flight > max_pages_in_flight && !in_flight.empty()) {
      SOHOA_RETURN_IF_ERROR(finish_front());
    }
  }
  while (!in_flight.empty()) SOHOA_RETURN_IF_ERROR(finish_front());

  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace sohoa::ingest
