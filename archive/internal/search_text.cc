#include "archive/internal/search_text.h"

#include <utf8proc.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "archive/query.h"
#include "archive/internal/search_tokenizer.h"
#include "schema/text.h"

namespace sohoa::archive::internal {
namespace {

struct CodePoint {
  char32_t value;
  std::size_t begin;  // byte range in the source text
  std::size_t end;
};

// Invalid bytes become U+FFFD one byte at a time, so every byte is covered.
std::vector<CodePoint> Decode(std::string_view text) {
  std::vector<CodePoint> out;
  out.reserve(text.size());
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
    out.push_back({static_cast<char32_t>(cp), pos, pos + static_cast<std::size_t>(n)});
    pos += static_cast<std::size_t>(n);
  }
  return out;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x3000;
}

bool IsMark(char32_t c) {
  auto category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC ||
         category == UTF8PROC_CATEGORY_ME;
}

// Longer "words" (base64, long digit runs) are cut rather than kept whole.
constexpr std::size_t kMaxWordChars = 24;

struct WordSpan {
  std::size_t first;  // index of the first code point
  std::size_t last;   // index one past the last code point
};

}  // namespace

bool IsWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_CO:
      return true;
    default:
      return false;
  }
}

namespace {

std::vector<std::string> Split(std::string_view text, bool distinct) {
  std::vector<std::string> words;
  std::unordered_set<std::string> seen;
  std::string current;
  bool has_letter_or_digit = false;
  auto flush = [&] {
    // A run of marks alone would be an empty phrase to FTS5, which matches nothing.
    if (!current.empty() && has_letter_or_digit && (!distinct || seen.insert(current).second)) {
      words.push_back(current);
    }
    current.clear();
    has_letter_or_digit = false;
  };
  for (const CodePoint& cp : Decode(text)) {
    if (IsWordChar(cp.value)) {
      current.append(text.substr(cp.begin, cp.end - cp.begin));
      if (!IsMark(cp.value)) has_letter_or_digit = true;
    } else {
      flush();
    }
  }
  flush();
  return words;
}

}  // namespace

std::vector<std::string> SplitWords(std::string_view text) { return Split(text, true); }

std::vector<std::string> SplitWordsInOrder(std::string_view text) { return Split(text, false); }

std::string MatchAllWords(const std::vector<std::string>& words, std::string_view columns) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += " AND ";
    out += '{';
    out += columns;
    out += "} : \"";
    for (char c : word) {
      if (c == '"') out += '"';  // FTS5 escapes a quote inside a string by doubling it
      out += c;
    }
    out += '"';
  }
  return out;
}

namespace {

// {columns} : "body", the quote inside body doubled, then " *" for a beginning.
std::string Quoted(std::string_view columns, std::string_view body, bool prefix) {
  std::string out = "{";
  out += columns;
  out += "} : \"";
  for (char c : body) {
    if (c == '"') out += '"';  // FTS5 escapes a quote inside a string by doubling it
    out += c;
  }
  out += '"';
  if (prefix) out += " *";
  return out;
}

std::size_t Letters(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(
      utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string Spaced(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

}  // namespace

std::string MatchPhrase(const std::vector<std::string>& words, bool prefix,
                        std::string_view columns) {
  if (words.empty()) return "";
  if (words.size() == 1 && prefix) {
    const std::string folded = FoldForSearch(words[0]);
    // A short beginning has its own token (search_tokenizer.h); a longer one
    // is FTS5's prefix query over the folded words.
    if (Letters(folded) <= kPrefixTokenChars) {
      return Quoted(columns, std::string(kPrefixMarker) + folded, false);
    }
  }
  return Quoted(columns, Spaced(words), prefix);
}

std::string MatchAsTyped(const std::vector<std::string>& exact,
                         const std::vector<std::string>& folded, bool prefix,
                         std::string_view columns) {
  if (exact.size() != folded.size()) return MatchPhrase(folded, prefix, columns);
  std::string out = folded.size() > 1 || prefix ? MatchPhrase(folded, prefix, columns) : "";
  for (std::size_t i = 0; i < exact.size(); ++i) {
    if (prefix && i + 1 == exact.size()) break;  // a beginning is matched folded
    std::string word;
    if (exact[i] == folded[i]) {  // no marks: any spelling
      if (!out.empty()) continue;  // the phrase holds it already
      word = Quoted(columns, folded[i], false);
    } else {
      word = Quoted(columns, std::string(kExactMarker) + exact[i], false);
    }
    out = out.empty() ? word : out + " AND " + word;
  }
  return out;
}

std::string Snippet(std::string_view text, const std::vector<std::string>& folded_words,
                    std::size_t width) {
  return Snippet(text, folded_words, {}, width);
}

std::string Snippet(std::string_view text, const std::vector<std::string>& folded_words,
                    const std::vector<std::string>& folded_prefixes, std::size_t width) {
  if ((folded_words.empty() && folded_prefixes.empty()) || text.empty()) return {};
  const std::vector<CodePoint> cps = Decode(text);

  // Fold one code point at a time, remembering which code point each folded
  // byte came from, so a match in the folded text maps back to the original.
  std::string folded;
  std::vector<std::size_t> owner;
  folded.reserve(text.size());
  owner.reserve(text.size());
  std::unordered_map<char32_t, std::string> fold_cache;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    auto [it, fresh] = fold_cache.try_emplace(cps[i].value);
    if (fresh) it->second = FoldForSearch(text.substr(cps[i].begin, cps[i].end - cps[i].begin));
    folded += it->second;
    owner.insert(owner.end(), it->second.size(), i);
  }

  const std::unordered_set<std::string> wanted(folded_words.begin(), folded_words.end());
  std::vector<WordSpan> matches;
  std::vector<std::string> matched;  // each match's folded word
  const std::vector<CodePoint> fcps = Decode(folded);
  for (std::size_t i = 0; i < fcps.size();) {
    if (!IsWordChar(fcps[i].value)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < fcps.size() && IsWordChar(fcps[j].value)) ++j;
    std::string word = folded.substr(fcps[i].begin, fcps[j - 1].end - fcps[i].begin);
    const bool hit = wanted.count(word) > 0 ||
                     std::any_of(folded_prefixes.begin(), folded_prefixes.end(),
                                 [&word](const std::string& p) { return word.starts_with(p); });
    if (hit) {
      std::size_t last = owner[fcps[j - 1].begin] + 1;
      // Combining marks fold to nothing; keep them inside the brackets.
      while (last < cps.size() && IsMark(cps[last].value)) ++last;
      matches.push_back({owner[fcps[i].begin], last});
      matched.push_back(std::move(word));
    }
    i = j;
  }
  if (matches.empty()) return {};

  // The window is anchored on the match that begins the most distinct query
  // words within it (the first such): "Phạm Phương Uyên" together rather
  // than the "phường" of the letterhead. It starts a little before that
  // match, snapped to word boundaries so no word is cut in half.
  const std::size_t n = cps.size();
  const std::size_t lead = width / 4;
  std::size_t anchor = 0, best = 0;
  for (std::size_t a = 0; a < matches.size(); ++a) {
    std::unordered_set<std::string> words;
    for (std::size_t b = a; b < matches.size() && matches[b].last <= matches[a].first + width - lead;
         ++b) {
      words.insert(matched[b]);
    }
    if (words.size() > best) {
      best = words.size();
      anchor = a;
    }
  }
  const WordSpan& first = matches[anchor];
  std::size_t start = first.first > lead ? first.first - lead : 0;
  auto inside_word = [&cps](std::size_t i) {
    return i > 0 && i < cps.size() && IsWordChar(cps[i - 1].value) && IsWordChar(cps[i].value);
  };
  std::size_t back = start;
  while (inside_word(back) && start - back < kMaxWordChars) --back;
  if (!inside_word(back)) {
    start = back;
  } else {
    while (inside_word(start) && start < first.first) ++start;  // a very long word: skip it
  }
  std::size_t end = std::min(n, std::max(start + width, first.last));
  while (end < n && end > first.last && IsWordChar(cps[end - 1].value) &&
         IsWordChar(cps[end].value)) {
    --end;
  }

  std::string out;
  if (start > 0) out += "…";
  std::size_t next_match = 0;
  bool in_match = false;
  bool last_space = true;
  for (std::size_t i = start; i < end; ++i) {
    while (next_match < matches.size() && matches[next_match].last <= i && !in_match) ++next_match;
    if (!in_match && next_match < matches.size() && matches[next_match].first == i) {
      out += '[';
      in_match = true;
    }
    if (IsSpace(cps[i].value) || cps[i].value < 0x20) {
      if (!last_space) out += ' ';
      last_space = true;
    } else {
      out.append(text.substr(cps[i].begin, cps[i].end - cps[i].begin));
      last_space = false;
    }
    if (in_match && matches[next_match].last == i + 1) {
      out += ']';
      in_match = false;
      ++next_match;
    }
  }
  if (in_match) out += ']';
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (end < n) out += "…";
  return out;
}

std::string Lead(std::string_view text, std::size_t width) {
  const std::vector<CodePoint> cps = Decode(text);
  std::size_t end = std::min(cps.size(), width);
  while (end < cps.size() && end > 0 && IsWordChar(cps[end - 1].value) &&
         IsWordChar(cps[end].value))
    --end;
  if (end == 0) end = std::min(cps.size(), width);  // one very long word
  std::string out;
  bool last_space = true;
  for (std::size_t i = 0; i < end; ++i) {
    if (IsSpace(cps[i].value) || cps[i].value < 0x20) {
      if (!last_space) out += ' ';
      last_space = true;
    } else {
      out.append(text.substr(cps[i].begin, cps[i].end - cps[i].begin));
      last_space = false;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (end < cps.size()) out += "…";
  return out;
}

namespace {

// Columns of page_search (schema/migrations/0006_search_index.sql)
// that a query's words are looked for in; name: looks in the dossier's words.
constexpr std::string_view kWordColumns = "text meta code";
constexpr std::string_view kNameColumns = "meta";

void Append(std::string& expr, std::string_view op, const std::string& part) {
  if (part.empty()) return;
  if (expr.empty()) {
    expr = part;
    return;
  }
  expr = "(" + expr + ") " + std::string(op) + " (" + part + ")";
}

// (positive [AND names]) NOT excluded
std::string Combine(const std::string& positive, const std::string& names,
                    const std::string& excluded) {
  std::string expr = positive;
  Append(expr, "AND", names);
  if (expr.empty()) return "";
  if (!excluded.empty()) expr = "(" + expr + ") NOT (" + excluded + ")";
  return expr;
}

}  // namespace

QueryMatch BuildMatch(const Query& query) {
  QueryMatch m;
  std::vector<const QueryTerm*> positive;
  for (const QueryTerm& term : query.terms) {
    if (!term.negated) positive.push_back(&term);
  }
  // FTS5 takes a prefix only on the last word of a phrase.
  const bool joinable =
      positive.size() > 1 && std::none_of(positive.begin(), positive.end() - 1,
                                          [](const QueryTerm* t) { return t->prefix; });
  if (joinable) {
    std::vector<std::string> words;
    for (const QueryTerm* t : positive) words.insert(words.end(), t->words.begin(), t->words.end());
    const std::string typed = Spaced(words);
    const bool prefix = positive.back()->prefix;
    const std::vector<std::string> folded = SplitWordsInOrder(FoldForSearch(typed));
    const std::vector<std::string> exact = SplitWordsInOrder(LowerKeepMarks(typed));
    if (prefix && folded.size() > 1 && Letters(folded.back()) <= kPrefixTokenChars &&
        exact.size() == folded.size()) {
      // "nguyen cong d"*: FTS5 would merge the postings of every pair
      // beginning "cong d" ("cong dan" is on every ID copy). Instead the
      // words before the beginning as a phrase (phrase 0), the beginning's
      // own token (phrase 1), and sohoa_follows checks that it stands right
      // after them.
      const std::vector<std::string> head(folded.begin(), folded.end() - 1);
      m.joined_folded = MatchPhrase(head, false, kWordColumns) + " AND " +
                        MatchPhrase({folded.back()}, true, kWordColumns);
      m.joined_exact = m.joined_folded;
      for (std::size_t i = 0; i + 1 < exact.size(); ++i) {
        if (exact[i] == folded[i]) continue;
        m.joined_exact += " AND " + Quoted(kWordColumns, std::string(kExactMarker) + exact[i], false);
      }
      m.joined_gap = static_cast<int>(head.size());
    } else {
      m.joined_folded = MatchPhrase(folded, prefix, kWordColumns);
      m.joined_exact = MatchAsTyped(exact, folded, prefix, kWordColumns);
    }
  }
  for (const QueryTerm& term : query.terms) {
    const std::string typed = Spaced(term.words);
    const std::vector<std::string> folded = SplitWordsInOrder(FoldForSearch(typed));
    if (folded.empty()) continue;
    if (term.negated) {
      Append(m.excluded, "OR", MatchPhrase(folded, term.prefix, kWordColumns));
      continue;
    }
    Append(m.terms_folded, "AND", MatchPhrase(folded, term.prefix, kWordColumns));
    std::vector<std::string> exact = SplitWordsInOrder(LowerKeepMarks(typed));
    if (exact.empty()) exact = folded;
    if (exact != folded) m.has_marks = true;
    Append(m.terms_exact, "AND", MatchAsTyped(exact, folded, term.prefix, kWordColumns));
    for (std::size_t i = 0; i < folded.size(); ++i) {
      if (term.prefix && i + 1 == folded.size()) {
        m.snippet_prefixes.push_back(folded[i]);
      } else {
        m.snippet_words.push_back(folded[i]);
      }
    }
  }
  for (const QueryFilter& filter : query.filters) {
    if (filter.kind != FilterKind::kName) continue;
    const std::vector<std::string> words = SplitWordsInOrder(filter.value);
    if (words.empty()) continue;
    const std::string phrase = MatchPhrase(words, false, kNameColumns);
    if (filter.negated) {
      Append(m.excluded, "OR", phrase);
    } else {
      Append(m.names, "OR", phrase);
      m.snippet_words.insert(m.snippet_words.end(), words.begin(), words.end());
    }
  }
  return m;
}

std::string QueryMatch::Pages() const { return Combine(terms_folded, names, excluded); }

std::vector<QueryMatch::Tier> QueryMatch::Tiers() const {
  std::vector<Tier> tiers;
  if (terms_folded.empty()) return tiers;
  if (!joined_folded.empty()) {
    if (has_marks) tiers.push_back({Combine(joined_exact, names, excluded), 3, joined_gap});
    tiers.push_back({Combine(joined_folded, names, excluded), 2, joined_gap});
  }
  if (has_marks) tiers.push_back({Combine(terms_exact, names, excluded), 1});
  tiers.push_back({Pages(), 0});
  return tiers;
}

}  // namespace sohoa::archive::internal
