// The text side of search, kept apart from SQL so it can be tested alone:
// splitting a query into words, building an FTS5 MATCH expression that user
// input can never break, and cutting a readable snippet out of page text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa::archive {
struct Query;  // archive/query.h
}

namespace sohoa::archive::internal {

// True for the characters FTS5's unicode61 tokenizer keeps inside a word:
// letters, digits, combining marks and private-use characters.
bool IsWordChar(char32_t c);

// The distinct words of `text`, in order, as unicode61 would cut them.
std::vector<std::string> SplitWords(std::string_view text);

// Every word of `text` in order, repeats kept (the words of a phrase).
std::vector<std::string> SplitWordsInOrder(std::string_view text);

// `{columns} : "w1" AND {columns} : "w2" ...`: every word a quoted phrase, so
// operators, stars, colons and parentheses typed by a user are plain text.
// `columns` is a space-separated list of FTS columns. "" when no words.
std::string MatchAllWords(const std::vector<std::string>& words, std::string_view columns);

// One FTS5 phrase restricted to `columns`: `{columns} : "w1 w2"`, followed
// by * when `prefix` (the last word may begin a longer one). The words are
// quoted, so nothing in them is FTS syntax. "" when `words` is empty.
std::string MatchPhrase(const std::vector<std::string>& words, bool prefix,
                        std::string_view columns);

// The FTS5 MATCH expressions for the words of a parsed query, over the
// page_search columns (schema/migrations/0001_initial.sql).
struct QueryMatch {
  // Every positive term, folded (case, tone marks, đ), over the page text,
  // the dossier's metadata and its code; ANDed. "" when there is none.
  std::string terms_folded;
  // The same terms in the case-insensitive form typed, marks kept, over the
  // exact columns: a page matching it matched "with its diacritics".
  std::string terms_exact;
  // Either of the name: filters' phrases, over the folded metadata. "" when none.
  std::string names;
  // Any excluded term or excluded name:. "" when none.
  std::string excluded;
  // What to mark in snippets: folded whole words and folded word beginnings.
  std::vector<std::string> snippet_words;
  std::vector<std::string> snippet_prefixes;

  // Every positive word is ASCII with a digit in it (dossier codes, ID
  // numbers, dates): no page can hold such a word only once folded, so the
  // folded tiers would repeat the exact ones and are left out.
  bool fold_invariant = false;

  // With two or more terms, all their words as one phrase (the last one a
  // prefix when the last term is), folded and as typed; "" otherwise.
  std::string joined_folded;
  std::string joined_exact;

  // (terms_folded AND names) NOT excluded: the pages a query finds.
  std::string Pages() const;

  // Pages() split into tiers, best first, each leaving out the tiers above:
  //   3  the words together, with the diacritics typed   (joined_exact)
  //   2  the words together, folded                       (joined_folded)
  //   1  the words anywhere on the page, as typed         (terms_exact)
  //   0  the words anywhere on the page, folded           (terms_folded)
  // Tiers 3 and 2 only for queries with several terms: a name typed as
  // words ranks its pages above pages holding the same words apart.
  struct Tier {
    std::string match;
    double score;  // the tier number
  };
  std::vector<Tier> Tiers() const;
};
QueryMatch BuildMatch(const Query& query);

// About `width` characters of `text` around the first word whose
// FoldForSearch form is one of `folded_words` (as SplitWords cut them), or
// begins with one of `folded_prefixes`, on a single line, with every such
// word in the window marked [like this] and "…" where text was cut. "" when
// no word of `text` matches.
std::string Snippet(std::string_view text, const std::vector<std::string>& folded_words,
                    std::size_t width = 90);
std::string Snippet(std::string_view text, const std::vector<std::string>& folded_words,
                    const std::vector<std::string>& folded_prefixes, std::size_t width = 90);

// The first `width` characters of `text` on one line, "…" where cut.
std::string Lead(std::string_view text, std::size_t width = 90);

}  // namespace sohoa::archive::internal
