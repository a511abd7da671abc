// A person's corrections, fed back to the learned procedure classifier.
#pragma once

#include <string>

#include "archive/catalog.h"
#include "schema/status.h"

namespace sohoa::ingest {

// Applies `field`=`value` to dossier `code` by hand (Catalog::CorrectField:
// source manual, who and when, a "review" event). A corrected procedure
// makes the dossier a training example of that procedure, replacing any
// example it was before, so the classifier's next decision learns from it.
Status ApplyCorrection(archive::Catalog& catalog, const std::string& code,
                       const std::string& field, const std::string& value,
                       const std::string& user);

}  // namespace sohoa::ingest
