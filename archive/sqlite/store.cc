// Catalog: storing dossiers (with their full-text rows) and reading them back.
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_set>

#include "archive/catalog.h"
#include "archive/internal/box_text.h"
#include "archive/sqlite/catalog.h"
#include "archive/sqlite/jobs.h"
#include "archive/sqlite/scope_sql.h"
#include "archive/internal/dossier_merge.h"
#include "archive/internal/packed_text.h"
#include "archive/internal/search_document.h"
#include "archive/internal/search_facets.h"
#include "archive/internal/word_codec.h"
#include "schema/text.h"

namespace sohoa::archive {
namespace {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

Result<std::optional<internal::DossierRow>> LoadDossierRow(Db& db, const std::string& code) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("SELECT id, code_source, agency_code, received_date, procedure_code, "
                 "procedure_name, field, "
                 "procedure_confidence, applicant, status, procedure_evidence "
                 "FROM dossiers WHERE code = ?1"));
  select.Bind(1, code);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return std::optional<internal::DossierRow>();
  internal::DossierRow row;
  row.id = select.Int(0);
  row.code_source = select.Text(1);
  row.agency_code = select.Text(2);
  row.received_date = select.Text(3);
  row.procedure_code = select.Text(4);
  row.procedure_name = select.Text(5);
  row.field = select.Text(6);
  row.procedure_confidence = select.Double(7);
  row.applicant = select.Text(8);
  row.status = select.Text(9);
  row.procedure_evidence = select.Text(10);
  return std::optional<internal::DossierRow>(std::move(row));
}

// Parameters ?1..?10 of both the UPDATE and the INSERT of a field value.
void BindFieldColumns(Stmt& stmt, std::int64_t dossier_id, const FieldValue& f) {
  stmt.Bind(1, dossier_id)
      .Bind(2, f.name)
      .Bind(3, f.value)
      .Bind(4, static_cast<double>(f.confidence))
      .Bind(5, f.source)
      .Bind(6, f.document)
      .Bind(7, f.page)
      .Bind(8, internal::PackBox(f.box))
      .Bind(9, f.evidence)
      .Bind(10, f.needs_review ? 1 : 0);
}

// Parameters ?2..?11 of both the INSERT and the UPDATE of a dossier row.
void BindDossierColumns(Stmt& stmt, const internal::DossierRow& row) {
  stmt.Bind(2, row.code_source)
      .Bind(3, row.agency_code)
      .Bind(4, row.received_date)
      .Bind(5, row.procedure_code)
      .Bind(6, row.procedure_name)
      .Bind(7, row.field)
      .Bind(8, row.procedure_confidence)
      .Bind(9, row.applicant)
      .Bind(10, row.status)
      .Bind(11, row.procedure_evidence);
}

Result<std::int64_t> UpsertDossier(Db& db, const DossierRecord& in,
                                   std::optional<internal::DossierRow>& existing) {
  internal::DossierRow row;
  if (existing) row = *existing;
  internal::MergeDossier(in, row);
  if (!existing) {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt insert,
        db.Prepare("INSERT INTO dossiers (code, code_source, agency_code, received_date, "
                   "procedure_code, procedure_name, "
                   "field, procedure_confidence, applicant, status, procedure_evidence, "
                   "created_at, updated_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, " SOHOA_SQL_NOW
                   ", " SOHOA_SQL_NOW ")"));
    insert.Bind(1, in.code);
    BindDossierColumns(insert, row);
    SOHOA_RETURN_IF_ERROR(insert.Run());
    return db.LastInsertRowid();
  }
  SOHOA_ASSIGN_OR_RETURN(Stmt update,
                         db.Prepare("UPDATE dossiers SET code_source = ?2, agency_code = ?3, "
                                    "received_date = ?4, procedure_code = ?5, "
                                    "procedure_name = ?6, field = ?7, procedure_confidence = ?8, "
                                    "applicant = ?9, status = ?10, procedure_evidence = ?11, "
                                    "updated_at = " SOHOA_SQL_NOW " WHERE id = ?1"));
  update.Bind(1, row.id);
  BindDossierColumns(update, row);
  SOHOA_RETURN_IF_ERROR(update.Run());
  return row.id;
}

// Adds field values not yet known; a surer reading of a known value updates
// it (with where it was read and why). A value a person set is never
// touched by a later scan.
Status MergeFields(Db& db, std::int64_t dossier_id, const std::vector<FieldValue>& fields) {
  for (const FieldValue& f : fields) {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt update,
        db.Prepare("UPDATE fields SET source = CASE WHEN ?4 > confidence THEN ?5 ELSE source END, "
                   "document = CASE WHEN ?4 > confidence THEN ?6 ELSE document END, "
                   "page = CASE WHEN ?4 > confidence THEN ?7 ELSE page END, "
                   "box = CASE WHEN ?4 > confidence THEN ?8 ELSE box END, "
                   "evidence = CASE WHEN ?4 > confidence THEN ?9 ELSE evidence END, "
                   "needs_review = CASE WHEN ?4 > confidence THEN ?10 ELSE needs_review END, "
                   "confidence = max(confidence, ?4) "
                   "WHERE dossier_id = ?1 AND name = ?2 AND value = ?3 AND source <> 'manual'"));
    BindFieldColumns(update, dossier_id, f);
    SOHOA_RETURN_IF_ERROR(update.Run());
    SOHOA_ASSIGN_OR_RETURN(
        Stmt insert,
        db.Prepare("INSERT INTO fields (dossier_id, name, value, confidence, source, document, "
                   "page, box, evidence, needs_review, changed_by, changed_at) "
                   "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 WHERE NOT EXISTS "
                   "(SELECT 1 FROM fields WHERE dossier_id = ?1 AND name = ?2 AND value = ?3)"));
    BindFieldColumns(insert, dossier_id, f);
    insert.Bind(11, f.changed_by).Bind(12, f.changed_at);
    SOHOA_RETURN_IF_ERROR(insert.Run());
  }
  return Status::Ok();
}

}  // namespace

// What every page of a dossier is also found by: applicant, procedure, field
// values. The document title is added per document.
Result<std::string> internal::DossierMeta(Db& db, std::int64_t dossier_id) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt dossier,
      db.Prepare(
          "SELECT applicant, procedure_code, procedure_name, field FROM dossiers WHERE id = ?1"));
  dossier.Bind(1, dossier_id);
  SOHOA_ASSIGN_OR_RETURN(bool found, dossier.Step());
  if (!found) return Internal("dossier row vanished inside its own transaction");
  std::vector<std::string> lines;
  for (int c = 0; c < 4; ++c) lines.push_back(dossier.Text(c));
  SOHOA_ASSIGN_OR_RETURN(Stmt fields,
                         db.Prepare("SELECT value FROM fields WHERE dossier_id = ?1 ORDER BY id"));
  fields.Bind(1, dossier_id);
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, fields.Step());
    if (!row) break;
    lines.push_back(fields.Text(0));
  }
  return internal::DossierMetaText(lines);
}

namespace {

// What a document's pages are indexed with besides their own text
// (search_documents, schema 6): kept so the rows can be taken out again.
using internal::DocumentWords;
using internal::IndexedWith;

Result<internal::FacetSource> LoadFacetSource(Db& db, std::int64_t dossier_id) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select, db.Prepare("SELECT code, agency_code, received_date, procedure_code, field "
                              "FROM dossiers WHERE id = ?1"));
  select.Bind(1, dossier_id);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return Internal("dossier row vanished inside its own transaction");
  internal::FacetSource source;
  source.dossier_code = select.Text(0);
  source.agency_code = select.Text(1);
  source.received_date = select.Text(2);
  source.procedure_code = select.Text(3);
  source.field = select.Text(4);
  return source;
}

Status SaveIndexedWith(Db& db, std::int64_t document_id, const IndexedWith& with) {
  SOHOA_ASSIGN_OR_RETURN(Stmt upsert,
                         db.Prepare("INSERT OR REPLACE INTO search_documents (document_id, meta, "
                                    "code, facets) VALUES (?1, ?2, ?3, ?4)"));
  upsert.Bind(1, document_id).Bind(2, with.meta).Bind(3, with.code).Bind(4, with.facets);
  return upsert.Run();
}

// Writes (or, with `forget`, takes out) a page's full-text row. A
// contentless table forgets a row only given the words it holds.
Status WritePageIndex(Db& db, std::int64_t page_id, const std::string& text,
                      const IndexedWith& with, bool forget = false) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt insert,
      db.Prepare(forget ? "INSERT INTO page_search (page_search, rowid, text, meta, code, facets) "
                          "VALUES ('delete', ?1, ?2, ?3, ?4, ?5)"
                        : "INSERT INTO page_search (rowid, text, meta, code, facets) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)"));
  insert.Bind(1, page_id).Bind(2, text).Bind(3, with.meta).Bind(4, with.code).Bind(5, with.facets);
  return insert.Run();
}

// Rewrites the index rows of the dossier's documents whose words changed
// (or were never written), page by page.
Status ReindexDossier(Db& db, std::int64_t dossier_id) {
  SOHOA_ASSIGN_OR_RETURN(std::string meta, internal::DossierMeta(db, dossier_id));
  SOHOA_ASSIGN_OR_RETURN(internal::FacetSource source, LoadFacetSource(db, dossier_id));
  SOHOA_ASSIGN_OR_RETURN(
      Stmt docs, db.Prepare("SELECT doc.id, doc.title, doc.kind, s.meta, s.code, s.facets "
                            "FROM documents doc LEFT JOIN search_documents s "
                            "ON s.document_id = doc.id WHERE doc.dossier_id = ?1 ORDER BY doc.id"));
  docs.Bind(1, dossier_id);
  struct Doc {
    std::int64_t id;
    IndexedWith want;
    std::optional<IndexedWith> had;
  };
  std::vector<Doc> changed;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, docs.Step());
    if (!row) break;
    Doc doc{docs.Int(0), DocumentWords(meta, source, docs.Text(1), docs.Text(2)), std::nullopt};
    if (!docs.IsNull(3)) doc.had = IndexedWith{docs.Text(3), docs.Text(4), docs.Text(5)};
    if (doc.had != doc.want) changed.push_back(std::move(doc));
  }
  for (const Doc& doc : changed) {
    SOHOA_ASSIGN_OR_RETURN(Stmt pages,
                           db.Prepare("SELECT id, text FROM pages WHERE document_id = ?1"));
    pages.Bind(1, doc.id);
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, pages.Step());
      if (!row) break;
      const std::string text = pages.Text(1);
      if (doc.had) SOHOA_RETURN_IF_ERROR(WritePageIndex(db, pages.Int(0), text, *doc.had, true));
      SOHOA_RETURN_IF_ERROR(WritePageIndex(db, pages.Int(0), text, doc.want));
    }
    SOHOA_RETURN_IF_ERROR(SaveIndexedWith(db, doc.id, doc.want));
  }
  return Status::Ok();
}

}  // namespace

Status internal::ReindexMeta(Db& db, std::int64_t dossier_id) {
  return ReindexDossier(db, dossier_id);
}

Status internal::RebuildSearchIndex(Db& db) {
  SOHOA_ASSIGN_OR_RETURN(Stmt dossiers, db.Prepare("SELECT id FROM dossiers ORDER BY id"));
  std::vector<std::int64_t> ids;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, dossiers.Step());
    if (!row) break;
    ids.push_back(dossiers.Int(0));
  }
  for (std::int64_t id : ids) SOHOA_RETURN_IF_ERROR(ReindexDossier(db, id));
  return Status::Ok();
}

namespace {

// The PREMIS events of what was just ingested (internal::PreservationEvents).
Status InsertPreservationEvents(Db& db, const DossierRecord& dossier,
                                const std::unordered_set<std::string>& already_archived) {
  for (const Event& event : internal::PreservationEvents(dossier, already_archived)) {
    SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, event));
  }
  return Status::Ok();
}

Result<std::int64_t> InsertDocument(Db& db, std::int64_t dossier_id, int number,
                                    const DocumentRecord& doc) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt insert,
      db.Prepare("INSERT INTO documents (dossier_id, number, kind, title, source_sha256, "
                 "source_name, media_type, "
                 "source_bytes, pdf_sha256, reused_from, created_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, " SOHOA_SQL_NOW ")"));
  insert.Bind(1, dossier_id)
      .Bind(2, number)
      .Bind(3, doc.kind)
      .Bind(4, ToNfc(doc.title))
      .Bind(5, doc.source_sha256)
      .Bind(6, doc.source_name)
      .Bind(7, doc.media_type)
      .Bind(8, static_cast<std::int64_t>(doc.source_bytes))
      .Bind(9, doc.pdf_sha256)
      .Bind(10, doc.reused_from);
  SOHOA_RETURN_IF_ERROR(insert.Run());
  return db.LastInsertRowid();
}

// A document stored although the archive already held it (a missed reuse,
// ingest/reuse_detect.h): the `reuse` row the rates count and a "reuse"
// event. The source must be an archived document of another dossier.
Status RecordMissedReuse(Db& db, const std::string& code, int number, const DocumentRecord& doc) {
  SOHOA_RETURN_IF_ERROR(internal::CheckReuseOfOtherDossier(code, number, doc));
  const internal::ReuseSource source_document = internal::ParseReusedFrom(doc.reused_from);
  SOHOA_ASSIGN_OR_RETURN(
      Stmt source,
      db.Prepare("SELECT 1 FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id "
                 "WHERE d.code = ?1 AND CAST(doc.number AS TEXT) = ?2"));
  source.Bind(1, source_document.dossier_code).Bind(2, source_document.number);
  SOHOA_ASSIGN_OR_RETURN(bool found, source.Step());
  if (!found) return internal::ReuseSourceNotArchived(code, number, doc);
  SOHOA_ASSIGN_OR_RETURN(
      Stmt insert,
      db.Prepare("INSERT OR IGNORE INTO reuse (dossier_code, component, source, kind, evidence, "
                 "actor, at) VALUES (?1, ?2, ?3, 'missed', ?4, 'sohoa', " SOHOA_SQL_NOW ")"));
  insert.Bind(1, code)
      .Bind(2, code + "." + std::to_string(number))
      .Bind(3, doc.reused_from)
      .Bind(4, doc.reuse_evidence);
  SOHOA_RETURN_IF_ERROR(insert.Run());
  return internal::InsertEvent(db, internal::MissedReuseEvent(code, number, doc));
}

Result<std::int64_t> InsertPage(Db& db, std::int64_t document_id, const PageRecord& page,
                                const std::string& text) {
  SOHOA_ASSIGN_OR_RETURN(Stmt insert,
                         db.Prepare("INSERT INTO pages (document_id, number, image_sha256, "
                                    "source_page, text, confidence, rotation, "
                                    "skew_degrees, dpi, width, height, words, barcodes) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
  insert.Bind(1, document_id)
      .Bind(2, page.number)
      .Bind(3, page.image_sha256)
      .Bind(4, page.source_page)
      .Bind(5, text)
      .Bind(6, static_cast<double>(page.confidence))
      .Bind(7, page.rotation)
      .Bind(8, static_cast<double>(page.skew_degrees))
      .Bind(9, page.dpi)
      .Bind(10, page.width)
      .Bind(11, page.height);
  if (page.words.empty()) {
    insert.BindNull(12);
  } else {
    insert.BindBlob(12, internal::PackWords(page.words));
  }
  insert.Bind(13, internal::PackBarcodes(page.barcodes));
  SOHOA_RETURN_IF_ERROR(insert.Run());
  return db.LastInsertRowid();
}

// A page's full-text row, written after every other statement of the
// transaction: FTS5 flushes its pending terms into a new segment whenever a
// later statement opens a savepoint, so writing the index between the other
// inserts made one tiny segment per page and a merge storm (a third of the
// time spent storing; tools/bench/search_bench).
struct PendingIndex {
  std::int64_t page_id;
  std::string text;
  std::shared_ptr<const IndexedWith> with;  // shared by the document's pages
};

Status IndexPages(Db& db, const std::vector<PendingIndex>& pending) {
  for (const PendingIndex& p : pending) {
    SOHOA_RETURN_IF_ERROR(WritePageIndex(db, p.page_id, p.text, *p.with));
  }
  return Status::Ok();
}

// Stores one dossier inside the caller's transaction; its pages' full-text
// rows are left in `index` for the caller to write last.
Result<int> StoreWithin(Db& db, const DossierRecord& dossier, std::vector<PendingIndex>& index) {
  SOHOA_ASSIGN_OR_RETURN(std::optional<internal::DossierRow> existing, LoadDossierRow(db, dossier.code));
  SOHOA_ASSIGN_OR_RETURN(std::int64_t dossier_id, UpsertDossier(db, dossier, existing));
  SOHOA_RETURN_IF_ERROR(MergeFields(db, dossier_id, dossier.fields));
  // A later scan may change what the earlier pages are found by.
  if (existing) SOHOA_RETURN_IF_ERROR(ReindexDossier(db, dossier_id));
  SOHOA_ASSIGN_OR_RETURN(std::string meta, internal::DossierMeta(db, dossier_id));
  SOHOA_ASSIGN_OR_RETURN(internal::FacetSource facets, LoadFacetSource(db, dossier_id));

  // Only sources archived by an earlier call count as duplicates: one stack
  // file legitimately yields several documents of the same dossier.
  std::unordered_set<std::string> archived_sources;
  // Stored documents without their searchable PDF, by source and first page:
  // a re-run that made the PDF fills it in.
  std::map<std::pair<std::string, int>, std::int64_t> missing_pdf;
  int next_number = 1;
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt docs,
        db.Prepare("SELECT doc.source_sha256, doc.number, doc.id, doc.pdf_sha256, "
                   "(SELECT MIN(p.source_page) FROM pages p WHERE p.document_id = doc.id) "
                   "FROM documents doc WHERE doc.dossier_id = ?1"));
    docs.Bind(1, dossier_id);
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, docs.Step());
      if (!row) break;
      archived_sources.insert(docs.Text(0));
      next_number = std::max(next_number, static_cast<int>(docs.Int(1)) + 1);
      if (docs.Text(3).empty()) missing_pdf[{docs.Text(0), static_cast<int>(docs.Int(4))}] = docs.Int(2);
    }
  }

  int added = 0, skipped = 0, pages = 0;
  for (const DocumentRecord& doc : dossier.documents) {
    if (!doc.source_sha256.empty() && archived_sources.count(doc.source_sha256)) {
      ++skipped;
      const int first_page = doc.pages.empty() ? 0 : doc.pages.front().source_page;
      auto lacking = missing_pdf.find({doc.source_sha256, first_page});
      if (lacking != missing_pdf.end() && !doc.pdf_sha256.empty()) {
        SOHOA_ASSIGN_OR_RETURN(Stmt fill,
                               db.Prepare("UPDATE documents SET pdf_sha256 = ?2 WHERE id = ?1"));
        fill.Bind(1, lacking->second).Bind(2, doc.pdf_sha256);
        SOHOA_RETURN_IF_ERROR(fill.Run());
      }
      continue;
    }
    const int number = next_number++;
    SOHOA_ASSIGN_OR_RETURN(std::int64_t document_id,
                           InsertDocument(db, dossier_id, number, doc));
    if (!doc.reused_from.empty()) {
      SOHOA_RETURN_IF_ERROR(RecordMissedReuse(db, dossier.code, number, doc));
    }
    auto with = std::make_shared<const IndexedWith>(
        DocumentWords(meta, facets, ToNfc(doc.title), doc.kind));
    SOHOA_RETURN_IF_ERROR(SaveIndexedWith(db, document_id, *with));
    for (const PageRecord& page : doc.pages) {
      std::string text = ToNfc(page.text);
      SOHOA_ASSIGN_OR_RETURN(std::int64_t page_id, InsertPage(db, document_id, page, text));
      index.push_back({page_id, std::move(text), with});
      ++pages;
    }
    ++added;
  }

  SOHOA_RETURN_IF_ERROR(
      internal::InsertEvent(db, internal::IngestionEvent(dossier.code, added, pages, skipped)));
  if (added > 0) SOHOA_RETURN_IF_ERROR(InsertPreservationEvents(db, dossier, archived_sources));
  return added;
}

// Stores one dossier in a transaction of its own; only while `lease` holds
// its job, when there is one.
Result<int> Store(Db& db, const DossierRecord& dossier, const JobLease* lease = nullptr) {
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  if (lease != nullptr) SOHOA_RETURN_IF_ERROR(CheckLeaseHeld(db, *lease));
  std::vector<PendingIndex> index;
  SOHOA_ASSIGN_OR_RETURN(int added, StoreWithin(db, dossier, index));
  SOHOA_RETURN_IF_ERROR(IndexPages(db, index));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return added;
}

Result<std::vector<PageRecord>> LoadPages(Db& db, std::int64_t document_id) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select, db.Prepare("SELECT number, image_sha256, source_page, text, confidence, "
                              "rotation, skew_degrees, dpi, width, "
                              "height, words, barcodes FROM pages WHERE document_id = ?1 "
                              "ORDER BY number"));
  select.Bind(1, document_id);
  std::vector<PageRecord> pages;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    PageRecord p;
    p.number = static_cast<int>(select.Int(0));
    p.image_sha256 = select.Text(1);
    p.source_page = static_cast<int>(select.Int(2));
    p.text = select.Text(3);
    p.confidence = static_cast<float>(select.Double(4));
    p.rotation = static_cast<int>(select.Int(5));
    p.skew_degrees = static_cast<float>(select.Double(6));
    p.dpi = static_cast<int>(select.Int(7));
    p.width = static_cast<int>(select.Int(8));
    p.height = static_cast<int>(select.Int(9));
    auto words = internal::UnpackWords(select.Blob(10));
    if (!words.ok()) return words.status().WithContext("page " + std::to_string(p.number));
    p.words = std::move(words).value();
    p.barcodes = internal::UnpackBarcodes(select.Text(11));
    pages.push_back(std::move(p));
  }
  return pages;
}

}  // namespace


Result<int> SqliteCatalog::StoreDossier(const DossierRecord& dossier) {
  SOHOA_RETURN_IF_ERROR(internal::CheckDossier(dossier));
  auto added = Store(db_, dossier);
  if (!added.ok()) return added.status().WithContext("storing dossier " + dossier.code);
  return added;
}

Result<int> SqliteCatalog::StoreDossierUnderLease(const DossierRecord& dossier, const JobLease& lease) {
  SOHOA_RETURN_IF_ERROR(internal::CheckDossier(dossier));
  auto added = Store(db_, dossier, &lease);
  if (!added.ok()) return added.status().WithContext("storing dossier " + dossier.code);
  return added;
}

Result<int> SqliteCatalog::StoreDossiers(const std::vector<DossierRecord>& dossiers) {
  for (const DossierRecord& dossier : dossiers) SOHOA_RETURN_IF_ERROR(internal::CheckDossier(dossier));
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  int added = 0;
  std::vector<PendingIndex> index;
  std::unordered_set<std::string> codes;
  for (const DossierRecord& dossier : dossiers) {
    // A dossier given twice may change what its earlier pages are found by
    // (ReindexDossier): those pages must be in the index by then.
    if (!codes.insert(dossier.code).second) {
      SOHOA_RETURN_IF_ERROR(IndexPages(db, index));
      index.clear();
    }
    auto stored = StoreWithin(db, dossier, index);
    if (!stored.ok()) return stored.status().WithContext("storing dossier " + dossier.code);
    added += *stored;
  }
  SOHOA_RETURN_IF_ERROR(IndexPages(db, index));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return added;
}

Result<std::optional<std::string>> SqliteCatalog::FindSource(const std::string& sha256) {
  if (sha256.empty()) return std::optional<std::string>();
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db_.Prepare(
          "SELECT d.code FROM sources s JOIN documents doc ON doc.source_sha256 = s.sha256 "
          "JOIN dossiers d ON d.id = doc.dossier_id WHERE s.sha256 = ?1 AND NOT EXISTS "
          "(SELECT 1 FROM documents x WHERE x.source_sha256 = ?1 AND x.pdf_sha256 = '') "
          "ORDER BY doc.id LIMIT 1"));
  select.Bind(1, sha256);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return std::optional<std::string>();
  return std::optional<std::string>(select.Text(0));
}

Status SqliteCatalog::MarkSourceComplete(const std::string& sha256, int dossiers) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt insert,
      db_.Prepare("INSERT INTO sources (sha256, dossiers, completed_at) VALUES (?1, ?2, " SOHOA_SQL_NOW
                        ") ON CONFLICT (sha256) DO UPDATE SET dossiers = excluded.dossiers, "
                        "completed_at = excluded.completed_at"));
  insert.Bind(1, sha256).Bind(2, dossiers);
  return insert.Run();
}

Result<std::vector<std::string>> SqliteCatalog::DossiersHoldingSource(const std::string& sha256) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db_.Prepare("SELECT d.code FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id "
                        "WHERE doc.source_sha256 = ?1 GROUP BY d.code "
                        "HAVING SUM(doc.pdf_sha256 = '') = 0 ORDER BY d.code"));
  select.Bind(1, sha256);
  std::vector<std::string> codes;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    codes.push_back(select.Text(0));
  }
  return codes;
}

Result<std::optional<DossierRecord>> SqliteCatalog::FindDossier(const std::string& code) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(std::optional<internal::DossierRow> row, LoadDossierRow(db, code));
  // Outside the scope reads as not there at all.
  if (!row || !scope_.Covers(internal::ReceivingAgency(row->agency_code, code))) {
    return std::optional<DossierRecord>();
  }
  DossierRecord out;
  out.code = code;
  out.code_source = row->code_source;
  out.agency_code = row->agency_code;
  out.received_date = row->received_date;
  out.procedure_code = row->procedure_code;
  out.procedure_name = row->procedure_name;
  out.field = row->field;
  out.procedure_confidence = static_cast<float>(row->procedure_confidence);
  out.procedure_evidence = row->procedure_evidence;
  out.applicant = row->applicant;
  out.status = row->status;

  std::vector<std::int64_t> document_ids;
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt docs,
        db.Prepare("SELECT doc.id, doc.kind, doc.title, doc.source_sha256, doc.source_name, "
                   "doc.media_type, doc.source_bytes, doc.pdf_sha256, doc.reused_from, "
                   "coalesce((SELECT r.evidence FROM reuse r WHERE r.dossier_code = ?2 AND "
                   "r.component = ?2 || '.' || doc.number AND r.source = doc.reused_from AND "
                   "r.kind = 'missed'), '') "
                   "FROM documents doc WHERE doc.dossier_id = ?1 ORDER BY doc.number"));
    docs.Bind(1, row->id).Bind(2, code);
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool found, docs.Step());
      if (!found) break;
      document_ids.push_back(docs.Int(0));
      DocumentRecord doc;
      doc.kind = docs.Text(1);
      doc.title = docs.Text(2);
      doc.source_sha256 = docs.Text(3);
      doc.source_name = docs.Text(4);
      doc.media_type = docs.Text(5);
      doc.source_bytes = docs.Int(6);
      doc.pdf_sha256 = docs.Text(7);
      doc.reused_from = docs.Text(8);
      doc.reuse_evidence = docs.Text(9);
      out.documents.push_back(std::move(doc));
    }
  }
  for (std::size_t i = 0; i < document_ids.size(); ++i) {
    auto pages = LoadPages(db, document_ids[i]);
    if (!pages.ok()) {
      return pages.status().WithContext("dossier " + code + ", document " + std::to_string(i + 1));
    }
    out.documents[i].pages = std::move(pages).value();
  }

  SOHOA_ASSIGN_OR_RETURN(
      Stmt fields,
      db.Prepare(
          "SELECT name, value, confidence, source, document, page, box, evidence, needs_review, "
          "changed_by, changed_at FROM fields WHERE dossier_id = ?1 ORDER BY id"));
  fields.Bind(1, row->id);
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool found, fields.Step());
    if (!found) break;
    FieldValue f;
    f.name = fields.Text(0);
    f.value = fields.Text(1);
    f.confidence = static_cast<float>(fields.Double(2));
    f.source = fields.Text(3);
    f.document = static_cast<int>(fields.Int(4));
    f.page = static_cast<int>(fields.Int(5));
    f.box = internal::UnpackBox(fields.Text(6));
    f.evidence = fields.Text(7);
    f.needs_review = fields.Int(8) != 0;
    f.changed_by = fields.Text(9);
    f.changed_at = fields.Text(10);
    out.fields.push_back(std::move(f));
  }
  return std::optional<DossierRecord>(std::move(out));
}

}  // namespace sohoa::archive
