// Logging in and out, bearer tokens, CSRF and the login rate limit.
#include "tests/server/api_fixture.h"

namespace sohoa::server {
namespace {

class SessionTest : public ApiTest {
 protected:
  httplib::Result Login(const std::string& name, const std::string& password) {
    httplib::Client client("127.0.0.1", env().port());
    return client.Post("/api/session", nlohmann::json{{"username", name}, {"password", password}}.dump(),
                       "application/json");
  }
};

TEST_F(SessionTest, ALoginSetsAStrictHttpOnlyCookieAndReturnsTheUser) {
  auto res = Login("archivist-a", kPassword);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("sohoa_session=", 0), 0u) << cookie;
  for (const char* part : {"; HttpOnly", "; SameSite=Strict", "; Path=/", "; Max-Age=28800"}) {
    EXPECT_NE(cookie.find(part), std::string::npos) << part << " in " << cookie;
  }
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  const auto body = Json(res);
  EXPECT_EQ(body["user"]["name"], "archivist-a");
  EXPECT_EQ(body["user"]["role"], "archivist");
  EXPECT_EQ(body["user"]["agencies"], nlohmann::json::array({kAgencyA}));
  EXPECT_FALSE(body["csrf"].get<std::string>().empty());

  httplib::Client client("127.0.0.1", env().port());
  auto current = client.Get("/api/session", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  ASSERT_TRUE(current);
  EXPECT_EQ(current->status, 200);
  EXPECT_EQ(Json(current)["csrf"], body["csrf"]);
}

TEST_F(SessionTest, AWrongPasswordAndAnUnknownUserGetTheSameAnswer) {
  auto wrong = Login("manager-a", "not-the-password");
  auto unknown = Login("no-such-user", "not-the-password");
  ASSERT_TRUE(wrong);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_EQ(wrong->body, unknown->body);
  EXPECT_TRUE(wrong->get_header_value("Set-Cookie").empty());
}

TEST_F(SessionTest, LogoutNeedsTheCsrfTokenThenEndsTheSession) {
  auto res = Login("staff-a", kPassword);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string set_cookie = res->get_header_value("Set-Cookie");
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = Json(res)["csrf"];
  httplib::Client client("127.0.0.1", env().port());

  auto missing = client.Delete("/api/session", {{"Cookie", cookie}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 403);
  auto wrong = client.Delete("/api/session", {{"Cookie", cookie}, {"X-CSRF-Token", csrf + "x"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  EXPECT_TRUE(Json(wrong).contains("hint"));
  auto still = client.Get("/api/session", {{"Cookie", cookie}});
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);

  auto anonymous = client.Delete("/api/session");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  auto out = client.Delete("/api/session", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  auto after = client.Get("/api/session", {{"Cookie", cookie}});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
}

TEST_F(SessionTest, AStateChangingRequestWithoutCsrfIsRefusedAndLogged) {
  const std::string body = R"({"field":"applicant_name","value":"X"})";
  auto missing = Post(std::string("/api/review/") + kDossierA, body, "archivist-a", "application/json", false);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 403);
  auto denied = EventsOf("denied", "archivist-a", "/api/review/{code}");
  ASSERT_FALSE(denied.empty());
  EXPECT_NE(denied.back().detail.find("CSRF"), std::string::npos);
  // The correction did not happen.
  auto dossier = env().catalog().FindDossier(kDossierA);
  ASSERT_TRUE(dossier.ok() && dossier->has_value());
  for (const FieldValue& f : (*dossier)->fields) EXPECT_NE(f.value, "X");
}

TEST_F(SessionTest, ABearerTokenNeedsNoCsrfToken) {
  auto token = archive::IssueToken(env().catalog(), "archivist-a", "test system", "test");
  ASSERT_TRUE(token.ok());
  httplib::Client client("127.0.0.1", env().port());
  auto res = client.Get("/api/search?q=khai", {{"Authorization", "Bearer " + *token}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  auto bad = client.Get("/api/search?q=khai", {{"Authorization", "Bearer " + *token + "x"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
  auto post = client.Post("/api/reuse", {{"Authorization", "Bearer " + *token}},
                          R"({"dossier":"000.31.22.H32-240101-0010","source":"000.31.22.H32-230620-0001.1"})",
                          "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 200) << post->body;
}

TEST_F(SessionTest, TenWrongPasswordsLockTheLoginEvenForTheRightPassword) {
  int limited = 0;
  for (int i = 0; i < 10; ++i) {
    auto res = Login("victim", "wrong-password-" + std::to_string(i));
    ASSERT_TRUE(res);
    if (res->status == 429) {
      ++limited;
      EXPECT_GT(std::atoi(res->get_header_value("Retry-After").c_str()), 0);
      EXPECT_TRUE(Json(res).contains("hint"));
    } else {
      EXPECT_EQ(res->status, 401);
    }
  }
  EXPECT_GE(limited, 5);
  auto right = Login("victim", kPassword);
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 429);
  EXPECT_TRUE(right->get_header_value("Set-Cookie").empty());
  // Another user is not locked out by the victim's failures.
  auto other = Login("manager-a", kPassword);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
}

TEST_F(SessionTest, AMalformedLoginBodyIsA400) {
  httplib::Client client("127.0.0.1", env().port());
  auto res = client.Post("/api/session", "{not json", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(Json(res).contains("error"));
}

}  // namespace
}  // namespace sohoa::server
