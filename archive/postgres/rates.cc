// PgRegisterStore::ComputeRates and ComputeBacklog: the portal's rates over
// the one-stop register (docs/domain.md "Rates") and the civil-status book
// backlog, counted by PostgreSQL. What counts is what the SQLite catalog
// counts (archive/sqlite/rates.cc says why):
// - archived: a dossier with the register row's code;
// - electronic result: the register's ket_qua_dien_tu, or a 'result'
//   document with pages;
// - digitized (4.2): archived with a paged document and, for a procedure
//   requiring a paper result, an electronic result;
// - e-result (4.1) over the rows of procedures requiring a paper result;
// - reuse (4.3) and missed reuse: a row with an 'explicit' ('missed') reuse.
// A procedure is looked up by its code, else by its base code (1.011442 for
// 1.011442.000.00.00.H38).
//
// The rows counted are rate_rows (schema/migrations_postgres/0002), the
// register joined to the dossiers and reuse by triggers: a report is one
// scan of it, grouped by small integers (agency, procedure, field, month and
// the row's facts), whose few groups are then summed into cells. What each
// procedure number requires, its field, and whether each agency number is
// in the catalog's scope are arrays indexed by number, made once per
// statement. Only the groups come back; archive/internal/rate_groups.cc
// rolls agencies up and orders the rows as on SQLite.
#include <algorithm>
#include <map>

#include "archive/internal/rate_groups.h"
#include "archive/postgres/registers.h"
#include "schema/date.h"

namespace sohoa::archive::postgres {
namespace {

using internal::RateGroupValues;

// What a procedure number means to the rates (p its catalog entry, pb its
// base code's), and the fields numbered in "C" order.
constexpr std::string_view kProcedureCtes =
    "WITH procs AS MATERIALIZED ("
    "  SELECT k.id, k.code, coalesce(p.requires_paper_result, pb.requires_paper_result, false) AS requires, "
    "         coalesce(p.field, pb.field, '') AS field, coalesce(p.name, pb.name) AS known_name "
    "  FROM rate_procedures k "
    "  LEFT JOIN procedures p ON p.code = k.code "
    "  LEFT JOIN procedures pb ON p.code IS NULL AND length(k.code) > 9 AND substr(k.code, 9, 1) = '.' "
    "    AND pb.code = substr(k.code, 1, 8)), "
    "fields AS MATERIALIZED ("
    "  SELECT field, row_number() OVER (ORDER BY field COLLATE \"C\")::int AS id "
    "  FROM (SELECT DISTINCT field FROM procs) f) ";

// Per procedure number, its requirement and field number, as arrays that a
// row indexes by its number (an uncorrelated subquery: made once).
constexpr std::string_view kRequiresArray =
    "(SELECT array_agg(coalesce(x.requires, false) ORDER BY g) "
    " FROM generate_series(1, (SELECT coalesce(max(id), 0) FROM rate_procedures)) g LEFT JOIN procs x ON x.id = g)";
constexpr std::string_view kFieldArray =
    "(SELECT array_agg(coalesce(f.id, 0) ORDER BY g) "
    " FROM generate_series(1, (SELECT coalesce(max(id), 0) FROM rate_procedures)) g "
    " LEFT JOIN procs x ON x.id = g LEFT JOIN fields f ON f.field = x.field)";

// facts bits of rate_rows.
constexpr int kRegistered = 1, kArchived = 4;
// A counted row's group bits: its facts (archived ones cleared when the
// dossier is out of scope) and 128 when its procedure requires a paper
// result. Conditions on a group's bits `g`:
constexpr std::string_view kArchivedBit = "g & 4 <> 0";
constexpr std::string_view kPagedBit = "g & 8 <> 0";
constexpr std::string_view kElectronic = "g & 18 <> 0";  // e_result or a paged result
constexpr std::string_view kRequires = "g & 128 <> 0";

// The SQL of one report over rate_rows: which rows count, in which group.
class RateSql {
 public:
  // InvalidArgument for a period end that is not YYYY-MM-DD.
  static Result<RateSql> Make(const RateQuery& query, const Scope& scope) {
    RateSql sql;
    if (!scope.unrestricted()) {
      sql.params_.emplace_back(TextArray(*scope.agencies));
      sql.in_scope_ =
          "(SELECT array_agg(coalesce(a.path && $1::text[], false) ORDER BY g) "
          " FROM generate_series(1, (SELECT coalesce(max(id), 0) FROM rate_agencies)) g "
          " LEFT JOIN rate_agencies a ON a.id = g)";
    }
    std::string received_in = "received IS NOT NULL";
    std::string dossier_in = "true";
    if (!query.from.empty() || !query.to.empty()) dossier_in = "d_received <> ''";
    for (const auto& [end, op] : {std::pair{&query.from, ">="}, std::pair{&query.to, "<="}}) {
      if (end->empty()) continue;
      if (!ParseIsoDay(*end)) return InvalidArgument("the date '" + *end + "' is not YYYY-MM-DD");
      std::string day = *end;
      day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
      received_in += " AND received " + std::string(op) + " " + day;
      sql.params_.emplace_back(*end);
      dossier_in += " AND d_received COLLATE \"C\" " + std::string(op) + " $" + std::to_string(sql.params_.size());
    }
    sql.received_in_ = received_in;
    sql.dossier_in_ = dossier_in;
    return sql;
  }

  std::vector<Param>& params() { return params_; }

  // Is the row's register side (its dossier side) in the catalog's scope?
  std::string RegisterInScope() const { return InScope(kRegistered, "scope_agency"); }
  std::string DossierInScope() const { return InScope(kArchived, "d_scope_agency"); }

  // The row's kind: c counted, n undated, o received outside the period,
  // u an archived dossier the register lacks, counted apart, x one outside
  // the period, z none of these (out of scope).
  std::string Kind() const {
    return "CASE WHEN " + RegisterInScope() + " THEN CASE WHEN received IS NULL THEN 'n' WHEN " + received_in_ +
           " THEN 'c' ELSE 'o' END "
           "WHEN " + DossierInScope() + " THEN CASE WHEN " + dossier_in_ + " THEN 'u' ELSE 'x' END ELSE 'z' END";
  }

  // A counted row's group bits (see kArchivedBit).
  std::string Bits() const {
    const std::string kept = in_scope_.empty() ? "facts" : "(facts & CASE WHEN " + DossierInScope() + " THEN 127 ELSE 99 END)";
    return "(" + kept + " | CASE WHEN coalesce(" + std::string(kRequiresArray) + "[procedure], false) THEN 128 ELSE 0 END)";
  }

  // "v0, v1, v2, v3, ": the group values of a row of kind `kind`, by
  // dimension (agency, procedure and field numbers, YYYYMM), NULL in the
  // dimensions not asked for and for rows not counted.
  static std::string Values(const std::vector<int>& dims) {
    std::string out;
    for (int d = 0; d < internal::kRateDimensions; ++d) {
      std::string value = "NULL::int";
      if (std::find(dims.begin(), dims.end(), d) != dims.end()) {
        value = d == 0   ? "agency"
                : d == 1 ? "procedure"
                : d == 2 ? "coalesce(" + std::string(kFieldArray) + "[procedure], 0)"
                         : "received / 100";
        value = "CASE WHEN kind = 'c' THEN " + value + " END";
      }
      out += value + " AS v" + std::to_string(d) + ", ";
    }
    return out;
  }

  // The text of group values v0..v3, as RateGroupValues: joins `procs`
  // and `fields` of kProcedureCtes.
  static constexpr std::string_view kValueText =
      "coalesce(va.code, ''), coalesce(vp.code, ''), coalesce(vf.field, ''), "
      "coalesce(lpad((v3 / 100)::text, 4, '0') || '-' || lpad((v3 % 100)::text, 2, '0'), '') ";
  static constexpr std::string_view kValueJoins =
      "LEFT JOIN rate_agencies va ON va.id = v0 LEFT JOIN procs vp ON vp.id = v1 LEFT JOIN fields vf ON vf.id = v2 ";

  // Rows archived and missing from the register, in scope and period.
  std::string Unregistered() const {
    if (in_scope_.empty()) return "facts & 5 = 4 AND " + dossier_in_;
    return DossierInScope() + " AND NOT " + RegisterInScope() + " AND " + dossier_in_;
  }

 private:
  std::string InScope(int bit, const char* agency) const {
    const std::string has = "facts & " + std::to_string(bit) + " <> 0";
    if (in_scope_.empty()) return "(" + has + ")";
    return "(" + has + " AND coalesce(" + in_scope_ + "[" + agency + "], false))";
  }

  std::vector<Param> params_;
  std::string in_scope_;  // the array of agency numbers in scope; "" unrestricted
  std::string received_in_, dossier_in_;
};

Result<std::unordered_map<std::string, std::string>> AgencyNames(Connection& db) {
  std::unordered_map<std::string, std::string> names;
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db.Query("SELECT code, name FROM agencies"));
  for (int i = 0; i < rows.size(); ++i) names[rows.Text(i, 0)] = rows.Text(i, 1);
  return names;
}

RateGroupValues ReadValues(const Rows& rows, int row, int first_column) {
  RateGroupValues values;
  for (int d = 0; d < internal::kRateDimensions; ++d) values[static_cast<size_t>(d)] = rows.Text(row, first_column + d);
  return values;
}

}  // namespace

Status RebuildRateRows(Connection& db) { return db.Run("SELECT sohoa_rates_rebuild()"); }

Result<RatesReport> PgRegisterStore::ComputeRates(const RateQuery& query) {
  RatesReport report;
  report.query = query;
  report.query.by = internal::DistinctDimensions(query.by);
  std::vector<int> dims;
  for (RateDimension d : report.query.by) dims.push_back(internal::RateDimensionIndex(d));
  const bool by_procedure = std::find(dims.begin(), dims.end(), 1) != dims.end();
  SOHOA_ASSIGN_OR_RETURN(RateSql sql, RateSql::Make(query, context_.scope));
  // Each row of rate_rows with its kind and group bits, worked out once
  // (OFFSET 0 keeps the planner from copying the expressions into every
  // place that reads them).
  const std::string rows = "(SELECT *, " + sql.Kind() + " AS kind, " + sql.Bits() +
                           " AS g FROM rate_rows WHERE facts & 5 <> 0 OFFSET 0) r";
  const std::string archived(kArchivedBit), paged(kPagedBit), electronic(kElectronic), needs_result(kRequires);
  const std::string digitized = "(" + archived + " AND " + paged + " AND (NOT " + needs_result + " OR " + electronic + "))";

  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  // One snapshot for every statement of the report, so that a concurrent
  // import or ingest cannot make its counts disagree. Compiling the scan
  // (JIT) would cost more than it saves.
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_RETURN_IF_ERROR(db->Run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
  SOHOA_RETURN_IF_ERROR(db->Run("SET LOCAL jit = off"));

  // Per kind, and per group of counted rows, the sums behind the cells:
  // rows are first counted per group and bits (few), then summed.
  auto sum_where = [](const std::string& condition) { return "sum(n) FILTER (WHERE " + condition + ")"; };
  SOHOA_ASSIGN_OR_RETURN(
      Rows groups,
      db->Query(std::string(kProcedureCtes) + "SELECT kind, " + std::string(RateSql::kValueText) + ", sum(n), " +
                    sum_where(archived) + ", " + sum_where(digitized) + ", " + sum_where(needs_result) + ", " +
                    sum_where(needs_result + " AND " + electronic) + ", " + sum_where("g & 32 <> 0") + ", " +
                    sum_where("g & 64 <> 0") + ", " + sum_where("NOT " + archived) + ", " +
                    sum_where(archived + " AND NOT " + paged) + ", " +
                    sum_where(archived + " AND " + paged + " AND NOT " + digitized) + ", vp.known_name "
                    "FROM (SELECT kind, " + RateSql::Values(dims) + "CASE WHEN kind = 'c' THEN g END AS g, count(*) AS n "
                    "      FROM " + rows + " GROUP BY 1, 2, 3, 4, 5, 6) c " +
                    std::string(RateSql::kValueJoins) +
                    "GROUP BY kind, v0, v1, v2, v3, va.code, vp.code, vf.field, vp.known_name",
                sql.params()));

  internal::RateTally total;
  std::vector<internal::RateGroup> rate_groups;
  std::vector<internal::ShortfallLeaf> shortfalls;
  internal::RateLabels labels;
  std::vector<std::string> unknown_procedures;
  for (int i = 0; i < groups.size(); ++i) {
    const std::string kind = groups.Text(i, 0);
    const std::int64_t n = groups.Int(i, 5);
    if (kind == "u") report.unregistered += n;
    if (kind == "c" || kind == "n" || kind == "o") report.register_rows += n;
    if (kind == "n") report.undated += n;
    if (kind != "c") continue;
    internal::RateTally tally;
    tally.received = n;
    tally.archived = groups.Int(i, 6);
    tally.digitized = groups.Int(i, 7);
    tally.paper_result = groups.Int(i, 8);
    tally.electronic_result = groups.Int(i, 9);
    tally.reused = groups.Int(i, 10);
    tally.missed = groups.Int(i, 11);
    total.Add(tally);
    const RateGroupValues values = ReadValues(groups, i, 1);
    if (!dims.empty()) rate_groups.push_back({values, tally});
    if (by_procedure && !labels.procedures.count(values[1])) {
      if (groups.IsNull(i, 15)) {
        unknown_procedures.push_back(values[1]);
      } else {
        labels.procedures[values[1]] = groups.Text(i, 15);
      }
    }
    if (query.explain && tally.digitized < tally.received) {
      internal::ShortfallLeaf leaf;
      leaf.values = values;
      leaf.group.not_digitized = tally.received - tally.digitized;
      for (int k = 0; k < kShortfallKinds; ++k) leaf.group.count[k] = groups.Int(i, 12 + k);
      shortfalls.push_back(std::move(leaf));
    }
  }
  total.Fill(report.total);

  if (!unknown_procedures.empty()) {
    // A procedure the catalog lacks is named as the export names it: the
    // first name given, in dossier code order, among the rows counted.
    std::vector<Param> params = sql.params();
    params.emplace_back(TextArray(unknown_procedures));
    SOHOA_ASSIGN_OR_RETURN(
        Rows names,
        db->Query("SELECT DISTINCT ON (x.procedure_code) x.procedure_code, x.procedure_name "
                  "FROM register x JOIN rate_rows t ON t.code = x.dossier_code "
                  "WHERE x.procedure_code = ANY($" + std::to_string(params.size()) + "::text[]) "
                  "  AND x.procedure_name <> '' AND " + sql.Kind() + " = 'c' "
                  "ORDER BY x.procedure_code, x.dossier_code COLLATE \"C\"",
                  params));
    for (int i = 0; i < names.size(); ++i) labels.procedures[names.Text(i, 0)] = names.Text(i, 1);
  }

  if (!shortfalls.empty() && query.explain_limit > 0) {
    // The first dossiers of each group, by code.
    std::vector<Param> params = sql.params();
    params.emplace_back(std::to_string(query.explain_limit));
    SOHOA_ASSIGN_OR_RETURN(
        Rows listed,
        db->Query(std::string(kProcedureCtes) + "SELECT " + std::string(RateSql::kValueText) +
                      ", w.code, x.received_date, coalesce(vq.code, ''), coalesce(vq.known_name, x.procedure_name), "
                      "       CASE WHEN NOT " + archived + " THEN 0 WHEN NOT " + paged + " THEN 1 ELSE 2 END, "
                      "       NOT " + archived + " AND " + needs_result + " AND g & 2 = 0 "
                      "FROM (SELECT *, row_number() OVER (PARTITION BY v0, v1, v2, v3 ORDER BY code COLLATE \"C\") AS rank "
                      "      FROM (SELECT " + RateSql::Values(dims) + "code, procedure, g FROM " + rows +
                      "            WHERE kind = 'c' AND NOT " + digitized + ") s) w "
                      "LEFT JOIN register x ON x.dossier_code = w.code "
                      "LEFT JOIN procs vq ON vq.id = w.procedure " +
                      std::string(RateSql::kValueJoins) + "WHERE rank <= $" + std::to_string(params.size()) +
                      "::bigint ORDER BY w.code COLLATE \"C\"",
                  params));
    std::map<RateGroupValues, internal::ShortfallLeaf*> leaf_of;
    for (internal::ShortfallLeaf& leaf : shortfalls) leaf_of[leaf.values] = &leaf;
    for (int i = 0; i < listed.size(); ++i) {
      auto it = leaf_of.find(ReadValues(listed, i, 0));
      if (it == leaf_of.end()) continue;
      ShortfallDossier dossier;
      dossier.dossier_code = listed.Text(i, 4);
      dossier.received_date = listed.Text(i, 5);
      dossier.procedure_code = listed.Text(i, 6);
      dossier.procedure_name = listed.Text(i, 7);
      dossier.reason = static_cast<Shortfall>(listed.Int(i, 8));
      dossier.result_missing = listed.Text(i, 9) == "t";
      it->second->group.dossiers.push_back(std::move(dossier));
    }
  }

  if (report.unregistered > 0 && query.unregistered_limit > 0) {
    std::vector<Param> params = sql.params();
    params.emplace_back(std::to_string(query.unregistered_limit));
    SOHOA_ASSIGN_OR_RETURN(Rows codes, db->Query("SELECT code FROM rate_rows WHERE " + sql.Unregistered() +
                                                     " ORDER BY code COLLATE \"C\" LIMIT $" +
                                                     std::to_string(params.size()) + "::bigint",
                                                 params));
    for (int i = 0; i < codes.size(); ++i) report.unregistered_codes.push_back(codes.Text(i, 0));
  }

  SOHOA_ASSIGN_OR_RETURN(labels.agencies, AgencyNames(*db));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  internal::ArrangeRates(rate_groups, std::move(shortfalls), labels, report);
  return report;
}

Result<std::vector<BacklogRow>> PgRegisterStore::ComputeBacklog() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  std::vector<Param> params;
  // Per book first: entries beyond a book's stated size, or in a book whose
  // size is unknown, cannot be measured against it, so progress counts at
  // most the book's size and `remaining` never goes negative.
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows,
      db->Query("WITH per_book AS ("
                "  SELECT b.type, b.agency_code, b.year, b.entries_expected AS expected,"
                "         (SELECT count(*) FROM book_entries e WHERE e.book_id = b.id) AS done,"
                "         coalesce(c.keyed, 0) AS keyed, coalesce(c.verified, 0) AS verified"
                "  FROM books b LEFT JOIN book_keying_counts c ON c.book_id = b.id WHERE true" +
                    ScopeCondition(context_.scope, "sohoa_agency_path(b.agency_code, '')", params) +
                ") "
                "SELECT type, agency_code, coalesce((SELECT name FROM agencies a WHERE a.code = g.agency_code), ''), "
                "       year, books, expected, done, progress, keyed, verified "
                "FROM (SELECT type, agency_code, year, count(*) AS books, sum(coalesce(expected, 0)) AS expected, "
                "             sum(done) AS done, sum(CASE WHEN expected IS NULL THEN 0 ELSE least(done, expected) END) "
                "             AS progress, sum(keyed) AS keyed, sum(verified) AS verified "
                "      FROM per_book GROUP BY type, agency_code, year) g "
                "ORDER BY type = '', type COLLATE \"C\", agency_code COLLATE \"C\", year",
                params));
  std::vector<BacklogRow> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    BacklogRow r;
    r.type = rows.Text(i, 0);
    r.agency_code = rows.Text(i, 1);
    r.agency_name = rows.Text(i, 2);
    r.year = static_cast<int>(rows.Int(i, 3));
    r.books = rows.Int(i, 4);
    r.entries_in_books = rows.Int(i, 5);
    r.entries_digitized = rows.Int(i, 6);
    r.progress = {rows.Int(i, 7), r.entries_in_books};
    r.remaining = r.entries_in_books - r.progress.numerator;
    r.entries_keyed = rows.Int(i, 8);
    r.entries_verified = rows.Int(i, 9);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace sohoa::archive::postgres
