#include "archive/postgres/books.h"

namespace sohoa::archive::postgres {
namespace {

Status NotYet(const char* what) {
  return Unsupported(std::string(what) + " is not yet on the PostgreSQL catalog");
}

}  // namespace

Status PgBookStore::StoreBook(const BookRecord& /*book*/) {
  return NotYet("StoreBook");
}

Result<int> PgBookStore::StoreBookPage(const BookPageRecord& /*page*/) {
  return NotYet("StoreBookPage");
}

Result<std::optional<BookRecord>> PgBookStore::FindBook(const std::string& /*id*/) {
  return NotYet("FindBook");
}

Result<std::vector<BookRecord>> PgBookStore::Books() {
  return NotYet("Books");
}

Result<std::vector<BookEntryRecord>> PgBookStore::BookEntries(const std::string& /*book_id*/) {
  return NotYet("BookEntries");
}

Result<std::vector<BookEntryRecord>> PgBookStore::SearchBookEntries(const std::string& /*query*/, int /*limit*/) {
  return NotYet("SearchBookEntries");
}

Status PgKeying::StoreSlots(const PageSlots& /*page*/) {
  return NotYet("StoreSlots");
}

Status PgKeying::SetMode(const std::string& /*book_id*/, KeyingMode /*mode*/, const std::string& /*actor*/) {
  return NotYet("SetMode");
}

Result<KeyingMode> PgKeying::Mode(const std::string& /*book_id*/) {
  return NotYet("Mode");
}

Result<std::int64_t> PgKeying::Assign(const Assignment& /*assignment*/) {
  return NotYet("Assign");
}

Status PgKeying::Unassign(std::int64_t /*assignment_id*/, const std::string& /*actor*/) {
  return NotYet("Unassign");
}

Result<std::vector<Assignment>> PgKeying::Assignments(const std::string& /*book_id*/) {
  return NotYet("Assignments");
}

Result<std::optional<SlotRecord>> PgKeying::NextSlot(const std::string& /*user*/, const std::string& /*book_id*/) {
  return NotYet("NextSlot");
}

Result<std::optional<SlotRecord>> PgKeying::Following(const std::string& /*user*/, const std::string& /*book_id*/, std::int64_t /*after*/) {
  return NotYet("Following");
}

Result<std::optional<SlotRecord>> PgKeying::FindSlot(std::int64_t /*slot_id*/) {
  return NotYet("FindSlot");
}

Result<std::vector<SlotRecord>> PgKeying::Slots(const std::string& /*book_id*/, int /*page*/) {
  return NotYet("Slots");
}

Result<std::optional<BookPageRecord>> PgKeying::Page(const std::string& /*book_id*/, int /*page*/) {
  return NotYet("Page");
}

Status PgKeying::CanKey(const std::string& /*user*/, const SlotRecord& /*slot*/) {
  return NotYet("CanKey");
}

Result<SlotState> PgKeying::SaveKeying(const KeyingRecord& /*keying*/) {
  return NotYet("SaveKeying");
}

Result<std::vector<SlotRecord>> PgKeying::Conflicts(const std::string& /*user*/, const std::string& /*book_id*/, int /*limit*/) {
  return NotYet("Conflicts");
}

Result<std::vector<KeyingRecord>> PgKeying::KeyingsOf(std::int64_t /*slot_id*/) {
  return NotYet("KeyingsOf");
}

Result<SlotState> PgKeying::Resolve(const KeyingRecord& /*decision*/) {
  return NotYet("Resolve");
}

Result<std::vector<std::pair<SlotRecord, std::string>>> PgKeying::EntryNumbers(const std::string& /*book_id*/, const std::string& /*user*/) {
  return NotYet("EntryNumbers");
}

Result<std::vector<ClerkStats>> PgKeying::Stats(const std::string& /*book_id*/) {
  return NotYet("Stats");
}

Result<std::vector<BookKeyingProgress>> PgKeying::Progress(const std::string& /*book_id*/) {
  return NotYet("Progress");
}

}  // namespace sohoa::archive::postgres
