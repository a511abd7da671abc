#include "archive/sqlite/search_filters.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "archive/sqlite/scope_sql.h"
#include "archive/internal/search_facets.h"
#include "archive/internal/search_text.h"
#include "archive/sqlite/search_match.h"
#include "schema/text.h"

namespace sohoa::archive::internal {
namespace {

// A JSON array of strings, for binding a set to json_each(?): one SQL shape
// whatever the set's size, so the statement cache stays small.
std::string JsonArray(const std::vector<std::string>& values) {
  std::string out = "[";
  for (const std::string& v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : v) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (u < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[u >> 4];
        out += kHex[u & 15];
      } else {
        out += c;
      }
    }
    out += '"';
  }
  return out + "]";
}

// The distinct non-empty values of an indexed dossiers column, found by
// skipping through its index (a few lookups per value, not a scan).
Result<std::vector<std::string>> DistinctValues(Db& db, std::string_view column) {
  const std::string c(column);
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("WITH RECURSIVE v(x) AS (SELECT min(" + c + ") FROM dossiers WHERE " + c +
                 " > '' UNION ALL SELECT (SELECT min(" + c + ") FROM dossiers WHERE " + c +
                 " > v.x) FROM v WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL"));
  std::vector<std::string> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    out.push_back(select.Text(0));
  }
  return out;
}

// procedure:"khai sinh" → the codes of procedures whose name (in the
// catalog, or as a dossier recorded it) holds every word.
Result<std::vector<std::string>> ProceduresNamed(Db& db, const std::string& words) {
  std::map<std::string, std::vector<std::string>> names;  // code → names
  {
    SOHOA_ASSIGN_OR_RETURN(Stmt select, db.Prepare("SELECT code, name FROM procedures"));
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      names[select.Text(0)].push_back(select.Text(1));
    }
  }
  SOHOA_ASSIGN_OR_RETURN(std::vector<std::string> used, DistinctValues(db, "procedure_code"));
  for (const std::string& code : used) {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select,
        db.Prepare("SELECT procedure_name FROM dossiers WHERE procedure_code = ?1 LIMIT 1"));
    select.Bind(1, code);
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (row) names[code].push_back(select.Text(0));
  }
  std::vector<std::string> codes;
  for (const auto& [code, list] : names) {
    for (const std::string& name : list) {
      if (HoldsFoldedWords(name, words)) {
        codes.push_back(code);
        break;
      }
    }
  }
  return codes;
}

// field:"hộ tịch" → the fields (as dossiers and the catalog spell them)
// holding every word.
Result<std::vector<std::string>> FieldsNamed(Db& db, const std::string& words) {
  SOHOA_ASSIGN_OR_RETURN(std::vector<std::string> fields, DistinctValues(db, "field"));
  {
    SOHOA_ASSIGN_OR_RETURN(Stmt select, db.Prepare("SELECT DISTINCT field FROM procedures"));
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      fields.push_back(select.Text(0));
    }
  }
  std::vector<std::string> out;
  for (const std::string& f : fields) {
    if (!f.empty() && HoldsFoldedWords(f, words)) out.push_back(f);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

// agency:P → a GLOB for the agency codes P includes (schema/agency.h): P's
// groups down to its deepest non-zero one stay, deeper ones are wildcards.
std::string AgencyGlob(const std::string& agency) {
  std::string glob = agency;
  // Groups from the province down: L2 at 7, L3 at 4, L4 at 0.
  static constexpr std::pair<std::size_t, std::size_t> kDown[] = {{7, 2}, {4, 2}, {0, 3}};
  std::size_t deepest = 0;  // how many groups, from L2 down, to keep
  for (std::size_t i = 0; i < 3; ++i) {
    auto [at, size] = kDown[i];
    if (agency.compare(at, size, std::string(size, '0')) != 0) deepest = i + 1;
  }
  for (std::size_t i = deepest; i < 3; ++i) {
    auto [at, size] = kDown[i];
    glob.replace(at, size, std::string(size, '?'));
  }
  return glob;
}

Result<FilterSql> BuildFilters(Db& db, const Query& query, const Scope& scope, bool page_hits,
                               int first_param) {
  FilterSql out;
  auto param = [&](std::string value) {
    out.values.push_back(std::move(value));
    return "?" + std::to_string(first_param + static_cast<int>(out.values.size()) - 1);
  };
  std::map<FilterKind, std::vector<std::string>> either;  // kind → OR'ed conditions
  std::vector<std::string> all;                           // ANDed conditions
  FacetNarrowing facets;  // those filters facets can say (search_facets.h)
  auto narrow = [&facets](const QueryFilter& f, std::optional<std::vector<std::string>> some) {
    facets.Add(f, std::move(some));
  };
  for (const QueryFilter& f : query.filters) {
    std::string cond;
    switch (f.kind) {
      case FilterKind::kCode:
        cond = "d.code GLOB " + param(f.value + "*");
        break;
      case FilterKind::kProcedure:
        if (IsProcedureCode(f.value)) {
          // A national code also finds its local variants (1.001193.000.00.00.H32).
          cond = "(d.procedure_code = " + param(f.value) + " OR d.procedure_code GLOB " +
                 param(f.value + ".*") + ")";
          narrow(f, std::vector<std::string>{ProcedureFacet(f.value)});
        } else {
          SOHOA_ASSIGN_OR_RETURN(std::vector<std::string> codes, ProceduresNamed(db, f.value));
          cond = "d.procedure_code IN (SELECT value FROM json_each(" + param(JsonArray(codes)) +
                 "))";
          std::vector<std::string> some;
          for (const std::string& code : codes) some.push_back(ProcedureFacet(code));
          narrow(f, std::move(some));
        }
        break;
      case FilterKind::kField: {
        SOHOA_ASSIGN_OR_RETURN(std::vector<std::string> fields, FieldsNamed(db, f.value));
        cond = "d.field IN (SELECT value FROM json_each(" + param(JsonArray(fields)) + "))";
        std::vector<std::string> some;
        for (const std::string& field : fields) some.push_back(FieldFacet(field));
        narrow(f, std::move(some));
        break;
      }
      case FilterKind::kAgency:
        // A dossier whose agency is unknown was received by the one its code names.
        cond = "(CASE WHEN d.agency_code <> '' THEN d.agency_code ELSE substr(d.code, 1, 13) END)"
               " GLOB " + param(AgencyGlob(f.value));
        narrow(f, std::vector<std::string>{AgencyFacet(f.value)});
        break;
      case FilterKind::kCitizenId: {
        const std::string match = MatchPhrase({f.value}, false, "text meta code");
        cond = "(d.id IN (SELECT dossier_id FROM fields WHERE value = " + param(f.value) +
               ") OR d.id IN (SELECT s.dossier_id FROM page_search JOIN search_pages s ON "
               "s.page_id = page_search.rowid WHERE page_search MATCH " + param(match) + "))";
        break;
      }
      case FilterKind::kName:
        // Part of the MATCH for page hits, a subquery for listings; an
        // excluded name is among BuildMatch's excluded phrases either way.
        if (page_hits || f.negated) continue;
        cond = "d.id IN (SELECT s.dossier_id FROM page_search JOIN search_pages s ON s.page_id = "
               "page_search.rowid WHERE page_search MATCH " +
               param(MatchPhrase(SplitWordsInOrder(f.value), false, "meta")) + ")";
        break;
      case FilterKind::kKind:
        cond = page_hits ? "sp.kind = " + param(f.value)
                         : "EXISTS (SELECT 1 FROM documents k WHERE k.dossier_id = d.id AND "
                           "k.kind = " + param(f.value) + ")";
        narrow(f, std::vector<std::string>{KindFacet(f.value)});
        break;
      case FilterKind::kReceived:
        narrow(f, ReceivedFacets(f.value, f.until));
        cond = "d.received_date <> ''";
        if (!f.value.empty()) cond += " AND d.received_date >= " + param(f.value);
        if (!f.until.empty()) cond += " AND d.received_date <= " + param(f.until);
        cond = "(" + cond + ")";
        break;
    }
    if (f.negated) {
      all.push_back("NOT " + cond);
    } else {
      either[f.kind].push_back(cond);
    }
  }
  for (const auto& [kind, conds] : either) {
    std::string any;
    for (const std::string& c : conds) any += (any.empty() ? "" : " OR ") + c;
    all.push_back(conds.size() == 1 ? any : "(" + any + ")");
  }
  for (const std::string& c : all) out.where += " AND " + c;
  // The scope is not a filter: two agency: filters widen each other, while
  // nothing a query says widens the scope.
  out.where += ScopeCondition(scope, "d.agency_code", "d.code");
  out.facets = facets.Expression(scope);
  return out;
}

void BindAll(Stmt& stmt, int first, const std::vector<std::string>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) stmt.Bind(first + static_cast<int>(i), values[i]);
}


}  // namespace sohoa::archive::internal
