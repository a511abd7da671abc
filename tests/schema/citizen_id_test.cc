#include "schema/citizen_id.h"

#include <gtest/gtest.h>

namespace sohoa {
namespace {

TEST(CitizenIdTest, AKhanhHoaManBornIn1989IsAccepted) {
  CitizenIdCheck check = CheckCitizenId("056089004512", 1989);
  EXPECT_TRUE(check.acceptable()) << check.problem;
  EXPECT_TRUE(check.known_province);
  EXPECT_EQ(check.century, 1900);
  EXPECT_FALSE(check.female);
  EXPECT_EQ(check.matches_birth_year, true);
}

TEST(CitizenIdTest, AWrongCenturyDigitIsFlaggedNotAccepted) {
  // G = 2 says born in the 2000s; the person was born in 1989.
  CitizenIdCheck check = CheckCitizenId("056289004512", 1989);
  EXPECT_FALSE(check.acceptable());
  EXPECT_EQ(check.matches_birth_year, false);
  EXPECT_NE(check.problem.find("century digit 2"), std::string::npos) << check.problem;
}

TEST(CitizenIdTest, YearDigitsThatDisagreeWithTheBirthYearAreFlagged) {
  EXPECT_FALSE(CheckCitizenId("056090004512", 1989).acceptable());
}

TEST(CitizenIdTest, ACodeThatIsNoProvinceIsFlagged) {
  EXPECT_FALSE(CheckCitizenId("003089004512").known_province);  // 003 is not assigned
  EXPECT_FALSE(CheckCitizenId("097089004512").acceptable());
}

TEST(CitizenIdTest, ElevenDigitsOrLettersAreNotAnId) {
  EXPECT_FALSE(CheckCitizenId("05608900451").well_formed);
  EXPECT_FALSE(CheckCitizenId("05608900451O").well_formed);
}

TEST(CitizenIdTest, AGirlBornIn2023HasCenturyDigitThree) {
  CitizenIdCheck check = CheckCitizenId("056323000111", 2023);
  EXPECT_TRUE(check.acceptable()) << check.problem;
  EXPECT_TRUE(check.female);
}

}  // namespace
}  // namespace sohoa
