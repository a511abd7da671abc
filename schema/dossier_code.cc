#include "schema/dossier_code.h"

#include <cstdio>
#include <string>

#include "schema/date.h"

namespace sohoa {
namespace {

// The shape, one character class per position:
//   ddd.dd.dd.Ldd-dddddd-dddd   (L: an upper-case ASCII letter)
// Written by hand rather than with std::regex: it is scanned over whole OCR
// pages, and GCC 12 warns falsely inside <regex> under the sanitizers.
constexpr std::string_view kShape = "999.99.99.A99-999999-9999";

bool Fits(std::string_view text, size_t at) {
  if (at + kShape.size() > text.size()) return false;
  for (size_t i = 0; i < kShape.size(); ++i) {
    char c = text[at + i];
    switch (kShape[i]) {
      case '9':
        if (c < '0' || c > '9') return false;
        break;
      case 'A':
        if (c < 'A' || c > 'Z') return false;
        break;
      default:
        if (c != kShape[i]) return false;
    }
  }
  return true;
}

int Number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

// `code` has the shape; checks the date and splits it.
std::optional<DossierCode> Split(std::string_view code) {
  int year = 2000 + Number(code.substr(14, 2));
  int month = Number(code.substr(16, 2));
  int day = Number(code.substr(18, 2));
  if (!IsRealDay(year, month, day)) return std::nullopt;
  DossierCode out;
  out.code = std::string(code);
  out.agency_code = std::string(code.substr(0, 13));
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
  out.received_date = iso;
  out.sequence = Number(code.substr(21, 4));
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<DossierCode> ParseDossierCode(std::string_view text) {
  if (text.size() != kShape.size() || !Fits(text, 0)) return std::nullopt;
  return Split(text);
}

namespace {

// The digit an OCR confusion stands for, or -1.
int DigitLike(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  switch (c) {
    case 'O': case 'o': case 'D': case 'Q': return 0;
    case 'l': case 'I': case 'i': case '|': case '!': case 'L': return 1;
    case 'Z': case 'z': return 2;
    case 'S': case 's': return 5;
    case 'G': case 'b': return 6;
    case 'T': return 7;
    case 'B': return 8;
    case 'g': case 'q': return 9;
    default: return -1;
  }
}

// `text` with en/em dashes made '-', ',' made '.', and spaces next to a
// separator dropped.
std::string Simplify(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // U+2013 / U+2014 are E2 80 93 / E2 80 94.
    bool dash = c == 0xE2 && i + 2 < text.size() &&
                static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                (static_cast<unsigned char>(text[i + 2]) == 0x93 ||
                 static_cast<unsigned char>(text[i + 2]) == 0x94);
    if (dash) i += 2;
    char ch = dash ? '-' : text[i] == ',' ? '.' : text[i];
    if (ch == ' ' && !out.empty() && (out.back() == '-' || out.back() == '.')) continue;
    if ((ch == '-' || ch == '.') && !out.empty() && out.back() == ' ') {
      // "H32 - 230620": drop the space before the separator too.
      out.pop_back();
    }
    out += ch;
  }
  return out;
}

bool Plausible(const DossierCode& code, std::string_view today_iso) {
  if (code.received_date < "2015-01-01") return false;
  return today_iso.empty() || code.received_date <= today_iso;
}

}  // namespace

std::optional<CodeReading> ReadDossierCode(std::string_view raw, std::string_view today_iso) {
  std::string text = Simplify(raw);
  std::optional<CodeReading> best;
  for (size_t at = 0; at + kShape.size() <= text.size(); ++at) {
    std::string candidate(kShape.size(), ' ');
    int corrections = 0;
    bool fits = true;
    for (size_t i = 0; i < kShape.size() && fits; ++i) {
      char c = text[at + i];
      switch (kShape[i]) {
        case '9': {
          int d = DigitLike(c);
          if (d < 0) {
            fits = false;
          } else {
            candidate[i] = static_cast<char>('0' + d);
            corrections += candidate[i] != c;
          }
          break;
        }
        case 'A':
          if (c >= 'a' && c <= 'z') {
            candidate[i] = static_cast<char>(c - 'a' + 'A');
            ++corrections;
          } else if (c >= 'A' && c <= 'Z') {
            candidate[i] = c;
          } else {
            fits = false;
          }
          break;
        default:
          if (c != kShape[i]) fits = false;
          candidate[i] = kShape[i];
      }
    }
    if (!fits) continue;
    // Glued to more digits on either side: part of something else.
    if (at > 0 && IsDigit(text[at - 1])) continue;
    size_t end = at + kShape.size();
    if (end < text.size() && IsDigit(text[end])) continue;
    // At most a third of the digits may be guesses.
    if (corrections > 6) continue;
    auto code = Split(candidate);
    if (!code || !Plausible(*code, today_iso)) continue;
    if (!best || corrections < best->corrections) best = CodeReading{*code, corrections};
    if (best->corrections == 0) break;
  }
  return best;
}

std::optional<DossierCode> FindDossierCode(std::string_view text) {
  for (size_t at = 0; at + kShape.size() <= text.size(); ++at) {
    if (!Fits(text, at)) continue;
    // A code glued to more digits ("1000.31...") is not a code.
    if (at > 0 && IsDigit(text[at - 1])) continue;
    size_t end = at + kShape.size();
    if (end < text.size() && IsDigit(text[end])) continue;
    if (auto code = Split(text.substr(at, kShape.size()))) return code;
  }
  return std::nullopt;
}

}  // namespace sohoa
