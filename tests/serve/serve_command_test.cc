// `sohoa serve` as run from the command line: loopback unless --public,
// the URL it prints, and SIGTERM ending it cleanly.
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <fstream>

#include "tests/server/api_fixture.h"

extern char** environ;

namespace sohoa::server {
namespace {

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t size = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// A loopback TCP connection to `port`, or -1.
int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

class ServeCommandTest : public ApiTest {
 protected:
  std::string Sohoa() { return testing::Program("sohoa") + " --home " + env().home().root.string(); }

  // Starts `sohoa serve` on `port` and waits until it answers /healthz.
  pid_t StartServer(int port, const std::string& out) {
    const std::string line = "exec " + Sohoa() + " serve --listen 127.0.0.1:" + std::to_string(port) + " > " + out;
    const char* argv[] = {"/bin/sh", "-c", line.c_str(), nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) != 0) return 0;
    httplib::Client client("127.0.0.1", port);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      auto res = client.Get("/healthz");
      if (res && res->status == 200) return pid;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a child's port
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return 0;
  }
};

TEST_F(ServeCommandTest, ANonLoopbackAddressIsRefusedWithoutPublic) {
  auto run = testing::RunCommand(Sohoa() + " serve --listen 0.0.0.0:1 2>&1");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("--public"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("127.0.0.1"), std::string::npos) << run.out;
  auto audit = testing::RunCommand(Sohoa() + " serve --listen 0.0.0.0:1 --public --audit off 2>&1");
  EXPECT_EQ(audit.exit_code, 2);
  EXPECT_NE(audit.out.find("--audit off"), std::string::npos) << audit.out;
}

TEST_F(ServeCommandTest, SigtermStopsTheServerWithExitZero) {
  const int port = FreePort();
  ASSERT_GT(port, 0);
  const std::string out = (env().home().root / "serve.out").string();
  const std::string line = "exec " + Sohoa() + " serve --listen 127.0.0.1:" + std::to_string(port) + " > " + out;
  const char* argv[] = {"/bin/sh", "-c", line.c_str(), nullptr};
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ), 0);
  httplib::Client client("127.0.0.1", port);
  bool up = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!up && std::chrono::steady_clock::now() < deadline) {
    auto res = client.Get("/healthz");
    up = res && res->status == 200;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a child's port
  }
  ASSERT_TRUE(up);
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(testing::ReadFile(out).find("http://127.0.0.1:" + std::to_string(port) + "/"), std::string::npos);
  EXPECT_FALSE(client.Get("/healthz"));
}

TEST_F(ServeCommandTest, SigtermFinishesARequestInFlight) {
  const int port = FreePort();
  ASSERT_GT(port, 0);
  const pid_t pid = StartServer(port, (env().home().root / "serve.out").string());
  ASSERT_GT(pid, 0);
  // A login whose body is half sent when SIGTERM arrives.
  const std::string body = R"({"username":"nobody","password":"not-the-password"})";
  const int fd = Connect(port);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
                          body.substr(0, 10)));
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  // The server has stopped taking connections: it is stopping.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool refusing = false;
  while (!refusing && std::chrono::steady_clock::now() < deadline) {
    const int probe = Connect(port);
    refusing = probe < 0;
    if (probe >= 0) ::close(probe);
    if (!refusing) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a child's port
  }
  EXPECT_TRUE(refusing) << "still accepting connections after SIGTERM";
  // The rest of the body: the request is answered in full.
  ASSERT_TRUE(SendAll(fd, body.substr(10)));
  std::string response;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) response.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  EXPECT_EQ(response.rfind("HTTP/1.1 401", 0), 0u) << response;
  EXPECT_NE(response.find("\"error\""), std::string::npos) << response;
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace sohoa::server
