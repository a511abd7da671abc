// The names of keying's states and modes; the catalog's backend keeps the
// keyings (KeyingStore, archive/sqlite/keying.cc).
#include "archive/keying.h"

namespace sohoa::archive {

std::string_view SlotStateName(SlotState state) {
  switch (state) {
    case SlotState::kOpen: return "open";
    case SlotState::kDiffer: return "differ";
    case SlotState::kVerified: return "verified";
  }
  return "open";
}

std::string_view KeyingModeName(KeyingMode mode) {
  return mode == KeyingMode::kSingle ? "single" : "double";
}

std::optional<KeyingMode> ParseKeyingMode(std::string_view name) {
  if (name == "double") return KeyingMode::kDouble;
  if (name == "single") return KeyingMode::kSingle;
  return std::nullopt;
}

}  // namespace sohoa::archive
