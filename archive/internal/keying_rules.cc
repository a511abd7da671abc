#include "archive/internal/keying_rules.h"

#include <nlohmann/json.hpp>

#include "schema/civil_record.h"

namespace sohoa::archive::internal {
namespace {

// The kind of each field of a form; kText for a key the form does not name.
FieldKind KindOf(const std::vector<FormField>& form, const std::string& key) {
  for (const FormField& f : form) {
    if (f.key == key) return f.kind;
  }
  return FieldKind::kText;
}

bool Agree(const std::vector<FormField>& form, const KeyedValues& a, const KeyedValues& b) {
  auto value = [](const KeyedValues& values, const std::string& key) {
    auto it = values.find(key);
    return it == values.end() ? std::string() : it->second;
  };
  for (const auto& [key, unused] : a) {
    if (!SameKeyed(KindOf(form, key), value(a, key), value(b, key))) return false;
  }
  for (const auto& [key, unused] : b) {
    if (!SameKeyed(KindOf(form, key), value(a, key), value(b, key))) return false;
  }
  return true;
}

}  // namespace

std::string PackKeyedValues(const KeyedValues& values) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [key, value] : values) j[key] = value;
  return j.dump();
}

KeyedValues UnpackKeyedValues(const std::string& packed) {
  KeyedValues values;
  const nlohmann::json j = nlohmann::json::parse(packed, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return values;
  for (const auto& [key, value] : j.items()) {
    if (value.is_string()) values[key] = value.get<std::string>();
  }
  return values;
}

std::string PackWarnings(const std::vector<std::string>& warnings) {
  const nlohmann::json j = warnings;
  return j.dump();
}

std::vector<std::string> UnpackWarnings(const std::string& packed) {
  std::vector<std::string> list;
  const nlohmann::json j = nlohmann::json::parse(packed, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return list;
  for (const auto& item : j) {
    if (item.is_string()) list.push_back(item.get<std::string>());
  }
  return list;
}

SlotState ParseSlotState(std::string_view name) {
  if (name == "differ") return SlotState::kDiffer;
  if (name == "verified") return SlotState::kVerified;
  return SlotState::kOpen;
}

KeyedValues NormalizedKeying(std::string_view book_type, const KeyedValues& values) {
  const std::vector<FormField>& form = KeyingForm(book_type);
  KeyedValues out;
  for (const auto& [key, value] : values) {
    std::string v = NormalizeKeyed(KindOf(form, key), value);
    if (!v.empty()) out[key] = std::move(v);
  }
  return out;
}

KeyingOutcome DecideKeying(std::string_view book_type, KeyingMode mode,
                           const std::vector<KeyingRecord>& before, const KeyedValues& values) {
  KeyingOutcome outcome;
  if (mode == KeyingMode::kSingle) {
    outcome.state = SlotState::kVerified;
    outcome.verified = values;
  } else if (!before.empty()) {
    const KeyingRecord& first = before.front();
    outcome.agreed = Agree(KeyingForm(book_type), first.values, values);
    if (*outcome.agreed) {
      outcome.state = SlotState::kVerified;
      outcome.verified = first.values;
    } else {
      outcome.state = SlotState::kDiffer;
    }
  }
  return outcome;
}

BookEntryRecord VerifiedEntry(std::string_view book_type, int position, const KeyedValues& values) {
  BookEntryRecord entry;
  entry.position = position;
  entry.confidence = 100;
  entry.status = "verified";
  for (const FormField& f : KeyingForm(book_type)) {
    auto it = values.find(f.key);
    if (it != values.end()) entry.fields.push_back({f.key, it->second, 100});
  }
  for (const auto& [key, value] : values) {
    if (entry.Get(key).empty()) entry.fields.push_back({key, value, 100});
  }
  entry.number = entry.Get("no");
  return entry;
}

Status CheckAssignment(const Assignment& a) {
  if (a.user.empty()) return InvalidArgument("an assignment needs a clerk");
  if (a.first_page < 1 || a.last_page < a.first_page) {
    return InvalidArgument("pages " + std::to_string(a.first_page) + "-" + std::to_string(a.last_page) +
                           ": the first page is 1 or more and the last not before it");
  }
  return Status::Ok();
}

Status CheckOpen(std::int64_t slot_id, std::string_view state) {
  if (state == "open") return Status::Ok();
  return FailedPrecondition("entry " + std::to_string(slot_id) + " is already " + std::string(state));
}

Status AlreadyKeyed(const std::string& user, std::int64_t slot_id) {
  return PermissionDenied(user + " has keyed entry " + std::to_string(slot_id) +
                          " already: a second keying must come from another clerk");
}

Status CheckNotKeyedBy(const std::vector<KeyingRecord>& keyings, const std::string& user,
                       std::int64_t slot_id) {
  for (const KeyingRecord& k : keyings) {
    if (!k.resolution && k.user == user) return AlreadyKeyed(user, slot_id);
  }
  return Status::Ok();
}

Status CheckMayDecide(const std::vector<KeyingRecord>& keyings, const std::string& user,
                      std::int64_t slot_id) {
  for (const KeyingRecord& k : keyings) {
    if (k.user == user) {
      return PermissionDenied(user + " keyed entry " + std::to_string(slot_id) + ": a third person decides");
    }
  }
  return Status::Ok();
}

Status CheckDiffering(std::int64_t slot_id, std::string_view state) {
  if (state == "differ") return Status::Ok();
  return FailedPrecondition("entry " + std::to_string(slot_id) + " is " + std::string(state) +
                            ", not waiting for a decision");
}

Status NotAssigned(const SlotRecord& slot, const std::string& user) {
  return PermissionDenied("page " + std::to_string(slot.page) + " of book " + slot.book_id +
                          " is not assigned to " + user);
}

Event KeyingEvent(const std::string& type, const std::string& book_id, const std::string& actor,
                  const std::string& detail) {
  Event event;
  event.type = type;
  event.object = book_id;
  event.actor = actor;
  event.outcome = "success";
  event.detail = detail;
  return event;
}

std::string AssignmentDetail(const Assignment& a, bool taken_back) {
  return "pages " + std::to_string(a.first_page) + "-" + std::to_string(a.last_page) +
         (taken_back ? " from " : " to ") + a.user;
}

std::string DecisionDetail(int page, int position) {
  return "page " + std::to_string(page) + " row " + std::to_string(position);
}

}  // namespace sohoa::archive::internal
