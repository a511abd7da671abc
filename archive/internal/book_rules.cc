#include "archive/internal/book_rules.h"

#include <set>

#include "archive/internal/search_text.h"
#include "schema/text.h"

namespace sohoa::archive::internal {

namespace {
constexpr std::size_t kMaxQueryWords = 32;
}  // namespace

Status CheckBookPage(const BookPageRecord& page) {
  if (page.number < 1) {
    return InvalidArgument("book " + page.book_id + ": page numbers start at 1, found " +
                           std::to_string(page.number));
  }
  std::set<int> positions;
  for (const BookEntryRecord& e : page.entries) {
    if (e.position < 1 || !positions.insert(e.position).second) {
      return InvalidArgument("book " + page.book_id + ", page " + std::to_string(page.number) +
                             ": entry rows must be distinct and start at 1");
    }
  }
  return Status::Ok();
}

StoredEntry StoredEntryOf(const BookEntryRecord& entry) {
  StoredEntry stored;
  std::set<std::string> names;
  for (const BookEntryRecord::Field& f : entry.fields) {
    if (f.name.empty() || !names.insert(f.name).second) continue;
    stored.fields.push_back({f.name, ToNfc(f.value), f.confidence});
    if (!stored.fields.back().value.empty()) stored.text += stored.fields.back().value + "\n";
  }
  return stored;
}

BookSearchWords BookSearchWordsOf(std::string_view query) {
  BookSearchWords words{SplitWords(FoldForSearch(query)), SplitWords(LowerKeepMarks(query))};
  if (words.folded.size() > kMaxQueryWords) words.folded.resize(kMaxQueryWords);
  if (words.exact.size() > kMaxQueryWords) words.exact.resize(kMaxQueryWords);
  if (words.exact.empty()) words.exact = words.folded;
  return words;
}

Event BookPageEvent(const BookPageRecord& page, int stored) {
  Event event;
  event.type = "ingestion";
  event.object = page.book_id;
  event.detail = "register page " + std::to_string(page.number) + ": " + std::to_string(stored) +
                 " entries" + (page.source_name.empty() ? "" : " from " + page.source_name);
  return event;
}

}  // namespace sohoa::archive::internal
