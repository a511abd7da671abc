// ground-truth.json: what the generator put in every file, so tests and
// benchmarks can score the pipeline against it. Keys are listed in
// tools/gen/README.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schema/status.h"

namespace sohoa::gen {

struct BarcodeTruth {
  std::string format = "QR_CODE";
  std::string text;
  int x = 0, y = 0, w = 0, h = 0;  // bounding box in the stored image's pixels
};

struct PageTruth {
  std::string file;    // relative to the output folder
  int page_index = 0;  // 0-based page inside that file
  std::string text;    // the lines drawn, in reading order, joined by '\n'
  int dpi = 0;
  int rotation = 0;         // 0, 90, 180, 270: clockwise turn applied to the page
  double skew_degrees = 0;  // clockwise skew applied before the turn
  std::string font;
  std::vector<std::string> degradations;
  int width = 0, height = 0;  // of the stored image
  int jpeg_quality = 0;       // 0 when stored losslessly
  bool color = false;
  std::vector<BarcodeTruth> barcodes;
};

struct DocumentTruth {
  std::string kind;  // receipt | form | id_copy | result
  std::string title;
  std::vector<PageTruth> pages;
};

struct SubjectTruth {
  std::string kind;  // birth | marriage | death | criminal_record | driving_licence | land |
                     // business | generic
  std::string name;
  std::string date;  // ISO, "" when there is no event date
  std::vector<std::pair<std::string, std::string>> details;
};

struct DossierTruth {
  std::string code;
  std::string path;           // folder, .pdf or .tif, relative to the output folder
  std::string form;           // folder | pdf | tiff
  bool named_by_code = true;  // false: a neutral name, the code must come from the pages
  std::string procedure_code, procedure_name, field;
  std::string agency_code;
  std::string received_date, appointment_date;  // ISO
  std::string applicant;                        // as printed on the receipt
  std::string citizen_id;
  std::string applicant_birth_date;  // ISO
  std::string applicant_sex;         // Nam | Nữ
  SubjectTruth subject;
  std::vector<DocumentTruth> documents;
};

// One numbered entry of a register book: every column's value as printed
// ("" for a blank cell), keyed as sohoa's catalog keys them (no, registered,
// name, dob, sex, birthplace, mother, father, ...), in column order.
struct EntryTruth {
  std::vector<std::pair<std::string, std::string>> fields;

  // The value of `key`, or "" when the entry has no such column.
  std::string Get(std::string_view key) const;
};

struct BookPageTruth {
  std::string file;  // relative to the output folder: books/<id>/01.jpg
  int number = 0;    // 1-based page of the book
  std::string header;  // the page header line as printed
  int dpi = 0;
  double skew_degrees = 0;
  std::string font;
  std::vector<std::string> degradations;
  int width = 0, height = 0;
  int jpeg_quality = 0;
  bool color = false;
  std::vector<EntryTruth> entries;
};

// A civil-status register book (sổ đăng ký hộ tịch).
struct BookTruth {
  std::string id;           // KS-000.31.22.H32-2012-01
  std::string path;         // books/<id>, relative to the output folder
  std::string type;         // khai_sinh | ket_hon | khai_tu
  std::string commune;      // "phường Vĩnh Hải", as the header names it (upper-cased there)
  std::string agency_code;  // the commune's
  std::string volume;       // "01"
  int year = 0;
  std::vector<std::string> columns;  // field keys in column order
  std::vector<BookPageTruth> pages;
};

struct OptionsTruth {
  int dossiers = 0;
  // Register books; the JSON carries these (and "books") only when books > 0,
  // so a corpus without books is written exactly as before.
  int books = 0;
  int entries_per_page = 8;
  int book_pages = 2;
  std::vector<std::string> fonts;
  std::vector<int> dpis;
  std::vector<std::string> forms;
  bool degrade = true;
};

struct GroundTruth {
  std::string generator = "sohoa-gen";
  int version = 1;
  std::uint64_t seed = 0;
  OptionsTruth options;
  std::vector<DossierTruth> dossiers;
  std::vector<BookTruth> books;

  int PageCount() const;  // dossier pages only
};

std::string ToJson(const GroundTruth& truth);
// Returns Corrupt naming the first missing or mistyped key.
Result<GroundTruth> ParseGroundTruth(std::string_view json);

}  // namespace sohoa::gen
