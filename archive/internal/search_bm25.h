// The arithmetic of search ranking, whatever the backend: FTS5's bm25
// (k1 = 1.2, b = 0.75, per-column weights), with sohoa's change that keeps
// a query's cost bounded as the archive grows. bm25 counts the rows holding
// each phrase; for a word on most pages ("nguyen", "nam") that is most of
// the index on every query. Rows are counted up to a sample and, past it,
// the count is estimated from how far through the row ids the sample
// reached (pages are numbered in the order they were stored, so a common
// word's rows are spread evenly). Rare phrases, where the count matters,
// are counted exactly. The SQLite catalog computes it in its FTS5 function
// sohoa_rank (archive/sqlite/search_rank.h), the PostgreSQL catalog in
// archive/postgres/search_rank.cc. Internal to archive/.
#pragma once

#include <cstdint>

namespace sohoa::archive::internal {

// Rows counted exactly before the estimate takes over.
inline constexpr std::int64_t kRankSampleRows = 1000;

// Weights of the index's columns (text, meta, code, facets): a word on the
// page itself counts double a word of the dossier's metadata; facets
// (filters) do not rank.
inline constexpr double kTextWeight = 1.0;
inline constexpr double kMetaWeight = 0.5;
inline constexpr double kCodeWeight = 0.5;
inline constexpr double kFacetsWeight = 0.0;

// The estimated number of rows holding a phrase, from the row id at which
// the `counted`-th row was found (row ids run from 1 to `max_rowid`).
double EstimateRows(std::int64_t counted, std::int64_t reached_rowid, std::int64_t max_rowid);

// The number of rows holding a phrase of one token: `counted` as counted
// in ascending row id order up to kRankSampleRows, then EstimateRows.
double PhraseRows(std::int64_t counted, std::int64_t reached_rowid, std::int64_t max_rowid);

// The idf of a phrase held by `hits` of `rows` rows; a phrase on most rows
// still counts a little.
double Idf(double rows, double hits);

// The idf of a phrase of several tokens. Counting its rows means evaluating
// the phrase over the whole index, which for a rare phrase of common words
// ("dang thu ngan") is a walk through every row holding its rarest word: it
// is taken to be rare (one row). In sohoa's tiers every row ranked holds the
// same phrases, so this only scales the score.
double PhraseIdf(double rows);

// One phrase's part of a row's score: its weighted instances `freq` in a
// row of `row_tokens` tokens, the index averaging `average_tokens`.
double Bm25Part(double idf, double freq, double row_tokens, double average_tokens);

}  // namespace sohoa::archive::internal
