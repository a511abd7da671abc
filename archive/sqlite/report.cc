// Catalog::Report: the digitization rate (QĐ 766/QĐ-TTg, indicator 4.2) over
// the dossiers the home knows. Until the one-stop register is imported, the
// denominator is the dossiers in the catalog, not the dossiers received.
#include "archive/catalog.h"
#include "archive/internal/digitization_report.h"
#include "archive/sqlite/catalog.h"
#include "archive/sqlite/scope_sql.h"

namespace sohoa::archive {

Result<DigitizationReport> SqliteCatalog::Report() {
  internal::Db& db = db_;
  DigitizationReport report;
  const std::string in_scope = internal::ScopeCondition(scope_, "d.agency_code", "d.code");
  if (in_scope.empty()) {
    SOHOA_ASSIGN_OR_RETURN(report.documents, db.QueryInt("SELECT count(*) FROM documents"));
    SOHOA_ASSIGN_OR_RETURN(report.pages, db.QueryInt("SELECT count(*) FROM pages"));
  } else {
    SOHOA_ASSIGN_OR_RETURN(report.documents,
                           db.QueryInt("SELECT count(*) FROM documents doc JOIN dossiers d ON "
                                       "d.id = doc.dossier_id WHERE 1" + in_scope));
    SOHOA_ASSIGN_OR_RETURN(report.pages,
                           db.QueryInt("SELECT count(*) FROM pages p JOIN documents doc ON "
                                       "doc.id = p.document_id JOIN dossiers d ON "
                                       "d.id = doc.dossier_id WHERE 1" + in_scope));
  }

  // A dossier counts as digitized when at least one of its documents has
  // pages and, if its procedure issues a paper result, a document of kind
  // "result" has pages too. A procedure missing from the catalog is taken
  // not to require a result: sohoa cannot know better.
  SOHOA_ASSIGN_OR_RETURN(
      internal::Stmt select,
      db.Prepare(
          "WITH per_dossier AS ("
          "  SELECT d.procedure_code, d.procedure_name, d.field,"
          "         coalesce(pr.requires_paper_result, 0) AS needs_result,"
          "         EXISTS (SELECT 1 FROM documents doc JOIN pages p ON p.document_id = doc.id"
          "                 WHERE doc.dossier_id = d.id) AS has_pages,"
          "         EXISTS (SELECT 1 FROM documents doc JOIN pages p ON p.document_id = doc.id"
          "                 WHERE doc.dossier_id = d.id AND doc.kind = 'result') AS has_result,"
          "         pr.name AS catalog_name, pr.field AS catalog_field"
          "  FROM dossiers d LEFT JOIN procedures pr ON pr.code = d.procedure_code AND "
          "d.procedure_code <> '' WHERE 1" + in_scope + ")"
          "SELECT procedure_code,"
          "       coalesce(max(catalog_name), max(procedure_name), ''),"
          "       coalesce(max(catalog_field), max(field), ''),"
          "       count(*),"
          "       sum(has_pages AND (NOT needs_result OR has_result))"
          "  FROM per_dossier GROUP BY procedure_code ORDER BY procedure_code = '', "
          "procedure_code"));
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    DigitizationReport::ByProcedure line;
    line.procedure_code = select.Text(0);
    line.procedure_name = select.Text(1);
    line.field = select.Text(2);
    line.digitization.denominator = select.Int(3);
    line.digitization.numerator = select.Int(4);
    internal::AddReportLine(report, std::move(line));
  }
  return report;
}

}  // namespace sohoa::archive
