// A user sees only their agencies' dossiers, whatever they ask: by code,
// by page or document number, by search words, by an export or report filter.
#include "tests/server/api_fixture.h"

namespace sohoa::server {
namespace {

class ScopeTest : public ApiTest {};

const std::string kDossiers = "/api/dossiers/";

TEST_F(ScopeTest, AnotherAgencysDossierAnswersExactlyAsOneThatDoesNotExist) {
  const std::string unknown = "000.31.22.H32-230620-9999";
  for (const std::string suffix : {"", "/files/to-khai.png", "/documents/1/pages/1/image",
                                   "/documents/1/pages/1/words"}) {
    auto other = Get(kDossiers + kDossierB + suffix, "archivist-a");
    auto missing = Get(kDossiers + unknown + suffix, "archivist-a");
    ASSERT_TRUE(other);
    ASSERT_TRUE(missing);
    EXPECT_EQ(other->status, 404) << suffix;
    EXPECT_EQ(missing->status, 404) << suffix;
    EXPECT_EQ(other->body, missing->body) << suffix;
  }
  auto package = Get(kDossiers + kDossierB + "/package", "archivist-a");
  ASSERT_TRUE(package);
  EXPECT_EQ(package->status, 404);
  // The province's archivist covers both communes.
  auto covered = Get(kDossiers + kDossierB, "archivist-all");
  ASSERT_TRUE(covered);
  EXPECT_EQ(covered->status, 200);
  // A user with no agency sees nothing.
  auto none = Get(kDossiers + kDossierA, "nobody-scope");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404);
}

TEST_F(ScopeTest, PageAndDocumentNumbersBeyondTheDossierAre404) {
  for (const std::string suffix : {"/documents/2/pages/1/image", "/documents/1/pages/2/words",
                                   "/documents/0/pages/1/words", "/documents/-1/pages/1/words",
                                   "/documents/1/pages/99999999999/words", "/documents/x/pages/1/words"}) {
    auto res = Get(kDossiers + kDossierA + suffix, "archivist-a");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << suffix;
  }
}

TEST_F(ScopeTest, ASearchForWordsOnlyOnAnotherAgencysPagesFindsNothingAndCountsNothing) {
  auto own = Get(std::string("/api/search?q=") + kWordOnlyInB, "archivist-b");
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 200);
  EXPECT_EQ(Json(own)["total"], 1);

  for (const std::string user : {"archivist-a", "staff-a", "nobody-scope"}) {
    auto res = Get(std::string("/api/search?q=") + kWordOnlyInB, user);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << user;
    EXPECT_EQ(Json(res)["total"], 0) << user;
    EXPECT_TRUE(Json(res)["dossiers"].empty()) << user;
  }
  // A word on both: each sees only their own.
  auto both = Get("/api/search?q=hoang%20mai", "archivist-a");
  ASSERT_TRUE(both);
  EXPECT_EQ(Json(both)["total"], 1);
  EXPECT_EQ(Json(both)["dossiers"][0]["code"], kDossierA);
  auto code = Get(std::string("/api/search?q=") + kDossierB, "archivist-a");
  ASSERT_TRUE(code);
  EXPECT_EQ(Json(code)["total"], 0);
}

TEST_F(ScopeTest, AnExportNamingAnotherAgencyExportsNothing) {
  auto res = Get(std::string("/api/export?q=agency:") + kAgencyB, "archivist-a");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  auto code = Get(std::string("/api/export?q=code:") + kDossierB, "archivist-a");
  ASSERT_TRUE(code);
  EXPECT_EQ(code->status, 404);
}

TEST_F(ScopeTest, AReportShowsOnlyTheUsersAgencies) {
  auto res = Get("/api/report?by=agency&format=json", "manager-a");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body.find(kAgencyB), std::string::npos) << res->body;
  auto csv = Get(std::string("/api/report?by=agency&format=csv"), "manager-a");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.find(kAgencyB), std::string::npos);
}

TEST_F(ScopeTest, TheAgencyListHoldsOnlyTheUsersAgencies) {
  auto res = Get("/api/agencies", "archivist-a");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_NE(res->body.find(kAgencyA), std::string::npos);
  EXPECT_EQ(res->body.find(kAgencyB), std::string::npos);
}

TEST_F(ScopeTest, TheReviewQueueHoldsOnlyTheUsersDossiers) {
  auto res = Get("/api/review", "archivist-b");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->body.find(kDossierA), std::string::npos);
  auto other = Post(std::string("/api/review/") + kDossierA, R"({"field":"applicant_name","value":"Y"})",
                    "archivist-b");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
}

TEST_F(ScopeTest, ReuseOfAnotherAgencysDocumentIs404) {
  auto res = Post("/api/reuse",
                  nlohmann::json{{"dossier", "000.31.22.H32-240101-0011"}, {"source", std::string(kDossierB) + ".1"}}
                      .dump(),
                  "archivist-a");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(ScopeTest, ARegisterRowOfAnotherAgencyIsRefused) {
  const std::string csv =
      "ma_ho_so,ma_thu_tuc,ngay_tiep_nhan\n"
      "000.31.22.H32-230620-0001,1.001193,20/06/2023\n"
      "000.32.22.H32-230621-0002,1.001193,21/06/2023\n";
  auto res = Post("/api/register", csv, "manager-a", "text/csv");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Json(res)["rows"], 1);
  EXPECT_EQ(Json(res)["bad"].size(), 1u);
}

}  // namespace
}  // namespace sohoa::server
