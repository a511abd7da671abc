// What every catalog backend does alike with register books outside SQL:
// the checks on a stored page, an entry's fields and words as stored, the
// words of an entry search, and the event of a stored page.
// Internal to archive/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "archive/catalog.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

// InvalidArgument unless the page number is 1 or more and its entries'
// rows are distinct and start at 1.
Status CheckBookPage(const BookPageRecord& page);

// An entry as stored: its named fields, the first of each name, values in
// NFC (a field's position is its index + 1), and the text search reads.
struct StoredEntry {
  std::vector<BookEntryRecord::Field> fields;
  std::string text;  // the non-empty values, one a line
};
StoredEntry StoredEntryOf(const BookEntryRecord& entry);

// The words of an entry search (at most 32 of each): folded (case, tone
// marks, đ) to find entries, and as typed (lower case, marks kept) to put
// the entries holding them so first; the folded words when the query has
// no words as typed.
struct BookSearchWords {
  std::vector<std::string> folded, exact;
};
BookSearchWords BookSearchWordsOf(std::string_view query);

// The "ingestion" event of a stored page that brought `stored` entries.
Event BookPageEvent(const BookPageRecord& page, int stored);

}  // namespace sohoa::archive::internal
