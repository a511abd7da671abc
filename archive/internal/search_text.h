// The text side of search, whatever the backend: splitting text and queries
// into words and cutting a readable snippet out of page text. (The SQLite
// catalog's MATCH expressions are in archive/sqlite/search_match.h.)
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

// Every word of `text` in order, repeats kept (the words of a phrase).
std::vector<std::string> SplitWordsInOrder(std::string_view text);

// Does `text`, folded (FoldForSearch), hold every one of the space-separated
// folded `words` (a procedure: or field: filter's value)?
bool HoldsFoldedWords(std::string_view text, std::string_view words);


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
