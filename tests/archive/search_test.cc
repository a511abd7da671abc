// Catalog::Search: folding, ranking, direct lookups, hostile queries. The
// query language itself: search_query_test.cc and query_parser_test.cc.
#include <gtest/gtest.h>

#include "archive/catalog.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

class SearchTest : public CatalogTest {
 protected:
  void StorePage(const std::string& code, const std::string& text,
                 const std::string& applicant = "", const std::string& procedure_name = "") {
    DossierRecord d =
        MakeDossier(code, applicant, procedure_name.empty() ? "" : "1.001193", procedure_name);
    d.documents.push_back(MakeDocument(kKindForm, FakeSha('c'), {"Trang bìa", text}));
    Store(d);
  }
};

constexpr const char* kDuc = "000.31.22.H32-230620-0017";
constexpr const char* kDuc2 = "000.31.22.H32-230620-0018";
constexpr const char* kPlain = "000.31.22.H32-230620-0019";

TEST_F(SearchTest, FindsNguyenVanDucWithoutDiacritics) {
  StorePage(kDuc,
            "TỜ KHAI ĐĂNG KÝ KHAI SINH\n"
            "Họ, chữ đệm, tên người yêu cầu: NGUYỄN VĂN ĐỨC\n"
            "Nơi cư trú: Nha Trang");
  StorePage(kPlain, "Họ và tên: TRẦN THỊ LAN");
  auto hits = Search("nguyen van duc");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].dossier_code, kDuc);
  EXPECT_EQ(hits[0].document, 1);
  EXPECT_EQ(hits[0].page, 2);
  EXPECT_NE(hits[0].snippet.find("[NGUYỄN] [VĂN] [ĐỨC]"), std::string::npos) << hits[0].snippet;
  EXPECT_EQ(hits[0].snippet.find('\n'), std::string::npos);
}

TEST_F(SearchTest, TheWordsOfAQueryMustAllMatch) {
  StorePage(kDuc, "NGUYỄN VĂN ĐỨC");
  EXPECT_TRUE(Search("nguyen lan").empty());
  EXPECT_EQ(Search("NGUYEN").size(), 1u);
}

TEST_F(SearchTest, AnExactDiacriticMatchRanksAboveAFoldedOne) {
  // Stored first so that, without the exact bonus, they would come first.
  StorePage(kPlain, "Người làm chứng: Lê Văn Dục");
  StorePage(kDuc2, "ghi chú: duc");
  StorePage(kDuc, "Người yêu cầu: Phạm Minh Đức");
  auto hits = Search("Đức");
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].dossier_code, kDuc);
  EXPECT_GT(hits[0].score, hits[1].score);
  EXPECT_GE(hits[1].score, hits[2].score);
  // And the other way round: typed without marks, the literal "duc" wins.
  auto plain = Search("duc");
  ASSERT_EQ(plain.size(), 3u);
  EXPECT_EQ(plain[0].dossier_code, kDuc2);
}

TEST_F(SearchTest, QueriesWithSearchSyntaxNeverFail) {
  StorePage(kDuc, "NGUYỄN VĂN ĐỨC, near the market: (ward 3) - \"quoted\" *star*");
  const std::vector<std::string> queries = {"\"",
                                            "\"đức",
                                            "đức\"",
                                            "*",
                                            "đức*",
                                            "(",
                                            ")",
                                            "(đức",
                                            "NEAR",
                                            "NEAR(đức văn)",
                                            "-",
                                            "-đức",
                                            ":",
                                            "exact:đức",
                                            "{folded}:x",
                                            "đức AND",
                                            "OR",
                                            "NOT đức",
                                            "AND OR NOT",
                                            "^đức",
                                            "+",
                                            "'",
                                            "\\",
                                            "\"\"\"",
                                            "…",
                                            "😀",
                                            "đức 😀",
                                            "a\tb\nc",
                                            "%_",
                                            "\x01",
                                            std::string("\0x", 2),
                                            "\xff\xfe"};
  // Each one either runs or is refused as bad syntax in the query language,
  // with a message of its own: never an SQL or FTS5 error.
  for (const std::string& q : queries) {
    auto hits = catalog_->Search(q, 10);
    if (hits.ok()) continue;
    EXPECT_EQ(hits.status().code(), StatusCode::kInvalidArgument)
        << "query [" << q << "]: " << hits.status().ToString();
    for (const char* leak : {"fts5", "syntax error", "SQL", "MATCH", "sqlite"}) {
      EXPECT_EQ(hits.status().message().find(leak), std::string::npos)
          << "query [" << q << "]: " << hits.status().ToString();
    }
  }
  EXPECT_EQ(Search("NEAR").size(), 1u);  // the word "near", not the operator
  EXPECT_EQ(Search("(ward 3)").size(), 1u);
  EXPECT_EQ(Search("đức 😀").size(), 1u);
}

TEST_F(SearchTest, ADossierCodeFindsItsDossierFirst) {
  StorePage(kDuc, "Mã hồ sơ: 000.31.22.H32-230620-0017", "NGUYỄN VĂN ĐỨC",
            "Thủ tục đăng ký khai sinh");
  StorePage(kDuc2, "other dossier");
  for (const std::string q : {kDuc, "  000.31.22.h32-230620-0017 "}) {
    auto hits = Search(q);
    ASSERT_FALSE(hits.empty()) << q;
    EXPECT_EQ(hits[0].dossier_code, kDuc);
    EXPECT_EQ(hits[0].document, 0);
    EXPECT_EQ(hits[0].page, 0);
    EXPECT_EQ(hits[0].procedure_code, "1.001193");
    EXPECT_NE(hits[0].snippet.find("[000.31.22.H32-230620-0017]"), std::string::npos)
        << hits[0].snippet;
    for (const auto& h : hits) EXPECT_EQ(h.dossier_code, kDuc);
  }
}

TEST_F(SearchTest, ACitizenIdFindsThePageThatPrintsIt) {
  StorePage(kDuc, "Số định danh cá nhân: 056189004512\nNGUYỄN VĂN ĐỨC");
  StorePage(kPlain, "Số định danh cá nhân: 056189004513");
  auto hits = Search("056189004512");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].dossier_code, kDuc);
  EXPECT_EQ(hits[0].page, 2);
  EXPECT_NE(hits[0].snippet.find("[056189004512]"), std::string::npos) << hits[0].snippet;
}

TEST_F(SearchTest, ACitizenIdInTheDossierFieldsFindsTheDossierFirst) {
  DossierRecord d = MakeDossier(kDuc);
  d.fields = {{"citizen_id", "056189004512", 0.9f, kSourceOcr}};
  d.documents.push_back(
      MakeDocument(kKindIdCopy, FakeSha('d'), {"CĂN CƯỚC CÔNG DÂN 056 189 004 512"}));
  Store(d);
  auto hits = Search("056189004512");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].dossier_code, kDuc);
  EXPECT_EQ(hits[0].document, 0);
  EXPECT_NE(hits[0].snippet.find("citizen_id: [056189004512]"), std::string::npos)
      << hits[0].snippet;
}

TEST_F(SearchTest, TheApplicantAndProcedureFindEveryPageOfTheDossier) {
  StorePage(kDuc, "trang hai", "Trần Thị Bích", "Thủ tục đăng ký khai sinh");
  auto hits = Search("tran thi bich khai sinh");
  ASSERT_EQ(hits.size(), 2u);
  for (const auto& h : hits) {
    EXPECT_EQ(h.dossier_code, kDuc);
    EXPECT_EQ(h.applicant, "Trần Thị Bích");
    EXPECT_NE(h.snippet.find("[Trần] [Thị] [Bích]"), std::string::npos) << h.snippet;
  }
}

TEST_F(SearchTest, AnApplicantLearnedLaterIsSearchable) {
  StorePage(kDuc, "trang hai");
  EXPECT_TRUE(Search("bich").empty());
  Store(MakeDossier(kDuc, "Trần Thị Bích"));
  EXPECT_EQ(Search("bich").size(), 2u);
}

TEST_F(SearchTest, APageMentioningTheNameRanksAbovePagesThatOnlyShareTheDossier) {
  StorePage(kDuc, "Họ và tên: NGUYỄN VĂN ĐỨC", "NGUYỄN VĂN ĐỨC");
  auto hits = Search("nguyen van duc");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].page, 2);
  EXPECT_GT(hits[0].score, hits[1].score);
}

TEST_F(SearchTest, TheLimitCapsTheHits) {
  for (int i = 0; i < 5; ++i) {
    StorePage("000.31.22.H32-230620-000" + std::to_string(i + 1), "khai sinh");
  }
  EXPECT_EQ(Search("khai sinh", 3).size(), 3u);
  EXPECT_EQ(Search("khai sinh", 100).size(), 5u);
  auto bad = catalog_->Search("khai sinh", 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SearchTest, AnEmptyQueryFindsNothing) {
  StorePage(kDuc, "khai sinh");
  EXPECT_TRUE(Search("").empty());
  EXPECT_TRUE(Search("   ").empty());
  EXPECT_TRUE(Search("-- ::").empty());
}

}  // namespace
}  // namespace sohoa::archive
