// A Catalog's Scope (archive/catalog.h) in SQL. Every read the scope limits
// adds ScopeCondition to its WHERE: the SQL function sohoa_in_scope asks the
// connection's current scope about a dossier's agency, so a statement's text
// does not depend on the scope and stays in the statement cache. An
// unrestricted scope adds nothing at all: the command line's queries keep
// the plans they had. Internal to archive/.
#pragma once

#include <string>
#include <string_view>

#include "archive/catalog.h"
#include "archive/sqlite/sqlite_db.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

// Registers sohoa_in_scope(agency_code, dossier_code) on `db`, answering
// from `*scope`, which must outlive the connection.
Status RegisterScopeFunction(Db& db, const Scope* scope);

// The agency that received a dossier: its own agency code, or when that is
// unknown, the agency its code names (the code's first 13 characters).
std::string ReceivingAgency(std::string_view agency_code, std::string_view dossier_code);

// " AND sohoa_in_scope(<agency>, <code>)" for a restricted scope, "" for an
// unrestricted one. `agency` and `code` are SQL expressions, such as
// "d.agency_code" and "d.code".
std::string ScopeCondition(const Scope& scope, std::string_view agency, std::string_view code);

// ScopeFacets, the scope as a facet expression, is in archive/internal/search_facets.h.

}  // namespace sohoa::archive::internal
