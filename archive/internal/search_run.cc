#include "archive/internal/search_run.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_set>

#include "archive/internal/search_text.h"
#include "schema/dossier_code.h"

namespace sohoa::archive::internal {
namespace {

constexpr double kTierDossierCode = 5;
constexpr double kTierFieldValue = 4;

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

SearchHit HitOf(const DossierFacts& d) {
  SearchHit hit;
  hit.dossier_code = d.code;
  hit.procedure_code = d.procedure_code;
  hit.procedure_name = d.procedure_name;
  hit.applicant = d.applicant;
  hit.received_date = d.received_date;
  return hit;
}

// Up to `limit` pages of one tier: the matches taken newest first in
// windows of kRankedPerTier, each window by relevance. Ranking within
// windows keeps a tier's cost bounded for common words while any offset
// still pages through the same, stable order.
Result<std::vector<RankedPage>> RankPages(SearchSource& source, const QueryMatch::Tier& tier, int limit) {
  const int windows = (limit + kRankedPerTier - 1) / kRankedPerTier;
  SOHOA_ASSIGN_OR_RETURN(std::vector<RankedPage> out, source.TierPages(tier, windows * kRankedPerTier));
  for (std::size_t from = 0; from < out.size(); from += kRankedPerTier) {
    const auto begin = out.begin() + static_cast<std::ptrdiff_t>(from);
    const auto end = out.begin() + static_cast<std::ptrdiff_t>(
                                       std::min(out.size(), from + kRankedPerTier));
    std::sort(begin, end, [](const RankedPage& a, const RankedPage& b) {
      return a.relevance != b.relevance ? a.relevance > b.relevance : a.page_id > b.page_id;
    });
  }
  if (static_cast<int>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
  return out;
}

Result<SearchHit> PageHit(SearchSource& source, const RankedPage& ranked, double tier, const QueryMatch& match) {
  SOHOA_ASSIGN_OR_RETURN(PageFacts page, source.Page(ranked.page_id));
  SearchHit hit = HitOf(page.dossier);
  hit.score = Score(tier, ranked.relevance);
  hit.page = page.page;
  hit.document = page.document;
  hit.snippet = Snippet(page.text, match.snippet_words, match.snippet_prefixes);
  if (hit.snippet.empty()) {
    // The words matched the dossier's description rather than the page.
    const std::string about = page.title + Describe(hit.procedure_name, hit.applicant);
    hit.snippet = Snippet(about, match.snippet_words, match.snippet_prefixes);
    if (hit.snippet.empty()) hit.snippet = Lead(page.text);
  }
  return hit;
}

// One place in a search's order: a dossier found by its code or a citizen
// ID (its hit already made), or a page of a tier, whose hit is made only
// if it is shown (PageHit reads the page's text for the snippet).
struct Ordered {
  std::optional<SearchHit> head;
  RankedPage page{};
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

Result<std::vector<SearchHit>> DossierHead(SearchSource& source, const std::string& raw) {
  std::vector<SearchHit> hits;
  std::string upper = raw;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (auto code = ParseDossierCode(upper)) {
    SOHOA_ASSIGN_OR_RETURN(std::optional<DossierFacts> found, source.DossierByCode(code->code));
    if (found) {
      SearchHit hit = HitOf(*found);
      hit.snippet = "[" + hit.dossier_code + "]" + Describe(hit.procedure_name, hit.applicant);
      hit.score = kTierDossierCode;
      hits.push_back(std::move(hit));
    }
  }
  if (IsCitizenId(raw)) {
    SOHOA_ASSIGN_OR_RETURN(auto holders, source.DossiersWithValue(raw));
    for (const auto& [dossier, field] : holders) {
      SearchHit hit = HitOf(dossier);
      hit.snippet = field + ": [" + raw + "]" + Describe(hit.procedure_name, hit.applicant);
      hit.score = kTierFieldValue;
      hits.push_back(std::move(hit));
    }
  }
  return hits;
}

// The order of a query with words, without the hits' snippets: at most
// `limit` entries after skipping `offset`.
Result<std::vector<Ordered>> OrderPages(SearchSource& source, const std::string& raw, const Query& query,
                                        const QueryMatch& match, int limit, int offset) {
  Pager pager(offset, limit);
  const bool alone = query.terms.size() == 1 && query.filters.empty() && !query.terms[0].prefix;
  if (alone) {
    SOHOA_ASSIGN_OR_RETURN(std::vector<SearchHit> head, DossierHead(source, raw));
    for (SearchHit& hit : pager.Take(std::move(head))) pager.Keep({std::move(hit), {}, 0});
  }
  // A tier's pages include those of the tiers above; each is shown once.
  std::unordered_set<std::int64_t> shown;
  for (const QueryMatch::Tier& tier : match.Tiers()) {
    if (pager.full()) break;
    const int ask = pager.Ask() + static_cast<int>(shown.size());
    SOHOA_ASSIGN_OR_RETURN(std::vector<RankedPage> ranked, RankPages(source, tier, ask));
    std::vector<RankedPage> fresh;
    for (const RankedPage& r : ranked) {
      if (shown.insert(r.page_id).second) fresh.push_back(r);
    }
    for (const RankedPage& r : pager.Take(std::move(fresh))) pager.Keep({std::nullopt, r, tier.score});
  }
  return pager.Done();
}

Result<SearchHit> HitOf(SearchSource& source, const Ordered& entry, const QueryMatch& match) {
  if (entry.head) return *entry.head;
  return PageHit(source, entry.page, entry.tier, match);
}

// The code of the dossier an ordered entry belongs to.
Result<std::string> DossierOf(SearchSource& source, const Ordered& entry) {
  if (entry.head) return entry.head->dossier_code;
  return source.DossierOfPage(entry.page.page_id);
}

Result<std::vector<SearchHit>> ListDossiers(SearchSource& source, const Query& query, int limit, int offset) {
  SOHOA_ASSIGN_OR_RETURN(std::vector<DossierFacts> listed, source.ListDossiers(limit, offset));
  const QueryMatch match = BuildMatch(query);
  std::vector<SearchHit> hits;
  for (const DossierFacts& dossier : listed) {
    SearchHit hit = HitOf(dossier);
    std::string about = dossier.received_date.empty() ? "received: unknown" : "received " + dossier.received_date;
    about += Describe(hit.procedure_name, hit.applicant);
    hit.snippet = Snippet(about, match.snippet_words, match.snippet_prefixes, 200);
    if (hit.snippet.empty()) hit.snippet = Lead(about, 200);
    hits.push_back(std::move(hit));
  }
  return hits;
}

Result<std::int64_t> CountDossiers(SearchSource& source, const Query& query, const std::vector<std::string>& head_codes) {
  SOHOA_ASSIGN_OR_RETURN(std::int64_t total, source.CountDossiers());
  if (!query.HasPositiveTerm()) return total;
  // A dossier found by its code or a citizen ID alone need not hold the
  // words on a page.
  SOHOA_ASSIGN_OR_RETURN(auto on_pages, source.CountPages(head_codes));
  for (const std::string& code : std::set<std::string>(head_codes.begin(), head_codes.end())) {
    const auto found = on_pages.find(code);
    if (found == on_pages.end() || found->second == 0) ++total;
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

std::string TrimQuery(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

Status CheckPaging(int limit, int offset) {
  if (limit < 1) return InvalidArgument("the search limit must be at least 1, not " + std::to_string(limit));
  if (offset < 0) return InvalidArgument("the search offset must be 0 or more, not " + std::to_string(offset));
  return Status::Ok();
}

Result<std::vector<SearchHit>> RunSearch(SearchSource& source, const std::string& raw, const Query& query,
                                         int limit, int offset) {
  if (!query.HasPositiveTerm()) return ListDossiers(source, query, limit, offset);
  const QueryMatch match = BuildMatch(query);
  SOHOA_ASSIGN_OR_RETURN(std::vector<Ordered> ordered, OrderPages(source, raw, query, match, limit, offset));
  std::vector<SearchHit> hits;
  for (const Ordered& entry : ordered) {
    SOHOA_ASSIGN_OR_RETURN(SearchHit hit, HitOf(source, entry, match));
    hits.push_back(std::move(hit));
  }
  return hits;
}

Result<DossierSearch> RunSearchDossiers(SearchSource& source, const std::string& raw, const Query& query,
                                        int limit, int offset) {
  DossierSearch out;
  if (!query.HasPositiveTerm()) {
    SOHOA_ASSIGN_OR_RETURN(std::vector<SearchHit> listed, ListDossiers(source, query, limit, offset));
    for (SearchHit& hit : listed) out.hits.push_back({std::move(hit), 0});
    SOHOA_ASSIGN_OR_RETURN(out.total, CountDossiers(source, query, {}));
    return Bounded(std::move(out));
  }
  // Pages in Search's order, more of them until enough dossiers are seen
  // or the matches run out; a dossier takes its first (best) page's place.
  // Only the dossiers shown get a hit with its snippet.
  const int want = offset + limit;
  const QueryMatch match = BuildMatch(query);
  std::vector<Ordered> best;
  std::vector<std::string> best_codes, head;
  for (int pages = std::max(64, want * 4);; pages *= 4) {
    SOHOA_ASSIGN_OR_RETURN(std::vector<Ordered> ordered, OrderPages(source, raw, query, match, pages, 0));
    best.clear();
    best_codes.clear();
    head.clear();
    std::unordered_set<std::string> seen;
    for (Ordered& entry : ordered) {
      SOHOA_ASSIGN_OR_RETURN(std::string code, DossierOf(source, entry));
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
  SOHOA_ASSIGN_OR_RETURN(auto counts, source.CountPages(codes));
  for (std::size_t i = 0; i < codes.size(); ++i) {
    SOHOA_ASSIGN_OR_RETURN(SearchHit hit, HitOf(source, best[static_cast<std::size_t>(offset) + i], match));
    out.hits.push_back({std::move(hit), counts[codes[i]]});
  }
  SOHOA_ASSIGN_OR_RETURN(out.total, CountDossiers(source, query, head));
  return Bounded(std::move(out));
}

}  // namespace sohoa::archive::internal
