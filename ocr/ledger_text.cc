#include "ocr/ledger_text.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <regex>
#include <set>
#include <utility>
#include <vector>

#include "ocr/ledger.h"
#include "schema/civil_record.h"
#include "schema/surnames.h"
#include "schema/text.h"

namespace sohoa::ocr {
namespace {

constexpr int kMaxAgeAtRegistration = 120;

std::string Trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// Folded, with everything but letters and digits turned into single spaces.
std::string Key(std::string_view text) {
  std::string folded = FoldForSearch(text), out;
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::size_t CodePointLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// "XÃ VĨNH PHƯƠNG" → "xã Vĩnh Phương": the unit words in lower case, the
// name words with their first letter as printed and the rest lowered.
std::string CommuneCase(std::string_view caps) {
  std::vector<std::string> words;
  std::string word;
  for (char c : caps) {
    if (c == ' ') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::string out;
  bool unit = true;
  for (const std::string& w : words) {
    std::string lower = LowerKeepMarks(w);
    const std::string folded = FoldForSearch(w);
    unit = unit && (folded == "xa" || folded == "phuong" || folded == "thi" || folded == "tran");
    if (!out.empty()) out += ' ';
    if (unit) {
      out += lower;
      continue;
    }
    const std::size_t first = CodePointLength(static_cast<unsigned char>(w[0]));
    const std::size_t lower_first = CodePointLength(static_cast<unsigned char>(lower[0]));
    out += w.substr(0, first) + lower.substr(std::min(lower_first, lower.size()));
  }
  return out;
}

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

std::string DigitsOf(std::string_view s, bool lenient) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      out += c;
    } else if (lenient && (c == 'O' || c == 'o' || c == 'D')) {
      out += '0';
    } else if (lenient && (c == 'l' || c == 'I' || c == '|' || c == 'i')) {
      out += '1';
    }
  }
  return out;
}

// Headings as registers print them (folded, punctuation dropped) and their keys.
const std::vector<std::pair<std::string, std::string>>& Headings() {
  static const std::vector<std::pair<std::string, std::string>> headings = {
      {"so", "no"},
      {"stt", "no"},
      {"so tt", "no"},
      {"so thu tu", "no"},
      {"ngay dang ky", "registered"},
      {"ngay thang nam dang ky", "registered"},
      {"ho va ten", "name"},
      {"ho ten", "name"},
      {"ngay sinh", "dob"},
      {"ngay thang nam sinh", "dob"},
      {"gioi tinh", "sex"},
      {"noi sinh", "birthplace"},
      {"ho ten me", "mother"},
      {"ho va ten me", "mother"},
      {"ho ten cha", "father"},
      {"ho va ten cha", "father"},
      {"ho ten chong", "husband"},
      {"ngay sinh chong", "husband_dob"},
      {"ho ten vo", "wife"},
      {"ngay sinh vo", "wife_dob"},
      {"noi cu tru", "residence"},
      {"ngay chet", "died"},
      {"ngay mat", "died"},
      {"noi chet", "death_place"},
  };
  return headings;
}

// What a speck of the scan is read as (`ch` is one character, as UTF-8):
// ASCII marks, and the typographic ones Tesseract gives a speck ("„", "›",
// "¬", "|", "!").
bool StrayMark(std::string_view ch) {
  static const std::set<std::string_view> marks = {
      ".", ",", ":", ";", "`", "'", "\"", "-", "_", "^", "~", "!", "|",
      "¬", "›", "‹", "„", "“", "”", "‘", "’", "«", "»", "•", "·"};
  return marks.contains(ch);
}

// The characters of `s`, each as its UTF-8 bytes.
std::vector<std::string_view> Chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

bool IsPlaceField(std::string_view field) {
  return field == "birthplace" || field == "death_place" || field == "residence";
}

// A place without the marks set apart at its end ("Vạn Giã :", "Hải - _"):
// a place ends in a name. A mark touching the last word stays.
std::string WithoutTrailingStrayPunctuation(std::string_view place) {
  const std::string trimmed = Trim(place);
  std::vector<std::string_view> chars = Chars(trimmed);
  while (chars.size() >= 2 && StrayMark(chars.back()) &&
         (chars[chars.size() - 2] == " " || StrayMark(chars[chars.size() - 2]))) {
    chars.pop_back();
    while (!chars.empty() && chars.back() == " ") chars.pop_back();
  }
  std::string out;
  for (std::string_view ch : chars) out += ch;
  return out;
}

// A name without the punctuation that stands at a word's edge: a speck of
// the scan read as ". , : ; ` ' \" - _ ^ ~". Between two letters it stays
// (H'Hen, a hyphenated name).
std::string WithoutStrayPunctuation(std::string_view name) {
  const std::vector<std::string_view> chars = Chars(name);
  auto edge = [&](std::size_t i) {  // no letter there: outside, a space or more punctuation
    return i >= chars.size() || chars[i] == " " || StrayMark(chars[i]);
  };
  std::string out;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    if (StrayMark(chars[i]) && (i == 0 || edge(i - 1) || edge(i + 1))) {
      out += ' ';
      continue;
    }
    out += chars[i];
  }
  std::string tidy;
  for (char c : out) {
    if (c == ' ' && (tidy.empty() || tidy.back() == ' ')) continue;
    tidy += c;
  }
  while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
  return tidy;
}

}  // namespace

bool FillFieldsFromLayout(std::string_view type, std::vector<std::string>& fields) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> layouts = {
      {"khai_sinh", {"no", "registered", "name", "dob", "sex", "birthplace", "mother", "father"}},
      {"ket_hon", {"no", "registered", "husband", "husband_dob", "wife", "wife_dob", "residence"}},
      {"khai_tu", {"no", "registered", "name", "dob", "sex", "died", "death_place"}},
  };
  if (std::find(fields.begin(), fields.end(), "") == fields.end()) return false;
  const std::vector<std::string>* match = nullptr;
  for (const auto& [name, layout] : layouts) {
    if (!type.empty() && name != type) continue;
    if (layout.size() != fields.size()) continue;
    bool fits = true;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      fits = fits && (fields[i].empty() || fields[i] == layout[i]);
    }
    if (!fits) continue;
    if (match != nullptr) return false;  // two layouts fit: do not guess
    match = &layout;
  }
  if (match == nullptr) return false;
  fields = *match;
  return true;
}

std::vector<bool> RepairEntryNumbers(std::vector<std::string>& numbers) {
  std::vector<bool> changed(numbers.size(), false);
  std::vector<std::pair<long, int>> votes;  // offset, count
  int read = 0;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const std::string& n = numbers[i];
    if (n.empty() || n.size() > 6 || DigitsOf(n, false) != n) continue;
    ++read;
    const long offset = std::stol(n) - static_cast<long>(i);
    auto it = std::find_if(votes.begin(), votes.end(), [&](const auto& v) { return v.first == offset; });
    if (it == votes.end()) {
      votes.emplace_back(offset, 1);
    } else {
      ++it->second;
    }
  }
  if (votes.empty()) return changed;
  auto best = std::max_element(votes.begin(), votes.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  if (best->second < 2 || 2 * best->second <= read || best->first + 0 < 1) return changed;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const std::string want = std::to_string(best->first + static_cast<long>(i));
    if (numbers[i] != want) {
      numbers[i] = want;
      changed[i] = true;
    }
  }
  return changed;
}

std::vector<bool> RegistrationsOutOfOrder(const std::vector<std::string>& dates) {
  const std::size_t n = dates.size();
  std::vector<long> key(n, -1);  // yyyymmdd, or -1 when not judged
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& d = dates[i];
    if (d.size() != 10 || d[2] != '/' || d[5] != '/') continue;
    const std::string digits = d.substr(0, 2) + d.substr(3, 2) + d.substr(6);
    if (DigitsOf(digits, false) != digits) continue;
    key[i] = std::stol(digits.substr(4)) * 10000 + std::stol(digits.substr(2, 2)) * 100 +
             std::stol(digits.substr(0, 2));
  }
  // ending[i] / starting[i]: the longest run in order (never going back)
  // that ends / starts at row i.
  std::vector<int> ending(n, 0), starting(n, 0);
  int longest = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (key[i] < 0) continue;
    ending[i] = 1;
    for (std::size_t j = 0; j < i; ++j) {
      if (key[j] >= 0 && key[j] <= key[i]) ending[i] = std::max(ending[i], ending[j] + 1);
    }
    longest = std::max(longest, ending[i]);
  }
  for (std::size_t i = n; i-- > 0;) {
    if (key[i] < 0) continue;
    starting[i] = 1;
    for (std::size_t j = i + 1; j < n; ++j) {
      if (key[j] >= 0 && key[i] <= key[j]) starting[i] = std::max(starting[i], starting[j] + 1);
    }
  }
  // A row is in every longest run when it is in one and no other row of a
  // longest run takes its place in the run (the same ending length).
  std::vector<int> at_place(static_cast<std::size_t>(longest) + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (key[i] >= 0 && ending[i] + starting[i] - 1 == longest) ++at_place[ending[i]];
  }
  std::vector<bool> out(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (key[i] < 0) continue;
    const bool in_one = ending[i] + starting[i] - 1 == longest;
    out[i] = !in_one || at_place[ending[i]] > 1;
  }
  return out;
}

bool IsDateField(std::string_view field) {
  return field == "registered" || field == "dob" || field == "died" || field.ends_with("_dob");
}

bool IsNameField(std::string_view field) {
  for (std::string_view type : {"khai_sinh", "ket_hon", "khai_tu"}) {
    const FormField* f = FindFormField(type, field);
    if (f != nullptr && f->kind == FieldKind::kName) return true;
  }
  return false;
}

std::map<std::string, std::string> LedgerRowDoubts(
    std::string_view book_type, int book_year, const std::map<std::string, std::string>& values) {
  EntryContext context;
  context.book_type = book_type;
  if (context.book_type.empty()) {
    context.book_type = values.contains("husband") || values.contains("wife") ? "ket_hon"
                        : values.contains("died") || values.contains("death_place")
                            ? "khai_tu"
                            : "khai_sinh";
  }
  context.first_year = context.last_year = book_year;
  std::map<std::string, std::string> doubts;
  // The keying checks pad "2/12/1925"; a printed book's cell is read whole or not at all.
  for (const auto& [field, text] : values) {
    if (!IsDateField(field)) continue;
    bool shaped = text.size() == 10;
    for (std::size_t i = 0; shaped && i < text.size(); ++i) {
      shaped = i == 2 || i == 5 ? text[i] == '/'
                                : std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    }
    if (!shaped) doubts.emplace(field, "bad_date");
  }
  // A place ends in a name: a mark after it is a speck or a misreading.
  for (const auto& [field, text] : values) {
    if (IsPlaceField(field) && !text.empty() && StrayMark(Chars(text).back())) {
      doubts.emplace(field, "place_mark");
    }
  }
  // No one is registered more than 120 years after their birth: a year of
  // birth read 1333 or 1102 is a misreading, however real the day.
  const auto registered = values.find("registered");
  const int now = registered != values.end() && registered->second.size() == 10 &&
                          !doubts.contains("registered")
                      ? std::atoi(registered->second.c_str() + 6)
                      : book_year;
  for (const auto& [field, text] : values) {
    if (now <= 0 || doubts.contains(field) || text.size() != 10 ||
        (field != "dob" && !field.ends_with("_dob"))) {
      continue;
    }
    if (std::atoi(text.c_str() + 6) < now - kMaxAgeAtRegistration) doubts.emplace(field, "too_old");
  }
  for (const EntryIssue& issue : CheckEntry(context, values)) {
    if (issue.code == "required" || issue.code.starts_with("number_")) continue;
    doubts.emplace(issue.field, issue.code);
    if (!issue.other_field.empty()) doubts.emplace(issue.other_field, issue.code);
  }
  return doubts;
}

std::string FieldForHeading(std::string_view heading) {
  const std::string key = Key(heading);
  if (key.empty()) return "";
  int best = 1 << 30;
  std::string field;
  for (const auto& [text, name] : Headings()) {
    if (key == text) return name;
    int d = EditDistance(key, text);
    if (d < best) {
      best = d;
      field = name;
    }
  }
  // One slip in a short heading, two in a long one.
  return best <= (key.size() >= 8 ? 2 : 1) ? field : "";
}

RegisterHeader ParseRegisterHeader(std::string_view text) {
  RegisterHeader header;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = ToNfc(text.substr(start, end - start));
    start = end + 1;
    const std::string key = Key(line);
    const std::size_t at = key.find("so dang ky");
    if (at == std::string::npos) continue;
    header.text = Trim(line);
    const std::string rest = key.substr(at + 10);
    if (rest.starts_with(" khai sinh")) header.type = "khai_sinh";
    if (rest.starts_with(" ket hon")) header.type = "ket_hon";
    if (rest.starts_with(" khai tu")) header.type = "khai_tu";

    std::string dashed = ReplaceAll(ReplaceAll(header.text, "–", "-"), "—", "-");
    std::vector<std::string> parts;
    std::size_t from = 0;
    while (from <= dashed.size()) {
      std::size_t dash = dashed.find('-', from);
      if (dash == std::string::npos) dash = dashed.size();
      std::string part = Trim(std::string_view(dashed).substr(from, dash - from));
      if (!part.empty()) parts.push_back(std::move(part));
      from = dash + 1;
    }
    if (parts.size() >= 3) header.commune = CommuneCase(parts[1]);

    // The slash between volume and year is sometimes read as an I or l: "02I2011".
    static const std::regex volume_re(R"(quyen so\s*(\d{1,3})\s*(?:[il]\s*)?(\d{4}))");
    std::smatch m;
    if (std::regex_search(key, m, volume_re)) {
      std::string volume = m[1].str();
      if (volume.size() < 2) volume = "0" + volume;
      header.volume = volume;
      header.year = std::stoi(m[2].str());
    }
    return header;
  }
  return header;
}

std::string NormalizeLedgerValue(std::string_view field, std::string_view text) {
  std::string value = Trim(text);
  if (value.empty()) return value;
  if (field == "no") {
    std::string digits = DigitsOf(value, true);
    return digits.empty() ? value : digits;
  }
  if (IsDateField(field)) {
    std::string digits = DigitsOf(value, true);
    // A slash read as a 1: "27/1212014".
    if (digits.size() == 9 && value.size() == 10 && value[2] == '/' && value[5] != '/') {
      digits.erase(4, 1);
    }
    if (digits.size() == 8) {
      return digits.substr(0, 2) + "/" + digits.substr(2, 2) + "/" + digits.substr(4);
    }
    return value;
  }
  if (IsNameField(field)) {
    // A name starts with a surname: "Trân Minh Mai" is Trần Minh Mai.
    std::string name = WithoutStrayPunctuation(value);
    const std::size_t space = name.find(' ');
    if (space != std::string::npos) {
      if (std::optional<std::string> surname = SurnameMeant(name.substr(0, space))) {
        name = *surname + name.substr(space);
      }
    }
    return name;
  }
  if (IsPlaceField(field)) return WithoutTrailingStrayPunctuation(value);
  if (field == "sex") {
    const std::string key = Key(value);
    if (key == "nam") return "Nam";
    if (key == "nu" || key == "nir" || key == "nit") return "Nữ";
    return value;
  }
  return value;
}

}  // namespace sohoa::ocr
