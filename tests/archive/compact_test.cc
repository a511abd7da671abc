// Catalog::CompactSearchIndex: the index's segments merged into one (SQLite)
// or its GIN indexes' pending lists cleaned (PostgreSQL), the same hits
// before and after, and nothing left to do the second time.
#include <gtest/gtest.h>

#include "archive/sqlite/catalog.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

using internal::CatalogAccess;

class CompactTest : public CatalogTest {
 protected:
  std::int64_t Segments() {
    auto n = CatalogAccess::DbOf(*catalog_).QueryInt("SELECT count(DISTINCT segid) FROM page_search_idx");
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : -1;
  }
};

TEST_F(CompactTest, MergesEverySegmentIntoOneAndFindsTheSame) {
  SOHOA_SQLITE_ONLY();  // FTS5's segments; PostgreSQL's pending lists below
  // One transaction per dossier writes one segment each (FTS5 merges some
  // on its own, never all).
  for (int i = 0; i < 40; ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "000.31.22.H32-240315-%04d", i + 1);
    DossierRecord d = MakeDossier(code, "Nguyễn Văn An");
    d.documents.push_back(MakeDocument(kKindForm, std::string(60, 'f') + std::to_string(1000 + i),
                                       {"Tờ khai khai sinh số " + std::to_string(i) + " Nguyễn Văn An"}));
    Store(d);
  }
  ASSERT_GT(Segments(), 1);
  auto before = catalog_->SearchDossiers("nguyen van an", 100);
  ASSERT_TRUE(before.ok());
  int reported = 0;
  auto steps = catalog_->CompactSearchIndex(0, [&](int done) { reported = done; });
  ASSERT_TRUE(steps.ok()) << steps.status().ToString();
  EXPECT_GT(*steps, 0);
  EXPECT_EQ(reported, *steps);
  EXPECT_EQ(Segments(), 1);
  auto after = catalog_->SearchDossiers("nguyen van an", 100);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->total, before->total);
  ASSERT_EQ(after->hits.size(), before->hits.size());
  for (std::size_t i = 0; i < after->hits.size(); ++i) {
    EXPECT_EQ(after->hits[i].best.dossier_code, before->hits[i].best.dossier_code);
    EXPECT_EQ(after->hits[i].matching_pages, before->hits[i].matching_pages);
  }
  auto again = catalog_->CompactSearchIndex();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

TEST_F(CompactTest, CleansWhatWritingLeftAndFindsTheSame) {
  // One transaction per dossier: SQLite writes a segment each, PostgreSQL
  // adds to its GIN index's pending list.
  for (int i = 0; i < 40; ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "000.31.22.H32-240315-%04d", i + 1);
    DossierRecord d = MakeDossier(code, "Nguyễn Văn An");
    d.documents.push_back(MakeDocument(kKindForm, std::string(60, 'f') + std::to_string(1000 + i),
                                       {"Tờ khai khai sinh số " + std::to_string(i) + " Nguyễn Văn An"}));
    Store(d);
  }
  auto before = catalog_->SearchDossiers("nguyen van an", 100);
  ASSERT_TRUE(before.ok());
  int reported = 0;
  auto steps = catalog_->CompactSearchIndex(0, [&](int done) { reported = done; });
  ASSERT_TRUE(steps.ok()) << steps.status().ToString();
  EXPECT_GT(*steps, 0);
  EXPECT_EQ(reported, *steps);
  auto after = catalog_->SearchDossiers("nguyen van an", 100);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->total, before->total);
  ASSERT_EQ(after->hits.size(), before->hits.size());
  for (std::size_t i = 0; i < after->hits.size(); ++i) {
    EXPECT_EQ(after->hits[i].best.dossier_code, before->hits[i].best.dossier_code);
    EXPECT_EQ(after->hits[i].matching_pages, before->hits[i].matching_pages);
    EXPECT_EQ(after->hits[i].best.score, before->hits[i].best.score);
  }
  auto again = catalog_->CompactSearchIndex();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

TEST_F(CompactTest, StopsAfterTheStepsAsked) {
  for (int i = 0; i < 20; ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "000.31.22.H32-240316-%04d", i + 1);
    DossierRecord d = MakeDossier(code);
    d.documents.push_back(MakeDocument(kKindForm, std::string(60, 'e') + std::to_string(1000 + i),
                                       {"trang " + std::to_string(i)}));
    Store(d);
  }
  auto steps = catalog_->CompactSearchIndex(1);
  ASSERT_TRUE(steps.ok());
  EXPECT_LE(*steps, 1);
}

}  // namespace
}  // namespace sohoa::archive
