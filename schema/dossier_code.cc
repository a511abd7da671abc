#include "schema/dossier_code.h"

#include <cctype>
#include <cstdio>
#include <regex>

namespace sohoa {
namespace {

const std::regex& CodePattern() {
  static const std::regex pattern(R"((\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4}))");
  return pattern;
}

bool IsRealDate(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max_day;
}

std::optional<DossierCode> FromMatch(const std::cmatch& m) {
  int year = 2000 + std::stoi(m[2].str());
  int month = std::stoi(m[3].str());
  int day = std::stoi(m[4].str());
  if (!IsRealDate(year, month, day)) return std::nullopt;
  DossierCode code;
  code.code = m[0].str();
  code.agency_code = m[1].str();
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
  code.received_date = iso;
  code.sequence = std::stoi(m[5].str());
  return code;
}

}  // namespace

std::optional<DossierCode> ParseDossierCode(std::string_view text) {
  std::cmatch m;
  if (!std::regex_match(text.begin(), text.end(), m, CodePattern())) return std::nullopt;
  return FromMatch(m);
}

std::optional<DossierCode> FindDossierCode(std::string_view text) {
  auto begin = text.begin();
  std::cmatch m;
  while (std::regex_search(begin, text.end(), m, CodePattern())) {
    // A code glued to more digits ("1000.31...") is not a code.
    bool digit_before = m[0].first != text.begin() && std::isdigit(static_cast<unsigned char>(m[0].first[-1]));
    bool digit_after = m[0].second != text.end() && std::isdigit(static_cast<unsigned char>(*m[0].second));
    if (!digit_before && !digit_after) {
      if (auto code = FromMatch(m)) return code;
    }
    begin = m[0].first + 1;
  }
  return std::nullopt;
}

}  // namespace sohoa
