// `sohoa serve` as run from the command line: loopback unless --public,
// the URL it prints, and SIGTERM ending it cleanly.
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

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

class ServeCommandTest : public ApiTest {
 protected:
  std::string Sohoa() { return testing::Program("sohoa") + " --home " + env().home().root.string(); }
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

}  // namespace
}  // namespace sohoa::server
