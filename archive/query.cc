// ParseQuery: the query language of archive/query.h, read one token at a
// time. Columns in messages count characters (code points), from 1.
#include "archive/query.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <optional>

#include "archive/internal/search_text.h"
#include "schema/agency.h"
#include "schema/date.h"
#include "schema/text.h"

namespace sohoa::archive {
namespace {

constexpr std::size_t kMaxQueryWords = 32;

struct NamedFilter {
  std::string_view name;  // without the colon
  FilterKind kind;
  std::string_view example;
};

constexpr std::array<NamedFilter, 8> kFilters = {{
    {"code", FilterKind::kCode, "code:000.31.22.H32-230620-0017"},
    {"procedure", FilterKind::kProcedure, "procedure:1.001193 or procedure:\"khai sinh\""},
    {"field", FilterKind::kField, "field:\"hộ tịch\""},
    {"agency", FilterKind::kAgency, "agency:000.00.22.H32"},
    {"cccd", FilterKind::kCitizenId, "cccd:056189004512"},
    {"name", FilterKind::kName, "name:\"nguyen van duc\""},
    {"kind", FilterKind::kKind, "kind:receipt"},
    {"received", FilterKind::kReceived, "received:2023-01-01..2023-06-30"},
}};

constexpr std::string_view kFilterList =
    "code:, procedure:, field:, agency:, cccd:, name:, kind:, received:";

// Document kinds and the names people use for them, folded.
struct KindName {
  std::string_view folded;
  std::string_view kind;
};
constexpr std::array<KindName, 24> kKindNames = {{
    {"receipt", "receipt"},
    {"bien nhan", "receipt"},
    {"giay bien nhan", "receipt"},
    {"tiep nhan", "receipt"},
    {"giay tiep nhan", "receipt"},
    {"phieu tiep nhan", "receipt"},
    {"form", "form"},
    {"to khai", "form"},
    {"don", "form"},
    {"id copy", "id_copy"},
    {"idcopy", "id_copy"},
    {"id", "id_copy"},
    {"giay to tuy than", "id_copy"},
    {"tuy than", "id_copy"},
    {"cccd", "id_copy"},
    {"cmnd", "id_copy"},
    {"can cuoc", "id_copy"},
    {"result", "result"},
    {"ket qua", "result"},
    {"giay to ket qua", "result"},
    {"other", "other"},
    {"khac", "other"},
    {"giay to khac", "other"},
    {"supporting", "other"},
}};

struct CodePoint {
  char32_t value;
  std::size_t begin;  // byte offset
};

std::vector<CodePoint> Decode(std::string_view text) {
  std::vector<CodePoint> out;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n =
        utf8proc_iterate(p + pos, static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (n <= 0) {
      cp = 0xFFFD;
      n = 1;
    }
    out.push_back({static_cast<char32_t>(cp), pos});
    pos += static_cast<std::size_t>(n);
  }
  return out;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x3000;
}

bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// The folded words of `text`, space-separated.
std::string FoldedWords(std::string_view text) {
  std::string out;
  for (const std::string& w : internal::SplitWordsInOrder(FoldForSearch(text))) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// Is `s` a beginning of a dossier code (ddd.dd.dd.Ldd-dddddd-dddd)?
bool IsDossierCodePrefix(std::string_view s) {
  static constexpr std::string_view kShape = "ddd.dd.dd.Ldd-dddddd-dddd";
  if (s.empty() || s.size() > kShape.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    switch (kShape[i]) {
      case 'd':
        if (!IsDigit(s[i])) return false;
        break;
      case 'L':
        if (s[i] < 'A' || s[i] > 'Z') return false;
        break;
      default:
        if (s[i] != kShape[i]) return false;
    }
  }
  return true;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), cps_(Decode(text)) {}

  Result<Query> Parse() {
    while (true) {
      while (pos_ < cps_.size() && IsSpace(cps_[pos_].value)) ++pos_;
      if (pos_ >= cps_.size()) break;
      SOHOA_RETURN_IF_ERROR(ParseToken());
    }
    std::size_t words = 0;
    for (const QueryTerm& t : query_.terms) words += t.words.size();
    if (words > kMaxQueryWords) {
      return InvalidArgument("the query has " + std::to_string(words) + " words; use at most " +
                             std::to_string(kMaxQueryWords));
    }
    if (!query_.empty() && !query_.HasPositivePart()) {
      return InvalidArgument(
          "the query only excludes (" + first_exclusion_ +
          "); add a word or a filter to search for, e.g. nguyen -lan");
    }
    return std::move(query_);
  }

 private:
  int Column(std::size_t cp_index) const { return static_cast<int>(cp_index) + 1; }
  std::string At(std::size_t cp_index) const { return " at column " + std::to_string(Column(cp_index)); }
  std::size_t Byte(std::size_t cp_index) const {
    return cp_index < cps_.size() ? cps_[cp_index].begin : text_.size();
  }
  std::string_view Slice(std::size_t from, std::size_t to) const {
    return text_.substr(Byte(from), Byte(to) - Byte(from));
  }

  // The index of the quote closing the one at `open`, or an error.
  Result<std::size_t> ClosingQuote(std::size_t open) const {
    for (std::size_t i = open + 1; i < cps_.size(); ++i) {
      if (cps_[i].value == '"') return i;
    }
    const std::string rest(Slice(open + 1, std::min(cps_.size(), open + 16)));
    std::string message = "unclosed quote" + At(open) + ": end the phrase with another \"";
    if (rest.find_first_not_of(' ') != std::string::npos) message += ", e.g. \"" + rest + "\"";
    return InvalidArgument(message);
  }

  void NoteExclusion(std::size_t start, std::size_t end) {
    if (first_exclusion_.empty()) first_exclusion_ = std::string(Slice(start, end));
  }

  Status ParseToken() {
    const std::size_t start = pos_;
    bool negated = false;
    if (cps_[pos_].value == '-' && pos_ + 1 < cps_.size() && !IsSpace(cps_[pos_ + 1].value)) {
      negated = true;
      ++pos_;
    }
    if (cps_[pos_].value == '"') return ParsePhrase(start, negated);

    const std::size_t body = pos_;
    while (pos_ < cps_.size() && !IsSpace(cps_[pos_].value) && cps_[pos_].value != '"') ++pos_;

    // name:value, the name in ASCII letters.
    std::size_t colon = body;
    while (colon < pos_ && IsAsciiLetter(cps_[colon].value)) ++colon;
    if (colon > body && colon < pos_ && cps_[colon].value == ':') {
      const std::string name = [&] {
        std::string n(Slice(body, colon));
        for (char& c : n) c = static_cast<char>(c | 0x20);
        return n;
      }();
      const auto known = std::find_if(kFilters.begin(), kFilters.end(),
                                      [&](const NamedFilter& f) { return f.name == name; });
      const bool has_value =
          colon + 1 < pos_ || (colon + 1 == pos_ && pos_ < cps_.size() && cps_[pos_].value == '"');
      if (known != kFilters.end()) return ParseFilter(*known, start, body, colon, negated);
      if (has_value) {
        return InvalidArgument("unknown filter \"" + std::string(Slice(body, colon + 1)) + "\"" +
                               At(body) + "; filters are " + std::string(kFilterList));
      }
      // "Tên:" pasted from a form is a word with a colon, not a filter.
    }
    return PlainTerm(start, body, pos_, negated);
  }

  Status ParsePhrase(std::size_t start, bool negated) {
    const std::size_t open = pos_;
    SOHOA_ASSIGN_OR_RETURN(std::size_t close, ClosingQuote(open));
    pos_ = close + 1;
    bool prefix = false;
    while (pos_ < cps_.size() && cps_[pos_].value == '*') {
      prefix = true;
      ++pos_;
    }
    QueryTerm term;
    term.words = internal::SplitWordsInOrder(ToNfc(Slice(open + 1, close)));
    if (term.words.empty()) return Status::Ok();  // "" or "--": nothing to find
    term.phrase = term.words.size() > 1;
    term.prefix = prefix;
    term.negated = negated;
    term.column = Column(start);
    if (negated) NoteExclusion(start, pos_);
    query_.terms.push_back(std::move(term));
    return Status::Ok();
  }

  Status PlainTerm(std::size_t start, std::size_t body, std::size_t end, bool negated) {
    std::size_t stars = end;
    while (stars > body && cps_[stars - 1].value == '*') --stars;
    for (std::size_t i = body; i < stars; ++i) {
      if (cps_[i].value == '*') {
        return InvalidArgument("\"*\"" + At(i) +
                               " may only end a word, to find words that begin with it: ngu*");
      }
    }
    QueryTerm term;
    term.words = internal::SplitWordsInOrder(ToNfc(Slice(body, stars)));
    if (term.words.empty()) {
      if (stars < end) {
        return InvalidArgument("\"" + std::string(Slice(body, end)) + "\"" + At(body) +
                               ": a * ends the beginning of a word, e.g. ngu*");
      }
      return Status::Ok();  // punctuation alone
    }
    term.phrase = term.words.size() > 1;
    term.prefix = stars < end;
    term.negated = negated;
    term.column = Column(start);
    if (negated) NoteExclusion(start, end);
    query_.terms.push_back(std::move(term));
    return Status::Ok();
  }

  Status ParseFilter(const NamedFilter& named, std::size_t start, std::size_t body,
                     std::size_t colon, bool negated) {
    const std::string label = std::string(named.name) + ":";
    std::string raw;
    if (colon + 1 == pos_ && pos_ < cps_.size() && cps_[pos_].value == '"') {
      SOHOA_ASSIGN_OR_RETURN(std::size_t close, ClosingQuote(pos_));
      raw = ToNfc(Slice(pos_ + 1, close));
      pos_ = close + 1;
    } else {
      raw = ToNfc(Slice(colon + 1, pos_));
    }
    const std::string where = label + At(body);
    if (raw.find_first_not_of(" \t") == std::string::npos) {
      return InvalidArgument(where + " needs a value, e.g. " + std::string(named.example));
    }
    auto bad = [&](std::string_view wants) {
      return InvalidArgument(where + " wants " + std::string(wants) + ", not \"" + raw + "\"");
    };

    QueryFilter f;
    f.kind = named.kind;
    f.negated = negated;
    f.column = Column(start);
    switch (named.kind) {
      case FilterKind::kCode: {
        std::string code = Upper(raw);
        while (!code.empty() && code.back() == '*') code.pop_back();
        if (!IsDossierCodePrefix(code)) {
          return bad("a dossier code or its beginning, like 000.31.22.H32-230620-0017");
        }
        f.value = code;
        break;
      }
      case FilterKind::kProcedure:
        if (IsProcedureCode(raw)) {
          f.value = Upper(raw);
        } else {
          f.value = FoldedWords(raw);
          if (f.value.empty()) return bad("a procedure code like 1.001193 or words of its name");
        }
        break;
      case FilterKind::kField:
      case FilterKind::kName:
        f.value = FoldedWords(raw);
        if (f.value.empty()) return bad(std::string("words, e.g. ") + std::string(named.example));
        break;
      case FilterKind::kAgency:
        f.value = Upper(raw);
        if (!IsAgencyCode(f.value)) return bad("an agency code like 000.00.22.H32");
        break;
      case FilterKind::kCitizenId: {
        std::string digits;
        for (char c : raw) {
          if (c != ' ' && c != '.') digits += c;
        }
        if (digits.size() != 12 || !std::all_of(digits.begin(), digits.end(), IsDigit)) {
          return bad("a 12-digit citizen ID number");
        }
        f.value = digits;
        break;
      }
      case FilterKind::kKind: {
        const std::string folded = FoldedWords(raw);
        auto it = std::find_if(kKindNames.begin(), kKindNames.end(),
                               [&](const KindName& k) { return k.folded == folded; });
        if (it == kKindNames.end()) {
          return bad("one of receipt, form, id_copy, result, other (or biên nhận, tờ khai, "
                     "giấy tờ tùy thân, kết quả, khác)");
        }
        f.value = std::string(it->kind);
        break;
      }
      case FilterKind::kReceived: {
        // Each end a day or a month (schema/date.h): from a month's first
        // day, until its last; one value alone is both ends.
        const std::size_t dots = raw.find("..");
        const std::string first = dots == std::string::npos ? raw : raw.substr(0, dots);
        const std::string last = dots == std::string::npos ? raw : raw.substr(dots + 2);
        constexpr std::string_view kWants =
            "a day (yyyy-mm-dd or dd/mm/yyyy), a month (yyyy-mm or mm/yyyy) or a range of them: "
            "2023-01-01..2023-06-30, 2023-03, 01/2023..03/2023, or an open end: 2023-01-01.. or "
            "..2023-06-30";
        if (first.empty() && last.empty()) return bad(kWants);
        std::string from, until;
        for (const auto& [text, end] : {std::pair{&first, &from}, std::pair{&last, &until}}) {
          if (text->empty()) continue;
          Result<DayRange> range = ParseDayOrMonth(*text);
          if (!range.ok()) {
            if (range.status().message().find("calendar") != std::string::npos) {
              return InvalidArgument(where + ": " + *text + " is not a day of the calendar");
            }
            return bad(kWants);
          }
          *end = end == &from ? range->from : range->to;
        }
        if (!from.empty() && !until.empty() && until < from) {
          return InvalidArgument(where + " ends (" + until + ") before it starts (" + from +
                                 "); write the earlier day first");
        }
        f.value = from;
        f.until = until;
        break;
      }
    }
    if (negated) NoteExclusion(start, pos_);
    query_.filters.push_back(std::move(f));
    return Status::Ok();
  }

  std::string_view text_;
  std::vector<CodePoint> cps_;
  std::size_t pos_ = 0;
  Query query_;
  std::string first_exclusion_;
};

}  // namespace

bool Query::HasPositiveTerm() const {
  return std::any_of(terms.begin(), terms.end(), [](const QueryTerm& t) { return !t.negated; });
}

bool Query::HasPositivePart() const {
  return HasPositiveTerm() ||
         std::any_of(filters.begin(), filters.end(), [](const QueryFilter& f) { return !f.negated; });
}

std::string_view FilterName(FilterKind kind) {
  switch (kind) {
    case FilterKind::kCode: return "code:";
    case FilterKind::kProcedure: return "procedure:";
    case FilterKind::kField: return "field:";
    case FilterKind::kAgency: return "agency:";
    case FilterKind::kCitizenId: return "cccd:";
    case FilterKind::kName: return "name:";
    case FilterKind::kKind: return "kind:";
    case FilterKind::kReceived: return "received:";
  }
  return "";
}

bool IsProcedureCode(std::string_view text) {
  // d.dddddd, then optionally .ddd.dd.dd.Ldd
  if (text.size() != 8 && text.size() != 22) return false;
  if (!IsDigit(text[0]) || text[1] != '.') return false;
  for (std::size_t i = 2; i < 8; ++i) {
    if (!IsDigit(text[i])) return false;
  }
  if (text.size() == 8) return true;
  if (text[8] != '.') return false;
  return IsAgencyCode(Upper(text.substr(9)));
}

Result<Query> ParseQuery(std::string_view text) { return Parser(text).Parse(); }

}  // namespace sohoa::archive
