// sohoa_rank(page_search, max_rowid, w_exact, w_folded, w_meta_exact,
// w_meta_folded, w_code): FTS5's bm25 (k1 = 1.2, b = 0.75, per-column
// weights), higher is better, with one change that keeps a query's cost
// bounded as the archive grows: bm25 counts the rows holding each phrase by
// walking the phrase's whole doclist, which for a word on most pages
// ("nguyen", "nam") is most of the index on every query. sohoa_rank counts
// up to a sample of rows and, past it, estimates the count from how far
// through the rowids the sample reached (pages are numbered in the order
// they were stored, so a common word's rows are spread evenly). Rare
// phrases, where the count matters, are counted exactly.
// Internal to archive/: registered on each catalog connection.
#pragma once

#include <cstdint>

#include "archive/sqlite/sqlite_db.h"
#include "schema/status.h"

struct fts5_api;  // sqlite3.h

namespace sohoa::archive::internal {

// The connection's FTS5 API, for registering functions and tokenizers.
Result<fts5_api*> Fts5Api(Db& db);

// Rows counted exactly before the estimate takes over.
inline constexpr std::int64_t kRankSampleRows = 1000;

// Registers sohoa_rank and sohoa_follows with the connection's FTS5.
// sohoa_follows(page_search, gap) is 1 when an instance of the MATCH's
// second phrase stands `gap` positions after an instance of its first, in
// the same column: a phrase followed by a word beginning
// (search_text.h, QueryMatch::joined_gap).
Status RegisterSearchRank(Db& db);

// The estimated number of rows holding a phrase, from the rowid at which the
// `counted`-th row was found (rowids run from 1 to `max_rowid`). Exposed for
// tests.
double EstimateRows(std::int64_t counted, std::int64_t reached_rowid, std::int64_t max_rowid);

}  // namespace sohoa::archive::internal
