// A dossier or page named in a request's path, as the user's scope shows it.
#pragma once

#include <optional>
#include <string>

#include "schema/dossier.h"
#include "tools/server/internal/api.h"

namespace sohoa::server {

// The dossier `code` if the scope shows it; otherwise nullopt, having
// answered 404 (the same for an unknown code and one out of scope) and
// logged the denial.
std::optional<DossierRecord> ScopedDossier(ApiRequest& r, const std::string& code);

struct ScopedPageRef {
  std::string dossier_code;
  std::string where;  // "document 1 page 2"
  PageRecord page;
};

// The page of the path /api/dossiers/{code}/documents/{n}/pages/{p}; as
// ScopedDossier for what is not there.
std::optional<ScopedPageRef> ScopedPage(ApiRequest& r);

}  // namespace sohoa::server
