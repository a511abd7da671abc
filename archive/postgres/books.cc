// PgBookStore: register books, their pages and entries, and the search over
// entries' fields (schema/migrations_postgres/0002_archive.sql), as the
// SQLite catalog keeps them (archive/sqlite/books.cc).
#include "archive/postgres/books.h"

#include <charconv>
#include <cmath>
#include <map>
#include <type_traits>

#include "archive/internal/book_rules.h"
#include "archive/internal/search_text.h"
#include "schema/text.h"

namespace sohoa::archive::postgres {
namespace {

// PostgreSQL refuses a tsvector lexeme this long; SQLite indexes it, but no
// query typed by a person is one word of 2 KB.
constexpr std::size_t kMaxLexemeBytes = 2046;

constexpr const char* kBookColumns =
    "SELECT b.id, b.type, b.commune, b.agency_code, b.volume, b.year, b.entries_expected, b.title FROM books b ";

constexpr const char* kEntryColumns =
    "SELECT e.id, e.book_id, e.page, e.position, e.number, e.confidence, e.source_sha256, e.status "
    "FROM book_entries e JOIN books b ON b.id = e.book_id ";

BookRecord ReadBook(const Rows& rows, int row) {
  BookRecord b;
  b.id = rows.Text(row, 0);
  b.type = rows.Text(row, 1);
  b.commune = rows.Text(row, 2);
  b.agency_code = rows.Text(row, 3);
  b.volume = rows.Text(row, 4);
  b.year = static_cast<int>(rows.Int(row, 5));
  if (!rows.IsNull(row, 6)) b.entries_expected = static_cast<int>(rows.Int(row, 6));
  b.title = rows.Text(row, 7);
  return b;
}

template <typename T>
std::string NumberArray(const std::vector<T>& values) {
  std::string out = "{";
  for (const T& v : values) {
    if (out.size() > 1) out += ',';
    if constexpr (std::is_floating_point_v<T>) {
      out += '"' + ExactNumber(v) + '"';
    } else {
      out += std::to_string(v);
    }
  }
  return out + "}";
}

// The words of `text` as one space-separated string (words hold no space),
// for array_to_tsvector(string_to_array(..., ' ')).
std::string Lexemes(const std::string& text) {
  std::string out;
  for (const std::string& word : internal::SplitWords(text)) {
    if (word.size() > kMaxLexemeBytes) continue;
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

// An entry's words as typed and folded, each as Lexemes.
struct EntryWords {
  std::string exact, folded;
};
EntryWords WordsOf(const std::string& text) { return {Lexemes(LowerKeepMarks(text)), Lexemes(FoldForSearch(text))}; }

constexpr const char* kWordsOf = "array_to_tsvector(string_to_array(n.exact, ' ')), "
                                 "array_to_tsvector(string_to_array(n.folded, ' '))";

// 'w1' & 'w2' & ...: a tsquery of lexemes as they are, quoted so that
// nothing in them is tsquery syntax.
std::string AllLexemes(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    if (word.size() > kMaxLexemeBytes) continue;
    if (!out.empty()) out += " & ";
    out += '\'';
    for (char c : word) {
      if (c == '\'' || c == '\\') out += c;  // doubled inside the quotes
      out += c;
    }
    out += '\'';
  }
  return out;
}

// The entries `sql` selects (kEntryColumns), with their fields.
Result<std::vector<BookEntryRecord>> SelectEntries(Connection& db, const std::string& sql,
                                                   const std::vector<Param>& params) {
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db.Query(sql, params));
  std::vector<BookEntryRecord> entries;
  entries.reserve(static_cast<std::size_t>(rows.size()));
  std::vector<std::int64_t> ids;
  std::map<std::int64_t, std::size_t> index;
  for (int i = 0; i < rows.size(); ++i) {
    BookEntryRecord e;
    e.id = rows.Int(i, 0);
    e.book_id = rows.Text(i, 1);
    e.page = static_cast<int>(rows.Int(i, 2));
    e.position = static_cast<int>(rows.Int(i, 3));
    e.number = rows.Text(i, 4);
    e.confidence = static_cast<float>(rows.Double(i, 5));
    e.source_sha256 = rows.Text(i, 6);
    e.status = rows.Text(i, 7);
    ids.push_back(e.id);
    index[e.id] = entries.size();
    entries.push_back(std::move(e));
  }
  if (ids.empty()) return entries;
  SOHOA_ASSIGN_OR_RETURN(Rows fields, db.Query("SELECT entry_id, name, value, confidence FROM book_entry_fields "
                                               "WHERE entry_id = ANY($1::bigint[]) ORDER BY entry_id, position",
                                               {NumberArray(ids)}));
  for (int i = 0; i < fields.size(); ++i) {
    entries[index.at(fields.Int(i, 0))].fields.push_back(
        {fields.Text(i, 1), fields.Text(i, 2), static_cast<float>(fields.Double(i, 3))});
  }
  return entries;
}

}  // namespace

std::string ExactNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, error == std::errc() ? end : buffer);
}

std::string BookInScope(const Scope& scope, std::vector<Param>& params) {
  return ScopeCondition(scope, "sohoa_agency_path(b.agency_code, '')", params);
}

Result<std::optional<BookRecord>> SelectBook(Connection& db, const Scope& scope, const std::string& id) {
  std::vector<Param> params{id};
  const std::string sql = std::string(kBookColumns) + "WHERE b.id = $1" + BookInScope(scope, params);
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db.Query(sql, params));
  if (rows.empty()) return std::optional<BookRecord>();
  return std::optional<BookRecord>(ReadBook(rows, 0));
}

Result<int> InsertBookEntries(Connection& db, const std::string& book_id, int page,
                              const std::vector<BookEntryRecord>& entries, const std::string& source_sha256,
                              const std::string& status) {
  if (entries.empty()) return 0;
  std::vector<std::int64_t> positions;
  std::vector<std::string> numbers, exact, folded;
  std::vector<float> confidences;
  std::vector<std::int64_t> field_entries, field_positions;
  std::vector<std::string> names, values;
  std::vector<float> field_confidences;
  for (const BookEntryRecord& e : entries) {
    const internal::StoredEntry stored = internal::StoredEntryOf(e);
    positions.push_back(e.position);
    numbers.push_back(e.number);
    confidences.push_back(e.confidence);
    EntryWords words = WordsOf(stored.text);
    exact.push_back(std::move(words.exact));
    folded.push_back(std::move(words.folded));
    for (std::size_t i = 0; i < stored.fields.size(); ++i) {
      field_entries.push_back(e.position);
      names.push_back(stored.fields[i].name);
      values.push_back(stored.fields[i].value);
      field_confidences.push_back(stored.fields[i].confidence);
      field_positions.push_back(static_cast<std::int64_t>(i + 1));
    }
  }
  // One statement for the page: its entries, then their fields by row.
  SOHOA_ASSIGN_OR_RETURN(
      Rows written,
      db.Query(std::string("WITH e AS (INSERT INTO book_entries (book_id, page, position, number, confidence, "
                           "source_sha256, status, exact, folded) "
                           "SELECT $1, $2::int, n.position, n.number, n.confidence, $3, $4, ") +
                   kWordsOf +
                   " FROM unnest($5::int[], $6::text[], $7::real[], $8::text[], $9::text[]) "
               "AS n(position, number, confidence, exact, folded) "
               "WHERE NOT EXISTS (SELECT 1 FROM book_entries o WHERE o.book_id = $1 AND o.page = $2::int "
               "AND o.position = n.position) RETURNING id, position), "
               "f AS (INSERT INTO book_entry_fields (entry_id, name, value, confidence, position) "
               "SELECT e.id, f.name, f.value, f.confidence, f.position "
               "FROM unnest($10::int[], $11::text[], $12::text[], $13::real[], $14::int[]) "
               "AS f(entry, name, value, confidence, position) JOIN e ON e.position = f.entry) "
               "SELECT count(*) FROM e",
               {book_id, std::to_string(page), source_sha256, status, NumberArray(positions), TextArray(numbers),
                NumberArray(confidences), TextArray(exact), TextArray(folded), NumberArray(field_entries),
                TextArray(names), TextArray(values), NumberArray(field_confidences), NumberArray(field_positions)}));
  return static_cast<int>(written.Int(0, 0));
}

Result<std::int64_t> IndexBookEntries(Connection& db, std::int64_t after_id, int limit) {
  SOHOA_ASSIGN_OR_RETURN(Rows fields, db.Query("SELECT e.id, f.name, f.value FROM (SELECT id FROM book_entries "
                                               "WHERE id > $1::bigint ORDER BY id LIMIT $2::int) e "
                                               "LEFT JOIN book_entry_fields f ON f.entry_id = e.id "
                                               "ORDER BY e.id, f.position",
                                               {std::to_string(after_id), std::to_string(limit)}));
  if (fields.empty()) return std::int64_t{0};
  std::vector<std::int64_t> ids;
  std::vector<BookEntryRecord> entries;
  for (int i = 0; i < fields.size(); ++i) {
    if (ids.empty() || ids.back() != fields.Int(i, 0)) {
      ids.push_back(fields.Int(i, 0));
      entries.emplace_back();
    }
    if (!fields.IsNull(i, 1)) entries.back().fields.push_back({fields.Text(i, 1), fields.Text(i, 2), 0});
  }
  std::vector<std::string> exact, folded;
  for (const BookEntryRecord& e : entries) {
    EntryWords words = WordsOf(internal::StoredEntryOf(e).text);
    exact.push_back(std::move(words.exact));
    folded.push_back(std::move(words.folded));
  }
  SOHOA_RETURN_IF_ERROR(db.Run(std::string("UPDATE book_entries e SET (exact, folded) = ROW(") + kWordsOf +
                                   ") FROM unnest($1::bigint[], $2::text[], $3::text[]) AS n(id, exact, folded) "
                                   "WHERE e.id = n.id",
                               {NumberArray(ids), TextArray(exact), TextArray(folded)}));
  return ids.back();
}

Status PgBookStore::StoreBook(const BookRecord& book) {
  if (book.id.empty()) return InvalidArgument("a register book needs an id");
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  // What a later page says of its book fills in what is known, never blanks it.
  return db->Run(
      "INSERT INTO books AS b (id, type, commune, agency_code, volume, year, entries_expected, title) "
      "VALUES ($1, $2, $3, $4, $5, $6::int, $7::int, $8) ON CONFLICT (id) DO UPDATE SET "
      "type = CASE WHEN EXCLUDED.type <> '' THEN EXCLUDED.type ELSE b.type END, "
      "commune = CASE WHEN EXCLUDED.commune <> '' THEN EXCLUDED.commune ELSE b.commune END, "
      "agency_code = CASE WHEN EXCLUDED.agency_code <> '' THEN EXCLUDED.agency_code ELSE b.agency_code END, "
      "volume = CASE WHEN EXCLUDED.volume <> '' THEN EXCLUDED.volume ELSE b.volume END, "
      "year = CASE WHEN EXCLUDED.year <> 0 THEN EXCLUDED.year ELSE b.year END, "
      "entries_expected = coalesce(EXCLUDED.entries_expected, b.entries_expected), "
      "title = CASE WHEN EXCLUDED.title <> '' THEN EXCLUDED.title ELSE b.title END, "
      "updated_at = now()",
      {book.id, book.type, ToNfc(book.commune), book.agency_code, book.volume, std::to_string(book.year),
       book.entries_expected ? Param(std::to_string(*book.entries_expected)) : Param(), ToNfc(book.title)});
}

Result<int> PgBookStore::StoreBookPage(const BookPageRecord& page) {
  SOHOA_RETURN_IF_ERROR(internal::CheckBookPage(page));
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(Rows book, db->Query("SELECT 1 FROM books WHERE id = $1", {page.book_id}));
  if (book.empty()) return NotFound("no register book " + page.book_id + ": store the book first");
  // Writing the page row first locks it: a rescan of the page and a keying
  // verifying one of its rows (keying.cc) wait for each other.
  SOHOA_RETURN_IF_ERROR(db->Run(
      "INSERT INTO book_pages (book_id, number, image_sha256, source_name, header, confidence, skew_degrees, "
      "dpi, width, height, source_page) VALUES ($1, $2::int, $3, $4, $5, $6::real, $7::real, $8::int, $9::int, "
      "$10::int, $11::int) ON CONFLICT (book_id, number) DO UPDATE SET image_sha256 = EXCLUDED.image_sha256, "
      "source_name = EXCLUDED.source_name, header = EXCLUDED.header, confidence = EXCLUDED.confidence, "
      "skew_degrees = EXCLUDED.skew_degrees, dpi = EXCLUDED.dpi, width = EXCLUDED.width, "
      "height = EXCLUDED.height, source_page = EXCLUDED.source_page",
      {page.book_id, std::to_string(page.number), page.image_sha256, page.source_name, ToNfc(page.header),
       ExactNumber(page.confidence), ExactNumber(page.skew_degrees), std::to_string(page.dpi),
       std::to_string(page.width), std::to_string(page.height), std::to_string(page.source_page)}));
  // A rescan of the page replaces what the earlier scan read; the clerks'
  // verified reading stands.
  SOHOA_RETURN_IF_ERROR(db->Run("DELETE FROM book_entries WHERE book_id = $1 AND page = $2::int AND status = 'read'",
                                {page.book_id, std::to_string(page.number)}));
  SOHOA_ASSIGN_OR_RETURN(int stored,
                         InsertBookEntries(*db, page.book_id, page.number, page.entries, page.image_sha256, "read"));
  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, internal::BookPageEvent(page, stored)));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<std::optional<BookRecord>> PgBookStore::FindBook(const std::string& id) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return SelectBook(*db, context_.scope, id);
}

Result<std::vector<BookRecord>> PgBookStore::Books() {
  std::vector<Param> params;
  const std::string sql =
      std::string(kBookColumns) + "WHERE true" + BookInScope(context_.scope, params) + " ORDER BY b.id COLLATE \"C\"";
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query(sql, params));
  std::vector<BookRecord> books;
  books.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) books.push_back(ReadBook(rows, i));
  return books;
}

Result<std::vector<BookEntryRecord>> PgBookStore::BookEntries(const std::string& book_id) {
  std::vector<Param> params{book_id};
  const std::string sql = std::string(kEntryColumns) + "WHERE ($1 = '' OR e.book_id = $1)" +
                          BookInScope(context_.scope, params) +
                          " ORDER BY e.book_id COLLATE \"C\", e.page, e.position";
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return SelectEntries(*db, sql, params);
}

Result<std::vector<BookEntryRecord>> PgBookStore::SearchBookEntries(const std::string& query, int limit) {
  if (limit < 1) return InvalidArgument("the result limit must be at least 1");
  const internal::BookSearchWords words = internal::BookSearchWordsOf(query);
  const std::string folded = AllLexemes(words.folded);
  if (folded.empty()) return std::vector<BookEntryRecord>();
  // Entries holding the words as typed (tone marks and all) come first.
  std::vector<Param> params{folded, AllLexemes(words.exact), std::to_string(limit)};
  const std::string sql = std::string(kEntryColumns) + "WHERE e.folded @@ $1::tsquery" +
                          BookInScope(context_.scope, params) +
                          " ORDER BY e.exact @@ $2::tsquery DESC, e.book_id COLLATE \"C\", e.page, e.position "
                          "LIMIT $3::int";
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return SelectEntries(*db, sql, params);
}

}  // namespace sohoa::archive::postgres
