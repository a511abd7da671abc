// What every catalog backend checks the same way before it writes or reads:
// a procedure catalog, an event, an event filter; and the procedure titles'
// '|'-joined form both backends store. Internal to archive/.
#pragma once

#include <string>
#include <vector>

#include "archive/catalog.h"
#include "schema/procedure.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

// Codes and names present, each code once, no '|' in a title.
Status CheckProcedures(const std::vector<Procedure>& procedures);

// The event's outcome as stored ("success" when empty); InvalidArgument
// for an event without a type or object, or another outcome.
Result<std::string> CheckEvent(const Event& event);

// InvalidArgument for a malformed `since` or a negative limit.
Status CheckEventFilter(const EventFilter& filter);

std::string JoinTitles(const std::vector<std::string>& titles);
std::vector<std::string> SplitTitles(const std::string& joined);

}  // namespace sohoa::archive::internal
