// A person's correction of a field (ReviewStore::CorrectField) as every
// catalog backend checks it, stores it in a dossier's own column and logs
// it. Internal to archive/.
#pragma once

#include <string>

#include "archive/catalog.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

// InvalidArgument for a correction without a field name or without who made it.
Status CheckCorrection(const std::string& name, const std::string& user);

// InvalidArgument: `code` names no procedure of the catalog.
Status UnknownProcedure(const std::string& code);

// A corrected received_date as the dossier's column keeps it (an ISO day);
// InvalidArgument for a value that is not a day.
Result<std::string> CorrectedReceivedDate(const std::string& value);

// What the correction's field value and dossier column say of why.
std::string CorrectionEvidence(const std::string& user);

// The "review" event: field `name` of dossier `code` was `old_value` (its
// values joined by " | ") and is now `value`.
Event CorrectionEvent(const std::string& code, const std::string& name, const std::string& user,
                      const std::string& old_value, const std::string& value);

}  // namespace sohoa::archive::internal
