// Catalog::Search. A query is folded (case, tone marks, đ) and every word must
// appear in a page's folded text or its dossier's applicant, procedure, field
// values or code. Ranking works in tiers, best first:
//   3  the query is a dossier code and that dossier exists
//   2  the query is a 12-digit number (citizen ID) equal to a field value
//   1  a page where the query also matches with its diacritics as typed
//   0  a page that matches only once folded
// Within a tier, FTS5's bm25 orders pages. score = tier + r / (1 + r), with
// r = -bm25 >= 0, so a better tier always has a higher score.
#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "archive/catalog.h"
#include "archive/internal/catalog_impl.h"
#include "archive/internal/search_text.h"
#include "schema/dossier_code.h"
#include "schema/text.h"

namespace sohoa::archive {
namespace {

using internal::Db;
using internal::Stmt;

constexpr std::size_t kMaxQueryWords = 32;
constexpr double kTierDossierCode = 3;
constexpr double kTierFieldValue = 2;
constexpr double kTierExact = 1;

// Column sets of page_search; see schema/migrations/0001_initial.sql.
constexpr std::string_view kFoldedColumns = "folded meta_folded code";
constexpr std::string_view kExactColumns = "exact meta_exact code";

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

Status FindByCode(Db& db, const std::string& code, std::vector<SearchHit>& hits) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare(
          "SELECT code, procedure_code, procedure_name, applicant FROM dossiers WHERE code = ?1"));
  select.Bind(1, code);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return Status::Ok();
  SearchHit hit;
  hit.dossier_code = select.Text(0);
  hit.procedure_code = select.Text(1);
  hit.procedure_name = select.Text(2);
  hit.applicant = select.Text(3);
  hit.snippet = "[" + hit.dossier_code + "]" + Describe(hit.procedure_name, hit.applicant);
  hit.score = kTierDossierCode;
  hits.push_back(std::move(hit));
  return Status::Ok();
}

Status FindByFieldValue(Db& db, const std::string& value, std::vector<SearchHit>& hits) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("SELECT d.code, d.procedure_code, d.procedure_name, d.applicant, min(f.name) "
                 "FROM fields f JOIN dossiers d ON d.id = f.dossier_id WHERE f.value = ?1 "
                 "GROUP BY d.id ORDER BY d.id"));
  select.Bind(1, value);
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    SearchHit hit;
    hit.dossier_code = select.Text(0);
    hit.procedure_code = select.Text(1);
    hit.procedure_name = select.Text(2);
    hit.applicant = select.Text(3);
    hit.snippet =
        select.Text(4) + ": [" + value + "]" + Describe(hit.procedure_name, hit.applicant);
    hit.score = kTierFieldValue;
    hits.push_back(std::move(hit));
  }
  return Status::Ok();
}

Status FindInText(Db& db, const std::vector<std::string>& folded_words,
                  const std::vector<std::string>& exact_words, int limit,
                  std::vector<SearchHit>& hits) {
  const std::string folded_match = internal::MatchAllWords(folded_words, kFoldedColumns);
  const std::string exact_match =
      internal::MatchAllWords(exact_words.empty() ? folded_words : exact_words, kExactColumns);
  // bm25 weights follow the column order exact, folded, meta_exact,
  // meta_folded, code: a word in the page itself counts double.
  // Ranked on the index alone, then joined for the `limit` best only: the
  // join reads each page's text, which for a common word would be most pages.
  SOHOA_ASSIGN_OR_RETURN(Stmt select,
                         db.Prepare("WITH ranked AS ("
                                    "  SELECT f.page_id, f.relevance,"
                                    "         f.page_id IN (SELECT rowid FROM page_search WHERE "
                                    "page_search MATCH ?2) AS exact"
                                    "  FROM (SELECT rowid AS page_id, -bm25(page_search, 1.0, 1.0, "
                                    "0.5, 0.5, 0.5) AS relevance"
                                    "        FROM page_search WHERE page_search MATCH ?1) AS f"
                                    "  ORDER BY exact DESC, f.relevance DESC, f.page_id LIMIT ?3) "
                                    "SELECT r.relevance, r.exact, p.number, doc.number, d.code, "
                                    "d.procedure_code, d.procedure_name,"
                                    "       d.applicant, p.text, doc.title "
                                    "FROM ranked r "
                                    "JOIN pages p ON p.id = r.page_id "
                                    "JOIN documents doc ON doc.id = p.document_id "
                                    "JOIN dossiers d ON d.id = doc.dossier_id "
                                    "ORDER BY r.exact DESC, r.relevance DESC, r.page_id"));
  select.Bind(1, folded_match).Bind(2, exact_match).Bind(3, limit);
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    SearchHit hit;
    const bool exact = select.Int(1) != 0;
    hit.score = Score(exact ? kTierExact : 0, select.Double(0));
    hit.page = static_cast<int>(select.Int(2));
    hit.document = static_cast<int>(select.Int(3));
    hit.dossier_code = select.Text(4);
    hit.procedure_code = select.Text(5);
    hit.procedure_name = select.Text(6);
    hit.applicant = select.Text(7);
    const std::string text = select.Text(8);
    hit.snippet = internal::Snippet(text, folded_words);
    if (hit.snippet.empty()) {
      // The words matched the dossier's description rather than the page.
      std::string about = select.Text(9) + Describe(hit.procedure_name, hit.applicant);
      hit.snippet = internal::Snippet(about, folded_words);
      if (hit.snippet.empty()) hit.snippet = internal::Lead(text);
    }
    hits.push_back(std::move(hit));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<SearchHit>> Catalog::Search(const std::string& query, int limit) {
  if (limit < 1)
    return InvalidArgument("the search limit must be at least 1, not " + std::to_string(limit));
  const std::string q = Trim(query);
  std::vector<SearchHit> hits;
  if (q.empty()) return hits;
  Db& db = impl_->db;
  auto in_context = [&q](const Status& s) { return s.WithContext("searching for '" + q + "'"); };

  std::string upper = q;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (auto code = ParseDossierCode(upper)) {
    Status s = FindByCode(db, code->code, hits);
    if (!s.ok()) return in_context(s);
  }
  if (IsCitizenId(q)) {
    Status s = FindByFieldValue(db, q, hits);
    if (!s.ok()) return in_context(s);
  }

  const std::vector<std::string> folded_words = internal::SplitWords(FoldForSearch(q));
  if (folded_words.size() > kMaxQueryWords) {
    return InvalidArgument("the search has " + std::to_string(folded_words.size()) +
                           " words; use at most " + std::to_string(kMaxQueryWords));
  }
  if (!folded_words.empty()) {
    Status s = FindInText(db, folded_words, internal::SplitWords(LowerKeepMarks(q)), limit, hits);
    if (!s.ok()) return in_context(s);
  }

  // One hit per (dossier, document, page), the best one; already best first.
  std::set<std::tuple<std::string, int, int>> seen;
  std::vector<SearchHit> out;
  for (SearchHit& hit : hits) {
    if (static_cast<int>(out.size()) == limit) break;
    if (!seen.emplace(hit.dossier_code, hit.document, hit.page).second) continue;
    out.push_back(std::move(hit));
  }
  return out;
}

}  // namespace sohoa::archive
