// bm25 for the PostgreSQL catalog's search, as the SQLite catalog's
// sohoa_rank computes it (archive/internal/search_bm25.h): the same
// phrases, the same instances of each (counted here on the page's columns
// cut by archive/internal/search_tokens.h, as FTS5 counts them on its
// index), the same row lengths, row counts and totals (search_pages.tokens,
// search_totals), the same sampled count of the rows holding a phrase.
// Internal to archive/postgres/: search.cc.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "archive/postgres/pg_db.h"
#include "archive/postgres/search_tsquery.h"
#include "schema/status.h"

namespace sohoa::archive::postgres {

// A search row's columns as the SQLite index holds them.
struct RankedRow {
  std::string text, meta, code;
  int tokens = 0;  // search_pages.tokens
};

// What ranking counted, kept by a catalog until its index changes.
struct Bm25Counts {
  std::int64_t writes = -1;            // search_totals' writes when counted
  std::map<std::string, double> idf;  // by the phrase's tsquery
};

// Ranks the rows of one search (the index's totals are read once).
class Bm25 {
 public:
  Bm25(Connection& db, Bm25Counts& counts) : db_(db), counts_(counts) {}

  // The relevance of `row` to the phrases of `match`, >= 0; with `gap` > 0
  // nullopt unless an instance of its second phrase begins `gap`
  // positions after one of its first, in the same column
  // (QueryMatch::Tier::gap: the index does not say).
  Result<std::optional<double>> Relevance(const TsMatch& match, const RankedRow& row, int gap = 0);

  // The highest page id when the totals were read.
  Result<std::int64_t> MaxPage();

 private:
  Status LoadTotals();
  Result<double> IdfOf(const IndexPhrase& phrase);

  Connection& db_;
  Bm25Counts& counts_;
  std::optional<double> rows_;
  double average_tokens_ = 1;
  std::int64_t max_page_ = 0;
};

}  // namespace sohoa::archive::postgres
