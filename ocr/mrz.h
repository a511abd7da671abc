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
// copy of each mended word too.
void MendMrz(std::string& text, std::vector<Word>& words);

}  // namespace sohoa::ocr
