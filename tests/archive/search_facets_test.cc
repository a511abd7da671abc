// Facets (archive/internal/search_facets.h): the filter values a page's
// index row carries, and the facets a received: range becomes.
#include "archive/internal/search_facets.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace sohoa::archive::internal {
namespace {

using Words = std::vector<std::string>;

Words Split(const std::string& s) {
  std::istringstream in(s);
  Words out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool Has(const Words& words, const std::string& w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

TEST(SearchFacetsTest, APageCarriesEveryAgencyAboveItsOwnAndItsProcedureFieldKindAndMonth) {
  FacetSource s;
  s.dossier_code = "000.31.22.H32-230620-0017";
  s.agency_code = "000.31.22.H32";
  s.received_date = "2023-06-20";
  s.procedure_code = "1.001193.000.00.00.H32";
  s.field = "Hộ tịch";
  s.kind = "id_copy";
  const Words facets = Split(FacetWords(s));
  for (const char* w : {"a0003122h32", "a0000022h32", "a0000000h32", "p10011930000000h32",
                        "p1001193", "fhotich", "kidcopy", "m202306", "y2023",
                        "c0000022h32202306", "c0003122h32202306"}) {
    EXPECT_TRUE(Has(facets, w)) << w << " in " << FacetWords(s);
  }
  // Each facet is what the filter value becomes.
  EXPECT_TRUE(Has(facets, AgencyFacet("000.00.22.H32")));
  EXPECT_TRUE(Has(facets, ProcedureFacet("1.001193")));
  EXPECT_TRUE(Has(facets, FieldFacet("hộ tịch")));
  EXPECT_TRUE(Has(facets, KindFacet("id_copy")));
  EXPECT_TRUE(Has(facets, AgencyMonthFacet(AgencyFacet("000.00.22.H32"),
                                           ReceivedFacets("2023-06-01", "2023-06-30")->at(0))));
  EXPECT_FALSE(Has(facets, AgencyFacet("000.31.00.H32")));  // not above 000.31.22.H32
}

TEST(SearchFacetsTest, AnUnknownAgencyIsTheOneTheCodeNamesAndAnUnknownDateHasNoMonth) {
  FacetSource s;
  s.dossier_code = "000.10.25.H32-230101-0001";
  s.kind = "form";
  const Words facets = Split(FacetWords(s));
  EXPECT_TRUE(Has(facets, "a0001025h32"));
  EXPECT_TRUE(Has(facets, "a0000025h32"));
  for (const std::string& w : facets) EXPECT_NE(w[0], 'm') << w;
}

TEST(SearchFacetsTest, AReceivedRangeIsItsMonthsOrForLongSpansItsYears) {
  EXPECT_EQ(ReceivedFacets("2023-06-01", "2023-06-28"), (Words{"m202306"}));
  EXPECT_EQ(ReceivedFacets("2023-11-15", "2024-02-01"),
            (Words{"m202311", "m202312", "m202401", "m202402"}));
  EXPECT_EQ(ReceivedFacets("2001-01-01", "2023-12-31")->front(), "y2001");
  EXPECT_EQ(ReceivedFacets("2001-01-01", "2023-12-31")->size(), 23u);
  // Open, reversed or absurd ranges are left to SQL.
  EXPECT_FALSE(ReceivedFacets("2023-01-01", "").has_value());
  EXPECT_FALSE(ReceivedFacets("", "2023-01-01").has_value());
  EXPECT_FALSE(ReceivedFacets("2023-06-01", "2023-01-01").has_value());
  EXPECT_FALSE(ReceivedFacets("1000-01-01", "2023-01-01").has_value());
}

}  // namespace
}  // namespace sohoa::archive::internal
