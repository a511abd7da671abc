#pragma once

#include "archive/postgres/catalog.h"

namespace sohoa::archive::postgres {

// (Re)writes the search rows of every page of dossier `dossier_id` (its
// pages' text, and the dossier's words: applicant, procedure, field values,
// document titles, code, filters), inside the caller's transaction. Called by
// the dossier store after it writes a dossier and by review after a
// correction.
Status IndexDossier(Connection& db, std::int64_t dossier_id);

class PgSearchIndex final : public SearchIndex {
 public:
  explicit PgSearchIndex(PgContext& context) : context_(context) {}
  Result<std::vector<SearchHit>> Search(const std::string& query, int limit, int offset) override;
  Result<int> CompactSearchIndex(int max_steps, const std::function<void(int)>& progress) override;
  Result<DossierSearch> SearchDossiers(const std::string& query, int limit, int offset) override;
  Result<std::vector<std::string>> MatchingDossiers(const std::string& query) override;

 private:
  PgContext& context_;
};

}  // namespace sohoa::archive::postgres
