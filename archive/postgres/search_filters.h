// Search filters (code:, procedure:, field:, agency:, cccd:, name:, kind:,
// received:, archive/query.h) and the catalog's scope as SQL over dossiers
// `d` and, for page hits, search_pages `s`, their values bound as
// parameters, never spliced into the SQL; with the facets that narrow a
// page query inside the GIN index (archive/internal/search_facets.h) and
// the provinces (partitions) it needs to read. Internal to
// archive/postgres/: search.cc.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/postgres/pg_db.h"
#include "archive/query.h"
#include "schema/status.h"

namespace sohoa::archive::postgres {

struct PgFilters {
  // "" or " AND ..." clauses; filters given more than once take either
  // value, excluded ones must all fail, the scope holds whatever they say.
  std::string where;
  // A tsquery of facets to AND with a page query's words; "" for none.
  std::string facets;
};

// `page_hits`: conditions for a page query (kind: on the page's document,
// name: left to its words, the partitions of its provinces) rather than a
// dossier listing. Values are appended to `params`, which `where` numbers
// them by. procedure: and field: words are resolved to the codes and fields
// they name by reading the catalog.
Result<PgFilters> BuildPgFilters(Connection& db, const Query& query, const Scope& scope, bool page_hits,
                                 std::vector<Param>& params);

// $n for `value` appended to `params`.
std::string Bind(std::vector<Param>& params, std::string value);

}  // namespace sohoa::archive::postgres
