// Fuzzes ingest::ParseBookCsv, the list of civil-status register books
// managers hand to `sohoa books import`.
#include <cstddef>
#include <cstdint>

#include "ingest/register_csv.h"
#include "tests/fuzz/csv_fuzz.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using sohoa::fuzz::Require;
  if (size > sohoa::fuzz::kMaxInputBytes) return -1;
  const auto parsed = sohoa::ingest::ParseBookCsv(sohoa::fuzz::AsText(data, size));
  if (!parsed.ok()) {
    Require(!parsed.status().message().empty(), "a book list that cannot be read says why");
    return 0;
  }
  sohoa::fuzz::CheckCsvLines(*parsed, parsed->books.size());
  for (const sohoa::archive::BookRecord& book : parsed->books) {
    Require(!book.id.empty(), "a book has an id");
    Require(book.year == 0 || (book.year >= 1900 && book.year <= 2199), "a book's year is real");
    Require(!book.entries_expected || *book.entries_expected >= 0,
            "a book's entry count is not negative");
    Require(book.type.empty() || book.type == "khai_sinh" || book.type == "ket_hon" ||
                book.type == "khai_tu",
            "a book's type is one of three");
  }
  return 0;
}
