// /healthz on a home that does not open, and whose address the server
// believes.
#include "tests/server/api_fixture.h"
#include "tools/server/internal/api.h"

namespace sohoa::server {
namespace {

TEST(HealthTest, AHomeWithoutACatalogIs503SayingOnlyThat) {
  testing::TempDir dir;
  ServerOptions options;
  options.home.root = dir.path() / "missing";
  options.port = 0;
  options.threads = 1;
  auto bound = Server::Bind(options);
  ASSERT_TRUE(bound.ok()) << bound.status().ToString();
  Server& server = **bound;
  std::thread runner([&server] { (void)server.Run(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server.running() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/healthz");
  server.Stop();
  runner.join();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(nlohmann::json::parse(res->body), nlohmann::json({{"ok", false}}));
}

TEST(ClientAddressTest, XForwardedForIsBelievedOnlyWithTrustProxy) {
  httplib::Request req;
  req.remote_addr = "127.0.0.1";
  req.headers.emplace("X-Forwarded-For", "203.0.113.5, 10.0.0.1");
  ServerOptions options;
  EXPECT_EQ(ClientAddress(req, options), "127.0.0.1");
  options.trust_proxy = true;
  EXPECT_EQ(ClientAddress(req, options), "203.0.113.5");
}

}  // namespace
}  // namespace sohoa::server
