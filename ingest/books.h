// Ingesting civil-status register books: a folder of page scans (in name
// order) becomes one book in the catalog. Every page is stored and cut into
// entry rows, the slots clerks key (archive/keying.h): a printed, ruled page
// by its table rows, whose OCR-read entries are stored too, each confident
// cell offered as the slot's pre-fill (ocr::OfferAsPrefill); a page without
// rules (most handwritten books) by its lines of writing, with no OCR. The
// page header ("SỔ ĐĂNG KÝ KHAI SINH - XÃ … - QUYỂN SỐ 01/2012") fills in the
// book's type, commune, volume and year.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "archive/home.h"
#include "ingest/decoding.h"
#include "ingest/pipeline.h"
#include "ocr/ledger.h"
#include "schema/status.h"

namespace sohoa::ingest {

struct BookIngestOptions {
  std::filesystem::path tessdata_dir;  // empty: Tesseract's default
  std::string languages = "vie";
  std::string actor = "sohoa";
  DecodeOptions decoding;              // page files are decoded in a child process
};

struct BookPageFailure {
  std::filesystem::path path;
  int page = 0;  // 1-based page inside the file; 0 for the whole file
  std::string reason;
};

struct BookIngestSummary {
  std::string book_id;
  ocr::RegisterHeader header;  // from the first page whose header could be read
  int pages = 0;               // pages stored
  int entries = 0;             // entries read by OCR and stored
  int slots = 0;               // entry rows cut for keying
  std::vector<BookPageFailure> failures;  // files or pages not stored
  // Pages stored, but with no entry row cut (blank, or no lines of writing
  // found): nothing on them for clerks to key.
  std::vector<BookPageFailure> pages_without_rows;
  double seconds = 0;
};

class BookIngester {
 public:
  // Opens the home (it must exist) and creates the ledger reader.
  static Result<std::unique_ptr<BookIngester>> Create(const archive::HomeLayout& home,
                                                      const BookIngestOptions& options);
  ~BookIngester();
  BookIngester(const BookIngester&) = delete;
  BookIngester& operator=(const BookIngester&) = delete;

  // Ingests every file of `folder` (JPEG, PNG, TIFF, PDF; hidden files and
  // *.error.txt skipped), in name order, as consecutive pages of book
  // `book_id` (the folder's name when empty). Originals go to the blob store.
  // Every page that decodes is stored with its slots (a page without rows
  // too, listed in pages_without_rows); a file that does not decode is a
  // failure in the summary. Only an archive that cannot be written makes
  // this return an error.
  Result<BookIngestSummary> IngestFolder(const std::filesystem::path& folder,
                                         const std::string& book_id);

  // The header of the first page of `folder` when it is a register page
  // (the header says SỔ ĐĂNG KÝ …), nullopt otherwise: whether an inbox
  // folder is a book rather than a dossier.
  Result<std::optional<ocr::RegisterHeader>> DetectBook(const std::filesystem::path& folder);

 private:
  struct Impl;
  explicit BookIngester(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The files of a book folder in page order.
Result<std::vector<std::filesystem::path>> BookFiles(const std::filesystem::path& folder);

// A register book found among the entries given to ingest or dropped in the
// inbox, and what became of it.
struct BookRun {
  std::filesystem::path folder;
  std::string shown;                 // as staff know it
  Result<BookIngestSummary> summary = Internal("not ingested");
};

// The file that marks a folder of page scans as a register book whatever its
// pages look like (a handwritten book's first page may have no printed
// header): staff create it in the folder they drop; its first line, when
// there is one, is the book's id (else the folder's name).
inline constexpr const char* kBookMarker = ".so-ho-tich";

// Takes the register books out of `entries` (a folder of page scans marked
// with kBookMarker, or whose first page is a landscape ledger headed SỔ ĐĂNG
// KÝ ..., given itself or as a subfolder of a batch) and ingests each with a
// BookIngester made on first need; returns what is left for the dossier
// pipeline. Most dossier folders cost one page decode and no OCR: dossier
// pages are A4 portrait.
std::vector<Entry> IngestBooksAmong(const archive::HomeLayout& home, const BookIngestOptions& options,
                                    const std::vector<Entry>& entries, std::vector<BookRun>& runs);

// The book options an ingest's options give: the same models, actor and
// decoding (the inbox service and the queue's workers read books as
// `sohoa ingest` does).
BookIngestOptions BookOptionsOf(const IngestOptions& ingest);

// Sets aside, through `pipeline`, every file of the run that could not be
// read at all (a page of a stored file without entries is not set aside) and
// tells `each` what it set aside, as staff know it, and why.
Status SetAsideUnreadBookFiles(Pipeline& pipeline, const BookRun& run,
                               const std::function<void(const std::string& shown, const std::string& reason)>& each);

}  // namespace sohoa::ingest
