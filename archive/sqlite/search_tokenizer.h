// The FTS5 tokenizer of sohoa's search index (page_search, schema 6),
// "sohoa". Words are cut as unicode61 cuts them (letters, digits, marks,
// private use: IsWordChar) and folded word by word from a table built once
// with utf8proc, so the index takes the stored text as it is.
//
// A stored text gives, for each word, at the word's position:
//   tran        the word folded: case, tone marks and đ (FoldForSearch)
//   \3trần      the word with its marks, lower case (LowerKeepMarks), for a
//               word that has marks: "as typed" matches of queries with marks
//   \2t \2tr \2tra   its first 1, 2 and 3 folded letters: a beginning
//               (tra*) is one posting list read lazily, where FTS5's own
//               prefix queries merge every matching word's list first
//   \1tran van  the word and the next one, folded: a phrase ("do cong tai")
//               is a phrase of pairs, each far rarer than its words, where
//               FTS5 would read the positions of every page holding the
//               three common words (tools/bench/search_bench)
// Only the folded word advances the position; the others are colocated.
//
// A MATCH's quoted strings are read (FTS5_TOKENIZE_QUERY) as:
//   "w1 w2 …"     the pairs of the folded words (a phrase), or the folded
//                 word alone; with * the last pair or word is a beginning
//   "\uE000w"     w with its marks (w itself when it has none)
//   "\uE001w"     the beginning w (up to kPrefixTokenChars letters)
// archive/internal/search_text.cc writes them; the markers are private-use
// characters that no stored word begins with.
// Internal to archive/: registered on each catalog connection before the
// schema is touched.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "archive/sqlite/sqlite_db.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

inline constexpr std::string_view kPairToken = "\x01";
inline constexpr std::string_view kPrefixToken = "\x02";
inline constexpr std::string_view kExactToken = "\x03";
inline constexpr std::string_view kExactMarker = "\xEE\x80\x80";   // U+E000
inline constexpr std::string_view kPrefixMarker = "\xEE\x80\x81";  // U+E001

// The longest beginning kept as its own token.
inline constexpr std::size_t kPrefixTokenChars = 3;

// Registers "sohoa" with the connection's FTS5.
Status RegisterSearchTokenizer(Db& db);

// The tokens of a stored text, or of one quoted string of a MATCH, in order
// (colocated ones after the word they sit with). Exposed for tests.
std::vector<std::string> Tokens(std::string_view text, bool query);

}  // namespace sohoa::archive::internal
