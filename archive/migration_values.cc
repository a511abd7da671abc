// What makes a row read the same from both catalogs (archive/migrate.h's
// MigrationValue): times as one instant whatever form the SQLite catalog
// holds them in, reals at the target column's precision, names quoted, keys
// as a person reads them.
#include <charconv>
#include <cstdio>
#include <ctime>

#include "archive/migrate.h"

namespace sohoa::archive {
namespace {

bool Digits(std::string_view text, std::size_t from, std::size_t count, int* out) {
  if (from + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

// Milliseconds since 1970 of an ISO 8601 time: YYYY-MM-DD, then optionally
// (T or space) HH:MM[:SS[.fraction]], then Z, +HH[:MM], -HH[:MM] or nothing
// (UTC, as the catalog means every time it holds). nullopt for anything else.
std::optional<std::int64_t> EpochMillis(std::string_view t) {
  int year, month, day, hour = 0, minute = 0, second = 0, millis = 0;
  if (!Digits(t, 0, 4, &year) || t.size() < 10 || t[4] != '-' || !Digits(t, 5, 2, &month) || t[7] != '-' ||
      !Digits(t, 8, 2, &day) || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  std::size_t at = 10;
  if (at < t.size() && (t[at] == 'T' || t[at] == ' ')) {
    if (!Digits(t, at + 1, 2, &hour) || at + 3 >= t.size() || t[at + 3] != ':' || !Digits(t, at + 4, 2, &minute) ||
        hour > 23 || minute > 59) {
      return std::nullopt;
    }
    at += 6;
    if (at < t.size() && t[at] == ':') {
      if (!Digits(t, at + 1, 2, &second) || second > 60) return std::nullopt;
      at += 3;
      if (at < t.size() && t[at] == '.') {
        ++at;
        int scale = 100, digits = 0;
        for (; at < t.size() && t[at] >= '0' && t[at] <= '9'; ++at, ++digits) {
          millis += (t[at] - '0') * scale;  // beyond milliseconds: cut, as PostgreSQL's rendering does
          scale /= 10;
        }
        if (digits == 0) return std::nullopt;
      }
    }
  }
  int offset_minutes = 0;
  if (at < t.size()) {
    if (t[at] == 'Z' && at + 1 == t.size()) {
      at = t.size();
    } else if (t[at] == '+' || t[at] == '-') {
      const int sign = t[at] == '-' ? -1 : 1;
      int oh = 0, om = 0;
      if (!Digits(t, at + 1, 2, &oh)) return std::nullopt;
      at += 3;
      if (at < t.size() && t[at] == ':') ++at;
      if (at < t.size() && !Digits(t, at, 2, &om)) return std::nullopt;
      if (at < t.size()) at += 2;
      if (at != t.size() || oh > 23 || om > 59) return std::nullopt;
      offset_minutes = sign * (oh * 60 + om);
    } else {
      return std::nullopt;
    }
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::int64_t seconds = static_cast<std::int64_t>(::timegm(&tm)) - offset_minutes * 60;
  return seconds * 1000 + millis;
}

}  // namespace

std::string QuotedName(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

MigrationRow MigrationTable::KeyOf(const MigrationRow& row) const {
  MigrationRow out;
  out.reserve(key.size());
  for (int i : key) out.push_back(row[static_cast<std::size_t>(i)]);
  return out;
}

std::string MigrationTable::KeyText(const MigrationRow& key_values) const {
  std::string out;
  for (std::size_t i = 0; i < key.size() && i < key_values.size(); ++i) {
    if (i > 0) out += ", ";
    out += columns[static_cast<std::size_t>(key[i])].name + "=" + key_values[i].value_or("NULL");
  }
  return key.size() > 1 ? "(" + out + ")" : out;
}

MigrationValue CanonicalMigrationTime(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const std::optional<std::int64_t> at = EpochMillis(text);
  if (!at) return std::string(text);
  std::int64_t millis = *at % 1000;
  std::time_t seconds = static_cast<std::time_t>(*at / 1000);
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  std::tm tm{};
  if (::gmtime_r(&seconds, &tm) == nullptr) return std::string(text);
  char out[96];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return std::string(out);
}

std::string CanonicalMigrationReal(double value, ColumnKind kind) {
  char out[64];
  const std::to_chars_result written = kind == ColumnKind::kReal
                                           ? std::to_chars(out, out + sizeof out, static_cast<float>(value))
                                           : std::to_chars(out, out + sizeof out, value);
  return std::string(out, written.ptr);
}

}  // namespace sohoa::archive
