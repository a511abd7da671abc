// Fuzzes archive::ParseQuery, the search language people type into `sohoa
// search` and `sohoa export`, and what archive/query.h promises of a parse.
#include <cstddef>
#include <cstdint>
#include <string>

#include "archive/query.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using sohoa::fuzz::Require;
  if (size > sohoa::fuzz::kMaxInputBytes) return -1;
  const auto query = sohoa::archive::ParseQuery(sohoa::fuzz::AsText(data, size));
  if (!query.ok()) {
    Require(query.status().code() == sohoa::StatusCode::kInvalidArgument,
            "a query is refused as InvalidArgument");
    Require(!query.status().message().empty(), "a refused query says why");
    return 0;
  }
  Require(query->empty() || query->HasPositivePart(), "a query of exclusions alone is refused");
  std::size_t words = 0;
  for (const sohoa::archive::QueryTerm& term : query->terms) {
    Require(!term.words.empty(), "a term has words");
    for (const std::string& word : term.words) Require(!word.empty(), "a word is not empty");
    Require(term.column >= 1 && static_cast<std::size_t>(term.column) <= size,
            "a term's column is inside the query");
    words += term.words.size();
  }
  Require(words <= 32, "a query has at most 32 words");
  for (const sohoa::archive::QueryFilter& filter : query->filters) {
    Require(filter.column >= 1 && static_cast<std::size_t>(filter.column) <= size,
            "a filter's column is inside the query");
  }
  return 0;
}
