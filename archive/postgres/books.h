// Register books (archive/catalog.h's BookStore) and keying them by hand
// (archive/keying.h's KeyingStore) on PostgreSQL, as the SQLite catalog
// does them (archive/sqlite/books.cc, keying.cc). Where SQLite relied on its
// one writer, these take row locks, always in the order book, slot, page:
// two clerks saving one slot from two server threads are served one after
// the other, and a rescan of a page never meets a keying half written.
// Internal to archive/postgres/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "archive/postgres/catalog.h"

namespace sohoa::archive::postgres {

class PgBookStore final : public BookStore {
 public:
  explicit PgBookStore(PgContext& context) : context_(context) {}
  Status StoreBook(const BookRecord& book) override;
  Result<int> StoreBookPage(const BookPageRecord& page) override;
  Result<std::optional<BookRecord>> FindBook(const std::string& id) override;
  Result<std::vector<BookRecord>> Books() override;
  Result<std::vector<BookEntryRecord>> BookEntries(const std::string& book_id) override;
  Result<std::vector<BookEntryRecord>> SearchBookEntries(const std::string& query, int limit) override;

 private:
  PgContext& context_;
};

class PgKeying final : public KeyingStore {
 public:
  explicit PgKeying(PgContext& context) : context_(context) {}
  Status StoreSlots(const PageSlots& page) override;
  Status SetMode(const std::string& book_id, KeyingMode mode, const std::string& actor) override;
  Result<KeyingMode> Mode(const std::string& book_id) override;
  Result<std::int64_t> Assign(const Assignment& assignment) override;
  Status Unassign(std::int64_t assignment_id, const std::string& actor) override;
  Result<std::vector<Assignment>> Assignments(const std::string& book_id) override;
  Result<std::optional<SlotRecord>> NextSlot(const std::string& user, const std::string& book_id) override;
  Result<std::optional<SlotRecord>> Following(const std::string& user, const std::string& book_id, std::int64_t after) override;
  Result<std::optional<SlotRecord>> FindSlot(std::int64_t slot_id) override;
  Result<std::vector<SlotRecord>> Slots(const std::string& book_id, int page) override;
  Result<std::optional<BookPageRecord>> Page(const std::string& book_id, int page) override;
  Status CanKey(const std::string& user, const SlotRecord& slot) override;
  Result<SlotState> SaveKeying(const KeyingRecord& keying) override;
  Result<std::vector<SlotRecord>> Conflicts(const std::string& user, const std::string& book_id, int limit) override;
  Result<std::vector<KeyingRecord>> KeyingsOf(std::int64_t slot_id) override;
  Result<SlotState> Resolve(const KeyingRecord& decision) override;
  Result<std::vector<std::pair<SlotRecord, std::string>>> EntryNumbers(const std::string& book_id, const std::string& user) override;
  Result<std::vector<ClerkStats>> Stats(const std::string& book_id) override;
  Result<std::vector<BookKeyingProgress>> Progress(const std::string& book_id) override;

 private:
  // The first slot of `user`'s pages that still needs a keying from them,
  // other than `excluding` (0: none); not held.
  Result<std::optional<SlotRecord>> FirstToKey(Connection& db, const std::string& user, const std::string& book_id,
                                               std::int64_t excluding);
  PgContext& context_;
};

// " AND <the book aliased b is in scope>" (ScopeCondition over the
// agencies of b.agency_code): a book whose agency is unknown is in no
// restricted scope.
std::string BookInScope(const Scope& scope, std::vector<Param>& params);

// The book `id` if it is in `scope`.
Result<std::optional<BookRecord>> SelectBook(Connection& db, const Scope& scope, const std::string& id);

// Writes `entries` of page `page` of a book (book_entries, their fields and
// search words) with `status` "read" or "verified", each at its position
// unless an entry stands there already; inside the caller's transaction.
// Returns how many were written.
Result<int> InsertBookEntries(Connection& db, const std::string& book_id, int page,
                              const std::vector<BookEntryRecord>& entries, const std::string& source_sha256,
                              const std::string& status);

// Writes the search words of the book entries after entry `after_id` (at
// most `limit`, in id order) from their stored fields, as InsertBookEntries
// writes them: for entries copied from an SQLite catalog, whose index is not
// a table (archive/migrate.h). Returns the last entry id written, 0 when no
// entry was left.
Result<std::int64_t> IndexBookEntries(Connection& db, std::int64_t after_id, int limit);

// `value` as text PostgreSQL reads back as the same number (a real column
// as the same float), "NaN" and "Infinity" included.
std::string ExactNumber(double value);

}  // namespace sohoa::archive::postgres
