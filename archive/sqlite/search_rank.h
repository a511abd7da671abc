// sohoa_rank(page_search, max_rowid, w_text, w_meta, w_code, w_facets):
// bm25 as archive/internal/search_bm25.h computes it (a sampled row count
// for common phrases), higher is better, as an FTS5 function.
// Internal to archive/: registered on each catalog connection.
#pragma once

#include <cstdint>

#include "archive/internal/search_bm25.h"
#include "archive/sqlite/sqlite_db.h"
#include "schema/status.h"

struct fts5_api;  // sqlite3.h

namespace sohoa::archive::internal {

// The connection's FTS5 API, for registering functions and tokenizers.
Result<fts5_api*> Fts5Api(Db& db);

// Registers sohoa_rank and sohoa_follows with the connection's FTS5.
// sohoa_follows(page_search, gap) is 1 when an instance of the MATCH's
// second phrase stands `gap` positions after an instance of its first, in
// the same column: a phrase followed by a word beginning
// (search_text.h, QueryMatch::joined_gap).
Status RegisterSearchRank(Db& db);

}  // namespace sohoa::archive::internal
