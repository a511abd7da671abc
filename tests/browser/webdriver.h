// A small W3C WebDriver client over cpp-httplib and nlohmann-json, enough to
// drive headless Chromium through chromedriver: open pages, find, type,
// click, run a script, take screenshots, read cookies. Header-only: the suite
// compiles only *_test.cc files.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace sohoa::testing {

// Thrown for a WebDriver error; the test reports its message.
struct WebDriverError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline std::string DecodeBase64(const std::string& in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0;
  unsigned buffer = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

class WebDriver {
 public:
  explicit WebDriver(int port) : client_("127.0.0.1", port) {
    client_.set_connection_timeout(5);
    client_.set_read_timeout(60);
    client_.set_write_timeout(60);
  }
  ~WebDriver() { Quit(); }
  WebDriver(const WebDriver&) = delete;
  WebDriver& operator=(const WebDriver&) = delete;

  // Whether chromedriver answers /status with ready.
  bool Ready() {
    auto res = client_.Get("/status");
    if (!res || res->status != 200) return false;
    auto body = nlohmann::json::parse(res->body, nullptr, false);
    return !body.is_discarded() && body["value"].value("ready", false);
  }

  void StartSession(const std::string& chromium, const std::string& profile_dir) {
    nlohmann::json caps = {
        {"capabilities",
         {{"alwaysMatch",
           {{"browserName", "chrome"},
            {"goog:loggingPrefs", {{"browser", "ALL"}}},
            {"goog:chromeOptions",
             {{"binary", chromium},
              {"args",
               {"--headless", "--no-sandbox", "--window-size=1366,768", "--lang=vi",
                "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + profile_dir}}}}}}}}};
    nlohmann::json value = Call("POST", "/session", caps);
    session_ = value.at("sessionId").get<std::string>();
  }

  void Quit() {
    if (session_.empty()) return;
    client_.Delete(("/session/" + session_).c_str());
    session_.clear();
  }

  void Navigate(const std::string& url) { Call("POST", Path("/url"), {{"url", url}}); }
  std::string CurrentUrl() { return Call("GET", Path("/url")).get<std::string>(); }

  // Runs `script` (a function body; `arguments` holds `args`) and returns its result.
  nlohmann::json Execute(const std::string& script, nlohmann::json args = nlohmann::json::array()) {
    return Call("POST", Path("/execute/sync"), {{"script", script}, {"args", args}});
  }

  // Polls `condition` (a JS expression) until it is true; false after `seconds`.
  bool WaitFor(const std::string& condition, double seconds = 20) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      nlohmann::json value = Execute("return Boolean(" + condition + ");");
      if (value.is_boolean() && value.get<bool>()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // The element matching `css`: its WebDriver reference.
  std::string Find(const std::string& css) {
    nlohmann::json value = Call("POST", Path("/element"), {{"using", "css selector"}, {"value", css}});
    return value.begin().value().get<std::string>();
  }
  void Click(const std::string& element) { Call("POST", Path("/element/" + element + "/click"), nlohmann::json::object()); }
  void Clear(const std::string& element) { Call("POST", Path("/element/" + element + "/clear"), nlohmann::json::object()); }
  void Type(const std::string& element, const std::string& text) {
    Call("POST", Path("/element/" + element + "/value"), {{"text", text}});
  }

  // The page as PNG bytes.
  std::string Screenshot() { return DecodeBase64(Call("GET", Path("/screenshot")).get<std::string>()); }

  // The value of cookie `name` (HttpOnly ones included), "" if none.
  std::string Cookie(const std::string& name) {
    for (const auto& c : Call("GET", Path("/cookie"))) {
      if (c.value("name", "") == name) return c.value("value", "");
    }
    return "";
  }
  nlohmann::json Cookies() { return Call("GET", Path("/cookie")); }

  // The browser console since the last call: [{level, message}].
  nlohmann::json ConsoleLog() { return Call("POST", Path("/se/log"), {{"type", "browser"}}); }

 private:
  std::string Path(const std::string& tail) const { return "/session/" + session_ + tail; }

  nlohmann::json Call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr) {
    httplib::Result res = method == "GET" ? client_.Get(path.c_str())
                                          : client_.Post(path.c_str(), body.dump(), "application/json");
    if (!res) throw WebDriverError(method + " " + path + ": no answer from chromedriver");
    auto json = nlohmann::json::parse(res->body, nullptr, false);
    if (json.is_discarded()) throw WebDriverError(method + " " + path + ": not JSON: " + res->body.substr(0, 200));
    if (res->status != 200) {
      const auto& v = json["value"];
      throw WebDriverError(method + " " + path + ": " + v.value("error", "") + ": " +
                           v.value("message", "").substr(0, 400));
    }
    return json["value"];
  }

  httplib::Client client_;
  std::string session_;
};

}  // namespace sohoa::testing
