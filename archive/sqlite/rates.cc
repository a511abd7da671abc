// SqliteCatalog::ComputeRates and ComputeBacklog: the portal's rates over the one-stop
// register (docs/domain.md "Rates"), and the civil-status book backlog.
//
// What counts, per dated register row in the period:
// - archived: sohoa holds a dossier with the row's code.
// - electronic result: the register says ket_qua_dien_tu = 1, or the
//   archived dossier has a document of kind 'result' with pages. Both are a
//   result the portal can see without paper.
// - digitization (4.2): archived with at least one document with pages and,
//   when the procedure requires a paper result, an electronic result.
//   The register's flag counts here too: a result issued electronically is
//   born digital, and making staff scan its print-out to earn the point
//   would reward paper.
// - e-result (4.1): over rows of procedures that require a paper result,
//   those with an electronic result.
// - reuse (4.3) and missed reuse: rows with at least one 'explicit' (resp.
//   'missed') reuse row, however many components were reused.
// With RateQuery::explain, a row that is not digitized is listed under its
// own unit with the first reason that stands in the way (Shortfall).
// A procedure is looked up by its code, else (a local variant such as
// 1.011442.000.00.00.H38) by its base code 1.011442; one the catalog does
// not know is taken not to require a paper result, as Catalog::Report does.
#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>
#include <utility>

#include "archive/internal/rate_groups.h"
#include "archive/sqlite/catalog.h"
#include "archive/sqlite/scope_sql.h"
#include "archive/rates.h"

namespace sohoa::archive {
namespace {

using internal::Db;
using internal::RateTally;
using internal::Stmt;

struct ProcedureInfo {
  std::string name, field;
  bool requires_paper_result = false;
};

// The catalog's procedures by code, with the base-code fallback.
class ProcedureLookup {
 public:
  static Result<ProcedureLookup> Load(Db& db) {
    ProcedureLookup lookup;
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select, db.Prepare("SELECT code, name, field, requires_paper_result FROM procedures"));
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      lookup.by_code_[select.Text(0)] = {select.Text(1), select.Text(2), select.Int(3) != 0};
    }
    return lookup;
  }

  // nullptr for a code the catalog does not know.
  const ProcedureInfo* Find(const std::string& code) const {
    if (auto it = by_code_.find(code); it != by_code_.end()) return &it->second;
    // d.dddddd is 8 characters; a local variant appends ".<agency code>".
    if (code.size() > 9 && code[8] == '.') {
      if (auto it = by_code_.find(code.substr(0, 8)); it != by_code_.end()) return &it->second;
    }
    return nullptr;
  }

 private:
  std::unordered_map<std::string, ProcedureInfo> by_code_;
};

// What one dated register row contributes.
struct RowFacts {
  bool archived = false;
  bool has_pages = false;
  bool has_result = false;  // a 'result' document with pages
  bool e_result = false;    // the register's ket_qua_dien_tu
  bool reused = false;
  bool missed = false;
};

RateTally Count(const RowFacts& f, bool requires_paper_result) {
  RateTally t;
  t.received = 1;
  t.archived = f.archived ? 1 : 0;
  const bool electronic = f.e_result || (f.archived && f.has_result);
  t.digitized = f.archived && f.has_pages && (!requires_paper_result || electronic) ? 1 : 0;
  if (requires_paper_result) {
    t.paper_result = 1;
    t.electronic_result = electronic ? 1 : 0;
  }
  t.reused = f.reused ? 1 : 0;
  t.missed = f.missed ? 1 : 0;
  return t;
}

Shortfall Reason(const RowFacts& f) {
  if (!f.archived) return Shortfall::kNotArchived;
  if (!f.has_pages) return Shortfall::kNoPages;
  return Shortfall::kNoResult;
}

// Small integer ids for the values of one dimension, so a group's key is a
// few integers rather than strings.
class Interner {
 public:
  int Id(const std::string& value) {
    if (!values_.empty() && value == values_[last_]) return last_;
    auto [it, fresh] = ids_.emplace(value, static_cast<int>(values_.size()));
    if (fresh) values_.push_back(value);
    last_ = it->second;
    return last_;
  }
  const std::string& Value(int id) const { return values_[static_cast<size_t>(id)]; }
  size_t size() const { return values_.size(); }

 private:
  std::unordered_map<std::string, int> ids_;
  std::vector<std::string> values_;
  int last_ = 0;
};

constexpr int kDimensions = 4;  // agency, procedure, field, month
using GroupKey = std::array<int, kDimensions>;

struct GroupKeyHash {
  size_t operator()(const GroupKey& k) const noexcept {
    size_t h = 0;
    for (int v : k) h = h * 1000003u ^ static_cast<size_t>(v);
    return h;
  }
};

Result<std::unordered_map<std::string, std::string>> AgencyNames(Db& db) {
  std::unordered_map<std::string, std::string> names;
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db.Prepare("SELECT code, name FROM agencies"));
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    names[select.Text(0)] = select.Text(1);
  }
  return names;
}

// The reuse rows per dossier code, read in code order beside the register:
// which dossiers reused a document explicitly, and which re-scanned one.
class ReuseCursor {
 public:
  static Result<ReuseCursor> Open(Db& db) {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select, db.Prepare("SELECT dossier_code, max(kind = 'explicit'), max(kind = 'missed') "
                                "FROM reuse GROUP BY dossier_code ORDER BY dossier_code"));
    ReuseCursor cursor(std::move(select));
    SOHOA_RETURN_IF_ERROR(cursor.Advance());
    return cursor;
  }

  // The flags of `code`; codes must be asked for in increasing order.
  Status Find(const std::string& code, RowFacts& facts) {
    while (more_ && code_ < code) SOHOA_RETURN_IF_ERROR(Advance());
    if (more_ && code_ == code) {
      facts.reused = select_.Int(1) != 0;
      facts.missed = select_.Int(2) != 0;
    }
    return Status::Ok();
  }

 private:
  explicit ReuseCursor(Stmt select) : select_(std::move(select)) {}
  Status Advance() {
    SOHOA_ASSIGN_OR_RETURN(more_, select_.Step());
    if (more_) code_ = select_.Text(0);
    return Status::Ok();
  }

  Stmt select_;
  bool more_ = false;
  std::string code_;
};

// One read snapshot for every query of a report, so that a concurrent
// import or ingest cannot make its counts disagree. A savepoint, unlike
// BEGIN, also works inside a caller's transaction.
class ReadSnapshot {
 public:
  static Result<ReadSnapshot> Begin(Db& db) {
    SOHOA_RETURN_IF_ERROR(db.Exec("SAVEPOINT rates_snapshot"));
    return ReadSnapshot(&db);
  }
  ReadSnapshot(ReadSnapshot&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  ReadSnapshot& operator=(ReadSnapshot&&) = delete;
  ~ReadSnapshot() {
    // Nothing was written: releasing cannot lose anything, and a failure
    // to release only ends the snapshot later.
    if (db_ != nullptr) (void)db_->Exec("RELEASE rates_snapshot");
  }

 private:
  explicit ReadSnapshot(Db* db) : db_(db) {}
  Db* db_;
};

}  // namespace

Result<RatesReport> SqliteCatalog::ComputeRates(const RateQuery& query) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(ReadSnapshot snapshot, ReadSnapshot::Begin(db));
  RatesReport report;
  report.query = query;
  SOHOA_ASSIGN_OR_RETURN(ProcedureLookup procedures, ProcedureLookup::Load(db));
  const std::string in_scope =
      internal::ScopeCondition(scope_, "agency_code", "dossier_code");
  SOHOA_ASSIGN_OR_RETURN(report.register_rows,
                         db.QueryInt("SELECT count(*) FROM register WHERE 1" + in_scope));
  SOHOA_ASSIGN_OR_RETURN(
      report.undated,
      db.QueryInt("SELECT count(*) FROM register WHERE received_date = ''" + in_scope));

  // The dimensions asked for, once each, in the order asked: each row has
  // one key per dimension of report.query.by.
  report.query.by = internal::DistinctDimensions(query.by);
  std::vector<int> dims;
  for (RateDimension d : report.query.by) dims.push_back(internal::RateDimensionIndex(d));

  // Interned values per dimension; per procedure id, what the catalog says.
  std::array<Interner, kDimensions> values;
  std::vector<const ProcedureInfo*> procedure_info;
  std::vector<std::string> register_names;  // the export's procedure name, per procedure id
  std::unordered_map<GroupKey, RateTally, GroupKeyHash> leaves;
  std::unordered_map<GroupKey, ShortfallGroup, GroupKeyHash> shortfall_leaves;
  RateTally total;

  SOHOA_ASSIGN_OR_RETURN(ReuseCursor reuse, ReuseCursor::Open(db));

  auto count_row = [&](const Stmt& row, const RowFacts& facts) {
    const int procedure = values[1].Id(row.Text(3));
    if (static_cast<size_t>(procedure) == procedure_info.size()) {
      procedure_info.push_back(procedures.Find(values[1].Value(procedure)));
      register_names.push_back(row.Text(5));
    } else if (register_names[static_cast<size_t>(procedure)].empty()) {
      // Column text is only fetched when asked for: most rows never are.
      register_names[static_cast<size_t>(procedure)] = row.Text(5);
    }
    const ProcedureInfo* info = procedure_info[static_cast<size_t>(procedure)];
    const bool requires_paper_result = info != nullptr && info->requires_paper_result;
    const RateTally t = Count(facts, requires_paper_result);
    total.Add(t);
    if (dims.empty() && !query.explain) return;
    GroupKey key{0, 0, 0, 0};
    for (int d : dims) {
      switch (d) {
        case 0: key[0] = values[0].Id(row.Text(2)); break;
        case 1: key[1] = procedure; break;
        case 2: key[2] = values[2].Id(info != nullptr ? info->field : ""); break;
        case 3: key[3] = values[3].Id(row.Text(1).substr(0, 7)); break;
      }
    }
    if (!dims.empty()) leaves[key].Add(t);
    if (!query.explain || t.digitized != 0) return;
    ShortfallGroup& group = shortfall_leaves[key];
    const Shortfall reason = Reason(facts);
    ++group.not_digitized;
    ++group.count[static_cast<int>(reason)];
    if (group.dossiers.size() >= query.explain_limit) return;
    ShortfallDossier dossier;
    dossier.dossier_code = row.Text(0);
    dossier.received_date = row.Text(1);
    dossier.procedure_code = values[1].Value(procedure);
    dossier.procedure_name = info != nullptr ? info->name : row.Text(5);
    dossier.reason = reason;
    dossier.result_missing =
        reason == Shortfall::kNotArchived && requires_paper_result && !facts.e_result;
    group.dossiers.push_back(std::move(dossier));
  };
  auto in_period = [&query](const std::string& date) {
    return !date.empty() && (query.from.empty() || date >= query.from) &&
           (query.to.empty() || date <= query.to);
  };

  // The register and the archived dossiers, both in code order, walked
  // side by side: one sequential read of each instead of a lookup per row.
  SOHOA_ASSIGN_OR_RETURN(
      Stmt registered,
      db.Prepare("SELECT dossier_code, received_date, agency_code, procedure_code, "
                 "coalesce(e_result, 0), procedure_name FROM register WHERE 1" + in_scope +
                 " ORDER BY dossier_code"));
  SOHOA_ASSIGN_OR_RETURN(
      Stmt archived,
      db.Prepare("SELECT code, received_date, paged_documents, paged_results "
                 "FROM dossiers INDEXED BY dossiers_for_rates WHERE 1" +
                 internal::ScopeCondition(scope_, "agency_code", "code") +
                 " ORDER BY code"));
  SOHOA_ASSIGN_OR_RETURN(bool more_registered, registered.Step());
  SOHOA_ASSIGN_OR_RETURN(bool more_archived, archived.Step());
  std::string registered_code = more_registered ? registered.Text(0) : "";
  std::string archived_code = more_archived ? archived.Text(0) : "";
  while (more_registered || more_archived) {
    const int order = !more_registered ? 1
                      : !more_archived ? -1
                                       : registered_code.compare(archived_code);
    if (order > 0) {
      // Archived, not in the register: listed apart, in no rate.
      if ((query.from.empty() && query.to.empty()) || in_period(archived.Text(1))) {
        ++report.unregistered;
        if (report.unregistered_codes.size() < query.unregistered_limit) {
          report.unregistered_codes.push_back(archived_code);
        }
      }
    } else if (in_period(registered.Text(1))) {
      RowFacts facts;
      facts.e_result = registered.Int(4) != 0;
      facts.archived = order == 0;
      facts.has_pages = order == 0 && archived.Int(2) > 0;
      facts.has_result = order == 0 && archived.Int(3) > 0;
      SOHOA_RETURN_IF_ERROR(reuse.Find(registered_code, facts));
      count_row(registered, facts);
    }
    if (order <= 0) {
      SOHOA_ASSIGN_OR_RETURN(more_registered, registered.Step());
      if (more_registered) registered_code = registered.Text(0);
    }
    if (order >= 0) {
      SOHOA_ASSIGN_OR_RETURN(more_archived, archived.Step());
      if (more_archived) archived_code = archived.Text(0);
    }
  }

  // The groups by their values, with the labels rows show.
  auto values_of = [&](const GroupKey& key) {
    internal::RateGroupValues out;
    for (int d : dims) out[static_cast<size_t>(d)] = values[static_cast<size_t>(d)].Value(key[static_cast<size_t>(d)]);
    return out;
  };
  std::vector<internal::RateGroup> groups;
  groups.reserve(leaves.size());
  for (const auto& [key, tally] : leaves) groups.push_back({values_of(key), tally});
  std::vector<internal::ShortfallLeaf> shortfalls;
  shortfalls.reserve(shortfall_leaves.size());
  for (auto& [key, group] : shortfall_leaves) shortfalls.push_back({values_of(key), std::move(group)});
  internal::RateLabels labels;
  SOHOA_ASSIGN_OR_RETURN(labels.agencies, AgencyNames(db));
  for (size_t i = 0; i < procedure_info.size(); ++i) {
    const ProcedureInfo* info = procedure_info[i];
    labels.procedures[values[1].Value(static_cast<int>(i))] = info != nullptr ? info->name : register_names[i];
  }
  internal::ArrangeRates(groups, std::move(shortfalls), labels, report);
  total.Fill(report.total);

  return report;
}

Result<std::vector<BacklogRow>> SqliteCatalog::ComputeBacklog() {
  Db& db = db_;
  // Per book first: entries beyond a book's stated size, or in a book whose
  // size is unknown, cannot be measured against it, so progress counts at
  // most the book's size and `remaining` never goes negative.
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("WITH per_book AS ("
                 "  SELECT b.type, b.agency_code, b.year, b.entries_expected AS expected,"
                 "         (SELECT count(*) FROM book_entries e WHERE e.book_id = b.id) AS done,"
                 "         coalesce(c.keyed, 0) AS keyed, coalesce(c.verified, 0) AS verified"
                 "  FROM books b LEFT JOIN book_keying_counts c ON c.book_id = b.id WHERE 1" +
                 internal::ScopeCondition(scope_, "b.agency_code", "''") + ") "
                 "SELECT type, agency_code, year, count(*), sum(coalesce(expected, 0)), sum(done),"
                 "       sum(CASE WHEN expected IS NULL THEN 0 ELSE min(done, expected) END),"
                 "       sum(keyed), sum(verified) "
                 "FROM per_book GROUP BY type, agency_code, year "
                 "ORDER BY type = '', type, agency_code, year"));
  SOHOA_ASSIGN_OR_RETURN(auto agency_names, AgencyNames(db));
  std::vector<BacklogRow> rows;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    BacklogRow r;
    r.type = select.Text(0);
    r.agency_code = select.Text(1);
    if (auto it = agency_names.find(r.agency_code); it != agency_names.end()) {
      r.agency_name = it->second;
    }
    r.year = static_cast<int>(select.Int(2));
    r.books = select.Int(3);
    r.entries_in_books = select.Int(4);
    r.entries_digitized = select.Int(5);
    r.progress = {select.Int(6), r.entries_in_books};
    r.remaining = r.entries_in_books - r.progress.numerator;
    r.entries_keyed = select.Int(7);
    r.entries_verified = select.Int(8);
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace sohoa::archive
