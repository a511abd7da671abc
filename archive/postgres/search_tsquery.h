// The PostgreSQL search index's lexemes (schema/migrations_postgres/
// 0003_search.sql) and the match expressions of archive/internal/
// search_match.h read into tsqueries over them, so that the SQLite and
// PostgreSQL catalogs run one expression, built once.
// Internal to archive/postgres/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/status.h"

namespace sohoa::archive::postgres {

// The columns of the SQLite index a phrase may match in, as a bit set.
enum SearchColumn : unsigned { kTextColumn = 1, kMetaColumn = 2, kCodeColumn = 4, kFacetsColumn = 8 };
inline constexpr unsigned kWordColumns = kTextColumn | kMetaColumn | kCodeColumn;

// The lexeme of an index token (archive/internal/search_tokens.h) as
// search_pages.words holds it: its marker as a readable character (+ pair,
// ^ beginning, = with marks), the metadata's copy of its folded words and
// pairs behind @ (kMetaColumn: name: looks there), a facet behind #
// (kFacetsColumn); the word columns' own tokens as they are (kWordColumns).
std::string Lexeme(std::string_view token, unsigned columns);

// `lexeme` quoted for a tsvector or tsquery literal.
std::string QuotedLexeme(std::string_view lexeme);

// A phrase of a match expression: tokens at consecutive positions in one
// of `columns`, the last one a beginning when `prefix`.
struct IndexPhrase {
  std::vector<std::string> tokens;
  bool prefix = false;
  unsigned columns = 0;
};

struct TsMatch {
  std::string tsquery;                // for `words @@ $n::tsquery`
  std::vector<IndexPhrase> phrases;   // in the order they appear
};

// Reads a match expression sohoa wrote (search_match.h, the facets of
// search_facets.h). Internal for text that is no such expression, or a
// column set the index does not keep apart. (Where a tier's second phrase
// must stand after its first, QueryMatch::Tier::gap, is not the tsquery's
// to say: only pairs keep their positions in the index, and the rows
// found are checked by search_rank.h.)
Result<TsMatch> ToTsQuery(std::string_view match);

// For a tier whose second phrase is a beginning that must stand right
// after its first (QueryMatch::Tier::gap: "nguyen cong d"*), a tsquery
// saying so through the pairs, which keep their positions: the first
// phrase's pairs, then the pair of its last word and any word with that
// beginning ('+nguyen cong' <-> '+cong d':*). The beginning of a pair makes
// the index merge the postings of every pair it begins, which for a name
// and an initial costs a few milliseconds at 300,000 pages, where finding
// the pages holding the words anywhere and checking each cost 80 (ANDed
// with the tier's words, the pages of the slice are the only ones read).
// "" when the tier's phrases are not of that shape.
std::string FollowQuery(const TsMatch& match);

}  // namespace sohoa::archive::postgres
