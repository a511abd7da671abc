// Page ids as words of the PostgreSQL search index, so that a search can
// walk the matches of its words newest first (or a count oldest first) and
// stop, as FTS5 walks its postings in rowid order: a GIN index hands over
// all the rows matching, in no order, so "the 200 newest pages holding
// 'nguyen'" would read every such page to sort them.
//
// Each row holds, besides its words, the bucket of its page id at each of
// kLevels sizes (4,096 pages, 8 times more at each level up: ~a2441 ~b305
// ~c38 ~d4 ~e0). A slice of page ids is an OR of a few aligned buckets;
// ANDed with a query's words, the GIN index walks the smaller of the two
// lists and skips through the other. Slices grow 8 times at each step, so
// a common word is found in the newest few thousand pages and a rare one
// after a handful of steps.
// Internal to archive/postgres/.
#pragma once

#include <cstdint>
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

// Disjoint slices covering pages 1..`max_page`, the newest first, each 8
// times the one before.
std::vector<PageSlice> NewestFirst(std::int64_t max_page);
// The same, the oldest first.
std::vector<PageSlice> OldestFirst(std::int64_t max_page);

}  // namespace sohoa::archive::postgres
