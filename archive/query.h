// The search query language, parsed: what people type into `sohoa search`
// and what Catalog::Search and Catalog::MatchingDossiers take.
//
//   nguyen van duc            words: each must match (case, tone marks, đ/d forgiven)
//   "trần thị lan"            a phrase: the words together, in this order
//   ngu*                      a word's beginning (also "trần thị l"*)
//   -lan  -"khai tử"          exclusions: a page holding it is left out
//   code:000.31.22.H32-2306   the dossier code, or its beginning
//   procedure:1.001193        a procedure code, or words of its name: procedure:"khai sinh"
//   field:"hộ tịch"           words of the procedure's field (lĩnh vực)
//   agency:000.00.22.H32      the receiving agency, or any agency under it
//   cccd:056189004512         a 12-digit citizen ID printed or recorded in the dossier
//   name:"nguyen van duc"     the applicant's (or another recorded) name, words in order
//   kind:receipt              pages of documents of this kind (receipt, form,
//                             id_copy, result, other; Vietnamese names too)
//   received:2023-01-01..2023-06-30   received in this range, both days included;
//                             one day, or an open end (2023-01-01.. / ..2023-06-30)
//
// A filter given twice takes either value (kind:receipt kind:result); different
// filters must all hold. A filter can be excluded too: -kind:receipt.
// Parsing is pure (no SQL, no catalog); the parser never lets user input
// reach FTS5 syntax: terms hold plain words that the search quotes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/status.h"

namespace sohoa::archive {

// A word, a "phrase" or a prefix* to find in page text and dossier metadata.
struct QueryTerm {
  // The words as unicode61 cuts them, in order, in the case and marks typed
  // (NFC). One word for a plain word; a token such as 14/05/2023 or a dossier
  // code, whose parts must stay together, is a phrase of its parts.
  std::vector<std::string> words;
  bool phrase = false;   // several words that must appear together, in order
  bool prefix = false;   // the last word may be the beginning of a longer one
  bool negated = false;  // -term: leave out what holds it
  int column = 0;        // 1-based column (in characters) where it starts
};

enum class FilterKind { kCode, kProcedure, kField, kAgency, kCitizenId, kName, kKind, kReceived };

struct QueryFilter {
  FilterKind kind = FilterKind::kCode;
  // Normalised: code: upper case (a whole code or its beginning);
  // procedure: a procedure code (1.001193) as typed, else the folded words of
  // a name, space-separated; field: and name: folded words; agency: an
  // agency code; cccd: 12 digits; kind: receipt|form|id_copy|result|other;
  // received: the first day (YYYY-MM-DD, "" for an open start).
  std::string value;
  std::string until;  // received: the last day, included ("" for an open end)
  bool negated = false;
  int column = 0;
};

struct Query {
  std::vector<QueryTerm> terms;
  std::vector<QueryFilter> filters;

  bool empty() const { return terms.empty() && filters.empty(); }
  // Does it name something to look for (a term or filter not excluded)?
  bool HasPositivePart() const;
  bool HasPositiveTerm() const;
};

// The filter's name as typed in a query, with its colon: "code:".
std::string_view FilterName(FilterKind kind);

// Parses `text`. InvalidArgument, with the 1-based column and the offending
// token, for an unclosed quote, an unknown filter, a filter without a value
// or with a malformed one, a misplaced *, more than 32 words, or a query of
// exclusions alone. Text without any word or filter (blank, punctuation)
// parses to an empty Query.
Result<Query> ParseQuery(std::string_view text);

// Whether `text` has the shape of a procedure code: 1.001193, optionally
// with a local variant's agency suffix (1.011442.000.00.00.H38).
bool IsProcedureCode(std::string_view text);

}  // namespace sohoa::archive
