// PgKeying: keying register books by hand (archive/keying.h) on
// PostgreSQL, as the SQLite catalog does it (archive/sqlite/keying.cc).
// Many server threads write at once here, so a keying locks what it
// changes, always in this order: the book (shared: its mode must not change
// under it), the slot (two clerks' keyings of one slot are saved one after
// the other), the page (its verified entry and a rescan's entries do not
// cross). A slot handed out is locked by an advisory lock on its id while
// the hold is written, so no third clerk is handed a slot two others hold.
#include <string_view>

#include "archive/internal/box_text.h"
#include "archive/internal/keying_rules.h"
#include "archive/postgres/books.h"

namespace sohoa::archive::postgres {
namespace {

using internal::KeyingOutcome;
using internal::NormalizedKeying;

// How long a slot handed out stays with its clerk without a keying.
constexpr const char* kHoldInterval = "interval '15 minutes'";

// The advisory lock space of slots being handed out (pg_advisory_xact_lock's
// first key; the second is the slot id). The migration lock is a single
// bigint key, in a space of its own.
constexpr const char* kHandOutLock = "1936681076";  // "sohT"

// How often NextSlot looks again when the slot it found was taken meanwhile.
constexpr int kHandOutTries = 8;

constexpr const char* kSlotColumns =
    "SELECT s.id, s.book_id, s.page, s.position, s.box, s.prefill, s.state, "
    "(SELECT count(*) FROM keyings k WHERE k.slot_id = s.id AND NOT k.resolution) "
    "FROM book_slots s JOIN books b ON b.id = s.book_id ";

SlotRecord ReadSlot(const Rows& rows, int row) {
  SlotRecord slot;
  slot.id = rows.Int(row, 0);
  slot.book_id = rows.Text(row, 1);
  slot.page = static_cast<int>(rows.Int(row, 2));
  slot.position = static_cast<int>(rows.Int(row, 3));
  slot.box = internal::UnpackBox(rows.Text(row, 4));
  slot.prefill = internal::UnpackKeyedValues(rows.Text(row, 5));
  slot.state = internal::ParseSlotState(rows.Text(row, 6));
  slot.keyings = static_cast<int>(rows.Int(row, 7));
  return slot;
}

Result<std::vector<SlotRecord>> SelectSlots(Connection& db, const std::string& sql, const std::vector<Param>& params) {
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db.Query(sql, params));
  std::vector<SlotRecord> slots;
  slots.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) slots.push_back(ReadSlot(rows, i));
  return slots;
}

Result<std::optional<SlotRecord>> FirstSlot(Connection& db, const std::string& sql, const std::vector<Param>& params) {
  SOHOA_ASSIGN_OR_RETURN(std::vector<SlotRecord> slots, SelectSlots(db, sql, params));
  if (slots.empty()) return std::optional<SlotRecord>();
  return std::optional<SlotRecord>(std::move(slots.front()));
}

struct SlotBook {
  std::string type;
  KeyingMode mode = KeyingMode::kDouble;
  int page = 0, position = 0;
  std::string book_id, state;
};

// The slot and its book, the book locked for share and the slot for update
// until the caller's transaction ends.
Result<std::optional<SlotBook>> LockSlotBook(Connection& db, std::int64_t slot_id) {
  const std::string id = std::to_string(slot_id);
  SOHOA_ASSIGN_OR_RETURN(Rows book, db.Query("SELECT type, keying FROM books WHERE id = "
                                             "(SELECT book_id FROM book_slots WHERE id = $1::bigint) FOR SHARE",
                                             {id}));
  if (book.empty()) return std::optional<SlotBook>();
  SOHOA_ASSIGN_OR_RETURN(Rows slot, db.Query("SELECT page, position, book_id, state FROM book_slots "
                                             "WHERE id = $1::bigint FOR UPDATE",
                                             {id}));
  if (slot.empty()) return std::optional<SlotBook>();
  SlotBook b;
  b.type = book.Text(0, 0);
  b.mode = ParseKeyingMode(book.Text(0, 1)).value_or(KeyingMode::kDouble);
  b.page = static_cast<int>(slot.Int(0, 0));
  b.position = static_cast<int>(slot.Int(0, 1));
  b.book_id = slot.Text(0, 2);
  b.state = slot.Text(0, 3);
  return std::optional<SlotBook>(std::move(b));
}

Result<std::vector<KeyingRecord>> SelectKeyings(Connection& db, std::int64_t slot_id) {
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db.Query("SELECT user_name, resolution, field_values, warnings, seconds, " +
                                                 IsoTime("keyed_at") +
                                                 " FROM keyings WHERE slot_id = $1::bigint ORDER BY keyed_at, id",
                                             {std::to_string(slot_id)}));
  std::vector<KeyingRecord> keyings;
  keyings.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    KeyingRecord k;
    k.slot_id = slot_id;
    k.user = rows.Text(i, 0);
    k.resolution = rows.Text(i, 1) == "t";
    k.values = internal::UnpackKeyedValues(rows.Text(i, 2));
    k.warnings = internal::UnpackWarnings(rows.Text(i, 3));
    k.seconds = rows.Double(i, 4);
    k.keyed_at = rows.Text(i, 5);
    keyings.push_back(std::move(k));
  }
  return keyings;
}

Status SetState(Connection& db, std::int64_t slot_id, SlotState state) {
  return db.Run("UPDATE book_slots SET state = $2 WHERE id = $1::bigint",
                {std::to_string(slot_id), std::string(SlotStateName(state))});
}

// Writes the verified entry of a slot in place of what stood at its
// position (an OCR reading, or an earlier verification).
Status WriteVerifiedEntry(Connection& db, const SlotBook& book, const KeyedValues& values) {
  const std::string page = std::to_string(book.page);
  SOHOA_ASSIGN_OR_RETURN(Rows image, db.Query("SELECT image_sha256 FROM book_pages WHERE book_id = $1 "
                                              "AND number = $2::int FOR NO KEY UPDATE",
                                              {book.book_id, page}));
  SOHOA_RETURN_IF_ERROR(db.Run("DELETE FROM book_entries WHERE book_id = $1 AND page = $2::int AND position = $3::int",
                               {book.book_id, page, std::to_string(book.position)}));
  // No values: the row is no entry (a wrapped line, a blank or struck-out
  // row), and the book has none there.
  if (values.empty()) return Status::Ok();
  const std::string sha = image.empty() ? "" : image.Text(0, 0);
  return InsertBookEntries(db, book.book_id, book.page, {internal::VerifiedEntry(book.type, book.position, values)},
                           sha, "verified")
      .status();
}

// Appends a keying (or a decision) with its values as stored. Its time is
// when it is written, under the slot's lock, not when its transaction
// began: a clerk who waited for another's keying of the slot comes after it.
Status InsertKeying(Connection& db, const KeyingRecord& keying, const KeyedValues& values) {
  return db.Run("INSERT INTO keyings (slot_id, user_name, resolution, field_values, warnings, seconds, keyed_at) "
                "VALUES ($1::bigint, $2, $3::boolean, $4, $5, $6::double precision, clock_timestamp())",
                {std::to_string(keying.slot_id), keying.user, keying.resolution ? "true" : "false",
                 internal::PackKeyedValues(values), internal::PackWarnings(keying.warnings),
                 ExactNumber(keying.seconds)});
}

Status DropHold(Connection& db, std::int64_t slot_id, const std::string& user) {
  return db.Run("DELETE FROM keying_holds WHERE slot_id = $1::bigint AND user_name = $2",
                {std::to_string(slot_id), user});
}

Status Log(Connection& db, const std::string& type, const std::string& book_id, const std::string& actor,
           const std::string& detail) {
  return InsertEvent(db, internal::KeyingEvent(type, book_id, actor, detail));
}

// `limit` as LIMIT reads it: none for a negative one, as SQLite does.
Param Limit(int limit) { return limit < 0 ? Param() : Param(std::to_string(limit)); }

}  // namespace

Status PgKeying::StoreSlots(const PageSlots& page) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  const std::string number = std::to_string(page.page);
  SOHOA_ASSIGN_OR_RETURN(Rows found, db->Query("SELECT 1 FROM book_pages WHERE book_id = $1 AND number = $2::int",
                                               {page.book_id, number}));
  if (found.empty()) {
    return InvalidArgument("book " + page.book_id + " has no page " + number + ": store the page before its rows");
  }
  // A rescan: rows past the new count go, unless someone keyed them.
  SOHOA_RETURN_IF_ERROR(db->Run("DELETE FROM book_slots WHERE book_id = $1 AND page = $2::int AND position > $3::int "
                                "AND NOT EXISTS (SELECT 1 FROM keyings k WHERE k.slot_id = book_slots.id)",
                                {page.book_id, number, std::to_string(page.rows.size())}));
  std::vector<std::string> boxes, prefills;
  for (const PageSlots::Row& row : page.rows) {
    boxes.push_back(internal::PackBox(row.box));
    prefills.push_back(internal::PackKeyedValues(row.prefill));
  }
  SOHOA_RETURN_IF_ERROR(db->Run("INSERT INTO book_slots (book_id, page, position, box, prefill) "
                                "SELECT $1, $2::int, r.position, r.box, r.prefill "
                                "FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS r(box, prefill, position) "
                                "ON CONFLICT (book_id, page, position) "
                                "DO UPDATE SET box = EXCLUDED.box, prefill = EXCLUDED.prefill",
                                {page.book_id, number, TextArray(boxes), TextArray(prefills)}));
  return tx.Commit();
}

Status PgKeying::SetMode(const std::string& book_id, KeyingMode mode, const std::string& actor) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  // Updating the book waits for the keyings under way (they hold it for
  // share) and holds back new ones until the switch is done.
  SOHOA_ASSIGN_OR_RETURN(Rows updated, db->Query("UPDATE books SET keying = $2 WHERE id = $1",
                                                 {book_id, std::string(KeyingModeName(mode))}));
  if (updated.Affected() == 0) return NotFound("no register book " + book_id);
  if (mode == KeyingMode::kSingle) {
    // An open slot keyed once is now done: its keying verifies it.
    SOHOA_ASSIGN_OR_RETURN(
        Rows once, db->Query("SELECT s.id, s.page, s.position, b.type FROM book_slots s JOIN books b ON b.id = s.book_id "
                             "WHERE s.book_id = $1 AND s.state = 'open' AND (SELECT count(*) FROM keyings k "
                             "WHERE k.slot_id = s.id AND NOT k.resolution) = 1 ORDER BY s.id FOR UPDATE OF s",
                             {book_id}));
    for (int i = 0; i < once.size(); ++i) {
      const std::int64_t id = once.Int(i, 0);
      SOHOA_ASSIGN_OR_RETURN(std::vector<KeyingRecord> keyings, SelectKeyings(*db, id));
      if (keyings.empty()) continue;
      SlotBook book;
      book.book_id = book_id;
      book.page = static_cast<int>(once.Int(i, 1));
      book.position = static_cast<int>(once.Int(i, 2));
      book.type = once.Text(i, 3);
      SOHOA_RETURN_IF_ERROR(WriteVerifiedEntry(*db, book, NormalizedKeying(book.type, keyings.front().values)));
      SOHOA_RETURN_IF_ERROR(SetState(*db, id, SlotState::kVerified));
    }
  }
  SOHOA_RETURN_IF_ERROR(Log(*db, "keying-mode", book_id, actor, std::string(KeyingModeName(mode))));
  return tx.Commit();
}

Result<KeyingMode> PgKeying::Mode(const std::string& book_id) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query("SELECT keying FROM books WHERE id = $1", {book_id}));
  if (rows.empty()) return NotFound("no register book " + book_id);
  return ParseKeyingMode(rows.Text(0, 0)).value_or(KeyingMode::kDouble);
}

Result<std::int64_t> PgKeying::Assign(const Assignment& a) {
  SOHOA_RETURN_IF_ERROR(internal::CheckAssignment(a));
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(std::optional<BookRecord> book, SelectBook(*db, context_.scope, a.book_id));
  if (!book) return NotFound("no register book " + a.book_id);
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(Rows id, db->Query("INSERT INTO keying_assignments (book_id, first_page, last_page, "
                                            "user_name, assigned_by) VALUES ($1, $2::int, $3::int, $4, $5) "
                                            "RETURNING id",
                                            {a.book_id, std::to_string(a.first_page), std::to_string(a.last_page),
                                             a.user, a.assigned_by}));
  SOHOA_RETURN_IF_ERROR(Log(*db, "keying-assign", a.book_id, a.assigned_by, internal::AssignmentDetail(a, false)));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return id.Int(0, 0);
}

Status PgKeying::Unassign(std::int64_t assignment_id, const std::string& actor) {
  std::vector<Param> params{std::to_string(assignment_id)};
  const std::string sql = "SELECT a.book_id, a.first_page, a.last_page, a.user_name FROM keying_assignments a "
                          "JOIN books b ON b.id = a.book_id WHERE a.id = $1::bigint" +
                          BookInScope(context_.scope, params);
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(Rows found, db->Query(sql, params));
  if (found.empty()) return NotFound("no assignment " + std::to_string(assignment_id));
  Assignment a;
  a.book_id = found.Text(0, 0);
  a.first_page = static_cast<int>(found.Int(0, 1));
  a.last_page = static_cast<int>(found.Int(0, 2));
  a.user = found.Text(0, 3);
  SOHOA_RETURN_IF_ERROR(db->Run("DELETE FROM keying_assignments WHERE id = $1::bigint", {params.front()}));
  SOHOA_RETURN_IF_ERROR(Log(*db, "keying-unassign", a.book_id, actor, internal::AssignmentDetail(a, true)));
  return tx.Commit();
}

Result<std::vector<Assignment>> PgKeying::Assignments(const std::string& book_id) {
  std::vector<Param> params{book_id};
  const std::string sql = "SELECT a.id, a.book_id, a.first_page, a.last_page, a.user_name, a.assigned_by, " +
                          IsoTime("a.assigned_at") +
                          " FROM keying_assignments a JOIN books b ON b.id = a.book_id "
                          "WHERE ($1 = '' OR a.book_id = $1)" +
                          BookInScope(context_.scope, params) +
                          " ORDER BY a.book_id COLLATE \"C\", a.first_page, a.user_name COLLATE \"C\"";
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query(sql, params));
  std::vector<Assignment> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    Assignment a;
    a.id = rows.Int(i, 0);
    a.book_id = rows.Text(i, 1);
    a.first_page = static_cast<int>(rows.Int(i, 2));
    a.last_page = static_cast<int>(rows.Int(i, 3));
    a.user = rows.Text(i, 4);
    a.assigned_by = rows.Text(i, 5);
    a.assigned_at = rows.Text(i, 6);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::optional<SlotRecord>> PgKeying::NextSlot(const std::string& user, const std::string& book_id) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  // The slot this clerk already holds: a reopened browser comes back to it.
  std::vector<Param> params{user, book_id};
  const std::string held_sql = std::string(kSlotColumns) +
                               "JOIN keying_holds h ON h.slot_id = s.id AND h.user_name = $1 "
                               "WHERE h.until > now() AND s.state = 'open' AND ($2 = '' OR s.book_id = $2)" +
                               BookInScope(context_.scope, params) +
                               " ORDER BY s.book_id COLLATE \"C\", s.page, s.position LIMIT 1";
  SOHOA_ASSIGN_OR_RETURN(std::optional<SlotRecord> found, FirstSlot(*db, held_sql, params));
  // Else the first slot to key, looked for again under the lock of the one
  // found until it is still the first: another clerk's hold written
  // meanwhile may have taken it.
  for (int tries = 0; !found && tries < kHandOutTries; ++tries) {
    SOHOA_ASSIGN_OR_RETURN(std::optional<SlotRecord> first, FirstToKey(*db, user, book_id, 0));
    if (!first) break;
    SOHOA_RETURN_IF_ERROR(db->Run(std::string("SELECT pg_advisory_xact_lock(") + kHandOutLock +
                                      ", hashint8($1::bigint))",
                                  {std::to_string(first->id)}));
    SOHOA_ASSIGN_OR_RETURN(std::optional<SlotRecord> again, FirstToKey(*db, user, book_id, 0));
    if (again && again->id == first->id) found = std::move(again);
  }
  if (!found) {
    SOHOA_RETURN_IF_ERROR(tx.Commit());
    return std::optional<SlotRecord>();
  }
  SOHOA_RETURN_IF_ERROR(db->Run(std::string("INSERT INTO keying_holds (slot_id, user_name, until) "
                                            "VALUES ($1::bigint, $2, now() + ") +
                                    kHoldInterval +
                                    ") ON CONFLICT (slot_id, user_name) DO UPDATE SET until = EXCLUDED.until",
                                {std::to_string(found->id), user}));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return found;
}

Result<std::optional<SlotRecord>> PgKeying::FirstToKey(Connection& db, const std::string& user,
                                                       const std::string& book_id, std::int64_t excluding) {
  // The first slot of the clerk's pages that still needs a keying (two for
  // a double-keyed book) beyond those given or held by other clerks: one
  // indexed walk per assigned range, as on SQLite, and the lowest of them.
  std::vector<Param> params{user, book_id, std::to_string(excluding)};
  const std::string sql =
      "SELECT s.id, s.book_id, s.page, s.position, s.box, s.prefill, s.state, "
      "(SELECT count(*) FROM keyings k WHERE k.slot_id = s.id AND NOT k.resolution) "
      "FROM keying_assignments a JOIN books b ON b.id = a.book_id CROSS JOIN LATERAL ("
      "SELECT * FROM book_slots s WHERE s.state = 'open' AND s.book_id = a.book_id "
      "AND s.page BETWEEN a.first_page AND a.last_page AND s.id <> $3::bigint "
      "AND NOT EXISTS (SELECT 1 FROM keyings k WHERE k.slot_id = s.id AND k.user_name = $1 AND NOT k.resolution) "
      "AND (SELECT count(*) FROM keyings k WHERE k.slot_id = s.id AND NOT k.resolution) + "
      "(SELECT count(*) FROM keying_holds h WHERE h.slot_id = s.id AND h.user_name <> $1 AND h.until > now()) "
      "< (CASE b.keying WHEN 'single' THEN 1 ELSE 2 END) "
      "ORDER BY s.page, s.position LIMIT 1) s "
      "WHERE a.user_name = $1 AND ($2 = '' OR a.book_id = $2)" +
      BookInScope(context_.scope, params) + " ORDER BY s.book_id COLLATE \"C\", s.page, s.position LIMIT 1";
  return FirstSlot(db, sql, params);
}

Result<std::optional<SlotRecord>> PgKeying::Following(const std::string& user, const std::string& book_id,
                                                      std::int64_t after) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return FirstToKey(*db, user, book_id, after);
}

Result<std::optional<SlotRecord>> PgKeying::FindSlot(std::int64_t slot_id) {
  std::vector<Param> params{std::to_string(slot_id)};
  const std::string sql = std::string(kSlotColumns) + "WHERE s.id = $1::bigint" + BookInScope(context_.scope, params);
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return FirstSlot(*db, sql, params);
}

Result<std::vector<SlotRecord>> PgKeying::Slots(const std::string& book_id, int page) {
  std::vector<Param> params{book_id, std::to_string(page)};
  const std::string sql = std::string(kSlotColumns) + "WHERE s.book_id = $1 AND s.page = $2::int" +
                          BookInScope(context_.scope, params) + " ORDER BY s.position";
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return SelectSlots(*db, sql, params);
}

Result<std::optional<BookPageRecord>> PgKeying::Page(const std::string& book_id, int page) {
  std::vector<Param> params{book_id, std::to_string(page)};
  const std::string sql = "SELECT p.image_sha256, p.source_name, p.source_page, p.width, p.height, p.header "
                          "FROM book_pages p JOIN books b ON b.id = p.book_id "
                          "WHERE p.book_id = $1 AND p.number = $2::int" +
                          BookInScope(context_.scope, params);
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query(sql, params));
  if (rows.empty()) return std::optional<BookPageRecord>();
  BookPageRecord p;
  p.book_id = book_id;
  p.number = page;
  p.image_sha256 = rows.Text(0, 0);
  p.source_name = rows.Text(0, 1);
  p.source_page = static_cast<int>(rows.Int(0, 2));
  p.width = static_cast<int>(rows.Int(0, 3));
  p.height = static_cast<int>(rows.Int(0, 4));
  p.header = rows.Text(0, 5);
  return std::optional<BookPageRecord>(std::move(p));
}

Status PgKeying::CanKey(const std::string& user, const SlotRecord& slot) {
  SOHOA_RETURN_IF_ERROR(internal::CheckOpen(slot.id, SlotStateName(slot.state)));
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows assigned, db->Query("SELECT 1 FROM keying_assignments WHERE user_name = $1 "
                                                  "AND book_id = $2 AND $3::int BETWEEN first_page AND last_page",
                                                  {user, slot.book_id, std::to_string(slot.page)}));
  if (assigned.empty()) return internal::NotAssigned(slot, user);
  SOHOA_ASSIGN_OR_RETURN(Rows keyed, db->Query("SELECT 1 FROM keyings WHERE slot_id = $1::bigint "
                                               "AND user_name = $2 AND NOT resolution",
                                               {std::to_string(slot.id), user}));
  if (!keyed.empty()) return internal::AlreadyKeyed(user, slot.id);
  return Status::Ok();
}

Result<SlotState> PgKeying::SaveKeying(const KeyingRecord& keying) {
  if (keying.resolution) return InvalidArgument("a decision is saved with Resolve");
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(std::optional<SlotBook> book, LockSlotBook(*db, keying.slot_id));
  if (!book) return NotFound("no entry " + std::to_string(keying.slot_id));
  SOHOA_RETURN_IF_ERROR(internal::CheckOpen(keying.slot_id, book->state));
  SOHOA_ASSIGN_OR_RETURN(std::vector<KeyingRecord> before, SelectKeyings(*db, keying.slot_id));
  SOHOA_RETURN_IF_ERROR(internal::CheckNotKeyedBy(before, keying.user, keying.slot_id));
  const KeyedValues values = NormalizedKeying(book->type, keying.values);
  SOHOA_RETURN_IF_ERROR(InsertKeying(*db, keying, values));
  SOHOA_RETURN_IF_ERROR(DropHold(*db, keying.slot_id, keying.user));

  const KeyingOutcome outcome = internal::DecideKeying(book->type, book->mode, before, values);
  if (outcome.agreed) {
    SOHOA_RETURN_IF_ERROR(db->Run("UPDATE keyings SET agreed = $2::boolean WHERE slot_id = $1::bigint "
                                  "AND NOT resolution",
                                  {std::to_string(keying.slot_id), *outcome.agreed ? "true" : "false"}));
  }
  if (outcome.verified) SOHOA_RETURN_IF_ERROR(WriteVerifiedEntry(*db, *book, *outcome.verified));
  SOHOA_RETURN_IF_ERROR(SetState(*db, keying.slot_id, outcome.state));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return outcome.state;
}

Result<std::vector<SlotRecord>> PgKeying::Conflicts(const std::string& user, const std::string& book_id, int limit) {
  std::vector<Param> params{user, book_id, Limit(limit)};
  const std::string sql =
      std::string(kSlotColumns) + "WHERE s.state = 'differ' AND ($2 = '' OR s.book_id = $2)" +
      BookInScope(context_.scope, params) +
      " AND NOT EXISTS (SELECT 1 FROM keyings k WHERE k.slot_id = s.id AND k.user_name = $1) "
      "ORDER BY (SELECT max(keyed_at) FROM keyings k WHERE k.slot_id = s.id), s.id LIMIT $3::bigint";
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return SelectSlots(*db, sql, params);
}

Result<std::vector<KeyingRecord>> PgKeying::KeyingsOf(std::int64_t slot_id) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return SelectKeyings(*db, slot_id);
}

Result<SlotState> PgKeying::Resolve(const KeyingRecord& decision) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(std::optional<SlotBook> book, LockSlotBook(*db, decision.slot_id));
  if (!book) return NotFound("no entry " + std::to_string(decision.slot_id));
  SOHOA_RETURN_IF_ERROR(internal::CheckDiffering(decision.slot_id, book->state));
  SOHOA_ASSIGN_OR_RETURN(std::vector<KeyingRecord> keyings, SelectKeyings(*db, decision.slot_id));
  SOHOA_RETURN_IF_ERROR(internal::CheckMayDecide(keyings, decision.user, decision.slot_id));
  const KeyedValues values = NormalizedKeying(book->type, decision.values);
  SOHOA_RETURN_IF_ERROR(InsertKeying(*db, decision, values));
  SOHOA_RETURN_IF_ERROR(WriteVerifiedEntry(*db, *book, values));
  SOHOA_RETURN_IF_ERROR(SetState(*db, decision.slot_id, SlotState::kVerified));
  SOHOA_RETURN_IF_ERROR(Log(*db, "keying-decision", book->book_id, decision.user,
                            internal::DecisionDetail(book->page, book->position)));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return SlotState::kVerified;
}

Result<std::vector<std::pair<SlotRecord, std::string>>> PgKeying::EntryNumbers(const std::string& book_id,
                                                                               const std::string& user) {
  // The last word on a verified slot (the decision, or the agreeing keying),
  // else this clerk's own keying: one query, not one per slot.
  std::string columns = kSlotColumns;
  columns.replace(columns.find(" FROM book_slots s"), 0, ", k.field_values");
  std::vector<Param> params{book_id, user};
  const std::string sql = columns +
                          "JOIN keyings k ON k.slot_id = s.id WHERE s.book_id = $1 AND "
                          "((s.state = 'verified' AND k.id = (SELECT l.id FROM keyings l WHERE l.slot_id = s.id "
                          "ORDER BY l.keyed_at DESC, l.id DESC LIMIT 1)) "
                          "OR (s.state <> 'verified' AND k.user_name = $2 AND NOT k.resolution))" +
                          BookInScope(context_.scope, params) + " ORDER BY s.page, s.position";
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query(sql, params));
  std::vector<std::pair<SlotRecord, std::string>> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    const KeyedValues values = internal::UnpackKeyedValues(rows.Text(i, 8));
    const auto no = values.find("no");
    out.emplace_back(ReadSlot(rows, i), no == values.end() ? "" : no->second);
  }
  return out;
}

Result<std::vector<ClerkStats>> PgKeying::Stats(const std::string& book_id) {
  std::vector<Param> params{book_id};
  const std::string sql =
      "SELECT k.user_name, count(*) FILTER (WHERE NOT k.resolution), count(*) FILTER (WHERE k.resolution), "
      "count(*) FILTER (WHERE NOT k.resolution AND k.agreed IS NOT NULL), "
      "count(*) FILTER (WHERE NOT k.resolution AND k.agreed), coalesce(sum(k.seconds), 0), " +
      IsoTime("max(k.keyed_at)") +
      " FROM keyings k JOIN book_slots s ON s.id = k.slot_id JOIN books b ON b.id = s.book_id "
      "WHERE ($1 = '' OR s.book_id = $1)" +
      BookInScope(context_.scope, params) + " GROUP BY k.user_name ORDER BY k.user_name COLLATE \"C\"";
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query(sql, params));
  std::vector<ClerkStats> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    ClerkStats c;
    c.user = rows.Text(i, 0);
    c.keyed = rows.Int(i, 1);
    c.resolved = rows.Int(i, 2);
    c.compared = rows.Int(i, 3);
    c.agreed = rows.Int(i, 4);
    c.seconds = rows.Double(i, 5);
    c.last_keyed_at = rows.Text(i, 6);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<BookKeyingProgress>> PgKeying::Progress(const std::string& book_id) {
  std::vector<Param> params{book_id};
  const std::string sql =
      "SELECT b.id, b.keying, (SELECT count(*) FROM book_pages p WHERE p.book_id = b.id), coalesce(c.slots, 0), "
      "greatest(coalesce(c.keyed - c.differ - c.verified, 0), 0), coalesce(c.differ, 0), coalesce(c.verified, 0), "
      "b.entries_expected FROM books b LEFT JOIN book_keying_counts c ON c.book_id = b.id "
      "WHERE ($1 = '' OR b.id = $1)" +
      BookInScope(context_.scope, params) + " ORDER BY b.id COLLATE \"C\"";
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query(sql, params));
  std::vector<BookKeyingProgress> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    BookKeyingProgress p;
    p.book_id = rows.Text(i, 0);
    p.mode = ParseKeyingMode(rows.Text(i, 1)).value_or(KeyingMode::kDouble);
    p.pages = rows.Int(i, 2);
    p.slots = rows.Int(i, 3);
    p.keyed_once = rows.Int(i, 4);
    p.differ = rows.Int(i, 5);
    p.verified = rows.Int(i, 6);
    if (!rows.IsNull(i, 7)) p.entries_expected = static_cast<int>(rows.Int(i, 7));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace sohoa::archive::postgres
