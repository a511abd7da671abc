// Page ids as words of the PostgreSQL search index, so that a search can
// walk the matches of its words newest first (or a count oldest first) and
// stop, as FTS5 walks its postings in rowid order: a GIN index hands over
// all the rows matching, in no order, so "the 200 newest pages holding
// 'nguyen'" would read every such page to sort them.
//
// Each row holds, besides its words, the bucket of its page id at each of
// kLevels sizes (4,096 pages, 8 times more at each level up: ~a2441 ~b305
// ~c38 ~d4 ~e0). A slice of page ids is an OR of a few aligned buckets,
// ANDed with a query's words; a statement also names the slice's ids, so
// that it reads the GIN index of the range of page ids holding them
// (schema/migrations_postgres/0004_search_ranges.sql). (Within a range the
// index walks the list of the query's rarest word: an OR of buckets cannot
// lead it; one bucket lexeme instead of the OR was measured slower.)
// Slices grow 8 times at each step, so a common word is found in the
// newest few thousand pages and a rare one after a handful of steps.
// Internal to archive/postgres/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sohoa::archive::postgres {

// The lexemes of page `page_id`'s buckets (no positions; they do not count
// as words).
std::vector<std::string> BucketLexemes(std::int64_t page_id);

// A range of page ids, both ends included, and the tsquery that holds
// exactly its pages.
struct PageSlice {
  std::int64_t first = 0, last = 0;
  std::string tsquery;
};

// Walks pages 1..`max_page` in disjoint slices, the newest first (or the
// oldest first), each sized from what the ones before found: about enough
// for what is still wanted at the density seen so far, and never more
// than 8 times the slice before (a slice that found nothing is followed by
// one 8 times its size). So a rare phrase is found in a handful of steps
// and a common one reads not many more rows than it needs (a street name
// on every page of a commune made 2,462 rows to check of 30 wanted when
// slices only grew 8 times).
class SliceWalk {
 public:
  SliceWalk(std::int64_t max_page, bool newest_first);
  // The next slice, nullopt past the last page. `found` is how many rows
  // the slice before gave (all it had: fewer than were asked), `wanted`
  // how many more are wanted.
  std::optional<PageSlice> Next(std::int64_t found, std::int64_t wanted);

 private:
  std::int64_t max_page_;
  bool newest_first_;
  std::int64_t last_bucket_;  // of max_page, in finest buckets
  std::int64_t next_bucket_;  // where the next slice begins
  std::int64_t width_ = 0;    // of the slice before, in finest buckets; 0 before the first
  std::int64_t pages_ = 0;    // in the slice before
};

}  // namespace sohoa::archive::postgres
