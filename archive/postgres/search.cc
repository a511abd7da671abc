// Catalog::Search, SearchDossiers and MatchingDossiers on PostgreSQL: the
// reads of archive/internal/search_run.h (PgSearchSource) over search_pages
// and the dossiers. Each tier is one tsquery over the GIN index of the
// provinces read, its matches taken newest first by page id and ranked by
// bm25 (search_rank.h) on their columns; filters are SQL and facets
// (search_filters.h).
#include "archive/postgres/search.h"

#include <map>
#include <optional>
#include <set>

#include "archive/internal/search_match.h"
#include "archive/internal/search_run.h"
#include "archive/internal/search_text.h"
#include "archive/postgres/search_filters.h"
#include "archive/postgres/search_rank.h"
#include "archive/postgres/search_slices.h"
#include "archive/postgres/search_tsquery.h"
#include "archive/query.h"

namespace sohoa::archive::postgres {
namespace {

using internal::DossierFacts;
using internal::RankedPage;

constexpr const char* kFacts = "d.code, d.procedure_code, d.procedure_name, d.applicant, d.received_date";

DossierFacts FactsAt(const Rows& rows, int row, int first) {
  return {rows.Text(row, first), rows.Text(row, first + 1), rows.Text(row, first + 2), rows.Text(row, first + 3),
          rows.Text(row, first + 4)};
}

// kFacts, then the page's number, its document's, its text and the title.
internal::PageFacts PageAt(const Rows& rows, int row) {
  internal::PageFacts page;
  page.dossier = FactsAt(rows, row, 0);
  page.page = static_cast<int>(rows.Int(row, 5));
  page.document = static_cast<int>(rows.Int(row, 6));
  page.text = rows.Text(row, 7);
  page.title = rows.Text(row, 8);
  return page;
}

// `words` ANDed with the filters' facets.
std::string WithFacets(const std::string& words, const PgFilters& filters) {
  return filters.facets.empty() ? words : "(" + words + ") & (" + filters.facets + ")";
}

// The dossiers matching a query's filters and none of its excluded words,
// as SQL over `d` ("true AND ..."), its values appended to `params`.
Result<std::string> DossierCondition(Connection& db, const Scope& scope, const Query& query,
                                     std::vector<Param>& params) {
  SOHOA_ASSIGN_OR_RETURN(PgFilters filters, BuildPgFilters(db, query, scope, false, params));
  std::string where = "true" + filters.where;
  const internal::QueryMatch match = internal::BuildMatch(query);
  if (!match.excluded.empty()) {
    SOHOA_ASSIGN_OR_RETURN(TsMatch excluded, ToTsQuery(match.excluded));
    where += " AND d.id NOT IN (SELECT x.dossier_id FROM search_pages x WHERE x.words @@ " +
             Bind(params, excluded.tsquery) + "::tsquery)";
  }
  return where;
}

// " AND s.page_id BETWEEN ...": the slice's ids, which leave out of the
// plan the ranges of page ids (0004_search_ranges.sql) it does not touch.
std::string SliceRange(const PageSlice& slice, std::vector<Param>& params) {
  return " AND s.page_id BETWEEN " + Bind(params, std::to_string(slice.first)) + "::bigint AND " +
         Bind(params, std::to_string(slice.last)) + "::bigint";
}

// How the pages matching a query are reached: through the GIN index of
// their words, or through the other conditions with the words checked on
// each row (the function rather than the operator, which the planner
// would take to the index: for the pages of a few dossiers, the index
// would walk every page holding a common word).
enum class Reach { kByWords, kByRows };

// The pages matching a query with words (within `slice` of
// search_slices.h, if given): "FROM ... WHERE ..." over search_pages `s`
// and dossiers `d`, its values appended to `params`.
Result<std::string> MatchingPagesSql(Connection& db, const Scope& scope, const Query& query,
                                     std::vector<Param>& params, const PageSlice* slice = nullptr,
                                     Reach reach = Reach::kByWords) {
  SOHOA_ASSIGN_OR_RETURN(TsMatch pages, ToTsQuery(internal::BuildMatch(query).Pages()));
  SOHOA_ASSIGN_OR_RETURN(PgFilters filters, BuildPgFilters(db, query, scope, true, params));
  std::string words = WithFacets(pages.tsquery, filters);
  std::string range;
  if (slice != nullptr) {
    words = "(" + words + ") & " + slice->tsquery;
    range = SliceRange(*slice, params);
  }
  const std::string bound = Bind(params, words) + "::tsquery";
  return "FROM search_pages s JOIN dossiers d ON d.id = s.dossier_id WHERE " +
         (reach == Reach::kByWords ? "s.words @@ " + bound : "ts_match_vq(s.words, " + bound + ")") + range +
         filters.where;
}

// What a search reads from the PostgreSQL catalog.
class PgSearchSource final : public internal::SearchSource {
 public:
  PgSearchSource(Connection& db, const Scope& scope, const Query& query, Bm25Counts& counts)
      : db_(db), scope_(scope), query_(query), bm25_(db, counts) {}

  Result<std::optional<DossierFacts>> DossierByCode(const std::string& code) override {
    std::vector<Param> params = {code};
    SOHOA_ASSIGN_OR_RETURN(Rows rows, db_.Query(std::string("SELECT ") + kFacts + " FROM dossiers d WHERE d.code = $1" +
                                                    ScopeCondition(scope_, "d.agency_path", params),
                                                params));
    if (rows.empty()) return std::optional<DossierFacts>();
    return std::optional<DossierFacts>(FactsAt(rows, 0, 0));
  }

  Result<std::vector<std::pair<DossierFacts, std::string>>> DossiersWithValue(const std::string& value) override {
    std::vector<Param> params = {value};
    SOHOA_ASSIGN_OR_RETURN(
        Rows rows, db_.Query(std::string("SELECT ") + kFacts +
                                 ", min(f.name COLLATE \"C\") FROM fields f JOIN dossiers d ON d.id = f.dossier_id "
                                 "WHERE f.value = $1" +
                                 ScopeCondition(scope_, "d.agency_path", params) + " GROUP BY d.id ORDER BY d.id",
                             params));
    std::vector<std::pair<DossierFacts, std::string>> out;
    for (int i = 0; i < rows.size(); ++i) out.emplace_back(FactsAt(rows, i, 0), rows.Text(i, 5));
    return out;
  }

  Result<std::vector<RankedPage>> TierPages(const internal::QueryMatch::Tier& tier, int limit) override {
    SOHOA_ASSIGN_OR_RETURN(TsMatch match, ToTsQuery(tier.match));
    SOHOA_RETURN_IF_ERROR(LoadPageFilters());
    SOHOA_ASSIGN_OR_RETURN(std::int64_t max_page, bm25_.MaxPage());
    std::string words = WithFacets(match.tsquery, *page_filters_);
    const std::string follow = tier.gap > 0 ? FollowQuery(match) : "";
    if (!follow.empty()) words = "(" + words + ") & (" + follow + ")";
    std::vector<RankedPage> out;
    // The newest matches first, slice by slice (search_slices.h), then
    // their columns for ranking and what their hits show. (Where the tier
    // wants a beginning right after its words, ranking checks it again and
    // leaves out a page that has it apart: more are read until enough are
    // kept.)
    SliceWalk walk(max_page, true);
    std::int64_t found = 0;  // rows the slice before gave
    while (static_cast<int>(out.size()) < limit) {
      const std::optional<PageSlice> slice = walk.Next(found, limit - static_cast<int>(out.size()));
      if (!slice) break;
      found = 0;
      std::int64_t below = slice->last + 1;
      while (static_cast<int>(out.size()) < limit) {
        const int ask = limit - static_cast<int>(out.size());
        std::vector<Param> params = filter_params_;
        const std::string in_slice = Bind(params, "(" + words + ") & " + slice->tsquery);
        const std::string from = Bind(params, std::to_string(slice->first));
        const std::string before = Bind(params, std::to_string(below));
        const std::string count = Bind(params, std::to_string(ask));
        SOHOA_ASSIGN_OR_RETURN(
            Rows rows,
            db_.Query("WITH hits AS (SELECT s.page_id, s.dossier_id, s.tokens, s.meta, s.document, s.page "
                      "FROM search_pages s JOIN dossiers d ON d.id = s.dossier_id WHERE s.words @@ " + in_slice +
                          "::tsquery AND s.page_id >= " + from + "::bigint AND s.page_id < " + before +
                          "::bigint" + page_filters_->where +
                          " ORDER BY s.page_id DESC LIMIT " + count + ") SELECT " + kFacts +
                          ", h.page, h.document, p.text, doc.title, h.page_id, h.tokens, h.meta FROM hits h "
                          "JOIN dossiers d ON d.id = h.dossier_id JOIN pages p ON p.id = h.page_id "
                          "JOIN documents doc ON doc.id = p.document_id ORDER BY h.page_id DESC",
                      params));
        found += rows.size();
        for (int i = 0; i < rows.size(); ++i) {
          internal::PageFacts page = PageAt(rows, i);
          const std::int64_t page_id = rows.Int(i, 9);
          below = page_id;
          const RankedRow row{page.text, rows.Text(i, 11), page.dossier.code, static_cast<int>(rows.Int(i, 10))};
          SOHOA_ASSIGN_OR_RETURN(std::optional<double> relevance, bm25_.Relevance(match, row, tier.gap));
          if (!relevance) continue;
          out.push_back({page_id, *relevance});
          pages_[page_id] = std::move(page);
        }
        if (rows.size() < ask) break;  // the slice has no more
      }
    }
    return out;
  }

  // Every page TierPages found is known; others are read.
  Result<internal::PageFacts> Page(std::int64_t page_id) override {
    const auto known = pages_.find(page_id);
    if (known != pages_.end()) return known->second;
    SOHOA_ASSIGN_OR_RETURN(
        Rows rows, db_.Query(std::string("SELECT ") + kFacts +
                                 ", p.number, doc.number, p.text, doc.title FROM pages p "
                                 "JOIN documents doc ON doc.id = p.document_id "
                                 "JOIN dossiers d ON d.id = doc.dossier_id WHERE p.id = $1",
                             {std::to_string(page_id)}));
    if (rows.empty()) return Internal("page " + std::to_string(page_id) + " is indexed but gone");
    return PageAt(rows, 0);
  }

  Result<std::string> DossierOfPage(std::int64_t page_id) override {
    SOHOA_ASSIGN_OR_RETURN(internal::PageFacts page, Page(page_id));
    return page.dossier.code;
  }

  Result<std::vector<DossierFacts>> ListDossiers(int limit, int offset) override {
    std::vector<Param> params;
    SOHOA_ASSIGN_OR_RETURN(std::string where, DossierCondition(db_, scope_, query_, params));
    const std::string count = Bind(params, std::to_string(limit));
    const std::string skip = Bind(params, std::to_string(offset));
    SOHOA_ASSIGN_OR_RETURN(Rows rows, db_.Query(std::string("SELECT ") + kFacts + " FROM dossiers d WHERE " + where +
                                                    " ORDER BY d.received_date DESC, d.id DESC LIMIT " + count +
                                                    " OFFSET " + skip,
                                                params));
    std::vector<DossierFacts> out;
    for (int i = 0; i < rows.size(); ++i) out.push_back(FactsAt(rows, i, 0));
    return out;
  }

  Result<std::map<std::string, int>> CountPages(const std::vector<std::string>& codes) override {
    std::map<std::string, int> out;
    if (codes.empty()) return out;
    std::vector<Param> params;
    SOHOA_ASSIGN_OR_RETURN(std::string pages, MatchingPagesSql(db_, scope_, query_, params, nullptr, Reach::kByRows));
    SOHOA_ASSIGN_OR_RETURN(Rows rows, db_.Query("SELECT d.code, count(*) " + pages + " AND d.code = ANY(" +
                                                    Bind(params, TextArray(codes)) + "::text[]) GROUP BY d.code",
                                                params));
    for (int i = 0; i < rows.size(); ++i) out[rows.Text(i, 0)] = static_cast<int>(rows.Int(i, 1));
    return out;
  }

  Result<std::int64_t> CountDossiers() override {
    // No more than one past the bound: counting stops there.
    const std::string enough = std::to_string(DossierSearch::kExactTotalUpTo + 1);
    if (!query_.HasPositiveTerm()) {
      std::vector<Param> params;
      SOHOA_ASSIGN_OR_RETURN(std::string where, DossierCondition(db_, scope_, query_, params));
      SOHOA_ASSIGN_OR_RETURN(Rows rows, db_.Query("SELECT count(*) FROM (SELECT 1 FROM dossiers d WHERE " + where +
                                                      " LIMIT " + enough + ") c",
                                                  params));
      return rows.Int(0, 0);
    }
    // The dossiers of the matching pages, newest slice first.
    SOHOA_ASSIGN_OR_RETURN(std::int64_t max_page, bm25_.MaxPage());
    std::set<std::string> dossiers;
    SliceWalk walk(max_page, true);
    std::int64_t found = 0;  // dossiers the slice before added
    while (static_cast<std::int64_t>(dossiers.size()) <= DossierSearch::kExactTotalUpTo) {
      const std::optional<PageSlice> slice =
          walk.Next(found, DossierSearch::kExactTotalUpTo + 1 - static_cast<std::int64_t>(dossiers.size()));
      if (!slice) break;
      std::vector<Param> params;
      SOHOA_ASSIGN_OR_RETURN(std::string pages, MatchingPagesSql(db_, scope_, query_, params, &*slice));
      SOHOA_ASSIGN_OR_RETURN(Rows rows, db_.Query("SELECT DISTINCT s.dossier_id " + pages + " LIMIT " + enough, params));
      const std::size_t before = dossiers.size();
      for (int i = 0; i < rows.size(); ++i) dossiers.insert(rows.Text(i, 0));
      found = static_cast<std::int64_t>(dossiers.size() - before);
    }
    return static_cast<std::int64_t>(dossiers.size());
  }

 private:
  // The filters of a page query, built once per search.
  Status LoadPageFilters() {
    if (page_filters_) return Status::Ok();
    SOHOA_ASSIGN_OR_RETURN(PgFilters filters, BuildPgFilters(db_, query_, scope_, true, filter_params_));
    page_filters_ = std::move(filters);
    return Status::Ok();
  }

  Connection& db_;
  const Scope& scope_;
  const Query& query_;
  Bm25 bm25_;
  std::optional<PgFilters> page_filters_;
  std::vector<Param> filter_params_;  // page_filters_'s values
  std::map<std::int64_t, internal::PageFacts> pages_;  // those TierPages found
};

}  // namespace

std::string WordQuery(const std::string& word) {
  auto match = ToTsQuery(internal::MatchPhrase(internal::SplitWordsInOrder(word), false, "text meta code"));
  return match.ok() ? match->tsquery : "";
}

Result<std::vector<SearchHit>> PgSearchIndex::Search(const std::string& query, int limit, int offset) {
  SOHOA_RETURN_IF_ERROR(internal::CheckPaging(limit, offset));
  SOHOA_ASSIGN_OR_RETURN(Query parsed, ParseQuery(query));
  if (parsed.empty()) return std::vector<SearchHit>{};
  const std::string raw = internal::TrimQuery(query);
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  PgSearchSource source(*db, context_.scope, parsed, counts_);
  auto hits = internal::RunSearch(source, raw, parsed, limit, offset);
  if (!hits.ok()) return hits.status().WithContext("searching for '" + raw + "'");
  return hits;
}

Result<DossierSearch> PgSearchIndex::SearchDossiers(const std::string& query, int limit, int offset) {
  SOHOA_RETURN_IF_ERROR(internal::CheckPaging(limit, offset));
  SOHOA_ASSIGN_OR_RETURN(Query parsed, ParseQuery(query));
  if (parsed.empty()) return DossierSearch{};
  const std::string raw = internal::TrimQuery(query);
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  PgSearchSource source(*db, context_.scope, parsed, counts_);
  auto found = internal::RunSearchDossiers(source, raw, parsed, limit, offset);
  if (!found.ok()) return found.status().WithContext("searching for '" + raw + "'");
  return found;
}

Result<std::vector<std::string>> PgSearchIndex::MatchingDossiers(const std::string& query) {
  SOHOA_ASSIGN_OR_RETURN(Query parsed, ParseQuery(query));
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  auto list = [&]() -> Result<std::vector<std::string>> {
    std::vector<Param> params;
    std::string sql;
    if (parsed.HasPositiveTerm()) {
      SOHOA_ASSIGN_OR_RETURN(std::string pages, MatchingPagesSql(*db, context_.scope, parsed, params));
      sql = "SELECT DISTINCT d.code COLLATE \"C\" " + pages + " ORDER BY 1";
    } else {
      SOHOA_ASSIGN_OR_RETURN(std::string where, DossierCondition(*db, context_.scope, parsed, params));
      sql = "SELECT d.code FROM dossiers d WHERE " + where + " ORDER BY d.code COLLATE \"C\"";
    }
    SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query(sql, params));
    std::vector<std::string> codes;
    for (int i = 0; i < rows.size(); ++i) codes.push_back(rows.Text(i, 0));
    return codes;
  };
  auto codes = list();
  if (!codes.ok()) return codes.status().WithContext("listing the dossiers matching '" + query + "'");
  return codes;
}

Result<int> PgSearchIndex::CompactSearchIndex(int max_steps, const std::function<void(int)>& progress) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  // Every range's GIN index of words (the leaves under each province's).
  SOHOA_ASSIGN_OR_RETURN(Rows indexes,
                         db->Query("SELECT relid::regclass::text FROM pg_partition_tree('search_pages_words') "
                                   "WHERE isleaf ORDER BY 1"));
  int steps = 0;
  for (int i = 0; i < indexes.size() && (max_steps == 0 || steps < max_steps); ++i) {
    SOHOA_ASSIGN_OR_RETURN(Rows cleaned, db->Query("SELECT gin_clean_pending_list($1::regclass)",
                                                   {indexes.Text(i, 0)}));
    if (cleaned.Int(0, 0) == 0) continue;
    ++steps;
    if (progress) progress(steps);
  }
  // The planner's statistics of the words (most common lexemes), which
  // choose between the GIN index and walking pages newest first.
  SOHOA_RETURN_IF_ERROR(db->Run("ANALYZE search_pages"));
  return steps;
}

}  // namespace sohoa::archive::postgres
