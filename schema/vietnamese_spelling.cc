#include "schema/vietnamese_spelling.h"

#include <algorithm>
#include <array>

#include "schema/text.h"

namespace sohoa {
namespace {

// Each row: a vowel, then the same with huyền, hỏi, ngã, sắc, nặng (the
// order of Tone).
// clang-format off
constexpr std::array<std::u32string_view, 12> kToneRows = {
    U"aàảãáạ", U"ăằẳẵắặ", U"âầẩẫấậ", U"eèẻẽéẹ", U"êềểễếệ", U"iìỉĩíị",
    U"oòỏõóọ", U"ôồổỗốộ", U"ơờởỡớợ", U"uùủũúụ", U"ưừửữứự", U"yỳỷỹýỵ",
};

constexpr std::array<std::u32string_view, 27> kOnsets = {
    U"b", U"c", U"ch", U"d", U"đ", U"g",  U"gh", U"gi", U"h",  U"k",  U"kh", U"l", U"m", U"n",
    U"ng", U"ngh", U"nh", U"p", U"ph", U"qu", U"r", U"s", U"t", U"th", U"tr", U"v", U"x",
};

// Every rhyme (vần) as written after a consonant, tone mark removed: the
// plain ones, then those with the medial o (before a ă e) or u (before â ê
// y ơ). After qu the medial is the onset's u; with no onset iê is written yê.
constexpr std::u32string_view kRhymes[] = {
    U"a",    U"ac",   U"ach",  U"ai",   U"am",   U"an",    U"ang",   U"anh",  U"ao",   U"ap",
    U"at",   U"au",   U"ay",   U"ăc",   U"ăm",   U"ăn",    U"ăng",   U"ăp",   U"ăt",   U"âc",
    U"âm",   U"ân",   U"âng",  U"âp",   U"ât",   U"âu",    U"ây",    U"e",    U"ec",   U"em",
    U"en",   U"eng",  U"eo",   U"ep",   U"et",   U"ê",     U"êch",   U"êm",   U"ên",   U"ênh",
    U"êp",   U"êt",   U"êu",   U"i",    U"ia",   U"ich",   U"im",    U"in",   U"inh",  U"ip",
    U"it",   U"iu",   U"iêc",  U"iêm",  U"iên",  U"iêng",  U"iêp",   U"iêt",  U"iêu",  U"o",
    U"oc",   U"oi",   U"om",   U"on",   U"ong",  U"op",    U"ot",    U"ooc",  U"oong", U"ô",
    U"ôc",   U"ôi",   U"ôm",   U"ôn",   U"ông",  U"ôp",    U"ôt",    U"ơ",    U"ơi",   U"ơm",
    U"ơn",   U"ơp",   U"ơt",   U"u",    U"ua",   U"uc",    U"ui",    U"um",   U"un",   U"ung",
    U"up",   U"ut",   U"uôc",  U"uôi",  U"uôm",  U"uôn",   U"uông",  U"uôt",  U"ư",    U"ưa",
    U"ưc",   U"ưi",   U"ưm",   U"ưn",   U"ưng",  U"ưt",    U"ưu",    U"ươc",  U"ươi",  U"ươm",
    U"ươn",  U"ương", U"ươp",  U"ươt",  U"ươu",  U"y",
    // medial o
    U"oa",   U"oac",  U"oach", U"oai",  U"oam",  U"oan",   U"oang",  U"oanh", U"oao",  U"oap",
    U"oat",  U"oay",  U"oăc",  U"oăm",  U"oăn",  U"oăng",  U"oăt",   U"oe",   U"oen",  U"oeo",
    U"oet",
    // medial u
    U"uân",  U"uâng", U"uât",  U"uây",  U"uê",   U"uêch",  U"uên",   U"uênh", U"uêt",  U"uơ",
    U"uy",   U"uya",  U"uych", U"uynh", U"uyt",  U"uyu",   U"uyên",  U"uyêt",
};
// clang-format on

bool IsRhyme(std::u32string_view rhyme) {
  return std::find(std::begin(kRhymes), std::end(kRhymes), rhyme) != std::end(kRhymes);
}

bool IsVowel(char32_t c) {
  return std::any_of(kToneRows.begin(), kToneRows.end(), [c](auto row) { return row[0] == c; });
}

bool IsFrontVowel(char32_t c) { return c == U'i' || c == U'e' || c == U'ê' || c == U'y'; }

// The letter without its tone mark and the tone; nullopt for anything that
// is not a letter of the Vietnamese alphabet (f j w z included).
struct Letter {
  char32_t base;
  Tone tone;
};
std::optional<Letter> Unmark(char32_t c) {
  for (auto row : kToneRows) {
    if (auto at = row.find(c); at != std::u32string_view::npos) {
      return Letter{row[0], static_cast<Tone>(at)};
    }
  }
  if (c == U'đ' || (c >= U'a' && c <= U'z' && c != U'f' && c != U'j' && c != U'w' && c != U'z')) {
    return Letter{c, Tone::kNgang};
  }
  return std::nullopt;
}

// `utf8` is valid: it comes from LowerKeepMarks, which replaces bad bytes.
std::u32string Decode(std::string_view utf8) {
  std::u32string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const int n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? lead : n == 2 ? lead & 0x1F : n == 3 ? lead & 0x0F : lead & 0x07;
    for (int k = 1; k < n && i + k < utf8.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    out += c;
    i += n;
  }
  return out;
}

std::string Encode(std::u32string_view text) {
  std::string out;
  for (char32_t c : text) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

bool EndsWithStop(std::u32string_view rhyme) {
  const char32_t last = rhyme.back();
  return last == U'p' || last == U't' || last == U'c' || rhyme.ends_with(U"ch");
}

// Splits at spaces (and tabs, newlines), dropping empty pieces.
std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
        text[i] == '\r') {
      if (i > start) words.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return words;
}

}  // namespace

std::optional<Syllable> ParseSyllable(std::string_view word) {
  std::u32string letters;
  Tone tone = Tone::kNgang;
  std::size_t marked_at = std::u32string::npos;
  for (char32_t c : Decode(LowerKeepMarks(word))) {
    const auto letter = Unmark(c);
    if (!letter) return std::nullopt;
    if (letter->tone != Tone::kNgang) {
      if (marked_at != std::u32string::npos) return std::nullopt;
      marked_at = letters.size();
      tone = letter->tone;
    }
    letters += letter->base;
  }
  if (letters.empty()) return std::nullopt;

  // Longest onset first: no rhyme starts with h or g, so "ngh" is never
  // "ng" + "h...". Only gi is ambiguous, settled below.
  std::u32string_view onset;
  for (auto candidate : kOnsets) {
    if (letters.starts_with(candidate) && candidate.size() > onset.size()) onset = candidate;
  }
  const std::u32string rest = letters.substr(onset.size());
  std::u32string rhyme = rest;
  std::size_t onset_letters = onset.size();
  bool ok = false;
  if (onset.empty()) {
    // With no onset iê is written yê (yên, yêu): "iên" alone is no word.
    if (rest.starts_with(U"yê")) {
      ok = IsRhyme(U"iê" + rest.substr(2));
    } else {
      ok = !rest.starts_with(U"iê") && IsRhyme(rest);
    }
  } else if (onset == U"gi") {
    // gi's i doubles as the vowel before a consonant or ê: gì, gìn, giêng.
    if (rest.empty() || !IsVowel(rest[0]) || rest[0] == U'ê') {
      rhyme = U"i" + rest;
      onset_letters = 1;
      ok = IsRhyme(rhyme);
    } else {
      ok = rest[0] != U'i' && rest[0] != U'y' && IsRhyme(rest);
    }
  } else if (onset == U"qu") {
    // qu's u is the medial: qua, quê, quy, quyết, and quang, quen (written
    // with a medial o after other onsets: hoang, hoen).
    const bool o_medial = !rest.empty() && (rest[0] == U'a' || rest[0] == U'ă' || rest[0] == U'e');
    ok = !rest.empty() && (IsRhyme(U"u" + rest) || (o_medial && IsRhyme(U"o" + rest)));
  } else {
    ok = !rest.empty() && IsRhyme(rest);
    if (ok && (onset == U"k" || onset == U"gh" || onset == U"ngh")) ok = IsFrontVowel(rest[0]);
    if (ok && (onset == U"c" || onset == U"g" || onset == U"ng")) ok = !IsFrontVowel(rest[0]);
    // c with a medial is written qu: qua, quê, never coa, cuê.
    if (ok && onset == U"c" && rest.size() >= 2) {
      const char32_t second = rest[1];
      const bool o_medial = rest[0] == U'o' && (second == U'a' || second == U'ă' || second == U'e');
      const bool u_medial =
          rest[0] == U'u' && (second == U'â' || second == U'ê' || second == U'y' || second == U'ơ');
      ok = !o_medial && !u_medial;
    }
  }
  if (!ok) return std::nullopt;
  if (marked_at != std::u32string::npos && marked_at < onset_letters) return std::nullopt;
  if (EndsWithStop(rhyme) && tone != Tone::kSac && tone != Tone::kNang) return std::nullopt;
  return Syllable{Encode(onset), Encode(rhyme), tone};
}

bool IsVietnameseSyllable(std::string_view word) { return ParseSyllable(word).has_value(); }

std::vector<std::string> NonVietnameseWords(std::string_view text) {
  static constexpr std::string_view kJoiners[] = {"-", "'", "\u2019", "\u02BC"};
  std::vector<std::string> failed;
  for (std::string_view word : Words(text)) {
    bool good = true;
    std::size_t start = 0;
    while (good) {
      std::size_t cut = std::string_view::npos, cut_size = 0;
      for (std::string_view joiner : kJoiners) {
        const std::size_t at = word.find(joiner, start);
        if (at < cut) {
          cut = at;
          cut_size = joiner.size();
        }
      }
      good = IsVietnameseSyllable(
          word.substr(start, cut == std::string_view::npos ? cut : cut - start));
      if (cut == std::string_view::npos) break;
      start = cut + cut_size;
    }
    if (!good) failed.emplace_back(word);
  }
  return failed;
}

bool IsVietnameseName(std::string_view full_name) {
  const auto words = Words(full_name);
  return !words.empty() && std::all_of(words.begin(), words.end(), IsVietnameseSyllable);
}

}  // namespace sohoa
