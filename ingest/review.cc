#include "ingest/review.h"

#include "ingest/naive_bayes.h"

namespace sohoa::ingest {

Status ApplyCorrection(archive::Catalog& catalog, const std::string& code,
                       const std::string& field, const std::string& value,
                       const std::string& user) {
  SOHOA_RETURN_IF_ERROR(catalog.CorrectField(code, field, value, user));
  if (field != "procedure") return Status::Ok();
  SOHOA_ASSIGN_OR_RETURN(auto dossier, catalog.FindDossier(code));
  if (!dossier) return NotFound("no dossier with code " + code);
  std::vector<std::string> texts;
  for (const auto& doc : dossier->documents) {
    for (const auto& page : doc.pages) texts.push_back(page.text);
  }
  archive::ClassifierExample example{code, value, kSourceManual, TermsOf(texts)};
  return catalog.StoreClassifierExample(example)
      .WithContext("the correction is stored, but the classifier did not learn from it");
}

}  // namespace sohoa::ingest
