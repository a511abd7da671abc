// sohoa_rank: bm25 with a sampled row count for common phrases.
#include <gtest/gtest.h>

#include <set>

#include "archive/catalog.h"
#include "archive/sqlite/search_rank.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

TEST(SearchRankTest, ACountPastTheSampleIsScaledByHowFarTheRowidsReached) {
  // 1000 rows found by rowid 250 of 1000: about one row in four holds it.
  EXPECT_DOUBLE_EQ(internal::EstimateRows(1000, 250, 1000), 4000.0);
  EXPECT_DOUBLE_EQ(internal::EstimateRows(1000, 250, 100000), 400000.0);
  // Nothing to scale by: the count stands.
  EXPECT_DOUBLE_EQ(internal::EstimateRows(1000, 0, 5000), 1000.0);
  EXPECT_DOUBLE_EQ(internal::EstimateRows(1000, 5000, 5000), 1000.0);
}

class SearchRankCatalogTest : public CatalogTest {};

TEST_F(SearchRankCatalogTest, PagesOfACommonWordAreRankedByHowOftenTheyHoldIt) {
  // More pages than the exact count covers, so the estimate is used.
  const int pages = static_cast<int>(internal::kRankSampleRows) + 200;
  std::vector<DossierRecord> batch;
  for (int i = 0; i < pages; i += 4) {
    char code[32];
    std::snprintf(code, sizeof code, "000.31.22.H32-230620-%04d", i / 4 + 1);
    DossierRecord d = MakeDossier(code);
    std::vector<std::string> texts;
    for (int p = 0; p < 4; ++p) {
      // Page 2 of dossier 280 (among the newest 200 pages, the first window
      // a tier ranks) says "khai" four times; every other page once.
      texts.push_back(i / 4 == 279 && p == 1 ? "khai khai khai khai sinh" : "khai sinh cho bé");
    }
    d.documents.push_back(MakeDocument(kKindForm, FakeSha('a'), texts));
    batch.push_back(std::move(d));
  }
  ASSERT_TRUE(catalog_->StoreDossiers(batch).ok());
  auto hits = Search("khai", 5);
  ASSERT_EQ(hits.size(), 5u);
  EXPECT_EQ(hits[0].dossier_code, "000.31.22.H32-230620-0280");
  EXPECT_EQ(hits[0].page, 2);
  EXPECT_GT(hits[0].score, hits[1].score);
}

TEST_F(SearchRankCatalogTest, PagingPastTheFirstWindowKeepsOneOrder) {
  // 1,200 matching pages: six ranking windows of 200 (kRankedPerTier in
  // archive/sqlite/search.cc).
  std::vector<DossierRecord> batch;
  for (int i = 0; i < 300; ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "000.31.22.H32-230620-%04d", i + 1);
    DossierRecord d = MakeDossier(code);
    d.documents.push_back(MakeDocument(
        kKindForm, FakeSha('a'),
        {"khai sinh", "khai khai sinh", "sinh khai và nhiều chữ khác", "khai"}));
    batch.push_back(std::move(d));
  }
  ASSERT_TRUE(catalog_->StoreDossiers(batch).ok());
  std::set<std::pair<std::string, int>> seen;
  double last_score = 1e9;
  for (int offset = 0; offset < 1300; offset += 150) {
    auto hits = catalog_->Search("khai", 150, offset);
    ASSERT_TRUE(hits.ok()) << hits.status().ToString();
    for (const SearchHit& h : *hits) {
      EXPECT_TRUE(seen.emplace(h.dossier_code, h.page).second)
          << h.dossier_code << " p." << h.page << " twice, at offset " << offset;
      if (seen.size() <= 1000) last_score = std::min(last_score, h.score);
    }
  }
  EXPECT_EQ(seen.size(), 1200u);
  // Within the first window, best first.
  auto first = catalog_->Search("khai", 200);
  ASSERT_TRUE(first.ok());
  for (std::size_t i = 1; i < first->size(); ++i) {
    EXPECT_GE((*first)[i - 1].score, (*first)[i].score) << i;
  }
  EXPECT_GT(last_score, 0);
}

TEST_F(SearchRankCatalogTest, StoreDossiersStoresAllOrNone) {
  std::vector<DossierRecord> batch = {MakeDossier("000.31.22.H32-230620-0001"),
                                      MakeDossier("000.31.22.H32-230620-0002")};
  batch[0].documents.push_back(MakeDocument(kKindForm, FakeSha('a'), {"khai sinh"}));
  batch[1].documents.push_back(MakeDocument(kKindForm, FakeSha('b'), {"kết hôn"}));
  auto added = catalog_->StoreDossiers(batch);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(*added, 2);
  EXPECT_EQ(Search("khai").size(), 1u);
  EXPECT_EQ(Search("ket hon").size(), 1u);

  // The same dossier twice in a batch: what the second copy adds finds the
  // pages of the first too.
  std::vector<DossierRecord> twice = {MakeDossier("000.31.22.H32-230620-0005"),
                                      MakeDossier("000.31.22.H32-230620-0005", "Lê Thị Hoa")};
  twice[0].documents.push_back(MakeDocument(kKindForm, FakeSha('e'), {"trang một"}));
  twice[1].documents.push_back(MakeDocument(kKindForm, FakeSha('f'), {"trang hai"}));
  ASSERT_TRUE(catalog_->StoreDossiers(twice).ok());
  EXPECT_EQ(Search("le thi hoa").size(), 2u);

  // A dossier refused half-way through the batch leaves the catalog as it
  // was: here its document claims to re-scan a document that is not archived.
  std::vector<DossierRecord> bad = {MakeDossier("000.31.22.H32-230620-0003"),
                                    MakeDossier("000.31.22.H32-230620-0004")};
  bad[0].documents.push_back(MakeDocument(kKindForm, FakeSha('c'), {"khai tử"}));
  bad[1].documents.push_back(MakeDocument(kKindForm, FakeSha('d'), {"trang"}));
  bad[1].documents[0].reused_from = "000.31.22.H32-230620-0099.1";
  auto refused = catalog_->StoreDossiers(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("000.31.22.H32-230620-0004"), std::string::npos)
      << refused.status().ToString();
  EXPECT_FALSE(catalog_->StoreDossiers({MakeDossier("")}).ok());
  EXPECT_TRUE(Search("khai tu").empty());
  EXPECT_EQ(catalog_->MatchingDossiers("").value().size(), 3u);
}

}  // namespace
}  // namespace sohoa::archive
