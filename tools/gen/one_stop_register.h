// The one-stop register export that goes with a generated corpus
// (DIR/register.csv): the received dossiers a province's one-stop system
// lists, the denominator of the rates `sohoa report` computes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "schema/procedure.h"
#include "tools/gen/ground_truth.h"

namespace sohoa::gen {

// A row for every dossier of `truth` (its code, procedure, agency, reception
// and appointment dates, a channel and an electronic-result flag), then
// dossiers received but never scanned (a quarter as many, at least two, on
// the same agencies and days), then one row whose reception date is blank,
// as a real export sometimes has. Columns ma_ho_so, ma_thu_tuc, ten_thu_tuc,
// co_quan, ngay_tiep_nhan (dd/mm/yyyy), ngay_hen_tra, kenh, ket_qua_dien_tu
// (1/0); UTF-8 with a BOM and CRLF line ends, as spreadsheet exports are.
// Drawn from its own random stream of `seed`: it never changes the corpus.
// Empty of rows (header only) when `truth` has no dossiers.
std::string OneStopRegisterCsv(const GroundTruth& truth, std::uint64_t seed,
                               const std::vector<Procedure>& catalog);

}  // namespace sohoa::gen
