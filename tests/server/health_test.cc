// /healthz on a home that does not open, and whose address the server
// believes.
#include "tests/server/api_fixture.h"
#include "tools/server/internal/api.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sohoa::server {
namespace {

// A server on a home that has no catalog, running on a thread of its own
// until Stop() (which the destructor also does).
class ServerWithoutCatalog {
 public:
  explicit ServerWithoutCatalog(int threads) {
    ServerOptions options;
    options.home.root = dir_.path() / "missing";
    options.port = 0;
    options.threads = threads;
    auto bound = Server::Bind(options);
    EXPECT_TRUE(bound.ok()) << bound.status().ToString();
    if (!bound.ok()) return;
    server_ = std::move(bound).value();
    runner_ = std::thread([this] { (void)server_->Run(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  }
  ~ServerWithoutCatalog() { Stop(); }
  bool ok() const { return server_ != nullptr; }
  int port() const { return server_->port(); }
  void Stop() {
    if (server_ != nullptr) server_->Stop();
    if (runner_.joinable()) runner_.join();
  }

 private:
  testing::TempDir dir_;
  std::unique_ptr<Server> server_;
  std::thread runner_;
};

TEST(HealthTest, AHomeWithoutACatalogIs503SayingOnlyThat) {
  ServerWithoutCatalog server(1);
  ASSERT_TRUE(server.ok());
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/healthz");
  server.Stop();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(nlohmann::json::parse(res->body), nlohmann::json({{"ok", false}}));
}

// Connections the kernel has completed before Stop() are answered, not
// reset: each client had sent its request in full.
TEST(HealthTest, RequestsQueuedWhenTheServerStopsAreAnswered) {
  ServerWithoutCatalog server(2);
  ASSERT_TRUE(server.ok());
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  std::vector<int> sockets;
  for (int i = 0; i < 128; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(server.port()));
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    sockets.push_back(fd);
  }
  server.Stop();
  int answered = 0;
  for (const int fd : sockets) {
    std::string response;
    char buffer[1024];
    ssize_t n = 0;
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) response.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    if (response.rfind("HTTP/1.1 503", 0) == 0) ++answered;
  }
  EXPECT_EQ(answered, 128);
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
