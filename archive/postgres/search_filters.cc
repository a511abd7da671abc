#include "archive/postgres/search_filters.h"

#include <algorithm>
#include <map>
#include <set>

#include "archive/internal/search_facets.h"
#include "archive/internal/search_match.h"
#include "archive/internal/search_text.h"
#include "archive/postgres/catalog.h"
#include "archive/postgres/search_tsquery.h"
#include "schema/agency.h"
#include "schema/text.h"

namespace sohoa::archive::postgres {
namespace {

// The distinct non-empty values of an indexed dossiers column, found by
// skipping through its index (a few lookups per value, not a scan), each
// with the first value of `with` beside it.
Result<Rows> DistinctValues(Connection& db, const std::string& column, const std::string& with) {
  return db.Query("WITH RECURSIVE v(x) AS (SELECT min(" + column + ") FROM dossiers WHERE " + column +
                  " > '' UNION ALL SELECT (SELECT min(" + column + ") FROM dossiers WHERE " + column +
                  " > v.x) FROM v WHERE v.x IS NOT NULL) SELECT x, (SELECT " + with + " FROM dossiers WHERE " +
                  column + " = v.x LIMIT 1) FROM v WHERE x IS NOT NULL");
}

// procedure:"khai sinh" → the codes of procedures whose name (in the
// catalog, or as a dossier recorded it) holds every word.
Result<std::vector<std::string>> ProceduresNamed(Connection& db, const std::string& words) {
  std::map<std::string, std::vector<std::string>> names;  // code → names
  SOHOA_ASSIGN_OR_RETURN(Rows catalog, db.Query("SELECT code, name FROM procedures"));
  for (int i = 0; i < catalog.size(); ++i) names[catalog.Text(i, 0)].push_back(catalog.Text(i, 1));
  SOHOA_ASSIGN_OR_RETURN(Rows used, DistinctValues(db, "procedure_code", "procedure_name"));
  for (int i = 0; i < used.size(); ++i) names[used.Text(i, 0)].push_back(used.Text(i, 1));
  std::vector<std::string> codes;
  for (const auto& [code, list] : names) {
    if (std::any_of(list.begin(), list.end(),
                    [&words](const std::string& name) { return internal::HoldsFoldedWords(name, words); })) {
      codes.push_back(code);
    }
  }
  return codes;
}

// field:"hộ tịch" → the fields (as dossiers and the catalog spell them)
// holding every word.
Result<std::vector<std::string>> FieldsNamed(Connection& db, const std::string& words) {
  SOHOA_ASSIGN_OR_RETURN(Rows used, DistinctValues(db, "field", "field"));
  SOHOA_ASSIGN_OR_RETURN(Rows catalog, db.Query("SELECT DISTINCT field FROM procedures"));
  std::set<std::string> out;
  for (const Rows* rows : {&used, &catalog}) {
    for (int i = 0; i < rows->size(); ++i) {
      const std::string field = rows->Text(i, 0);
      if (!field.empty() && internal::HoldsFoldedWords(field, words)) out.insert(field);
    }
  }
  return std::vector<std::string>(out.begin(), out.end());
}

// The dossiers `ids` (a SELECT of dossier ids) lists, as a condition on
// `d`, or those it does not with `negated`. The list is read once and its
// dossiers looked up by id: as `d.id IN (...)` the planner walked every
// dossier newest first to test each (a citizen ID's listing read 79,000
// dossiers at 300,000 pages).
std::string HoldersOf(const std::string& ids, bool negated) {
  return negated ? "d.id NOT IN (" + ids + ")" : "d.id = ANY(ARRAY(" + ids + "))";
}

std::string ProvinceOf(const std::string& agency) { return "000.00.00." + agency.substr(10); }

// The tsquery of one phrase of words over `columns` (search_match.h's
// MatchPhrase, read by search_tsquery.h).
Result<std::string> PhraseQuery(const std::vector<std::string>& words, std::string_view columns) {
  SOHOA_ASSIGN_OR_RETURN(TsMatch match, ToTsQuery(internal::MatchPhrase(words, false, columns)));
  return match.tsquery;
}

}  // namespace

std::string Bind(std::vector<Param>& params, std::string value) {
  params.emplace_back(std::move(value));
  return "$" + std::to_string(params.size());
}

Result<PgFilters> BuildPgFilters(Connection& db, const Query& query, const Scope& scope, bool page_hits,
                                 std::vector<Param>& params) {
  PgFilters out;
  std::map<FilterKind, std::vector<std::string>> either;  // kind → OR'ed conditions
  std::vector<std::string> all;                           // ANDed conditions
  internal::FacetNarrowing facets;
  std::optional<std::set<std::string>> agency_provinces;  // of the agency: filters, when any
  for (const QueryFilter& f : query.filters) {
    std::string cond;
    switch (f.kind) {
      case FilterKind::kCode:
        cond = "starts_with(d.code, " + Bind(params, f.value) + ")";
        break;
      case FilterKind::kProcedure:
        if (IsProcedureCode(f.value)) {
          // A national code also finds its local variants (1.001193.000.00.00.H32).
          cond = "(d.procedure_code = " + Bind(params, f.value) + " OR starts_with(d.procedure_code, " +
                 Bind(params, f.value + ".") + "))";
          facets.Add(f, std::vector<std::string>{internal::ProcedureFacet(f.value)});
        } else {
          SOHOA_ASSIGN_OR_RETURN(std::vector<std::string> codes, ProceduresNamed(db, f.value));
          cond = "d.procedure_code = ANY(" + Bind(params, TextArray(codes)) + "::text[])";
          std::vector<std::string> some;
          for (const std::string& code : codes) some.push_back(internal::ProcedureFacet(code));
          facets.Add(f, std::move(some));
        }
        break;
      case FilterKind::kField: {
        SOHOA_ASSIGN_OR_RETURN(std::vector<std::string> fields, FieldsNamed(db, f.value));
        cond = "d.field = ANY(" + Bind(params, TextArray(fields)) + "::text[])";
        std::vector<std::string> some;
        for (const std::string& field : fields) some.push_back(internal::FieldFacet(field));
        facets.Add(f, std::move(some));
        break;
      }
      case FilterKind::kAgency:
        // agency_path: the receiving agency (the code's when unknown) and each above it.
        cond = "d.agency_path @> " + Bind(params, TextArray({f.value})) + "::text[]";
        facets.Add(f, std::vector<std::string>{internal::AgencyFacet(f.value)});
        if (!f.negated) {
          if (!agency_provinces) agency_provinces.emplace();
          agency_provinces->insert(ProvinceOf(f.value));
        }
        break;
      case FilterKind::kCitizenId: {
        SOHOA_ASSIGN_OR_RETURN(std::string words, PhraseQuery({f.value}, "text meta code"));
        cond = HoldersOf("SELECT dossier_id FROM fields WHERE value = " + Bind(params, f.value) +
                             " UNION SELECT c.dossier_id FROM search_pages c WHERE c.words @@ " + Bind(params, words) +
                             "::tsquery",
                         f.negated);
        break;
      }
      case FilterKind::kName: {
        // Part of the words for page hits, a subquery for listings; an
        // excluded name is among BuildMatch's excluded phrases either way.
        if (page_hits || f.negated) continue;
        SOHOA_ASSIGN_OR_RETURN(std::string words, PhraseQuery(internal::SplitWordsInOrder(f.value), "meta"));
        cond = HoldersOf("SELECT n.dossier_id FROM search_pages n WHERE n.words @@ " + Bind(params, words) +
                             "::tsquery",
                         false);
        break;
      }
      case FilterKind::kKind:
        cond = page_hits ? "s.kind = " + Bind(params, f.value)
                         : "EXISTS (SELECT 1 FROM documents k WHERE k.dossier_id = d.id AND k.kind = " +
                               Bind(params, f.value) + ")";
        facets.Add(f, std::vector<std::string>{internal::KindFacet(f.value)});
        break;
      case FilterKind::kReceived:
        facets.Add(f, internal::ReceivedFacets(f.value, f.until));
        cond = "d.received_date <> ''";
        if (!f.value.empty()) cond += " AND d.received_date >= " + Bind(params, f.value);
        if (!f.until.empty()) cond += " AND d.received_date <= " + Bind(params, f.until);
        cond = "(" + cond + ")";
        break;
    }
    if (f.negated) {
      all.push_back(f.kind == FilterKind::kCitizenId ? cond : "NOT " + cond);
    } else {
      either[f.kind].push_back(cond);
    }
  }
  for (const auto& [kind, conds] : either) {
    std::string any;
    for (const std::string& c : conds) any += (any.empty() ? "" : " OR ") + c;
    all.push_back(conds.size() == 1 ? any : "(" + any + ")");
  }
  for (const std::string& c : all) out.where += " AND " + c;
  // The scope is not a filter: two agency: filters widen each other, while
  // nothing a query says widens the scope.
  out.where += ScopeCondition(scope, "d.agency_path", params);
  if (page_hits) {
    // The partitions to read: the provinces of the scope and of the agency:
    // filters. (Their SQL above still decides.)
    std::optional<std::set<std::string>> provinces = agency_provinces;
    if (!scope.unrestricted()) {
      std::set<std::string> in_scope;
      for (const std::string& agency : *scope.agencies) {
        if (IsAgencyCode(agency)) in_scope.insert(ProvinceOf(agency));
      }
      if (provinces) {
        std::set<std::string> both;
        std::set_intersection(provinces->begin(), provinces->end(), in_scope.begin(), in_scope.end(),
                              std::inserter(both, both.end()));
        in_scope = std::move(both);
      }
      provinces = std::move(in_scope);
    }
    if (provinces) {
      out.where += " AND s.province = ANY(" +
                   Bind(params, TextArray(std::vector<std::string>(provinces->begin(), provinces->end()))) +
                   "::text[])";
    }
    SOHOA_ASSIGN_OR_RETURN(TsMatch narrowing, ToTsQuery(facets.Expression(scope)));
    out.facets = narrowing.tsquery;
  }
  return out;
}

}  // namespace sohoa::archive::postgres
