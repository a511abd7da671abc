#include <gtest/gtest.h>

#include "schema/dossier_code.h"

namespace sohoa {
namespace {

TEST(ReadDossierCodeTest, TheLetterOForAZeroInThePrintedCodeIsCorrected) {
  auto r = ReadDossierCode("Mã hồ sơ: OOO.31.22.H32-230620-0O17", "2024-01-01");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code.code, "000.31.22.H32-230620-0017");
  EXPECT_EQ(r->code.received_date, "2023-06-20");
  EXPECT_EQ(r->corrections, 4);
}

TEST(ReadDossierCodeTest, OtherUsualConfusionsAreCorrectedToo) {
  auto r = ReadDossierCode("Mã hồ sơ: 000.3l.22.H32-2306Z0-OO1S", "2024-01-01");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code.code, "000.31.22.H32-230620-0015");
}

TEST(ReadDossierCodeTest, SpacesAndAnEnDashAroundTheSeparatorsAreForgiven) {
  auto r = ReadDossierCode("000.31.22.H32 \u2013 230620-0017", "2024-01-01");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code.code, "000.31.22.H32-230620-0017");
  EXPECT_EQ(r->corrections, 0);
}

TEST(ReadDossierCodeTest, ADateInTheFutureIsNotPlausible) {
  EXPECT_FALSE(ReadDossierCode("000.31.22.H32-250620-0017", "2024-01-01").has_value());
}

TEST(ReadDossierCodeTest, ADateBefore2015IsNotPlausible) {
  EXPECT_FALSE(ReadDossierCode("000.31.22.H32-140620-0017", "2024-01-01").has_value());
}

TEST(ReadDossierCodeTest, AnExactReadingWinsOverACorrectedOne) {
  auto r = ReadDossierCode("OOO.31.22.H32-230620-0017 then 000.31.22.H32-230621-0018",
                           "2024-01-01");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code.code, "000.31.22.H32-230621-0018");
}

}  // namespace
}  // namespace sohoa
