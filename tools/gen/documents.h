// The papers of one dossier, as layouts: the receipt slip, the declaration
// form, the copy of the applicant's CCCD and, usually, the result.
#pragma once

#include <cstdint>
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

// The text of a document's paragraphs in reading order, tabs as spaces: what
// OCR would read of it, before any noise (for the text-only evaluations).
std::vector<std::string> ParagraphsOf(const DocumentLayout& layout);

// Each document's text of the dossier of `procedure` made from `seed`. With
// `unnamed`, a dossier whose pages name no procedure: no receipt, and no line
// that prints a catalog code or a name or title of any procedure of `catalog`.
std::vector<std::string> DossierTexts(std::uint64_t seed, const Procedure& procedure,
                                      const std::vector<Procedure>& catalog, bool unnamed);

// The three lines of the card's machine-readable zone (ICAO 9303 TD1).
std::vector<std::string> MachineReadableZone(const Person& p, const Date& expiry);

}  // namespace sohoa::gen
