// The admin routes (users, the log) and the manager's figures.
#include "tests/server/api_fixture.h"

namespace sohoa::server {
namespace {

class AdminTest : public ApiTest {};

TEST_F(AdminTest, AnAdminAddsAUserWhoCanLogInUntilDisabled) {
  // A new name each run (--gtest_repeat keeps the server's home).
  static int run = 0;
  const std::string name = "hoa-" + std::to_string(++run);
  auto added = Post("/api/users",
                    nlohmann::json{{"name", name}, {"role", "staff"}, {"agencies", {kAgencyA}}, {"password", kPassword}}
                        .dump(),
                    "admin");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(Json(added)["role"], "staff");
  auto again = Post("/api/users", nlohmann::json{{"name", name}, {"role", "staff"}}.dump(), "admin");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 400);

  const Session& hoa = env().SessionOf(name);
  httplib::Client client("127.0.0.1", env().port());
  auto before = client.Get("/api/session", {{"Cookie", hoa.cookie}});
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 200);

  auto disabled = Post("/api/users/" + name + "/disable", "", "admin");
  ASSERT_TRUE(disabled);
  ASSERT_EQ(disabled->status, 200) << disabled->body;
  EXPECT_EQ(Json(disabled)["disabled"], true);
  auto after = client.Get("/api/session", {{"Cookie", hoa.cookie}});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);

  auto users = Get("/api/users", "admin");
  ASSERT_TRUE(users);
  ASSERT_EQ(users->status, 200);
  bool found = false;
  for (const auto& u : Json(users)) found |= u["name"] == name && u["disabled"] == true;
  EXPECT_TRUE(found);
}

TEST_F(AdminTest, TheLogIsFilteredByActorAndType) {
  ASSERT_TRUE(Get("/api/search?q=log%20filter%20probe", "archivist-a"));
  auto res = Get("/api/log?actor=archivist-a&type=search&limit=1000", "admin");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  bool found = false;
  for (const auto& e : Json(res)) {
    EXPECT_EQ(e["actor"], "archivist-a");
    EXPECT_EQ(e["type"], "search");
    found |= e["object"] == "log filter probe";
  }
  EXPECT_TRUE(found);
  auto bad = Get("/api/log?since=yesterday", "admin");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST_F(AdminTest, TheReportComesInEveryFormat) {
  auto json = Get("/api/report?by=agency,month&from=2023-01-01&to=2023-12-31", "manager-a");
  ASSERT_TRUE(json);
  ASSERT_EQ(json->status, 200) << json->body;
  EXPECT_EQ(Json(json)["by"], nlohmann::json::array({"agency", "month"}));
  EXPECT_TRUE(Json(json).contains("total"));
  auto csv = Get("/api/report?format=csv", "manager-a");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.rfind("\xEF\xBB\xBFrow,", 0), 0u) << csv->body.substr(0, 40);
  auto html = Get("/api/report?format=html", "archivist-a");
  ASSERT_TRUE(html);
  ASSERT_EQ(html->status, 200);
  EXPECT_NE(html->body.find("<html"), std::string::npos);
  auto pdf = Get("/api/report?format=pdf", "manager-a");
  ASSERT_TRUE(pdf);
  ASSERT_EQ(pdf->status, 200) << pdf->body;
  EXPECT_EQ(pdf->body.rfind("%PDF", 0), 0u);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  auto bad = Get("/api/report?by=planet", "manager-a");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto backwards = Get("/api/report?from=2024-01-01&to=2023-01-01", "manager-a");
  ASSERT_TRUE(backwards);
  EXPECT_EQ(backwards->status, 400);
  auto format = Get("/api/report?format=docx", "manager-a");
  ASSERT_TRUE(format);
  EXPECT_EQ(format->status, 400);
}

TEST_F(AdminTest, TheBacklogAndRecordsAnswerEvenWhenEmpty) {
  auto backlog = Get("/api/books/backlog", "manager-a");
  ASSERT_TRUE(backlog);
  ASSERT_EQ(backlog->status, 200);
  EXPECT_TRUE(Json(backlog)["rows"].is_array());
  auto records = Get("/api/records?q=nguyen", "archivist-a");
  ASSERT_TRUE(records);
  ASSERT_EQ(records->status, 200);
  EXPECT_TRUE(Json(records).is_array());
  auto book = Get("/api/records?book=no-such-book", "archivist-a");
  ASSERT_TRUE(book);
  EXPECT_EQ(book->status, 404);
}

TEST_F(AdminTest, AReviewCorrectionReturnsTheCorrectedItem) {
  auto queue = Get("/api/review", "archivist-all");
  ASSERT_TRUE(queue);
  ASSERT_EQ(queue->status, 200);
  auto res = Post(std::string("/api/review/") + kDossierB, R"({"field":"applicant_name","value":"Trần Thị Lan"})",
                  "archivist-b");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Json(res)["value"], "Trần Thị Lan");
  EXPECT_EQ(Json(res)["source"], "manual");
  EXPECT_EQ(Json(res)["changed_by"], "archivist-b");
}

}  // namespace
}  // namespace sohoa::server
