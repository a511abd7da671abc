// A throwaway PostgreSQL cluster for a test suite (tools/pg-cluster.sh): in
// a temporary folder, on a Unix socket there, never the system's cluster.
// Tests skip, saying so, where PostgreSQL's server is not installed.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tests/test_env.h"

namespace sohoa::testing {

class PostgresCluster {
 public:
  // nullptr, with `why` set, when no cluster could be started.
  static std::unique_ptr<PostgresCluster> Start(std::string* why) {
    auto cluster = std::unique_ptr<PostgresCluster>(new PostgresCluster());
    const std::string script = (SourceDir() / "tools" / "pg-cluster.sh").string();
    CommandResult started = RunCommand(script + " start '" + cluster->folder() + "' 2>&1");
    if (started.exit_code == 3) {
      *why = "PostgreSQL's server is not installed (tools/install-deps.sh installs it): " + started.out;
      return nullptr;
    }
    if (started.exit_code != 0) {
      *why = "tools/pg-cluster.sh could not start a cluster: " + started.out;
      return nullptr;
    }
    cluster->url_ = started.out.substr(0, started.out.find('\n'));
    return cluster;
  }
  ~PostgresCluster() { Stop(); }

  // postgresql:///sohoa?host=<folder>/sock&port=5432&user=...
  const std::string& url() const { return url_; }
  // The same server, another database.
  std::string UrlOf(const std::string& database) const {
    std::string url = url_;
    url.replace(url.find("/sohoa?"), 7, "/" + database + "?");
    return url;
  }
  std::string folder() const { return (dir_.path() / "pg").string(); }

  void Stop() {
    RunCommand((SourceDir() / "tools" / "pg-cluster.sh").string() + " stop '" + folder() + "' 2>&1");
  }
  bool Restart() {
    Stop();
    return RunCommand((SourceDir() / "tools" / "pg-cluster.sh").string() + " start '" + folder() + "' 2>&1")
               .exit_code == 0;
  }

 private:
  PostgresCluster() = default;
  TempDir dir_;
  std::string url_;
};

}  // namespace sohoa::testing
