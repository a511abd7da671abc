// What the CSV harnesses (register_csv, book_csv) check of a parse, from
// ingest/register_csv.h: one line per row taken, rows in file order after
// the header, each refused row named by a line after the header.
#pragma once

#include <cstddef>
#include <vector>

#include "ingest/register_csv.h"
#include "tests/fuzz/fuzz_support.h"

namespace sohoa::fuzz {

template <typename Parsed>
void CheckCsvLines(const Parsed& parsed, std::size_t rows) {
  Require(parsed.lines.size() == rows, "every row taken has its line");
  int previous = 1;  // the header
  for (int line : parsed.lines) {
    Require(line > previous, "rows are taken in file order, after the header");
    previous = line;
  }
  for (const ingest::CsvRowError& error : parsed.errors) {
    Require(error.line >= 2, "a refused row is named by a line after the header");
    Require(!error.reason.empty(), "a refused row says why");
  }
}

}  // namespace sohoa::fuzz
