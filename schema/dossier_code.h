// Dossier codes (TT 01/2018/TT-VPCP art. 19): <agency>-<YYMMDD>-<sequence>,
// e.g. 000.31.22.H32-230620-0017.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sohoa {

struct DossierCode {
  std::string code;           // the whole code
  std::string agency_code;    // 000.31.22.H32
  std::string received_date;  // ISO 2023-06-20
  int sequence = 0;
};

// Parses a whole string that must be exactly a dossier code with a real
// calendar date.
std::optional<DossierCode> ParseDossierCode(std::string_view text);

// Returns the first dossier code found anywhere inside `text`.
std::optional<DossierCode> FindDossierCode(std::string_view text);

}  // namespace sohoa
