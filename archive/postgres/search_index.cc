// IndexDossier: the search rows of a dossier's pages (search_pages,
// schema/migrations_postgres/0003_search.sql), their words cut and folded
// by archive/internal/search_tokens.h as the SQLite index's tokenizer cuts
// them, their metadata and facets as archive/internal/search_document.h
// makes them for SQLite.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "archive/internal/search_document.h"
#include "archive/internal/search_tokens.h"
#include "archive/postgres/search.h"
#include "archive/postgres/search_slices.h"
#include "archive/postgres/search_tsquery.h"

namespace sohoa::archive::postgres {
namespace {

// Positions between the columns the SQLite index keeps apart: more than
// any phrase a query can hold (32 words).
constexpr int kColumnGap = 64;
// What a tsvector holds (PostgreSQL's limits): positions up to 16383, 256
// of them per lexeme, lexemes up to 2047 bytes, about 1 MB in all. Past the
// size a page's further words are left out of the index.
constexpr int kMaxPosition = 16383;
constexpr std::size_t kMaxPositionsPerLexeme = 256;
constexpr std::size_t kMaxLexemeBytes = 2047;
constexpr std::size_t kMaxVectorBytes = 900 * 1000;

bool IsMarkedOrBeginning(const std::string& token) {
  return token.rfind(internal::kExactToken, 0) == 0 || token.rfind(internal::kPrefixToken, 0) == 0;
}

// A tsvector being written: lexemes with their positions.
class Vector {
 public:
  // Adds the tokens of one column at positions from `first`, each as
  // Lexeme(token, c) for each c of `namespaces`; returns the position
  // after the last word and counts the words in `words`.
  int AddColumn(std::string_view text, int first, const std::vector<unsigned>& namespaces, int& words) {
    int position = first - 1;
    internal::ForEachStoredToken(text, [&](const std::string& token, std::size_t, std::size_t, bool colocated) {
      if (!colocated) {
        ++position;
        ++words;
      }
      // Only a phrase of several words asks where its tokens stand: pairs
      // keep their positions, other tokens are found by being there.
      const bool pair = token.rfind(internal::kPairToken, 0) == 0;
      for (unsigned columns : namespaces) {
        // The metadata's own copy holds what name: asks for: folded words and pairs.
        if (columns == kMetaColumn && IsMarkedOrBeginning(token)) continue;
        Add(Lexeme(token, columns), pair ? position : 0);
      }
      return 0;
    });
    return position + 1;
  }

  void AddWithoutPosition(const std::string& lexeme) { Add(lexeme, 0); }

  // The tsvector literal.
  std::string Literal() const {
    std::string out;
    for (const auto& [lexeme, positions] : lexemes_) {
      if (!out.empty()) out += ' ';
      out += QuotedLexeme(lexeme);
      char separator = ':';
      for (int p : positions) {
        out += separator;
        out += std::to_string(p);
        separator = ',';
      }
    }
    return out;
  }

 private:
  void Add(const std::string& lexeme, int position) {
    if (lexeme.size() > kMaxLexemeBytes) return;
    auto found = lexemes_.find(lexeme);
    if (found == lexemes_.end()) {
      if (bytes_ + lexeme.size() + 8 > kMaxVectorBytes) return;
      bytes_ += lexeme.size() + 8;
      found = lexemes_.emplace(lexeme, std::set<int>{}).first;
    }
    if (position <= 0) return;
    std::set<int>& positions = found->second;
    if (positions.size() >= kMaxPositionsPerLexeme) return;
    if (positions.insert(std::min(position, kMaxPosition)).second) bytes_ += 2;
  }

  std::map<std::string, std::set<int>> lexemes_;
  std::size_t bytes_ = 0;
};

struct Row {
  std::string page_id, province, document, page, kind, meta, facets;
  bool operator==(const Row&) const = default;
};

// The words of a page's row (with its page id's buckets, search_slices.h)
// and its length as bm25 counts it: the words of its text, meta, code and
// facets (FTS5 counts each column's tokens that advance the position).
std::pair<std::string, int> Words(std::int64_t page_id, const std::string& text, const internal::IndexedWith& with) {
  Vector vector;
  for (const std::string& bucket : BucketLexemes(page_id)) vector.AddWithoutPosition(bucket);
  int words = 0;
  int next = vector.AddColumn(with.meta, 1, {kWordColumns, kMetaColumn}, words);
  next = vector.AddColumn(with.code, next + kColumnGap, {kWordColumns}, words);
  vector.AddColumn(text, next + kColumnGap, {kWordColumns}, words);
  internal::ForEachSearchWord(with.facets, [&](const std::string& folded, const std::string&, std::size_t,
                                               std::size_t) {
    vector.AddWithoutPosition(Lexeme(folded, kFacetsColumn));
    ++words;
    return 0;
  });
  return {vector.Literal(), words};
}

}  // namespace

Status IndexDossier(Connection& db, std::int64_t dossier_id) {
  const std::string id = std::to_string(dossier_id);
  SOHOA_ASSIGN_OR_RETURN(
      Rows dossier,
      db.Query("SELECT d.code, d.agency_code, d.received_date, d.procedure_code, d.procedure_name, d.field, "
               "d.applicant, d.province, sohoa_search_partition(d.province) FROM dossiers d WHERE d.id = $1",
               {id}));
  if (dossier.empty()) return Internal("dossier " + id + " vanished inside its own transaction");
  internal::FacetSource source;
  source.dossier_code = dossier.Text(0, 0);
  source.agency_code = dossier.Text(0, 1);
  source.received_date = dossier.Text(0, 2);
  source.procedure_code = dossier.Text(0, 3);
  source.field = dossier.Text(0, 5);
  const std::string province = dossier.Text(0, 7);
  std::vector<std::string> lines = {dossier.Text(0, 6), dossier.Text(0, 3), dossier.Text(0, 4), dossier.Text(0, 5)};
  SOHOA_ASSIGN_OR_RETURN(Rows fields, db.Query("SELECT value FROM fields WHERE dossier_id = $1 ORDER BY id", {id}));
  for (int i = 0; i < fields.size(); ++i) lines.push_back(fields.Text(i, 0));
  const std::string dossier_meta = internal::DossierMetaText(lines);

  SOHOA_ASSIGN_OR_RETURN(
      Rows pages,
      db.Query("SELECT p.id, doc.number, p.number, doc.kind, doc.title, p.text, s.province, s.document, s.page, "
               "s.kind, s.meta, s.facets, s.page_id IS NOT NULL FROM documents doc "
               "JOIN pages p ON p.document_id = doc.id "
               "LEFT JOIN (SELECT * FROM search_pages WHERE dossier_id = $1) s ON s.page_id = p.id "
               "WHERE doc.dossier_id = $1 ORDER BY p.id",
               {id}));
  std::vector<std::string> stale;
  std::vector<std::string> page_ids, provinces, documents, numbers, kinds, tokens, metas, facets, words;
  std::map<std::string, internal::IndexedWith> by_document;
  for (int i = 0; i < pages.size(); ++i) {
    const std::string document = pages.Text(i, 1);
    auto with = by_document.find(document);
    if (with == by_document.end()) {
      with = by_document.emplace(document, internal::DocumentWords(dossier_meta, source, pages.Text(i, 4),
                                                                    pages.Text(i, 3))).first;
    }
    const Row want{pages.Text(i, 0), province, document, pages.Text(i, 2), pages.Text(i, 3), with->second.meta,
                   with->second.facets};
    const bool indexed = pages.Text(i, 12) == "t";
    if (indexed) {
      const Row had{pages.Text(i, 0), pages.Text(i, 6), pages.Text(i, 7), pages.Text(i, 8),
                    pages.Text(i, 9), pages.Text(i, 10), pages.Text(i, 11)};
      if (had == want) continue;
      stale.push_back(want.page_id);
    }
    auto [vector, length] = Words(pages.Int(i, 0), pages.Text(i, 5), with->second);
    page_ids.push_back(want.page_id);
    provinces.push_back(want.province);
    documents.push_back(want.document);
    numbers.push_back(want.page);
    kinds.push_back(want.kind);
    tokens.push_back(std::to_string(length));
    metas.push_back(want.meta);
    facets.push_back(want.facets);
    words.push_back(std::move(vector));
  }
  if (!stale.empty()) {
    SOHOA_RETURN_IF_ERROR(db.Run("DELETE FROM search_pages WHERE dossier_id = $1 AND page_id = ANY($2::bigint[])",
                                 {id, TextArray(stale)}));
  }
  if (page_ids.empty()) return Status::Ok();
  return db.Run(
      "INSERT INTO search_pages (page_id, province, dossier_id, document, page, kind, tokens, meta, facets, words) "
      "SELECT r.page_id, r.province, $1, r.document, r.page, r.kind, r.tokens, r.meta, r.facets, r.words::tsvector "
      "FROM unnest($2::bigint[], $3::text[], $4::int[], $5::int[], $6::text[], $7::int[], $8::text[], $9::text[], "
      "$10::text[]) AS r (page_id, province, document, page, kind, tokens, meta, facets, words)",
      {id, TextArray(page_ids), TextArray(provinces), TextArray(documents), TextArray(numbers), TextArray(kinds),
       TextArray(tokens), TextArray(metas), TextArray(facets), TextArray(words)});
}

}  // namespace sohoa::archive::postgres
