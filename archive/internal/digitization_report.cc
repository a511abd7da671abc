#include "archive/internal/digitization_report.h"

#include <utility>

namespace sohoa::archive::internal {

void AddReportLine(DigitizationReport& report, DigitizationReport::ByProcedure line) {
  if (line.procedure_code.empty()) {
    line.procedure_name = "unclassified";
    line.field.clear();
    report.unclassified = line.digitization.denominator;
  }
  report.dossiers += line.digitization.denominator;
  report.digitization.denominator += line.digitization.denominator;
  report.digitization.numerator += line.digitization.numerator;
  report.by_procedure.push_back(std::move(line));
}

}  // namespace sohoa::archive::internal
