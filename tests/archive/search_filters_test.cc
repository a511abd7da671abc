// The facets search filters add to a page query's MATCH
// (archive/sqlite/search_filters.h, search_facets.h): which filters narrow
// inside the full-text index, and which are left to SQL alone.
#include "archive/sqlite/search_filters.h"

#include <gtest/gtest.h>

#include "archive/sqlite/catalog.h"
#include "archive/query.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive::internal {
namespace {

// The SQLite catalog's own filters: the PostgreSQL catalog's facets are the
// same expressions (archive/internal/search_facets.h), read into tsqueries.
class SearchFiltersTest : public CatalogTest {
 protected:
  void SetUp() override {
    SOHOA_SQLITE_ONLY();
    CatalogTest::SetUp();
  }

  std::string FacetsOf(const std::string& text) {
    auto query = ParseQuery(text);
    EXPECT_TRUE(query.ok()) << query.status().ToString();
    if (!query.ok()) return "?";
    auto filters = BuildFilters(CatalogAccess::DbOf(*catalog_), *query, Scope::Everything(), true, 4);
    EXPECT_TRUE(filters.ok()) << filters.status().ToString();
    return filters.ok() ? filters->facets : "?";
  }
};

TEST_F(SearchFiltersTest, AnAgencyWithAMonthRangeIsOneFacetPerMonth) {
  EXPECT_EQ(FacetsOf("lan agency:000.00.22.H32 received:2023-06-01..2023-07-31"),
            "(facets : \"c0000022h32202306\" OR facets : \"c0000022h32202307\")");
}

TEST_F(SearchFiltersTest, KindProcedureAndFieldNarrowTogether) {
  EXPECT_EQ(FacetsOf("lan kind:form procedure:1.001193 kind:result"),
            "(facets : \"p1001193\") AND (facets : \"kform\" OR facets : \"kresult\")");
  EXPECT_EQ(FacetsOf("lan field:\"hộ tịch\""), "(facets : \"fhotich\")");
}

TEST_F(SearchFiltersTest, WhatFacetsCannotSayIsLeftToSql) {
  EXPECT_EQ(FacetsOf("lan received:2023-01-01.."), "");
  EXPECT_EQ(FacetsOf("lan -agency:000.00.22.H32"), "");
  EXPECT_EQ(FacetsOf("lan code:000.31 cccd:056189004513 name:\"tran lan\""), "");
  // One open range among the values leaves the whole filter to SQL.
  EXPECT_EQ(FacetsOf("lan received:2023-01-01..2023-01-31 received:2024-01-01.."), "");
}

}  // namespace
}  // namespace sohoa::archive::internal
