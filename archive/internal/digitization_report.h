// Summing a digitization report (Catalog::Report) from its lines, whatever
// the backend that counted them. Internal to archive/.
#pragma once

#include "archive/catalog.h"

namespace sohoa::archive::internal {

// Adds one procedure's line (procedure_code "" for the unclassified
// dossiers, named so here) and its counts to the report's totals.
void AddReportLine(DigitizationReport& report, DigitizationReport::ByProcedure line);

}  // namespace sohoa::archive::internal
