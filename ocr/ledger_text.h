// Internal to ocr/: the text side of reading register pages, kept apart from
// Tesseract and Leptonica so it can be tested alone. ParseRegisterHeader and
// FieldForHeading are declared in ledger.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sohoa::ocr {

// Puts a cell's text in the form its field is stored in, undoing the usual
// OCR slips where the field's shape makes them certain: dates become
// dd/mm/yyyy (O→0, l→1, stray spaces), entry numbers digits only, sex "Nam"
// or "Nữ". Other fields are only trimmed. Text that does not fit the shape is
// returned as read.
std::string NormalizeLedgerValue(std::string_view field, std::string_view text);

// Fields holding a date: registered, dob, died, *_dob.
bool IsDateField(std::string_view field);

// Fills the keys of headings that could not be read ("" in `fields`) from
// the standard column layout of a register of `type` (khai_sinh | ket_hon |
// khai_tu; "" tries each), when every key that was read sits where that
// layout has it. Returns whether anything was filled in.
bool FillFieldsFromLayout(std::string_view type, std::vector<std::string>& fields);

// Entries on a register page are numbered consecutively. When most of the
// numbers read agree on that (number = first + row), the others are set to
// what the sequence says; returns which rows were changed. Nothing changes
// without at least two agreeing rows forming a majority of those read.
std::vector<bool> RepairEntryNumbers(std::vector<std::string>& numbers);

// Levenshtein distance between two byte strings (ASCII after folding).
int EditDistance(std::string_view a, std::string_view b);

}  // namespace sohoa::ocr
