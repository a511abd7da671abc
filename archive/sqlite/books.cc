// Catalog: civil-status register books, their pages and entries, and the
// full-text index over entry fields (schema/migrations/0003_books.sql).
#include <algorithm>
#include <set>

#include "archive/catalog.h"
#include "archive/sqlite/catalog.h"
#include "archive/sqlite/scope_sql.h"
#include "archive/internal/book_rules.h"
#include "archive/sqlite/search_match.h"
#include "schema/text.h"

namespace sohoa::archive {
namespace {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

BookRecord ReadBook(const Stmt& s) {
  BookRecord b;
  b.id = s.Text(0);
  b.type = s.Text(1);
  b.commune = s.Text(2);
  b.agency_code = s.Text(3);
  b.volume = s.Text(4);
  b.year = static_cast<int>(s.Int(5));
  if (!s.IsNull(6)) b.entries_expected = static_cast<int>(s.Int(6));
  b.title = s.Text(7);
  return b;
}

constexpr const char* kBookColumns =
    "SELECT id, type, commune, agency_code, volume, year, entries_expected, title FROM books ";

// A book is in the scope of its agency; a book whose agency is unknown is
// in no restricted scope.
std::string BookScope(const Scope& scope, std::string_view agency_column) {
  return internal::ScopeCondition(scope, agency_column, "''");
}

// The condition on an entry's book_id column for the entries of books in scope.
std::string EntryScope(const Scope& scope) {
  if (scope.unrestricted()) return "";
  return " AND book_id IN (SELECT id FROM books WHERE 1" + BookScope(scope, "agency_code") + ")";
}

// Loads the fields of the entries in `entries` (matched by id, in order).
Status LoadFields(Db& db, const std::vector<std::int64_t>& ids,
                  std::vector<BookEntryRecord>& entries) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    // A cached statement is reset when its Stmt goes away: one per entry.
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select, db.Prepare("SELECT name, value, confidence FROM book_entry_fields "
                                "WHERE entry_id = ?1 ORDER BY position"));
    select.Bind(1, ids[i]);
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      entries[i].fields.push_back(
          {select.Text(0), select.Text(1), static_cast<float>(select.Double(2))});
    }
  }
  return Status::Ok();
}

Result<std::vector<BookEntryRecord>> SelectEntries(Db& db, Stmt& select) {
  std::vector<BookEntryRecord> entries;
  std::vector<std::int64_t> ids;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    ids.push_back(select.Int(0));
    BookEntryRecord e;
    e.book_id = select.Text(1);
    e.page = static_cast<int>(select.Int(2));
    e.position = static_cast<int>(select.Int(3));
    e.number = select.Text(4);
    e.confidence = static_cast<float>(select.Double(5));
    e.source_sha256 = select.Text(6);
    e.status = select.Text(7);
    e.id = ids.back();
    entries.push_back(std::move(e));
  }
  SOHOA_RETURN_IF_ERROR(LoadFields(db, ids, entries));
  return entries;
}

}  // namespace

namespace internal {

Result<std::int64_t> InsertBookEntry(Db& db, const std::string& book_id, int page,
                                     const BookEntryRecord& e, const std::string& source_sha256,
                                     const std::string& status) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt put_entry,
      db.Prepare("INSERT INTO book_entries (book_id, page, position, number, confidence, "
                 "source_sha256, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  put_entry.Bind(1, book_id)
      .Bind(2, page)
      .Bind(3, e.position)
      .Bind(4, e.number)
      .Bind(5, static_cast<double>(e.confidence))
      .Bind(6, source_sha256)
      .Bind(7, status);
  SOHOA_RETURN_IF_ERROR(put_entry.Run());
  const std::int64_t id = db.LastInsertRowid();
  const StoredEntry stored = StoredEntryOf(e);
  for (std::size_t i = 0; i < stored.fields.size(); ++i) {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt put_field, db.Prepare("INSERT INTO book_entry_fields (entry_id, name, value, "
                                   "confidence, position) VALUES (?1, ?2, ?3, ?4, ?5)"));
    put_field.Bind(1, id)
        .Bind(2, stored.fields[i].name)
        .Bind(3, stored.fields[i].value)
        .Bind(4, static_cast<double>(stored.fields[i].confidence))
        .Bind(5, static_cast<int>(i + 1));
    SOHOA_RETURN_IF_ERROR(put_field.Run());
  }
  SOHOA_ASSIGN_OR_RETURN(
      Stmt index, db.Prepare("INSERT INTO book_entry_search (rowid, exact, folded) VALUES (?1, ?2, ?3)"));
  index.Bind(1, id).Bind(2, LowerKeepMarks(stored.text)).Bind(3, FoldForSearch(stored.text));
  SOHOA_RETURN_IF_ERROR(index.Run());
  return id;
}

}  // namespace internal

Status SqliteCatalog::StoreBook(const BookRecord& book) {
  if (book.id.empty()) return InvalidArgument("a register book needs an id");
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(
      Stmt upsert,
      db.Prepare("INSERT INTO books (id, type, commune, agency_code, volume, year, "
                 "entries_expected, title, created_at, updated_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " SOHOA_SQL_NOW ", " SOHOA_SQL_NOW ") "
                 "ON CONFLICT (id) DO UPDATE SET "
                 "type = CASE WHEN ?2 <> '' THEN ?2 ELSE type END, "
                 "commune = CASE WHEN ?3 <> '' THEN ?3 ELSE commune END, "
                 "agency_code = CASE WHEN ?4 <> '' THEN ?4 ELSE agency_code END, "
                 "volume = CASE WHEN ?5 <> '' THEN ?5 ELSE volume END, "
                 "year = CASE WHEN ?6 <> 0 THEN ?6 ELSE year END, "
                 "entries_expected = coalesce(?7, entries_expected), "
                 "title = CASE WHEN ?8 <> '' THEN ?8 ELSE title END, "
                 "updated_at = " SOHOA_SQL_NOW));
  upsert.Bind(1, book.id)
      .Bind(2, book.type)
      .Bind(3, ToNfc(book.commune))
      .Bind(4, book.agency_code)
      .Bind(5, book.volume)
      .Bind(6, book.year)
      .Bind(8, ToNfc(book.title));
  if (book.entries_expected) {
    upsert.Bind(7, *book.entries_expected);
  } else {
    upsert.BindNull(7);
  }
  return upsert.Run();
}

Result<int> SqliteCatalog::StoreBookPage(const BookPageRecord& page) {
  SOHOA_RETURN_IF_ERROR(internal::CheckBookPage(page));
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(Stmt exists, db.Prepare("SELECT 1 FROM books WHERE id = ?1"));
  exists.Bind(1, page.book_id);
  SOHOA_ASSIGN_OR_RETURN(bool found, exists.Step());
  SOHOA_RETURN_IF_ERROR(exists.Run());
  if (!found) return NotFound("no register book " + page.book_id + ": store the book first");

  // A rescan of the page replaces what the earlier scan read.
  SOHOA_ASSIGN_OR_RETURN(Stmt drop_entries,
                         db.Prepare("DELETE FROM book_entries WHERE book_id = ?1 AND page = ?2 AND status = 'read'"));
  drop_entries.Bind(1, page.book_id).Bind(2, page.number);
  SOHOA_RETURN_IF_ERROR(drop_entries.Run());
  SOHOA_ASSIGN_OR_RETURN(
      Stmt put_page,
      db.Prepare("INSERT INTO book_pages (book_id, number, image_sha256, source_name, header, "
                 "confidence, skew_degrees, dpi, width, height, source_page, created_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, " SOHOA_SQL_NOW ") "
                 "ON CONFLICT (book_id, number) DO UPDATE SET image_sha256 = ?3, "
                 "source_name = ?4, header = ?5, confidence = ?6, skew_degrees = ?7, dpi = ?8, "
                 "width = ?9, height = ?10, source_page = ?11"));
  put_page.Bind(1, page.book_id)
      .Bind(2, page.number)
      .Bind(3, page.image_sha256)
      .Bind(4, page.source_name)
      .Bind(5, ToNfc(page.header))
      .Bind(6, static_cast<double>(page.confidence))
      .Bind(7, static_cast<double>(page.skew_degrees))
      .Bind(8, page.dpi)
      .Bind(9, page.width)
      .Bind(10, page.height)
      .Bind(11, page.source_page);
  SOHOA_RETURN_IF_ERROR(put_page.Run());

  std::set<int> verified;
  SOHOA_ASSIGN_OR_RETURN(Stmt kept, db.Prepare("SELECT position FROM book_entries "
                                               "WHERE book_id = ?1 AND page = ?2 AND status = 'verified'"));
  kept.Bind(1, page.book_id).Bind(2, page.number);
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, kept.Step());
    if (!row) break;
    verified.insert(static_cast<int>(kept.Int(0)));
  }
  int stored = 0;
  for (const BookEntryRecord& e : page.entries) {
    if (verified.count(e.position) > 0) continue;  // the clerks' reading stands
    SOHOA_RETURN_IF_ERROR(
        internal::InsertBookEntry(db, page.book_id, page.number, e, page.image_sha256, "read").status());
    ++stored;
  }
  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, internal::BookPageEvent(page, stored)));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<std::optional<BookRecord>> SqliteCatalog::FindBook(const std::string& id) {
  SOHOA_ASSIGN_OR_RETURN(Stmt select,
                         db_.Prepare(std::string(kBookColumns) + "WHERE id = ?1" +
                                           BookScope(scope_, "agency_code")));
  select.Bind(1, id);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return std::optional<BookRecord>();
  return std::optional<BookRecord>(ReadBook(select));
}

Result<std::vector<BookRecord>> SqliteCatalog::Books() {
  SOHOA_ASSIGN_OR_RETURN(Stmt select,
                         db_.Prepare(std::string(kBookColumns) + "WHERE 1" +
                                           BookScope(scope_, "agency_code") + " ORDER BY id"));
  std::vector<BookRecord> books;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    books.push_back(ReadBook(select));
  }
  return books;
}

Result<std::vector<BookEntryRecord>> SqliteCatalog::BookEntries(const std::string& book_id) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("SELECT id, book_id, page, position, number, confidence, source_sha256, status "
                 "FROM book_entries WHERE (?1 = '' OR book_id = ?1)" + EntryScope(scope_) +
                 " ORDER BY book_id, page, position"));
  select.Bind(1, book_id);
  return SelectEntries(db, select);
}

Result<std::vector<BookEntryRecord>> SqliteCatalog::SearchBookEntries(const std::string& query,
                                                                int limit) {
  if (limit < 1) return InvalidArgument("the result limit must be at least 1");
  const internal::BookSearchWords words = internal::BookSearchWordsOf(query);
  if (words.folded.empty()) return std::vector<BookEntryRecord>();
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("SELECT e.id, e.book_id, e.page, e.position, e.number, e.confidence, "
                 "e.source_sha256, e.status FROM (SELECT rowid AS id, "
                 "rowid IN (SELECT rowid FROM book_entry_search WHERE book_entry_search MATCH ?2) "
                 "AS exact FROM book_entry_search WHERE book_entry_search MATCH ?1) AS m "
                 "JOIN book_entries e ON e.id = m.id WHERE 1" + EntryScope(scope_) +
                 " ORDER BY m.exact DESC, e.book_id, e.page, e.position LIMIT ?3"));
  select.Bind(1, internal::MatchAllWords(words.folded, "folded"))
      .Bind(2, internal::MatchAllWords(words.exact, "exact"))
      .Bind(3, limit);
  return SelectEntries(db, select);
}

}  // namespace sohoa::archive
