// openapi.json documents exactly the routes the server answers.
#include <set>

#include "tests/server/api_fixture.h"

namespace sohoa::server {
namespace {

class OpenApiTest : public ApiTest {};

std::set<RouteName> Documented(const nlohmann::json& doc) {
  std::set<RouteName> names;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      names.insert({upper, path});
    }
  }
  return names;
}

TEST_F(OpenApiTest, EveryRouteIsDocumentedAndEveryDocumentedRouteExists) {
  const nlohmann::json doc = nlohmann::json::parse(OpenApiDocument());
  const std::set<RouteName> documented = Documented(doc);
  const std::vector<RouteName> routes = env().server().Routes();
  const std::set<RouteName> served(routes.begin(), routes.end());
  EXPECT_EQ(served.size(), routes.size()) << "a route is registered twice";
  for (const RouteName& r : served) {
    EXPECT_TRUE(documented.count(r)) << r.method << " " << r.path << " is not in openapi.json";
  }
  for (const RouteName& d : documented) {
    EXPECT_TRUE(served.count(d)) << d.method << " " << d.path << " is documented but not served";
  }
  EXPECT_GE(served.size(), 25u);
}

TEST_F(OpenApiTest, EveryPathParameterIsDeclared) {
  const nlohmann::json doc = nlohmann::json::parse(OpenApiDocument());
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      std::set<std::string> declared;
      for (const auto& p : op.value("parameters", nlohmann::json::array())) {
        if (p.contains("in") && p["in"] == "path") declared.insert(p["name"]);
      }
      for (std::size_t at = path.find('{'); at != std::string::npos; at = path.find('{', at + 1)) {
        const std::string name = path.substr(at + 1, path.find('}', at) - at - 1);
        EXPECT_TRUE(declared.count(name)) << method << " " << path << ": {" << name << "}";
      }
    }
  }
}

TEST_F(OpenApiTest, TheDocumentIsServedWithoutLogin) {
  auto res = Get("/api/openapi.json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const auto doc = Json(res);
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.0", 0), 0u);
  EXPECT_EQ(doc, nlohmann::json::parse(OpenApiDocument()));
}

TEST(ServerNamesTest, OnlyLoopbackAddressesAreLoopback) {
  EXPECT_TRUE(IsLoopback("127.0.0.1"));
  EXPECT_TRUE(IsLoopback("127.1.2.3"));
  EXPECT_TRUE(IsLoopback("::1"));
  EXPECT_TRUE(IsLoopback("[::1]"));
  EXPECT_TRUE(IsLoopback("localhost"));
  EXPECT_FALSE(IsLoopback("0.0.0.0"));
  EXPECT_FALSE(IsLoopback("::"));
  EXPECT_FALSE(IsLoopback("192.168.1.10"));
  EXPECT_FALSE(IsLoopback(""));
  EXPECT_FALSE(IsLoopback("example.org"));
}

}  // namespace
}  // namespace sohoa::server
