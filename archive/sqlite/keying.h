// The SQLite catalog's KeyingStore (archive/keying.h). Internal to archive/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "archive/keying.h"
#include "archive/sqlite/catalog.h"

namespace sohoa::archive {

class SqliteKeying final : public KeyingStore {
 public:
  explicit SqliteKeying(SqliteCatalog& catalog) : catalog_(catalog) {}

  Status StoreSlots(const PageSlots& page) override;
  Status SetMode(const std::string& book_id, KeyingMode mode, const std::string& actor) override;
  Result<KeyingMode> Mode(const std::string& book_id) override;
  Result<std::int64_t> Assign(const Assignment& assignment) override;
  Status Unassign(std::int64_t assignment_id, const std::string& actor) override;
  Result<std::vector<Assignment>> Assignments(const std::string& book_id) override;
  Result<std::optional<SlotRecord>> NextSlot(const std::string& user, const std::string& book_id) override;
  Result<std::optional<SlotRecord>> Following(const std::string& user, const std::string& book_id,
                                              std::int64_t after) override;
  Result<std::optional<SlotRecord>> FindSlot(std::int64_t slot_id) override;
  Result<std::vector<SlotRecord>> Slots(const std::string& book_id, int page) override;
  Result<std::optional<BookPageRecord>> Page(const std::string& book_id, int page) override;
  Status CanKey(const std::string& user, const SlotRecord& slot) override;
  Result<SlotState> SaveKeying(const KeyingRecord& keying) override;
  Result<std::vector<SlotRecord>> Conflicts(const std::string& user, const std::string& book_id, int limit) override;
  Result<std::vector<KeyingRecord>> KeyingsOf(std::int64_t slot_id) override;
  Result<SlotState> Resolve(const KeyingRecord& decision) override;
  Result<std::vector<std::pair<SlotRecord, std::string>>> EntryNumbers(const std::string& book_id,
                                                                       const std::string& user) override;
  Result<std::vector<ClerkStats>> Stats(const std::string& book_id) override;
  Result<std::vector<BookKeyingProgress>> Progress(const std::string& book_id) override;

 private:
  // The first slot of `user`'s pages that still needs a keying from them,
  // other than `excluding` (0: none); not held.
  Result<std::optional<SlotRecord>> FirstToKey(const std::string& user, const std::string& book_id,
                                               std::int64_t excluding);
  SqliteCatalog& catalog_;
};

}  // namespace sohoa::archive
