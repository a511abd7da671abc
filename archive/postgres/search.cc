#include "archive/postgres/search.h"

namespace sohoa::archive::postgres {
namespace {

Status NotYet(const char* what) {
  return Unsupported(std::string(what) + " is not yet on the PostgreSQL catalog");
}

}  // namespace

Status IndexDossier(Connection& /*db*/, std::int64_t /*dossier_id*/) { return Status::Ok(); }

Result<std::vector<SearchHit>> PgSearchIndex::Search(const std::string& /*query*/, int /*limit*/, int /*offset*/) {
  return NotYet("Search");
}

Result<int> PgSearchIndex::CompactSearchIndex(int /*max_steps*/, const std::function<void(int)>& /*progress*/) {
  return NotYet("CompactSearchIndex");
}

Result<DossierSearch> PgSearchIndex::SearchDossiers(const std::string& /*query*/, int /*limit*/, int /*offset*/) {
  return NotYet("SearchDossiers");
}

Result<std::vector<std::string>> PgSearchIndex::MatchingDossiers(const std::string& /*query*/) {
  return NotYet("MatchingDossiers");
}

}  // namespace sohoa::archive::postgres
