// A surname read with another mark is the surname meant; a surname read
// right, a rare surname, or a word two surnames could be, stays as read.
#include "schema/surnames.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace sohoa {
namespace {

TEST(SurnamesTest, ASurnameReadWithAnotherMarkIsTheSurnameMeant) {
  EXPECT_EQ(SurnameMeant("Trân"), std::optional<std::string>("Trần"));
  EXPECT_EQ(SurnameMeant("NGUYÊN"), std::optional<std::string>("NGUYỄN"));
  EXPECT_EQ(SurnameMeant("Nguyen"), std::optional<std::string>("Nguyễn"));
  EXPECT_EQ(SurnameMeant("LE"), std::optional<std::string>("LÊ"));
  EXPECT_EQ(SurnameMeant("Dỗ"), std::optional<std::string>("Đỗ"));
  EXPECT_EQ(SurnameMeant("trân"), std::optional<std::string>("Trần"));
  EXPECT_EQ(SurnameMeant("phạm"), std::nullopt);  // the surname, only in small letters
}

TEST(SurnamesTest, ASurnameReadRightStays) {
  for (const char* name : {"Trần", "TRẦN", "Võ", "Vũ", "Lã", "La", "Ngọ", "Lường", "Đàng", "Hạ"}) {
    EXPECT_TRUE(IsKnownSurname(name)) << name;
    EXPECT_EQ(SurnameMeant(name), std::nullopt) << name;
  }
}

TEST(SurnamesTest, AWordTwoSurnamesCouldBeStays) {
  EXPECT_EQ(SurnameMeant("Ngỗ"), std::nullopt);    // Ngô or Ngọ
  EXPECT_EQ(SurnameMeant("Lưỡng"), std::nullopt);  // Lương or Lường
  EXPECT_EQ(SurnameMeant("Vo"), std::optional<std::string>("Võ"));  // not Vũ: other letters
}

TEST(SurnamesTest, WhatIsNoSurnameStays) {
  EXPECT_EQ(SurnameMeant("Ksor"), std::nullopt);
  EXPECT_EQ(SurnameMeant("H'Hen"), std::nullopt);
  EXPECT_EQ(SurnameMeant("Trần Văn"), std::nullopt);
  EXPECT_EQ(SurnameMeant(""), std::nullopt);
  EXPECT_FALSE(IsKnownSurname("Trân"));
}

}  // namespace
}  // namespace sohoa
