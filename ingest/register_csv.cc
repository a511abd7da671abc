#include "ingest/register_csv.h"

#include <array>
#include <cstdio>
#include <map>
#include <optional>
#include <utility>

#include "schema/agency.h"
#include "schema/date.h"
#include "schema/dossier_code.h"
#include "schema/messages.h"
#include "schema/text.h"

namespace sohoa::ingest {
namespace {

// One CSV record and the line it starts on.
struct Record {
  std::vector<std::string> fields;
  int line = 0;
};

// RFC 4180 reader that counts lines, so a bad row can be named by the line
// a person sees in a text editor, even after quoted fields with line breaks.
class CsvReader {
 public:
  explicit CsvReader(std::string_view csv) : csv_(csv) {
    if (csv_.substr(0, 3) == "\xEF\xBB\xBF") csv_.remove_prefix(3);
  }

  // False at the end of input. An unterminated quote swallows the rest of
  // the file: it is reported through `error` and reading stops.
  bool Next(Record& record, std::string& error) {
    record.fields.clear();
    record.line = line_;
    if (pos_ >= csv_.size()) return false;
    std::string field;
    bool quoted = false;
    while (pos_ < csv_.size()) {
      char c = csv_[pos_++];
      if (quoted) {
        if (c == '"') {
          if (pos_ < csv_.size() && csv_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
      } else if (c == '"' && field.empty()) {
        quoted = true;
      } else if (c == ',') {
        record.fields.push_back(std::move(field));
        field.clear();
      } else if (c == '\r' && pos_ < csv_.size() && csv_[pos_] == '\n') {
        // CRLF: the '\n' ends the record.
      } else if (c == '\n') {
        ++line_;
        break;
      } else {
        field += c;
      }
    }
    if (quoted) {
      error = Text(Msg::kCsvUnclosedQuote);
      pos_ = csv_.size();
    }
    record.fields.push_back(std::move(field));
    return true;
  }

 private:
  std::string_view csv_;
  size_t pos_ = 0;
  int line_ = 1;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsBlank(const Record& r) {
  for (const auto& f : r.fields) {
    if (!Trim(f).empty()) return false;
  }
  return true;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    if (n == 2 && c < 0xC2) return false;  // overlong
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int ToInt(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

// What a column is for, whatever the export calls it.
enum class Role {
  kDossierCode,
  kProcedureCode,
  kProcedureName,
  kAgency,
  kAgencyName,
  kReceived,
  kDue,
  kChannel,
  kEResult,
  kBookId,
  kBookEntries,
  kBookType,
  kBookYear,
  kBookVolume,
  kBookCommune,
  kListCode,
  kListName,
};

struct Alias {
  std::string_view name;  // canonical form, see CanonicalColumnName
  Role role;
};

constexpr Alias kRegisterAliases[] = {
    {"ma_ho_so", Role::kDossierCode},        {"so_ho_so", Role::kDossierCode},
    {"ma_hs", Role::kDossierCode},           {"dossier_code", Role::kDossierCode},
    {"dossier", Role::kDossierCode},         {"ma_thu_tuc", Role::kProcedureCode},
    {"ma_tthc", Role::kProcedureCode},       {"ma_thu_tuc_hanh_chinh", Role::kProcedureCode},
    {"procedure_code", Role::kProcedureCode}, {"ten_thu_tuc", Role::kProcedureName},
    {"ten_tthc", Role::kProcedureName},      {"ten_thu_tuc_hanh_chinh", Role::kProcedureName},
    {"thu_tuc", Role::kProcedureName},       {"procedure_name", Role::kProcedureName},
    {"procedure", Role::kProcedureName},     {"co_quan", Role::kAgency},
    {"ma_co_quan", Role::kAgency},           {"co_quan_tiep_nhan", Role::kAgency},
    {"don_vi", Role::kAgency},               {"ma_don_vi", Role::kAgency},
    {"agency", Role::kAgency},               {"agency_code", Role::kAgency},
    {"ten_co_quan", Role::kAgencyName},      {"ten_don_vi", Role::kAgencyName},
    {"agency_name", Role::kAgencyName},      {"ngay_tiep_nhan", Role::kReceived},
    {"ngay_nhan", Role::kReceived},          {"received_date", Role::kReceived},
    {"received", Role::kReceived},           {"ngay_hen_tra", Role::kDue},
    {"ngay_hen_tra_ket_qua", Role::kDue},    {"due_date", Role::kDue},
    {"due", Role::kDue},                     {"kenh", Role::kChannel},
    {"kenh_tiep_nhan", Role::kChannel},      {"channel", Role::kChannel},
    {"ket_qua_dien_tu", Role::kEResult},     {"kq_dien_tu", Role::kEResult},
    {"e_result", Role::kEResult},            {"electronic_result", Role::kEResult},
};

constexpr Alias kBookAliases[] = {
    {"ma_so", Role::kBookId},         {"so_id", Role::kBookId},
    {"book_id", Role::kBookId},       {"ma_so_ho_tich", Role::kBookId},
    {"book", Role::kBookId},          {"id", Role::kBookId},
    {"so_muc", Role::kBookEntries},   {"entries", Role::kBookEntries},
    {"so_muc_trong_so", Role::kBookEntries}, {"entries_in_book", Role::kBookEntries},
    {"loai", Role::kBookType},        {"loai_so", Role::kBookType},
    {"type", Role::kBookType},        {"co_quan", Role::kAgency},
    {"ma_co_quan", Role::kAgency},    {"agency", Role::kAgency},
    {"agency_code", Role::kAgency},   {"nam", Role::kBookYear},
    {"year", Role::kBookYear},        {"quyen", Role::kBookVolume},
    {"quyen_so", Role::kBookVolume},  {"volume", Role::kBookVolume},
    {"xa", Role::kBookCommune},       {"commune", Role::kBookCommune},
};

constexpr Alias kAgencyAliases[] = {
    {"code", Role::kListCode},        {"ma", Role::kListCode},
    {"ma_co_quan", Role::kListCode},  {"ma_don_vi", Role::kListCode},
    {"co_quan", Role::kListCode},     {"agency", Role::kListCode},
    {"agency_code", Role::kListCode}, {"ma_dinh_danh", Role::kListCode},
    {"name", Role::kListName},        {"ten", Role::kListName},
    {"ten_co_quan", Role::kListName}, {"ten_don_vi", Role::kListName},
    {"agency_name", Role::kListName},
};

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kDossierCode: return "ma_ho_so";
    case Role::kProcedureCode: return "ma_thu_tuc";
    case Role::kProcedureName: return "ten_thu_tuc";
    case Role::kAgency: return "co_quan";
    case Role::kAgencyName: return "ten_co_quan";
    case Role::kReceived: return "ngay_tiep_nhan";
    case Role::kDue: return "ngay_hen_tra";
    case Role::kChannel: return "kenh";
    case Role::kEResult: return "ket_qua_dien_tu";
    case Role::kBookId: return "ma_so";
    case Role::kBookEntries: return "so_muc";
    case Role::kBookType: return "loai";
    case Role::kBookYear: return "nam";
    case Role::kBookVolume: return "quyen";
    case Role::kBookCommune: return "xa";
    case Role::kListCode: return "code";
    case Role::kListName: return "name";
  }
  return "";
}

// The header's columns by role. Unknown columns are skipped; two columns
// with one meaning make the file ambiguous.
struct Header {
  std::map<Role, size_t> column;
  std::vector<std::string> seen;  // as written, for the error message

  std::optional<size_t> Of(Role role) const {
    auto it = column.find(role);
    if (it == column.end()) return std::nullopt;
    return it->second;
  }
};

template <size_t N>
Result<Header> ReadHeader(const Record& record, const Alias (&aliases)[N],
                          std::initializer_list<Role> required, std::string_view what) {
  Header header;
  for (const auto& f : record.fields) {
    if (!IsValidUtf8(f)) {
      return InvalidArgument(std::string(what) +
                             ": the header row is not UTF-8 text: save the export as CSV UTF-8");
    }
  }
  for (size_t i = 0; i < record.fields.size(); ++i) {
    const std::string canonical = CanonicalColumnName(record.fields[i]);
    header.seen.emplace_back(Trim(record.fields[i]));
    for (const Alias& a : aliases) {
      if (a.name != canonical) continue;
      if (!header.column.emplace(a.role, i).second) {
        return InvalidArgument(std::string(what) + ": columns \"" +
                               header.seen[header.column[a.role]] + "\" and \"" +
                               header.seen.back() + "\" both mean " +
                               std::string(RoleName(a.role)) + "; keep one of them");
      }
      break;
    }
  }
  std::string missing;
  for (Role role : required) {
    if (header.column.count(role) == 0) {
      missing += (missing.empty() ? "" : ", ") + std::string(RoleName(role));
    }
  }
  if (!missing.empty()) {
    std::string found;
    for (const auto& s : header.seen) found += (found.empty() ? "" : ", ") + s;
    return InvalidArgument(Text(Msg::kCsvHeaderLacks, {what, missing, found.empty() ? Text(Msg::kCsvNothing) : found}));
  }
  return header;
}

// The trimmed cell of `role` in `record`, "" when the column is absent.
std::string Cell(const Header& header, const Record& record, Role role) {
  auto at = header.Of(role);
  if (!at || *at >= record.fields.size()) return "";
  return ToNfc(Trim(record.fields[*at]));
}

// A row's shape against the header: missing cells are an error; surplus
// cells are tolerated when empty (spreadsheets add trailing commas).
std::optional<std::string> ShapeError(const Record& record, size_t columns) {
  const std::string wrong_count =
      Text(Msg::kCsvColumns, {std::to_string(columns), std::to_string(record.fields.size())});
  if (record.fields.size() < columns) return wrong_count;
  for (size_t i = columns; i < record.fields.size(); ++i) {
    if (!Trim(record.fields[i]).empty()) return wrong_count;
  }
  for (const auto& f : record.fields) {
    if (!IsValidUtf8(f)) return Text(Msg::kCsvNotUtf8);
  }
  return std::nullopt;
}

Result<std::optional<bool>> ParseFlag(std::string_view text) {
  const std::string v = FoldForSearch(Trim(text));
  if (v.empty() || v == "0" || v == "false" || v == "khong" || v == "no" || v == "n") {
    return std::optional<bool>(false);
  }
  if (v == "1" || v == "true" || v == "co" || v == "x" || v == "yes" || v == "y") {
    return std::optional<bool>(true);
  }
  return InvalidArgument(Text(Msg::kCsvBadFlag, {"ket_qua_dien_tu", Trim(text)}));
}

Result<archive::RegisterRow> ReadRegisterRow(const Header& header, const Record& record) {
  archive::RegisterRow row;
  row.dossier_code = Cell(header, record, Role::kDossierCode);
  if (row.dossier_code.empty()) return InvalidArgument(Text(Msg::kCsvEmpty, {"ma_ho_so"}));
  for (char c : row.dossier_code) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      return InvalidArgument(Text(Msg::kCsvSpace, {"ma_ho_so", row.dossier_code}));
    }
  }
  row.procedure_code = Cell(header, record, Role::kProcedureCode);
  row.procedure_name = Cell(header, record, Role::kProcedureName);
  row.channel = Cell(header, record, Role::kChannel);

  const std::optional<DossierCode> parsed = ParseDossierCode(row.dossier_code);
  const std::string agency = Cell(header, record, Role::kAgency);
  row.agency_name = Cell(header, record, Role::kAgencyName);
  if (IsAgencyCode(agency)) {
    row.agency_code = agency;
  } else if (!parsed) {
    return InvalidArgument(agency.empty() ? Text(Msg::kCsvNoAgency) : Text(Msg::kCsvNotAgencyNoCode, {agency}));
  } else if (!agency.empty() && row.agency_name.empty()) {
    // The export names the agency instead of coding it: the code comes
    // from the dossier code, the name is worth keeping for the report.
    row.agency_name = agency;
  }

  const std::string received = Cell(header, record, Role::kReceived);
  if (!received.empty()) {
    Result<std::string> iso = ParseRegisterDate(received);
    if (!iso.ok()) return InvalidArgument("ngay_tiep_nhan: " + iso.status().message());
    row.received_date = *iso;
  }
  const std::string due = Cell(header, record, Role::kDue);
  if (!due.empty()) {
    Result<std::string> iso = ParseRegisterDate(due);
    if (!iso.ok()) return InvalidArgument("ngay_hen_tra: " + iso.status().message());
    row.due_date = *iso;
  }
  if (header.Of(Role::kEResult)) {
    SOHOA_ASSIGN_OR_RETURN(row.e_result, ParseFlag(Cell(header, record, Role::kEResult)));
  }
  return row;
}

Result<std::string> BookType(std::string_view text) {
  const std::string v = CanonicalColumnName(text);
  if (v.empty()) return std::string();
  if (v == "ks" || v == "birth" || v.find("khai_sinh") != std::string::npos) {
    return std::string("khai_sinh");
  }
  if (v == "kh" || v == "marriage" || v.find("ket_hon") != std::string::npos) {
    return std::string("ket_hon");
  }
  if (v == "kt" || v == "death" || v.find("khai_tu") != std::string::npos) {
    return std::string("khai_tu");
  }
  return InvalidArgument(Text(Msg::kCsvBookType, {text}));
}

Result<archive::BookRecord> ReadBookRow(const Header& header, const Record& record) {
  archive::BookRecord book;
  book.id = Cell(header, record, Role::kBookId);
  if (book.id.empty()) return InvalidArgument(Text(Msg::kCsvEmpty, {"ma_so"}));
  const std::string entries = Cell(header, record, Role::kBookEntries);
  if (!entries.empty()) {
    if (!AllDigits(entries) || entries.size() > 7) {
      return InvalidArgument(Text(Msg::kCsvEntries, {entries}));
    }
    book.entries_expected = ToInt(entries);
  }
  SOHOA_ASSIGN_OR_RETURN(book.type, BookType(Cell(header, record, Role::kBookType)));
  book.agency_code = Cell(header, record, Role::kAgency);
  if (!book.agency_code.empty() && !IsAgencyCode(book.agency_code)) {
    return InvalidArgument(Text(Msg::kCsvNotAgency, {book.agency_code}));
  }
  const std::string year = Cell(header, record, Role::kBookYear);
  if (!year.empty()) {
    if (year.size() != 4 || !AllDigits(year) || ToInt(year) < 1900 || ToInt(year) > 2199) {
      return InvalidArgument(Text(Msg::kCsvYear, {year}));
    }
    book.year = ToInt(year);
  }
  book.volume = Cell(header, record, Role::kBookVolume);
  if (book.volume.size() == 1 && AllDigits(book.volume)) book.volume = "0" + book.volume;
  book.commune = Cell(header, record, Role::kBookCommune);
  return book;
}

// What is wrong with `code` as an agency code, group by group; nullopt
// when it is one.
std::optional<std::string> AgencyCodeProblem(std::string_view code) {
  if (IsAgencyCode(code)) return std::nullopt;
  std::vector<std::string_view> groups;
  for (std::size_t start = 0;;) {
    const std::size_t dot = code.find('.', start);
    groups.push_back(code.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (groups.size() != 4) return Text(Msg::kCsvCodeGroups, {code, std::to_string(groups.size())});
  static constexpr Msg kShape[] = {Msg::kCsvThreeDigits, Msg::kCsvTwoDigits, Msg::kCsvTwoDigits,
                                   Msg::kCsvLetterTwoDigits};
  for (std::size_t i = 0; i < 4; ++i) {
    const std::string_view g = groups[i];
    const bool ok = i == 0   ? g.size() == 3 && AllDigits(g)
                    : i < 3 ? g.size() == 2 && AllDigits(g)
                            : g.size() == 3 && g[0] >= 'A' && g[0] <= 'Z' && AllDigits(g.substr(1));
    if (!ok) {
      return Text(Msg::kCsvCodeGroup, {code, std::to_string(i + 1), g, Text(kShape[i])});
    }
  }
  return Text(Msg::kCsvCodeNotAgency, {code});
}

Result<archive::AgencyName> ReadAgencyRow(const Header& header, const Record& record) {
  archive::AgencyName agency;
  agency.code = Cell(header, record, Role::kListCode);
  agency.name = Cell(header, record, Role::kListName);
  if (agency.code.empty()) {
    return InvalidArgument(agency.name.empty() ? Text(Msg::kCsvCodeEmpty)
                                               : Text(Msg::kCsvCodeEmptyNamed, {agency.name}));
  }
  if (auto problem = AgencyCodeProblem(agency.code)) return InvalidArgument(*problem);
  if (agency.name.empty()) return InvalidArgument(Text(Msg::kCsvNameEmpty, {agency.code}));
  return agency;
}

// Reads every data row of `csv` with `read`, collecting rows and errors;
// a key seen twice is an error on the later line.
template <typename Row, typename Reader, typename KeyOf>
void ReadRows(CsvReader& reader, size_t columns, Reader read, KeyOf key_of,
              std::vector<Row>& rows, std::vector<int>& lines, std::vector<CsvRowError>& errors) {
  std::map<std::string, int> first_line;
  Record record;
  while (true) {
    std::string error;
    if (!reader.Next(record, error)) break;
    if (!error.empty()) {
      errors.push_back({record.line, error});
      break;
    }
    if (IsBlank(record)) continue;
    if (auto shape = ShapeError(record, columns)) {
      errors.push_back({record.line, *shape});
      continue;
    }
    Result<Row> row = read(record);
    if (!row.ok()) {
      errors.push_back({record.line, row.status().message()});
      continue;
    }
    auto [it, fresh] = first_line.emplace(key_of(*row), record.line);
    if (!fresh) {
      errors.push_back({record.line, Text(Msg::kCsvDuplicate, {key_of(*row), std::to_string(it->second)})});
      continue;
    }
    rows.push_back(std::move(row).value());
    lines.push_back(record.line);
  }
}

}  // namespace

std::string CanonicalColumnName(std::string_view name) {
  const std::string folded = FoldForSearch(Trim(name));
  std::string out;
  for (char c : folded) {
    const bool separator = c == ' ' || c == '.' || c == '-' || c == '_' || c == '\t' || c == '/';
    if (separator) {
      if (!out.empty() && out.back() != '_') out += '_';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

Result<std::string> ParseRegisterDate(std::string_view text) {
  std::string_view s = Trim(text);
  // A time after the date ("15/03/2024 08:30", "2024-03-15T08:30:00") is
  // what some exports write; the day is what counts.
  if (size_t cut = s.find_first_of(" T"); cut != std::string_view::npos) s = s.substr(0, cut);
  if (auto day = ParseDay(s)) return IsoDay(*day);
  if (ShapedLikeDay(s)) return InvalidArgument(Text(Msg::kDateNotInCalendar, {Trim(text)}));
  return InvalidArgument(Text(Msg::kDateNotADayRow, {Trim(text)}));
}

Result<RegisterCsv> ParseRegisterCsv(std::string_view bytes) {
  CsvReader reader(bytes);
  Record first;
  std::string error;
  if (!reader.Next(first, error) || !error.empty() || IsBlank(first)) {
    return InvalidArgument(Text(Msg::kCsvNoHeader, {Text(Msg::kCsvRegister)}));
  }
  SOHOA_ASSIGN_OR_RETURN(
      Header header,
      ReadHeader(first, kRegisterAliases,
                 {Role::kDossierCode, Role::kProcedureCode, Role::kReceived}, Text(Msg::kCsvRegister)));
  RegisterCsv out;
  ReadRows<archive::RegisterRow>(
      reader, first.fields.size(),
      [&header](const Record& r) { return ReadRegisterRow(header, r); },
      [](const archive::RegisterRow& r) { return r.dossier_code; }, out.rows, out.lines,
      out.errors);
  return out;
}

Result<BookCsv> ParseBookCsv(std::string_view bytes) {
  CsvReader reader(bytes);
  Record first;
  std::string error;
  if (!reader.Next(first, error) || !error.empty() || IsBlank(first)) {
    return InvalidArgument(Text(Msg::kCsvNoHeader, {Text(Msg::kCsvBookList)}));
  }
  SOHOA_ASSIGN_OR_RETURN(Header header, ReadHeader(first, kBookAliases,
                                                   {Role::kBookId, Role::kBookEntries},
                                                   Text(Msg::kCsvBookList)));
  BookCsv out;
  ReadRows<archive::BookRecord>(
      reader, first.fields.size(), [&header](const Record& r) { return ReadBookRow(header, r); },
      [](const archive::BookRecord& b) { return b.id; }, out.books, out.lines, out.errors);
  return out;
}

Result<AgencyCsv> ParseAgencyCsv(std::string_view bytes) {
  CsvReader reader(bytes);
  Record first;
  std::string error;
  if (!reader.Next(first, error) || !error.empty() || IsBlank(first)) {
    return InvalidArgument(Text(Msg::kCsvNoHeader, {Text(Msg::kCsvAgencyList)}));
  }
  SOHOA_ASSIGN_OR_RETURN(Header header, ReadHeader(first, kAgencyAliases,
                                                   {Role::kListCode, Role::kListName},
                                                   Text(Msg::kCsvAgencyList)));
  AgencyCsv out;
  ReadRows<archive::AgencyName>(
      reader, first.fields.size(), [&header](const Record& r) { return ReadAgencyRow(header, r); },
      [](const archive::AgencyName& a) { return a.code; }, out.agencies, out.lines, out.errors);
  return out;
}

}  // namespace sohoa::ingest
