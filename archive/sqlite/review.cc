// Catalog: the review queue, a person's corrections, and the stored counts
// of the learned procedure classifier.
#include <cstdio>

#include "archive/catalog.h"
#include "archive/internal/box_text.h"
#include "archive/internal/correction.h"
#include "archive/internal/packed_text.h"
#include "archive/sqlite/catalog.h"
#include "archive/sqlite/scope_sql.h"
#include "schema/text.h"

namespace sohoa::archive {
namespace {

using internal::Db;
using internal::Stmt;
using internal::Transaction;


// Adds `sign` × the example's counts to the procedure's term totals.
Status AddCounts(Db& db, const std::string& procedure,
                 const std::vector<std::pair<std::string, int>>& terms, int sign) {
  for (const auto& [term, count] : terms) {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt upsert,
        db.Prepare("INSERT INTO classifier_terms (procedure_code, term, count) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT (procedure_code, term) DO UPDATE SET count = count + ?3"));
    upsert.Bind(1, procedure).Bind(2, term).Bind(3, static_cast<std::int64_t>(sign * count));
    SOHOA_RETURN_IF_ERROR(upsert.Run());
  }
  if (sign < 0) {
    SOHOA_ASSIGN_OR_RETURN(Stmt prune, db.Prepare("DELETE FROM classifier_terms WHERE count <= 0"));
    SOHOA_RETURN_IF_ERROR(prune.Run());
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<ReviewItem>> SqliteCatalog::ReviewQueue() {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db_.Prepare("SELECT d.code, f.name, f.value, f.confidence, f.source, f.document, "
                        "f.page, f.box, f.evidence FROM fields f JOIN dossiers d "
                        "ON d.id = f.dossier_id WHERE f.needs_review = 1" +
                        internal::ScopeCondition(scope_, "d.agency_code", "d.code") +
                        " ORDER BY d.id, f.id"));
  std::vector<ReviewItem> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    ReviewItem item;
    item.dossier_code = select.Text(0);
    item.field.name = select.Text(1);
    item.field.value = select.Text(2);
    item.field.confidence = static_cast<float>(select.Double(3));
    item.field.source = select.Text(4);
    item.field.document = static_cast<int>(select.Int(5));
    item.field.page = static_cast<int>(select.Int(6));
    item.field.box = internal::UnpackBox(select.Text(7));
    item.field.evidence = select.Text(8);
    item.field.needs_review = true;
    out.push_back(std::move(item));
  }
  return out;
}

Status SqliteCatalog::CorrectField(const std::string& code, const std::string& name,
                             const std::string& raw_value, const std::string& user) {
  SOHOA_RETURN_IF_ERROR(internal::CheckCorrection(name, user));
  const std::string value = ToNfc(raw_value);
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(Stmt find, db.Prepare("SELECT id, agency_code FROM dossiers WHERE code = ?1"));
  find.Bind(1, code);
  SOHOA_ASSIGN_OR_RETURN(bool found, find.Step());
  if (!found || !scope_.Covers(internal::ReceivingAgency(find.Text(1), code))) {
    return NotFound("no dossier with code " + code);
  }
  const std::int64_t id = find.Int(0);

  std::string old_value;
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt old, db.Prepare("SELECT group_concat(value, ' | ') FROM fields "
                             "WHERE dossier_id = ?1 AND name = ?2"));
    old.Bind(1, id).Bind(2, name);
    SOHOA_ASSIGN_OR_RETURN(bool row, old.Step());
    if (row) old_value = old.Text(0);
  }

  const std::string evidence = internal::CorrectionEvidence(user);
  if (name == "procedure") {
    SOHOA_ASSIGN_OR_RETURN(Stmt proc,
                           db.Prepare("SELECT name, field FROM procedures WHERE code = ?1"));
    proc.Bind(1, value);
    SOHOA_ASSIGN_OR_RETURN(bool known, proc.Step());
    if (!known) return internal::UnknownProcedure(value);
    SOHOA_ASSIGN_OR_RETURN(
        Stmt update,
        db.Prepare("UPDATE dossiers SET procedure_code = ?2, procedure_name = ?3, field = ?4, "
                   "procedure_confidence = 1, procedure_evidence = ?5, "
                   "updated_at = " SOHOA_SQL_NOW " WHERE id = ?1"));
    update.Bind(1, id).Bind(2, value).Bind(3, proc.Text(0)).Bind(4, proc.Text(1)).Bind(5, evidence);
    SOHOA_RETURN_IF_ERROR(update.Run());
  } else if (name == "applicant_name" || name == "received_date") {
    std::string stored = value;
    if (name == "received_date") {
      SOHOA_ASSIGN_OR_RETURN(stored, internal::CorrectedReceivedDate(value));
    }
    SOHOA_ASSIGN_OR_RETURN(
        Stmt update,
        db.Prepare(name == "applicant_name"
                       ? "UPDATE dossiers SET applicant = ?2, updated_at = " SOHOA_SQL_NOW
                         " WHERE id = ?1"
                       : "UPDATE dossiers SET received_date = ?2, updated_at = " SOHOA_SQL_NOW
                         " WHERE id = ?1"));
    update.Bind(1, id).Bind(2, stored);
    SOHOA_RETURN_IF_ERROR(update.Run());
  }

  SOHOA_ASSIGN_OR_RETURN(Stmt drop,
                         db.Prepare("DELETE FROM fields WHERE dossier_id = ?1 AND name = ?2"));
  drop.Bind(1, id).Bind(2, name);
  SOHOA_RETURN_IF_ERROR(drop.Run());
  SOHOA_ASSIGN_OR_RETURN(
      Stmt insert,
      db.Prepare("INSERT INTO fields (dossier_id, name, value, confidence, source, evidence, "
                 "needs_review, changed_by, changed_at) VALUES (?1, ?2, ?3, 1, 'manual', ?4, 0, "
                 "?5, " SOHOA_SQL_NOW ")"));
  insert.Bind(1, id).Bind(2, name).Bind(3, value).Bind(4, evidence).Bind(5, user);
  SOHOA_RETURN_IF_ERROR(insert.Run());

  SOHOA_RETURN_IF_ERROR(internal::ReindexMeta(db, id));

  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, internal::CorrectionEvent(code, name, user, old_value, value)));
  return tx.Commit();
}

Status internal::ForgetClassifierExample(Db& db, const std::string& dossier_code) {
  SOHOA_ASSIGN_OR_RETURN(Stmt old, db.Prepare("SELECT procedure_code, terms FROM classifier_examples "
                                              "WHERE dossier_code = ?1"));
  old.Bind(1, dossier_code);
  SOHOA_ASSIGN_OR_RETURN(bool row, old.Step());
  if (!row) return Status::Ok();
  const std::string procedure = old.Text(0);
  SOHOA_RETURN_IF_ERROR(AddCounts(db, procedure, internal::UnpackTerms(old.Text(1)), -1));
  SOHOA_ASSIGN_OR_RETURN(Stmt forget,
                         db.Prepare("DELETE FROM classifier_examples WHERE dossier_code = ?1"));
  forget.Bind(1, dossier_code);
  return forget.Run();
}

Status SqliteCatalog::StoreClassifierExample(const ClassifierExample& example) {
  if (example.dossier_code.empty() || example.procedure_code.empty()) {
    return InvalidArgument("a training example needs a dossier and a procedure code");
  }
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_RETURN_IF_ERROR(internal::ForgetClassifierExample(db, example.dossier_code));
  std::int64_t total = 0;
  for (const auto& term : example.terms) total += term.second;
  SOHOA_ASSIGN_OR_RETURN(
      Stmt upsert,
      db.Prepare("INSERT OR REPLACE INTO classifier_examples (dossier_code, procedure_code, terms, "
                 "term_total, source, trained_at) VALUES (?1, ?2, ?3, ?4, ?5, " SOHOA_SQL_NOW ")"));
  upsert.Bind(1, example.dossier_code)
      .Bind(2, example.procedure_code)
      .Bind(3, internal::PackTerms(example.terms))
      .Bind(4, total)
      .Bind(5, example.source);
  SOHOA_RETURN_IF_ERROR(upsert.Run());
  SOHOA_RETURN_IF_ERROR(AddCounts(db, example.procedure_code, example.terms, +1));
  return tx.Commit();
}

Result<ClassifierCounts> SqliteCatalog::LoadClassifierCounts() {
  ClassifierCounts out;
  SOHOA_ASSIGN_OR_RETURN(
      Stmt examples,
      db_.Prepare("SELECT procedure_code, count(*), sum(term_total) FROM classifier_examples "
                        "GROUP BY procedure_code"));
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, examples.Step());
    if (!row) break;
    auto& p = out.procedures[examples.Text(0)];
    p.examples = examples.Int(1);
    p.terms = examples.Int(2);
  }
  SOHOA_ASSIGN_OR_RETURN(
      Stmt terms, db_.Prepare("SELECT procedure_code, term, count FROM classifier_terms"));
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, terms.Step());
    if (!row) break;
    auto it = out.procedures.find(terms.Text(0));
    if (it == out.procedures.end()) continue;
    it->second.counts[terms.Text(1)] = terms.Int(2);
  }
  return out;
}

}  // namespace sohoa::archive
