#include "schema/dossier_code.h"

#include <cstdio>

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

bool IsRealDate(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max_day;
}

// `code` has the shape; checks the date and splits it.
std::optional<DossierCode> Split(std::string_view code) {
  int year = 2000 + Number(code.substr(14, 2));
  int month = Number(code.substr(16, 2));
  int day = Number(code.substr(18, 2));
  if (!IsRealDate(year, month, day)) return std::nullopt;
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
