// Every read is an event with the user, the object and the client's
// address; every denied attempt is one too.
#include "tests/server/api_fixture.h"

namespace sohoa::server {
namespace {

class AuditTest : public ApiTest {
 protected:
  // Events of `type` by `actor` on `object` after running `request`.
  std::size_t Added(const std::string& type, const std::string& actor, const std::string& object,
                    const std::function<void()>& request) {
    const std::size_t before = EventsOf(type, actor, object).size();
    request();
    const auto after = EventsOf(type, actor, object);
    if (after.size() > before) {
      EXPECT_NE(after.back().detail.find("127.0.0.1"), std::string::npos) << after.back().detail;
    }
    return after.size() - before;
  }
};

TEST_F(AuditTest, ASearchIsLoggedWithItsQuery) {
  EXPECT_EQ(Added("search", "staff-a", "hoang mai audit", [&] {
              auto res = Get("/api/search?q=hoang%20mai%20audit", "staff-a");
              ASSERT_TRUE(res);
              EXPECT_EQ(res->status, 200);
            }),
            1u);
}

TEST_F(AuditTest, ViewsPagesDownloadsAndExportsAreLogged) {
  const std::string base = std::string("/api/dossiers/") + kDossierA;
  EXPECT_EQ(Added("view", "archivist-a", kDossierA, [&] { ASSERT_TRUE(Get(base, "archivist-a")); }), 1u);
  EXPECT_EQ(Added("page", "archivist-a", kDossierA,
                  [&] { ASSERT_TRUE(Get(base + "/documents/1/pages/1/image?width=64", "archivist-a")); }),
            1u);
  EXPECT_EQ(Added("page", "archivist-a", kDossierA,
                  [&] { ASSERT_TRUE(Get(base + "/documents/1/pages/1/words", "archivist-a")); }),
            1u);
  EXPECT_EQ(Added("download", "archivist-a", kDossierA,
                  [&] { ASSERT_TRUE(Get(base + "/files/to-khai.png", "archivist-a")); }),
            1u);
  EXPECT_GE(Added("export", "archivist-a", kDossierA, [&] { ASSERT_TRUE(Get(base + "/package", "archivist-a")); }),
            1u);
  EXPECT_EQ(Added("export", "archivist-a", "tờ khai", [&] { ASSERT_TRUE(Get("/api/export?q=t%E1%BB%9D%20khai", "archivist-a")); }),
            1u);
}

TEST_F(AuditTest, DeniedAttemptsAreLogged) {
  EXPECT_EQ(Added("denied", "archivist-a", kDossierB,
                  [&] { ASSERT_TRUE(Get(std::string("/api/dossiers/") + kDossierB, "archivist-a")); }),
            1u);
  EXPECT_EQ(Added("denied", "manager-a", "/api/search", [&] { ASSERT_TRUE(Get("/api/search?q=x", "manager-a")); }),
            1u);
  EXPECT_EQ(Added("denied", "anonymous", "/api/dossiers/{code}",
                  [&] { ASSERT_TRUE(Get(std::string("/api/dossiers/") + kDossierA)); }),
            1u);
}

TEST_F(AuditTest, AFailedReadWritesNoReadEvent) {
  EXPECT_EQ(Added("view", "archivist-a", kDossierB,
                  [&] { ASSERT_TRUE(Get(std::string("/api/dossiers/") + kDossierB, "archivist-a")); }),
            0u);
}

}  // namespace
}  // namespace sohoa::server

namespace sohoa::server {
namespace {

// --audit off (benchmarks only): reads leave no event, denials still do.
TEST_F(AuditTest, WithAuditOffReadsAreNotLoggedButDenialsAre) {
  ServerOptions options;
  options.home = env().home();
  options.port = 0;
  options.threads = 1;
  options.audit = false;
  auto bound = Server::Bind(options);
  ASSERT_TRUE(bound.ok());
  Server& quiet = **bound;
  std::thread runner([&quiet] { (void)quiet.Run(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!quiet.running() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  httplib::Client client("127.0.0.1", quiet.port());
  const httplib::Headers headers = HeadersOf("archivist-a");
  const std::size_t searches = EventsOf("search", "archivist-a", "audit off probe").size();
  const std::size_t denials = EventsOf("denied", "archivist-a", kDossierB).size();
  auto search = client.Get("/api/search?q=audit%20off%20probe", headers);
  auto denied = client.Get(std::string("/api/dossiers/") + kDossierB, headers);
  quiet.Stop();
  runner.join();
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200);
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 404);
  EXPECT_EQ(EventsOf("search", "archivist-a", "audit off probe").size(), searches);
  EXPECT_EQ(EventsOf("denied", "archivist-a", kDossierB).size(), denials + 1);
}

}  // namespace
}  // namespace sohoa::server
