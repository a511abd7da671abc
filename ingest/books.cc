#include "ingest/books.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <system_error>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "archive/storage.h"
#include "archive/keying.h"
#include "ingest/decoding.h"
#include "ocr/page_source.h"

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;

const std::optional<ocr::LedgerPage> kNoLedger;

bool Skipped(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.empty() || name[0] == '.' || name.ends_with(".error.txt");
}

archive::BookEntryRecord ToEntry(const ocr::LedgerRow& row, int position) {
  archive::BookEntryRecord e;
  e.position = position;
  e.number = row.Get("no");
  e.confidence = row.MinConfidence();
  for (std::size_t c = 0; c < row.cells.size(); ++c) {
    const ocr::LedgerCell& cell = row.cells[c];
    // A column whose heading could not be read keeps its place.
    std::string name = cell.field.empty() ? "col" + std::to_string(c + 1) : cell.field;
    e.fields.push_back({std::move(name), cell.text, cell.confidence});
  }
  return e;
}

// What OCR read of a ruled row that is sure enough to offer the clerk.
archive::KeyedValues Prefill(const ocr::LedgerRow& row) {
  archive::KeyedValues values;
  for (const ocr::LedgerCell& cell : row.cells) {
    if (ocr::OfferAsPrefill(cell)) values[cell.field] = cell.text;
  }
  return values;
}

// One entry row of a page: where it is, and what OCR read there (none on an
// unruled page).
struct PageRow {
  Box box;
  const ocr::LedgerRow* read = nullptr;
};

// The cut rows with the ledger's rows laid on them. Every table row with
// writing is cut, read or not (handwriting Tesseract returns nothing for is
// still keyed); the read rows are among them, from the same table
// (LedgerReader::ReadRows). A read row that lies on no cut row would become
// a row of its own rather than be lost.
std::vector<PageRow> LayRows(const std::vector<Box>& cut, const ocr::LedgerPage* ledger) {
  std::vector<PageRow> rows;
  for (const Box& b : cut) rows.push_back({b, nullptr});
  if (ledger == nullptr) return rows;
  const std::size_t cut_rows = rows.size();
  for (const ocr::LedgerRow& read : ledger->rows) {
    PageRow* best = nullptr;
    int best_overlap = 0;
    for (std::size_t i = 0; i < cut_rows; ++i) {
      const Box& b = rows[i].box;
      const int overlap = std::min(b.y + b.h, read.box.y + read.box.h) - std::max(b.y, read.box.y);
      if (overlap > best_overlap && rows[i].read == nullptr) {
        best = &rows[i];
        best_overlap = overlap;
      }
    }
    if (best != nullptr && 2 * best_overlap >= std::min(best->box.h, read.box.h)) {
      best->read = &read;
    } else {
      rows.push_back({read.box, &read});
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const PageRow& a, const PageRow& b) { return a.box.y < b.box.y; });
  return rows;
}

Result<std::vector<ocr::PageImage>> ReadAllPages(const fs::path& file, const DecodeOptions& decoding) {
  SOHOA_ASSIGN_OR_RETURN(auto reader, OpenPages(file, decoding));
  std::vector<ocr::PageImage> pages;
  for (int i = 0; i < reader->page_count(); ++i) {
    SOHOA_ASSIGN_OR_RETURN(ocr::PageImage page, reader->Read(i));
    pages.push_back(std::move(page));
  }
  return pages;
}

// A folder that holds only files and whose first page is landscape may be a
// register book (dossier pages are A4 portrait); the ledger reader's header
// check decides.
bool MayBeBook(const fs::path& folder, const DecodeOptions& decoding) {
  auto files = BookFiles(folder);
  if (!files.ok() || files->empty()) return false;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (fs::is_directory(it->symlink_status(ec))) return false;
  }
  auto reader = OpenPages(files->front(), decoding);
  if (!reader.ok() || (*reader)->page_count() == 0) return false;
  auto page = (*reader)->Read(0);
  return page.ok() && page->width() > page->height();
}

// The book id a folder's kBookMarker gives ("" for the folder's name), or
// nullopt when the folder has no marker. An id is one line of letters,
// digits, '.', '-' and '_' (it ends up in URLs and file names); anything
// else in the marker is ignored and the folder's name used.
std::optional<std::string> MarkedBookId(const fs::path& folder) {
  std::error_code ec;
  const fs::path marker = folder / kBookMarker;
  if (!fs::is_regular_file(fs::symlink_status(marker, ec))) return std::nullopt;
  std::ifstream in(marker);
  std::string id;
  std::getline(in, id);
  while (!id.empty() && (id.back() == '\r' || id.back() == ' ')) id.pop_back();
  const bool valid = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' ||
           c == '_';
  });
  return valid ? id : std::string();
}

}  // namespace

std::vector<Entry> IngestBooksAmong(const archive::HomeLayout& home, const BookIngestOptions& options,
                                    const std::vector<Entry>& entries, std::vector<BookRun>& runs) {
  std::unique_ptr<BookIngester> books;
  bool unavailable = false;
  std::vector<Entry> rest;
  auto take = [&](const fs::path& folder, const std::string& shown) {
    const std::optional<std::string> marked = MarkedBookId(folder);
    if (unavailable || (!marked && !MayBeBook(folder, options.decoding))) return false;
    if (!books) {
      auto created = BookIngester::Create(home, options);
      if (!created.ok()) {
        unavailable = true;  // no ledger reader: everything goes to the dossier pipeline
        return false;
      }
      books = std::move(created).value();
    }
    if (!marked) {
      auto header = books->DetectBook(folder);
      if (!header.ok() || !header->has_value()) return false;
    }
    runs.push_back({folder, shown, books->IngestFolder(folder, marked.value_or(""))});
    return true;
  };
  for (const Entry& entry : entries) {
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(entry.path, ec))) {
      rest.push_back(entry);
      continue;
    }
    const std::string shown = entry.shown.empty() ? entry.path.string() : entry.shown;
    std::vector<fs::path> subfolders;
    bool files = false;
    for (fs::directory_iterator it(entry.path, ec), end; !ec && it != end; it.increment(ec)) {
      if (fs::is_directory(it->symlink_status(ec))) {
        subfolders.push_back(it->path());
      } else {
        files = true;
      }
    }
    std::sort(subfolders.begin(), subfolders.end());
    if (subfolders.empty()) {
      if (!take(entry.path, shown)) rest.push_back(entry);
      continue;
    }
    // A batch: its book subfolders go to the books, the rest stays a batch.
    std::vector<Entry> others;
    bool any_book = false;
    for (const fs::path& sub : subfolders) {
      const std::string sub_shown = (fs::path(shown) / sub.filename()).string();
      if (take(sub, sub_shown)) {
        any_book = true;
      } else {
        others.push_back({sub, sub_shown, {}, {}, entry.lease});
      }
    }
    if (!any_book) {
      rest.push_back(entry);
      continue;
    }
    for (fs::directory_iterator it(entry.path, ec), end; files && !ec && it != end; it.increment(ec)) {
      if (!fs::is_directory(it->symlink_status(ec))) {
        others.push_back({it->path(), (fs::path(shown) / it->path().filename()).string(), {}, {}, entry.lease});
      }
    }
    rest.insert(rest.end(), others.begin(), others.end());
  }
  return rest;
}

Result<std::vector<fs::path>> BookFiles(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    return NotFound(folder.string() + ": not a folder (a register book is a folder of page scans)");
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (fs::is_regular_file(it->symlink_status(ec)) && !Skipped(it->path())) files.push_back(it->path());
  }
  if (ec) return IoError(folder.string() + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

struct BookIngester::Impl {
  archive::HomeLayout home;
  BookIngestOptions options;
  std::unique_ptr<archive::Catalog> catalog;
  std::unique_ptr<archive::BlobStore> blobs;
  std::unique_ptr<ocr::LedgerReader> reader;
};

BookIngester::BookIngester(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BookIngester::~BookIngester() = default;

Result<std::unique_ptr<BookIngester>> BookIngester::Create(const archive::HomeLayout& home,
                                                           const BookIngestOptions& options) {
  if (!archive::HomeExists(home)) {
    return NotFound("no archive home at " + home.root.string() + ": run 'sohoa init'");
  }
  auto impl = std::make_unique<Impl>();
  impl->home = home;
  impl->options = options;
  SOHOA_ASSIGN_OR_RETURN(impl->catalog, archive::OpenCatalog(home));
  SOHOA_ASSIGN_OR_RETURN(impl->blobs, archive::OpenBlobStore(home));
  ocr::LedgerOptions ledger;
  ledger.tessdata_dir = options.tessdata_dir;
  ledger.languages = options.languages;
  SOHOA_ASSIGN_OR_RETURN(impl->reader, ocr::LedgerReader::Create(ledger));
  return std::unique_ptr<BookIngester>(new BookIngester(std::move(impl)));
}

Result<std::optional<ocr::RegisterHeader>> BookIngester::DetectBook(const fs::path& folder) {
  SOHOA_ASSIGN_OR_RETURN(std::vector<fs::path> files, BookFiles(folder));
  if (files.empty()) return std::optional<ocr::RegisterHeader>();
  auto opened = OpenPages(files.front(), impl_->options.decoding);
  if (!opened.ok() || (*opened)->page_count() == 0) return std::optional<ocr::RegisterHeader>();
  auto first = (*opened)->Read(0);
  if (!first.ok()) return std::optional<ocr::RegisterHeader>();
  SOHOA_ASSIGN_OR_RETURN(ocr::RegisterHeader header, impl_->reader->ReadHeader(*first));
  if (!header.found()) return std::optional<ocr::RegisterHeader>();
  return std::optional<ocr::RegisterHeader>(std::move(header));
}

Result<BookIngestSummary> BookIngester::IngestFolder(const fs::path& folder,
                                                     const std::string& book_id) {
  const auto start = std::chrono::steady_clock::now();
  Impl& m = *impl_;
  SOHOA_ASSIGN_OR_RETURN(std::vector<fs::path> files, BookFiles(folder));
  BookIngestSummary summary;
  summary.book_id = book_id;
  if (summary.book_id.empty()) {
    summary.book_id = fs::absolute(folder).lexically_normal().filename().string();
    if (summary.book_id.empty()) {
      summary.book_id = fs::absolute(folder).lexically_normal().parent_path().filename().string();
    }
  }
  archive::BookRecord book;
  book.id = summary.book_id;
  SOHOA_RETURN_IF_ERROR(m.catalog->StoreBook(book));

  int number = 0;
  for (const fs::path& file : files) {
    auto pages = ReadAllPages(file, m.options.decoding);
    if (!pages.ok()) {
      if (IsServiceError(pages.status())) return pages.status().WithContext(file.string());
      summary.failures.push_back({file, 0, pages.status().message()});
      continue;
    }
    Result<std::string> sha = m.blobs->PutFile(file);
    if (!sha.ok()) return sha.status().WithContext(file.string());
    for (std::size_t k = 0; k < pages->size(); ++k) {
      const ocr::PageImage& image = (*pages)[k];
      // Every page is stored and cut into entry rows for keying; a ruled
      // page is also read by OCR, its entries stored as read. An unruled
      // page is not read, but a printed title may name the book.
      auto cut = m.reader->ReadRows(image, !summary.header.found());
      if (!cut.ok() && IsServiceError(cut.status())) return cut.status().WithContext(file.string());
      const std::optional<ocr::LedgerPage>& ledger = cut.ok() ? cut->ledger : kNoLedger;
      const ocr::RegisterHeader header = cut.ok() ? cut->header : ocr::RegisterHeader{};
      ++number;
      if (!summary.header.found() && header.found()) {
        summary.header = header;
        book.type = header.type;
        book.commune = header.commune;
        book.volume = header.volume;
        book.year = header.year;
        book.title = header.text;
        SOHOA_RETURN_IF_ERROR(m.catalog->StoreBook(book));
      }
      archive::BookPageRecord page;
      page.book_id = summary.book_id;
      page.number = number;
      page.image_sha256 = *sha;
      page.source_name = file.filename().string();
      if (pages->size() > 1) page.source_name += "#" + std::to_string(k + 1);
      page.source_page = static_cast<int>(k);
      page.header = header.text;
      page.confidence = ledger ? ledger->confidence : 0;
      page.skew_degrees = cut.ok() ? cut->rows.skew_degrees : 0;
      page.dpi = image.dpi;
      page.width = image.width();
      page.height = image.height();

      const std::vector<PageRow> rows =
          LayRows(cut.ok() ? cut->rows.rows : std::vector<Box>{}, ledger ? &*ledger : nullptr);
      archive::PageSlots slots;
      slots.book_id = summary.book_id;
      slots.page = number;
      for (std::size_t r = 0; r < rows.size(); ++r) {
        slots.rows.push_back(
            {rows[r].box, rows[r].read ? Prefill(*rows[r].read) : archive::KeyedValues{}});
        // An entry sits at its slot's position, so a verified keying
        // replaces the OCR entry of the same row.
        if (rows[r].read) page.entries.push_back(ToEntry(*rows[r].read, static_cast<int>(r + 1)));
      }
      SOHOA_ASSIGN_OR_RETURN(int stored, m.catalog->StoreBookPage(page));
      SOHOA_RETURN_IF_ERROR(archive::Keying(*m.catalog).StoreSlots(slots));
      summary.entries += stored;
      summary.slots += static_cast<int>(slots.rows.size());
      ++summary.pages;
      if (slots.rows.empty()) {
        summary.pages_without_rows.push_back(
            {file, static_cast<int>(k + 1),
             cut.ok() ? "no line of writing found on the page"
                      : "cannot cut the page into rows: " + cut.status().message()});
      }
    }
  }
  for (const BookPageFailure& f : summary.failures) {
    archive::Event event;
    event.type = "ingestion";
    event.object = summary.book_id;
    event.actor = m.options.actor;
    event.outcome = "failure";
    event.detail = f.path.filename().string() +
                   (f.page > 0 ? " page " + std::to_string(f.page) : "") + ": " + f.reason;
    SOHOA_RETURN_IF_ERROR(m.catalog->AppendEvent(event));
  }
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

BookIngestOptions BookOptionsOf(const IngestOptions& ingest) {
  BookIngestOptions options;
  options.tessdata_dir = ingest.tessdata_dir;
  options.languages = ingest.languages;
  options.actor = ingest.actor;
  options.decoding = ingest.decoding;
  return options;
}

Status SetAsideUnreadBookFiles(Pipeline& pipeline, const BookRun& run,
                               const std::function<void(const std::string& shown, const std::string& reason)>& each) {
  if (!run.summary.ok()) return Status::Ok();
  for (const BookPageFailure& f : run.summary->failures) {
    if (f.page != 0) continue;  // the file is stored; only that page has no entries
    const std::string shown = (fs::path(run.shown) / f.path.filename()).string();
    SOHOA_RETURN_IF_ERROR(
        pipeline.SetAside(f.path, fs::path(run.folder.filename()) / f.path.filename(), shown, f.reason));
    each(shown, f.reason);
  }
  return Status::Ok();
}

}  // namespace sohoa::ingest
