#include "archive/postgres/registers.h"

namespace sohoa::archive::postgres {
namespace {

Status NotYet(const char* what) {
  return Unsupported(std::string(what) + " is not yet on the PostgreSQL catalog");
}

}  // namespace

Result<RegisterImportCounts> PgRegisterStore::StoreRegister(const std::vector<RegisterRow>& /*rows*/, const std::string& /*source_file*/, const std::string& /*actor*/) {
  return NotYet("StoreRegister");
}

Result<RatesReport> PgRegisterStore::ComputeRates(const RateQuery& /*query*/) {
  return NotYet("ComputeRates");
}

Status PgRegisterStore::RecordReuse(const std::string& /*dossier_code*/, const std::string& /*source*/, const std::string& /*source_dossier*/, int /*source_number*/, const std::string& /*component*/, const std::string& /*actor*/) {
  return NotYet("RecordReuse");
}

Result<std::vector<BacklogRow>> PgRegisterStore::ComputeBacklog() {
  return NotYet("ComputeBacklog");
}

Result<AgencyImportCounts> PgAgencyDirectory::StoreAgencyNames(const std::vector<AgencyName>& /*names*/, const std::string& /*source_file*/, const std::string& /*actor*/) {
  return NotYet("StoreAgencyNames");
}

Result<std::vector<AgencyEntry>> PgAgencyDirectory::ListAgencies() {
  return NotYet("ListAgencies");
}

Status PgRetentionStore::SetRetention(const std::string& /*procedure_code*/, const std::string& /*retention*/, const std::string& /*actor*/) {
  return NotYet("SetRetention");
}

Result<std::vector<RetentionDue>> PgRetentionStore::DossiersPastRetention(const std::string& /*as_of*/) {
  return NotYet("DossiersPastRetention");
}

Result<DeletedRows> PgRetentionStore::DeleteDossierRows(const DeletionRequest& /*request*/) {
  return NotYet("DeleteDossierRows");
}

Result<std::vector<DeletionRecord>> PgRetentionStore::Deletions() {
  return NotYet("Deletions");
}

Status PgUserDirectory::InsertUser(const User& /*user*/, const std::string& /*password_hash*/, const std::string& /*actor*/) {
  return NotYet("InsertUser");
}

Result<std::optional<User>> PgUserDirectory::FindUser(std::string_view /*name*/) {
  return NotYet("FindUser");
}

Result<std::vector<User>> PgUserDirectory::ListUsers() {
  return NotYet("ListUsers");
}

Status PgUserDirectory::DisableUser(std::string_view /*name*/, const std::string& /*actor*/) {
  return NotYet("DisableUser");
}

Status PgUserDirectory::SetPasswordHash(std::string_view /*name*/, const std::string& /*password_hash*/, const std::string& /*actor*/) {
  return NotYet("SetPasswordHash");
}

Status PgUserDirectory::InsertToken(std::string_view /*name*/, const std::string& /*token_sha256*/, const std::string& /*label*/, const std::string& /*actor*/) {
  return NotYet("InsertToken");
}

Result<std::string> PgUserDirectory::PasswordHashOf(std::string_view /*name*/) {
  return NotYet("PasswordHashOf");
}

Result<std::optional<User>> PgUserDirectory::UserOfToken(const std::string& /*token_sha256*/) {
  return NotYet("UserOfToken");
}

Status PgUserDirectory::InsertSession(const std::string& /*id_sha256*/, const std::string& /*user_name*/, const std::string& /*csrf*/, std::time_t /*expires_at*/, std::time_t /*now*/) {
  return NotYet("InsertSession");
}

Result<std::optional<std::pair<User, std::string>>> PgUserDirectory::SessionUser(const std::string& /*id_sha256*/, std::time_t /*now*/) {
  return NotYet("SessionUser");
}

Status PgUserDirectory::DeleteSession(const std::string& /*id_sha256*/) {
  return NotYet("DeleteSession");
}

}  // namespace sohoa::archive::postgres
