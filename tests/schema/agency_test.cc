#include "schema/agency.h"

#include <gtest/gtest.h>

namespace sohoa {
namespace {

constexpr const char* kProvince = "000.00.00.H32";
constexpr const char* kDistrict = "000.00.22.H32";
constexpr const char* kCommune = "000.31.22.H32";
constexpr const char* kUnit = "001.31.22.H32";

TEST(AgencyTest, OnlyTheFourGroupShapeIsAnAgencyCode) {
  EXPECT_TRUE(IsAgencyCode(kCommune));
  EXPECT_TRUE(IsAgencyCode("123.45.67.A01"));
  EXPECT_FALSE(IsAgencyCode(""));
  EXPECT_FALSE(IsAgencyCode("000.31.22.h32"));    // the letter is upper case
  EXPECT_FALSE(IsAgencyCode("000.31.22.H3"));
  EXPECT_FALSE(IsAgencyCode("000.31.22.H320"));
  EXPECT_FALSE(IsAgencyCode("000-31-22-H32"));
  EXPECT_FALSE(IsAgencyCode("000.31.22.H32-230620-0017"));  // a dossier code
}

TEST(AgencyTest, DepthCountsTheNonZeroGroupsBelowTheProvince) {
  EXPECT_EQ(AgencyDepth(kProvince), 0);
  EXPECT_EQ(AgencyDepth(kDistrict), 1);
  EXPECT_EQ(AgencyDepth(kCommune), 2);
  EXPECT_EQ(AgencyDepth(kUnit), 3);
  EXPECT_EQ(AgencyDepth("001.00.00.H32"), 1);  // a unit directly under the province
  EXPECT_EQ(AgencyDepth("nonsense"), -1);
}

TEST(AgencyTest, TheParentZeroesTheDeepestNonZeroGroup) {
  EXPECT_EQ(ParentAgency(kUnit), kCommune);
  EXPECT_EQ(ParentAgency(kCommune), kDistrict);
  EXPECT_EQ(ParentAgency(kDistrict), kProvince);
  EXPECT_EQ(ParentAgency(kProvince), "");
  EXPECT_EQ(ParentAgency("001.00.00.H32"), kProvince);
  EXPECT_EQ(ParentAgency("000.31.00.H32"), kProvince);
  EXPECT_EQ(ParentAgency("H32"), "");
  for (const char* code : {kUnit, kCommune, kDistrict, "001.00.00.H32"}) {
    EXPECT_EQ(AgencyDepth(ParentAgency(code)), AgencyDepth(code) - 1) << code;
  }
}

TEST(AgencyTest, AProvinceIncludesEveryAgencyUnderIt) {
  for (const char* child : {kProvince, kDistrict, kCommune, kUnit, "001.00.00.H32"}) {
    EXPECT_TRUE(AgencyIncludes(kProvince, child)) << child;
  }
  EXPECT_FALSE(AgencyIncludes(kProvince, "000.31.22.H33"));
}

TEST(AgencyTest, ADistrictIncludesItsCommunesAndTheirUnitsOnly) {
  EXPECT_TRUE(AgencyIncludes(kDistrict, kDistrict));
  EXPECT_TRUE(AgencyIncludes(kDistrict, kCommune));
  EXPECT_TRUE(AgencyIncludes(kDistrict, kUnit));
  EXPECT_TRUE(AgencyIncludes(kDistrict, "001.00.22.H32"));
  EXPECT_FALSE(AgencyIncludes(kDistrict, kProvince));          // not upwards
  EXPECT_FALSE(AgencyIncludes(kDistrict, "000.31.23.H32"));    // another district's commune
  EXPECT_FALSE(AgencyIncludes(kDistrict, "000.00.22.H33"));    // same number, other province
}

TEST(AgencyTest, ACommuneIncludesItsUnitsButNotItsSiblings) {
  EXPECT_TRUE(AgencyIncludes(kCommune, kUnit));
  EXPECT_TRUE(AgencyIncludes(kCommune, "002.31.22.H32"));
  EXPECT_FALSE(AgencyIncludes(kCommune, "000.32.22.H32"));
  EXPECT_FALSE(AgencyIncludes(kUnit, kCommune));
  EXPECT_FALSE(AgencyIncludes(kUnit, "002.31.22.H32"));
}

TEST(AgencyTest, ZeroGroupsAboveANonZeroOneAreNotWildcards) {
  // 000.31.00.H32 is a unit directly under the province; the commune
  // 000.31.22.H32 sits under district 22 instead.
  EXPECT_FALSE(AgencyIncludes("000.31.00.H32", kCommune));
  EXPECT_TRUE(AgencyIncludes("000.31.00.H32", "001.31.00.H32"));
}

TEST(AgencyTest, MalformedCodesIncludeNothing) {
  EXPECT_FALSE(AgencyIncludes("", kCommune));
  EXPECT_FALSE(AgencyIncludes(kCommune, ""));
  EXPECT_FALSE(AgencyIncludes("000.31.22.h32", "000.31.22.h32"));
}

}  // namespace
}  // namespace sohoa
