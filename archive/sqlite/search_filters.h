// Search filters (code:, procedure:, field:, agency:, cccd:, name:, kind:,
// received:, archive/query.h) as SQL conditions over dossiers `d` and, for
// page hits, search_pages `sp`. Values are bound, never spliced into the SQL.
// Internal to the SQLite catalog: archive/sqlite/search.cc.
#pragma once

#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/sqlite/sqlite_db.h"
#include "archive/query.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

// The conditions of a query's filters with their values, and of the
// catalog's scope. Filters given more than once take either value; excluded
// ones must all fail; the scope holds whatever the filters say.
struct FilterSql {
  std::string where;                // "" or " AND ..." clauses
  std::vector<std::string> values;  // bound in order, from the first parameter given
  // The filters that facets express (search_facets.h), as an FTS5
  // expression to AND with a page query's MATCH: a narrowing that lets FTS5
  // skip, while `where` still decides. "" when no filter has facets.
  std::string facets;
};

// `page_hits`: conditions for a page query (kind: on the page's document,
// name: left to the MATCH) rather than a dossier listing. Parameters are
// numbered from ?first_param. procedure: and field: words are resolved to the
// codes and fields they name by reading the catalog.
Result<FilterSql> BuildFilters(Db& db, const Query& query, const Scope& scope, bool page_hits,
                               int first_param);

// Binds `values` to ?first, ?first+1, ...
void BindAll(Stmt& stmt, int first, const std::vector<std::string>& values);

// A GLOB matching the agency codes `agency` includes (schema/agency.h).
std::string AgencyGlob(const std::string& agency);

}  // namespace sohoa::archive::internal
