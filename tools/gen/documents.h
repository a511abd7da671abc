// The papers of one dossier, as layouts: the receipt slip, the declaration
// form, the copy of the applicant's CCCD and, usually, the result.
#pragma once

#include <string>
#include <vector>

#include "tools/gen/content.h"
#include "tools/gen/layout.h"
#include "tools/gen/rng.h"

namespace sohoa::gen {

struct DocumentPlan {
  std::string kind;  // receipt | form | id_copy | result (schema/dossier.h kKind*)
  std::string title;
  DocumentLayout layout;
};

std::vector<DocumentPlan> BuildDocuments(Rng& rng, const DossierContent& content);

DocumentLayout BuildReceipt(Rng& rng, const DossierContent& c);
DocumentLayout BuildForm(Rng& rng, const DossierContent& c);
DocumentLayout BuildIdCopy(Rng& rng, const DossierContent& c);
DocumentLayout BuildResult(Rng& rng, const DossierContent& c);

// The three lines of the card's machine-readable zone (ICAO 9303 TD1).
std::vector<std::string> MachineReadableZone(const Person& p, const Date& expiry);

}  // namespace sohoa::gen
