// IndexDossier: the search rows of a dossier's pages (search_pages,
// schema/migrations_postgres/0003_search.sql, in the ranges of page ids of
// 0004_search_ranges.sql), their words cut and folded
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

Status IndexDossiers(Connection& db, const std::vector<std::int64_t>& dossier_ids) {
  if (dossier_ids.empty()) return Status::Ok();
  std::vector<std::string> wanted;
  for (std::int64_t id : dossier_ids) wanted.push_back(std::to_string(id));
  const std::string ids = TextArray(wanted);
  // What every page of a dossier is indexed with: its metadata, facets and
  // province (whose partition sohoa_search_ranges makes if it is new).
  struct Dossier {
    internal::FacetSource source;
    std::string province;
    std::vector<std::string> lines;
    std::string meta;
  };
  std::map<std::string, Dossier> dossiers;
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows,
      db.Query("SELECT d.id, d.code, d.agency_code, d.received_date, d.procedure_code, d.procedure_name, d.field, "
               "d.applicant, d.province FROM dossiers d "
               "WHERE d.id = ANY($1::bigint[])",
               {ids}));
  for (int i = 0; i < rows.size(); ++i) {
    Dossier& d = dossiers[rows.Text(i, 0)];
    d.source.dossier_code = rows.Text(i, 1);
    d.source.agency_code = rows.Text(i, 2);
    d.source.received_date = rows.Text(i, 3);
    d.source.procedure_code = rows.Text(i, 4);
    d.source.field = rows.Text(i, 6);
    d.province = rows.Text(i, 8);
    d.lines = {rows.Text(i, 7), rows.Text(i, 4), rows.Text(i, 5), rows.Text(i, 6)};
  }
  for (const std::string& id : wanted) {
    if (!dossiers.contains(id)) return Internal("dossier " + id + " vanished inside its own transaction");
  }
  SOHOA_ASSIGN_OR_RETURN(Rows fields, db.Query("SELECT dossier_id, value FROM fields "
                                               "WHERE dossier_id = ANY($1::bigint[]) ORDER BY dossier_id, id",
                                               {ids}));
  for (int i = 0; i < fields.size(); ++i) dossiers[fields.Text(i, 0)].lines.push_back(fields.Text(i, 1));
  for (auto& [id, d] : dossiers) d.meta = internal::DossierMetaText(d.lines);

  SOHOA_ASSIGN_OR_RETURN(
      Rows pages,
      db.Query("SELECT p.id, doc.number, p.number, doc.kind, doc.title, p.text, s.province, s.document, s.page, "
               "s.kind, s.meta, s.facets, s.page_id IS NOT NULL, doc.dossier_id FROM documents doc "
               "JOIN pages p ON p.document_id = doc.id "
               "LEFT JOIN search_pages s ON s.page_id = p.id AND s.dossier_id = doc.dossier_id "
               "WHERE doc.dossier_id = ANY($1::bigint[]) ORDER BY p.id",
               {ids}));
  std::vector<std::string> stale;
  std::vector<std::string> page_ids, provinces, dossier_of, documents, numbers, kinds, tokens, metas, facets, words;
  std::map<std::pair<std::string, std::string>, internal::IndexedWith> by_document;
  for (int i = 0; i < pages.size(); ++i) {
    const std::string dossier_id = pages.Text(i, 13);
    const Dossier& d = dossiers[dossier_id];
    const std::string document = pages.Text(i, 1);
    auto with = by_document.find({dossier_id, document});
    if (with == by_document.end()) {
      with = by_document.emplace(std::pair{dossier_id, document},
                                 internal::DocumentWords(d.meta, d.source, pages.Text(i, 4), pages.Text(i, 3))).first;
    }
    const Row want{pages.Text(i, 0), d.province, document, pages.Text(i, 2), pages.Text(i, 3), with->second.meta,
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
    dossier_of.push_back(dossier_id);
    documents.push_back(want.document);
    numbers.push_back(want.page);
    kinds.push_back(want.kind);
    tokens.push_back(std::to_string(length));
    metas.push_back(want.meta);
    facets.push_back(want.facets);
    words.push_back(std::move(vector));
  }
  if (!stale.empty()) {
    SOHOA_RETURN_IF_ERROR(db.Run("DELETE FROM search_pages WHERE page_id = ANY($1::bigint[])", {TextArray(stale)}));
  }
  if (page_ids.empty()) return Status::Ok();
  SOHOA_RETURN_IF_ERROR(db.Run("SELECT sohoa_search_ranges($1::text[], $2::bigint[])",
                               {TextArray(provinces), TextArray(page_ids)}));
  return db.Run(
      "INSERT INTO search_pages (page_id, province, dossier_id, document, page, kind, tokens, meta, facets, words) "
      "SELECT r.page_id, r.province, r.dossier_id, r.document, r.page, r.kind, r.tokens, r.meta, r.facets, "
      "r.words::tsvector "
      "FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::int[], $5::int[], $6::text[], $7::int[], $8::text[], "
      "$9::text[], $10::text[]) AS r (page_id, province, dossier_id, document, page, kind, tokens, meta, facets, words)",
      {TextArray(page_ids), TextArray(provinces), TextArray(dossier_of), TextArray(documents), TextArray(numbers),
       TextArray(kinds), TextArray(tokens), TextArray(metas), TextArray(facets), TextArray(words)});
}

Status IndexDossier(Connection& db, std::int64_t dossier_id) { return IndexDossiers(db, {dossier_id}); }

}  // namespace sohoa::archive::postgres
