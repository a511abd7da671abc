#include "archive/postgres/search_rank.h"

#include <set>
#include <vector>

#include "archive/internal/search_bm25.h"
#include "archive/internal/search_tokens.h"

namespace sohoa::archive::postgres {
namespace {

bool Matches(const std::string& token, const std::string& wanted, bool prefix) {
  return prefix ? token.compare(0, wanted.size(), wanted) == 0 : token == wanted;
}

// Adds to `freq` the instances of each phrase that may match in `column`
// found in that column's `text`, times the column's weight: an instance is
// a position where each token of the phrase stands in turn, as FTS5 counts
// a phrase's instances (the pairs, marks and beginnings of
// search_tokens.h sit at their word's position).
void CountInstances(std::string_view text, const std::vector<IndexPhrase>& phrases, unsigned column,
                    double weight, std::vector<double>& freq) {
  std::set<std::string> exact;
  std::vector<std::string> beginnings;
  bool any = false;
  for (const IndexPhrase& phrase : phrases) {
    if (!(phrase.columns & column) || phrase.tokens.empty()) continue;
    any = true;
    for (std::size_t j = 0; j < phrase.tokens.size(); ++j) {
      if (phrase.prefix && j + 1 == phrase.tokens.size()) {
        beginnings.push_back(phrase.tokens[j]);
      } else {
        exact.insert(phrase.tokens[j]);
      }
    }
  }
  if (!any) return;
  // The tokens asked for, at each position of the column.
  std::vector<std::vector<std::string>> at;
  internal::ForEachStoredToken(text, [&](const std::string& token, std::size_t, std::size_t, bool colocated) {
    if (!colocated || at.empty()) at.emplace_back();
    bool wanted = exact.count(token) > 0;
    for (std::size_t b = 0; !wanted && b < beginnings.size(); ++b) wanted = Matches(token, beginnings[b], true);
    if (wanted) at.back().push_back(token);
    return 0;
  });
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    const IndexPhrase& phrase = phrases[i];
    if (!(phrase.columns & column) || phrase.tokens.empty()) continue;
    const std::size_t k = phrase.tokens.size();
    int instances = 0;
    for (std::size_t p = 0; p + k <= at.size(); ++p) {
      bool here = true;
      for (std::size_t j = 0; here && j < k; ++j) {
        const bool prefix = phrase.prefix && j + 1 == k;
        here = false;
        for (const std::string& token : at[p + j]) {
          if (Matches(token, phrase.tokens[j], prefix)) {
            here = true;
            break;
          }
        }
      }
      if (here) ++instances;
    }
    freq[i] += weight * instances;
  }
}

}  // namespace

Status Bm25::LoadTotals() {
  SOHOA_ASSIGN_OR_RETURN(Rows totals, db_.Query("SELECT coalesce(sum(pages), 0), coalesce(sum(tokens), 0), "
                                                "(SELECT coalesce(max(id), 0) FROM pages) FROM search_totals"));
  const double rows = static_cast<double>(totals.Int(0, 0));
  rows_ = rows;
  average_tokens_ = rows > 0 ? static_cast<double>(totals.Int(0, 1)) / rows : 1;
  max_page_ = totals.Int(0, 2);
  return Status::Ok();
}

Result<double> Bm25::IdfOf(const IndexPhrase& phrase) {
  if (phrase.tokens.size() > 1) return internal::PhraseIdf(*rows_);
  std::string query = QuotedLexeme(Lexeme(phrase.tokens[0], phrase.columns));
  if (phrase.prefix) query += ":*";
  const auto known = idf_.find(query);
  if (known != idf_.end()) return known->second;
  // Counted in page order up to the sample, as FTS5 walks a phrase's rows.
  SOHOA_ASSIGN_OR_RETURN(
      Rows counted,
      db_.Query("SELECT count(*), coalesce(max(page_id), 0) FROM (SELECT page_id FROM search_pages "
                "WHERE words @@ $1::tsquery ORDER BY page_id LIMIT $2) s",
                {query, std::to_string(internal::kRankSampleRows)}));
  const double idf =
      internal::Idf(*rows_, internal::PhraseRows(counted.Int(0, 0), counted.Int(0, 1), max_page_));
  idf_[query] = idf;
  return idf;
}

Result<double> Bm25::Relevance(const TsMatch& match, const RankedRow& row) {
  if (!rows_) SOHOA_RETURN_IF_ERROR(LoadTotals());
  std::vector<double> freq(match.phrases.size(), 0);
  CountInstances(row.meta, match.phrases, kMetaColumn, internal::kMetaWeight, freq);
  CountInstances(row.code, match.phrases, kCodeColumn, internal::kCodeWeight, freq);
  CountInstances(row.text, match.phrases, kTextColumn, internal::kTextWeight, freq);
  double score = 0;
  for (std::size_t i = 0; i < freq.size(); ++i) {
    // Only phrases that occur are counted: those under NOT never do.
    if (freq[i] == 0) continue;
    SOHOA_ASSIGN_OR_RETURN(double idf, IdfOf(match.phrases[i]));
    score += internal::Bm25Part(idf, freq[i], static_cast<double>(row.tokens), average_tokens_);
  }
  return score;
}

}  // namespace sohoa::archive::postgres
