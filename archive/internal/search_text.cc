#include "archive/internal/search_text.h"

#include <utf8proc.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

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

bool HoldsFoldedWords(std::string_view text, std::string_view words) {
  const std::vector<std::string> have = SplitWords(FoldForSearch(text));
  const std::unordered_set<std::string> present(have.begin(), have.end());
  for (const std::string& w : SplitWords(words)) {
    if (!present.count(w)) return false;
  }
  return true;
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


}  // namespace sohoa::archive::internal
