// Fuzzes ingest::ParseRegisterCsv, the one-stop register export managers hand
// to `sohoa register import`.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ingest/register_csv.h"
#include "tests/fuzz/csv_fuzz.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// YYYY-MM-DD or "".
bool IsIsoDayOrEmpty(const std::string& day) {
  if (day.empty()) return true;
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (day[i] < '0' || day[i] > '9') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using sohoa::fuzz::Require;
  if (size > sohoa::fuzz::kMaxInputBytes) return -1;
  const auto parsed = sohoa::ingest::ParseRegisterCsv(sohoa::fuzz::AsText(data, size));
  if (!parsed.ok()) {
    Require(!parsed.status().message().empty(), "a register that cannot be read says why");
    return 0;
  }
  sohoa::fuzz::CheckCsvLines(*parsed, parsed->rows.size());
  for (const sohoa::archive::RegisterRow& row : parsed->rows) {
    Require(!row.dossier_code.empty(), "a register row has a dossier code");
    Require(IsIsoDayOrEmpty(row.received_date) && IsIsoDayOrEmpty(row.due_date),
            "register dates are YYYY-MM-DD or empty");
  }
  return 0;
}
