// Vietnamese surnames (họ): a short, closed list, where given names are
// not. A person's name starts with one, so a first word that is none of
// them but a surname with another mark ("Trân" for "Trần", "LE" for "LÊ")
// is a misreading of that surname.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sohoa {

// Whether `word` (any case, NFC or not) is a surname of the list.
bool IsKnownSurname(std::string_view word);

// The surname `word` was meant to be: the one surname of the list that
// differs from it only in its marks (tone and vowel marks, đ/d), in the
// word's case (all capitals, or a capital then small letters). Nullopt when
// `word` is itself a surname, when none or more than one surname fits
// ("Ngỗ": Ngô or Ngọ), or when `word` is not one word.
std::optional<std::string> SurnameMeant(std::string_view word);

}  // namespace sohoa
