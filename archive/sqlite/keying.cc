// SqliteKeying: keying register books by hand (archive/keying.h, schema 10).
#include "archive/sqlite/keying.h"

#include <tuple>

#include "archive/internal/box_text.h"
#include "archive/internal/keying_rules.h"
#include "archive/sqlite/scope_sql.h"

namespace sohoa::archive {
namespace {

using internal::Db;
using internal::Stmt;
using internal::Transaction;
using internal::KeyingOutcome;
using internal::NormalizedKeying;

// How long a slot handed out stays with its clerk without a keying.
constexpr const char* kHoldMinutes = "+15 minutes";

// The books a catalog's scope shows, as a condition on a books alias `b`.
std::string BookInScope(const Scope& scope) {
  return internal::ScopeCondition(scope, "b.agency_code", "''");
}

constexpr const char* kSlotColumns =
    "SELECT s.id, s.book_id, s.page, s.position, s.box, s.prefill, s.state, "
    "(SELECT count(*) FROM keyings k WHERE k.slot_id = s.id AND k.resolution = 0) "
    "FROM book_slots s JOIN books b ON b.id = s.book_id ";

SlotRecord ReadSlot(const Stmt& s) {
  SlotRecord slot;
  slot.id = s.Int(0);
  slot.book_id = s.Text(1);
  slot.page = static_cast<int>(s.Int(2));
  slot.position = static_cast<int>(s.Int(3));
  slot.box = internal::UnpackBox(s.Text(4));
  slot.prefill = internal::UnpackKeyedValues(s.Text(5));
  slot.state = internal::ParseSlotState(s.Text(6));
  slot.keyings = static_cast<int>(s.Int(7));
  return slot;
}

Result<std::vector<SlotRecord>> ReadSlots(Stmt& select) {
  std::vector<SlotRecord> slots;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    slots.push_back(ReadSlot(select));
  }
  return slots;
}

struct SlotBook {
  std::string type;
  KeyingMode mode = KeyingMode::kDouble;
  int page = 0, position = 0;
  std::string book_id, state;
};

Result<std::optional<SlotBook>> LoadSlotBook(Db& db, std::int64_t slot_id) {
  SOHOA_ASSIGN_OR_RETURN(Stmt select,
                         db.Prepare("SELECT b.type, b.keying, s.page, s.position, s.book_id, s.state "
                                    "FROM book_slots s JOIN books b ON b.id = s.book_id WHERE s.id = ?1"));
  select.Bind(1, slot_id);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return std::optional<SlotBook>();
  SlotBook book;
  book.type = select.Text(0);
  book.mode = ParseKeyingMode(select.Text(1)).value_or(KeyingMode::kDouble);
  book.page = static_cast<int>(select.Int(2));
  book.position = static_cast<int>(select.Int(3));
  book.book_id = select.Text(4);
  book.state = select.Text(5);
  return std::optional<SlotBook>(std::move(book));
}

Result<std::vector<KeyingRecord>> SelectKeyings(Db& db, std::int64_t slot_id) {
  SOHOA_ASSIGN_OR_RETURN(Stmt select,
                         db.Prepare("SELECT user_name, resolution, field_values, warnings, seconds, keyed_at "
                                    "FROM keyings WHERE slot_id = ?1 ORDER BY keyed_at, rowid"));
  select.Bind(1, slot_id);
  std::vector<KeyingRecord> keyings;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    KeyingRecord k;
    k.slot_id = slot_id;
    k.user = select.Text(0);
    k.resolution = select.Int(1) != 0;
    k.values = internal::UnpackKeyedValues(select.Text(2));
    k.warnings = internal::UnpackWarnings(select.Text(3));
    k.seconds = select.Double(4);
    k.keyed_at = select.Text(5);
    keyings.push_back(std::move(k));
  }
  return keyings;
}

Status SetState(Db& db, std::int64_t slot_id, SlotState state) {
  SOHOA_ASSIGN_OR_RETURN(Stmt update, db.Prepare("UPDATE book_slots SET state = ?2 WHERE id = ?1"));
  update.Bind(1, slot_id).Bind(2, SlotStateName(state));
  return update.Run();
}

// Writes the verified entry of a slot in place of what stood at its
// position (an OCR reading, or an earlier verification).
Status WriteVerifiedEntry(Db& db, const SlotBook& book, const KeyedValues& values) {
  SOHOA_ASSIGN_OR_RETURN(Stmt drop, db.Prepare("DELETE FROM book_entries "
                                               "WHERE book_id = ?1 AND page = ?2 AND position = ?3"));
  drop.Bind(1, book.book_id).Bind(2, book.page).Bind(3, book.position);
  SOHOA_RETURN_IF_ERROR(drop.Run());
  // No values: the row is no entry (a wrapped line, a blank or struck-out
  // row), and the book has none there.
  if (values.empty()) return Status::Ok();
  SOHOA_ASSIGN_OR_RETURN(Stmt image, db.Prepare("SELECT image_sha256 FROM book_pages "
                                                "WHERE book_id = ?1 AND number = ?2"));
  image.Bind(1, book.book_id).Bind(2, book.page);
  SOHOA_ASSIGN_OR_RETURN(bool has_image, image.Step());
  const std::string sha = has_image ? image.Text(0) : "";
  SOHOA_RETURN_IF_ERROR(image.Run());

  const BookEntryRecord entry = internal::VerifiedEntry(book.type, book.position, values);
  return internal::InsertBookEntry(db, book.book_id, book.page, entry, sha, "verified").status();
}

// Appends a keying (or a decision) with its values as stored.
Status InsertKeying(Db& db, const KeyingRecord& keying, const KeyedValues& values) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt put, db.Prepare("INSERT INTO keyings (slot_id, user_name, resolution, field_values, warnings, "
                           "seconds, keyed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " SOHOA_SQL_NOW ")"));
  put.Bind(1, keying.slot_id)
      .Bind(2, keying.user)
      .Bind(3, keying.resolution ? 1 : 0)
      .Bind(4, internal::PackKeyedValues(values))
      .Bind(5, internal::PackWarnings(keying.warnings))
      .Bind(6, keying.seconds);
  return put.Run();
}

Status DropHold(Db& db, std::int64_t slot_id, const std::string& user) {
  SOHOA_ASSIGN_OR_RETURN(Stmt drop,
                         db.Prepare("DELETE FROM keying_holds WHERE slot_id = ?1 AND user_name = ?2"));
  drop.Bind(1, slot_id).Bind(2, user);
  return drop.Run();
}

Status Log(Db& db, const std::string& type, const std::string& object, const std::string& actor,
           const std::string& detail) {
  return internal::InsertEvent(db, internal::KeyingEvent(type, object, actor, detail));
}

}  // namespace

Status SqliteKeying::StoreSlots(const PageSlots& page) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(Stmt exists,
                         db.Prepare("SELECT 1 FROM book_pages WHERE book_id = ?1 AND number = ?2"));
  exists.Bind(1, page.book_id).Bind(2, page.page);
  SOHOA_ASSIGN_OR_RETURN(bool found, exists.Step());
  SOHOA_RETURN_IF_ERROR(exists.Run());
  if (!found) {
    return InvalidArgument("book " + page.book_id + " has no page " + std::to_string(page.page) +
                           ": store the page before its rows");
  }
  // A rescan: rows past the new count go, unless someone keyed them.
  SOHOA_ASSIGN_OR_RETURN(
      Stmt drop, db.Prepare("DELETE FROM book_slots WHERE book_id = ?1 AND page = ?2 AND position > ?3 "
                            "AND NOT EXISTS (SELECT 1 FROM keyings k WHERE k.slot_id = book_slots.id)"));
  drop.Bind(1, page.book_id).Bind(2, page.page).Bind(3, static_cast<int>(page.rows.size()));
  SOHOA_RETURN_IF_ERROR(drop.Run());
  for (std::size_t i = 0; i < page.rows.size(); ++i) {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt put, db.Prepare("INSERT INTO book_slots (book_id, page, position, box, prefill) "
                             "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (book_id, page, position) "
                             "DO UPDATE SET box = ?4, prefill = ?5"));
    put.Bind(1, page.book_id)
        .Bind(2, page.page)
        .Bind(3, static_cast<int>(i + 1))
        .Bind(4, internal::PackBox(page.rows[i].box))
        .Bind(5, internal::PackKeyedValues(page.rows[i].prefill));
    SOHOA_RETURN_IF_ERROR(put.Run());
  }
  return tx.Commit();
}

Status SqliteKeying::SetMode(const std::string& book_id, KeyingMode mode, const std::string& actor) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(Stmt update, db.Prepare("UPDATE books SET keying = ?2 WHERE id = ?1"));
  update.Bind(1, book_id).Bind(2, KeyingModeName(mode));
  const std::int64_t before = db.TotalChanges();
  SOHOA_RETURN_IF_ERROR(update.Run());
  if (db.TotalChanges() == before) return NotFound("no register book " + book_id);
  if (mode == KeyingMode::kSingle) {
    // An open slot keyed once is now done: its keying verifies it.
    SOHOA_ASSIGN_OR_RETURN(
        Stmt once, db.Prepare("SELECT s.id FROM book_slots s WHERE s.book_id = ?1 AND s.state = 'open' "
                              "AND (SELECT count(*) FROM keyings k WHERE k.slot_id = s.id "
                              "AND k.resolution = 0) = 1"));
    once.Bind(1, book_id);
    std::vector<std::int64_t> ids;
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, once.Step());
      if (!row) break;
      ids.push_back(once.Int(0));
    }
    for (std::int64_t id : ids) {
      SOHOA_ASSIGN_OR_RETURN(std::optional<SlotBook> book, LoadSlotBook(db, id));
      SOHOA_ASSIGN_OR_RETURN(std::vector<KeyingRecord> keyings, SelectKeyings(db, id));
      if (!book || keyings.empty()) continue;
      SOHOA_RETURN_IF_ERROR(WriteVerifiedEntry(db, *book, NormalizedKeying(book->type, keyings.front().values)));
      SOHOA_RETURN_IF_ERROR(SetState(db, id, SlotState::kVerified));
    }
  }
  SOHOA_RETURN_IF_ERROR(Log(db, "keying-mode", book_id, actor, std::string(KeyingModeName(mode))));
  return tx.Commit();
}

Result<KeyingMode> SqliteKeying::Mode(const std::string& book_id) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db.Prepare("SELECT keying FROM books WHERE id = ?1"));
  select.Bind(1, book_id);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return NotFound("no register book " + book_id);
  return ParseKeyingMode(select.Text(0)).value_or(KeyingMode::kDouble);
}

Result<std::int64_t> SqliteKeying::Assign(const Assignment& a) {
  SOHOA_RETURN_IF_ERROR(internal::CheckAssignment(a));
  SOHOA_ASSIGN_OR_RETURN(std::optional<BookRecord> book, catalog_.FindBook(a.book_id));
  if (!book) return NotFound("no register book " + a.book_id);
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(
      Stmt put, db.Prepare("INSERT INTO keying_assignments (book_id, first_page, last_page, user_name, "
                           "assigned_by, assigned_at) VALUES (?1, ?2, ?3, ?4, ?5, " SOHOA_SQL_NOW ")"));
  put.Bind(1, a.book_id).Bind(2, a.first_page).Bind(3, a.last_page).Bind(4, a.user).Bind(5, a.assigned_by);
  SOHOA_RETURN_IF_ERROR(put.Run());
  const std::int64_t id = db.LastInsertRowid();
  SOHOA_RETURN_IF_ERROR(Log(db, "keying-assign", a.book_id, a.assigned_by, internal::AssignmentDetail(a, false)));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Status SqliteKeying::Unassign(std::int64_t assignment_id, const std::string& actor) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(std::vector<Assignment> all, Assignments(""));
  const Assignment* found = nullptr;
  for (const Assignment& a : all) {
    if (a.id == assignment_id) found = &a;
  }
  if (found == nullptr) return NotFound("no assignment " + std::to_string(assignment_id));
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(Stmt drop, db.Prepare("DELETE FROM keying_assignments WHERE id = ?1"));
  drop.Bind(1, assignment_id);
  SOHOA_RETURN_IF_ERROR(drop.Run());
  SOHOA_RETURN_IF_ERROR(Log(db, "keying-unassign", found->book_id, actor, internal::AssignmentDetail(*found, true)));
  return tx.Commit();
}

Result<std::vector<Assignment>> SqliteKeying::Assignments(const std::string& book_id) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("SELECT a.id, a.book_id, a.first_page, a.last_page, a.user_name, a.assigned_by, "
                 "a.assigned_at FROM keying_assignments a JOIN books b ON b.id = a.book_id "
                 "WHERE (?1 = '' OR a.book_id = ?1)" + BookInScope(catalog_.scope()) +
                 " ORDER BY a.book_id, a.first_page, a.user_name"));
  select.Bind(1, book_id);
  std::vector<Assignment> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    Assignment a;
    a.id = select.Int(0);
    a.book_id = select.Text(1);
    a.first_page = static_cast<int>(select.Int(2));
    a.last_page = static_cast<int>(select.Int(3));
    a.user = select.Text(4);
    a.assigned_by = select.Text(5);
    a.assigned_at = select.Text(6);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::optional<SlotRecord>> SqliteKeying::NextSlot(const std::string& user, const std::string& book_id) {
  Db& db = catalog_.db();
  const std::string scope = BookInScope(catalog_.scope());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  // The slot this clerk already holds: a reopened browser comes back to it.
  SOHOA_ASSIGN_OR_RETURN(
      Stmt held, db.Prepare(std::string(kSlotColumns) +
                            "JOIN keying_holds h ON h.slot_id = s.id AND h.user_name = ?1 "
                            "WHERE h.until > " SOHOA_SQL_NOW " AND s.state = 'open' "
                            "AND (?2 = '' OR s.book_id = ?2)" + scope +
                            " ORDER BY s.book_id, s.page, s.position LIMIT 1"));
  held.Bind(1, user).Bind(2, book_id);
  SOHOA_ASSIGN_OR_RETURN(std::vector<SlotRecord> found, ReadSlots(held));
  if (found.empty()) {
    SOHOA_ASSIGN_OR_RETURN(std::optional<SlotRecord> first, FirstToKey(user, book_id, 0));
    if (first) found.push_back(std::move(*first));
  }
  if (found.empty()) {
    SOHOA_RETURN_IF_ERROR(tx.Commit());
    return std::optional<SlotRecord>();
  }
  SOHOA_ASSIGN_OR_RETURN(
      Stmt hold, db.Prepare("INSERT INTO keying_holds (slot_id, user_name, until) "
                            "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?3)) "
                            "ON CONFLICT (slot_id, user_name) DO UPDATE SET until = excluded.until"));
  hold.Bind(1, found.front().id).Bind(2, user).Bind(3, kHoldMinutes);
  SOHOA_RETURN_IF_ERROR(hold.Run());
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return std::optional<SlotRecord>(std::move(found.front()));
}

Result<std::optional<SlotRecord>> SqliteKeying::FirstToKey(const std::string& user, const std::string& book_id,
                                                    std::int64_t excluding) {
  Db& db = catalog_.db();
  const std::string scope = BookInScope(catalog_.scope());
  std::vector<SlotRecord> found;
  // The first slot of the clerk's pages that still needs a keying (two for
  // a double-keyed book) beyond those given or held by other clerks. One indexed walk per assigned range: a walk over every
  // open slot of a province took 34 ms at 1.3 million slots, this 0.4 ms.
  SOHOA_ASSIGN_OR_RETURN(
      Stmt ranges, db.Prepare("SELECT a.book_id, a.first_page, a.last_page FROM keying_assignments a "
                              "JOIN books b ON b.id = a.book_id WHERE a.user_name = ?1 "
                              "AND (?2 = '' OR a.book_id = ?2)" + scope +
                              " ORDER BY a.book_id, a.first_page"));
  ranges.Bind(1, user).Bind(2, book_id);
  std::vector<std::tuple<std::string, int, int>> assigned;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, ranges.Step());
    if (!row) break;
    assigned.emplace_back(ranges.Text(0), static_cast<int>(ranges.Int(1)), static_cast<int>(ranges.Int(2)));
  }
  for (const auto& [book, first, last] : assigned) {
    // Ranges are in book order: a later book is never needed once one has a slot.
    if (!found.empty() && found.front().book_id != book) break;
    SOHOA_ASSIGN_OR_RETURN(
        Stmt next,
        db.Prepare(std::string(kSlotColumns) +
                   "WHERE s.state = 'open' AND s.book_id = ?2 AND s.page BETWEEN ?3 AND ?4 AND s.id <> ?5 "
                   "AND NOT EXISTS (SELECT 1 FROM keyings k WHERE k.slot_id = s.id "
                   "AND k.user_name = ?1 AND k.resolution = 0) "
                   "AND (SELECT count(*) FROM keyings k WHERE k.slot_id = s.id AND k.resolution = 0) + "
                   "(SELECT count(*) FROM keying_holds h WHERE h.slot_id = s.id AND h.user_name <> ?1 "
                   "AND h.until > " SOHOA_SQL_NOW ") < (CASE b.keying WHEN 'single' THEN 1 ELSE 2 END) "
                   "ORDER BY s.page, s.position LIMIT 1"));
    next.Bind(1, user).Bind(2, book).Bind(3, first).Bind(4, last).Bind(5, excluding);
    SOHOA_ASSIGN_OR_RETURN(std::vector<SlotRecord> candidate, ReadSlots(next));
    if (candidate.empty()) continue;
    const SlotRecord& c = candidate.front();
    if (found.empty() || std::make_pair(c.page, c.position) <
                             std::make_pair(found.front().page, found.front().position)) {
      found = std::move(candidate);
    }
  }
  if (found.empty()) return std::optional<SlotRecord>();
  return std::optional<SlotRecord>(std::move(found.front()));
}

Result<std::optional<SlotRecord>> SqliteKeying::Following(const std::string& user, const std::string& book_id,
                                                   std::int64_t after) {
  return FirstToKey(user, book_id, after);
}

Result<std::optional<SlotRecord>> SqliteKeying::FindSlot(std::int64_t slot_id) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db.Prepare(std::string(kSlotColumns) + "WHERE s.id = ?1" +
                                                 BookInScope(catalog_.scope())));
  select.Bind(1, slot_id);
  SOHOA_ASSIGN_OR_RETURN(std::vector<SlotRecord> slots, ReadSlots(select));
  if (slots.empty()) return std::optional<SlotRecord>();
  return std::optional<SlotRecord>(std::move(slots.front()));
}

Result<std::vector<SlotRecord>> SqliteKeying::Slots(const std::string& book_id, int page) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Stmt select,
                         db.Prepare(std::string(kSlotColumns) + "WHERE s.book_id = ?1 AND s.page = ?2" +
                                    BookInScope(catalog_.scope()) + " ORDER BY s.position"));
  select.Bind(1, book_id).Bind(2, page);
  return ReadSlots(select);
}

Result<std::optional<BookPageRecord>> SqliteKeying::Page(const std::string& book_id, int page) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select, db.Prepare("SELECT p.image_sha256, p.source_name, p.source_page, p.width, p.height, "
                              "p.header FROM book_pages p JOIN books b ON b.id = p.book_id "
                              "WHERE p.book_id = ?1 AND p.number = ?2" + BookInScope(catalog_.scope())));
  select.Bind(1, book_id).Bind(2, page);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return std::optional<BookPageRecord>();
  BookPageRecord p;
  p.book_id = book_id;
  p.number = page;
  p.image_sha256 = select.Text(0);
  p.source_name = select.Text(1);
  p.source_page = static_cast<int>(select.Int(2));
  p.width = static_cast<int>(select.Int(3));
  p.height = static_cast<int>(select.Int(4));
  p.header = select.Text(5);
  return std::optional<BookPageRecord>(std::move(p));
}

Status SqliteKeying::CanKey(const std::string& user, const SlotRecord& slot) {
  SOHOA_RETURN_IF_ERROR(internal::CheckOpen(slot.id, SlotStateName(slot.state)));
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(
      Stmt assigned, db.Prepare("SELECT 1 FROM keying_assignments WHERE user_name = ?1 AND book_id = ?2 "
                                "AND ?3 BETWEEN first_page AND last_page"));
  assigned.Bind(1, user).Bind(2, slot.book_id).Bind(3, slot.page);
  SOHOA_ASSIGN_OR_RETURN(bool is_assigned, assigned.Step());
  SOHOA_RETURN_IF_ERROR(assigned.Run());
  if (!is_assigned) return internal::NotAssigned(slot, user);
  SOHOA_ASSIGN_OR_RETURN(Stmt keyed, db.Prepare("SELECT 1 FROM keyings WHERE slot_id = ?1 AND "
                                                "user_name = ?2 AND resolution = 0"));
  keyed.Bind(1, slot.id).Bind(2, user);
  SOHOA_ASSIGN_OR_RETURN(bool already, keyed.Step());
  SOHOA_RETURN_IF_ERROR(keyed.Run());
  if (already) return internal::AlreadyKeyed(user, slot.id);
  return Status::Ok();
}

Result<SlotState> SqliteKeying::SaveKeying(const KeyingRecord& keying) {
  if (keying.resolution) return InvalidArgument("a decision is saved with Resolve");
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(std::optional<SlotBook> book, LoadSlotBook(db, keying.slot_id));
  if (!book) return NotFound("no entry " + std::to_string(keying.slot_id));
  SOHOA_RETURN_IF_ERROR(internal::CheckOpen(keying.slot_id, book->state));
  SOHOA_ASSIGN_OR_RETURN(std::vector<KeyingRecord> before, SelectKeyings(db, keying.slot_id));
  SOHOA_RETURN_IF_ERROR(internal::CheckNotKeyedBy(before, keying.user, keying.slot_id));
  const KeyedValues values = NormalizedKeying(book->type, keying.values);
  SOHOA_RETURN_IF_ERROR(InsertKeying(db, keying, values));
  SOHOA_RETURN_IF_ERROR(DropHold(db, keying.slot_id, keying.user));

  const KeyingOutcome outcome = internal::DecideKeying(book->type, book->mode, before, values);
  if (outcome.agreed) {
    SOHOA_ASSIGN_OR_RETURN(Stmt mark, db.Prepare("UPDATE keyings SET agreed = ?2 WHERE slot_id = ?1 "
                                                 "AND resolution = 0"));
    mark.Bind(1, keying.slot_id).Bind(2, *outcome.agreed ? 1 : 0);
    SOHOA_RETURN_IF_ERROR(mark.Run());
  }
  if (outcome.verified) SOHOA_RETURN_IF_ERROR(WriteVerifiedEntry(db, *book, *outcome.verified));
  SOHOA_RETURN_IF_ERROR(SetState(db, keying.slot_id, outcome.state));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return outcome.state;
}

Result<std::vector<SlotRecord>> SqliteKeying::Conflicts(const std::string& user, const std::string& book_id,
                                                  int limit) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare(std::string(kSlotColumns) + "WHERE s.state = 'differ' AND (?2 = '' OR s.book_id = ?2)" +
                 BookInScope(catalog_.scope()) +
                 " AND NOT EXISTS (SELECT 1 FROM keyings k WHERE k.slot_id = s.id AND k.user_name = ?1) "
                 "ORDER BY (SELECT max(keyed_at) FROM keyings k WHERE k.slot_id = s.id), s.id LIMIT ?3"));
  select.Bind(1, user).Bind(2, book_id).Bind(3, limit);
  return ReadSlots(select);
}

Result<std::vector<KeyingRecord>> SqliteKeying::KeyingsOf(std::int64_t slot_id) {
  return SelectKeyings(catalog_.db(), slot_id);
}

Result<SlotState> SqliteKeying::Resolve(const KeyingRecord& decision) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(std::optional<SlotBook> book, LoadSlotBook(db, decision.slot_id));
  if (!book) return NotFound("no entry " + std::to_string(decision.slot_id));
  SOHOA_RETURN_IF_ERROR(internal::CheckDiffering(decision.slot_id, book->state));
  SOHOA_ASSIGN_OR_RETURN(std::vector<KeyingRecord> keyings, SelectKeyings(db, decision.slot_id));
  SOHOA_RETURN_IF_ERROR(internal::CheckMayDecide(keyings, decision.user, decision.slot_id));
  const KeyedValues values = NormalizedKeying(book->type, decision.values);
  SOHOA_RETURN_IF_ERROR(InsertKeying(db, decision, values));
  SOHOA_RETURN_IF_ERROR(WriteVerifiedEntry(db, *book, values));
  SOHOA_RETURN_IF_ERROR(SetState(db, decision.slot_id, SlotState::kVerified));
  SOHOA_RETURN_IF_ERROR(Log(db, "keying-decision", book->book_id, decision.user,
                            internal::DecisionDetail(book->page, book->position)));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return SlotState::kVerified;
}

Result<std::vector<std::pair<SlotRecord, std::string>>> SqliteKeying::EntryNumbers(const std::string& book_id,
                                                                            const std::string& user) {
  Db& db = catalog_.db();
  // The last word on a verified slot (the decision, or the agreeing keying),
  // else this clerk's own keying: one query, not one per slot.
  std::string sql = kSlotColumns;
  sql.replace(sql.find(" FROM book_slots s"), 0, ", coalesce(json_extract(k.field_values, '$.no'), '')");
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare(sql + "JOIN keyings k ON k.slot_id = s.id WHERE s.book_id = ?1 AND "
                 "((s.state = 'verified' AND k.rowid = (SELECT max(rowid) FROM keyings WHERE slot_id = s.id)) "
                 "OR (s.state <> 'verified' AND k.user_name = ?2 AND k.resolution = 0))" +
                 BookInScope(catalog_.scope()) + " ORDER BY s.page, s.position"));
  select.Bind(1, book_id).Bind(2, user);
  std::vector<std::pair<SlotRecord, std::string>> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    out.emplace_back(ReadSlot(select), select.Text(8));
  }
  return out;
}

Result<std::vector<ClerkStats>> SqliteKeying::Stats(const std::string& book_id) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("SELECT k.user_name, sum(k.resolution = 0), sum(k.resolution = 1), "
                 "sum(k.resolution = 0 AND k.agreed IS NOT NULL), sum(k.resolution = 0 AND k.agreed = 1), "
                 "total(k.seconds), max(k.keyed_at) "
                 "FROM keyings k JOIN book_slots s ON s.id = k.slot_id JOIN books b ON b.id = s.book_id "
                 "WHERE (?1 = '' OR s.book_id = ?1)" + BookInScope(catalog_.scope()) +
                 " GROUP BY k.user_name ORDER BY k.user_name"));
  select.Bind(1, book_id);
  std::vector<ClerkStats> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    ClerkStats c;
    c.user = select.Text(0);
    c.keyed = select.Int(1);
    c.resolved = select.Int(2);
    c.compared = select.Int(3);
    c.agreed = select.Int(4);
    c.seconds = select.Double(5);
    c.last_keyed_at = select.Text(6);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<BookKeyingProgress>> SqliteKeying::Progress(const std::string& book_id) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("SELECT b.id, b.keying, (SELECT count(*) FROM book_pages p WHERE p.book_id = b.id), "
                 "coalesce(c.slots, 0), max(coalesce(c.keyed - c.differ - c.verified, 0), 0), coalesce(c.differ, 0), "
                 "coalesce(c.verified, 0), b.entries_expected "
                 "FROM books b LEFT JOIN book_keying_counts c ON c.book_id = b.id "
                 "WHERE (?1 = '' OR b.id = ?1)" + BookInScope(catalog_.scope()) + " ORDER BY b.id"));
  select.Bind(1, book_id);
  std::vector<BookKeyingProgress> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    BookKeyingProgress p;
    p.book_id = select.Text(0);
    p.mode = ParseKeyingMode(select.Text(1)).value_or(KeyingMode::kDouble);
    p.pages = select.Int(2);
    p.slots = select.Int(3);
    p.keyed_once = select.Int(4);
    p.differ = select.Int(5);
    p.verified = select.Int(6);
    if (!select.IsNull(7)) p.entries_expected = static_cast<int>(select.Int(7));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace sohoa::archive
