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
// What is counted is kept by schema/migrations_postgres/0002: rate_rows,
// the register joined to the dossiers and reuse by triggers, and
// rate_counts, its rows summed per agency, procedure and month of reception.
// A report reads rate_counts with what rows written since change there
// (rate_counts_pending), and counts a row at a time only the days of a month
// the period covers in part, archived dossiers the register lacks, and those
// the register gives another receiving agency (a scope may hold one agency
// and not the other). What each procedure number requires, its field, and
// whether each agency number is in the catalog's scope are read first and
// passed as arrays indexed by number. Only groups come back;
// archive/internal/rate_groups.cc rolls agencies up and orders the rows as
// on SQLite.
#include <algorithm>
#include <map>

#include "archive/internal/rate_groups.h"
#include "archive/postgres/registers.h"
#include "schema/date.h"

namespace sohoa::archive::postgres {
namespace {

using internal::RateGroupValues;

// A statement's parameters, each added once however often it is used:
// PostgreSQL refuses a parameter a statement does not use.
class SqlParams {
 public:
  std::string Use(const std::string& name, const std::string& value, const std::string& cast) {
    auto [it, fresh] = numbers_.try_emplace(name, static_cast<int>(values_.size()) + 1);
    if (fresh) values_.emplace_back(value);
    return "$" + std::to_string(it->second) + cast;
  }
  const std::vector<Param>& values() const { return values_; }

 private:
  std::map<std::string, int> numbers_;
  std::vector<Param> values_;
};

// What the numbers of rate_rows stand for.
struct RateNames {
  std::map<std::int64_t, std::string> agencies;  // agency number → code
  struct ProcedureName {
    std::string code;
    std::optional<std::string> known;  // the catalog's name, by the code or its base code
  };
  std::map<std::int64_t, ProcedureName> procedures;
  std::vector<std::string> fields;  // field number n (from 1) → fields[n - 1], in "C" order
  std::string requires_array, field_array, in_scope_array;  // indexed by number
};

Result<RateNames> ReadNames(Connection& db, const Scope& scope) {
  RateNames names;
  SOHOA_ASSIGN_OR_RETURN(
      Rows procedures,
      db.Query("SELECT k.id, k.code, coalesce(p.requires_paper_result, pb.requires_paper_result, false), "
               "       coalesce(p.field, pb.field, ''), coalesce(p.name, pb.name) "
               "FROM rate_procedures k LEFT JOIN procedures p ON p.code = k.code "
               "LEFT JOIN procedures pb ON p.code IS NULL AND length(k.code) > 9 AND substr(k.code, 9, 1) = '.' "
               "  AND pb.code = substr(k.code, 1, 8) "
               "ORDER BY k.id"));
  std::map<std::string, int> field_numbers;
  for (int i = 0; i < procedures.size(); ++i) field_numbers.emplace(procedures.Text(i, 3), 0);
  for (auto& [field, number] : field_numbers) {
    names.fields.push_back(field);
    number = static_cast<int>(names.fields.size());
  }
  std::string requires_array = "{", field_array = "{";
  std::int64_t next = 1;
  for (int i = 0; i < procedures.size(); ++i) {
    const std::int64_t id = procedures.Int(i, 0);
    for (; next < id; ++next) {  // numbers a rolled back insert used
      requires_array += "f,";
      field_array += "0,";
    }
    requires_array += procedures.Text(i, 2) + ",";
    field_array += std::to_string(field_numbers[procedures.Text(i, 3)]) + ",";
    ++next;
    RateNames::ProcedureName& name = names.procedures[id];
    name.code = procedures.Text(i, 1);
    if (!procedures.IsNull(i, 4)) name.known = procedures.Text(i, 4);
  }
  auto close = [](std::string& array) {
    if (array.back() == ',') array.pop_back();
    array += '}';
  };
  close(requires_array);
  close(field_array);
  names.requires_array = std::move(requires_array);
  names.field_array = std::move(field_array);

  std::vector<Param> params;
  std::string in_scope = "true";
  if (!scope.unrestricted()) {
    params.emplace_back(TextArray(*scope.agencies));
    in_scope = "path && $1::text[]";
  }
  SOHOA_ASSIGN_OR_RETURN(Rows agencies, db.Query("SELECT id, code, " + in_scope + " FROM rate_agencies ORDER BY id",
                                                 params));
  std::string in_scope_array = "{";
  next = 1;
  for (int i = 0; i < agencies.size(); ++i) {
    const std::int64_t id = agencies.Int(i, 0);
    for (; next < id; ++next) in_scope_array += "f,";
    in_scope_array += agencies.Text(i, 2) + ",";
    ++next;
    names.agencies[id] = agencies.Text(i, 1);
  }
  close(in_scope_array);
  names.in_scope_array = std::move(in_scope_array);
  return names;
}

// The SQL of one report. A row of rate_rows counted on its own is described
// by a few simple columns, its key (what they mean is worked out once per
// group of rows with the same key):
//   f        rate_rows.facts
//   req      its procedure requires a paper result (NULL: no procedure)
//   undated  no received date in the register
//   inside   the register's received date is in the period (periods only)
//   dinside  an archived dossier the register lacks, received in the period
//            (periods only)
//   rin din  its register side, its dossier side, are in scope (restricted
//            scopes only; NULL when it has none)
class RateSql {
 public:
  // InvalidArgument for a period end that is not YYYY-MM-DD.
  static Result<RateSql> Make(const RateQuery& query, const Scope& scope, const RateNames& names) {
    RateSql sql;
    sql.names_ = &names;
    sql.restricted_ = !scope.unrestricted();
    sql.whole_time_ = query.from.empty() && query.to.empty();
    for (const auto& [end, op] : {std::pair{&query.from, ">="}, std::pair{&query.to, "<="}}) {
      if (end->empty()) continue;
      if (!ParseIsoDay(*end)) return InvalidArgument("the date '" + *end + "' is not YYYY-MM-DD");
      std::string day = *end;
      day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
      sql.received_in_ += (sql.received_in_.empty() ? "received " : " AND received ") + std::string(op) + " " + day;
      sql.dossier_ends_.push_back({*end, op});
    }
    // The months of the period: those it covers whole, counted from
    // rate_counts, and those it begins or ends within, counted from rows.
    auto month_of = [](const Day& d) { return d.year * 100 + d.month; };
    auto next = [](int m) { return m % 100 == 12 ? m + 89 : m + 1; };
    auto previous = [](int m) { return m % 100 == 1 ? m - 89 : m - 1; };
    const int first_day = query.from.empty() ? 0 : ToInt(*ParseIsoDay(query.from));
    const int last_day = query.to.empty() ? 99999999 : ToInt(*ParseIsoDay(query.to));
    if (!query.from.empty()) {
      const Day from = *ParseIsoDay(query.from);
      sql.full_first_ = from.day == 1 ? month_of(from) : next(month_of(from));
      if (from.day != 1) sql.partial_.push_back(month_of(from));
    }
    if (!query.to.empty()) {
      const Day to = *ParseIsoDay(query.to);
      const bool last = !IsRealDay(to.year, to.month, to.day + 1);
      sql.full_last_ = last ? month_of(to) : previous(month_of(to));
      if (!last && (sql.partial_.empty() || sql.partial_.back() != month_of(to))) sql.partial_.push_back(month_of(to));
    }
    for (int month : sql.partial_) {
      const int first = std::max(first_day, month * 100 + 1), last = std::min(last_day, month * 100 + 31);
      sql.partial_days_ += (sql.partial_days_.empty() ? "" : " OR ") + std::string("received BETWEEN ") +
                           std::to_string(first) + " AND " + std::to_string(last);
    }
    return sql;
  }

  // The key's columns for a row of rate_rows.
  std::string Key(SqlParams& params) const {
    std::string key = "facts AS f, (" + params.Use("requires", names_->requires_array, "::boolean[]") +
                      ")[procedure] AS req, received = 0 AS undated";
    if (!whole_time_) {
      // Only a dossier the register lacks (or whose register row is out of
      // scope) is counted by its own date: the others skip the text test.
      key += ", " + received_in_ + " AS inside, facts & " + (restricted_ ? "4 <> 0" : "5 = 4") + " AND " +
             DossierInPeriod(params) + " AS dinside";
    }
    if (restricted_) {
      const std::string in_scope = params.Use("in_scope", names_->in_scope_array, "::boolean[]");
      key += ", (" + in_scope + ")[scope_agency] AS rin, (" + in_scope + ")[d_scope_agency] AS din";
    }
    return key;
  }

  // The values a row is grouped by, one per dimension asked for, as
  // "expression AS vN, " (agency, procedure and field numbers, YYYYMM).
  std::string Values(const std::vector<int>& dims, SqlParams& params,
                     const std::string& month = "received / 100") const {
    std::string out;
    for (int d : dims) {
      const std::string value = d == 0   ? "agency"
                                : d == 1 ? "procedure"
                                : d == 2 ? "coalesce((" + params.Use("fields", names_->field_array, "::int[]") +
                                               ")[procedure], 0)"
                                         : month;
      out += value + " AS v" + std::to_string(d) + ", ";
    }
    return out;
  }

  // Conditions on a key.
  std::string Registered() const { return restricted_ ? "(f & 1 <> 0 AND rin)" : "(f & 1 <> 0)"; }
  std::string Archived() const { return restricted_ ? "(f & 4 <> 0 AND din)" : "(f & 4 <> 0)"; }
  std::string Paged() const { return "(" + Archived() + " AND f & 8 <> 0)"; }
  std::string Electronic() const { return "(f & 2 <> 0 OR (" + Archived() + " AND f & 16 <> 0))"; }
  static std::string Requires() { return "coalesce(req, false)"; }
  std::string Digitized() const {
    return "(" + Paged() + " AND (NOT " + Requires() + " OR " + Electronic() + "))";
  }
  // 0 counted, 1 undated, 2 received outside the period, 3 an archived
  // dossier the register lacks, counted apart, 4 one outside the period,
  // 5 none of these (out of scope).
  std::string Kind() const {
    return "CASE WHEN coalesce(" + Registered() + ", false) THEN CASE WHEN undated THEN 1 " +
           (whole_time_ ? "ELSE 0" : "WHEN inside THEN 0 ELSE 2") + " END WHEN coalesce(" + Archived() +
           ", false) THEN " + (whole_time_ ? "3" : "CASE WHEN dinside THEN 3 ELSE 4 END") + " ELSE 5 END";
  }

  // The kind of a sum of rate_counts of month `month`, its register side
  // in scope when `in_scope`: as Kind(), and 6 for a month the period
  // covers in part (its rows count for register_rows only: the days in the
  // period are counted a row at a time).
  std::string MonthKind(const std::string& in_scope) const {
    std::string partial = "false";
    for (int month : partial_) partial += " OR month = " + std::to_string(month);
    return "CASE WHEN NOT " + in_scope + " THEN 5 WHEN month = 0 THEN 1 WHEN month BETWEEN " +
           std::to_string(full_first_) + " AND " + std::to_string(full_last_) + " THEN 0 WHEN " + partial +
           " THEN 6 ELSE 2 END";
  }
  // Whether the register side of a sum of rate_counts is in scope.
  std::string SumInScope(SqlParams& params) const {
    if (!restricted_) return "true";
    return "coalesce((" + params.Use("in_scope", names_->in_scope_array, "::boolean[]") + ")[scope_agency], false)";
  }
  std::string RequiresOf(SqlParams& params) const {
    return "coalesce((" + params.Use("requires", names_->requires_array, "::boolean[]") + ")[procedure], false)";
  }
  // The rows of rate_rows summed in rate_counts whose day of reception is
  // in the part of a month the period covers; "" when it covers none.
  const std::string& PartialDays() const { return partial_days_; }
  // Whether a row's dossier side is in scope (of RowsWithKeys).
  std::string DossierSideInScope() const { return restricted_ ? "coalesce(din, false)" : "true"; }

  // rate_rows with each row's key.
  std::string RowsWithKeys(SqlParams& params) const {
    return "rate_rows CROSS JOIN LATERAL (SELECT " + Key(params) + ") keyed";
  }

  // Rows archived and missing from the register, in scope and period, of
  // RowsWithKeys; without reading the keys when the scope is everything,
  // so that rate_rows_unregistered serves.
  std::string Unregistered(SqlParams& params) const {
    if (!restricted_) return "facts & 5 = 4" + (whole_time_ ? std::string() : " AND " + DossierInPeriod(params));
    return "facts & 4 <> 0 AND " + Kind() + " = 3";
  }

 private:
  std::string DossierInPeriod(SqlParams& params) const {
    std::string sql = "d_received <> ''";
    for (const auto& [end, op] : dossier_ends_) {
      sql += " AND d_received COLLATE \"C\" " + std::string(op) + " " +
             params.Use(std::string("dossier ") + op, end, "::text");
    }
    return sql;
  }

  static int ToInt(const Day& d) { return d.year * 10000 + d.month * 100 + d.day; }

  const RateNames* names_ = nullptr;
  bool restricted_ = false, whole_time_ = true;
  std::string received_in_;
  std::vector<std::pair<std::string, const char*>> dossier_ends_;
  int full_first_ = 1, full_last_ = 999999;  // YYYYMM: the months the period covers whole
  std::vector<int> partial_;                  // those it begins or ends within
  std::string partial_days_;                  // "received BETWEEN ... OR ...": its days in those
};

Result<std::unordered_map<std::string, std::string>> AgencyNames(Connection& db) {
  std::unordered_map<std::string, std::string> names;
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db.Query("SELECT code, name FROM agencies"));
  for (int i = 0; i < rows.size(); ++i) names[rows.Text(i, 0)] = rows.Text(i, 1);
  return names;
}

// The group values of a result row whose columns from `first` are the
// numbers (or YYYYMM) of the dimensions `dims`, as RateGroupValues.
RateGroupValues ReadValues(const Rows& rows, int row, int first, const std::vector<int>& dims,
                           const RateNames& names) {
  RateGroupValues values;
  for (size_t i = 0; i < dims.size(); ++i) {
    const int column = first + static_cast<int>(i);
    if (rows.IsNull(row, column)) continue;
    const std::int64_t n = rows.Int(row, column);
    std::string& value = values[static_cast<size_t>(dims[i])];
    switch (dims[i]) {
      case 0:
        if (auto it = names.agencies.find(n); it != names.agencies.end()) value = it->second;
        break;
      case 1:
        if (auto it = names.procedures.find(n); it != names.procedures.end()) value = it->second.code;
        break;
      case 2:
        if (n >= 1 && n <= static_cast<std::int64_t>(names.fields.size())) value = names.fields[static_cast<size_t>(n - 1)];
        break;
      default: {
        char month[48];
        std::snprintf(month, sizeof month, "%04lld-%02lld", static_cast<long long>(n / 100),
                      static_cast<long long>(n % 100));
        value = month;
      }
    }
  }
  return values;
}

}  // namespace

Status RebuildRateRows(Connection& db) { return db.Run("SELECT sohoa_rates_rebuild()"); }

Status RefreshRateCounts(Connection& db, std::int64_t at_least) {
  SOHOA_ASSIGN_OR_RETURN(Rows pending, db.Query("SELECT count(*) FROM (SELECT 1 FROM rate_rows "
                                                "WHERE pending LIMIT $1::bigint) p",
                                                {std::to_string(at_least)}));
  if (pending.Int(0, 0) < at_least) return Status::Ok();
  return db.Run("SELECT sohoa_rates_refresh()");
}
Result<std::int64_t> RateRowsOutOfStep(Connection& db) {
  // A row whose register, dossier and reuse are all gone may stay, empty.
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows,
      db.Query("SELECT count(*) FROM rate_rows_expected e "
               "FULL JOIN (SELECT * FROM rate_rows WHERE facts <> 0) t ON t.code = e.code "
               "WHERE ROW(e.code, e.agency, e.scope_agency, e.procedure, e.received, e.d_scope_agency, e.d_received, "
               "          e.facts) "
               "      IS DISTINCT FROM ROW(t.code, t.agency, t.scope_agency, t.procedure, t.received, "
               "                           t.d_scope_agency, t.d_received, t.facts)"));
  // The sums, with what pending rows change, against the rows.
  constexpr std::string_view kSums =
      "SELECT agency, scope_agency, procedure, month, sum(n) AS n, sum(e) AS e, sum(a) AS a, sum(p) AS p, "
      "       sum(pe) AS pe, sum(el) AS el, sum(u) AS u, sum(m) AS m FROM ";
  SOHOA_ASSIGN_OR_RETURN(
      Rows sums,
      db.Query("SELECT count(*) FROM (" + std::string(kSums) +
               "(SELECT agency, scope_agency, procedure, month, n, e, a, p, pe, el, u, m FROM rate_counts "
               " UNION ALL SELECT agency, scope_agency, procedure, month, n, e, a, p, pe, el, u, m "
               " FROM rate_counts_pending) c GROUP BY 1, 2, 3, 4 "
               " HAVING sum(n) <> 0 OR sum(e) <> 0 OR sum(a) <> 0 OR sum(p) <> 0 OR sum(pe) <> 0 OR sum(el) <> 0 "
               "     OR sum(u) <> 0 OR sum(m) <> 0) kept "
               "FULL JOIN (" + std::string(kSums) + "rate_rows_counted GROUP BY 1, 2, 3, 4) fresh "
               "  USING (agency, scope_agency, procedure, month) "
               "WHERE ROW(kept.n, kept.e, kept.a, kept.p, kept.pe, kept.el, kept.u, kept.m) IS DISTINCT FROM "
               "      ROW(fresh.n, fresh.e, fresh.a, fresh.p, fresh.pe, fresh.el, fresh.u, fresh.m)"));
  return rows.Int(0, 0) + sums.Int(0, 0);
}


Result<RatesReport> PgRegisterStore::ComputeRates(const RateQuery& query) {
  RatesReport report;
  report.query = query;
  report.query.by = internal::DistinctDimensions(query.by);
  std::vector<int> dims;
  for (RateDimension d : report.query.by) dims.push_back(internal::RateDimensionIndex(d));
  std::string group_values;  // ", v0, v3"
  for (int d : dims) group_values += ", v" + std::to_string(d);

  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  // Rows written since the last report are summed in at report time; when
  // many are, moving them into rate_counts first is cheaper.
  SOHOA_RETURN_IF_ERROR(RefreshRateCounts(*db, kPendingRowsRefreshed));
  // One snapshot for every statement of the report, so that a concurrent
  // import or ingest cannot make its counts disagree. Compiling the
  // statements (JIT) would cost more than it saves.
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_RETURN_IF_ERROR(db->Run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
  SOHOA_RETURN_IF_ERROR(db->Run("SET LOCAL jit = off"));
  SOHOA_ASSIGN_OR_RETURN(const RateNames names, ReadNames(*db, context_.scope));
  SOHOA_ASSIGN_OR_RETURN(const RateSql sql, RateSql::Make(query, context_.scope, names));

  // Three sources of counts, each as sums per kind, group, requirement of
  // a paper result, and whether the dossier side is in scope:
  // - rate_counts, with what pending rows change there (per month);
  // - the rows of the days of a month the period covers in part (kind 7:
  //   counted; their month's sums, kind 6, count for register_rows);
  // - the rows counted a row at a time: archived dossiers the register
  //   lacks, and those the register gives another receiving agency.
  SqlParams counted;
  const std::string in_scope = sql.SumInScope(counted);
  std::string sources =
      "SELECT " + sql.MonthKind(in_scope) + " AS kind, " + sql.Values(dims, counted, "month") +
      sql.RequiresOf(counted) + " AS req, " + in_scope + " AS din, sum(n) AS n, sum(e) AS e, sum(a) AS a, "
      "sum(p) AS p, sum(pe) AS pe, sum(el) AS el, sum(u) AS u, sum(m) AS m "
      "FROM (SELECT agency, scope_agency, procedure, month, n, e, a, p, pe, el, u, m FROM rate_counts "
      "      UNION ALL "
      "      SELECT agency, scope_agency, procedure, month, n, e, a, p, pe, el, u, m FROM rate_counts_pending) c "
      "GROUP BY kind" + group_values + ", req, din";
  const std::string row_counts =
      RateSql::Requires() + " AS req, " + sql.DossierSideInScope() +
      " AS din, count(*) AS n, count(*) FILTER (WHERE f & 2 <> 0) AS e, count(*) FILTER (WHERE f & 4 <> 0) AS a, "
      "count(*) FILTER (WHERE f & 8 <> 0) AS p, count(*) FILTER (WHERE f & 8 <> 0 AND f & 18 <> 0) AS pe, "
      "count(*) FILTER (WHERE f & 18 <> 0) AS el, count(*) FILTER (WHERE f & 32 <> 0) AS u, "
      "count(*) FILTER (WHERE f & 64 <> 0) AS m FROM ";
  if (!sql.PartialDays().empty()) {
    sources += " UNION ALL SELECT CASE WHEN " + sql.Registered() + " THEN 7 ELSE 5 END AS kind, " +
               sql.Values(dims, counted) + row_counts + sql.RowsWithKeys(counted) +
               " WHERE (" + sql.PartialDays() + ") AND " + sql.Registered() +
               " AND sohoa_rate_month(facts, received, scope_agency, d_scope_agency) >= 0 "
               "GROUP BY kind" + group_values + ", req, din";
  }
  for (const char* apart : {"facts & 5 = 4", "facts & 5 = 5 AND d_scope_agency <> scope_agency"}) {
    sources += " UNION ALL SELECT " + sql.Kind() + " AS kind, " + sql.Values(dims, counted) + row_counts +
               sql.RowsWithKeys(counted) + " WHERE " + apart + " GROUP BY kind" + group_values + ", req, din";
  }
  std::string counted_values;  // the group values of counted rows only
  for (int d : dims) {
    const std::string v = "v" + std::to_string(d);
    counted_values += ", CASE WHEN kind IN (0, 7) THEN " + v + " END AS " + v;
  }
  SOHOA_ASSIGN_OR_RETURN(
      Rows groups,
      db->Query("SELECT kind" + group_values +
                    ", sum(n) FILTER (WHERE raw_kind IN (0, 1, 2, 6)), sum(n), "
                    "sum(CASE WHEN din THEN a ELSE 0 END), "
                    "sum(CASE WHEN din THEN CASE WHEN req THEN pe ELSE p END ELSE 0 END), "
                    "sum(CASE WHEN req THEN n ELSE 0 END), "
                    "sum(CASE WHEN req THEN CASE WHEN din THEN el ELSE e END ELSE 0 END), sum(u), sum(m), "
                    "sum(CASE WHEN din THEN p ELSE 0 END) "
                    "FROM (SELECT CASE WHEN kind = 7 THEN 0 ELSE kind END AS kind, kind AS raw_kind" +
                    counted_values + ", req, din, n, e, a, p, pe, el, u, m FROM (" + sources + ") s) k "
                    "GROUP BY kind" + group_values + " HAVING sum(n) <> 0",  // a sum emptied by pending rows
                counted.values()));

  const int sums = 1 + static_cast<int>(dims.size());  // the first sum's column
  internal::RateTally total;
  std::vector<internal::RateGroup> rate_groups;
  std::vector<internal::ShortfallLeaf> shortfalls;
  internal::RateLabels labels;
  std::vector<std::string> unknown_procedures;
  for (int i = 0; i < groups.size(); ++i) {
    const std::int64_t kind = groups.Int(i, 0);
    const std::int64_t n = groups.Int(i, sums + 1);
    report.register_rows += groups.Int(i, sums);
    if (kind == 1) report.undated += n;
    if (kind == 3) report.unregistered += n;
    if (kind != 0) continue;
    internal::RateTally tally;
    tally.received = n;
    tally.archived = groups.Int(i, sums + 2);
    tally.digitized = groups.Int(i, sums + 3);
    tally.paper_result = groups.Int(i, sums + 4);
    tally.electronic_result = groups.Int(i, sums + 5);
    tally.reused = groups.Int(i, sums + 6);
    tally.missed = groups.Int(i, sums + 7);
    const std::int64_t paged = groups.Int(i, sums + 8);
    total.Add(tally);
    const RateGroupValues values = ReadValues(groups, i, 1, dims, names);
    if (!dims.empty()) rate_groups.push_back({values, tally});
    if (std::find(dims.begin(), dims.end(), 1) != dims.end() && !labels.procedures.count(values[1])) {
      const auto& procedure = names.procedures.find(groups.Int(i, 1 + static_cast<int>(
                                  std::find(dims.begin(), dims.end(), 1) - dims.begin())));
      if (procedure != names.procedures.end() && procedure->second.known) {
        labels.procedures[values[1]] = *procedure->second.known;
      } else if (std::find(unknown_procedures.begin(), unknown_procedures.end(), values[1]) ==
                 unknown_procedures.end()) {
        unknown_procedures.push_back(values[1]);
      }
    }
    if (query.explain && tally.digitized < tally.received) {
      internal::ShortfallLeaf leaf;
      leaf.values = values;
      leaf.group.not_digitized = tally.received - tally.digitized;
      leaf.group.count[static_cast<int>(Shortfall::kNotArchived)] = tally.received - tally.archived;
      leaf.group.count[static_cast<int>(Shortfall::kNoPages)] = tally.archived - paged;
      leaf.group.count[static_cast<int>(Shortfall::kNoResult)] = paged - tally.digitized;
      shortfalls.push_back(std::move(leaf));
    }
  }
  total.Fill(report.total);

  if (!unknown_procedures.empty()) {
    // A procedure the catalog lacks is named as the export names it: the
    // first name given, in dossier code order, among the rows counted.
    SqlParams params;
    const std::string rows = sql.RowsWithKeys(params);
    SOHOA_ASSIGN_OR_RETURN(
        Rows named,
        db->Query("SELECT DISTINCT ON (x.procedure_code) x.procedure_code, x.procedure_name "
                  "FROM register x JOIN " + rows + " ON code = x.dossier_code "
                  "WHERE x.procedure_code = ANY(" + params.Use("codes", TextArray(unknown_procedures), "::text[]") +
                  ") AND x.procedure_name <> '' AND " + sql.Kind() + " = 0 "
                  "ORDER BY x.procedure_code, x.dossier_code COLLATE \"C\"",
                  params.values()));
    for (int i = 0; i < named.size(); ++i) labels.procedures[named.Text(i, 0)] = named.Text(i, 1);
  }

  if (!shortfalls.empty() && query.explain_limit > 0) {
    // The first dossiers of each group, by code.
    SqlParams params;
    const std::string rows = sql.RowsWithKeys(params);
    const std::string values = sql.Values(dims, params);
    const std::string partition = dims.empty() ? "" : "PARTITION BY " + group_values.substr(2) + " ";
    SOHOA_ASSIGN_OR_RETURN(
        Rows listed,
        db->Query("SELECT " + (dims.empty() ? std::string() : group_values.substr(2) + ", ") +
                      "w.code, x.received_date, w.procedure, x.procedure_name, reason, missing "
                      "FROM (SELECT *, row_number() OVER (" + partition + "ORDER BY code COLLATE \"C\") AS rank "
                      "      FROM (SELECT " + values + "code, procedure, "
                      "                   CASE WHEN NOT " + sql.Archived() + " THEN 0 WHEN NOT " + sql.Paged() +
                      "                        THEN 1 ELSE 2 END AS reason, "
                      "                   NOT " + sql.Archived() + " AND " + RateSql::Requires() +
                      "                       AND f & 2 = 0 AS missing "
                      "            FROM " + rows + " WHERE facts & 5 <> 0 AND " + sql.Kind() + " = 0 AND NOT " +
                      sql.Digitized() + ") s) w "
                      "LEFT JOIN register x ON x.dossier_code = w.code "
                      "WHERE rank <= " + params.Use("limit", std::to_string(query.explain_limit), "::bigint") +
                      " ORDER BY w.code COLLATE \"C\"",
                  params.values()));
    std::map<RateGroupValues, internal::ShortfallLeaf*> leaf_of;
    for (internal::ShortfallLeaf& leaf : shortfalls) leaf_of[leaf.values] = &leaf;
    const int first = static_cast<int>(dims.size());
    for (int i = 0; i < listed.size(); ++i) {
      auto it = leaf_of.find(ReadValues(listed, i, 0, dims, names));
      if (it == leaf_of.end()) continue;
      ShortfallDossier dossier;
      dossier.dossier_code = listed.Text(i, first);
      dossier.received_date = listed.Text(i, first + 1);
      if (auto p = names.procedures.find(listed.Int(i, first + 2)); p != names.procedures.end()) {
        dossier.procedure_code = p->second.code;
        dossier.procedure_name = p->second.known.value_or(listed.Text(i, first + 3));
      }
      dossier.reason = static_cast<Shortfall>(listed.Int(i, first + 4));
      dossier.result_missing = listed.Text(i, first + 5) == "t";
      it->second->group.dossiers.push_back(std::move(dossier));
    }
  }

  if (report.unregistered > 0 && query.unregistered_limit > 0) {
    SqlParams params;
    const std::string from = context_.scope.unrestricted() ? "rate_rows" : sql.RowsWithKeys(params);
    const std::string unregistered = sql.Unregistered(params);
    SOHOA_ASSIGN_OR_RETURN(
        Rows codes, db->Query("SELECT code FROM " + from + " WHERE " + unregistered + " ORDER BY code COLLATE \"C\" LIMIT " +
                                  params.Use("limit", std::to_string(query.unregistered_limit), "::bigint"),
                              params.values()));
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
