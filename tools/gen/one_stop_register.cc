#include "tools/gen/one_stop_register.h"

#include <cstdio>
#include <set>

#include "tools/gen/calendar.h"
#include "tools/gen/rng.h"

namespace sohoa::gen {
namespace {

// A stream label of its own (dossiers use 0x1000000..0x5FFFFFF, books
// 0x6000000..0x9FFFFFF), so the register never shifts what else is drawn.
constexpr std::uint64_t kRegisterStream = 0xA000000;

constexpr const char* kChannels[] = {"Trực tiếp", "Trực tuyến", "Bưu chính công ích"};

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Line(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + CsvField(cells[i]);
  return line + "\r\n";
}

// "2023-05-14" (as the ground truth writes it) → a date.
Date FromIso(const std::string& iso) {
  return MakeDate(std::stoi(iso.substr(0, 4)), std::stoi(iso.substr(5, 2)),
                  std::stoi(iso.substr(8, 2)));
}

}  // namespace

std::string OneStopRegisterCsv(const GroundTruth& truth, std::uint64_t seed,
                               const std::vector<Procedure>& catalog) {
  std::string csv = "\xEF\xBB\xBF" + Line({"ma_ho_so", "ma_thu_tuc", "ten_thu_tuc", "co_quan",
                                           "ngay_tiep_nhan", "ngay_hen_tra", "kenh",
                                           "ket_qua_dien_tu"});
  if (truth.dossiers.empty() || catalog.empty()) return csv;
  Rng rng(Rng::Derive(seed, kRegisterStream));
  std::set<std::string> codes;
  for (const DossierTruth& d : truth.dossiers) {
    codes.insert(d.code);
    csv += Line({d.code, d.procedure_code, d.procedure_name, d.agency_code,
                 FormatDmy(FromIso(d.received_date)), FormatDmy(FromIso(d.appointment_date)),
                 rng.Pick(std::span<const char* const>(kChannels)), rng.Chance(0.3) ? "1" : "0"});
  }
  // Received but never scanned, and one undated: on the agencies and days
  // of the scanned ones, numbered after them.
  const int unscanned = std::max<int>(2, static_cast<int>(truth.dossiers.size()) / 4);
  for (int k = 0; k <= unscanned; ++k) {
    const DossierTruth& like = truth.dossiers[rng.Index(truth.dossiers.size())];
    const Procedure& procedure = catalog[rng.Index(catalog.size())];
    const Date received = FromIso(like.received_date);
    std::string code;
    for (int sequence = 9001 + k; code.empty() || codes.count(code); sequence += 100) {
      char seq[8];
      std::snprintf(seq, sizeof seq, "%04d", sequence % 10000);
      code = like.agency_code + "-" + FormatYyMmDd(received) + "-" + seq;
    }
    codes.insert(code);
    const bool undated = k == unscanned;
    csv += Line({code, procedure.code, procedure.name, like.agency_code,
                 undated ? "" : FormatDmy(received), FormatDmy(AddWorkingDays(received, 3)),
                 rng.Pick(std::span<const char* const>(kChannels)), rng.Chance(0.3) ? "1" : "0"});
  }
  return csv;
}

}  // namespace sohoa::gen
