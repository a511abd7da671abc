// GET /api/search: the CLI's hits and snippets, paging limits, and query
// syntax that could reach FTS5 or SQL answered as a 400 or as results.
#include "tests/server/api_fixture.h"

namespace sohoa::server {
namespace {

class SearchTest : public ApiTest {};

TEST_F(SearchTest, ANameWithoutToneMarksFindsTheDossierWithItsSnippetMarked) {
  auto res = Get("/api/search?q=nguyen%20van%20duc", "archivist-a");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto body = Json(res);
  EXPECT_EQ(body["total"], 1);
  EXPECT_EQ(body["total_exact"], true);
  EXPECT_EQ(body["limit"], 20);
  EXPECT_EQ(body["offset"], 0);
  const auto& hit = body["dossiers"][0];
  EXPECT_EQ(hit["code"], kDossierA);
  EXPECT_EQ(hit["applicant"], "Nguyễn Văn Đức");
  EXPECT_EQ(hit["received_date"], "2023-06-20");
  EXPECT_EQ(hit["document"], 1);
  EXPECT_EQ(hit["page"], 1);
  EXPECT_EQ(hit["matching_pages"], 1);
  EXPECT_NE(hit["snippet"].get<std::string>().find("[Nguyễn"), std::string::npos) << hit["snippet"];
  auto hits = env().catalog().SearchDossiers("nguyen van duc", 20, 0);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hit["snippet"], hits->hits[0].best.snippet);
}

TEST_F(SearchTest, TheLimitIsAtMostAHundred) {
  for (const char* bad : {"limit=101", "limit=0", "limit=abc", "offset=-1", "limit=1e3"}) {
    auto res = Get(std::string("/api/search?q=khai&") + bad, "archivist-a");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << bad;
    EXPECT_TRUE(Json(res).contains("hint")) << bad;
  }
  auto ok = Get("/api/search?q=khai&limit=100&offset=5", "archivist-a");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(Json(ok)["total"], 1);
  EXPECT_TRUE(Json(ok)["dossiers"].empty());
}

TEST_F(SearchTest, QuerySyntaxIsA400WithItsColumnOrResultsNeverA500) {
  for (const std::string q : {"%22", "nguyen%20%22van", "*", "NEAR(", "NEAR(nguyen%20van", "'%3B%20DROP%20TABLE%20dossiers%3B%20--",
                              "%22%22", "-", "code:", "khai%20OR%20", "%5E", "(", ")", "nguyen%20AND", "%7B%7D",
                              "received:2023-13-45..x", "a%00b"}) {
    auto res = Get("/api/search?q=" + q, "archivist-a");
    ASSERT_TRUE(res) << q;
    EXPECT_TRUE(res->status == 200 || res->status == 400) << q << ": " << res->status << " " << res->body;
    const auto body = Json(res);
    ASSERT_FALSE(body.is_discarded()) << q;
    if (res->status == 400) {
      EXPECT_TRUE(body.contains("error")) << q;
      EXPECT_EQ(body["error"].get<std::string>().find("SQL"), std::string::npos) << q;
      EXPECT_EQ(body["error"].get<std::string>().find("fts5"), std::string::npos) << q;
    }
  }
  auto quote = Get("/api/search?q=nguyen%20%22van", "archivist-a");
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->status, 400);
  EXPECT_EQ(Json(quote)["column"], 8);
  // The catalog is intact.
  auto after = Get("/api/search?q=khai", "archivist-a");
  ASSERT_TRUE(after);
  EXPECT_EQ(Json(after)["total"], 1);
}

}  // namespace
}  // namespace sohoa::server
