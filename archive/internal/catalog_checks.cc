#include "archive/internal/catalog_checks.h"

#include <set>
#include <string_view>

#include "schema/date.h"

namespace sohoa::archive::internal {
namespace {

// "2024-03-15", optionally followed by a time ("T08:00", "T08:00:00Z", ...).
bool LooksLikeIsoDate(const std::string& text) {
  return text.size() >= 10 && ParseIsoDay(std::string_view(text).substr(0, 10)) &&
         (text.size() == 10 || text[10] == 'T');
}

}  // namespace

std::string JoinTitles(const std::vector<std::string>& titles) {
  std::string out;
  for (const std::string& t : titles) {
    if (!out.empty()) out += '|';
    out += t;
  }
  return out;
}

std::vector<std::string> SplitTitles(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= joined.size() && !joined.empty()) {
    std::size_t bar = joined.find('|', start);
    if (bar == std::string::npos) bar = joined.size();
    if (bar > start) out.push_back(joined.substr(start, bar - start));
    start = bar + 1;
  }
  return out;
}

Status CheckProcedures(const std::vector<Procedure>& procedures) {
  std::set<std::string> codes;
  for (std::size_t i = 0; i < procedures.size(); ++i) {
    const Procedure& p = procedures[i];
    std::string where = "procedure " + std::to_string(i + 1);
    if (p.code.empty()) return InvalidArgument(where + " has no code");
    if (p.name.empty()) return InvalidArgument(where + " (" + p.code + ") has no name");
    if (!codes.insert(p.code).second) {
      return InvalidArgument("procedure code " + p.code +
                             " appears twice; each code may appear once");
    }
    for (const auto* titles : {&p.form_titles, &p.result_titles}) {
      for (const std::string& t : *titles) {
        if (t.find('|') != std::string::npos) {
          return InvalidArgument(where + " (" + p.code + "): a title may not contain '|'");
        }
      }
    }
  }
  return Status::Ok();
}

Result<std::string> CheckEvent(const Event& event) {
  if (event.type.empty()) return InvalidArgument("an event needs a type (ingestion, view, ...)");
  if (event.object.empty()) return InvalidArgument("an event of type " + event.type + " needs an object");
  std::string outcome = event.outcome.empty() ? "success" : event.outcome;
  if (outcome != "success" && outcome != "failure") {
    return InvalidArgument("event outcome must be success or failure, not '" + event.outcome + "'");
  }
  return outcome;
}

Status CheckEventFilter(const EventFilter& filter) {
  if (!filter.since.empty() && !LooksLikeIsoDate(filter.since)) {
    return InvalidArgument("--since takes an ISO date such as 2024-03-15 or 2024-03-15T08:00:00Z, not '" +
                           filter.since + "'");
  }
  if (filter.limit < 0) return InvalidArgument("an event limit must be 0 (none) or more");
  return Status::Ok();
}

}  // namespace sohoa::archive::internal
