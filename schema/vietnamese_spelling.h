// Vietnamese spelling (chính tả): is a word a syllable Vietnamese can write?
// For the keying checks (schema/civil_record.h) and for refusing OCR readings
// no Vietnamese word has ("MAT", "KHÁNH1"). It knows the shape of a syllable,
// not the dictionary: "VÕ" and "VŨ" are both syllables.
//
// A syllable is an onset (b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r
// s t th tr v x, or none), a rhyme (vần: optional medial o/u, a vowel nucleus,
// optional coda c ch m n ng nh p t or semivowel i y o u) and at most one tone
// mark. The rules enforced: k, gh, ngh only before i e ê y and c, g, ng never
// there; q only as qu; c never before a medial (write qu); a rhyme ending in
// p t c ch takes only sắc or nặng; no tone mark on the onset. Both placements
// of the tone mark are accepted (Hòa and Hoà, Thủy and Thuỷ).
//
// f j w z and letters outside the Vietnamese alphabet are no part of any
// syllable: names of ethnic minorities (H'Hen Niê, Ksor H'Nhi) and of
// foreigners fail these checks, so callers treat a failure as a warning a
// person may confirm, never as an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa {

// The six tones (thanh điệu), by their Vietnamese names.
enum class Tone { kNgang, kHuyen, kHoi, kNga, kSac, kNang };

struct Syllable {
  // Lower case, tone mark removed: "Nguyễn" → onset "ng", rhyme "uyên".
  // In gì, gìn the i is both the onset's and the rhyme's: "gi" + "i", "in".
  std::string onset, rhyme;
  Tone tone = Tone::kNgang;
};

// One syllable, any case, NFC or not. Nullopt when Vietnamese cannot write
// it, including for digits, punctuation and spaces.
std::optional<Syllable> ParseSyllable(std::string_view word);
bool IsVietnameseSyllable(std::string_view word);

// The words of `text` (split at spaces) that are not Vietnamese syllables,
// as typed. A word with a hyphen or apostrophe is split there, and listed
// whole when a part fails ("H'Hen").
std::vector<std::string> NonVietnameseWords(std::string_view text);

// A person's full name as Vietnamese spells it: at least one word, every
// word a syllable ("NGUYỄN VĂN AN" is; "H'Hen Niê" is not).
bool IsVietnameseName(std::string_view full_name);

}  // namespace sohoa
