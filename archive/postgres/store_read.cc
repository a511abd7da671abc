// PgDossierStore's reads: a dossier back whole, the files it came from, the
// documents of a citizen (missed reuse), the blobs the catalog points at.
// As archive/sqlite/store.cc, reuse_lookup.cc and packages.cc read them;
// text is ordered by its bytes, as SQLite orders it.
#include <map>
#include <set>

#include "archive/internal/box_text.h"
#include "archive/internal/packed_text.h"
#include "archive/internal/search_text.h"
#include "archive/internal/word_codec.h"
#include "archive/postgres/search_tsquery.h"
#include "archive/postgres/store.h"
#include "archive/postgres/store_rows.h"
#include "schema/citizen_id.h"

namespace sohoa::archive::postgres {
namespace {

// The pages of documents `ids`, by document id, in page order. `where`
// names each document in a message about a page that cannot be read back.
Result<std::map<std::int64_t, std::vector<PageRecord>>> LoadPages(
    Connection& db, const std::vector<std::string>& ids, const std::map<std::int64_t, std::string>& where) {
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows,
      db.Query("SELECT document_id, number, image_sha256, source_page, text, confidence, rotation, "
               "skew_degrees, dpi, width, height, encode(words, 'hex'), barcodes "
               "FROM pages WHERE document_id = ANY($1::bigint[]) ORDER BY document_id, number",
               {TextArray(ids)}));
  std::map<std::int64_t, std::vector<PageRecord>> out;
  for (int i = 0; i < rows.size(); ++i) {
    PageRecord p;
    p.number = static_cast<int>(rows.Int(i, 1));
    p.image_sha256 = rows.Text(i, 2);
    p.source_page = static_cast<int>(rows.Int(i, 3));
    p.text = rows.Text(i, 4);
    p.confidence = ReadReal(rows, i, 5);
    p.rotation = static_cast<int>(rows.Int(i, 6));
    p.skew_degrees = ReadReal(rows, i, 7);
    p.dpi = static_cast<int>(rows.Int(i, 8));
    p.width = static_cast<int>(rows.Int(i, 9));
    p.height = static_cast<int>(rows.Int(i, 10));
    auto bytes = Unhex(rows.Text(i, 11));
    auto words = bytes.ok() ? internal::UnpackWords(*bytes) : Result<std::vector<Word>>(bytes.status());
    if (!words.ok()) {
      return words.status().WithContext(where.at(rows.Int(i, 0)) + ": page " + std::to_string(p.number));
    }
    p.words = std::move(words).value();
    p.barcodes = internal::UnpackBarcodes(rows.Text(i, 12));
    out[rows.Int(i, 0)].push_back(std::move(p));
  }
  return out;
}

}  // namespace

Result<std::optional<std::string>> PgDossierStore::FindSource(const std::string& sha256) {
  if (sha256.empty()) return std::optional<std::string>();
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows,
      db->Query("SELECT d.code FROM sources s JOIN documents doc ON doc.source_sha256 = s.sha256 "
                "JOIN dossiers d ON d.id = doc.dossier_id WHERE s.sha256 = $1 AND NOT EXISTS "
                "(SELECT 1 FROM documents x WHERE x.source_sha256 = $1 AND x.pdf_sha256 = '') "
                "ORDER BY doc.id LIMIT 1",
                {sha256}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows.Text(0, 0));
}

Result<std::vector<std::string>> PgDossierStore::DossiersHoldingSource(const std::string& sha256) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows,
      db->Query(std::string("SELECT d.code FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id "
                            "WHERE doc.source_sha256 = $1 GROUP BY d.code "
                            "HAVING count(*) FILTER (WHERE doc.pdf_sha256 = '') = 0 ORDER BY d.code") +
                    kByBytes,
                {sha256}));
  std::vector<std::string> codes;
  for (int i = 0; i < rows.size(); ++i) codes.push_back(rows.Text(i, 0));
  return codes;
}

Result<std::optional<DossierRecord>> PgDossierStore::FindDossier(const std::string& code) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  std::vector<Param> params = {code};
  // Outside the scope reads as not there at all.
  SOHOA_ASSIGN_OR_RETURN(
      Rows dossier,
      db->Query("SELECT id, code_source, agency_code, received_date, procedure_code, procedure_name, field, "
                "procedure_confidence, procedure_evidence, applicant, status FROM dossiers d WHERE code = $1" +
                    ScopeCondition(context_.scope, "d.agency_path", params),
                params));
  if (dossier.empty()) return std::optional<DossierRecord>();
  const std::string id = dossier.Text(0, 0);
  DossierRecord out;
  out.code = code;
  out.code_source = dossier.Text(0, 1);
  out.agency_code = dossier.Text(0, 2);
  out.received_date = dossier.Text(0, 3);
  out.procedure_code = dossier.Text(0, 4);
  out.procedure_name = dossier.Text(0, 5);
  out.field = dossier.Text(0, 6);
  out.procedure_confidence = ReadReal(dossier, 0, 7);
  out.procedure_evidence = dossier.Text(0, 8);
  out.applicant = dossier.Text(0, 9);
  out.status = dossier.Text(0, 10);

  SOHOA_ASSIGN_OR_RETURN(
      Rows documents,
      db->Query("SELECT doc.id, doc.kind, doc.title, doc.source_sha256, doc.source_name, doc.media_type, "
                "doc.source_bytes, doc.pdf_sha256, doc.reused_from, "
                "coalesce((SELECT r.evidence FROM reuse r WHERE r.dossier_code = $2 AND "
                "r.component = $2 || '.' || doc.number AND r.source = doc.reused_from AND "
                "r.kind = 'missed'), '') "
                "FROM documents doc WHERE doc.dossier_id = $1 ORDER BY doc.number",
                {id, code}));
  std::vector<std::string> document_ids;
  std::map<std::int64_t, std::string> where;
  for (int i = 0; i < documents.size(); ++i) {
    DocumentRecord doc;
    doc.kind = documents.Text(i, 1);
    doc.title = documents.Text(i, 2);
    doc.source_sha256 = documents.Text(i, 3);
    doc.source_name = documents.Text(i, 4);
    doc.media_type = documents.Text(i, 5);
    doc.source_bytes = documents.Int(i, 6);
    doc.pdf_sha256 = documents.Text(i, 7);
    doc.reused_from = documents.Text(i, 8);
    doc.reuse_evidence = documents.Text(i, 9);
    out.documents.push_back(std::move(doc));
    document_ids.push_back(documents.Text(i, 0));
    where[documents.Int(i, 0)] = "dossier " + code + ", document " + std::to_string(i + 1);
  }
  SOHOA_ASSIGN_OR_RETURN(auto pages, LoadPages(*db, document_ids, where));
  for (int i = 0; i < documents.size(); ++i) {
    auto held = pages.find(documents.Int(i, 0));
    if (held != pages.end()) out.documents[i].pages = std::move(held->second);
  }

  SOHOA_ASSIGN_OR_RETURN(
      Rows fields,
      db->Query("SELECT name, value, confidence, source, document, page, box, evidence, needs_review, "
                "changed_by, changed_at FROM fields WHERE dossier_id = $1 ORDER BY id",
                {id}));
  for (int i = 0; i < fields.size(); ++i) {
    FieldValue f;
    f.name = fields.Text(i, 0);
    f.value = fields.Text(i, 1);
    f.confidence = ReadReal(fields, i, 2);
    f.source = fields.Text(i, 3);
    f.document = static_cast<int>(fields.Int(i, 4));
    f.page = static_cast<int>(fields.Int(i, 5));
    f.box = internal::UnpackBox(fields.Text(i, 6));
    f.evidence = fields.Text(i, 7);
    f.needs_review = fields.Text(i, 8) == "t";
    f.changed_by = fields.Text(i, 9);
    f.changed_at = fields.Text(i, 10);
    out.fields.push_back(std::move(f));
  }
  return std::optional<DossierRecord>(std::move(out));
}

Result<bool> PgDossierStore::HoldsDossier(const std::string& code) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query("SELECT 1 FROM dossiers WHERE code = $1", {code}));
  return !rows.empty();
}

Result<bool> PgDossierStore::HoldsDocument(const std::string& identifier) {
  const std::size_t dot = identifier.rfind('.');
  if (dot == std::string::npos) return false;
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows,
                         db->Query("SELECT 1 FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id "
                                   "WHERE d.code = $1 AND doc.number::text = $2",
                                   {identifier.substr(0, dot), identifier.substr(dot + 1)}));
  return !rows.empty();
}

Result<std::vector<ArchivedDocument>> PgDossierStore::DocumentsOfCitizen(const std::string& citizen_id) {
  if (!CheckCitizenId(citizen_id).well_formed) {
    return InvalidArgument("'" + citizen_id + "' is not a citizen ID: it must be 12 digits");
  }
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  // A dossier whose citizen_id field was misread may still show the number
  // on a page (the ID copy, the form). The search index (search_index.cc)
  // finds the pages with the number as a word in their text, metadata or
  // code; of those, the pages whose own text holds it, as the SQLite
  // catalog asks its index for the text column only.
  std::set<std::int64_t> holders;
  {
    SOHOA_ASSIGN_OR_RETURN(Rows by_field,
                           db->Query("SELECT DISTINCT dossier_id FROM fields WHERE value = $1", {citizen_id}));
    for (int i = 0; i < by_field.size(); ++i) holders.insert(by_field.Int(i, 0));
    SOHOA_ASSIGN_OR_RETURN(Rows by_page,
                           db->Query("SELECT doc.dossier_id, p.text FROM search_pages s "
                                     "JOIN pages p ON p.id = s.page_id JOIN documents doc ON doc.id = p.document_id "
                                     "WHERE s.words @@ $1::tsquery",
                                     {QuotedLexeme(Lexeme(citizen_id, kWordColumns))}));
    for (int i = 0; i < by_page.size(); ++i) {
      if (holders.count(by_page.Int(i, 0))) continue;
      for (const std::string& word : internal::SplitWords(by_page.Text(i, 1))) {
        if (word == citizen_id) {
          holders.insert(by_page.Int(i, 0));
          break;
        }
      }
    }
  }
  std::vector<std::string> ids;
  for (std::int64_t id : holders) ids.push_back(std::to_string(id));
  std::vector<Param> params = {TextArray(ids)};
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows,
      db->Query("SELECT d.code, doc.id, doc.number, doc.kind, doc.reused_from "
                "FROM dossiers d JOIN documents doc ON doc.dossier_id = d.id WHERE d.id = ANY($1::bigint[])" +
                    ScopeCondition(context_.scope, "d.agency_path", params) + " ORDER BY d.code" + kByBytes +
                    ", doc.number",
                params));
  std::vector<ArchivedDocument> out;
  std::map<std::int64_t, std::size_t> by_document_id;
  std::vector<std::string> document_ids;
  for (int i = 0; i < rows.size(); ++i) {
    ArchivedDocument doc;
    doc.dossier_code = rows.Text(i, 0);
    doc.number = static_cast<int>(rows.Int(i, 2));
    doc.identifier = doc.dossier_code + "." + std::to_string(doc.number);
    doc.kind = rows.Text(i, 3);
    doc.reused_from = rows.Text(i, 4);
    by_document_id[rows.Int(i, 1)] = out.size();
    document_ids.push_back(rows.Text(i, 1));
    out.push_back(std::move(doc));
  }
  if (out.empty()) return out;
  SOHOA_ASSIGN_OR_RETURN(Rows pages, db->Query("SELECT document_id, text, image_sha256 FROM pages "
                                               "WHERE document_id = ANY($1::bigint[]) ORDER BY document_id, number",
                                               {TextArray(document_ids)}));
  for (int i = 0; i < pages.size(); ++i) {
    ArchivedDocument& doc = out[by_document_id.at(pages.Int(i, 0))];
    doc.page_texts.push_back(pages.Text(i, 1));
    doc.page_image_sha256s.push_back(pages.Text(i, 2));
  }
  return out;
}

Result<std::vector<std::string>> PgDossierStore::ReferencedBlobs() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows,
      db->Query(std::string("SELECT s FROM (SELECT DISTINCT lower(sha) AS s FROM ("
                            "SELECT source_sha256 AS sha FROM documents "
                            "UNION SELECT pdf_sha256 FROM documents "
                            "UNION SELECT image_sha256 FROM pages "
                            "UNION SELECT image_sha256 FROM book_pages "
                            "UNION SELECT source_sha256 FROM book_entries "
                            // A queued entry's blob, until its job is done (schema 6).
                            "UNION SELECT blob FROM jobs WHERE blob <> '' AND state <> 'done') x "
                            "WHERE sha <> '') blobs ORDER BY s") +
                kByBytes));
  std::vector<std::string> out;
  for (int i = 0; i < rows.size(); ++i) out.push_back(rows.Text(i, 0));
  return out;
}

}  // namespace sohoa::archive::postgres
