// sohoa serve: the HTTP server and its JSON API (tools/server/openapi.json).
// Every request is authenticated (a session cookie or a bearer token,
// archive/users.h), checked against its route's roles, and read through a
// Catalog scoped to the user's agencies; every read and every denial is an
// event. cpp-httplib stays inside tools/server: this header names none of it.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/home.h"
#include "schema/status.h"

namespace sohoa::server {

inline constexpr std::size_t kDefaultMaxBodyBytes = std::size_t{256} << 20;

// Worker threads when --threads is not given: one per connection at once
// (a keep-alive connection holds its thread between requests), enough for
// the staff of a province office with room to spare.
inline constexpr int kDefaultThreads = 64;

struct ServerOptions {
  archive::HomeLayout home;
  std::string host = "127.0.0.1";
  int port = 8080;             // 0: any free port (tests)
  int threads = 0;             // 0: kDefaultThreads
  bool trust_proxy = false;    // take the client's address from X-Forwarded-For
  bool secure_cookies = false; // add "; Secure" to the session cookie (behind TLS)
  bool audit = true;           // off only for the benchmark: no read events
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
  int session_seconds = 8 * 3600;
  int read_timeout_seconds = 30;
  int write_timeout_seconds = 60;
};

// One method and path template of the API, as openapi.json writes it:
// {"GET", "/api/dossiers/{code}"}.
struct RouteName {
  std::string method;
  std::string path;
  bool operator==(const RouteName&) const = default;
  auto operator<=>(const RouteName&) const = default;
};

// The OpenAPI 3.0 document of the API, compiled in.
std::string_view OpenApiDocument();

class Server {
 public:
  // Binds the listening socket (so that port() is known and a busy port is
  // an error here, not later). Unavailable when it cannot bind.
  static Result<std::unique_ptr<Server>> Bind(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;
  // Every route the server answers, for the test against openapi.json.
  std::vector<RouteName> Routes() const;

  // Serves until Stop(); returns once the requests in flight are finished.
  Status Run();
  // Stops accepting and lets Run() return; safe from any thread, also
  // before Run().
  void Stop();
  // Is Run() accepting connections?
  bool running() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Is `host` a loopback address (127.0.0.0/8, ::1, localhost)?
bool IsLoopback(std::string_view host);

}  // namespace sohoa::server
