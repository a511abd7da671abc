#include "archive/postgres/search_slices.h"

#include <algorithm>

#include "archive/postgres/search_tsquery.h"

namespace sohoa::archive::postgres {
namespace {

constexpr int kFinestBits = 12;  // 4,096 pages
constexpr int kLevelBits = 3;    // each level 8 times the one below
constexpr int kLevels = 5;       // up to 16,777,216 pages a bucket

std::string Lexeme(int level, std::int64_t bucket) {
  return "~" + std::string(1, static_cast<char>('a' + level)) + std::to_string(bucket);
}

std::int64_t Width(int level) { return std::int64_t{1} << (kLevelBits * level); }  // in finest buckets

// The finest buckets lo..hi as an OR of the fewest aligned buckets.
std::string Covering(std::int64_t lo, std::int64_t hi) {
  std::string out;
  int terms = 0;
  while (lo <= hi) {
    int level = 0;
    while (level + 1 < kLevels && lo % Width(level + 1) == 0 && lo + Width(level + 1) - 1 <= hi) ++level;
    out += (out.empty() ? "" : " | ") + QuotedLexeme(Lexeme(level, lo / Width(level)));
    ++terms;
    lo += Width(level);
  }
  return terms > 1 ? "(" + out + ")" : out;
}

PageSlice Slice(std::int64_t lo, std::int64_t hi, std::int64_t max_page) {
  return {std::max<std::int64_t>(1, lo << kFinestBits), std::min(max_page, ((hi + 1) << kFinestBits) - 1),
          Covering(lo, hi)};
}

}  // namespace

std::vector<std::string> BucketLexemes(std::int64_t page_id) {
  std::vector<std::string> out;
  for (int level = 0; level < kLevels; ++level) {
    out.push_back(Lexeme(level, page_id >> (kFinestBits + kLevelBits * level)));
  }
  return out;
}

std::vector<PageSlice> NewestFirst(std::int64_t max_page) {
  std::vector<PageSlice> out;
  if (max_page < 1) return out;
  const std::int64_t last = max_page >> kFinestBits;
  std::int64_t hi = last;
  // Two buckets first: the newest alone may have just begun.
  for (std::int64_t width = 2; hi >= 0; width *= 8) {
    const std::int64_t lo = std::max<std::int64_t>(0, hi - width + 1);
    out.push_back(Slice(lo, hi, max_page));
    hi = lo - 1;
  }
  return out;
}

std::vector<PageSlice> OldestFirst(std::int64_t max_page) {
  std::vector<PageSlice> out;
  if (max_page < 1) return out;
  const std::int64_t last = max_page >> kFinestBits;
  std::int64_t lo = 0;
  for (std::int64_t width = 1; lo <= last; width *= 8) {
    const std::int64_t hi = std::min(last, lo + width - 1);
    out.push_back(Slice(lo, hi, max_page));
    lo = hi + 1;
  }
  return out;
}

}  // namespace sohoa::archive::postgres
