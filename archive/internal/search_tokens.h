// The tokens of sohoa's search index, whatever the backend: the SQLite
// catalog's FTS5 tokenizer "sohoa" (archive/sqlite/search_tokenizer.h) and
// the PostgreSQL catalog's tsvectors (archive/postgres/search.h) index the
// same tokens, so a query finds the same pages on both. Words are cut as
// unicode61 cuts them (letters, digits, marks, private use: IsWordChar) and
// folded word by word from a table built once with utf8proc.
//
// A stored text gives, for each word, at the word's position:
//   tran        the word folded: case, tone marks and đ (FoldForSearch)
//   \3trần      the word with its marks, lower case (LowerKeepMarks), for a
//               word that has marks: "as typed" matches of queries with marks
//   \2t \2tr \2tra   its first 1, 2 and 3 folded letters: a beginning
//               (tra*) is one posting list read lazily, where a prefix query
//               would merge every matching word's list first
//   \1tran van  the word and the next one, folded: a phrase ("do cong tai")
//               is a phrase of pairs, each far rarer than its words, where
//               the index would read the positions of every page holding the
//               three common words (tools/bench/search_bench)
// Only the folded word advances the position; the others are colocated
// (the pair sits at the position of its first word).
//
// A query's quoted string (a phrase of a match expression,
// archive/internal/search_match.h) asks for:
//   "w1 w2 …"     the pairs of the folded words (a phrase), or the folded
//                 word alone; with * the last pair or word is a beginning
//   "\uE000w"     w with its marks (w itself when it has none)
//   "\uE001w"     the beginning w (up to kPrefixTokenChars letters)
// The markers are private-use characters that no stored word begins with.
// Internal to archive/.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa::archive::internal {

inline constexpr std::string_view kPairToken = "\x01";
inline constexpr std::string_view kPrefixToken = "\x02";
inline constexpr std::string_view kExactToken = "\x03";
inline constexpr std::string_view kExactMarker = "\xEE\x80\x80";   // U+E000
inline constexpr std::string_view kPrefixMarker = "\xEE\x80\x81";  // U+E001

// The longest beginning kept as its own token.
inline constexpr std::size_t kPrefixTokenChars = 3;

// Called with each token, its byte range in the text and whether it sits at
// the position of the token before it; a non-zero result stops the walk
// and is returned.
using TokenSink = std::function<int(const std::string& token, std::size_t begin, std::size_t end,
                                    bool colocated)>;

// Called with each word of a text: folded (FoldForSearch), lower case with
// its marks (LowerKeepMarks), and its byte range; a non-zero result stops
// the walk and is returned.
using WordSink = std::function<int(const std::string& folded, const std::string& exact,
                                   std::size_t begin, std::size_t end)>;

// The words of a text as the index cuts and folds them, in order.
int ForEachSearchWord(std::string_view text, const WordSink& word);

// The tokens of a stored text, in order (colocated ones after the word they
// sit with, a pair before its second word).
int ForEachStoredToken(std::string_view text, const TokenSink& emit);

// The tokens one quoted string of a match expression asks for, in order
// (none colocated).
int ForEachQueryToken(std::string_view text, const TokenSink& emit);

// Does a stored word (folded `folded`, with its marks `exact`, followed in
// its text by the word folded `next`, "" for none) stand with `token` among
// the tokens ForEachStoredToken gives it and the pair it begins, or with
// `beginning` with a token that begins with `token`? What counting a
// phrase's instances on a text asks, without making every token.
bool WordHasToken(std::string_view folded, std::string_view exact, std::string_view next,
                  std::string_view token, bool beginning);

// Either list as a vector. Exposed for tests.
std::vector<std::string> Tokens(std::string_view text, bool query);

}  // namespace sohoa::archive::internal
