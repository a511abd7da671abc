// Entries of civil-status register books (ho_tich: births, marriages,
// deaths) as clerks key them from page images: the form of each book type,
// how two clerks' values are compared for double keying, and the checks
// shown to a clerk while keying. Nothing here changes what a clerk typed
// beyond spacing, Unicode form and the spelling of dates and sex; a check
// says what looks wrong, the clerk decides.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa {

enum class FieldKind { kNumber, kDate, kName, kSex, kText };
std::string_view FieldKindName(FieldKind kind);  // "number", "date", "name", "sex", "text"

// One field of a keying form. Keys are those of the OCR ledger reader
// (ocr/ledger_text.cc): no, registered, name, dob, sex, birthplace, ...
struct FormField {
  std::string key;
  std::string label;  // Vietnamese, as the clerk reads it: "Ngày đăng ký"
  FieldKind kind = FieldKind::kText;
  bool required = false;
  // A value the form may offer as a one-key choice ("Kinh", "Việt Nam");
  // never keyed unless the clerk takes it.
  std::string suggestion;
  // Its column in a records export: so_dang_ky, ngay_dang_ky, ho_ten, ...
  std::string column;
};

// The form of a book type, fields in the order the book prints them:
// khai_sinh (birth), ket_hon (marriage), khai_tu (death); any other type,
// "" included, gets a generic form.
const std::vector<FormField>& KeyingForm(std::string_view book_type);
// The field `key` of that form; nullptr when the form has none.
const FormField* FindFormField(std::string_view book_type, std::string_view key);

// A value as it is stored and compared: NFC, trimmed, runs of spaces made
// one. Dates d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy become dd/mm/yyyy (other text
// stays as typed for CheckEntry to flag); sex becomes "Nam" or "Nữ" from any
// case, "nu" included; typographic apostrophes in names become '. Case,
// tone marks and numbers' leading zeros are kept.
std::string NormalizeKeyed(FieldKind kind, std::string_view value);

// Do two clerks' values agree? Equal after NormalizeKeyed and lower-casing
// ("NGUYỄN VĂN AN" agrees with "Nguyễn Văn An"), or spelling the same
// syllables with the tone mark placed the old or the new way ("Hòa" and
// "Hoà", "Thủy" and "Thuỷ"); numbers of digits compare by value ("07"
// agrees with "7"). Tone marks and đ are never folded: "Nguyễn" and
// "Nguyên" disagree.
bool SameKeyed(FieldKind kind, std::string_view a, std::string_view b);
// The keys of the form of `book_type` whose values disagree (a missing value
// is ""), in form order.
std::vector<std::string> DifferingFields(std::string_view book_type,
                                         const std::map<std::string, std::string>& a,
                                         const std::map<std::string, std::string>& b);

// One thing a check found in an entry, for the clerk to see at once.
struct EntryIssue {
  std::string field;  // the form key
  // required, bad_date, future_date, born_after_registered,
  // year_outside_book, number_not_a_number, number_out_of_sequence,
  // number_repeated, bad_sex, name_characters, name_syllable, illegible
  // (a '?' the clerk typed for a letter nobody can read).
  std::string code;
  std::string message;  // Text(): names the field's label and the value
  // True when the page itself may say so (a registrar's slip, a minority
  // name): the clerk may confirm it against the image and save. False for
  // what no page can mean (an empty required field, "31-2", "Nma", a digit
  // in a name): the clerk must fix it.
  bool confirmable = false;
  // born_after_registered: the key of the date this one comes after ("dob"
  // after "registered": either may be the slip). "" for other codes.
  std::string other_field = {};
};

// What the checks know of the book around the entry.
struct EntryContext {
  std::string book_type;
  int first_year = 0, last_year = 0;         // the years the book covers; 0 = unknown
  std::optional<long long> previous_number;  // the entry before this one's "no"
  std::set<std::string> other_numbers;       // "no" of the book's other entries
  std::string today;                         // YYYY-MM-DD; "" = today in Vietnam (schema/date.h)
};

// Checks the fields of `values` that the form of `context.book_type` has
// (others are ignored), in form order. Values are read through
// NormalizeKeyed, so the same entry checks the same however it was spaced.
// bad_date flags a value not shaped dd/mm/yyyy, or a day the calendar lacks
// (31/02/2001); a partial date (1950, 03/1950) is bad_date but confirmable.
// born_after_registered also covers a death after its registration and a
// birth after the death. An empty entry gives only `required` issues.
std::vector<EntryIssue> CheckEntry(const EntryContext& context,
                                   const std::map<std::string, std::string>& values);

}  // namespace sohoa
