#include "tools/server/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "tools/server/internal/api.h"
#if SOHOA_HAVE_WEB_ASSETS
#include "tools/server/web/assets.h"
#endif

namespace sohoa::server {
namespace {

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'";

bool IsApi(const std::string& path) { return path.rfind("/api/", 0) == 0 || path == "/healthz"; }

void AddSecurityHeaders(const httplib::Request& req, httplib::Response& res) {
  auto put = [&res](const char* name, const char* value) {
    if (!res.has_header(name)) res.set_header(name, value);
  };
  put("Content-Security-Policy", kContentSecurityPolicy);
  put("X-Content-Type-Options", "nosniff");
  put("Referrer-Policy", "no-referrer");
  if (IsApi(req.path)) put("Cache-Control", "no-store");
}

bool IsChunked(const httplib::Request& req) {
  std::string encoding = req.get_header_value("Transfer-Encoding");
  for (char& c : encoding) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return encoding.find("chunked") != std::string::npos;
}

void ServeAsset(const httplib::Request& req, httplib::Response& res) {
#if SOHOA_HAVE_WEB_ASSETS
  if (const web::Asset* asset = IsApi(req.path) ? nullptr : web::FindAsset(req.path)) {
    res.set_content(asset->body.data(), asset->body.size(), std::string(asset->media_type));
    return;
  }
#endif
  SendError(res, 404, Msg::kApiNotFound, Msg::kApiNotFoundHint);
}

void AddHealthRoute(Router& router) {
  router.Add({"GET", "/healthz", Auth::kNone, {}, [](ApiRequest& r) {
                // The catalog was opened for this thread earlier: check it still reads.
                const bool ok = archive::HomeExists(r.options.home) && r.catalog.Procedures().ok();
                SendJson(r.res, ok ? 200 : 503, {{"ok", ok}});
              }});
}

void AddOpenApiRoute(Router& router) {
  router.Add({"GET", "/api/openapi.json", Auth::kNone, {}, [](ApiRequest& r) {
                const std::string_view doc = OpenApiDocument();
                r.res.set_content(doc.data(), doc.size(), "application/json; charset=utf-8");
              }});
}

// This process's listening TCP socket bound to `port`, found among its
// descriptors (cpp-httplib keeps its own private), or -1.
int ListeningSocket(int port) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    const int fd = std::atoi(entry.path().filename().c_str());
    int type = 0, listening = 0;
    socklen_t size = sizeof type;
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) != 0 || type != SOCK_STREAM) continue;
    size = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || !listening) continue;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    int bound = 0;
    if (address.ss_family == AF_INET) bound = ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    if (address.ss_family == AF_INET6) bound = ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    if (bound == port) return fd;
  }
  return -1;
}

// cpp-httplib 0.11.4 (Debian's, compiled) listens with a backlog of 5:
// with more people connecting at once, the kernel drops their SYNs and each
// waits a second or more for its retry (50 clients on loopback: 1 in 5
// requests failed or waited). listen() again on the bound socket raises it.
void WidenListenBacklog(int port) {
  if (const int fd = ListeningSocket(port); fd >= 0) ::listen(fd, SOMAXCONN);
}

// A connection the kernel has completed but the accept loop has not yet
// taken is reset when the listening socket is shut down: its request would
// be lost although the client had sent it. For a listening socket Linux
// reports the accept queue's length in tcpi_unacked, so Stop() waits (at
// most a second) for the loop to take what is queued.
void WaitForAcceptQueueToDrain(int fd) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (std::chrono::steady_clock::now() < deadline) {
    tcp_info info{};
    socklen_t size = sizeof info;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0 || info.tcpi_unacked == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the accept loop polls; no event to wait on
  }
}

}  // namespace

struct Server::Impl {
  ServerState state;
  httplib::Server http;
  Router router{http, state};
  int port = 0;
  std::atomic<bool> stopped{false};
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

Result<std::unique_ptr<Server>> Server::Bind(ServerOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->state.options = std::move(options);
  const ServerOptions& o = impl->state.options;
  SOHOA_ASSIGN_OR_RETURN(impl->state.blobs, archive::OpenBlobStore(o.home));
  httplib::Server& http = impl->http;
  http.set_tcp_nodelay(true);
  http.set_payload_max_length(o.max_body_bytes);
  http.set_read_timeout(o.read_timeout_seconds, 0);
  http.set_write_timeout(o.write_timeout_seconds, 0);
  http.set_keep_alive_timeout(5);
  // A keep-alive connection holds its worker thread between requests
  // (cpp-httplib), so the pool is sized for the people connected at once,
  // not for the cores: an idle thread costs a stack and a catalog handle.
  const auto threads = static_cast<std::size_t>(o.threads > 0 ? o.threads : kDefaultThreads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_keep_alive_max_count(1000);
  http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    AddSecurityHeaders(req, res);
    // cpp-httplib 0.11.4 reads a chunked body past set_payload_max_length:
    // only bodies of a stated length are taken (browsers and nginx send one).
    if (IsChunked(req)) {
      SendError(res, 411, Msg::kApiLengthRequired, Msg::kApiLengthRequiredHint);
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const std::size_t max_megabytes = std::max<std::size_t>(1, o.max_body_bytes >> 20);
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [max_megabytes](const httplib::Request& req, httplib::Response& res) {
    AddSecurityHeaders(req, res);
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    switch (res.status) {
      case 413:
        SendError(res, 413, Msg::kApiTooLarge, Msg::kApiTooLargeHint, {std::to_string(max_megabytes)});
        break;
      case 404:
      case 405:
        SendError(res, 404, Msg::kApiNotFound, Msg::kApiNotFoundHint);
        break;
      case 400:
      case 414:
      case 431:
        SendError(res, res.status, Msg::kApiBadRequest, Msg::kApiBadRequestHint, {"HTTP"});
        break;
      default:
        SendError(res, res.status >= 500 ? res.status : 400, Msg::kApiInternal, Msg::kApiInternalHint);
    }
    return httplib::Server::HandlerResponse::Handled;
  }));
  http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    // The what() may name a path or a statement: the server's log has it, the client not.
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "sohoa serve: %s %s: %s\n", req.method.c_str(), req.path.c_str(), e.what());
    } catch (...) {
      std::fprintf(stderr, "sohoa serve: %s %s: unknown exception\n", req.method.c_str(), req.path.c_str());
    }
    AddSecurityHeaders(req, res);
    SendError(res, 500, Msg::kApiInternal, Msg::kApiInternalHint);
  });

  Router& router = impl->router;
  AddHealthRoute(router);
  AddOpenApiRoute(router);
  AddSessionRoutes(router);
  AddSearchRoutes(router);
  AddDossierRoutes(router);
  AddPackageRoutes(router);
  AddReportRoutes(router);
  AddIntakeRoutes(router);
  AddAdminRoutes(router);
  AddKeyingRoutes(router);
  // Last: every other GET is a file of the web interface, or a JSON 404.
  http.Get(".*", ServeAsset);

  if (o.port == 0) {
    impl->port = http.bind_to_any_port(o.host);
  } else {
    impl->port = http.bind_to_port(o.host, o.port) ? o.port : -1;
  }
  if (impl->port <= 0) {
    return Unavailable(Text(Msg::kServeCannotListen, {o.host + ":" + std::to_string(o.port)}));
  }
  WidenListenBacklog(impl->port);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->port; }

std::vector<RouteName> Server::Routes() const { return impl_->router.names(); }

Status Server::Run() {
  if (impl_->stopped) return Status::Ok();
  if (!impl_->http.listen_after_bind()) {
    if (impl_->stopped) return Status::Ok();
    return Unavailable(Text(Msg::kServeCannotListen, {impl_->state.options.host + ":" + std::to_string(port())}));
  }
  return Status::Ok();
}

void Server::Stop() {
  if (impl_->stopped.exchange(true)) return;
  // httplib::Server::stop() also drops every connection taken but not yet
  // read (its workers check the listening socket before each request), so a
  // request whose bytes had arrived got no answer. Shutting the listening
  // socket down instead ends the accept loop: no new connections, while the
  // workers finish every request already taken, and keep-alive connections
  // close after their idle timeout. Then Run() returns. Connections already
  // queued in the kernel are taken first.
  const int fd = ListeningSocket(impl_->port);
  if (fd >= 0) WaitForAcceptQueueToDrain(fd);
  if (fd < 0 || ::shutdown(fd, SHUT_RDWR) != 0) impl_->http.stop();
}

bool Server::running() const { return impl_->http.is_running(); }

bool IsLoopback(std::string_view host) {
  if (host.empty()) return false;
  if (host == "localhost") return true;
  const std::string text(host.front() == '[' && host.back() == ']' ? host.substr(1, host.size() - 2) : host);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

}  // namespace sohoa::server
