#include "archive/sqlite/scope_sql.h"

#include <sqlite3.h>

#include <algorithm>

#include "archive/internal/search_facets.h"
#include "schema/agency.h"

namespace sohoa {
namespace archive {

namespace internal {
namespace {

std::string_view TextArg(sqlite3_value* value) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  if (text == nullptr) return {};
  return std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(value)));
}

void InScope(sqlite3_context* context, int argc, sqlite3_value** argv) {
  const auto* scope = static_cast<const Scope*>(sqlite3_user_data(context));
  if (argc != 2) {
    sqlite3_result_error(context, "sohoa_in_scope takes an agency code and a dossier code", -1);
    return;
  }
  sqlite3_result_int(context, scope->Covers(ReceivingAgency(TextArg(argv[0]), TextArg(argv[1]))));
}

}  // namespace

Status RegisterScopeFunction(Db& db, const Scope* scope) {
  if (sqlite3_create_function_v2(db.handle(), "sohoa_in_scope", 2, SQLITE_UTF8,
                                 const_cast<Scope*>(scope), InScope, nullptr, nullptr,
                                 nullptr) != SQLITE_OK) {
    return Internal("could not register the scope function");
  }
  return Status::Ok();
}

std::string ReceivingAgency(std::string_view agency_code, std::string_view dossier_code) {
  if (!agency_code.empty()) return std::string(agency_code);
  return std::string(dossier_code.substr(0, 13));
}

std::string ScopeCondition(const Scope& scope, std::string_view agency, std::string_view code) {
  if (scope.unrestricted()) return "";
  return " AND sohoa_in_scope(" + std::string(agency) + ", " + std::string(code) + ")";
}

}  // namespace internal
}  // namespace archive
}  // namespace sohoa
