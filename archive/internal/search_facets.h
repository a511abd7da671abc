// Facets: what search filters test, written into the full-text index as
// words of its `facets` column, so that a query's words and its filters meet
// inside FTS5, which skips through the rarest of them, instead of FTS5
// handing every page holding a common word to SQL to be filtered one by one
// (a given name with a one-month agency filter read 50,000 pages at 1M:
// tools/bench/search_bench). Every facet is a single ASCII word with a
// one-letter kind in front:
//   a<agency>     the receiving agency and each agency above it (agency:)
//   p<procedure>  the procedure code, and its national code for a local
//                 variant (procedure:)
//   f<field>      the field, folded (field:)
//   k<kind>       the page's document kind (kind:)
//   m<yyyymm>, y<yyyy>  the month and year received (received:)
//   c<agency><yyyymm>   an agency with a month: the usual pair of filters
//                 (a district's dossiers of one month) as one posting list,
//                 72 times rarer than the month's at 1M pages, where each
//                 of the two alone is on a tenth of the archive
// A facet match is only ever a narrowing: the SQL of search_filters.cc still
// decides, so a filter that facets cannot express is simply left to SQL.
// Internal to archive/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/catalog.h"
#include "archive/query.h"

namespace sohoa::archive::internal {

// What a page's facets are made of: its dossier's row and its document's kind.
struct FacetSource {
  std::string dossier_code;
  std::string agency_code;    // "" when unknown: the code's agency counts
  std::string received_date;  // ISO, or ""
  std::string procedure_code;
  std::string field;
  std::string kind;
};

// The facet words of a page, space-separated.
std::string FacetWords(const FacetSource& source);

// The facet of each filter value, as FacetWords writes it.
std::string AgencyFacet(std::string_view agency);
std::string ProcedureFacet(std::string_view procedure_code);
std::string FieldFacet(std::string_view field);
std::string KindFacet(std::string_view kind);

// The facet of an agency with a month, from their own facets
// (AgencyFacet, and a month of ReceivedFacets or FacetWords).
std::string AgencyMonthFacet(std::string_view agency_facet, std::string_view month_facet);

// The month (or, for long spans, year) facets covering received dates
// from..until (ISO, inclusive); nullopt when a bound is open or the span
// needs more than a few dozen facets.
std::optional<std::vector<std::string>> ReceivedFacets(std::string_view from,
                                                       std::string_view until);

// The facets a page query narrows by, from its filters and the scope, as a
// match expression (search_match.h) to AND with its words: `(facets : "x"
// OR facets : "y") AND (...)`.
class FacetNarrowing {
 public:
  // A filter whose values' pages each have one of `some`; nullopt when a
  // value has no facet that expresses it, which leaves the filter's kind to
  // SQL alone. Excluded filters narrow nothing.
  void Add(const QueryFilter& filter, std::optional<std::vector<std::string>> some);
  // "" when no filter narrows and the scope does not either.
  std::string Expression(const Scope& scope) const;

 private:
  // kind → the facets any of its values may have; nullopt once one value
  // has none that express it.
  std::map<FilterKind, std::optional<std::vector<std::string>>> facets_;
};

// The scope as a facet expression, so a search in one district skips the
// others' pages inside the index; "" when the scope is unrestricted or
// covers a whole province (a province's facet narrows nothing in its own
// home). An empty scope is a facet no page has.
std::string ScopeFacets(const Scope& scope);

}  // namespace sohoa::archive::internal
