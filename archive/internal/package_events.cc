#include "archive/internal/package_events.h"

namespace sohoa::archive::internal {

Result<std::vector<PremisEvent>> PremisEventsOf(Catalog& catalog, const std::string& code) {
  SOHOA_ASSIGN_OR_RETURN(std::vector<Event> events, catalog.PreservationEventsOf(code));
  std::vector<PremisEvent> out;
  out.reserve(events.size());
  for (Event& e : events) {
    out.push_back({std::move(e.type), std::move(e.at), std::move(e.actor), std::move(e.outcome), std::move(e.detail)});
  }
  return out;
}

Status LogExports(Catalog& catalog, const std::vector<std::string>& codes, const std::string& actor,
                  const std::string& detail) {
  return catalog.LogExports(codes, actor, detail);
}

Result<bool> HoldsDocument(Catalog& catalog, const std::string& identifier) {
  return catalog.HoldsDocument(identifier);
}

Result<std::int64_t> LastEventId(Catalog& catalog) { return catalog.LastEventId(); }

Status RecordImport(Catalog& catalog, const std::string& code, std::int64_t events_after,
                    const std::vector<PremisEvent>& events, const std::string& bag,
                    const std::string& bagging_date, const std::string& actor,
                    const std::string& detail) {
  std::vector<Event> dated;
  dated.reserve(events.size());
  for (const PremisEvent& e : events) {
    if (e.type.empty() || !IsEventTime(e.at) ||
        (e.outcome != "success" && e.outcome != "failure")) {
      return InvalidArgument("dossier " + code + ": a PREMIS event of type '" + e.type + "' at '" +
                             e.at + "' cannot enter the event log");
    }
    dated.push_back({e.type, code, e.actor, e.outcome, e.detail, e.at});
  }
  return catalog.RecordImport(code, events_after, dated, bag, bagging_date, actor, detail);
}

}  // namespace sohoa::archive::internal
