#include "schema/civil_record.h"

#include <utf8proc.h>

#include <algorithm>
#include <utility>

#include "schema/date.h"
#include "schema/messages.h"
#include "schema/text.h"
#include "schema/vietnamese_spelling.h"

namespace sohoa {
namespace {

using K = FieldKind;
constexpr bool kRequired = true;
constexpr bool kOptional = false;

// The column of each field in a records export (tools/report/formats.h
// RecordsCsv): the Vietnamese names a civil-status database import maps.
constexpr std::pair<std::string_view, std::string_view> kColumns[] = {
    {"no", "so_dang_ky"},
    {"registered", "ngay_dang_ky"},
    {"name", "ho_ten"},
    {"dob", "ngay_sinh"},
    {"sex", "gioi_tinh"},
    {"ethnicity", "dan_toc"},
    {"nationality", "quoc_tich"},
    {"birthplace", "noi_sinh"},
    {"mother", "ho_ten_me"},
    {"father", "ho_ten_cha"},
    {"declarant", "nguoi_di_dang_ky"},
    {"husband", "ho_ten_chong"},
    {"husband_dob", "ngay_sinh_chong"},
    {"husband_ethnicity", "dan_toc_chong"},
    {"husband_nationality", "quoc_tich_chong"},
    {"wife", "ho_ten_vo"},
    {"wife_dob", "ngay_sinh_vo"},
    {"wife_ethnicity", "dan_toc_vo"},
    {"wife_nationality", "quoc_tich_vo"},
    {"residence", "noi_cu_tru"},
    {"died", "ngay_chet"},
    {"death_place", "noi_chet"},
};

FormField Field(std::string key, std::string label, FieldKind kind, bool required,
                std::string suggestion = "") {
  std::string column = key;
  for (const auto& [k, c] : kColumns) {
    if (k == key) column = c;
  }
  return {std::move(key), std::move(label), kind, required, std::move(suggestion), std::move(column)};
}

struct BookForm {
  std::string_view book_type;  // "" for the generic form
  std::vector<FormField> fields;
};

// The keying forms, fields in the order the books print them. Keys are
// data other modules store and the OCR ledger reader fills: rename one only
// with a migration of keyed values.
const std::vector<BookForm>& Forms() {
  static const auto* forms = new std::vector<BookForm>{
      {"khai_sinh",
       {
           Field("no", "Số", K::kNumber, kRequired),
           Field("registered", "Ngày đăng ký", K::kDate, kRequired),
           Field("name", "Họ và tên", K::kName, kRequired),
           Field("dob", "Ngày sinh", K::kDate, kRequired),
           Field("sex", "Giới tính", K::kSex, kOptional),
           Field("ethnicity", "Dân tộc", K::kText, kOptional, "Kinh"),
           Field("nationality", "Quốc tịch", K::kText, kOptional, "Việt Nam"),
           Field("birthplace", "Nơi sinh", K::kText, kOptional),
           Field("mother", "Họ tên mẹ", K::kName, kOptional),
           Field("father", "Họ tên cha", K::kName, kOptional),
           Field("declarant", "Người đi đăng ký", K::kName, kOptional),
       }},
      {"ket_hon",
       {
           Field("no", "Số", K::kNumber, kRequired),
           Field("registered", "Ngày đăng ký", K::kDate, kRequired),
           Field("husband", "Họ tên chồng", K::kName, kRequired),
           Field("husband_dob", "Ngày sinh chồng", K::kDate, kOptional),
           Field("husband_ethnicity", "Dân tộc chồng", K::kText, kOptional, "Kinh"),
           Field("husband_nationality", "Quốc tịch chồng", K::kText, kOptional, "Việt Nam"),
           Field("wife", "Họ tên vợ", K::kName, kRequired),
           Field("wife_dob", "Ngày sinh vợ", K::kDate, kOptional),
           Field("wife_ethnicity", "Dân tộc vợ", K::kText, kOptional, "Kinh"),
           Field("wife_nationality", "Quốc tịch vợ", K::kText, kOptional, "Việt Nam"),
           Field("residence", "Nơi cư trú", K::kText, kOptional),
       }},
      {"khai_tu",
       {
           Field("no", "Số", K::kNumber, kRequired),
           Field("registered", "Ngày đăng ký", K::kDate, kRequired),
           Field("name", "Họ và tên", K::kName, kRequired),
           Field("dob", "Ngày sinh", K::kDate, kOptional),
           Field("sex", "Giới tính", K::kSex, kOptional),
           Field("ethnicity", "Dân tộc", K::kText, kOptional, "Kinh"),
           Field("nationality", "Quốc tịch", K::kText, kOptional, "Việt Nam"),
           Field("died", "Ngày chết", K::kDate, kOptional),
           Field("death_place", "Nơi chết", K::kText, kOptional),
           Field("declarant", "Người đi đăng ký", K::kName, kOptional),
       }},
      {"",
       {
           Field("no", "Số", K::kNumber, kRequired),
           Field("registered", "Ngày đăng ký", K::kDate, kRequired),
           Field("name", "Họ và tên", K::kName, kRequired),
           Field("dob", "Ngày sinh", K::kDate, kOptional),
           Field("sex", "Giới tính", K::kSex, kOptional),
           Field("birthplace", "Nơi sinh", K::kText, kOptional),
           Field("mother", "Họ tên mẹ", K::kName, kOptional),
           Field("father", "Họ tên cha", K::kName, kOptional),
       }},
  };
  return *forms;
}

// Pairs of dates where the first cannot come after the second.
constexpr std::pair<std::string_view, std::string_view> kDateOrder[] = {
    {"dob", "registered"},
    {"husband_dob", "registered"},
    {"wife_dob", "registered"},
    {"died", "registered"},
    {"dob", "died"},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

std::string WithoutLeadingZeros(std::string_view digits) {
  const std::size_t first = digits.find_first_not_of('0');
  return first == std::string_view::npos ? "0" : std::string(digits.substr(first));
}

// The form of comparison for the book's numbers: "07" and "7" are one.
std::string NumberKey(std::string_view value) {
  const std::string n = NormalizeKeyed(K::kNumber, value);
  return AllDigits(n) ? WithoutLeadingZeros(n) : LowerKeepMarks(n);
}

// NFC, trimmed, whitespace runs (no-break spaces included) made one space.
std::string Tidy(std::string_view value) {
  const std::string nfc = ToNfc(value);
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < nfc.size(); ++i) {
    const char c = nfc[i];
    const bool nbsp = c == '\xC2' && i + 1 < nfc.size() && nfc[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || nbsp) {
      space = true;
      if (nbsp) ++i;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy as dd/mm/yyyy, calendar or not;
// nullopt for anything else.
std::optional<std::string> PaddedDate(std::string_view text) {
  std::string parts[3];
  std::size_t part = 0;
  for (char c : text) {
    if (IsDigit(c)) {
      parts[part] += c;
    } else if ((c == '/' || c == '-' || c == '.') && part < 2) {
      ++part;
    } else {
      return std::nullopt;
    }
  }
  if (part != 2 || parts[0].empty() || parts[0].size() > 2 || parts[1].empty() ||
      parts[1].size() > 2 || parts[2].size() != 4) {
    return std::nullopt;
  }
  auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
  return two(parts[0]) + "/" + two(parts[1]) + "/" + parts[2];
}

// A year alone (1950) or a month (03/1950, 3-1950): what old books give for
// the birth of the old.
bool IsPartialDate(std::string_view text) {
  if (text.size() == 4) return AllDigits(text);
  const std::size_t cut = text.find_first_of("/-.");
  return cut != std::string_view::npos && cut >= 1 && cut <= 2 && AllDigits(text.substr(0, cut)) &&
         text.size() - cut - 1 == 4 && AllDigits(text.substr(cut + 1));
}

// The characters of a name no name has, each once, in order: anything but
// letters and spaces, except a hyphen or apostrophe between two letters.
std::string ForeignCharacters(std::string_view name) {
  std::vector<std::pair<utf8proc_int32_t, std::string_view>> chars;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(name.data());
  for (utf8proc_ssize_t at = 0, size = static_cast<utf8proc_ssize_t>(name.size()); at < size;) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(bytes + at, size - at, &cp);
    if (n <= 0) {
      n = 1;
      cp = 0xFFFD;
    }
    chars.emplace_back(cp, name.substr(static_cast<std::size_t>(at), static_cast<std::size_t>(n)));
    at += n;
  }
  auto is_letter = [](utf8proc_int32_t cp) {
    switch (utf8proc_category(cp)) {
      case UTF8PROC_CATEGORY_LU:
      case UTF8PROC_CATEGORY_LL:
      case UTF8PROC_CATEGORY_LT:
      case UTF8PROC_CATEGORY_LM:
      case UTF8PROC_CATEGORY_LO:
      case UTF8PROC_CATEGORY_MN:
      case UTF8PROC_CATEGORY_MC:
        return true;
      default:
        return false;
    }
  };
  std::vector<std::string_view> foreign;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const auto cp = chars[i].first;
    if (cp == ' ' || is_letter(cp) || cp == '?') continue;  // '?': a letter nobody can read
    if ((cp == '-' || cp == '\'') && i > 0 && i + 1 < chars.size() &&
        is_letter(chars[i - 1].first) && is_letter(chars[i + 1].first)) {
      continue;
    }
    if (std::find(foreign.begin(), foreign.end(), chars[i].second) == foreign.end()) {
      foreign.push_back(chars[i].second);
    }
  }
  std::string out;
  for (std::string_view c : foreign) out += (out.empty() ? "" : " ") + std::string(c);
  return out;
}

std::string Join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : std::string(separator)) + word;
  return out;
}

}  // namespace

std::string_view FieldKindName(FieldKind kind) {
  switch (kind) {
    case FieldKind::kNumber:
      return "number";
    case FieldKind::kDate:
      return "date";
    case FieldKind::kName:
      return "name";
    case FieldKind::kSex:
      return "sex";
    case FieldKind::kText:
      return "text";
  }
  return "text";
}

const std::vector<FormField>& KeyingForm(std::string_view book_type) {
  const auto& forms = Forms();
  for (const BookForm& form : forms) {
    if (form.book_type == book_type) return form.fields;
  }
  return forms.back().fields;
}

const FormField* FindFormField(std::string_view book_type, std::string_view key) {
  for (const FormField& field : KeyingForm(book_type)) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

std::string NormalizeKeyed(FieldKind kind, std::string_view value) {
  std::string tidy = Tidy(value);
  switch (kind) {
    case FieldKind::kDate:
      if (auto padded = PaddedDate(tidy)) return *padded;
      return tidy;
    case FieldKind::kSex: {
      // A closed choice, so "nu" without its mark can only mean Nữ.
      const std::string lower = LowerKeepMarks(tidy);
      if (lower == "nam") return "Nam";
      if (lower == "nữ" || lower == "nu") return "Nữ";
      return tidy;
    }
    case FieldKind::kName: {
      std::string out;
      for (std::size_t i = 0; i < tidy.size(); ++i) {
        // ’ (U+2019) and ʼ (U+02BC), as phones and word processors type H'Hen.
        if (tidy.compare(i, 3, "\u2019") == 0) {
          out += '\'';
          i += 2;
        } else if (tidy.compare(i, 2, "\u02BC") == 0) {
          out += '\'';
          i += 1;
        } else {
          out += tidy[i];
        }
      }
      return out;
    }
    case FieldKind::kNumber:
    case FieldKind::kText:
      return tidy;
  }
  return tidy;
}

namespace {

// What two spellings of the same words share: each Vietnamese syllable as
// its onset, rhyme and tone, wherever the tone mark was put (Hòa and Hoà,
// thủy and thuỷ: the old and the new placement, as two keyboards type them);
// anything else lower-cased with its marks.
std::string ComparisonKey(std::string_view value) {
  std::string key;
  std::size_t at = 0;
  while (at < value.size()) {
    const std::size_t end = std::min(value.find(' ', at), value.size());
    const std::string_view word = value.substr(at, end - at);
    if (auto syllable = ParseSyllable(word)) {
      key += syllable->onset + syllable->rhyme + '#' + std::to_string(static_cast<int>(syllable->tone));
    } else {
      key += LowerKeepMarks(word);
    }
    key += ' ';
    at = end + 1;
  }
  return key;
}

}  // namespace

bool SameKeyed(FieldKind kind, std::string_view a, std::string_view b) {
  const std::string x = NormalizeKeyed(kind, a), y = NormalizeKeyed(kind, b);
  if (kind == FieldKind::kNumber && AllDigits(x) && AllDigits(y)) {
    return WithoutLeadingZeros(x) == WithoutLeadingZeros(y);
  }
  return LowerKeepMarks(x) == LowerKeepMarks(y) || ComparisonKey(x) == ComparisonKey(y);
}

std::vector<std::string> DifferingFields(std::string_view book_type,
                                         const std::map<std::string, std::string>& a,
                                         const std::map<std::string, std::string>& b) {
  auto value = [](const std::map<std::string, std::string>& values, const std::string& key) {
    const auto it = values.find(key);
    return it == values.end() ? std::string_view() : std::string_view(it->second);
  };
  std::vector<std::string> differ;
  for (const FormField& field : KeyingForm(book_type)) {
    if (!SameKeyed(field.kind, value(a, field.key), value(b, field.key))) {
      differ.push_back(field.key);
    }
  }
  return differ;
}

std::vector<EntryIssue> CheckEntry(const EntryContext& context,
                                   const std::map<std::string, std::string>& values) {
  const auto& form = KeyingForm(context.book_type);
  const std::optional<Day> today = ParseIsoDay(context.today.empty() ? TodayIso() : context.today);
  std::vector<EntryIssue> issues;
  std::map<std::string, std::pair<Day, std::string>> dates;  // key → real day, as keyed
  auto flag = [&](const FormField& field, std::string code, Msg msg,
                  std::initializer_list<std::string_view> args, bool confirmable) {
    issues.push_back({field.key, std::move(code), Text(msg, args), confirmable});
  };

  for (const FormField& field : form) {
    const auto it = values.find(field.key);
    const std::string value = it == values.end() ? "" : NormalizeKeyed(field.kind, it->second);
    if (value.empty()) {
      if (field.required) flag(field, "required", Msg::kKeyRequired, {field.label}, false);
      continue;
    }
    switch (field.kind) {
      case FieldKind::kDate: {
        const auto padded = PaddedDate(value);
        if (!padded || *padded != value) {
          const bool partial = IsPartialDate(value);
          flag(field, "bad_date", partial ? Msg::kKeyDatePartial : Msg::kKeyDateShape,
               {field.label, value}, partial);
          break;
        }
        const Day day{std::stoi(value.substr(6)), std::stoi(value.substr(3, 2)),
                      std::stoi(value.substr(0, 2))};
        if (!IsRealDay(day.year, day.month, day.day)) {
          flag(field, "bad_date", Msg::kKeyDateNotReal, {field.label, value}, true);
          break;
        }
        if (today && day > *today) {
          flag(field, "future_date", Msg::kKeyDateFuture, {field.label, value, ShownDay(*today)},
               true);
        }
        dates[field.key] = {day, value};
        break;
      }
      case FieldKind::kNumber: {
        if (!AllDigits(value) || value.size() > 15) {
          flag(field, "number_not_a_number", Msg::kKeyNumberNotNumber, {field.label, value}, true);
        } else if (context.previous_number && std::stoll(value) != *context.previous_number + 1) {
          flag(field, "number_out_of_sequence", Msg::kKeyNumberSequence,
               {field.label, value, std::to_string(*context.previous_number),
                std::to_string(*context.previous_number + 1)},
               true);
        }
        const std::string key = NumberKey(value);
        const bool repeated =
            std::any_of(context.other_numbers.begin(), context.other_numbers.end(),
                        [&](const std::string& other) { return NumberKey(other) == key; });
        if (repeated) {
          flag(field, "number_repeated", Msg::kKeyNumberRepeated, {field.label, value}, true);
        }
        break;
      }
      case FieldKind::kSex:
        if (value != "Nam" && value != "Nữ") {
          flag(field, "bad_sex", Msg::kKeySex, {field.label, value}, false);
        }
        break;
      case FieldKind::kName: {
        if (value.find('?') != std::string::npos) {
          // The page cannot be read there: kept as keyed, with a warning, so
          // an archivist can find the entries with illegible names.
          flag(field, "illegible", Msg::kKeyIllegible, {field.label, value}, true);
        }
        if (const std::string foreign = ForeignCharacters(value); !foreign.empty()) {
          flag(field, "name_characters", Msg::kKeyNameCharacters, {field.label, value, foreign},
               false);
        } else if (const auto words = NonVietnameseWords(value);
                   !words.empty() && value.find('?') == std::string::npos) {
          flag(field, "name_syllable", Msg::kKeyNameSyllable,
               {field.label, value, Join(words, ", ")}, true);
        }
        break;
      }
      case FieldKind::kText:
        break;
    }
  }

  if (const auto registered = dates.find("registered");
      registered != dates.end() && context.first_year > 0) {
    const int first = context.first_year;
    const int last = std::max(first, context.last_year);
    const int year = registered->second.first.year;
    if (year < first || year > last) {
      const std::string years = first == last ? std::to_string(first)
                                              : std::to_string(first) + "-" + std::to_string(last);
      const FormField& field = *FindFormField(context.book_type, "registered");
      flag(field, "year_outside_book", Msg::kKeyYearOutsideBook,
           {field.label, registered->second.second, years}, true);
    }
  }
  for (const auto& [later, earlier] : kDateOrder) {
    const auto a = dates.find(std::string(later)), b = dates.find(std::string(earlier));
    if (a == dates.end() || b == dates.end() || a->second.first <= b->second.first) continue;
    const FormField& field = *FindFormField(context.book_type, later);
    flag(field, "born_after_registered", Msg::kKeyDateAfter,
         {field.label, a->second.second, FindFormField(context.book_type, earlier)->label,
          b->second.second},
         true);
    issues.back().other_field = std::string(earlier);
  }

  // Field by field as the form shows them, whichever check found it.
  auto position = [&](const EntryIssue& issue) {
    return std::find_if(form.begin(), form.end(),
                        [&](const FormField& f) { return f.key == issue.field; }) -
           form.begin();
  };
  std::stable_sort(issues.begin(), issues.end(), [&](const EntryIssue& x, const EntryIssue& y) {
    return position(x) < position(y);
  });
  return issues;
}

}  // namespace sohoa
