// PgDossierStore's writes: StoreDossier(s) and MarkSourceComplete, with the
// behaviour of archive/sqlite/store.cc. A batch is stored set by set, not row
// by row: a few statements for all its dossiers (their rows, fields,
// documents and pages, reuse rows and events, each one INSERT over unnest of
// arrays), so that a bulk load of ten million pages is not ten million round
// trips. What is decided per dossier (merging into a stored dossier,
// numbering documents, skipping sources already archived) is decided here in
// C++, from what the database held when the batch began.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "archive/internal/box_text.h"
#include "archive/internal/dossier_merge.h"
#include "archive/internal/packed_text.h"
#include "archive/internal/word_codec.h"
#include "archive/postgres/jobs.h"
#include "archive/postgres/search.h"
#include "archive/postgres/store.h"
#include "archive/postgres/store_rows.h"
#include "schema/text.h"

namespace sohoa::archive::postgres {
namespace {

using internal::DossierRow;

// A field value row of a dossier, as MergeFields compares and changes it.
struct FieldRow {
  std::int64_t id = 0;  // 0: not stored yet
  FieldValue value;
  bool changed = false;
};

// One dossier of the batch on its way into the database.
struct Pending {
  const DossierRecord* in = nullptr;
  std::optional<DossierRow> existing;
  DossierRow row;
  std::vector<FieldRow> fields;  // stored ones first, in id order
  // Sources archived by an earlier call: one stack file legitimately yields
  // several documents of the same dossier, so only these are duplicates.
  std::unordered_set<std::string> archived_sources;
  // Stored documents without their searchable PDF, by source and first
  // page: a re-run that made the PDF fills it in.
  std::map<std::pair<std::string, int>, std::int64_t> missing_pdf;
  int next_number = 1;
};

std::string Int(std::int64_t value) { return std::to_string(value); }
std::string Bool(bool value) { return value ? "true" : "false"; }

// Adds field values not yet known; a surer reading of a known value updates
// it (with where it was read and why). A value a person set is never
// touched by a later scan. (archive/sqlite/store.cc's MergeFields, one
// value after the other as its statements run.)
void MergeFields(const std::vector<FieldValue>& incoming, std::vector<FieldRow>& rows) {
  for (const FieldValue& f : incoming) {
    bool known = false;
    for (FieldRow& row : rows) {
      FieldValue& r = row.value;
      if (r.name != f.name || r.value != f.value) continue;
      known = true;
      if (r.source == kSourceManual) continue;
      if (f.confidence > r.confidence) {
        r.source = f.source;
        r.document = f.document;
        r.page = f.page;
        r.box = f.box;
        r.evidence = f.evidence;
        r.needs_review = f.needs_review;
        r.confidence = f.confidence;
        row.changed = true;
      }
    }
    if (!known) rows.push_back({0, f, true});
  }
}

// Takes an advisory lock on each code, all at once and in code order so
// that two batches never wait on each other in a circle: two workers
// storing the same new dossier at once would otherwise both number its
// documents from 1.
Status LockCodes(Connection& db, std::vector<std::string> codes) {
  std::sort(codes.begin(), codes.end());
  return db.Run(
      "SELECT count(pg_advisory_xact_lock(hashtextextended(c, 0))) "
      "FROM (SELECT c FROM unnest($1::text[]) AS c ORDER BY c) s",
      {TextArray(codes)});
}

DossierRow ReadDossierRow(const Rows& rows, int i) {
  DossierRow row;
  row.id = rows.Int(i, 0);
  row.code_source = rows.Text(i, 2);
  row.agency_code = rows.Text(i, 3);
  row.received_date = rows.Text(i, 4);
  row.procedure_code = rows.Text(i, 5);
  row.procedure_name = rows.Text(i, 6);
  row.field = rows.Text(i, 7);
  row.procedure_confidence = ReadReal(rows, i, 8);
  row.applicant = rows.Text(i, 9);
  row.status = rows.Text(i, 10);
  row.procedure_evidence = rows.Text(i, 11);
  return row;
}

// What the database holds of the batch's dossiers: their rows, and for those
// stored before, their field values and documents.
Status LoadExisting(Connection& db, std::vector<Pending>& batch) {
  std::vector<std::string> codes;
  for (const Pending& p : batch) codes.push_back(p.in->code);
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows,
      db.Query("SELECT id, code, code_source, agency_code, received_date, procedure_code, procedure_name, "
               "field, procedure_confidence, applicant, status, procedure_evidence "
               "FROM dossiers WHERE code = ANY($1::text[])",
               {TextArray(codes)}));
  if (rows.empty()) return Status::Ok();
  std::unordered_map<std::string, Pending*> by_code;
  for (Pending& p : batch) by_code[p.in->code] = &p;
  std::unordered_map<std::int64_t, Pending*> by_id;
  std::vector<std::string> ids;
  for (int i = 0; i < rows.size(); ++i) {
    Pending* p = by_code.at(rows.Text(i, 1));
    p->existing = ReadDossierRow(rows, i);
    by_id[p->existing->id] = p;
    ids.push_back(Int(p->existing->id));
  }
  SOHOA_ASSIGN_OR_RETURN(
      Rows fields, db.Query("SELECT id, dossier_id, name, value, confidence, source FROM fields "
                            "WHERE dossier_id = ANY($1::bigint[]) ORDER BY id",
                            {TextArray(ids)}));
  for (int i = 0; i < fields.size(); ++i) {
    FieldRow row;
    row.id = fields.Int(i, 0);
    row.value.name = fields.Text(i, 2);
    row.value.value = fields.Text(i, 3);
    row.value.confidence = ReadReal(fields, i, 4);
    row.value.source = fields.Text(i, 5);
    by_id.at(fields.Int(i, 1))->fields.push_back(std::move(row));
  }
  SOHOA_ASSIGN_OR_RETURN(
      Rows documents,
      db.Query("SELECT dossier_id, source_sha256, number, id, pdf_sha256, "
               "coalesce((SELECT min(p.source_page) FROM pages p WHERE p.document_id = doc.id), 0) "
               "FROM documents doc WHERE dossier_id = ANY($1::bigint[])",
               {TextArray(ids)}));
  for (int i = 0; i < documents.size(); ++i) {
    Pending& p = *by_id.at(documents.Int(i, 0));
    p.archived_sources.insert(documents.Text(i, 1));
    p.next_number = std::max(p.next_number, static_cast<int>(documents.Int(i, 2)) + 1);
    if (documents.Text(i, 4).empty()) {
      p.missing_pdf[{documents.Text(i, 1), static_cast<int>(documents.Int(i, 5))}] = documents.Int(i, 3);
    }
  }
  return Status::Ok();
}

// A document marked as the re-scan of an archived one, waiting for the
// check that its source exists.
struct ReuseCheck {
  std::size_t dossier;  // in the batch
  int number;
  const DocumentRecord* doc;
  bool own_dossier;     // it names a document of its own dossier
  bool stored_earlier;  // by a dossier before it in this batch
};

// Everything a batch writes besides its dossier and field rows. Rows that
// need an id the database has not given yet name what they belong to by
// its place in the batch: a document its dossier, a page its document.
struct Writes {
  std::vector<std::size_t> document_dossier;
  RowBatch documents{10};  // from number on
  std::vector<std::size_t> page_document;
  RowBatch pages{12};  // from number on
  RowBatch pdf_fills{2};
  RowBatch reuse{4};
  std::vector<Event> events;
  std::vector<ReuseCheck> reuse_checks;
  // By dossier: its new documents with pages, and of those of kind result.
  std::vector<int> paged_documents, paged_results;
};

// Numbers the batch's new documents, skips those whose source the dossier
// already holds, and lays out every row and event to write.
Writes Plan(const std::vector<Pending>& batch) {
  Writes out;
  out.paged_documents.assign(batch.size(), 0);
  out.paged_results.assign(batch.size(), 0);
  // Documents of this batch by "<code>.<n>", for re-scans of them later in it.
  std::set<std::pair<std::string, std::string>> stored_in_batch;
  std::map<std::int64_t, std::string> pdf_fills;  // the last one given wins
  for (std::size_t b = 0; b < batch.size(); ++b) {
    const Pending& p = batch[b];
    const DossierRecord& dossier = *p.in;
    int next_number = p.next_number;
    int added = 0, skipped = 0, pages = 0;
    std::vector<Event> reuse_events;
    for (const DocumentRecord& doc : dossier.documents) {
      if (!doc.source_sha256.empty() && p.archived_sources.count(doc.source_sha256)) {
        ++skipped;
        const int first_page = doc.pages.empty() ? 0 : doc.pages.front().source_page;
        auto lacking = p.missing_pdf.find({doc.source_sha256, first_page});
        if (lacking != p.missing_pdf.end() && !doc.pdf_sha256.empty()) pdf_fills[lacking->second] = doc.pdf_sha256;
        continue;
      }
      const int number = next_number++;
      const std::size_t document = out.document_dossier.size();
      out.document_dossier.push_back(b);
      out.documents.Add(Int(number), doc.kind, ToNfc(doc.title), doc.source_sha256, doc.source_name, doc.media_type,
                        Int(doc.source_bytes), doc.pdf_sha256, doc.reused_from, Int(std::ssize(doc.pages)));
      if (!doc.pages.empty()) {
        ++out.paged_documents[b];
        if (doc.kind == "result") ++out.paged_results[b];
      }
      if (!doc.reused_from.empty()) {
        const internal::ReuseSource source = internal::ParseReusedFrom(doc.reused_from);
        out.reuse_checks.push_back({b, number, &doc, source.dossier_code == dossier.code,
                                    stored_in_batch.count({source.dossier_code, source.number}) > 0});
        out.reuse.Add(dossier.code, dossier.code + "." + std::to_string(number), doc.reused_from,
                      doc.reuse_evidence);
        reuse_events.push_back(internal::MissedReuseEvent(dossier.code, number, doc));
      }
      stored_in_batch.insert({dossier.code, std::to_string(number)});
      for (const PageRecord& page : doc.pages) {
        out.page_document.push_back(document);
        out.pages.Add(Int(page.number), page.image_sha256, Int(page.source_page), ToNfc(page.text),
                      RealText(page.confidence), Int(page.rotation), RealText(page.skew_degrees), Int(page.dpi),
                      Int(page.width), Int(page.height),
                      page.words.empty() ? std::string() : Hex(internal::PackWords(page.words)),
                      internal::PackBarcodes(page.barcodes));
        ++pages;
      }
      ++added;
    }
    for (Event& event : reuse_events) out.events.push_back(std::move(event));
    out.events.push_back(internal::IngestionEvent(dossier.code, added, pages, skipped));
    if (added > 0) {
      for (Event& event : internal::PreservationEvents(dossier, p.archived_sources)) {
        out.events.push_back(std::move(event));
      }
    }
  }
  for (const auto& [id, pdf] : pdf_fills) out.pdf_fills.Add(Int(id), pdf);
  return out;
}

// Inserts the new dossiers and rewrites the stored ones, adding the counts
// of the documents the batch brings (the triggers leave those to this
// writer, 0002_archive.sql); fills in row.id.
Status WriteDossierRows(Connection& db, std::vector<Pending>& batch, const Writes& writes) {
  RowBatch rows(13);
  for (std::size_t b = 0; b < batch.size(); ++b) {
    const Pending& p = batch[b];
    const DossierRow& r = p.row;
    rows.Add(p.in->code, r.code_source, r.agency_code, r.received_date, r.procedure_code, r.procedure_name, r.field,
             RealText(static_cast<float>(r.procedure_confidence)), r.applicant, r.status, r.procedure_evidence,
             Int(writes.paged_documents[b]), Int(writes.paged_results[b]));
  }
  SOHOA_ASSIGN_OR_RETURN(
      Rows ids,
      db.Query("INSERT INTO dossiers AS d (code, code_source, agency_code, received_date, procedure_code, "
               "procedure_name, field, procedure_confidence, applicant, status, procedure_evidence, "
               "paged_documents, paged_results) "
               "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
               "$7::text[], $8::real[], $9::text[], $10::text[], $11::text[], $12::int[], $13::int[]) "
               "ON CONFLICT (code) DO UPDATE SET code_source = excluded.code_source, "
               "agency_code = excluded.agency_code, received_date = excluded.received_date, "
               "procedure_code = excluded.procedure_code, procedure_name = excluded.procedure_name, "
               "field = excluded.field, procedure_confidence = excluded.procedure_confidence, "
               "applicant = excluded.applicant, status = excluded.status, "
               "procedure_evidence = excluded.procedure_evidence, "
               "paged_documents = d.paged_documents + excluded.paged_documents, "
               "paged_results = d.paged_results + excluded.paged_results, updated_at = now() "
               "RETURNING id, code",
               rows.Params()));
  std::unordered_map<std::string, std::int64_t> id_of;
  for (int i = 0; i < ids.size(); ++i) id_of[ids.Text(i, 1)] = ids.Int(i, 0);
  for (Pending& p : batch) p.row.id = id_of.at(p.in->code);
  return Status::Ok();
}

Status WriteFields(Connection& db, const std::vector<Pending>& batch) {
  RowBatch updates(8);
  RowBatch inserts(12);
  for (const Pending& p : batch) {
    for (const FieldRow& row : p.fields) {
      if (!row.changed) continue;
      const FieldValue& f = row.value;
      if (row.id != 0) {
        updates.Add(Int(row.id), RealText(f.confidence), f.source, Int(f.document), Int(f.page),
                    internal::PackBox(f.box), f.evidence, Bool(f.needs_review));
      } else {
        inserts.Add(Int(p.row.id), f.name, f.value, RealText(f.confidence), f.source, Int(f.document),
                    Int(f.page), internal::PackBox(f.box), f.evidence, Bool(f.needs_review), f.changed_by,
                    f.changed_at);
      }
    }
  }
  if (!updates.empty()) {
    SOHOA_RETURN_IF_ERROR(db.Run(
        "UPDATE fields f SET confidence = u.confidence, source = u.source, document = u.document, "
        "page = u.page, box = u.box, evidence = u.evidence, needs_review = u.needs_review "
        "FROM unnest($1::bigint[], $2::real[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], "
        "$8::boolean[]) AS u(id, confidence, source, document, page, box, evidence, needs_review) "
        "WHERE f.id = u.id",
        updates.Params()));
  }
  if (inserts.empty()) return Status::Ok();
  return db.Run(
      "INSERT INTO fields (dossier_id, name, value, confidence, source, document, page, box, evidence, "
      "needs_review, changed_by, changed_at) "
      "SELECT dossier_id, name, value, confidence, source, document, page, box, evidence, needs_review, "
      "changed_by, changed_at FROM unnest($1::bigint[], $2::text[], $3::text[], $4::real[], $5::text[], "
      "$6::int[], $7::int[], $8::text[], $9::text[], $10::boolean[], $11::text[], $12::text[]) "
      "WITH ORDINALITY AS u(dossier_id, name, value, confidence, source, document, page, box, evidence, "
      "needs_review, changed_by, changed_at, ord) ORDER BY ord",
      inserts.Params());
}

// A re-scan must name an archived document of another dossier: the first
// that does not, in the order the batch gives them, refuses the batch.
Status CheckReuse(Connection& db, const std::vector<Pending>& batch, const std::vector<ReuseCheck>& checks) {
  RowBatch asked(2);
  for (const ReuseCheck& check : checks) {
    const internal::ReuseSource source = internal::ParseReusedFrom(check.doc->reused_from);
    if (!check.own_dossier && !check.stored_earlier) asked.Add(source.dossier_code, source.number);
  }
  std::set<std::pair<std::string, std::string>> archived;
  if (!asked.empty()) {
    SOHOA_ASSIGN_OR_RETURN(
        Rows found,
        db.Query("SELECT r.code, r.number FROM unnest($1::text[], $2::text[]) AS r(code, number) "
                 "WHERE EXISTS (SELECT 1 FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id "
                 "WHERE d.code = r.code AND doc.number::text = r.number)",
                 asked.Params()));
    for (int i = 0; i < found.size(); ++i) archived.insert({found.Text(i, 0), found.Text(i, 1)});
  }
  for (const ReuseCheck& check : checks) {
    const std::string& code = batch[check.dossier].in->code;
    Status refused = internal::CheckReuseOfOtherDossier(code, check.number, *check.doc);
    if (refused.ok() && !check.stored_earlier) {
      const internal::ReuseSource source = internal::ParseReusedFrom(check.doc->reused_from);
      if (!archived.count({source.dossier_code, source.number})) {
        refused = internal::ReuseSourceNotArchived(code, check.number, *check.doc);
      }
    }
    if (!refused.ok()) return refused.WithContext("storing dossier " + code);
  }
  return Status::Ok();
}

// The documents and their pages, in one statement. The documents' ids are
// taken from their sequence first, so that each page names its document
// without a join; their page counts are written with them.
Status WriteDocuments(Connection& db, const std::vector<Pending>& batch, const Writes& writes) {
  if (writes.document_dossier.empty()) return Status::Ok();
  SOHOA_ASSIGN_OR_RETURN(
      Rows taken, db.Query("SELECT nextval(sequence::regclass) FROM pg_get_serial_sequence('documents', 'id') AS sequence, "
                           "generate_series(1, $1)",
                           {Int(std::ssize(writes.document_dossier))}));
  std::vector<std::int64_t> ids;
  for (int i = 0; i < taken.size(); ++i) ids.push_back(taken.Int(i, 0));
  std::sort(ids.begin(), ids.end());  // in the order of the batch, as SQLite numbers rows
  std::vector<std::string> document_ids, dossier_ids, page_document_ids;
  for (std::size_t d = 0; d < ids.size(); ++d) {
    document_ids.push_back(Int(ids[d]));
    dossier_ids.push_back(Int(batch[writes.document_dossier[d]].row.id));
  }
  for (std::size_t document : writes.page_document) page_document_ids.push_back(Int(ids[document]));
  std::vector<Param> params = {TextArray(document_ids), TextArray(dossier_ids)};
  for (Param& column : writes.documents.Params()) params.push_back(std::move(column));
  params.emplace_back(TextArray(page_document_ids));
  for (Param& column : writes.pages.Params()) params.push_back(std::move(column));
  return db.Run(
      "WITH docs AS (INSERT INTO documents (id, dossier_id, number, kind, title, source_sha256, source_name, "
      "media_type, source_bytes, pdf_sha256, reused_from, page_count) OVERRIDING SYSTEM VALUE "
      "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], "
      "$8::text[], $9::bigint[], $10::text[], $11::text[], $12::int[])) "
      "INSERT INTO pages (document_id, number, image_sha256, source_page, text, confidence, rotation, "
      "skew_degrees, dpi, width, height, words, barcodes) "
      "SELECT document_id, number, image_sha256, source_page, text, confidence, rotation, skew_degrees, dpi, "
      "width, height, decode(nullif(words, ''), 'hex'), barcodes "
      "FROM unnest($13::bigint[], $14::int[], $15::text[], $16::int[], $17::text[], $18::real[], $19::int[], "
      "$20::real[], $21::int[], $22::int[], $23::int[], $24::text[], $25::text[]) "
      "AS p(document_id, number, image_sha256, source_page, text, confidence, rotation, skew_degrees, dpi, "
      "width, height, words, barcodes)",
      params);
}

Status Write(Connection& db, const std::vector<Pending>& batch, const Writes& writes) {
  SOHOA_RETURN_IF_ERROR(WriteDocuments(db, batch, writes));
  if (!writes.pdf_fills.empty()) {
    SOHOA_RETURN_IF_ERROR(db.Run(
        "UPDATE documents d SET pdf_sha256 = u.pdf FROM unnest($1::bigint[], $2::text[]) AS u(id, pdf) "
        "WHERE d.id = u.id",
        writes.pdf_fills.Params()));
  }
  if (!writes.reuse.empty()) {
    SOHOA_RETURN_IF_ERROR(db.Run(
        "INSERT INTO reuse (dossier_code, component, source, kind, evidence, actor) "
        "SELECT code, component, source, 'missed', evidence, 'sohoa' "
        "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS r(code, component, source, evidence) "
        "ON CONFLICT (dossier_code, component, source, kind) DO NOTHING",
        writes.reuse.Params()));
  }
  return InsertEvents(db, writes.events);
}

std::string Naming(const std::vector<const DossierRecord*>& dossiers) {
  if (dossiers.size() == 1) return "storing dossier " + dossiers.front()->code;
  return "storing " + std::to_string(dossiers.size()) + " dossiers, " + dossiers.front()->code + " to " +
         dossiers.back()->code;
}

// Stores dossiers with distinct codes inside the caller's transaction,
// which holds their codes' locks (LockCodes). Returns the number of
// documents added.
Result<int> StoreDistinct(Connection& db, const std::vector<const DossierRecord*>& dossiers) {
  std::vector<Pending> batch;
  for (const DossierRecord* d : dossiers) {
    Pending pending;
    pending.in = d;
    batch.push_back(std::move(pending));
  }
  const std::string naming = Naming(dossiers);
  SOHOA_RETURN_IF_ERROR(LoadExisting(db, batch).WithContext(naming));
  for (Pending& p : batch) {
    p.row = p.existing.value_or(DossierRow{});
    internal::MergeDossier(*p.in, p.row);
    MergeFields(p.in->fields, p.fields);
  }
  const Writes writes = Plan(batch);
  SOHOA_RETURN_IF_ERROR(CheckReuse(db, batch, writes.reuse_checks));  // names the dossier it refuses
  SOHOA_RETURN_IF_ERROR(WriteDossierRows(db, batch, writes).WithContext(naming));
  SOHOA_RETURN_IF_ERROR(WriteFields(db, batch).WithContext(naming));
  SOHOA_RETURN_IF_ERROR(Write(db, batch, writes).WithContext(naming));
  std::vector<std::int64_t> stored;
  for (const Pending& p : batch) stored.push_back(p.row.id);
  SOHOA_RETURN_IF_ERROR(IndexDossiers(db, stored).WithContext(naming));
  return static_cast<int>(writes.document_dossier.size());
}

}  // namespace

Result<int> PgDossierStore::StoreDossier(const DossierRecord& dossier) {
  return Store({dossier}, nullptr);
}

Result<int> PgDossierStore::StoreDossiers(const std::vector<DossierRecord>& dossiers) {
  return Store(dossiers, nullptr);
}

Result<int> PgDossierStore::StoreDossierUnderLease(const DossierRecord& dossier, const JobLease& lease) {
  return Store({dossier}, &lease);
}

Result<int> PgDossierStore::Store(const std::vector<DossierRecord>& dossiers, const JobLease* lease) {
  for (const DossierRecord& dossier : dossiers) SOHOA_RETURN_IF_ERROR(internal::CheckDossier(dossier));
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  // The job's row before the codes' locks, always in this order.
  if (lease != nullptr) SOHOA_RETURN_IF_ERROR(CheckLeaseHeld(*db, *lease));
  // Documents and pages are stored with their counts (WriteDocuments,
  // WriteDossierRows): the count triggers are to leave those inserts alone.
  SOHOA_RETURN_IF_ERROR(db->Run("SET LOCAL sohoa.counts_written = on"));
  {
    std::vector<std::string> all;
    for (const DossierRecord& dossier : dossiers) all.push_back(dossier.code);
    SOHOA_RETURN_IF_ERROR(LockCodes(*db, std::move(all)));
  }
  int added = 0;
  // A dossier given twice is stored in two steps: its second copy merges
  // into what the first stored, as if stored by a later call.
  std::vector<const DossierRecord*> distinct;
  std::unordered_set<std::string> codes;
  auto flush = [&]() -> Status {
    if (distinct.empty()) return Status::Ok();
    SOHOA_ASSIGN_OR_RETURN(int stored, StoreDistinct(*db, distinct));
    added += stored;
    distinct.clear();
    codes.clear();
    return Status::Ok();
  };
  for (const DossierRecord& dossier : dossiers) {
    if (!codes.insert(dossier.code).second) {
      SOHOA_RETURN_IF_ERROR(flush());
      codes.insert(dossier.code);
    }
    distinct.push_back(&dossier);
  }
  SOHOA_RETURN_IF_ERROR(flush());
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return added;
}

Status PgDossierStore::MarkSourceComplete(const std::string& sha256, int dossiers) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return db->Run(
      "INSERT INTO sources (sha256, dossiers, completed_at) VALUES ($1, $2, now()) "
      "ON CONFLICT (sha256) DO UPDATE SET dossiers = excluded.dossiers, completed_at = excluded.completed_at",
      {sha256, Int(dossiers)});
}

}  // namespace sohoa::archive::postgres
