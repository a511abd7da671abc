// The text side of search, kept apart from SQL so it can be tested alone:
// splitting a query into words, building an FTS5 MATCH expression that user
// input can never break, and cutting a readable snippet out of page text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa::archive::internal {

// True for the characters FTS5's unicode61 tokenizer keeps inside a word:
// letters, digits, combining marks and private-use characters.
bool IsWordChar(char32_t c);

// The distinct words of `text`, in order, as unicode61 would cut them.
std::vector<std::string> SplitWords(std::string_view text);

// `{columns} : "w1" AND {columns} : "w2" ...`: every word a quoted phrase, so
// operators, stars, colons and parentheses typed by a user are plain text.
// `columns` is a space-separated list of FTS columns. "" when no words.
std::string MatchAllWords(const std::vector<std::string>& words, std::string_view columns);

// About `width` characters of `text` around the first word whose
// FoldForSearch form is one of `folded_words` (as SplitWords cut them), on a
// single line, with every such word in the window marked [like this] and
// "…" where text was cut. "" when no word of `text` matches.
std::string Snippet(std::string_view text, const std::vector<std::string>& folded_words,
                    std::size_t width = 90);

// The first `width` characters of `text` on one line, "…" where cut.
std::string Lead(std::string_view text, std::size_t width = 90);

}  // namespace sohoa::archive::internal
