// Search on the PostgreSQL catalog: the index (search_pages,
// schema/migrations_postgres/0003_search.sql) and the SearchIndex concern.
// The order of hits, paging and snippets are archive/internal/search_run.h's,
// as for SQLite; the words of a query are archive/internal/search_match.h's
// expressions read into tsqueries (search_tsquery.h), ranked by bm25 as
// SQLite ranks them (search_rank.h).
#pragma once

#include "archive/postgres/catalog.h"
#include "archive/postgres/search_rank.h"

namespace sohoa::archive::postgres {

// (Re)writes the search rows of every page of dossier `dossier_id` (its
// pages' text, and the dossier's words: applicant, procedure, field values,
// document titles, code, filters), inside the caller's transaction. Called by
// the dossier store after it writes a dossier and by review after a
// correction. Rows whose words did not change are left as they are.
Status IndexDossier(Connection& db, std::int64_t dossier_id);
// The same for several dossiers, in a few statements whatever their number.
Status IndexDossiers(Connection& db, const std::vector<std::int64_t>& dossier_ids);

// A tsquery (for `search_pages.words @@ $n::tsquery`) of the pages holding
// `word` in their text, metadata or code, cut and folded as search cuts it
// (a citizen ID, 056189004512): for reads of other concerns that look a
// word up in the index, such as DocumentsOfCitizen. "" when `word` holds
// no word.
std::string WordQuery(const std::string& word);

class PgSearchIndex final : public SearchIndex {
 public:
  explicit PgSearchIndex(PgContext& context) : context_(context) {}
  Result<std::vector<SearchHit>> Search(const std::string& query, int limit, int offset) override;
  // PostgreSQL has no segments to merge: the GIN indexes' pending lists
  // (fastupdate) are the nearest thing, each partition's cleaned in one
  // step, then the index's planner statistics are refreshed.
  Result<int> CompactSearchIndex(int max_steps, const std::function<void(int)>& progress) override;
  Result<DossierSearch> SearchDossiers(const std::string& query, int limit, int offset) override;
  Result<std::vector<std::string>> MatchingDossiers(const std::string& query) override;

 private:
  PgContext& context_;
  Bm25Counts counts_;  // kept between searches until the index changes
};

}  // namespace sohoa::archive::postgres
