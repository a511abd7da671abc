// sohoa serve: the web interface and the JSON API (tools/server/server.h).
// Loopback by default; TLS belongs to a reverse proxy (tools/nginx-sohoa.conf).
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <iostream>
#include <thread>

#include "tools/cli/common.h"
#include "tools/server/server.h"

namespace sohoa::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  bool is_public = false;
  bool trust_proxy = false;
  bool secure_cookies = false;
  std::string audit = "on";
  std::size_t max_body_mb = server::kDefaultMaxBodyBytes >> 20;
};

// "127.0.0.1:8080", "[::1]:8080" → host and port.
Result<std::pair<std::string, int>> ParseListen(const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return InvalidArgument(Text(Msg::kServeBadListen, {listen}));
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  const char* begin = listen.data() + colon + 1;
  const char* end = listen.data() + listen.size();
  auto [at, ec] = std::from_chars(begin, end, port);
  if (ec != std::errc() || at != end || port < 1 || port > 65535) {
    return InvalidArgument(Text(Msg::kServeBadListen, {listen}));
  }
  return std::pair{host, port};
}

int RunServe(const GlobalOptions& options, const ServeArgs& args) {
  auto listen = ParseListen(args.listen);
  if (!listen.ok()) return Fail(listen.status());
  const auto& [host, port] = *listen;
  if (!server::IsLoopback(host) && !args.is_public) {
    return Fail(InvalidArgument(Text(Msg::kServeNotLoopback, {host})));
  }
  if (args.audit == "off" && args.is_public) return Fail(InvalidArgument(Text(Msg::kServeAuditPublic)));
  auto home = ExistingHome(options);
  if (!home.ok()) return Fail(home.status());

  // SIGTERM and SIGINT are taken by one thread with sigwait, blocked in
  // every other (the server's threads inherit the mask): stopping is then
  // ordinary code, not a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  server::ServerOptions o;
  o.home = *home;
  o.host = host;
  o.port = port;
  o.threads = args.threads;
  o.trust_proxy = args.trust_proxy;
  o.secure_cookies = args.secure_cookies;
  o.audit = args.audit != "off";
  o.max_body_bytes = args.max_body_mb << 20;
  auto bound = server::Server::Bind(o);
  if (!bound.ok()) return Fail(bound.status());
  server::Server& srv = **bound;

  std::atomic<bool> finished{false};
  std::thread stopper([&srv, &finished, &stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    // Stop until Run() has returned: a signal that comes before Run()
    // started listening must not be lost.
    while (!finished) {
      srv.Stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cout << Text(Msg::kServeListening, {"http://" + shown_host + ":" + std::to_string(srv.port()) + "/"})
            << std::endl;
  Status ran = srv.Run();
  finished = true;
  // Wake the stopper if Run() ended by itself.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  if (!ran.ok()) return Fail(ran);
  std::cerr << Text(Msg::kServeStopped) << "\n";
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand(
      "serve",
      "Serve the web interface and the JSON API (/api/openapi.json) to the users of\n"
      "'sohoa user'. Listens on loopback: put a TLS reverse proxy in front\n"
      "(tools/nginx-sohoa.conf). SIGTERM or Ctrl+C finishes the requests in flight and stops");
  cmd->add_option("--listen", args->listen, "ADDRESS:PORT to listen on")->capture_default_str();
  cmd->add_option("--threads", args->threads, "Worker threads, one per connection at once (default 64)")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--public", args->is_public, "Allow an address other than loopback");
  cmd->add_flag("--trust-proxy", args->trust_proxy,
                "Take the client's address from X-Forwarded-For (only behind your own proxy)");
  cmd->add_flag("--secure-cookies", args->secure_cookies, "Mark the session cookie Secure (behind TLS)");
  cmd->add_option("--max-body-mb", args->max_body_mb, "Largest request body, in MB (uploads)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--audit", args->audit, "on, or off for benchmarks only (refused with --public)")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  cmd->callback([&options, args] {
    options.action = [&options, args] { return RunServe(options, *args); };
  });
}

}  // namespace sohoa::cli
