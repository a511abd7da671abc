// A parsed query as match expressions over the search index, in the
// protocol of its tokens (search_tokens.h), built so that user input can
// never break them. The expressions are written in FTS5's MATCH syntax, a
// small part of it: `{columns} : "quoted"` phrases (with ` *` for a
// beginning), AND, OR, NOT and parentheses. The SQLite catalog hands them
// to FTS5 as they are; the PostgreSQL catalog reads them into tsqueries
// (archive/postgres/search_tsquery.h), so both backends run one expression.
// Internal to archive/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sohoa::archive {
struct Query;  // archive/query.h
}

namespace sohoa::archive::internal {

// `{columns} : "w1" AND {columns} : "w2" ...`: every word a quoted phrase, so
// operators, stars, colons and parentheses typed by a user are plain text.
// `columns` is a space-separated list of FTS columns. "" when no words.
std::string MatchAllWords(const std::vector<std::string>& words, std::string_view columns);

// The pages holding `words` (one word or, in order, a phrase) over
// `columns`, as a MATCH in the protocol of the "sohoa" tokenizer
// (search_tokenizer.h): `{columns} : "w1 w2"`, the words quoted so nothing
// in them is FTS syntax; with `prefix` the last word may begin a longer one.
// "" when `words` is empty.
std::string MatchPhrase(const std::vector<std::string>& words, bool prefix,
                        std::string_view columns);

// The same pages where each word typed with marks (`exact`, LowerKeepMarks)
// also stands with those marks; `folded` are the same words folded. A word
// typed without marks, or begun with *, matches any spelling.
std::string MatchAsTyped(const std::vector<std::string>& exact,
                         const std::vector<std::string>& folded, bool prefix,
                         std::string_view columns);

// The FTS5 MATCH expressions for the words of a parsed query over
// page_search (schema/migrations/0006_search_index.sql).
struct QueryMatch {
  // Every positive term, folded (case, tone marks, đ), over the page text,
  // the dossier's words and its code; ANDed. "" when there is none.
  std::string terms_folded;
  // The same terms as typed (MatchAsTyped): a page matching it matched
  // "with its diacritics".
  std::string terms_exact;
  // Either of the name: filters' phrases, over the dossier's words. "" when none.
  std::string names;
  // Any excluded term or excluded name:. "" when none.
  std::string excluded;
  // What to mark in snippets: folded whole words and folded word beginnings.
  std::vector<std::string> snippet_words;
  std::vector<std::string> snippet_prefixes;

  // Some positive word was typed with a mark (or đ): only then is there a
  // match "with the diacritics typed" to rank above the folded one. A query
  // typed without marks asks for every spelling alike.
  bool has_marks = false;

  // With two or more terms, all their words as one phrase (the last one a
  // prefix when the last term is), folded and as typed; "" otherwise.
  std::string joined_folded;
  std::string joined_exact;
  // > 0 when the joined words end in a short beginning ("nguyen cong d"*):
  // then they are written as the words before it (phrase 0) AND the
  // beginning (phrase 1), which must stand this many words after phrase 0
  // begins (sohoa_follows, search_rank.h).
  int joined_gap = 0;

  // (terms_folded AND names) NOT excluded: the pages a query finds.
  std::string Pages() const;

  // Pages() in tiers, best first. Each tier's pages include those of the
  // tiers above it (a page holding the words together also holds them
  // apart): the caller shows each page once, at its best tier.
  //   3  the words together, as typed      (joined_exact)
  //   2  the words together, folded         (joined_folded)
  //   1  the words anywhere on the page, as typed   (terms_exact)
  //   0  the words anywhere on the page, folded     (terms_folded)
  // Tiers 3 and 2 only for queries with several terms, tiers 3 and 1 only
  // for queries with marks.
  struct Tier {
    std::string match;
    double score;  // the tier number
    int gap = 0;   // joined_gap for tiers 3 and 2: sohoa_follows(page_search, gap) must hold
  };
  std::vector<Tier> Tiers() const;
};
QueryMatch BuildMatch(const Query& query);

}  // namespace sohoa::archive::internal
