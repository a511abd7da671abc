// PgReviewStore: the review queue, a person's corrections and the stored
// counts of the learned procedure classifier, as archive/sqlite/review.cc
// keeps them.
#include "archive/internal/box_text.h"
#include "archive/internal/correction.h"
#include "archive/internal/packed_text.h"
#include "archive/postgres/search.h"
#include "archive/postgres/store.h"
#include "archive/postgres/store_rows.h"
#include "schema/text.h"

namespace sohoa::archive::postgres {
namespace {

// Adds `sign` × the terms' counts to the procedure's term totals.
Status AddCounts(Connection& db, const std::string& procedure,
                 const std::vector<std::pair<std::string, int>>& terms, int sign) {
  RowBatch rows(2);
  for (const auto& [term, count] : terms) rows.Add(term, std::to_string(sign * count));
  if (!rows.empty()) {
    std::vector<Param> params = rows.Params();
    params.emplace_back(procedure);
    // A term given twice adds twice, as one upsert after the other would.
    SOHOA_RETURN_IF_ERROR(db.Run(
        "INSERT INTO classifier_terms AS t (procedure_code, term, count) "
        "SELECT $3, term, sum(count) FROM unnest($1::text[], $2::int[]) AS u(term, count) GROUP BY term "
        "ON CONFLICT (procedure_code, term) DO UPDATE SET count = t.count + excluded.count",
        params));
  }
  if (sign < 0) SOHOA_RETURN_IF_ERROR(db.Run("DELETE FROM classifier_terms WHERE count <= 0"));
  return Status::Ok();
}

}  // namespace

Status ForgetClassifierExample(Connection& db, const std::string& dossier_code) {
  SOHOA_ASSIGN_OR_RETURN(
      Rows old, db.Query("DELETE FROM classifier_examples WHERE dossier_code = $1 RETURNING procedure_code, terms",
                         {dossier_code}));
  if (old.empty()) return Status::Ok();
  return AddCounts(db, old.Text(0, 0), internal::UnpackTerms(old.Text(0, 1)), -1);
}

Result<std::vector<ReviewItem>> PgReviewStore::ReviewQueue() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  std::vector<Param> params;
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows,
      db->Query("SELECT d.code, f.name, f.value, f.confidence, f.source, f.document, f.page, f.box, f.evidence "
                "FROM fields f JOIN dossiers d ON d.id = f.dossier_id WHERE f.needs_review" +
                    ScopeCondition(context_.scope, "d.agency_path", params) + " ORDER BY d.id, f.id",
                params));
  std::vector<ReviewItem> out;
  for (int i = 0; i < rows.size(); ++i) {
    ReviewItem item;
    item.dossier_code = rows.Text(i, 0);
    item.field.name = rows.Text(i, 1);
    item.field.value = rows.Text(i, 2);
    item.field.confidence = ReadReal(rows, i, 3);
    item.field.source = rows.Text(i, 4);
    item.field.document = static_cast<int>(rows.Int(i, 5));
    item.field.page = static_cast<int>(rows.Int(i, 6));
    item.field.box = internal::UnpackBox(rows.Text(i, 7));
    item.field.evidence = rows.Text(i, 8);
    item.field.needs_review = true;
    out.push_back(std::move(item));
  }
  return out;
}

Status PgReviewStore::CorrectField(const std::string& code, const std::string& name, const std::string& raw_value,
                                   const std::string& user) {
  SOHOA_RETURN_IF_ERROR(internal::CheckCorrection(name, user));
  const std::string value = ToNfc(raw_value);
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  std::vector<Param> params = {code};
  SOHOA_ASSIGN_OR_RETURN(
      Rows found, db->Query("SELECT id FROM dossiers d WHERE code = $1" +
                                ScopeCondition(context_.scope, "d.agency_path", params) + " FOR UPDATE",
                            params));
  if (found.empty()) return NotFound("no dossier with code " + code);
  const std::string id = found.Text(0, 0);

  SOHOA_ASSIGN_OR_RETURN(
      Rows old, db->Query("SELECT coalesce(string_agg(value, ' | ' ORDER BY id), '') FROM fields "
                          "WHERE dossier_id = $1 AND name = $2",
                          {id, name}));
  const std::string old_value = old.Text(0, 0);

  const std::string evidence = internal::CorrectionEvidence(user);
  if (name == "procedure") {
    SOHOA_ASSIGN_OR_RETURN(Rows procedure, db->Query("SELECT name, field FROM procedures WHERE code = $1", {value}));
    if (procedure.empty()) return internal::UnknownProcedure(value);
    SOHOA_RETURN_IF_ERROR(
        db->Run("UPDATE dossiers SET procedure_code = $2, procedure_name = $3, field = $4, "
                "procedure_confidence = 1, procedure_evidence = $5, updated_at = now() WHERE id = $1",
                {id, value, procedure.Text(0, 0), procedure.Text(0, 1), evidence}));
  } else if (name == "applicant_name" || name == "received_date") {
    std::string stored = value;
    if (name == "received_date") {
      SOHOA_ASSIGN_OR_RETURN(stored, internal::CorrectedReceivedDate(value));
    }
    SOHOA_RETURN_IF_ERROR(db->Run(name == "applicant_name"
                                      ? "UPDATE dossiers SET applicant = $2, updated_at = now() WHERE id = $1"
                                      : "UPDATE dossiers SET received_date = $2, updated_at = now() WHERE id = $1",
                                  {id, stored}));
  }

  SOHOA_RETURN_IF_ERROR(db->Run("DELETE FROM fields WHERE dossier_id = $1 AND name = $2", {id, name}));
  SOHOA_RETURN_IF_ERROR(
      db->Run("INSERT INTO fields (dossier_id, name, value, confidence, source, evidence, needs_review, "
              "changed_by, changed_at) VALUES ($1, $2, $3, 1, 'manual', $4, false, $5, " +
                  IsoTime("now()") + ")",
              {id, name, value, evidence, user}));

  SOHOA_RETURN_IF_ERROR(IndexDossier(*db, std::stoll(id)));

  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, internal::CorrectionEvent(code, name, user, old_value, value)));
  return tx.Commit();
}

Status PgReviewStore::StoreClassifierExample(const ClassifierExample& example) {
  if (example.dossier_code.empty() || example.procedure_code.empty()) {
    return InvalidArgument("a training example needs a dossier and a procedure code");
  }
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_RETURN_IF_ERROR(ForgetClassifierExample(*db, example.dossier_code));
  std::int64_t total = 0;
  for (const auto& term : example.terms) total += term.second;
  SOHOA_RETURN_IF_ERROR(
      db->Run("INSERT INTO classifier_examples (dossier_code, procedure_code, terms, term_total, source) "
              "VALUES ($1, $2, $3, $4, $5)",
              {example.dossier_code, example.procedure_code, internal::PackTerms(example.terms),
               std::to_string(total), example.source}));
  SOHOA_RETURN_IF_ERROR(AddCounts(*db, example.procedure_code, example.terms, +1));
  return tx.Commit();
}

Result<ClassifierCounts> PgReviewStore::LoadClassifierCounts() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  ClassifierCounts out;
  SOHOA_ASSIGN_OR_RETURN(Rows examples, db->Query("SELECT procedure_code, count(*), sum(term_total) "
                                                  "FROM classifier_examples GROUP BY procedure_code"));
  for (int i = 0; i < examples.size(); ++i) {
    auto& p = out.procedures[examples.Text(i, 0)];
    p.examples = examples.Int(i, 1);
    p.terms = examples.Int(i, 2);
  }
  SOHOA_ASSIGN_OR_RETURN(Rows terms, db->Query("SELECT procedure_code, term, count FROM classifier_terms"));
  for (int i = 0; i < terms.size(); ++i) {
    auto it = out.procedures.find(terms.Text(i, 0));
    if (it == out.procedures.end()) continue;
    it->second.counts[terms.Text(i, 1)] = terms.Int(i, 2);
  }
  return out;
}

}  // namespace sohoa::archive::postgres
