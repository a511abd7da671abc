// What the Catalog's .cc files share: the connection behind Catalog::Impl and
// helpers that run inside a caller's transaction. Internal to archive/.
#pragma once

#include <utility>

#include "archive/catalog.h"
#include "archive/internal/sqlite_db.h"

namespace sohoa::archive {

struct Catalog::Impl {
  explicit Impl(internal::Db connection) : db(std::move(connection)) {}
  internal::Db db;
  Scope scope;  // what reads see: sohoa_in_scope (internal/scope_sql.h) reads it
};

namespace internal {

// The connection of a Catalog, for the archive services kept in their own
// files (register.cc, rates.cc, reuse.cc, retention.cc, package.cc).
struct CatalogAccess {
  static Db& DbOf(Catalog& catalog) { return catalog.impl_->db; }
};

// SQL for "now" as ISO 8601 UTC with milliseconds: 2024-03-15T08:12:33.123Z.
#define SOHOA_SQL_NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

// Validates and appends one event; the caller owns the transaction, if any.
Status InsertEvent(Db& db, const Event& event);

// What every page of a dossier is also found by (applicant, procedure, field
// values), and rewriting the index rows of the dossier's pages whose words
// (these, the document title, the facets) changed; inside the caller's
// transaction.
Result<std::string> DossierMeta(Db& db, std::int64_t dossier_id);
Status ReindexMeta(Db& db, std::int64_t dossier_id);

// Writes page_search and search_documents (schema 6) for every
// page from the catalog's rows: opening a home of an older schema.
Status RebuildSearchIndex(Db& db);

// Takes a dossier's training example, if any, back out of the classifier's
// counts and deletes it; inside the caller's transaction.
Status ForgetClassifierExample(Db& db, const std::string& dossier_code);

// Writes one entry of a book page and its search row (book_entries,
// book_entry_fields, book_entry_search) with `status` "read" or "verified";
// the caller has removed what stood at its position. Returns its id.
Result<std::int64_t> InsertBookEntry(Db& db, const std::string& book_id, int page,
                                     const BookEntryRecord& entry, const std::string& source_sha256,
                                     const std::string& status);

// "x,y,w,h" ("" for an unknown box) and back.
std::string PackBox(const Box& box);
Box UnpackBox(const std::string& packed);

}  // namespace internal
}  // namespace sohoa::archive
