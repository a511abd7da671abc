#include "schema/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>

namespace sohoa {
namespace {

// Replaces every byte that is not part of valid UTF-8 with U+FFFD, so that
// utf8proc_map never fails on OCR or file-name input.
std::string Sanitize(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(in.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(in.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n < 0 || cp == 0) {
      out += "\xEF\xBF\xBD";
      n = 1;
    } else {
      out.append(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
    }
    p += n;
    left -= n;
  }
  return out;
}

std::string Map(std::string_view in, int options) {
  std::string clean = Sanitize(in);
  utf8proc_uint8_t* dst = nullptr;
  utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
                   static_cast<utf8proc_ssize_t>(clean.size()), &dst,
                   static_cast<utf8proc_option_t>(options));
  if (n < 0) return clean;
  std::string out(reinterpret_cast<char*>(dst), static_cast<size_t>(n));
  std::free(dst);
  return out;
}

// True for valid UTF-8, without NUL, made only of code points that NFC
// leaves alone whatever surrounds them: below U+0300 (Latin, no combining
// marks), Latin Extended Additional U+1E00–U+1EFF (the Vietnamese letters
// with tone marks, all composed already) and the dashes, quotes and ellipsis
// U+2010–U+2027. Most recognised Vietnamese text is exactly that, and
// normalising it anyway was a tenth of the time spent storing a page
// (tools/bench/search_bench).
bool AlreadyNfc(std::string_view in) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(in.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(in.size());
  while (left > 0) {
    if (*p < 0x80) {
      if (*p == 0) return false;
      ++p;
      --left;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n < 0) return false;
    const bool stable =
        cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2010 && cp <= 0x2027);
    if (!stable) return false;
    p += n;
    left -= n;
  }
  return true;
}

// Builds a new string rather than replacing in place: GCC 12 reports a
// false -Wrestrict on std::string::replace.
std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(s.size());
  size_t start = 0;
  for (size_t pos = s.find(from); pos != std::string_view::npos; pos = s.find(from, start)) {
    out.append(s.substr(start, pos - start));
    out.append(to);
    start = pos + from.size();
  }
  out.append(s.substr(start));
  return out;
}

}  // namespace

std::string ToNfc(std::string_view utf8) {
  if (AlreadyNfc(utf8)) return std::string(utf8);
  return Map(utf8, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

std::string FoldForSearch(std::string_view utf8) {
  std::string folded =
      Map(utf8, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  // đ (U+0111) has no decomposition, so STRIPMARK leaves it; CASEFOLD has
  // already turned Đ into đ.
  return ReplaceAll(folded, "\xC4\x91", "d");
}

std::string LowerKeepMarks(std::string_view utf8) {
  return Map(utf8, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

}  // namespace sohoa

namespace sohoa {

std::string UpperKeepMarks(std::string_view utf8) {
  std::string nfc = ToNfc(utf8);
  std::string out;
  utf8proc_ssize_t at = 0;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(nfc.data());
  const auto size = static_cast<utf8proc_ssize_t>(nfc.size());
  while (at < size) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(bytes + at, size - at, &cp);
    if (n <= 0) break;
    utf8proc_uint8_t buf[4];
    utf8proc_ssize_t w = utf8proc_encode_char(utf8proc_toupper(cp), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(w));
    at += n;
  }
  return out;
}

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
    }
  }
  return out;
}

std::vector<char32_t> CodePoints(std::string_view utf8) {
  std::vector<char32_t> out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > utf8.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? b : b & (0x7F >> len);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

namespace {

template <typename Sequence>
int Levenshtein(const Sequence& a, const Sequence& b) {
  std::vector<int> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

int EditDistance(std::string_view a, std::string_view b) { return Levenshtein(a, b); }

int EditDistance(const std::vector<char32_t>& a, const std::vector<char32_t>& b) {
  return Levenshtein(a, b);
}

}  // namespace sohoa
