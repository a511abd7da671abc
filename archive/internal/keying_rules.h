// What every catalog backend does alike when clerks key register books
// (archive/keying.h), outside SQL: values as stored, what a keying does to
// its slot, the verified entry it writes, and the checks and events of
// keying, with the same words on both backends. Internal to archive/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/catalog.h"
#include "archive/keying.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

// Keyed values as a JSON object {field: value} and back ({} for text that
// is not one); warnings as a JSON array of check codes and back.
std::string PackKeyedValues(const KeyedValues& values);
KeyedValues UnpackKeyedValues(const std::string& packed);
std::string PackWarnings(const std::vector<std::string>& warnings);
std::vector<std::string> UnpackWarnings(const std::string& packed);

// "open", "differ", "verified" back to a state (open for anything else).
SlotState ParseSlotState(std::string_view name);

// Values as stored: normalised for the form of `book_type`, empty ones
// left out.
KeyedValues NormalizedKeying(std::string_view book_type, const KeyedValues& values);

// What one clerk's keying (`values`, normalised) does to an open slot that
// had the keyings `before` (its first keyings, in order).
struct KeyingOutcome {
  SlotState state = SlotState::kOpen;
  // Set when it was compared with the first keying: both keyings are marked so.
  std::optional<bool> agreed;
  // The values to write as the slot's verified entry, when it is verified:
  // the first keying's spelling stands where two differ only in case.
  std::optional<KeyedValues> verified;
};
KeyingOutcome DecideKeying(std::string_view book_type, KeyingMode mode,
                           const std::vector<KeyingRecord>& before, const KeyedValues& values);

// The verified entry of the row at `position` from its values (normalised):
// the form's fields in its order, then any the form does not name; full
// confidence. No values: no entry (the row is none).
BookEntryRecord VerifiedEntry(std::string_view book_type, int position, const KeyedValues& values);

// InvalidArgument for an assignment without a clerk or with a bad page range.
Status CheckAssignment(const Assignment& assignment);

// FailedPrecondition unless the slot is open.
Status CheckOpen(std::int64_t slot_id, std::string_view state);
// PermissionDenied when `user` has keyed the slot already (`keyings`, its
// keyings), or for a decision when they keyed it at all.
Status CheckNotKeyedBy(const std::vector<KeyingRecord>& keyings, const std::string& user,
                       std::int64_t slot_id);
Status CheckMayDecide(const std::vector<KeyingRecord>& keyings, const std::string& user,
                      std::int64_t slot_id);
// FailedPrecondition unless the slot waits for a decision.
Status CheckDiffering(std::int64_t slot_id, std::string_view state);
// What CanKey says to a clerk off their pages, and to one who keyed the slot.
Status NotAssigned(const SlotRecord& slot, const std::string& user);
Status AlreadyKeyed(const std::string& user, std::int64_t slot_id);

// The event of a keying action (type keying-assign, keying-mode, ...).
Event KeyingEvent(const std::string& type, const std::string& book_id, const std::string& actor,
                  const std::string& detail);
// The details of assigning and taking back pages, and of a decision.
std::string AssignmentDetail(const Assignment& assignment, bool taken_back);
std::string DecisionDetail(int page, int position);

}  // namespace sohoa::archive::internal
