// PgDossierStore::Report: the digitization rate (QĐ 766/QĐ-TTg, indicator
// 4.2) over the dossiers the home knows, as archive/sqlite/report.cc counts
// it. The counts the triggers keep (documents.page_count, dossiers'
// paged_documents and paged_results) stand for walking every page.
#include "archive/internal/digitization_report.h"
#include "archive/postgres/store.h"
#include "archive/postgres/store_rows.h"

namespace sohoa::archive::postgres {

Result<DigitizationReport> PgDossierStore::Report() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  DigitizationReport report;
  std::vector<Param> params;
  const std::string in_scope = ScopeCondition(context_.scope, "d.agency_path", params);
  {
    SOHOA_ASSIGN_OR_RETURN(
        Rows counts,
        db->Query(in_scope.empty()
                      ? "SELECT count(*), coalesce(sum(page_count), 0) FROM documents"
                      : "SELECT count(*), coalesce(sum(doc.page_count), 0) FROM documents doc "
                        "JOIN dossiers d ON d.id = doc.dossier_id WHERE true" + in_scope,
                  params));
    report.documents = counts.Int(0, 0);
    report.pages = counts.Int(0, 1);
  }

  // A dossier counts as digitized when at least one of its documents has
  // pages and, if its procedure issues a paper result, a document of kind
  // "result" has pages too. A procedure missing from the catalog is taken
  // not to require a result: sohoa cannot know better.
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows,
      db->Query(std::string("SELECT d.procedure_code, "
                            "coalesce(max(pr.name" ) + kByBytes + "), max(d.procedure_name" + kByBytes + "), ''), "
                "coalesce(max(pr.field" + kByBytes + "), max(d.field" + kByBytes + "), ''), count(*), "
                "count(*) FILTER (WHERE d.paged_documents > 0 AND "
                "(NOT coalesce(pr.requires_paper_result, false) OR d.paged_results > 0)) "
                "FROM dossiers d LEFT JOIN procedures pr ON pr.code = d.procedure_code AND d.procedure_code <> '' "
                "WHERE true" + in_scope + " GROUP BY d.procedure_code "
                "ORDER BY d.procedure_code = '', d.procedure_code" + kByBytes,
                params));
  for (int i = 0; i < rows.size(); ++i) {
    DigitizationReport::ByProcedure line;
    line.procedure_code = rows.Text(i, 0);
    line.procedure_name = rows.Text(i, 1);
    line.field = rows.Text(i, 2);
    line.digitization.denominator = rows.Int(i, 3);
    line.digitization.numerator = rows.Int(i, 4);
    internal::AddReportLine(report, std::move(line));
  }
  return report;
}

}  // namespace sohoa::archive::postgres
