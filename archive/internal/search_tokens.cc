#include "archive/internal/search_tokens.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "archive/internal/search_text.h"
#include "schema/text.h"

namespace sohoa::archive::internal {
namespace {

// Code points below this are mapped from a table built once with utf8proc:
// Latin-1, Latin Extended A/B, IPA, combining marks, Greek, Cyrillic and
// Latin Extended Additional (U+1E00–U+1EFF, Vietnamese letters with tone
// marks). Anything above is mapped by utf8proc as it comes.
constexpr char32_t kTableEnd = 0x2000;

struct Mapped {
  bool word = false;  // IsWordChar
  bool mark = false;  // a combining mark (category M*)
  std::uint8_t folded_size = 0, exact_size = 0;
  std::array<char, 12> folded{}, exact{};
};

std::string Utf8(char32_t cp) {
  utf8proc_uint8_t buf[4];
  const utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  return std::string(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n > 0 ? n : 0));
}

bool IsMark(char32_t cp) {
  const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC ||
         category == UTF8PROC_CATEGORY_ME;
}

Mapped Map(char32_t cp) {
  Mapped m;
  m.word = IsWordChar(cp);
  if (!m.word) return m;
  m.mark = IsMark(cp);
  const std::string one = Utf8(cp);
  const std::string folded = FoldForSearch(one), exact = LowerKeepMarks(one);
  // No code point folds to more than three (ΐ → ΐ): 12 bytes always hold it.
  m.folded_size = static_cast<std::uint8_t>(std::min(folded.size(), m.folded.size()));
  std::memcpy(m.folded.data(), folded.data(), m.folded_size);
  m.exact_size = static_cast<std::uint8_t>(std::min(exact.size(), m.exact.size()));
  std::memcpy(m.exact.data(), exact.data(), m.exact_size);
  return m;
}

const std::vector<Mapped>& Table() {
  static const std::vector<Mapped> table = [] {
    std::vector<Mapped> t(kTableEnd);
    for (char32_t cp = 0; cp < kTableEnd; ++cp) t[cp] = Map(cp);
    return t;
  }();
  return table;
}

// The code point at text[at], its size in bytes; an invalid byte is U+FFFD,
// one byte long, so that every byte is passed over once.
char32_t Decode(std::string_view text, std::size_t at, std::size_t& size) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at);
  utf8proc_int32_t cp = 0;
  const utf8proc_ssize_t n =
      utf8proc_iterate(p, static_cast<utf8proc_ssize_t>(text.size() - at), &cp);
  if (n <= 0) {
    size = 1;
    return 0xFFFD;
  }
  size = static_cast<std::size_t>(n);
  return static_cast<char32_t>(cp);
}

// Cuts `text` into words and calls word(folded, exact, begin, end) with
// each word's two forms and its byte range; stops at, and returns, the
// first non-zero result.
template <typename Word>
int ForEachWord(std::string_view text, Word&& word) {
  const std::vector<Mapped>& table = Table();
  std::string folded, exact;
  std::size_t begin = 0;
  bool in_word = false, has_base = false, has_mark = false;
  auto flush = [&](std::size_t end) -> int {
    in_word = false;
    // A run of marks alone is no word (SplitWords agrees).
    if (!has_base || folded.empty()) return 0;
    if (has_mark) {
      // Decomposed text: compose it as the stored, NFC text would read.
      exact = LowerKeepMarks(text.substr(begin, end - begin));
    }
    return word(folded, exact, begin, end);
  };
  auto start = [&](std::size_t at) {
    in_word = true;
    begin = at;
    folded.clear();
    exact.clear();
    has_base = has_mark = false;
  };
  std::size_t at = 0;
  while (at < text.size()) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x80) {
      const bool is_word = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                           (byte >= 'A' && byte <= 'Z');
      if (!is_word) {
        if (in_word) {
          if (int rc = flush(at)) return rc;
        }
        ++at;
        continue;
      }
      if (!in_word) start(at);
      const char lower = static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + ('a' - 'A') : byte);
      folded += lower;
      exact += lower;
      has_base = true;
      ++at;
      continue;
    }
    std::size_t size = 0;
    const char32_t cp = Decode(text, at, size);
    Mapped slow;
    const Mapped& m = cp < kTableEnd ? table[cp] : (slow = Map(cp));
    if (!m.word) {
      if (in_word) {
        if (int rc = flush(at)) return rc;
      }
      at += size;
      continue;
    }
    if (!in_word) start(at);
    folded.append(m.folded.data(), m.folded_size);
    exact.append(m.exact.data(), m.exact_size);
    (m.mark ? has_mark : has_base) = true;
    at += size;
  }
  if (in_word) return flush(at);
  return 0;
}

std::size_t CharCount(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// The first `n` characters of `utf8`.
std::string_view FirstChars(std::string_view utf8, std::size_t n) {
  std::size_t at = 0;
  for (std::size_t seen = 0; at < utf8.size(); ++at) {
    if ((static_cast<unsigned char>(utf8[at]) & 0xC0) != 0x80 && seen++ == n) break;
  }
  return utf8.substr(0, at);
}

// emit(token, begin, end, colocated) for every token of a stored text.
int DocumentTokens(std::string_view text, const TokenSink& emit) {
  std::string previous, token;
  std::size_t previous_begin = 0;

  return ForEachWord(text, [&](const std::string& folded, const std::string& exact,
                               std::size_t begin, std::size_t end) -> int {
    if (!previous.empty()) {
      token.assign(kPairToken).append(previous).append(1, ' ').append(folded);
      if (int rc = emit(token, previous_begin, end, true)) return rc;
    }
    if (int rc = emit(folded, begin, end, false)) return rc;
    if (exact != folded) {
      token.assign(kExactToken).append(exact);
      if (int rc = emit(token, begin, end, true)) return rc;
    }
    const std::size_t chars = CharCount(folded);
    for (std::size_t n = 1; n <= kPrefixTokenChars && n <= chars; ++n) {
      token.assign(kPrefixToken).append(FirstChars(folded, n));
      if (int rc = emit(token, begin, end, true)) return rc;
    }
    previous = folded;
    previous_begin = begin;
    return 0;
  });
}

// emit(token, begin, end, false) for the tokens of one quoted string of a
// MATCH (the protocol is in search_tokenizer.h).
int QueryTokens(std::string_view text, const TokenSink& emit) {
  enum class Ask { kFolded, kExact, kPrefix } ask = Ask::kFolded;
  std::size_t skip = 0;
  if (text.substr(0, kExactMarker.size()) == kExactMarker) {
    ask = Ask::kExact;
    skip = kExactMarker.size();
  } else if (text.substr(0, kPrefixMarker.size()) == kPrefixMarker) {
    ask = Ask::kPrefix;
    skip = kPrefixMarker.size();
  }
  struct Said {
    std::string folded, exact;
    std::size_t begin, end;
  };
  std::vector<Said> words;
  ForEachWord(text.substr(skip), [&](const std::string& folded, const std::string& exact,
                                     std::size_t begin, std::size_t end) {
    words.push_back({folded, exact, begin + skip, end + skip});
    return 0;
  });
  std::string token;
  if (ask == Ask::kFolded && words.size() > 1) {
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
      token.assign(kPairToken).append(words[i].folded).append(1, ' ').append(words[i + 1].folded);
      if (int rc = emit(token, words[i].begin, words[i + 1].end, false)) return rc;
    }
    return 0;
  }
  for (const Said& w : words) {
    switch (ask) {
      case Ask::kFolded:
        token = w.folded;
        break;
      case Ask::kExact:
        token.assign(w.exact == w.folded ? "" : kExactToken).append(w.exact);
        break;
      case Ask::kPrefix:
        token.assign(kPrefixToken).append(FirstChars(w.folded, kPrefixTokenChars));
        break;
    }
    if (int rc = emit(token, w.begin, w.end, false)) return rc;
  }
  return 0;
}

}  // namespace

bool WordHasToken(std::string_view folded, std::string_view exact, std::string_view next,
                  std::string_view token, bool beginning) {
  auto is = [beginning](std::string_view have, std::string_view want) {
    return beginning ? have.substr(0, want.size()) == want : have == want;
  };
  if (token.substr(0, 1) == kPairToken) {
    if (next.empty()) return false;
    std::string pair(folded);
    pair.append(1, ' ').append(next);
    return is(pair, token.substr(1));
  }
  if (token.substr(0, 1) == kExactToken) return exact != folded && is(exact, token.substr(1));
  if (token.substr(0, 1) == kPrefixToken) {
    const std::string_view want = token.substr(1);
    const std::string_view first = FirstChars(folded, kPrefixTokenChars);
    if (beginning) return !folded.empty() && first.substr(0, want.size()) == want;
    const std::size_t chars = CharCount(want);
    return chars >= 1 && chars <= kPrefixTokenChars && FirstChars(folded, chars) == want;
  }
  return is(folded, token);
}

int ForEachSearchWord(std::string_view text, const WordSink& word) { return ForEachWord(text, word); }

int ForEachStoredToken(std::string_view text, const TokenSink& emit) { return DocumentTokens(text, emit); }

int ForEachQueryToken(std::string_view text, const TokenSink& emit) { return QueryTokens(text, emit); }

std::vector<std::string> Tokens(std::string_view text, bool query) {
  std::vector<std::string> out;
  auto keep = [&out](const std::string& t, std::size_t, std::size_t, bool) {
    out.push_back(t);
    return 0;
  };
  if (query) {
    QueryTokens(text, keep);
  } else {
    DocumentTokens(text, keep);
  }
  return out;
}

}  // namespace sohoa::archive::internal
