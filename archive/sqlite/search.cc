// Catalog::Search, SearchDossiers and MatchingDossiers on SQLite: the
// query language of archive/query.h run against the full-text index
// page_search (schema/migrations/0006_search_index.sql) and the dossiers.
// The order of the hits, paging and snippets are archive/internal/
// search_run.h's; this file answers its reads (SqliteSearchSource).
// Each tier is one FTS5 query ranked by sohoa_rank (bm25,
// archive/sqlite/search_rank.h), its matches taken newest first by rowid.
// Filters become SQL over dossiers and search_pages (0005, Search section)
// in search_filters.cc, their values bound, never spliced, and those that
// can are also ANDed into the MATCH as facets (search_facets.h) so FTS5
// narrows by them first; words reach FTS5 only as quoted phrases built by
// internal::BuildMatch.
#include <algorithm>
#include <map>
#include <optional>

#include "archive/catalog.h"
#include "archive/internal/search_bm25.h"
#include "archive/internal/search_run.h"
#include "archive/query.h"
#include "archive/sqlite/catalog.h"
#include "archive/sqlite/scope_sql.h"
#include "archive/sqlite/search_filters.h"
#include "archive/sqlite/search_match.h"

namespace sohoa::archive {
namespace {

using internal::BindAll;
using internal::BuildFilters;
using internal::Db;
using internal::DossierFacts;
using internal::FilterSql;
using internal::RankedPage;
using internal::Stmt;

// sohoa_rank's column weights, in page_search's order: text, meta, code, facets.
std::string ColumnWeights() {
  return std::to_string(internal::kTextWeight) + ", " + std::to_string(internal::kMetaWeight) + ", " +
         std::to_string(internal::kCodeWeight) + ", " + std::to_string(internal::kFacetsWeight);
}

DossierFacts FactsAt(Stmt& select, int first) {
  return {select.Text(first), select.Text(first + 1), select.Text(first + 2), select.Text(first + 3),
          select.Text(first + 4)};
}

// The dossiers matching a query's filters (and none of its excluded words),
// as SQL over `d`, with its bound values from ?1 on.
Result<std::pair<std::string, std::vector<std::string>>> DossierCondition(Db& db, const Scope& scope,
                                                                         const Query& query) {
  SOHOA_ASSIGN_OR_RETURN(FilterSql filters, BuildFilters(db, query, scope, false, 1));
  const internal::QueryMatch match = internal::BuildMatch(query);
  std::string where = "1" + filters.where;
  if (!match.excluded.empty()) {
    filters.values.push_back(match.excluded);
    where += " AND d.id NOT IN (SELECT s.dossier_id FROM page_search JOIN search_pages s ON "
             "s.page_id = page_search.rowid WHERE page_search MATCH ?" +
             std::to_string(filters.values.size()) + ")";
  }
  return std::make_pair(where, std::move(filters.values));
}

// "FROM ... WHERE ..." of the pages matching a query with words, over
// page_search, search_pages sp and dossiers d, its parameters from ?1 (the
// MATCH) on, as MatchingDossiers and the counts of SearchDossiers read them.
Result<std::pair<std::string, std::vector<std::string>>> MatchingPagesSql(Db& db, const Scope& scope, const Query& query) {
  const internal::QueryMatch match = internal::BuildMatch(query);
  SOHOA_ASSIGN_OR_RETURN(FilterSql filters, BuildFilters(db, query, scope, true, 2));
  std::vector<std::string> values{filters.facets.empty() ? match.Pages()
                                                         : "(" + match.Pages() + ") AND " + filters.facets};
  values.insert(values.end(), filters.values.begin(), filters.values.end());
  return std::make_pair(
      "FROM page_search CROSS JOIN search_pages sp ON sp.page_id = page_search.rowid CROSS JOIN dossiers d "
      "ON d.id = sp.dossier_id WHERE page_search MATCH ?1" + filters.where,
      std::move(values));
}

// The page ids a dossier's pages span (stored together, so the span is
// short), or nullopt for a dossier without pages.
struct PageSpan {
  std::int64_t dossier_id = 0, first = 0, last = 0;
};
Result<std::optional<PageSpan>> SpanOf(Db& db, const std::string& code) {
  SOHOA_ASSIGN_OR_RETURN(Stmt span, db.Prepare("SELECT d.id, min(sp.page_id), max(sp.page_id) FROM dossiers d "
                                               "JOIN search_pages sp ON sp.dossier_id = d.id WHERE d.code = ?1"));
  span.Bind(1, code);
  SOHOA_ASSIGN_OR_RETURN(bool row, span.Step());
  if (!row || span.IsNull(1)) return std::optional<PageSpan>();
  return std::optional<PageSpan>(PageSpan{span.Int(0), span.Int(1), span.Int(2)});
}

// Two spans closer than this are counted by one MATCH: starting a MATCH of
// common words costs a millisecond or two, reading the pages between two
// spans little.
constexpr std::int64_t kSpanGap = 5000;

// How many matching pages (MatchingPagesSql's `pages`) each dossier holds,
// by dossier id. The MATCH runs over the page ids the dossiers span, which
// FTS5 seeks to (CROSS JOIN keeps it the outer loop); run whole, its cost
// would grow with every page in the archive holding the words.
Result<std::map<std::int64_t, int>> MatchingPagesOf(
    Db& db, const std::pair<std::string, std::vector<std::string>>& pages, std::vector<PageSpan> spans) {
  std::map<std::int64_t, int> counts;
  std::sort(spans.begin(), spans.end(), [](const PageSpan& a, const PageSpan& b) { return a.first < b.first; });
  const int n = static_cast<int>(pages.second.size());
  for (std::size_t from = 0; from < spans.size();) {
    std::size_t to = from + 1;
    std::int64_t last = spans[from].last;
    while (to < spans.size() && spans[to].first - last < kSpanGap) last = std::max(last, spans[to++].last);
    std::vector<std::string> ids;
    for (std::size_t i = from; i < to; ++i) ids.push_back(std::to_string(spans[i].dossier_id));
    SOHOA_ASSIGN_OR_RETURN(
        Stmt count,
        db.Prepare("SELECT sp.dossier_id, count(*) " + pages.first + " AND page_search.rowid >= ?" +
                   std::to_string(n + 1) + " AND page_search.rowid <= ?" + std::to_string(n + 2) +
                   " AND sp.dossier_id IN (SELECT value FROM json_each(?" + std::to_string(n + 3) +
                   ")) GROUP BY sp.dossier_id"));
    BindAll(count, 1, pages.second);
    std::string json = "[";
    for (const std::string& id : ids) json += (json.size() > 1 ? "," : "") + id;
    count.Bind(n + 1, spans[from].first).Bind(n + 2, last).Bind(n + 3, json + "]");
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, count.Step());
      if (!row) break;
      counts[count.Int(0)] = static_cast<int>(count.Int(1));
    }
    from = to;
  }
  return counts;
}

// What a search reads from the SQLite catalog.
class SqliteSearchSource final : public internal::SearchSource {
 public:
  SqliteSearchSource(Db& db, const Scope& scope, const Query& query)
      : db_(db), scope_(scope), query_(query) {}

  Result<std::optional<DossierFacts>> DossierByCode(const std::string& code) override {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select,
        db_.Prepare("SELECT code, procedure_code, procedure_name, applicant, received_date, agency_code "
                    "FROM dossiers WHERE code = ?1"));
    select.Bind(1, code);
    SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
    if (!found || !scope_.Covers(internal::ReceivingAgency(select.Text(5), select.Text(0)))) {
      return std::optional<DossierFacts>();
    }
    return std::optional<DossierFacts>(FactsAt(select, 0));
  }

  Result<std::vector<std::pair<DossierFacts, std::string>>> DossiersWithValue(const std::string& value) override {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select,
        db_.Prepare("SELECT d.code, d.procedure_code, d.procedure_name, d.applicant, d.received_date, "
                    "min(f.name) FROM fields f JOIN dossiers d ON d.id = f.dossier_id WHERE f.value = ?1" +
                    internal::ScopeCondition(scope_, "d.agency_code", "d.code") +
                    " GROUP BY d.id ORDER BY d.id"));
    select.Bind(1, value);
    std::vector<std::pair<DossierFacts, std::string>> out;
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      out.emplace_back(FactsAt(select, 0), select.Text(5));
    }
    return out;
  }

  Result<std::vector<RankedPage>> TierPages(const internal::QueryMatch::Tier& tier, int limit) override {
    SOHOA_ASSIGN_OR_RETURN(const FilterSql* filters, PageFilters());
    if (!max_page_) {
      SOHOA_ASSIGN_OR_RETURN(std::int64_t max_page, db_.QueryInt("SELECT coalesce(max(id), 0) FROM pages"));
      max_page_ = max_page;
    }
    std::string match = tier.match;
    if (!filters->facets.empty()) match = "(" + match + ") AND " + filters->facets;
    std::string sql = "SELECT page_search.rowid, sohoa_rank(page_search, ?2, " + ColumnWeights() +
                      ") FROM page_search";
    if (!filters->where.empty()) {
      sql += " JOIN search_pages sp ON sp.page_id = page_search.rowid "
             "JOIN dossiers d ON d.id = sp.dossier_id";
    }
    sql += " WHERE page_search MATCH ?1" + filters->where;
    if (tier.gap > 0) sql += " AND sohoa_follows(page_search, " + std::to_string(tier.gap) + ")";
    sql += " ORDER BY page_search.rowid DESC LIMIT ?3";
    SOHOA_ASSIGN_OR_RETURN(Stmt select, db_.Prepare(sql));
    select.Bind(1, match).Bind(2, *max_page_).Bind(3, limit);
    BindAll(select, 4, filters->values);
    std::vector<RankedPage> out;
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      out.push_back({select.Int(0), select.Double(1)});
    }
    return out;
  }

  Result<internal::PageFacts> Page(std::int64_t page_id) override {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select,
        db_.Prepare("SELECT d.code, d.procedure_code, d.procedure_name, d.applicant, d.received_date, "
                    "p.number, doc.number, p.text, doc.title FROM pages p "
                    "JOIN documents doc ON doc.id = p.document_id "
                    "JOIN dossiers d ON d.id = doc.dossier_id WHERE p.id = ?1"));
    select.Bind(1, page_id);
    SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
    if (!found) return Internal("page " + std::to_string(page_id) + " is indexed but gone");
    internal::PageFacts page;
    page.dossier = FactsAt(select, 0);
    page.page = static_cast<int>(select.Int(5));
    page.document = static_cast<int>(select.Int(6));
    page.text = select.Text(7);
    page.title = select.Text(8);
    return page;
  }

  Result<std::string> DossierOfPage(std::int64_t page_id) override {
    SOHOA_ASSIGN_OR_RETURN(Stmt select,
                           db_.Prepare("SELECT d.code FROM search_pages sp JOIN dossiers d ON "
                                       "d.id = sp.dossier_id WHERE sp.page_id = ?1"));
    select.Bind(1, page_id);
    SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
    if (!found) return Internal("page " + std::to_string(page_id) + " is indexed but gone");
    return select.Text(0);
  }

  Result<std::vector<DossierFacts>> ListDossiers(int limit, int offset) override {
    SOHOA_ASSIGN_OR_RETURN(auto condition, DossierCondition(db_, scope_, query_));
    auto& [where, values] = condition;
    const int n = static_cast<int>(values.size());
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select,
        db_.Prepare("SELECT d.code, d.procedure_code, d.procedure_name, d.applicant, "
                    "d.received_date FROM dossiers d WHERE " + where +
                    " ORDER BY d.received_date DESC, d.id DESC LIMIT ?" + std::to_string(n + 1) +
                    " OFFSET ?" + std::to_string(n + 2)));
    BindAll(select, 1, values);
    select.Bind(n + 1, limit).Bind(n + 2, offset);
    std::vector<DossierFacts> out;
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      out.push_back(FactsAt(select, 0));
    }
    return out;
  }

  Result<std::map<std::string, int>> CountPages(const std::vector<std::string>& codes) override {
    std::map<std::string, int> out;
    if (codes.empty()) return out;
    SOHOA_ASSIGN_OR_RETURN(auto pages, MatchingPagesSql(db_, scope_, query_));
    std::vector<PageSpan> spans;
    std::map<std::string, std::int64_t> ids;
    for (const std::string& code : codes) {
      SOHOA_ASSIGN_OR_RETURN(std::optional<PageSpan> span, SpanOf(db_, code));
      if (!span) continue;
      ids[code] = span->dossier_id;
      spans.push_back(*span);
    }
    SOHOA_ASSIGN_OR_RETURN(auto counts, MatchingPagesOf(db_, pages, std::move(spans)));
    for (const std::string& code : codes) {
      const auto id = ids.find(code);
      out[code] = id == ids.end() ? 0 : counts[id->second];
    }
    return out;
  }

  Result<std::int64_t> CountDossiers() override {
    if (!query_.HasPositiveTerm()) {
      SOHOA_ASSIGN_OR_RETURN(auto condition, DossierCondition(db_, scope_, query_));
      SOHOA_ASSIGN_OR_RETURN(
          Stmt count, db_.Prepare("SELECT count(*) FROM (SELECT 1 FROM dossiers d WHERE " + condition.first +
                                  " LIMIT " + std::to_string(DossierSearch::kExactTotalUpTo + 1) + ")"));
      BindAll(count, 1, condition.second);
      SOHOA_ASSIGN_OR_RETURN(bool row, count.Step());
      return row ? count.Int(0) : 0;
    }
    SOHOA_ASSIGN_OR_RETURN(auto pages, MatchingPagesSql(db_, scope_, query_));
    // Distinct dossiers, and no more than one past the bound: the scan stops there.
    SOHOA_ASSIGN_OR_RETURN(
        Stmt count, db_.Prepare("SELECT count(*) FROM (SELECT DISTINCT sp.dossier_id " + pages.first +
                                " LIMIT " + std::to_string(DossierSearch::kExactTotalUpTo + 1) + ")"));
    BindAll(count, 1, pages.second);
    SOHOA_ASSIGN_OR_RETURN(bool row, count.Step());
    return row ? count.Int(0) : 0;
  }

 private:
  // The filters of a page query, built once per search.
  Result<const FilterSql*> PageFilters() {
    if (!page_filters_) {
      SOHOA_ASSIGN_OR_RETURN(FilterSql filters, BuildFilters(db_, query_, scope_, true, 4));
      page_filters_ = std::move(filters);
    }
    return &*page_filters_;
  }

  Db& db_;
  const Scope& scope_;
  const Query& query_;
  std::optional<FilterSql> page_filters_;
  std::optional<std::int64_t> max_page_;
};

}  // namespace

Result<std::vector<SearchHit>> SqliteCatalog::Search(const std::string& query, int limit, int offset) {
  SOHOA_RETURN_IF_ERROR(internal::CheckPaging(limit, offset));
  SOHOA_ASSIGN_OR_RETURN(Query parsed, ParseQuery(query));
  if (parsed.empty()) return std::vector<SearchHit>{};
  const std::string raw = internal::TrimQuery(query);
  SqliteSearchSource source(db_, scope_, parsed);
  auto hits = internal::RunSearch(source, raw, parsed, limit, offset);
  if (!hits.ok()) return hits.status().WithContext("searching for '" + raw + "'");
  return hits;
}

Result<DossierSearch> SqliteCatalog::SearchDossiers(const std::string& query, int limit, int offset) {
  SOHOA_RETURN_IF_ERROR(internal::CheckPaging(limit, offset));
  SOHOA_ASSIGN_OR_RETURN(Query parsed, ParseQuery(query));
  if (parsed.empty()) return DossierSearch{};
  const std::string raw = internal::TrimQuery(query);
  SqliteSearchSource source(db_, scope_, parsed);
  auto found = internal::RunSearchDossiers(source, raw, parsed, limit, offset);
  if (!found.ok()) return found.status().WithContext("searching for '" + raw + "'");
  return found;
}

Result<std::vector<std::string>> SqliteCatalog::MatchingDossiers(const std::string& query) {
  SOHOA_ASSIGN_OR_RETURN(Query parsed, ParseQuery(query));
  Db& db = db_;
  const Scope& scope = scope_;
  std::vector<std::string> codes;
  auto collect = [&codes](Stmt& select) -> Status {
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) return Status::Ok();
      codes.push_back(select.Text(0));
    }
  };
  Status status;
  if (parsed.HasPositiveTerm()) {
    const internal::QueryMatch match = internal::BuildMatch(parsed);
    auto filters = BuildFilters(db, parsed, scope, true, 2);
    if (!filters.ok()) return filters.status();
    auto select = db.Prepare(
        "SELECT DISTINCT d.code FROM page_search JOIN search_pages sp ON sp.page_id = "
        "page_search.rowid JOIN dossiers d ON d.id = sp.dossier_id WHERE page_search MATCH ?1" +
        filters->where + " ORDER BY d.code");
    if (!select.ok()) return select.status();
    select->Bind(1, filters->facets.empty() ? match.Pages()
                                            : "(" + match.Pages() + ") AND " + filters->facets);
    BindAll(*select, 2, filters->values);
    status = collect(*select);
  } else {
    auto condition = DossierCondition(db, scope, parsed);
    if (!condition.ok()) return condition.status();
    auto select = db.Prepare("SELECT d.code FROM dossiers d WHERE " + condition->first +
                             " ORDER BY d.code");
    if (!select.ok()) return select.status();
    BindAll(*select, 1, condition->second);
    status = collect(*select);
  }
  if (!status.ok()) return status.WithContext("listing the dossiers matching '" + query + "'");
  return codes;
}

Result<int> SqliteCatalog::CompactSearchIndex(int max_steps, const std::function<void(int)>& progress) {
  Db& db = db_;
  // FTS5's incremental merge: each step writes at most this many leaf
  // pages; a negative count merges segments whatever their level, down to
  // one. A step that changes fewer than two rows found nothing to merge.
  constexpr int kPagesPerStep = 2000;
  int steps = 0;
  while (max_steps == 0 || steps < max_steps) {
    SOHOA_ASSIGN_OR_RETURN(internal::Transaction tx, internal::Transaction::Begin(db));
    const std::int64_t before = db.TotalChanges();
    SOHOA_RETURN_IF_ERROR(db.Exec("INSERT INTO page_search (page_search, rank) VALUES ('merge', -" +
                                  std::to_string(kPagesPerStep) + ")"));
    const bool worked = db.TotalChanges() - before >= 2;
    SOHOA_RETURN_IF_ERROR(tx.Commit());
    if (!worked) break;
    ++steps;
    if (progress) progress(steps);
  }
  return steps;
}

}  // namespace sohoa::archive
