// StoreRegister: checks and normalizes the one-stop register's rows, which
// the catalog's backend then stores (RegisterStore, archive/rates.h).
#include <optional>

#include "archive/rates.h"
#include "schema/date.h"
#include "schema/dossier_code.h"
#include "schema/text.h"

namespace sohoa::archive {
namespace {

bool IsIsoDate(const std::string& s) { return ParseIsoDay(s).has_value(); }

// The row as the table holds it: agency resolved, text NFC.
Result<RegisterRow> Normalize(const RegisterRow& in) {
  RegisterRow row = in;
  if (row.dossier_code.empty()) return InvalidArgument("a register row needs a dossier code");
  const std::string where = "register row " + row.dossier_code;
  if (row.agency_code.empty()) {
    std::optional<DossierCode> parsed = ParseDossierCode(row.dossier_code);
    if (!parsed) {
      return InvalidArgument(where + ": no agency code, and the dossier code does not name one");
    }
    row.agency_code = parsed->agency_code;
  }
  if (!row.received_date.empty() && !IsIsoDate(row.received_date)) {
    return InvalidArgument(where + ": received date \"" + row.received_date +
                           "\" is not YYYY-MM-DD");
  }
  if (!row.due_date.empty() && !IsIsoDate(row.due_date)) {
    return InvalidArgument(where + ": due date \"" + row.due_date + "\" is not YYYY-MM-DD");
  }
  row.procedure_name = ToNfc(row.procedure_name);
  row.agency_name = ToNfc(row.agency_name);
  row.channel = ToNfc(row.channel);
  return row;
}

}  // namespace

Result<RegisterImportCounts> StoreRegister(Catalog& catalog, const std::vector<RegisterRow>& rows,
                                           const std::string& source_file, const std::string& actor) {
  std::vector<RegisterRow> normalized;
  normalized.reserve(rows.size());
  for (const RegisterRow& row : rows) {
    SOHOA_ASSIGN_OR_RETURN(RegisterRow n, Normalize(row));
    normalized.push_back(std::move(n));
  }
  return catalog.registers().StoreRegister(normalized, source_file, actor);
}

}  // namespace sohoa::archive
