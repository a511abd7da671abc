// Catalog::Search and Catalog::MatchingDossiers: the query language of
// archive/query.h run against the full-text index page_search
// (schema/migrations/0006_search_index.sql) and the dossiers.
//
// A query with words finds pages. Hits come in tiers, best first:
//   5  the query is a dossier code alone, and that dossier exists
//   4  the query is a 12-digit number alone (citizen ID) equal to a field value
//   3  a page holding the words together, with the diacritics as typed
//   2  a page holding the words together once folded (case, tone marks, đ)
//   1  a page holding the words apart, with the diacritics as typed
//   0  a page holding the words apart, folded
// (tiers 3 and 2 for queries of several terms, 3 and 1 for queries typed
// with marks; internal::QueryMatch::Tiers). A page is shown once, at its
// best tier.
// Within a tier sohoa_rank (bm25, archive/sqlite/search_rank.h) orders
// pages; score = tier + r / (1 + r), r >= 0, so a better tier always has a
// higher score. Each tier is one FTS5 query whose matches are taken newest
// first in windows of kRankedPerTier pages, each window ranked on its own:
// ranking every page of a common word would cost time in proportion to the
// archive, while the first page of hits needs only the newest window. Any
// offset still reaches every match, in one stable order. Only the hits
// shown read their page's text.
// A query of filters alone lists dossiers (document 0, page 0), newest first.
// Filters become SQL over dossiers and search_pages (0005, Search section)
// in internal/search_filters.cc, their values bound, never spliced, and
// those that can are also ANDed into the MATCH as facets (search_facets.h)
// so FTS5 narrows by them first; words reach FTS5 only as quoted phrases
// built by internal::BuildMatch.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <unordered_set>

#include "archive/catalog.h"
#include "archive/sqlite/catalog.h"
#include "archive/sqlite/scope_sql.h"
#include "archive/sqlite/search_filters.h"
#include "archive/internal/search_text.h"
#include "archive/sqlite/search_match.h"
#include "archive/query.h"
#include "schema/dossier_code.h"
#include "schema/text.h"

namespace sohoa::archive {
namespace {

using internal::BindAll;
using internal::BuildFilters;
using internal::Db;
using internal::FilterSql;
using internal::Stmt;

constexpr double kTierDossierCode = 5;
constexpr double kTierFieldValue = 4;

// The newest matching pages a tier ranks (see above). A tier of several
// common words apart ("ho ngoc kim trinh") finds its pages by walking the
// rarest word's postings; at 1,000,000 pages, 1,000 of them took 15 ms of
// CPU, 200 took 4 (tools/bench/search_bench).
constexpr int kRankedPerTier = 200;

// Column weights of page_search, in the order text, meta,
// code, facets: a word on the page itself counts double a word of the
// dossier's metadata; facets (filters) do not rank.
constexpr std::string_view kColumnWeights = "1.0, 0.5, 0.5, 0.0";

std::string Trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

bool IsCitizenId(std::string_view s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

double Score(double tier, double relevance) {
  double r = std::max(relevance, 0.0);
  return tier + r / (1.0 + r);
}

std::string Describe(const std::string& procedure_name, const std::string& applicant) {
  std::string out;
  for (const std::string* part : {&procedure_name, &applicant}) {
    if (part->empty()) continue;
    out += " · ";
    out += *part;
  }
  return out;
}

struct Ranked {
  std::int64_t page_id;
  double relevance;
};

// Up to `limit` pages of one tier matching the filters: the matches taken
// newest first in windows of kRankedPerTier, each window by relevance.
// Ranking within windows keeps a tier's cost bounded for common words while
// any offset still pages through the same, stable order.
Result<std::vector<Ranked>> RankPages(Db& db, const internal::QueryMatch::Tier& tier,
                                      const FilterSql& filters, std::int64_t max_page,
                                      int limit) {
  std::string match = tier.match;
  if (!filters.facets.empty()) match = "(" + match + ") AND " + filters.facets;
  std::string sql = "SELECT page_search.rowid, sohoa_rank(page_search, ?2, " +
                    std::string(kColumnWeights) + ") FROM page_search";
  if (!filters.where.empty()) {
    sql += " JOIN search_pages sp ON sp.page_id = page_search.rowid "
           "JOIN dossiers d ON d.id = sp.dossier_id";
  }
  sql += " WHERE page_search MATCH ?1" + filters.where;
  if (tier.gap > 0) sql += " AND sohoa_follows(page_search, " + std::to_string(tier.gap) + ")";
  sql += " ORDER BY page_search.rowid DESC LIMIT ?3";
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db.Prepare(sql));
  const int windows = (limit + kRankedPerTier - 1) / kRankedPerTier;
  select.Bind(1, match).Bind(2, max_page).Bind(3, windows * kRankedPerTier);
  BindAll(select, 4, filters.values);
  std::vector<Ranked> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    out.push_back({select.Int(0), select.Double(1)});
  }
  for (std::size_t from = 0; from < out.size(); from += kRankedPerTier) {
    const auto begin = out.begin() + static_cast<std::ptrdiff_t>(from);
    const auto end = out.begin() + static_cast<std::ptrdiff_t>(
                                       std::min(out.size(), from + kRankedPerTier));
    std::sort(begin, end, [](const Ranked& a, const Ranked& b) {
      return a.relevance != b.relevance ? a.relevance > b.relevance : a.page_id > b.page_id;
    });
  }
  if (static_cast<int>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
  return out;
}

Result<SearchHit> PageHit(Db& db, const Ranked& ranked, double tier,
                          const internal::QueryMatch& match) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("SELECT p.number, doc.number, d.code, d.procedure_code, d.procedure_name, "
                 "d.applicant, p.text, doc.title, d.received_date FROM pages p "
                 "JOIN documents doc ON doc.id = p.document_id "
                 "JOIN dossiers d ON d.id = doc.dossier_id WHERE p.id = ?1"));
  select.Bind(1, ranked.page_id);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return Internal("page " + std::to_string(ranked.page_id) + " is indexed but gone");
  SearchHit hit;
  hit.score = Score(tier, ranked.relevance);
  hit.page = static_cast<int>(select.Int(0));
  hit.document = static_cast<int>(select.Int(1));
  hit.dossier_code = select.Text(2);
  hit.procedure_code = select.Text(3);
  hit.procedure_name = select.Text(4);
  hit.applicant = select.Text(5);
  hit.received_date = select.Text(8);
  const std::string text = select.Text(6);
  hit.snippet = internal::Snippet(text, match.snippet_words, match.snippet_prefixes);
  if (hit.snippet.empty()) {
    // The words matched the dossier's description rather than the page.
    const std::string about = select.Text(7) + Describe(hit.procedure_name, hit.applicant);
    hit.snippet = internal::Snippet(about, match.snippet_words, match.snippet_prefixes);
    if (hit.snippet.empty()) hit.snippet = internal::Lead(text);
  }
  return hit;
}

// One place in a search's order: a dossier found by its code or a citizen
// ID (its hit already made), or a page of a tier, whose hit is made only
// if it is shown (PageHit reads the page's text for the snippet).
struct Ordered {
  std::optional<SearchHit> head;
  Ranked page{};
  double tier = 0;
};

// Entries from several ordered sources, with `offset` counted over all of them.
class Pager {
 public:
  Pager(int offset, int limit) : skip_(offset), want_(limit) {}
  bool full() const { return static_cast<int>(kept_.size()) >= want_; }
  // How many rows to ask the next source for: enough to skip and to fill.
  int Ask() const { return skip_ + want_ - static_cast<int>(kept_.size()); }
  // Takes a source's rows; the source had no more than these.
  template <typename T>
  std::vector<T> Take(std::vector<T> rows) {
    std::vector<T> out;
    for (T& r : rows) {
      if (skip_ > 0) {
        --skip_;
        continue;
      }
      if (static_cast<int>(kept_.size() + out.size()) >= want_) break;
      out.push_back(std::move(r));
    }
    return out;
  }
  void Keep(Ordered entry) { kept_.push_back(std::move(entry)); }
  std::vector<Ordered> Done() { return std::move(kept_); }

 private:
  int skip_, want_;
  std::vector<Ordered> kept_;
};

Result<std::vector<SearchHit>> DossierHead(Db& db, const Scope& scope, const std::string& raw) {
  std::vector<SearchHit> hits;
  std::string upper = raw;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (auto code = ParseDossierCode(upper)) {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select,
        db.Prepare(
            "SELECT code, procedure_code, procedure_name, applicant, agency_code, received_date FROM dossiers "
            "WHERE code = ?1"));
    select.Bind(1, code->code);
    SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
    if (found && scope.Covers(internal::ReceivingAgency(select.Text(4), select.Text(0)))) {
      SearchHit hit;
      hit.dossier_code = select.Text(0);
      hit.procedure_code = select.Text(1);
      hit.procedure_name = select.Text(2);
      hit.applicant = select.Text(3);
      hit.received_date = select.Text(5);
      hit.snippet = "[" + hit.dossier_code + "]" + Describe(hit.procedure_name, hit.applicant);
      hit.score = kTierDossierCode;
      hits.push_back(std::move(hit));
    }
  }
  if (IsCitizenId(raw)) {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select,
        db.Prepare("SELECT d.code, d.procedure_code, d.procedure_name, d.applicant, min(f.name), "
                   "d.received_date "
                   "FROM fields f JOIN dossiers d ON d.id = f.dossier_id WHERE f.value = ?1" +
                   internal::ScopeCondition(scope, "d.agency_code", "d.code") +
                   " GROUP BY d.id ORDER BY d.id"));
    select.Bind(1, raw);
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      SearchHit hit;
      hit.dossier_code = select.Text(0);
      hit.procedure_code = select.Text(1);
      hit.procedure_name = select.Text(2);
      hit.applicant = select.Text(3);
      hit.received_date = select.Text(5);
      hit.snippet = select.Text(4) + ": [" + raw + "]" + Describe(hit.procedure_name, hit.applicant);
      hit.score = kTierFieldValue;
      hits.push_back(std::move(hit));
    }
  }
  return hits;
}

// The order of a query with words, without the hits' snippets: at most
// `limit` entries after skipping `offset`.
Result<std::vector<Ordered>> OrderPages(Db& db, const Scope& scope, const std::string& raw,
                                        const Query& query, const internal::QueryMatch& match,
                                        int limit, int offset) {
  Pager pager(offset, limit);
  const bool alone = query.terms.size() == 1 && query.filters.empty() && !query.terms[0].prefix;
  if (alone) {
    SOHOA_ASSIGN_OR_RETURN(std::vector<SearchHit> head, DossierHead(db, scope, raw));
    for (SearchHit& hit : pager.Take(std::move(head))) pager.Keep({std::move(hit), {}, 0});
  }
  SOHOA_ASSIGN_OR_RETURN(FilterSql filters, BuildFilters(db, query, scope, true, 4));
  SOHOA_ASSIGN_OR_RETURN(std::int64_t max_page, db.QueryInt("SELECT coalesce(max(id), 0) FROM pages"));
  // A tier's pages include those of the tiers above; each is shown once.
  std::unordered_set<std::int64_t> shown;
  for (const internal::QueryMatch::Tier& tier : match.Tiers()) {
    if (pager.full()) break;
    const int ask = pager.Ask() + static_cast<int>(shown.size());
    SOHOA_ASSIGN_OR_RETURN(std::vector<Ranked> ranked,
                           RankPages(db, tier, filters, max_page, ask));
    std::vector<Ranked> fresh;
    for (const Ranked& r : ranked) {
      if (shown.insert(r.page_id).second) fresh.push_back(r);
    }
    for (const Ranked& r : pager.Take(std::move(fresh))) pager.Keep({std::nullopt, r, tier.score});
  }
  return pager.Done();
}

Result<SearchHit> HitOf(Db& db, const Ordered& entry, const internal::QueryMatch& match) {
  if (entry.head) return *entry.head;
  return PageHit(db, entry.page, entry.tier, match);
}

Result<std::vector<SearchHit>> SearchPages(Db& db, const Scope& scope, const std::string& raw, const Query& query,
                                           int limit, int offset) {
  const internal::QueryMatch match = internal::BuildMatch(query);
  SOHOA_ASSIGN_OR_RETURN(std::vector<Ordered> ordered,
                         OrderPages(db, scope, raw, query, match, limit, offset));
  std::vector<SearchHit> hits;
  for (const Ordered& entry : ordered) {
    SOHOA_ASSIGN_OR_RETURN(SearchHit hit, HitOf(db, entry, match));
    hits.push_back(std::move(hit));
  }
  return hits;
}

// The code of the dossier an ordered entry belongs to.
Result<std::string> DossierOf(Db& db, const Ordered& entry) {
  if (entry.head) return entry.head->dossier_code;
  SOHOA_ASSIGN_OR_RETURN(Stmt select,
                         db.Prepare("SELECT d.code FROM search_pages sp JOIN dossiers d ON "
                                    "d.id = sp.dossier_id WHERE sp.page_id = ?1"));
  select.Bind(1, entry.page.page_id);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return Internal("page " + std::to_string(entry.page.page_id) + " is indexed but gone");
  return select.Text(0);
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

Result<std::vector<SearchHit>> ListDossiers(Db& db, const Scope& scope, const Query& query, int limit, int offset) {
  SOHOA_ASSIGN_OR_RETURN(auto condition, DossierCondition(db, scope, query));
  auto& [where, values] = condition;
  const int n = static_cast<int>(values.size());
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("SELECT d.code, d.procedure_code, d.procedure_name, d.applicant, "
                 "d.received_date FROM dossiers d WHERE " + where +
                 " ORDER BY d.received_date DESC, d.id DESC LIMIT ?" + std::to_string(n + 1) +
                 " OFFSET ?" + std::to_string(n + 2)));
  BindAll(select, 1, values);
  select.Bind(n + 1, limit).Bind(n + 2, offset);
  const internal::QueryMatch match = internal::BuildMatch(query);
  std::vector<SearchHit> hits;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    SearchHit hit;
    hit.dossier_code = select.Text(0);
    hit.procedure_code = select.Text(1);
    hit.procedure_name = select.Text(2);
    hit.applicant = select.Text(3);
    const std::string received = select.Text(4);
    hit.received_date = received;
    std::string about = received.empty() ? "received: unknown" : "received " + received;
    about += Describe(hit.procedure_name, hit.applicant);
    hit.snippet = internal::Snippet(about, match.snippet_words, match.snippet_prefixes, 200);
    if (hit.snippet.empty()) hit.snippet = internal::Lead(about, 200);
    hits.push_back(std::move(hit));
  }
  return hits;
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

// How many matching pages each of `codes` holds.
Result<std::map<std::string, int>> CountPages(Db& db, const Scope& scope, const Query& query,
                                              const std::vector<std::string>& codes) {
  std::map<std::string, int> out;
  if (codes.empty()) return out;
  SOHOA_ASSIGN_OR_RETURN(auto pages, MatchingPagesSql(db, scope, query));
  std::vector<PageSpan> spans;
  std::map<std::string, std::int64_t> ids;
  for (const std::string& code : codes) {
    SOHOA_ASSIGN_OR_RETURN(std::optional<PageSpan> span, SpanOf(db, code));
    if (!span) continue;
    ids[code] = span->dossier_id;
    spans.push_back(*span);
  }
  SOHOA_ASSIGN_OR_RETURN(auto counts, MatchingPagesOf(db, pages, std::move(spans)));
  for (const std::string& code : codes) {
    const auto id = ids.find(code);
    out[code] = id == ids.end() ? 0 : counts[id->second];
  }
  return out;
}

Result<std::int64_t> CountDossiers(Db& db, const Scope& scope, const Query& query, const std::vector<std::string>& head_codes) {
  if (!query.HasPositiveTerm()) {
    SOHOA_ASSIGN_OR_RETURN(auto condition, DossierCondition(db, scope, query));
    SOHOA_ASSIGN_OR_RETURN(
        Stmt count, db.Prepare("SELECT count(*) FROM (SELECT 1 FROM dossiers d WHERE " + condition.first +
                               " LIMIT " + std::to_string(DossierSearch::kExactTotalUpTo + 1) + ")"));
    BindAll(count, 1, condition.second);
    SOHOA_ASSIGN_OR_RETURN(bool row, count.Step());
    return row ? count.Int(0) : 0;
  }
  SOHOA_ASSIGN_OR_RETURN(auto pages, MatchingPagesSql(db, scope, query));
  // Distinct dossiers, and no more than one past the bound: the scan stops there.
  SOHOA_ASSIGN_OR_RETURN(
      Stmt count, db.Prepare("SELECT count(*) FROM (SELECT DISTINCT sp.dossier_id " + pages.first +
                             " LIMIT " + std::to_string(DossierSearch::kExactTotalUpTo + 1) + ")"));
  BindAll(count, 1, pages.second);
  SOHOA_ASSIGN_OR_RETURN(bool row, count.Step());
  std::int64_t total = row ? count.Int(0) : 0;
  // A dossier found by its code or a citizen ID alone need not hold the
  // words on a page.
  SOHOA_ASSIGN_OR_RETURN(auto on_pages, CountPages(db, scope, query, head_codes));
  for (const auto& [code, matching] : on_pages) {
    if (matching == 0) ++total;
  }
  return total;
}

// A total past the bound of exact counting says so.
DossierSearch Bounded(DossierSearch search) {
  if (search.total > DossierSearch::kExactTotalUpTo) {
    search.total = DossierSearch::kExactTotalUpTo;
    search.total_exact = false;
  }
  return search;
}

}  // namespace

Result<std::vector<SearchHit>> SqliteCatalog::Search(const std::string& query, int limit, int offset) {
  if (limit < 1)
    return InvalidArgument("the search limit must be at least 1, not " + std::to_string(limit));
  if (offset < 0)
    return InvalidArgument("the search offset must be 0 or more, not " + std::to_string(offset));
  SOHOA_ASSIGN_OR_RETURN(Query parsed, ParseQuery(query));
  if (parsed.empty()) return std::vector<SearchHit>{};
  const std::string raw = Trim(query);
  Db& db = db_;
  const Scope& scope = scope_;
  auto hits = parsed.HasPositiveTerm() ? SearchPages(db, scope, raw, parsed, limit, offset)
                                       : ListDossiers(db, scope, parsed, limit, offset);
  if (!hits.ok()) return hits.status().WithContext("searching for '" + raw + "'");
  return hits;
}

Result<DossierSearch> SqliteCatalog::SearchDossiers(const std::string& query, int limit, int offset) {
  if (limit < 1)
    return InvalidArgument("the search limit must be at least 1, not " + std::to_string(limit));
  if (offset < 0)
    return InvalidArgument("the search offset must be 0 or more, not " + std::to_string(offset));
  SOHOA_ASSIGN_OR_RETURN(Query parsed, ParseQuery(query));
  DossierSearch result;
  if (parsed.empty()) return result;
  const std::string raw = Trim(query);
  Db& db = db_;
  const Scope& scope = scope_;
  auto search = [&]() -> Result<DossierSearch> {
    DossierSearch out;
    if (!parsed.HasPositiveTerm()) {
      SOHOA_ASSIGN_OR_RETURN(std::vector<SearchHit> listed, ListDossiers(db, scope, parsed, limit, offset));
      for (SearchHit& hit : listed) out.hits.push_back({std::move(hit), 0});
      SOHOA_ASSIGN_OR_RETURN(out.total, CountDossiers(db, scope, parsed, {}));
      return Bounded(std::move(out));
    }
    // Pages in Search's order, more of them until enough dossiers are seen
    // or the matches run out; a dossier takes its first (best) page's place.
    // Only the dossiers shown get a hit with its snippet.
    const int want = offset + limit;
    const internal::QueryMatch match = internal::BuildMatch(parsed);
    std::vector<Ordered> best;
    std::vector<std::string> best_codes, head;
    for (int pages = std::max(64, want * 4);; pages *= 4) {
      SOHOA_ASSIGN_OR_RETURN(std::vector<Ordered> ordered,
                             OrderPages(db, scope, raw, parsed, match, pages, 0));
      best.clear();
      best_codes.clear();
      head.clear();
      std::unordered_set<std::string> seen;
      for (Ordered& entry : ordered) {
        SOHOA_ASSIGN_OR_RETURN(std::string code, DossierOf(db, entry));
        if (entry.head) head.push_back(code);
        if (seen.insert(code).second) {
          best.push_back(std::move(entry));
          best_codes.push_back(std::move(code));
        }
        if (static_cast<int>(best.size()) >= want) break;
      }
      if (static_cast<int>(best.size()) >= want || static_cast<int>(ordered.size()) < pages) break;
    }
    std::vector<std::string> codes;
    for (std::size_t i = static_cast<std::size_t>(offset); i < best.size() && static_cast<int>(codes.size()) < limit;
         ++i) {
      codes.push_back(best_codes[i]);
    }
    SOHOA_ASSIGN_OR_RETURN(auto counts, CountPages(db, scope, parsed, codes));
    for (std::size_t i = 0; i < codes.size(); ++i) {
      SOHOA_ASSIGN_OR_RETURN(SearchHit hit, HitOf(db, best[static_cast<std::size_t>(offset) + i], match));
      out.hits.push_back({std::move(hit), counts[codes[i]]});
    }
    SOHOA_ASSIGN_OR_RETURN(out.total, CountDossiers(db, scope, parsed, head));
    return Bounded(std::move(out));
  };
  auto found = search();
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
