// Reads the pages of civil-status register books (sổ đăng ký hộ tịch):
// landscape ledgers with a header line ("SỔ ĐĂNG KÝ KHAI SINH - XÃ … -
// QUYỂN SỐ 01/2012") over a ruled table, one numbered entry per row.
//
// Tesseract does not read a ruled table well: with the rules present PSM 6
// returned no text at all, and PSM 3 read the table column by column. So the
// reader finds the rules itself (Leptonica morphology), takes row and column
// boundaries from them, paints the rules out and reads each cell on its own
// (see ledger.cc for the measurements behind that choice).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ocr/entry_rows.h"
#include "ocr/page_source.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::ocr {

// What a register page's header line says. Empty strings and 0 where it does
// not say (or could not be read).
struct RegisterHeader {
  std::string text;     // the line as read, NFC
  std::string type;     // khai_sinh | ket_hon | khai_tu
  std::string commune;  // "xã Vĩnh Phương", as read (the header prints it in capitals)
  std::string volume;   // "01"
  int year = 0;

  bool found() const { return !type.empty(); }
};

// Reads "SỔ ĐĂNG KÝ <TYPE> - <COMMUNE> - QUYỂN SỐ <VOLUME>/<YEAR>", forgiving
// missing tone marks, đ/d and extra spaces. `line` may hold other lines too:
// the first that starts the way a register header does is used.
RegisterHeader ParseRegisterHeader(std::string_view text);

// The field key for a column heading: "Họ tên mẹ" → "mother", "Số" → "no",
// … (see ledger.cc for the list); "" when the heading is not known.
std::string FieldForHeading(std::string_view heading);

struct LedgerCell {
  std::string field;    // the key of its column ("" when the heading is unknown)
  std::string text;     // NFC, one line (wrapped lines joined by a space); "" when blank
  float confidence = 0;  // Tesseract's mean word confidence, 0..100; 100 for a blank cell
  Box box;              // in the original image's pixels
  // Why its reading breaks one of the book's own rules even after the cell
  // was read again (ocr/ledger_text.h LedgerRowDoubts: bad_date,
  // year_outside_book, born_after_registered, name_characters, ...; and
  // out_of_order, a registration date that goes back from the entries
  // around it, RegistrationsOutOfOrder); ""
  // when it breaks none. Such a cell keeps its best reading, with its
  // confidence put under PrefillMinConfidence, and is never offered.
  std::string doubt = {};
  // Whether the cell was read again because its first reading broke a rule.
  bool reread = false;
};

// One table row below the headings: one register entry.
struct LedgerRow {
  std::vector<LedgerCell> cells;  // one per column, left to right
  Box box;

  // The text of the cell of `field`, "" when there is none.
  std::string Get(std::string_view field) const;
  // The lowest confidence of its non-blank cells.
  float MinConfidence() const;
};

// The keying pre-fill (archive/keying.h): a cell's text is offered to the
// clerk only where its confidence says it is right at least 99% of the time,
// measured per field by tools/bench/books_eval.sh (sohoa-books-eval prints the
// precision and coverage at every threshold). Run of 36 generated books a
// side, 72 degraded pages, 4224 cells each: seed 72229 with the development
// fonts, seed 72230 with the held-out font Noto Serif.
//
// Free text (names, places) from 95. At 90 two fields fell under 99%:
// birthplace on the held-out font (185 of 188 right, 98.4%; long places wrap
// onto two lines) and mother on the dev fonts (187 of 189, 98.9%). At 95
// every name and place field was >= 99.4% on both runs.
inline constexpr float kPrefillMinConfidence = 95;
// Fields of a fixed shape (entry number, dates, sex), from 50: every one of
// them was >= 99.2% right on both runs from 50 up (dob on the dev fonts 375 of
// 378), and entry numbers, often read at 50-55 confidence or inferred from
// the sequence at 50, were all right (1110). Below 50 a date field fell
// under 99% (died, 190 of 192). A shaped field is offered only in its shape.
// With both: dev 99.79% precise, 91.0% of cells pre-filled; held-out 99.97%,
// 90.3% (a single threshold of 90: 99.82%/93.8% and 99.88%/95.5%, but with
// the two fields above under 99%). Checked on fresh seeds 72977/72978 after
// choosing: dev 99.97%/91.1%, held-out 99.90%/90.5%, every field >= 99.47%
// (birthplace at 90 again under 99% on the held-out font: 98.90%).
inline constexpr float kPrefillMinConfidenceShaped = 50;

// The confidence from which a cell of `field` is offered as a pre-fill.
float PrefillMinConfidence(std::string_view field);

// Whether a cell's text is offered as a pre-fill: read, under a known
// heading, at least PrefillMinConfidence(field), for a shaped field in its
// shape (digits; dd/mm/yyyy; Nam or Nữ), and breaking no rule of the book
// (an empty LedgerCell::doubt).
bool OfferAsPrefill(const LedgerCell& cell);

struct LedgerPage {
  RegisterHeader header;
  std::vector<std::string> headings;  // column headings as read
  std::vector<std::string> fields;    // their keys, "" where unknown
  std::vector<LedgerRow> rows;        // entries in page order; rows with no text are left out
  float skew_degrees = 0;             // clockwise turn applied to straighten the page
  int width = 0, height = 0;          // of the original image
  float confidence = 0;               // mean over the non-blank cells
};

// A page cut into its entry rows (entry_rows.h) and, when it is ruled, read.
struct LedgerPageRows {
  EntryRows rows;
  std::optional<LedgerPage> ledger;  // what OCR read of a ruled page
  RegisterHeader header;             // ledger->header, or an unruled page's top when asked for
};

struct LedgerOptions {
  std::filesystem::path tessdata_dir;  // empty: $TESSDATA_PREFIX, else Debian's folder
  std::string languages = "vie";
  // How a row's text is read: each cell on its own (kCells), or the whole row
  // band at once with its words split by the column x ranges (kRowBands).
  enum class Strategy { kCells, kRowBands } strategy = Strategy::kCells;
  // Whether cells whose reading breaks a rule of the book are read again
  // and, if still breaking one, marked (LedgerCell::doubt). Off only to
  // measure what the checks bring (sohoa-books-eval --no-book-rules).
  bool check_book_rules = true;
};

// Owns one TessBaseAPI, created once and reused for every page. Not
// thread-safe: give each thread its own reader.
class LedgerReader {
 public:
  // Returns NotFound when the language model is missing.
  static Result<std::unique_ptr<LedgerReader>> Create(const LedgerOptions& options);
  ~LedgerReader();
  LedgerReader(const LedgerReader&) = delete;
  LedgerReader& operator=(const LedgerReader&) = delete;

  // Reads the header and every entry of a register page. Returns NotFound
  // when the page holds no ruled table (fewer than two row and two column
  // rules), InvalidArgument for a page without an image.
  Result<LedgerPage> Read(const PageImage& page);

  // For keying: CutEntryRows and, on a ruled page, Read, from one
  // preparation of the image. An unruled page is not read, except its header
  // (as ReadHeader) when `header_if_unruled`. A page without a table is not
  // an error here: its rows are its lines of writing.
  Result<LedgerPageRows> ReadRows(const PageImage& page, bool header_if_unruled,
                                  const EntryRowOptions& options = {});

  // Only the header line, without reading the table: is this a register page,
  // and of which book? Cheaper than Read.
  Result<RegisterHeader> ReadHeader(const PageImage& page);

 private:
  struct Impl;
  explicit LedgerReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sohoa::ocr
