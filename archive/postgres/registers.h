#pragma once

#include "archive/postgres/catalog.h"

namespace sohoa::archive::postgres {

// Makes rate_rows, the join of the register, the dossiers and reuse that the
// rates count (schema/migrations_postgres/0002), again from those tables. A
// bulk load that turned triggers off (a migration, a benchmark's fill) calls
// it once its rows are in, in its own transaction or the caller's.
Status RebuildRateRows(Connection& db);

// Rows written since rate_counts last took them in ("pending") are summed
// in by each report; from this many on, a report or a register import moves
// them into rate_counts first (sohoa_rates_refresh).
inline constexpr std::int64_t kPendingRowsRefreshed = 20000;

// Moves the pending rows into rate_counts when at least `at_least` are
// pending (1: whenever any is), in a transaction of its own.
Status RefreshRateCounts(Connection& db, std::int64_t at_least);

// How many codes rate_rows counts otherwise than the register, the dossiers
// and reuse say, plus how many sums of rate_counts (with what pending rows
// change) disagree with rate_rows: 0 when the triggers kept up. A catalog
// check; it reads every row.
Result<std::int64_t> RateRowsOutOfStep(Connection& db);

class PgRegisterStore final : public RegisterStore {
 public:
  explicit PgRegisterStore(PgContext& context) : context_(context) {}
  Result<RegisterImportCounts> StoreRegister(const std::vector<RegisterRow>& rows, const std::string& source_file, const std::string& actor) override;
  Result<RatesReport> ComputeRates(const RateQuery& query) override;
  Status RecordReuse(const std::string& dossier_code, const std::string& source, const std::string& source_dossier, int source_number, const std::string& component, const std::string& actor) override;
  Result<std::vector<BacklogRow>> ComputeBacklog() override;

 private:
  PgContext& context_;
};

class PgAgencyDirectory final : public AgencyDirectory {
 public:
  explicit PgAgencyDirectory(PgContext& context) : context_(context) {}
  Result<AgencyImportCounts> StoreAgencyNames(const std::vector<AgencyName>& names, const std::string& source_file, const std::string& actor) override;
  Result<std::vector<AgencyEntry>> ListAgencies() override;

 private:
  PgContext& context_;
};

class PgRetentionStore final : public RetentionStore {
 public:
  explicit PgRetentionStore(PgContext& context) : context_(context) {}
  Status SetRetention(const std::string& procedure_code, const std::string& retention, const std::string& actor) override;
  Result<std::vector<RetentionDue>> DossiersPastRetention(const std::string& as_of) override;
  Result<DeletedRows> DeleteDossierRows(const DeletionRequest& request) override;
  Result<std::vector<DeletionRecord>> Deletions() override;

 private:
  PgContext& context_;
};

class PgUserDirectory final : public UserDirectory {
 public:
  explicit PgUserDirectory(PgContext& context) : context_(context) {}
  Status InsertUser(const User& user, const std::string& password_hash, const std::string& actor) override;
  Result<std::optional<User>> FindUser(std::string_view name) override;
  Result<std::vector<User>> ListUsers() override;
  Status DisableUser(std::string_view name, const std::string& actor) override;
  Status SetPasswordHash(std::string_view name, const std::string& password_hash, const std::string& actor) override;
  Status InsertToken(std::string_view name, const std::string& token_sha256, const std::string& label, const std::string& actor) override;
  Result<std::string> PasswordHashOf(std::string_view name) override;
  Result<std::optional<User>> UserOfToken(const std::string& token_sha256) override;
  Status InsertSession(const std::string& id_sha256, const std::string& user_name, const std::string& csrf, std::time_t expires_at, std::time_t now) override;
  Result<std::optional<std::pair<User, std::string>>> SessionUser(const std::string& id_sha256, std::time_t now) override;
  Status DeleteSession(const std::string& id_sha256) override;

 private:
  PgContext& context_;
};

}  // namespace sohoa::archive::postgres
