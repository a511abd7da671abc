// Every route × every role: who is refused (401 without credentials, 403
// for a role the route does not allow) and who gets past the door.
#include <set>

#include "tests/server/api_fixture.h"

namespace sohoa::server {
namespace {

struct RouteCase {
  const char* method;
  std::string path;
  std::set<std::string> allowed;  // user names the route lets in
  std::string body = "{}";
};

const std::set<std::string> kEveryone = {"staff-a", "archivist-a", "manager-a", "admin"};
const std::set<std::string> kReaders = {"staff-a", "archivist-a"};

std::vector<RouteCase> Cases() {
  const std::string d = std::string("/api/dossiers/") + kDossierA;
  return {
      {"GET", "/api/session", kEveryone},
      {"GET", "/api/search?q=khai", kReaders},
      {"GET", "/api/procedures", kEveryone},
      {"GET", "/api/agencies", kEveryone},
      {"GET", d, kReaders},
      {"GET", d + "/files/" + kDossierA + ".1.pdf", kReaders},
      {"GET", d + "/documents/1/pages/1/image?width=100", kReaders},
      {"GET", d + "/documents/1/pages/1/words", kReaders},
      {"GET", d + "/package", {"archivist-a"}},
      {"GET", "/api/export?q=khai", {"archivist-a"}},
      {"GET", "/api/report?by=agency", {"manager-a", "archivist-a"}},
      {"GET", "/api/books/backlog", {"manager-a", "archivist-a"}},
      {"GET", "/api/records", {"archivist-a"}},
      {"POST", "/api/register", {"archivist-a", "manager-a"}, "ma_ho_so,ma_thu_tuc,ngay_tiep_nhan\n"},
      {"POST", "/api/uploads", {"staff-a", "archivist-a"}},
      {"GET", "/api/review", {"archivist-a"}},
      {"POST", "/api/review/" + std::string(kDossierA), {"archivist-a"},
       R"({"field":"applicant_name","value":"Nguyễn Văn Đức"})"},
      {"POST", "/api/reuse", {"archivist-a"}, R"({"dossier":"000.31.22.H32-240101-0009","source":"000.31.22.H32-230620-0001.1","component":"to_khai"})"},
      {"GET", "/api/log?limit=5", {"admin"}},
      {"GET", "/api/users", {"admin"}},
      {"POST", "/api/users", {"admin"}, R"({"name":"","role":"staff"})"},
      {"POST", "/api/users/no-such-user/disable", {"admin"}},
  };
}

class AccessTest : public ApiTest {
 protected:
  httplib::Result Send(const RouteCase& c, const std::string& user) {
    if (std::string(c.method) == "GET") return Get(c.path, user);
    return Post(c.path, c.body, user, c.path == "/api/register" ? "text/csv" : "application/json");
  }
};

TEST_F(AccessTest, EveryRouteRefusesARequestWithoutCredentials) {
  for (const RouteCase& c : Cases()) {
    auto res = Send(c, "");
    ASSERT_TRUE(res) << c.path;
    EXPECT_EQ(res->status, 401) << c.method << " " << c.path;
    EXPECT_TRUE(Json(res).contains("error")) << c.path;
    EXPECT_TRUE(Json(res).contains("hint")) << c.path;
  }
}

TEST_F(AccessTest, EveryRouteLetsInExactlyItsRoles) {
  for (const RouteCase& c : Cases()) {
    for (const std::string& user : kEveryone) {
      auto res = Send(c, user);
      ASSERT_TRUE(res) << c.path;
      if (c.allowed.count(user)) {
        EXPECT_NE(res->status, 401) << user << " " << c.method << " " << c.path << ": " << res->body;
        EXPECT_NE(res->status, 403) << user << " " << c.method << " " << c.path << ": " << res->body;
        EXPECT_LT(res->status, 500) << user << " " << c.method << " " << c.path << ": " << res->body;
      } else {
        EXPECT_EQ(res->status, 403) << user << " " << c.method << " " << c.path << ": " << res->body;
      }
    }
  }
}

TEST_F(AccessTest, AReaderGetsTheDossierAndAnAdminDoesNot) {
  auto res = Get(std::string("/api/dossiers/") + kDossierA, "archivist-a");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Json(res)["code"], kDossierA);
  auto admin = Get(std::string("/api/dossiers/") + kDossierA, "admin");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->status, 403);
}

TEST_F(AccessTest, AnUnknownApiPathIsAJson404) {
  auto res = Get("/api/no-such-thing", "archivist-a");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_TRUE(Json(res).contains("error"));
  auto post = Post("/api/no-such-thing", "{}", "archivist-a");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 404);
  EXPECT_TRUE(Json(post).contains("hint"));
}

TEST_F(AccessTest, EveryResponseCarriesTheSecurityHeaders) {
  for (const std::string path : {"/healthz", "/api/search?q=khai", "/", "/api/nothing", "/nothing.js"}) {
    auto res = Get(path, "archivist-a");
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->get_header_value("Content-Security-Policy"),
              "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
              "frame-ancestors 'none'")
        << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer") << path;
    const bool api = path.rfind("/api/", 0) == 0 || path == "/healthz";
    EXPECT_EQ(res->get_header_value("Cache-Control") == "no-store", api) << path;
  }
}

TEST_F(AccessTest, HealthzSaysOnlyThatTheHomeOpens) {
  auto res = Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Json(res), nlohmann::json({{"ok", true}}));
}

TEST_F(AccessTest, TheWebPageIsServedAtTheRoot) {
  auto res = Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Content-Type").find("text/html"), std::string::npos);
}

}  // namespace
}  // namespace sohoa::server
