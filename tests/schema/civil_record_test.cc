// Keying register book entries: forms, double-keying comparison and the
// checks a clerk sees (schema/civil_record.h).
#include "schema/civil_record.h"

#include <gtest/gtest.h>

#include "schema/messages.h"

namespace sohoa {
namespace {

using Values = std::map<std::string, std::string>;

std::vector<std::string> Keys(const std::vector<FormField>& form) {
  std::vector<std::string> keys;
  for (const FormField& field : form) keys.push_back(field.key);
  return keys;
}

std::vector<std::string> RequiredKeys(const std::vector<FormField>& form) {
  std::vector<std::string> keys;
  for (const FormField& field : form) {
    if (field.required) keys.push_back(field.key);
  }
  return keys;
}

// "field:code" for each issue, in the order given.
std::vector<std::string> Found(const std::vector<EntryIssue>& issues) {
  std::vector<std::string> found;
  for (const EntryIssue& issue : issues) found.push_back(issue.field + ":" + issue.code);
  return found;
}

using Strings = std::vector<std::string>;

EntryContext BirthBook() {
  EntryContext context;
  context.book_type = "khai_sinh";
  context.first_year = 2015;
  context.previous_number = 6;
  context.other_numbers = {"1", "2", "3", "4", "5", "6"};
  context.today = "2024-06-01";
  return context;
}

Values GoodBirth() {
  return {{"no", "7"},
          {"registered", "12/03/2015"},
          {"name", "Nguyễn Văn An"},
          {"dob", "01/03/2015"},
          {"sex", "Nam"},
          {"birthplace", "Trạm y tế xã Tân Phú"},
          {"mother", "Trần Thị Bình"},
          {"father", "Nguyễn Văn Cường"},
          {"declarant", "Nguyễn Văn Cường"}};
}

Values With(Values values, const std::string& key, const std::string& value) {
  values[key] = value;
  return values;
}

TEST(CivilRecordTest, EachBookTypeHasItsFormInTheOrderTheBookPrintsIt) {
  EXPECT_EQ(Keys(KeyingForm("khai_sinh")),
            (Strings{"no", "registered", "name", "dob", "sex", "ethnicity", "nationality",
                     "birthplace", "mother", "father", "declarant"}));
  EXPECT_EQ(Keys(KeyingForm("ket_hon")),
            (Strings{"no", "registered", "husband", "husband_dob", "husband_ethnicity",
                     "husband_nationality", "wife", "wife_dob", "wife_ethnicity",
                     "wife_nationality", "residence"}));
  EXPECT_EQ(Keys(KeyingForm("khai_tu")),
            (Strings{"no", "registered", "name", "dob", "sex", "ethnicity", "nationality", "died",
                     "death_place", "declarant"}));
  const Strings generic{"no", "registered", "name", "dob", "sex", "birthplace", "mother", "father"};
  EXPECT_EQ(Keys(KeyingForm("")), generic);
  EXPECT_EQ(Keys(KeyingForm("nhan_con_nuoi")), generic);

  EXPECT_EQ(RequiredKeys(KeyingForm("khai_sinh")), (Strings{"no", "registered", "name", "dob"}));
  EXPECT_EQ(RequiredKeys(KeyingForm("ket_hon")), (Strings{"no", "registered", "husband", "wife"}));
  EXPECT_EQ(RequiredKeys(KeyingForm("khai_tu")), (Strings{"no", "registered", "name"}));
  EXPECT_EQ(RequiredKeys(KeyingForm("")), (Strings{"no", "registered", "name"}));
}

TEST(CivilRecordTest, FieldsCarryAVietnameseLabelAndAKind) {
  const FormField* registered = FindFormField("khai_sinh", "registered");
  ASSERT_NE(registered, nullptr);
  EXPECT_EQ(registered->label, "Ngày đăng ký");
  EXPECT_EQ(FieldKindName(registered->kind), "date");
  EXPECT_EQ(FieldKindName(FindFormField("ket_hon", "wife")->kind), "name");
  EXPECT_EQ(FieldKindName(FindFormField("khai_tu", "no")->kind), "number");
  EXPECT_EQ(FieldKindName(FindFormField("khai_tu", "sex")->kind), "sex");
  EXPECT_EQ(FieldKindName(FindFormField("khai_tu", "death_place")->kind), "text");
  EXPECT_EQ(FindFormField("khai_sinh", "declarant")->label, "Người đi đăng ký");
  EXPECT_EQ(FindFormField("khai_sinh", "husband"), nullptr);
  for (const char* type : {"khai_sinh", "ket_hon", "khai_tu", ""}) {
    for (const FormField& field : KeyingForm(type)) EXPECT_FALSE(field.label.empty()) << field.key;
  }
  // Offered, never keyed: an entry without them is complete.
  EXPECT_EQ(FindFormField("khai_sinh", "nationality")->suggestion, "Việt Nam");
  EXPECT_TRUE(CheckEntry(BirthBook(), GoodBirth()).empty());
  EXPECT_EQ(GoodBirth().count("nationality"), 0u);
}

TEST(CivilRecordTest, KeyedValuesAreTidiedButNotCorrected) {
  EXPECT_EQ(NormalizeKeyed(FieldKind::kName, "  Nguyễn   Văn\tAn "), "Nguyễn Văn An");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kName, "Nguye\u0302\u0303n"), "Nguyễn") << "NFC";
  EXPECT_EQ(NormalizeKeyed(FieldKind::kName, "NGUYỄN VĂN AN"), "NGUYỄN VĂN AN") << "case kept";
  EXPECT_EQ(NormalizeKeyed(FieldKind::kName, "H’Hen Niê"), "H'Hen Niê");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kText, "Xã\u00A0Tân Phú"), "Xã Tân Phú");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kDate, "5/3/2001"), "05/03/2001");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kDate, "05-03-2001"), "05/03/2001");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kDate, " 05.03.2001 "), "05/03/2001");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kDate, "31/2/2001"), "31/02/2001") << "the checks flag it";
  EXPECT_EQ(NormalizeKeyed(FieldKind::kDate, "5/3/01"), "5/3/01");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kDate, "2001-03-05"), "2001-03-05");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kDate, "1950"), "1950");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kSex, "NAM"), "Nam");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kSex, "nam"), "Nam");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kSex, "NỮ"), "Nữ");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kSex, "nu"), "Nữ");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kSex, "Nma"), "Nma");
  EXPECT_EQ(NormalizeKeyed(FieldKind::kNumber, " 01 "), "01") << "leading zeros kept";
}

TEST(CivilRecordTest, TwoKeyingsAgreeDespiteCaseAndSpacingButNotTones) {
  EXPECT_TRUE(SameKeyed(FieldKind::kName, "NGUYỄN VĂN AN", "Nguyễn  Văn An"));
  EXPECT_TRUE(SameKeyed(FieldKind::kName, "ĐỨC", "đức"));
  EXPECT_FALSE(SameKeyed(FieldKind::kName, "Nguyễn Văn An", "Nguyên Văn An"));
  EXPECT_FALSE(SameKeyed(FieldKind::kName, "Võ Thị Lan", "Vũ Thị Lan"));
  EXPECT_FALSE(SameKeyed(FieldKind::kName, "Đức", "Dức")) << "đ is never folded";
  EXPECT_TRUE(SameKeyed(FieldKind::kNumber, "7", "07"));
  EXPECT_FALSE(SameKeyed(FieldKind::kNumber, "7", "17"));
  EXPECT_FALSE(SameKeyed(FieldKind::kNumber, "7", "7a"));
  EXPECT_TRUE(SameKeyed(FieldKind::kDate, "5/3/2001", "05.03.2001"));
  EXPECT_FALSE(SameKeyed(FieldKind::kDate, "05/03/2001", "03/05/2001"));
  EXPECT_TRUE(SameKeyed(FieldKind::kSex, "nu", "Nữ"));
  EXPECT_FALSE(SameKeyed(FieldKind::kSex, "Nam", "Nữ"));
  EXPECT_TRUE(SameKeyed(FieldKind::kText, "", "  "));

  const Values first = GoodBirth();
  Values second = With(With(GoodBirth(), "name", "NGUYỄN VĂN ÂN"), "no", "007");
  second.erase("declarant");
  EXPECT_EQ(DifferingFields("khai_sinh", first, second), (Strings{"name", "declarant"}));
  EXPECT_TRUE(DifferingFields("khai_sinh", first, first).empty());
  // The same name typed with the tone placed the old or the new way.
  EXPECT_TRUE(SameKeyed(FieldKind::kName, "Lê Thị Hòa", "LÊ THỊ HOÀ"));
  EXPECT_TRUE(SameKeyed(FieldKind::kName, "Nguyễn Thủy", "Nguyễn Thuỷ"));
  EXPECT_FALSE(SameKeyed(FieldKind::kName, "Lê Thị Hòa", "Lê Thị Hóa"));
}

TEST(CivilRecordTest, AGoodEntryOfEachBookHasNoIssue) {
  EXPECT_EQ(Found(CheckEntry(BirthBook(), GoodBirth())), Strings{});

  EntryContext marriage = BirthBook();
  marriage.book_type = "ket_hon";
  const Values wedding{{"no", "07"},
                       {"registered", "2/9/2015"},
                       {"husband", "LÊ HOÀNG NAM"},
                       {"husband_dob", "14/07/1990"},
                       {"husband_nationality", "Việt Nam"},
                       {"wife", "H'Hen Niê"},
                       {"wife_dob", "29/02/1992"},
                       {"wife_ethnicity", "Ê Đê"},
                       {"residence", "Buôn Ma Thuột"}};
  // The wife's name is a minority name: a warning only.
  EXPECT_EQ(Found(CheckEntry(marriage, wedding)), Strings{"wife:name_syllable"});

  EntryContext death = BirthBook();
  death.book_type = "khai_tu";
  const Values deceased{
      {"no", "7"},   {"registered", "20/05/2015"}, {"name", "Phạm Thị Hồng"}, {"dob", "03/04/1930"},
      {"sex", "nữ"}, {"died", "18/05/2015"},       {"death_place", "Tại nhà"}};
  EXPECT_EQ(Found(CheckEntry(death, deceased)), Strings{});
}

TEST(CivilRecordTest, EveryCheckFiresOnTheFieldItConcerns) {
  const EntryContext book = BirthBook();
  auto found = [&](const Values& values) { return Found(CheckEntry(book, values)); };

  Values missing = GoodBirth();
  missing.erase("name");
  EXPECT_EQ(found(With(missing, "no", "  ")), (Strings{"no:required", "name:required"}));
  EXPECT_EQ(found(With(GoodBirth(), "sex", "")), Strings{}) << "sex is not required";

  EXPECT_EQ(found(With(GoodBirth(), "dob", "31/02/2015")), Strings{"dob:bad_date"});
  EXPECT_EQ(found(With(GoodBirth(), "dob", "29/02/2015")), Strings{"dob:bad_date"});
  EXPECT_EQ(found(With(GoodBirth(), "dob", "01/13/2015")), Strings{"dob:bad_date"});
  EXPECT_EQ(found(With(GoodBirth(), "dob", "2015-03-01")), Strings{"dob:bad_date"});
  EXPECT_EQ(found(With(GoodBirth(), "dob", "1/3/15")), Strings{"dob:bad_date"});
  EXPECT_EQ(found(With(GoodBirth(), "dob", "1/3/2015")), Strings{}) << "padded, then good";

  EXPECT_EQ(found(With(With(GoodBirth(), "registered", "12/03/2025"), "dob", "01/03/2025")),
            (Strings{"registered:future_date", "registered:year_outside_book", "dob:future_date"}));

  EXPECT_EQ(found(With(GoodBirth(), "dob", "13/03/2015")), Strings{"dob:born_after_registered"});

  EXPECT_EQ(found(With(With(GoodBirth(), "registered", "12/03/2016"), "dob", "01/03/2016")),
            Strings{"registered:year_outside_book"});
  EntryContext span = book;
  span.last_year = 2016;
  EXPECT_TRUE(
      CheckEntry(span, With(With(GoodBirth(), "registered", "12/03/2016"), "dob", "01/03/2016"))
          .empty())
      << "a book may span years";
  EntryContext unknown_year = book;
  unknown_year.first_year = 0;
  EXPECT_TRUE(CheckEntry(unknown_year,
                         With(With(GoodBirth(), "registered", "12/03/2016"), "dob", "01/03/2016"))
                  .empty());

  EXPECT_EQ(found(With(GoodBirth(), "no", "7a")), Strings{"no:number_not_a_number"});
  EXPECT_EQ(found(With(GoodBirth(), "no", "9")), Strings{"no:number_out_of_sequence"});
  EXPECT_EQ(found(With(GoodBirth(), "no", "007")), Strings{})
      << "7 follows 6 however it is printed";
  EXPECT_EQ(found(With(GoodBirth(), "no", "05")),
            (Strings{"no:number_out_of_sequence", "no:number_repeated"}));
  EntryContext first_entry = book;
  first_entry.previous_number.reset();
  EXPECT_EQ(Found(CheckEntry(first_entry, With(GoodBirth(), "no", "3"))),
            Strings{"no:number_repeated"});
  EXPECT_EQ(Found(CheckEntry(first_entry, With(GoodBirth(), "no", "30"))), Strings{});

  EXPECT_EQ(found(With(GoodBirth(), "sex", "Nma")), Strings{"sex:bad_sex"});
  EXPECT_EQ(found(With(GoodBirth(), "sex", "NU")), Strings{});

  EXPECT_EQ(found(With(GoodBirth(), "name", "Nguyễn Văn An2")), Strings{"name:name_characters"});
  EXPECT_EQ(found(With(GoodBirth(), "mother", "Trần T. Bình")), Strings{"mother:name_characters"});
  EXPECT_EQ(found(With(GoodBirth(), "father", "-Nguyễn Văn Cường")),
            Strings{"father:name_characters"});
  EXPECT_EQ(found(With(GoodBirth(), "declarant", "Nguyễn Văn Cường (cha)")),
            Strings{"declarant:name_characters"});
  EXPECT_EQ(found(With(GoodBirth(), "name", "Ksor H’Nhi")), Strings{"name:name_syllable"});
  EXPECT_EQ(found(With(GoodBirth(), "name", "NGUYỄN MAT AN")), Strings{"name:name_syllable"});
  EXPECT_EQ(found(With(GoodBirth(), "name", "Zơ Râm Jơ")), Strings{"name:name_syllable"})
      << "f j w z are letters of names, only not of Vietnamese syllables";
}

TEST(CivilRecordTest, DeathsAndMarriagesCheckTheirOwnDates) {
  EntryContext death = BirthBook();
  death.book_type = "khai_tu";
  const Values deceased{{"no", "7"},
                        {"registered", "20/05/2015"},
                        {"name", "Phạm Thị Hồng"},
                        {"dob", "03/04/1930"},
                        {"died", "18/05/2015"}};
  EXPECT_EQ(Found(CheckEntry(death, With(deceased, "died", "21/05/2015"))),
            Strings{"died:born_after_registered"});
  EXPECT_EQ(Found(CheckEntry(death, With(deceased, "dob", "19/05/2015"))),
            Strings{"dob:born_after_registered"});
  EXPECT_EQ(Found(CheckEntry(death, With(deceased, "dob", ""))), Strings{})
      << "dob is optional here";

  const auto partial = CheckEntry(death, With(deceased, "dob", "1930"));
  ASSERT_EQ(Found(partial), Strings{"dob:bad_date"});
  EXPECT_TRUE(partial[0].confirmable) << "old books give only the year of birth";

  EntryContext marriage = BirthBook();
  marriage.book_type = "ket_hon";
  const Values wedding{{"no", "7"},
                       {"registered", "02/09/2015"},
                       {"husband", "Lê Hoàng Nam"},
                       {"wife", "Đỗ Thị Mai"},
                       {"husband_dob", "03/09/2015"},
                       {"wife_dob", "01/01/1993"}};
  EXPECT_EQ(Found(CheckEntry(marriage, wedding)), Strings{"husband_dob:born_after_registered"});
  EXPECT_EQ(Found(CheckEntry(marriage, With(wedding, "husband_dob", "01/01/1990"))), Strings{});
  Values unwed = With(wedding, "husband_dob", "01/01/1990");
  unwed.erase("wife");
  EXPECT_EQ(Found(CheckEntry(marriage, unwed)), Strings{"wife:required"});
}

TEST(CivilRecordTest, WhatOnlyATypingSlipCanBeMustBeFixedTheRestMayBeConfirmed) {
  const EntryContext book = BirthBook();
  auto confirmable = [&](const Values& values) {
    const auto issues = CheckEntry(book, values);
    EXPECT_EQ(issues.size(), 1u);
    return !issues.empty() && issues[0].confirmable;
  };
  EXPECT_FALSE(confirmable(With(GoodBirth(), "name", "")));
  EXPECT_FALSE(confirmable(With(GoodBirth(), "dob", "1/3/15")));
  EXPECT_FALSE(confirmable(With(GoodBirth(), "sex", "x")));
  EXPECT_FALSE(confirmable(With(GoodBirth(), "name", "Nguyễn Văn An2")));
  EXPECT_TRUE(confirmable(With(GoodBirth(), "dob", "29/02/2015")));
  EXPECT_TRUE(confirmable(With(GoodBirth(), "dob", "13/03/2015")));
  EXPECT_TRUE(confirmable(With(GoodBirth(), "no", "9")));
  EXPECT_TRUE(confirmable(With(GoodBirth(), "name", "H'Hen Niê")));
  // A letter nobody can read is keyed as '?', kept with a warning.
  EXPECT_TRUE(confirmable(With(GoodBirth(), "mother", "Nguyễn Thị ?an")));
  const auto illegible = CheckEntry(book, With(GoodBirth(), "mother", "Nguyễn Thị ?an"));
  ASSERT_EQ(illegible.size(), 1u);
  EXPECT_EQ(illegible[0].code, "illegible");
}

TEST(CivilRecordTest, MessagesNameTheFieldAndTheValueInTheClerksLanguage) {
  const auto issues = CheckEntry(BirthBook(), With(GoodBirth(), "dob", "31/2/2015"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].message,
            "Ngày sinh \"31/02/2015\" is not a day of the calendar: check the day and month on the "
            "image; "
            "if the book says so, confirm to save.");

  const Language before = CurrentLanguage();
  SetLanguage(Language::kVietnamese);
  const auto sex = CheckEntry(BirthBook(), With(GoodBirth(), "sex", "Nma"));
  const auto number = CheckEntry(BirthBook(), With(GoodBirth(), "no", "9"));
  const auto year = CheckEntry(
      BirthBook(), With(With(GoodBirth(), "registered", "02/01/2016"), "dob", "01/01/2016"));
  SetLanguage(before);
  ASSERT_EQ(sex.size(), 1u);
  EXPECT_EQ(sex[0].message, "Giới tính \"Nma\" không phải Nam hoặc Nữ: gõ Nam hoặc Nữ.");
  ASSERT_EQ(number.size(), 1u);
  EXPECT_NE(
      number[0].message.find("Số \"9\" không liền sau số của mục trước (6), số tiếp theo là 7"),
      std::string::npos)
      << number[0].message;
  ASSERT_EQ(year.size(), 1u);
  EXPECT_NE(year[0].message.find("Ngày đăng ký \"02/01/2016\" không thuộc năm của sổ (2015)"),
            std::string::npos)
      << year[0].message;
}

}  // namespace
}  // namespace sohoa
