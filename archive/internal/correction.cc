#include "archive/internal/correction.h"

#include <optional>

#include "schema/date.h"

namespace sohoa::archive::internal {

Status CheckCorrection(const std::string& name, const std::string& user) {
  if (name.empty()) return InvalidArgument("which field? write FIELD=VALUE");
  if (user.empty()) return InvalidArgument("a correction needs the name of who made it");
  return Status::Ok();
}

Status UnknownProcedure(const std::string& code) {
  return InvalidArgument("no procedure with code '" + code + "' in the catalog (see `sohoa catalog list`)");
}

Result<std::string> CorrectedReceivedDate(const std::string& value) {
  const std::optional<Day> day = ParseDay(value);
  if (!day) return InvalidArgument("received_date must be a day, dd/mm/yyyy or yyyy-mm-dd, not '" + value + "'");
  return IsoDay(*day);
}

std::string CorrectionEvidence(const std::string& user) { return "corrected by " + user; }

Event CorrectionEvent(const std::string& code, const std::string& name, const std::string& user,
                      const std::string& old_value, const std::string& value) {
  Event event;
  event.type = "review";
  event.object = code;
  event.actor = user;
  event.detail = name + ": '" + old_value + "' -> '" + value + "'";
  return event;
}

}  // namespace sohoa::archive::internal
