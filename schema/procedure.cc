#include "schema/procedure.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "schema/text.h"

namespace sohoa {
namespace internal {
extern const std::string_view kBuiltinProceduresCsv;
}  // namespace internal

namespace {

// RFC 4180 fields: quoted fields may hold commas, doubled quotes and newlines.
// Returns false at end of input.
bool NextRecord(std::string_view csv, size_t& pos, std::vector<std::string>& fields, int& line,
                std::string& error) {
  fields.clear();
  if (pos >= csv.size()) return false;
  std::string field;
  bool quoted = false;
  bool any = false;
  while (pos < csv.size()) {
    char c = csv[pos++];
    any = true;
    if (quoted) {
      if (c == '"') {
        if (pos < csv.size() && csv[pos] == '"') {
          field += '"';
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\r') {
      // CRLF line ends: the '\n' that follows ends the record.
    } else if (c == '\n') {
      ++line;
      break;
    } else {
      field += c;
    }
  }
  if (quoted) {
    error = "unterminated quoted field";
    return false;
  }
  if (any) fields.push_back(std::move(field));
  return true;
}

std::vector<std::string> SplitTitles(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == '|') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

Result<std::vector<Procedure>> ParseProcedureCsv(std::string_view csv) {
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") csv.remove_prefix(3);
  size_t pos = 0;
  int line = 1;
  std::string error;
  std::vector<std::string> fields;
  if (!NextRecord(csv, pos, fields, line, error) || fields.size() < 7 || fields[0] != "code") {
    return InvalidArgument(
        "procedure catalog: the first line must be the header "
        "code,name,field,level,form_titles,result_titles,requires_paper_result");
  }
  std::vector<Procedure> out;
  while (true) {
    int record_line = line;
    if (!NextRecord(csv, pos, fields, line, error)) {
      if (!error.empty()) {
        return InvalidArgument("procedure catalog line " + std::to_string(record_line) + ": " + error);
      }
      break;
    }
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (fields.size() < 7) {
      return InvalidArgument("procedure catalog line " + std::to_string(record_line) + ": expected 7 to 9 columns, found " +
                             std::to_string(fields.size()));
    }
    Procedure p;
    p.code = fields[0];
    p.name = fields[1];
    p.field = fields[2];
    p.level = fields[3];
    p.form_titles = SplitTitles(fields[4]);
    p.result_titles = SplitTitles(fields[5]);
    p.requires_paper_result = fields[6] == "1" || fields[6] == "true";
    if (fields.size() > 7) p.code_status = fields[7];
    if (fields.size() > 8) {
      auto retention = NormalizeRetention(fields[8]);
      if (!retention.ok()) {
        return InvalidArgument("procedure catalog line " + std::to_string(record_line) + ": " +
                               retention.status().message());
      }
      p.retention = *retention;
    }
    if (p.code.empty() || p.name.empty()) {
      return InvalidArgument("procedure catalog line " + std::to_string(record_line) + ": code and name are required");
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<Procedure>> LoadProcedureCsv(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open procedure catalog " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto parsed = ParseProcedureCsv(buffer.str());
  if (!parsed.ok()) return parsed.status().WithContext(path.string());
  return parsed;
}

Result<std::string> NormalizeRetention(std::string_view text) {
  const std::string folded = FoldForSearch(text);
  std::string words;  // folded, single spaces, trimmed
  for (char c : folded) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!words.empty() && words.back() != ' ') words += ' ';
    } else {
      words += c;
    }
  }
  while (!words.empty() && words.back() == ' ') words.pop_back();
  if (words.empty()) return std::string();
  if (words == "permanent" || words == "vinh vien") return std::string("permanent");
  std::size_t digits = 0;
  while (digits < words.size() && std::isdigit(static_cast<unsigned char>(words[digits]))) ++digits;
  const std::string unit = words.substr(digits);
  const bool unit_ok = unit.empty() || unit == " nam" || unit == " years" || unit == " year" || unit == "y";
  if (digits == 0 || digits > 3 || !unit_ok) {
    return InvalidArgument("retention '" + std::string(text) +
                           "' is not a period: write 'permanent' (vĩnh viễn) or a number of years such as '20' or '20 năm'");
  }
  const int years = std::stoi(words.substr(0, digits));
  if (years < 1 || years > 200) {
    return InvalidArgument("retention '" + std::string(text) + "' must be between 1 and 200 years, or permanent");
  }
  return std::to_string(years);
}

const std::vector<Procedure>& BuiltinProcedures() {
  static const std::vector<Procedure> procedures = [] {
    auto parsed = ParseProcedureCsv(internal::kBuiltinProceduresCsv);
    return parsed.ok() ? std::move(parsed).value() : std::vector<Procedure>{};
  }();
  return procedures;
}

}  // namespace sohoa
