// Reading the CSV exports managers hand to sohoa: the one-stop register of
// received dossiers (sổ theo dõi hồ sơ), the list of civil-status register
// books with their sizes, and the office's list of agency names. Pure
// functions over the file's bytes.
//
// Both accept what office software writes: UTF-8 with or without a BOM, CRLF
// or LF, RFC 4180 quoting (commas, doubled quotes and line breaks inside
// quotes), and column names in their canonical form (ma_ho_so), with
// Vietnamese diacritics and spaces ("Mã hồ sơ"), or in English
// (dossier_code), in any order. A bad row is reported with its line number
// and reason and does not stop the others.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "archive/agencies.h"
#include "archive/catalog.h"
#include "archive/rates.h"
#include "schema/status.h"

namespace sohoa::ingest {

// Why one row of a file was not taken. `line` is the 1-based line of the
// file where the row starts (the header is line 1).
struct CsvRowError {
  int line = 0;
  std::string reason;
};

struct RegisterCsv {
  std::vector<archive::RegisterRow> rows;
  std::vector<int> lines;  // the line each row of `rows` starts on
  std::vector<CsvRowError> errors;
};

// Parses a one-stop register export. Columns (canonical, Vietnamese, English):
//   ma_ho_so        Mã hồ sơ         dossier_code     required
//   ma_thu_tuc      Mã thủ tục       procedure_code   required
//   ngay_tiep_nhan  Ngày tiếp nhận   received_date    required (a blank cell: undated row)
//   ten_thu_tuc     Tên thủ tục      procedure_name
//   co_quan         Cơ quan          agency / agency_code   (a code, or a name when the
//                                                            dossier code names the agency)
//   ngay_hen_tra    Ngày hẹn trả     due_date
//   kenh            Kênh             channel
//   ket_qua_dien_tu Kết quả điện tử  e_result         1/0, true/false, có/không, x/blank
// Other columns are ignored. Dates are dd/mm/yyyy (d/m/yyyy too) or ISO
// yyyy-mm-dd, optionally followed by a time. Text is stored NFC.
// Returns InvalidArgument only when the file as a whole cannot be read: no
// header, or a required column missing (the message lists what was found).
Result<RegisterCsv> ParseRegisterCsv(std::string_view bytes);

struct BookCsv {
  std::vector<archive::BookRecord> books;
  std::vector<int> lines;
  std::vector<CsvRowError> errors;
};

// Parses a list of civil-status books. Columns:
//   ma_so    (so_id, book_id, Mã sổ)     required: the book id used by `ingest --book`
//   so_muc   (entries, Số mục)           required: entries in the paper book (blank: unknown)
//   loai     (type, Loại sổ)             khai_sinh | ket_hon | khai_tu, also "Khai sinh",
//                                        KS/KH/KT
//   co_quan  (agency, agency_code)
//   nam      (year, Năm)
//   quyen    (volume, Quyển)
//   xa       (commune, Xã)
Result<BookCsv> ParseBookCsv(std::string_view bytes);

struct AgencyCsv {
  std::vector<archive::AgencyName> agencies;
  std::vector<int> lines;
  std::vector<CsvRowError> errors;
};

// Parses the office's list of agencies. Columns:
//   code  (ma_co_quan, ma_don_vi, co_quan, agency_code, "Mã cơ quan")   required
//   name  (ten_co_quan, ten_don_vi, agency_name, "Tên cơ quan")         required
// A row whose code is not an agency code says which group is wrong; an
// empty name, or a code listed twice (the first is kept), is a bad row.
Result<AgencyCsv> ParseAgencyCsv(std::string_view bytes);

// A date as the exports and the command line write it, dd/mm/yyyy,
// d/m/yyyy or yyyy-mm-dd (a time after it is ignored), as ISO yyyy-mm-dd.
// InvalidArgument for anything else or a day the calendar does not have.
Result<std::string> ParseRegisterDate(std::string_view text);

// A column name reduced to its canonical form: case, tone marks and đ
// folded, runs of spaces, dots, dashes and underscores made one "_"
// ("Mã hồ sơ" → "ma_ho_so", "Received date" → "received_date").
std::string CanonicalColumnName(std::string_view name);

}  // namespace sohoa::ingest
