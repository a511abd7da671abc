// Internal to ocr/: the text side of reading register pages, kept apart from
// Tesseract and Leptonica so it can be tested alone. ParseRegisterHeader and
// FieldForHeading are declared in ledger.h.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa::ocr {

// Puts a cell's text in the form its field is stored in, undoing the usual
// OCR slips where the field's shape makes them certain: dates become
// dd/mm/yyyy (O→0, l→1, stray spaces), entry numbers digits only, sex "Nam"
// or "Nữ". Names lose the punctuation no name has that stands apart from
// the letters (. , : ; ` ' " - _ ^ ~ ! | and typographic quotes, « » ‹ › „ ¬
// at a word's edge: "MINH. KHÁNH", "Đức |",
// "DIỆU: THẢO", "HUỲNH .THANH.", "LONG -"), which is a speck of the scan,
// not ink of a letter; punctuation inside a word ("MINH.KHÁNH") is kept for
// LedgerRowDoubts to refuse; a first word that is no surname but a surname
// with other marks is that surname ("Trân Minh Mai" → "Trần Minh Mai",
// schema/surnames.h). Places lose such marks set apart at their end
// ("Vạn Giã :"). Other fields are only trimmed. Text that does
// not fit the shape is returned as read.
std::string NormalizeLedgerValue(std::string_view field, std::string_view text);

// Fields holding a date: registered, dob, died, *_dob.
bool IsDateField(std::string_view field);

// Fields holding a person's name: name, mother, father, husband, wife,
// declarant (the kName fields of the keying forms, schema/civil_record.h).
bool IsNameField(std::string_view field);

// What the book's own rules refuse in the readings of one entry (field →
// text, as NormalizeLedgerValue gives them), by the checks the keying
// workbench runs (sohoa::CheckEntry) and a few of a printed book's own: a
// date must exist, written dd/mm/yyyy (a real day, not after today); a
// registration falls in the book's year (`book_year`, 0 when unknown); a
// birth comes before its registration and its death, a death before its
// registration, a spouse's birth before the marriage's registration, and
// none more than 120 years before it (or the book's year); a name has only
// letters and Vietnamese syllables; a place does not end in a mark
// (". , : ; - _ ..."); sex is Nam or Nữ. Blank cells and entry numbers are
// not judged (RepairEntryNumbers does the numbers). `book_type` "" is taken
// from the fields. Returns field → issue code (bad_date, future_date,
// year_outside_book, born_after_registered, too_old, name_characters,
// name_syllable, illegible, place_mark, bad_sex); both dates of a pair out
// of order are named, since either may be the misreading.
std::map<std::string, std::string> LedgerRowDoubts(
    std::string_view book_type, int book_year, const std::map<std::string, std::string>& values);

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

// Entries are registered in the order of their numbers, so down a page the
// registration dates never go back. `dates` holds a page's registration
// cells in entry order; those not written dd/mm/yyyy are not judged.
// Returns the rows whose date is the misreading: those left out of the
// longest run of dates in order. Where two runs are as long (two dates
// swapped, either may be wrong), the rows that are not in both are named.
std::vector<bool> RegistrationsOutOfOrder(const std::vector<std::string>& dates);

}  // namespace sohoa::ocr
