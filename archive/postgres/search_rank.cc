#include "archive/postgres/search_rank.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "archive/internal/search_bm25.h"
#include "archive/internal/search_tokens.h"
#include "archive/postgres/search_slices.h"

namespace sohoa::archive::postgres {
namespace {

// The most counts kept between searches: a server searched for many words
// while nothing is written starts over past it.
constexpr std::size_t kMaxCounted = 20000;

// A column's words as the index cuts them, in order.
struct ColumnWords {
  std::vector<std::string> folded, exact;
};

ColumnWords WordsOf(std::string_view text) {
  ColumnWords words;
  internal::ForEachSearchWord(text, [&words](const std::string& folded, const std::string& exact, std::size_t,
                                             std::size_t) {
    words.folded.push_back(folded);
    words.exact.push_back(exact);
    return 0;
  });
  return words;
}

// Adds to `freq` the instances of each phrase that may match in `column`
// found in that column's `text`, times the column's weight: an instance is
// a position where each token of the phrase stands in turn, as FTS5 counts
// a phrase's instances (the pairs, marks and beginnings of
// search_tokens.h sit at their word's position). Sets `follows` when, in
// this column, an instance of the second phrase begins `gap` positions
// after one of the first (sohoa_follows, archive/sqlite/search_rank.h).
void CountInstances(std::string_view text, const std::vector<IndexPhrase>& phrases, unsigned column,
                    double weight, int gap, std::vector<double>& freq, bool& follows) {
  const bool any = std::any_of(phrases.begin(), phrases.end(), [column](const IndexPhrase& phrase) {
    return (phrase.columns & column) && !phrase.tokens.empty();
  });
  if (!any) return;
  const ColumnWords words = WordsOf(text);
  const std::size_t n = words.folded.size();
  std::vector<std::size_t> starts[2];  // of the first two phrases, for `follows`
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    const IndexPhrase& phrase = phrases[i];
    if (!(phrase.columns & column) || phrase.tokens.empty()) continue;
    const std::size_t k = phrase.tokens.size();
    int instances = 0;
    for (std::size_t p = 0; p + k <= n; ++p) {
      bool here = true;
      for (std::size_t j = 0; here && j < k; ++j) {
        const std::size_t at = p + j;
        here = internal::WordHasToken(words.folded[at], words.exact[at],
                                      at + 1 < n ? std::string_view(words.folded[at + 1]) : std::string_view(),
                                      phrase.tokens[j], phrase.prefix && j + 1 == k);
      }
      if (!here) continue;
      ++instances;
      if (gap > 0 && i < 2) starts[i].push_back(p);
    }
    freq[i] += weight * instances;
  }
  for (std::size_t p : starts[0]) {
    follows = follows || std::binary_search(starts[1].begin(), starts[1].end(), p + static_cast<std::size_t>(gap));
  }
}

}  // namespace

Status Bm25::LoadTotals() {
  SOHOA_ASSIGN_OR_RETURN(Rows totals, db_.Query("SELECT coalesce(sum(pages), 0), coalesce(sum(tokens), 0), "
                                                "(SELECT coalesce(max(id), 0) FROM pages), coalesce(sum(writes), 0) "
                                                "FROM search_totals"));
  const double rows = static_cast<double>(totals.Int(0, 0));
  rows_ = rows;
  average_tokens_ = rows > 0 ? static_cast<double>(totals.Int(0, 1)) / rows : 1;
  max_page_ = totals.Int(0, 2);
  // The same writes, the same index: what was counted still holds.
  if (counts_.writes != totals.Int(0, 3)) {
    counts_.writes = totals.Int(0, 3);
    counts_.idf.clear();
  }
  return Status::Ok();
}

Result<double> Bm25::IdfOf(const IndexPhrase& phrase) {
  if (phrase.tokens.size() > 1) return internal::PhraseIdf(*rows_);
  std::string query = QuotedLexeme(Lexeme(phrase.tokens[0], phrase.columns));
  if (phrase.prefix) query += ":*";
  const auto known = counts_.idf.find(query);
  if (known != counts_.idf.end()) return known->second;
  // Counted in page order up to the sample, as FTS5 walks a phrase's rows:
  // slice by slice from the oldest, then the page the sample ends at.
  std::int64_t counted = 0, reached = 0, here = 0;
  SliceWalk walk(max_page_, false);
  while (const std::optional<PageSlice> slice = walk.Next(here, internal::kRankSampleRows - counted)) {
    const std::string in_slice = "(" + query + ") & " + slice->tsquery;
    SOHOA_ASSIGN_OR_RETURN(Rows rows, db_.Query("SELECT count(*) FROM search_pages WHERE words @@ $1::tsquery "
                                                "AND page_id BETWEEN $2::bigint AND $3::bigint",
                                                {in_slice, std::to_string(slice->first), std::to_string(slice->last)}));
    here = rows.Int(0, 0);
    if (counted + here >= internal::kRankSampleRows) {
      // Within the slice's ids too, so that for a common word the
      // planner may walk them in order and stop.
      SOHOA_ASSIGN_OR_RETURN(
          Rows last, db_.Query("SELECT page_id FROM search_pages WHERE words @@ $1::tsquery AND page_id BETWEEN "
                               "$3::bigint AND $4::bigint ORDER BY page_id OFFSET $2 LIMIT 1",
                               {in_slice, std::to_string(internal::kRankSampleRows - 1 - counted),
                                std::to_string(slice->first), std::to_string(slice->last)}));
      counted = internal::kRankSampleRows;
      reached = last.Int(0, 0);
      break;
    }
    counted += here;
  }
  const double idf = internal::Idf(*rows_, internal::PhraseRows(counted, reached, max_page_));
  if (counts_.idf.size() >= kMaxCounted) counts_.idf.clear();
  counts_.idf[query] = idf;
  return idf;
}

Result<std::int64_t> Bm25::MaxPage() {
  if (!rows_) SOHOA_RETURN_IF_ERROR(LoadTotals());
  return max_page_;
}

Result<std::optional<double>> Bm25::Relevance(const TsMatch& match, const RankedRow& row, int gap) {
  if (!rows_) SOHOA_RETURN_IF_ERROR(LoadTotals());
  std::vector<double> freq(match.phrases.size(), 0);
  bool follows = false;
  CountInstances(row.meta, match.phrases, kMetaColumn, internal::kMetaWeight, gap, freq, follows);
  CountInstances(row.code, match.phrases, kCodeColumn, internal::kCodeWeight, gap, freq, follows);
  CountInstances(row.text, match.phrases, kTextColumn, internal::kTextWeight, gap, freq, follows);
  if (gap > 0 && !follows) return std::optional<double>();
  double score = 0;
  for (std::size_t i = 0; i < freq.size(); ++i) {
    // Only phrases that occur are counted: those under NOT never do.
    if (freq[i] == 0) continue;
    SOHOA_ASSIGN_OR_RETURN(double idf, IdfOf(match.phrases[i]));
    score += internal::Bm25Part(idf, freq[i], static_cast<double>(row.tokens), average_tokens_);
  }
  return std::optional<double>(score);
}

}  // namespace sohoa::archive::postgres
