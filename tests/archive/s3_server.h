// A throwaway S3 endpoint for a test process (tools/s3-server.sh): Debian's
// OpenStack Swift with its s3api middleware on loopback ports, in a
// temporary folder, checking Signature V4 as a real service does (a wrong
// secret gets 403). Tests skip, saying so, where Swift is not installed.
//
// Its four server processes outlive whatever starts them, so a watcher,
// started first, stops them (and removes the folder) once this test process
// is gone, however it ended: a crash or a ctest timeout included. Every run
// of the script holds a lock the watcher takes before it stops the servers,
// so a start cut short by the end of the process is stopped once it is done.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "archive/s3/s3_client.h"
#include "archive/s3/s3_settings.h"
#include "tests/test_env.h"

namespace sohoa::testing {

class S3Server {
 public:
  static constexpr const char* kBucket = "sohoa-test";

  // nullptr, with `why` set, when no server could be started; `installed`
  // false when that is because Swift is not (a reason to skip, not to fail).
  static std::unique_ptr<S3Server> Start(std::string* why, bool* installed) {
    auto server = std::unique_ptr<S3Server>(new S3Server());
    server->watcher_ = server->StartWatcher();
    if (server->watcher_ <= 0) {
      *installed = true;
      *why = "could not start the watcher that stops the S3 server (setsid and flock, util-linux)";
      return nullptr;
    }
    CommandResult started = server->Script("start", std::string(" ") + kBucket);
    if (started.exit_code != 0 && started.exit_code != 3) {
      // On a loaded machine tools/s3-server.sh may look at a server it has
      // just forked before that has become Python, and take it for one that
      // ended ("the object server ended", an empty log): once more.
      started = server->Script("start", std::string(" ") + kBucket);
    }
    *installed = started.exit_code != 3;
    if (started.exit_code != 0) {
      *why = started.exit_code == 3
                 ? "OpenStack Swift (python3-swift) is not installed: run tools/install-deps.sh (" +
                       started.out + ")"
                 : "tools/s3-server.sh could not start a server: " + started.out;
      server->Stop();
      return nullptr;
    }
    if (!server->ReadEnvironment(started.out)) {
      *why = "tools/s3-server.sh start printed no AWS_ENDPOINT_URL and keys";
      return nullptr;
    }
    return server;
  }
  ~S3Server() {
    Stop();
    if (watcher_ > 0) ::kill(watcher_, SIGTERM);
  }
  S3Server(const S3Server&) = delete;
  S3Server& operator=(const S3Server&) = delete;

  // A store under `prefix` of the test bucket, with S3's smallest parts, small
  // reads and short waits between few retries, so that the suite stays fast.
  archive::S3Settings Settings(const std::string& prefix) const {
    archive::S3Settings settings;
    settings.endpoint = endpoint_;
    settings.region = region_;
    settings.access_key = access_key_;
    settings.secret_key = secret_key_;
    settings.credentials_source = "the test server's keys";
    settings.bucket = kBucket;
    settings.prefix = prefix;
    settings.retries = 2;
    settings.first_backoff = std::chrono::milliseconds(50);
    settings.max_backoff = std::chrono::milliseconds(200);
    settings.multipart_threshold = std::int64_t{5} << 20;
    settings.part_size = std::int64_t{5} << 20;
    settings.read_chunk = std::int64_t{64} << 10;
    return settings;
  }
  const std::string& secret_key() const { return secret_key_; }

  // Stops the object server alone: the proxy stays up and answers 503 to
  // whatever needs an object, until Restart.
  bool StopObjectServer() {
    const std::string pid_file = (dir_.path() / "s3" / "run" / "object.pid").string();
    const pid_t pid = static_cast<pid_t>(std::atol(ReadFile(pid_file).c_str()));
    if (pid <= 0 || ::kill(pid, SIGTERM) != 0) return false;
    // Gone, or a zombie that nothing reaps (no init in a container): its
    // command line is empty then.
    const auto running = [pid] {
      return !ReadFile("/proc/" + std::to_string(pid) + "/cmdline").empty();
    };
    for (int i = 0; i < 100 && running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return !running();
  }
  // Every server stopped, then the proxy and the object server started
  // alone, as tools/s3-server.sh starts them (so that its stop finds them):
  // what a client sees while the service starts, before the container
  // server is up. The proxy then answers a write with 404 NoSuchBucket, and
  // reads of what it holds with 200, until Restart.
  bool StartWithoutContainerServer() {
    Stop();
    const std::string helper = std::filesystem::canonical(SourceDir() / "tools" / "s3-server.py").string();
    const std::string root = std::filesystem::weakly_canonical(folder()).string();
    for (const std::string name : {"object", "proxy"}) {
      const std::string line = "/usr/bin/python3 '" + helper + "' serve '" + root + "' " + name + " >>'" + root +
                               "/log/" + name + ".log' 2>&1 </dev/null & echo $! >'" + root + "/run/" + name +
                               ".pid'";
      if (RunCommand(line).exit_code != 0) return false;
    }
    std::string port;
    std::istringstream ports(ReadFile(root + "/etc/ports"));
    for (std::string name, number; ports >> name >> number;) {
      if (name == "proxy") port = number;
    }
    if (port.empty()) return false;
    const std::string health = "curl -sf -o /dev/null --max-time 2 http://127.0.0.1:" + port + "/healthcheck";
    for (int i = 0; i < 300; ++i) {
      if (RunCommand(health).exit_code == 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  // Starts again what is not running (the start stops the rest first), on
  // the same ports and with the same data.
  bool Restart() { return Script("start", std::string(" ") + kBucket).exit_code == 0; }

 private:
  S3Server() = default;

  std::string folder() const { return (dir_.path() / "s3").string(); }
  // tools/s3-server.sh COMMAND FOLDER, holding the lock (not passed on to
  // the servers it starts, which would hold it for as long as they run).
  std::string ScriptLine(const std::string& command) const {
    return "flock --close '" + (dir_.path() / "lock").string() + "' '" +
           (SourceDir() / "tools" / "s3-server.sh").string() + "' " + command + " '" + folder() +
           "'";
  }
  CommandResult Script(const std::string& command, const std::string& args = "") const {
    return RunCommand(ScriptLine(command) + args + " 2>&1");
  }
  void Stop() { Script("stop"); }

  pid_t StartWatcher() const {
    const std::string watch = "while kill -0 " + std::to_string(::getpid()) +
                              " 2>/dev/null; do sleep 1; done; " + ScriptLine("stop") +
                              "; rm -rf '" + dir_.path().string() + "'";
    // Its own session, so that a signal to this process's group spares it.
    CommandResult started =
        RunCommand("setsid sh -c \"" + watch + "\" </dev/null >/dev/null 2>&1 & echo $!");
    return started.exit_code == 0 ? static_cast<pid_t>(std::atol(started.out.c_str())) : 0;
  }

  bool ReadEnvironment(const std::string& lines) {
    std::istringstream in(lines);
    std::string line;
    while (std::getline(in, line)) {
      const std::size_t equals = line.find('=');
      if (equals == std::string::npos) continue;
      const std::string name = line.substr(0, equals);
      const std::string value = line.substr(equals + 1);
      if (name == "AWS_ENDPOINT_URL") endpoint_ = value;
      if (name == "AWS_REGION") region_ = value;
      if (name == "AWS_ACCESS_KEY_ID") access_key_ = value;
      if (name == "AWS_SECRET_ACCESS_KEY") secret_key_ = value;
    }
    return !endpoint_.empty() && !access_key_.empty() && !secret_key_.empty();
  }

  TempDir dir_;
  pid_t watcher_ = 0;
  std::string endpoint_;
  std::string region_ = "us-east-1";
  std::string access_key_;
  std::string secret_key_;
};

// The server of this test process, shared by every suite in it: started by
// the first test that asks, stopped once every test has run.
struct SharedS3ServerState {
  std::unique_ptr<S3Server> server;
  std::string why;  // when there is none
  bool installed = true;
  bool tried = false;
};
inline SharedS3ServerState& SharedS3State() {
  static SharedS3ServerState state;
  return state;
}
inline S3Server* SharedS3Server() {
  SharedS3ServerState& state = SharedS3State();
  if (!state.tried) {
    state.tried = true;
    state.server = S3Server::Start(&state.why, &state.installed);
  }
  return state.server.get();
}
class SharedS3ServerEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { SharedS3State().server.reset(); }
};
inline ::testing::Environment* const kSharedS3ServerEnvironment =
    ::testing::AddGlobalTestEnvironment(new SharedS3ServerEnvironment);

// A prefix no other test of the process writes under, so that each lists
// only its own objects.
inline std::string FreshS3Prefix(const std::string& name) {
  static std::atomic<int> prefixes{0};
  return name + "-" + std::to_string(++prefixes) + "/";
}

// A request of the S3 store's own client, made by hand: what the store would
// never send (a stray object, a tampered blob, an upload left unfinished).
inline Result<archive::s3::Response> SendRaw(const archive::S3Settings& settings,
                                             const archive::s3::Request& request) {
  archive::S3Settings normalized = settings;
  SOHOA_RETURN_IF_ERROR(archive::NormalizeS3Settings(normalized));
  archive::s3::Client client(normalized);
  return client.Send(request);
}

}  // namespace sohoa::testing

// Skips the test where Swift is not installed; fails it where Swift is but
// would not start.
#define SOHOA_NEED_S3_SERVER()                                \
  do {                                                        \
    if (::sohoa::testing::SharedS3Server() == nullptr) {      \
      const auto& shared = ::sohoa::testing::SharedS3State(); \
      if (!shared.installed) GTEST_SKIP() << shared.why;      \
      FAIL() << shared.why;                                   \
    }                                                         \
  } while (false)
