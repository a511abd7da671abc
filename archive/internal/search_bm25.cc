#include "archive/internal/search_bm25.h"

#include <cmath>

namespace sohoa::archive::internal {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

double AtLeastALittle(double idf) { return idf <= 0 ? 1e-6 : idf; }

}  // namespace

double EstimateRows(std::int64_t counted, std::int64_t reached_rowid, std::int64_t max_rowid) {
  if (reached_rowid <= 0 || max_rowid <= reached_rowid) return static_cast<double>(counted);
  return static_cast<double>(counted) * static_cast<double>(max_rowid) /
         static_cast<double>(reached_rowid);
}

double PhraseRows(std::int64_t counted, std::int64_t reached_rowid, std::int64_t max_rowid) {
  return counted < kRankSampleRows ? static_cast<double>(counted)
                                   : EstimateRows(counted, reached_rowid, max_rowid);
}

double Idf(double rows, double hits) { return AtLeastALittle(std::log((rows - hits + 0.5) / (hits + 0.5))); }

double PhraseIdf(double rows) { return AtLeastALittle(std::log((rows - 0.5) / 1.5)); }

double Bm25Part(double idf, double freq, double row_tokens, double average_tokens) {
  const double length = 1 - kB + kB * row_tokens / average_tokens;
  return idf * (freq * (kK1 + 1)) / (freq + kK1 * length);
}

}  // namespace sohoa::archive::internal
