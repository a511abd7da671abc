#include "archive/sqlite/search_rank.h"

#include <sqlite3.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace sohoa::archive::internal {
namespace {

// What one MATCH query needs across its rows: kept as FTS5 aux data.
struct QueryStats {
  double avgdl = 1;
  std::int64_t rows = 0;
  std::int64_t max_rowid = 0;
  std::vector<double> idf;  // per phrase; < 0 until computed
  std::vector<double> freq;  // per phrase, for the current row
};

struct Counter {
  std::int64_t counted = 0;
  std::int64_t last_rowid = 0;
};

int CountRow(const Fts5ExtensionApi* api, Fts5Context* fts, void* user) {
  auto* c = static_cast<Counter*>(user);
  ++c->counted;
  c->last_rowid = api->xRowid(fts);
  return c->counted >= kRankSampleRows ? SQLITE_DONE : SQLITE_OK;
}

int CountedIdf(const Fts5ExtensionApi* api, Fts5Context* fts, QueryStats& stats, int phrase,
               double& idf) {
  const double n = static_cast<double>(stats.rows);
  if (api->xPhraseSize(fts, phrase) > 1) {
    idf = PhraseIdf(n);
    return SQLITE_OK;
  }
  Counter c;
  int rc = api->xQueryPhrase(fts, phrase, &c, CountRow);
  if (rc != SQLITE_OK) return rc;
  idf = Idf(n, PhraseRows(c.counted, c.last_rowid, stats.max_rowid));
  return SQLITE_OK;
}

void DeleteStats(void* p) { delete static_cast<QueryStats*>(p); }

void Rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
          sqlite3_value** argv) {
  auto* stats = static_cast<QueryStats*>(api->xGetAuxdata(fts, 0));
  int rc = SQLITE_OK;
  if (stats == nullptr) {
    auto fresh = new QueryStats;
    fresh->max_rowid = argc > 0 ? sqlite3_value_int64(argv[0]) : 0;
    sqlite3_int64 rows = 0, tokens = 0;
    rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
    fresh->rows = rows;
    fresh->avgdl = rows > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1;
    fresh->idf.assign(static_cast<std::size_t>(api->xPhraseCount(fts)), -1);
    fresh->freq.assign(fresh->idf.size(), 0);
    if (rc == SQLITE_OK) rc = api->xSetAuxdata(fts, fresh, DeleteStats);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    stats = fresh;
  }

  std::fill(stats->freq.begin(), stats->freq.end(), 0.0);
  int instances = 0;
  rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    const double weight = column + 1 < argc ? sqlite3_value_double(argv[column + 1]) : 1.0;
    if (rc == SQLITE_OK) stats->freq[static_cast<std::size_t>(phrase)] += weight;
  }
  int row_tokens = 0;
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &row_tokens);
  double score = 0;
  for (std::size_t i = 0; rc == SQLITE_OK && i < stats->freq.size(); ++i) {
    const double f = stats->freq[i];
    if (f == 0) continue;
    // Only phrases that occur are counted: those under NOT never do.
    if (stats->idf[i] < 0) rc = CountedIdf(api, fts, *stats, static_cast<int>(i), stats->idf[i]);
    score += Bm25Part(stats->idf[i], f, static_cast<double>(row_tokens), stats->avgdl);
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  sqlite3_result_double(ctx, score);
}

void Follows(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
             sqlite3_value** argv) {
  const int gap = argc > 0 ? sqlite3_value_int(argv[0]) : 1;
  if (api->xPhraseCount(fts) < 2) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  // Instances come in (column, offset) order.
  std::vector<std::pair<int, int>> second;
  Fts5PhraseIter it;
  int column = 0, offset = 0;
  int rc = api->xPhraseFirst(fts, 1, &it, &column, &offset);
  for (; rc == SQLITE_OK && column >= 0; api->xPhraseNext(fts, &it, &column, &offset)) {
    second.emplace_back(column, offset);
  }
  bool follows = false;
  if (rc == SQLITE_OK) rc = api->xPhraseFirst(fts, 0, &it, &column, &offset);
  for (; rc == SQLITE_OK && column >= 0 && !follows; api->xPhraseNext(fts, &it, &column, &offset)) {
    follows = std::binary_search(second.begin(), second.end(), std::make_pair(column, offset + gap));
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  sqlite3_result_int(ctx, follows ? 1 : 0);
}

}  // namespace

Result<fts5_api*> Fts5Api(Db& db) {
  // FTS5 hands out its API through a pointer bound to SELECT fts5(?1).
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db.handle(), "SELECT fts5(?1)", -1, &raw, nullptr) != SQLITE_OK) {
    return Unsupported("this SQLite has no FTS5 full-text search; sohoa needs it");
  }
  StmtPtr stmt(raw);
  fts5_api* api = nullptr;
  sqlite3_bind_pointer(raw, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(raw);
  if (api == nullptr || api->iVersion < 2) {
    return Unsupported("this SQLite's FTS5 is too old for sohoa's search");
  }
  return api;
}

Status RegisterSearchRank(Db& db) {
  SOHOA_ASSIGN_OR_RETURN(fts5_api * api, Fts5Api(db));
  if (api->xCreateFunction(api, "sohoa_rank", nullptr, Rank, nullptr) != SQLITE_OK ||
      api->xCreateFunction(api, "sohoa_follows", nullptr, Follows, nullptr) != SQLITE_OK) {
    return Internal("could not register the search ranking functions");
  }
  return Status::Ok();
}

}  // namespace sohoa::archive::internal
