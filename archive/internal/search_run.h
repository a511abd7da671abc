// Catalog::Search and Catalog::SearchDossiers whatever the backend: the
// order of the hits, paging, snippets and the count of dossiers, over what a
// backend reads from its index and tables (SearchSource).
//
// A query with words finds pages. Hits come in tiers, best first:
//   5  the query is a dossier code alone, and that dossier exists
//   4  the query is a 12-digit number alone (citizen ID) equal to a field value
//   3  a page holding the words together, with the diacritics as typed
//   2  a page holding the words together once folded (case, tone marks, đ)
//   1  a page holding the words apart, with the diacritics as typed
//   0  a page holding the words apart, folded
// (tiers 3 and 2 for queries of several terms, 3 and 1 for queries typed
// with marks; QueryMatch::Tiers). A page is shown once, at its best tier.
// Within a tier bm25 (search_bm25.h) orders pages; score = tier + r / (1 + r),
// r >= 0, so a better tier always has a higher score. Each tier's matches
// are taken newest first in windows of kRankedPerTier pages, each window
// ranked on its own: ranking every page of a common word would cost time in
// proportion to the archive, while the first page of hits needs only the
// newest window. Any offset still reaches every match, in one stable order.
// Only the hits shown read their page's text.
// A query of filters alone lists dossiers (document 0, page 0), newest first.
// Internal to archive/: the SQLite and PostgreSQL catalogs' search.cc.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "archive/catalog.h"
#include "archive/internal/search_match.h"
#include "archive/query.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

// The newest matching pages a tier ranks at a time (see above). A tier of
// several common words apart ("ho ngoc kim trinh") finds its pages by
// walking the rarest word's postings; at 1,000,000 pages, 1,000 of them took
// 15 ms of CPU, 200 took 4 (tools/bench/search_bench).
inline constexpr int kRankedPerTier = 200;

struct RankedPage {
  std::int64_t page_id = 0;
  double relevance = 0;  // bm25, >= 0
};

// A dossier as a hit shows it.
struct DossierFacts {
  std::string code, procedure_code, procedure_name, applicant, received_date;
};

// A page as a hit shows it.
struct PageFacts {
  DossierFacts dossier;
  int document = 0, page = 0;
  std::string text, title;  // the page's text, its document's title
};

// What one search reads from a backend, for one parsed query under the
// catalog's scope (both fixed when the source is made). Filters are the
// query's; the scope limits every read.
class SearchSource {
 public:
  virtual ~SearchSource() = default;
  // The dossier with this code, if there is one in scope.
  virtual Result<std::optional<DossierFacts>> DossierByCode(const std::string& code) = 0;
  // The dossiers in scope with a field of value `value`, by id, each with
  // the first (by name) field holding it.
  virtual Result<std::vector<std::pair<DossierFacts, std::string>>> DossiersWithValue(
      const std::string& value) = 0;
  // The newest `limit` pages (highest page id first) matching `tier` and
  // the filters, each with its relevance.
  virtual Result<std::vector<RankedPage>> TierPages(const QueryMatch::Tier& tier, int limit) = 0;
  virtual Result<PageFacts> Page(std::int64_t page_id) = 0;
  virtual Result<std::string> DossierOfPage(std::int64_t page_id) = 0;
  // For a query without words to find: the dossiers matching its filters
  // and holding none of its excluded words, newest received first.
  virtual Result<std::vector<DossierFacts>> ListDossiers(int limit, int offset) = 0;
  // How many pages matching the query (QueryMatch::Pages and the filters)
  // each of `codes` holds; a code holding none may be left out.
  virtual Result<std::map<std::string, int>> CountPages(const std::vector<std::string>& codes) = 0;
  // The dossiers matching: those holding a matching page, or for a query
  // without words to find those ListDossiers lists. Counting may stop past
  // DossierSearch::kExactTotalUpTo.
  virtual Result<std::int64_t> CountDossiers() = 0;
};

// `query` stripped of the spaces around it, as hits quote it.
std::string TrimQuery(std::string_view query);

// Search and SearchDossiers, `query` parsed from `raw` (trimmed) and not
// empty, `limit` >= 1 and `offset` >= 0 already checked.
Result<std::vector<SearchHit>> RunSearch(SearchSource& source, const std::string& raw, const Query& query,
                                         int limit, int offset);
Result<DossierSearch> RunSearchDossiers(SearchSource& source, const std::string& raw, const Query& query,
                                        int limit, int offset);

// Checks Search's and SearchDossiers' limit and offset.
Status CheckPaging(int limit, int offset);

}  // namespace sohoa::archive::internal
