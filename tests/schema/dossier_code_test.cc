#include "schema/dossier_code.h"

#include <gtest/gtest.h>

namespace sohoa {
namespace {

TEST(DossierCodeTest, ParsesAgencyDateAndSequence) {
  auto code = ParseDossierCode("000.31.22.H32-230620-0017");
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->agency_code, "000.31.22.H32");
  EXPECT_EQ(code->received_date, "2023-06-20");
  EXPECT_EQ(code->sequence, 17);
}

TEST(DossierCodeTest, RejectsImpossibleDatesAndWrongShapes) {
  EXPECT_FALSE(ParseDossierCode("000.31.22.H32-231320-0017"));  // month 13
  EXPECT_FALSE(ParseDossierCode("000.31.22.H32-230230-0017"));  // 30 February
  EXPECT_FALSE(ParseDossierCode("000.31.22.h32-230620-0017"));  // lower-case letter
  EXPECT_FALSE(ParseDossierCode("000.31.22.H32-230620-017"));
  EXPECT_FALSE(ParseDossierCode(" 000.31.22.H32-230620-0017"));
  EXPECT_TRUE(ParseDossierCode("000.00.00.H32-240229-0001"));  // leap day
}

TEST(DossierCodeTest, FindsTheFirstCodeInText) {
  auto code = FindDossierCode("GIẤY TIẾP NHẬN\nMã hồ sơ: 000.20.21.H32-240315-0007\nkhác 000.00.00.H32-240316-0001");
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, "000.20.21.H32-240315-0007");
}

TEST(DossierCodeTest, IgnoresCodesGluedToMoreDigits) {
  EXPECT_FALSE(FindDossierCode("1000.31.22.H32-230620-00171"));
  EXPECT_FALSE(FindDossierCode("no code here"));
}

}  // namespace
}  // namespace sohoa
