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

SliceWalk::SliceWalk(std::int64_t max_page, bool newest_first)
    : max_page_(max_page),
      newest_first_(newest_first),
      last_bucket_(max_page >> kFinestBits),
      next_bucket_(newest_first ? max_page >> kFinestBits : 0) {}

std::optional<PageSlice> SliceWalk::Next(std::int64_t found, std::int64_t wanted) {
  if (max_page_ < 1 || next_bucket_ < 0 || next_bucket_ > last_bucket_) return std::nullopt;
  std::int64_t width = 2;  // the newest bucket alone may have just begun
  if (width_ > 0) {
    width = width_ * 8;
    if (found > 0 && wanted > 0) {
      // Enough pages for what is wanted at the density seen, and half again.
      const double pages = static_cast<double>(wanted) * static_cast<double>(pages_) / static_cast<double>(found) * 1.5;
      const auto buckets = static_cast<std::int64_t>(pages / static_cast<double>(std::int64_t{1} << kFinestBits)) + 1;
      width = std::min(width, buckets);
    }
  }
  width_ = std::max<std::int64_t>(1, width);
  std::int64_t lo = 0, hi = 0;
  if (newest_first_) {
    hi = next_bucket_;
    lo = std::max<std::int64_t>(0, hi - width_ + 1);
    next_bucket_ = lo - 1;
  } else {
    lo = next_bucket_;
    hi = std::min(last_bucket_, lo + width_ - 1);
    next_bucket_ = hi + 1;
  }
  PageSlice slice = Slice(lo, hi, max_page_);
  pages_ = slice.last - slice.first + 1;
  return slice;
}

}  // namespace sohoa::archive::postgres
