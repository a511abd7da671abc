// The FTS5 MATCH expressions of a query (search_match.h).
#include "archive/internal/search_match.h"

#include <algorithm>

#include "archive/internal/search_text.h"
#include "archive/query.h"
#include "archive/internal/search_tokens.h"
#include "schema/text.h"

namespace sohoa::archive::internal {

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

}  // namespace

std::string MatchAllWords(const std::vector<std::string>& words, std::string_view columns) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += " AND ";
    out += Quoted(columns, word, false);
  }
  return out;
}

namespace {

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
