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

// A code read from OCR text, and how many characters had to be corrected.
struct CodeReading {
  DossierCode code;
  int corrections = 0;  // characters changed: O→0, l→1, S→5, ...
};

// Finds a dossier code in OCR text, forgiving the usual confusions in the
// digit positions (O/o/D/Q→0, l/I/i/|/!→1, Z/z→2, S/s→5, G/b→6, B→8, g/q→9),
// a lower-case agency letter, ',' for '.', en/em dashes for '-', and spaces
// beside the separators. A corrected reading is accepted only if its date is
// plausible: a real calendar day, not before 2015 and not after `today_iso`
// (YYYY-MM-DD). Readings needing fewer corrections win; then the earliest.
std::optional<CodeReading> ReadDossierCode(std::string_view text, std::string_view today_iso);


}  // namespace sohoa
