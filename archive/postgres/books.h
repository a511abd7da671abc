#pragma once

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
  PgContext& context_;
};

}  // namespace sohoa::archive::postgres
