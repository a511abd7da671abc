// The rates the national portal scores (QĐ 766/QĐ-TTg, see docs/domain.md), over
// the one-stop register of received dossiers; reuse of already-digitized
// documents; and the civil-status book backlog. Membership in a period is by
// reception date; register rows without one are left out and counted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "schema/status.h"

namespace sohoa::archive {

// One row of the one-stop register as exported (already parsed and checked).
struct RegisterRow {
  std::string dossier_code;
  std::string procedure_code, procedure_name;
  std::string agency_code;    // "" → the dossier code's agency
  std::string agency_name;    // when the export names the agency: kept in `agencies`
  std::string received_date;  // YYYY-MM-DD, "" when the export had none
  std::string due_date;       // YYYY-MM-DD or ""
  std::string channel;
  std::optional<bool> e_result;  // ket_qua_dien_tu, unset when not exported
};

struct RegisterImportCounts {
  std::int64_t added = 0;
  std::int64_t updated = 0;    // a row whose values changed
  std::int64_t unchanged = 0;  // the same row imported again
};

// Upserts rows in one transaction and logs one "import" event.
Result<RegisterImportCounts> StoreRegister(Catalog& catalog, const std::vector<RegisterRow>& rows,
                                           const std::string& source_file, const std::string& actor);

enum class RateDimension { kAgency, kProcedure, kField, kMonth };

struct RateQuery {
  std::string from, to;             // inclusive YYYY-MM-DD; "" is open
  std::vector<RateDimension> by;    // grouping, in order; empty: the total only
  std::size_t unregistered_limit = 50;  // how many unregistered codes to list
  // Also say, per unit, which received dossiers do not count as digitized
  // and why (RatesReport::shortfalls), naming at most `explain_limit` of
  // them per unit; the counts are always whole.
  bool explain = false;
  std::size_t explain_limit = 20;
};

struct RateRow {
  // One per RateQuery::by: agency code, procedure code, field name, "YYYY-MM".
  std::vector<std::string> keys;
  std::vector<std::string> labels;  // agency or procedure name, "" when unknown
  int depth = 0;  // agency rows: 0 province, 1 district, 2 commune, 3 below
  std::int64_t received = 0;      // register rows in the group
  std::int64_t archived = 0;      // of those, dossiers sohoa holds
  RateCell digitization;          // 4.2
  RateCell e_result;              // 4.1 (denominator: procedures with a paper result)
  RateCell reuse;                 // 4.3, explicit reuse only
  RateCell missed_reuse;          // dossiers with a detected re-scan of a digitized document
};

// Why a received dossier does not count as digitized (4.2): the first thing
// that stands in the way, in the order a manager would fix them.
enum class Shortfall {
  kNotArchived,  // sohoa holds no dossier with its code: not scanned or not ingested yet
  kNoPages,      // archived, but none of its documents has a page
  kNoResult,     // archived with pages; the procedure issues a paper result and no
                 // electronic one is known (none scanned, the register does not say so)
};
inline constexpr int kShortfallKinds = 3;

struct ShortfallDossier {
  std::string dossier_code;
  std::string received_date;  // YYYY-MM-DD
  std::string procedure_code, procedure_name;
  Shortfall reason = Shortfall::kNotArchived;
  // Not archived, and once it is, its result will be missing too (the
  // procedure issues a paper result and the register has no electronic one).
  bool result_missing = false;
};

// The dossiers of one unit that do not count as digitized. Keyed like a
// RateRow, but agencies do not roll up: a dossier is listed once, under the
// unit that received it.
struct ShortfallGroup {
  std::vector<std::string> keys, labels;
  int depth = 0;
  std::int64_t not_digitized = 0;
  std::int64_t count[kShortfallKinds] = {0, 0, 0};  // by Shortfall
  std::vector<ShortfallDossier> dossiers;           // the first RateQuery::explain_limit, by code
};

struct RatesReport {
  RateQuery query;               // as asked, a dimension named twice kept once
  std::vector<RateRow> rows;     // agency rows roll up: a district includes its communes
  RateRow total;
  std::int64_t register_rows = 0;  // every row of the register, in the period or not
  std::int64_t undated = 0;      // register rows without a reception date (left out)
  // Archived dossiers missing from the register: not in any rate.
  std::int64_t unregistered = 0;
  std::vector<std::string> unregistered_codes;  // the first query.unregistered_limit
  // When query.explain: per unit, in the order of `rows`, the units with a
  // dossier received but not digitized.
  std::vector<ShortfallGroup> shortfalls;
};

// The rates over the register rows received in the period. A dossier has an
// electronic result when the register says ket_qua_dien_tu = 1 or sohoa holds
// its 'result' document with pages; that counts for 4.1 and, for procedures
// requiring a paper result, for 4.2 (rates.cc says why). A procedure code the
// catalog lacks is looked up by its base code (1.011442.000.00.00.H38 →
// 1.011442); an unknown one is taken not to require a paper result.
// Rows follow `by`: agencies as a tree (each unit, then the units under it),
// procedures by code, fields by name, months in order; unknown procedure or
// field last. Unregistered dossiers are filtered by their own received date.
Result<RatesReport> ComputeRates(Catalog& catalog, const RateQuery& query);

// Explicit reuse: a component of `dossier_code` was satisfied by the archived
// document `source` ("<dossier code>.<n>"). NotFound for an unknown source
// document; the new dossier need not be archived (it may be in the register
// only). Logs a "reuse" event. Recording the same reuse twice changes nothing.
Status RecordReuse(Catalog& catalog, const std::string& dossier_code, const std::string& source,
                   const std::string& component, const std::string& actor);

// One line of the civil-status backlog: books of one type, agency and year.
struct BacklogRow {
  std::string type;         // khai_sinh | ket_hon | khai_tu | ""
  std::string agency_code;
  std::string agency_name;  // "" when no list or register named it
  int year = 0;
  std::int64_t books = 0;
  std::int64_t entries_in_books = 0;  // books without a known size count 0
  std::int64_t entries_digitized = 0; // every entry read, whatever the book's size
  // Entries digitized, at most each book's size (an unknown size counts 0),
  // over entries in books: a book read past its stated size, or one whose
  // size is unknown, cannot push progress past 100%.
  RateCell progress;
  std::int64_t remaining = 0;         // per book max(0, size - digitized), summed
  // Keyed by hand (archive/keying.h): entry rows with at least one keying,
  // and entries verified by double keying or a decision.
  std::int64_t entries_keyed = 0;
  std::int64_t entries_verified = 0;
};

// By type, agency and year (books without a type last).
Result<std::vector<BacklogRow>> ComputeBacklog(Catalog& catalog);

// The register and rates concern of a catalog backend (Catalog::registers()):
// each backend computes the rates in its own database. The functions above
// check their input and call it; their comments say what each does.
class RegisterStore {
 public:
  virtual ~RegisterStore() = default;
  // `rows` normalized: agency resolved, dates checked, text NFC.
  virtual Result<RegisterImportCounts> StoreRegister(const std::vector<RegisterRow>& rows,
                                                     const std::string& source_file, const std::string& actor) = 0;
  virtual Result<RatesReport> ComputeRates(const RateQuery& query) = 0;
  // `source` is document `source_number` of `source_dossier`.
  virtual Status RecordReuse(const std::string& dossier_code, const std::string& source,
                             const std::string& source_dossier, int source_number, const std::string& component,
                             const std::string& actor) = 0;
  virtual Result<std::vector<BacklogRow>> ComputeBacklog() = 0;
};

}  // namespace sohoa::archive
