// No path parameter reaches a file outside the home: '..', encoded
// slashes, absolute paths, in every parameter.
#include "tests/server/api_fixture.h"

namespace sohoa::server {
namespace {

class TraversalTest : public ApiTest {};

const std::vector<std::string>& Hostile() {
  static const std::vector<std::string> values = {
      "..",          "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%2fetc%2fpasswd",
      "..%5c..%5ccatalog.db", "%2e%2e",          "catalog.db",                      "..%252f..%252fcatalog.db",
      "%00",          "....%2f%2f"};
  return values;
}

// Refused (404 or 400) without a byte of a file outside the home or a
// path on the server.
::testing::AssertionResult NoSecret(const httplib::Result& res) {
  if (!res) return ::testing::AssertionFailure() << "no answer";
  if (res->status != 404 && res->status != 400) return ::testing::AssertionFailure() << "status " << res->status;
  for (const char* secret : {"root:", "SQLite format", "/tmp"}) {
    if (res->body.find(secret) != std::string::npos) {
      return ::testing::AssertionFailure() << "the body holds '" << secret << "': " << res->body.substr(0, 200);
    }
  }
  return ::testing::AssertionSuccess();
}

TEST_F(TraversalTest, EveryPathParameterRefusesTraversal) {
  const std::string a = kDossierA;
  for (const std::string& bad : Hostile()) {
    for (const std::string& path :
         {"/api/dossiers/" + bad, "/api/dossiers/" + bad + "/package", "/api/dossiers/" + bad + "/files/x",
          "/api/dossiers/" + a + "/files/" + bad, "/api/dossiers/" + a + "/files/" + bad + "%2fcatalog.db",
          "/api/dossiers/" + a + "/documents/" + bad + "/pages/1/image",
          "/api/dossiers/" + a + "/documents/1/pages/" + bad + "/words", "/static/" + bad, "/" + bad}) {
      EXPECT_TRUE(NoSecret(Get(path, "archivist-a"))) << path;
    }
    for (const std::string& path : {"/api/review/" + bad, "/api/users/" + bad + "/disable"}) {
      EXPECT_TRUE(NoSecret(Post(path, R"({"field":"applicant_name","value":"v"})",
                                path.rfind("/api/users", 0) == 0 ? "admin" : "archivist-a")))
          << path;
    }
  }
}

TEST_F(TraversalTest, OnlyTheDossiersOwnFileNamesAreServed) {
  auto pdf = Get(std::string("/api/dossiers/") + kDossierA + "/files/" + kDossierA + ".1.pdf", "archivist-a");
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->status, 200);
  for (const std::string& name : {std::string("to-khai.PNG"), std::string("METS.xml"), env().png_sha(),
                                  std::string("sha256%2f") + env().png_sha()}) {
    auto res = Get(std::string("/api/dossiers/") + kDossierA + "/files/" + name, "archivist-a");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << name;
  }
}

}  // namespace
}  // namespace sohoa::server
