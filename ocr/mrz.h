// Internal to ocr/: the machine-readable zone of a citizen ID card copy
// (ICAO 9303, three lines of 30: "IDVNM<number><check><id><<<check>", dates
// and sex, then "SURNAME<<GIVEN<NAMES<<<"), mended where its fixed form
// says what a misread character was. Nothing here runs Tesseract.
#pragma once

#include <string>
#include <vector>

#include "schema/dossier.h"

namespace sohoa::ocr {

// One recognised word mended if it is an MRZ line (only A-Z, 0-9 and '<',
// holding "<<", 30, 36 or 44 long); any other word comes back as it is.
//   - The first line's document code begins with A, C or I: a "T", "1" or
//     "L" there (Tesseract reads the OCR-B "I" as "T") is an "I".
//   - The name line holds no digit: "0", "1", "5", "8" in a line of
//     letters are "O", "I", "S", "B".
std::string MendMrzLine(const std::string& word);

// Every word of a page's text and word list mended as above, the text's
// copy of each mended word too. Then the zone is checked against itself
// and against what the card prints beside it, as a reader of travel
// documents checks it; a value replaces what was read only when it is the
// one value that agrees best, and fewer than about three digits change:
//   - the first line's document number (the citizen ID number's last 9
//     digits) and ID number, each with its check digit, the 12-digit
//     numbers printed on the card counting as more readings;
//   - the second line's dates of birth and expiry, each with its check
//     digit, near the dates printed on the card (dd/mm/yyyy), and the
//     check digit over both lines once every field checks;
//   - the name line, when the card prints a name in capitals that, folded
//     ("LÊ HỮU PHONG" → "LE<<HUU<PHONG"), is within a quarter of its
//     letters of what was read (an OCR-B "I" read "T", an "O" read "0").
void MendMrz(std::string& text, std::vector<Word>& words);

}  // namespace sohoa::ocr
