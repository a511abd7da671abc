// The keying workbench's latency as a clerk feels it: a scripted clerk in
// headless Chromium keys entries of a register book field by field, at a
// typing pace (each field sent as one WebDriver call after the time a
// clerk would take to type it, so the browser is not measured typing), and
// the page itself measures, for every entry, the time from the Enter that
// saves it to the next entry ready for typing (`document.body.dataset.ready`
// set to the next slot), with performance.now() and a MutationObserver: no
// WebDriver round trip is in the figure. The requests of each entry are
// taken from the page's resource timings: the save (POST
// /api/keying/slots/{id}), the next entry (GET /api/keying/next), its row
// image, and the checks sent while typing; their server time is
// responseStart − requestStart (loopback: the server's work and little else).
//
// Baseline, in the same run: the same requests made back to back by an
// httplib client as a second clerk on an identical copy of the book (so its
// saves are first keyings too), the floor without a browser.
// keying_bench.sh prepares the home and runs it.
#include <httplib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/browser/child_process.h"
#include "tests/browser/webdriver.h"

namespace {

namespace fs = std::filesystem;
using sohoa::testing::ChildProcess;
using sohoa::testing::WebDriver;
using sohoa::testing::WebDriverError;
using Clock = std::chrono::steady_clock;
using Entry = std::map<std::string, std::string>;

struct Options {
  fs::path home, truth, work;
  std::string sohoa, book, baseline_book, user, baseline_user, password;
  int entries = 40;
  double cps = 30;
  unsigned seed = 1;
};

// p50, p95 and max of `v` in its unit, "p50 … p95 … max …".
std::string Percentiles(std::vector<double> v, const char* unit = "ms") {
  if (v.empty()) return "(none)";
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
  };
  char line[160];
  std::snprintf(line, sizeof line, "p50 %8.1f %s  p95 %8.1f %s  max %8.1f %s  (n=%zu)", at(0.5),
                unit, at(0.95), unit, v.back(), unit, v.size());
  return line;
}

std::string ReadAll(const fs::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return "";
  std::string out;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  std::fclose(f);
  return out;
}

// The entries of the book as the generator wrote them: (page, position) → values.
std::map<std::pair<int, int>, Entry> TruthEntries(const fs::path& truth_file,
                                                  const std::string& book) {
  std::map<std::pair<int, int>, Entry> out;
  const auto truth = nlohmann::json::parse(ReadAll(truth_file));
  for (const auto& b : truth.at("books")) {
    if (!book.starts_with(b.at("id").get<std::string>())) continue;
    for (const auto& p : b.at("pages")) {
      int position = 0;
      for (const auto& e : p.at("entries"))
        out[{p.at("number").get<int>(), ++position}] = e.get<Entry>();
    }
  }
  return out;
}

// The page's own stopwatch: the time of every Enter pressed, and the time
// `data-ready` becomes a slot other than the one being keyed.
constexpr char kInstrument[] = R"(
  if (window.__bench) return;
  performance.setResourceTimingBufferSize(100000);
  window.__bench = {enter: 0, keyed: document.body.dataset.ready, readyAt: 0, ready: ''};
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') window.__bench.enter = e.timeStamp;
  }, true);
  new MutationObserver(() => {
    const b = window.__bench, now = document.body.dataset.ready;
    if (now && now !== b.keyed && !b.readyAt) {
      b.readyAt = performance.now();
      b.ready = now;
    }
  }).observe(document.body, {attributes: true, attributeFilter: ['data-ready']});)";

// What the page measured for the entry just saved, and the requests since
// the previous one; starts the next measurement.
constexpr char kCollect[] = R"(
  const b = window.__bench;
  const requests = performance.getEntriesByType('resource')
      .filter((r) => r.name.includes('/api/'))
      .map((r) => ({path: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd,
                    server: r.responseStart - r.requestStart}));
  performance.clearResourceTimings();
  const out = {enter: b.enter, readyAt: b.readyAt, ready: b.ready, requests};
  b.keyed = b.ready;
  b.readyAt = 0;
  return out;)";

struct EntryTiming {
  double enter_to_ready = 0;                       // ms
  double save = -1, next = -1, image = -1;         // server ms of each
  double save_start = -1, ready_after_image = -1;  // ms after Enter; ms from image end to ready
  double server_total = 0;  // ms over all requests of the entry (checks while typing included)
  int checks = 0;
  int requests_after_enter = 0;
};

class Clerk {
 public:
  Clerk(const Options& o, WebDriver& driver, const std::string& base)
      : o_(o), driver_(driver), base_(base) {}

  void LogIn() {
    driver_.Navigate(base_ + "/#/dang-nhap");
    if (!driver_.WaitFor("document.querySelector('input[name=username]')"))
      throw WebDriverError("no login form");
    driver_.Type(driver_.Find("input[name=username]"), o_.user);
    driver_.Type(driver_.Find("input[name=password]"), o_.password);
    driver_.Click(driver_.Find("form button[type=submit]"));
    if (!driver_.WaitFor("!document.getElementById('dieu-huong').hidden", 15))
      throw WebDriverError("login failed");
    driver_.Navigate(base_ + "/#/nhap-lieu?so=" + o_.book);
    if (!driver_.WaitFor("document.body.dataset.ready && document.querySelector('form#phieu-nhap')",
                         30)) {
      throw WebDriverError("the workbench showed no entry: " + Text());
    }
    driver_.Execute(kInstrument);
    driver_.Execute(kCollect);  // what loading the page asked is not an entry's
  }

  // Keys the entry on screen at the pace of a clerk; returns what the page measured.
  EntryTiming KeyOne(const std::map<std::pair<int, int>, Entry>& truth) {
    const auto where = driver_.Execute(
        "const m = document.querySelector('#vi-tri-dong').textContent.match(/trang (\\d+) · dòng "
        "(\\d+)/);"
        "return {slot: document.querySelector('form#phieu-nhap').dataset.slot, page: +m[1], "
        "position: +m[2],"
        " fields: [...document.querySelectorAll('form#phieu-nhap input.o-nhap-lieu')].map((i) => "
        "i.name)};");
    const std::string slot = where.at("slot").get<std::string>();
    auto it = truth.find({where.at("page").get<int>(), where.at("position").get<int>()});
    Entry values = it != truth.end() ? it->second : Entry{};
    const auto fields = where.at("fields").get<std::vector<std::string>>();
    std::uniform_real_distribution<double> pause(0.05, 0.2);
    for (const std::string& f : fields) {
      const std::string value = values.count(f) ? values[f] : "";
      const double seconds = static_cast<double>(Characters(value)) / o_.cps + pause(rng_);
      std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
      driver_.Type(driver_.Find("form#phieu-nhap input[name=" + f + "]"),
                   (value.empty() ? std::string("\uE003") : value) + "\uE007");
    }
    // A check the clerk keeps as the book says: the second save confirms it.
    const auto deadline = Clock::now() + std::chrono::seconds(15);
    bool confirmed = false;
    while (true) {
      auto state = driver_.Execute(
          "return {at: window.__bench.readyAt, ask: "
          "!document.getElementById('hoi-giu-nguyen')?.hidden};");
      if (state.at("at").get<double>() > 0) break;
      if (state.at("ask").get<bool>() && !confirmed) {
        confirmed = true;
        ++confirmations_;
        driver_.Type(driver_.Find("form#phieu-nhap input[name=" + fields.back() + "]"),
                     "\uE009\uE007\uE000");
      }
      if (Clock::now() > deadline)
        throw WebDriverError("entry " + slot + " was not saved in 15 s: " + Text());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto m = driver_.Execute(kCollect);
    EntryTiming t;
    const double enter = m.at("enter").get<double>();
    const std::string next = m.at("ready").get<std::string>();
    t.enter_to_ready = m.at("readyAt").get<double>() - enter;
    double image_end = -1;
    for (const auto& r : m.at("requests")) {
      const std::string path = r.at("path").get<std::string>();
      const double server = r.at("server").get<double>();
      t.server_total += server;
      if (path == "/api/keying/check") ++t.checks;
      const bool image = path.rfind("/api/keying/slots/", 0) == 0 && path.size() > 6 &&
                         path.compare(path.size() - 6, 6, "/image") == 0;
      // Row images are fetched ahead (the response's `following`), so the
      // one of this window is usually the entry after the next one.
      if (image) t.image = server;
      if (path == "/api/keying/slots/" + next + "/image") image_end = r.at("end").get<double>();
      if (r.at("start").get<double>() < enter) continue;
      ++t.requests_after_enter;
      if (path == "/api/keying/slots/" + slot) {
        t.save = server;
        t.save_start = r.at("start").get<double>() - enter;
      } else if (path == "/api/keying/next") {
        t.next = server;
      }
    }
    if (image_end >= 0) t.ready_after_image = std::max(0.0, m.at("readyAt").get<double>() - std::max(image_end, enter));
    if (next == "het") last_ = true;
    return t;
  }

  bool done() const { return last_; }
  int confirmations() const { return confirmations_; }

 private:
  static std::size_t Characters(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  }
  std::string Text() {
    return driver_.Execute("return document.body.innerText.slice(0, 600);").get<std::string>();
  }

  const Options& o_;
  WebDriver& driver_;
  std::string base_;
  std::mt19937 rng_{o_.seed};
  bool last_ = false;
  int confirmations_ = 0;
};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The same requests without a browser: a second clerk on the copy of the book.
void Baseline(const Options& o, int port, const std::map<std::pair<int, int>, Entry>& truth) {
  httplib::Client http("127.0.0.1", port);
  http.set_keep_alive(true);
  http.set_tcp_nodelay(true);  // as browsers do; else Nagle and delayed ACKs add 40 ms to a POST
  auto login =
      http.Post("/api/session",
                nlohmann::json{{"username", o.baseline_user}, {"password", o.password}}.dump(),
                "application/json");
  if (!login || login->status != 200) {
    std::fprintf(stderr, "keying_bench: the baseline clerk could not log in: %s\n",
                 login ? (std::to_string(login->status) + " " + login->body).c_str() : httplib::to_string(login.error()).c_str());
    return;
  }
  const std::string csrf = nlohmann::json::parse(login->body).at("csrf").get<std::string>();
  const std::string cookie = login->get_header_value("Set-Cookie")
                                 .substr(0, login->get_header_value("Set-Cookie").find(';'));
  const httplib::Headers get = {{"Cookie", cookie}};
  const httplib::Headers post = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  std::vector<double> save, next, image, check, floor;
  auto timed = [](std::vector<double>& into, auto&& call) {
    const auto start = Clock::now();
    auto res = call();
    into.push_back(Ms(Clock::now() - start));
    return res;
  };
  for (int i = 0; i <= o.entries; ++i) {
    const auto t0 = Clock::now();
    auto n = timed(
        next, [&] { return http.Get(("/api/keying/next?book=" + o.baseline_book).c_str(), get); });
    if (!n || n->status != 200) break;
    const auto slot = nlohmann::json::parse(n->body).at("slot");
    if (slot.is_null()) break;
    const std::string id = std::to_string(slot.at("id").get<long long>());
    auto img =
        timed(image, [&] { return http.Get(("/api/keying/slots/" + id + "/image").c_str(), get); });
    if (!img || img->status != 200) break;
    if (i > 0) floor.push_back(Ms(Clock::now() - t0) + save.back());  // a save, then next + image
    if (i == o.entries) break;
    auto it = truth.find({slot.at("page").get<int>(), slot.at("position").get<int>()});
    nlohmann::json values = nlohmann::json::object();
    if (it != truth.end()) {
      for (const auto& [k, v] : it->second) values[k] = v;
    }
    auto c = timed(check, [&] {
      return http.Post("/api/keying/check", post,
                       nlohmann::json{{"slot", std::stoll(id)}, {"values", values}}.dump(),
                       "application/json");
    });
    // Whatever the check says is confirmed, as the clerk would.
    nlohmann::json codes = nlohmann::json::array();
    if (c && c->status == 200) {
      for (const auto& issue : nlohmann::json::parse(c->body).at("issues"))
        codes.push_back(issue.at("code"));
    }
    auto s = timed(save, [&] {
      return http.Post(
          ("/api/keying/slots/" + id).c_str(), post,
          nlohmann::json{{"values", values}, {"seconds", 20}, {"confirmed", codes}}.dump(),
          "application/json");
    });
    if (!s || s->status != 200) {
      std::fprintf(stderr, "keying_bench: baseline save of %s: %d %s\n", id.c_str(),
                   s ? s->status : 0, s ? s->body.substr(0, 200).c_str() : "");
      break;
    }
  }
  std::printf(
      "\n== baseline: the same requests by an httplib client, back to back (no browser), %zu "
      "entries\n",
      save.size());
  std::printf("  save   POST /api/keying/slots/{id}        %s\n", Percentiles(save).c_str());
  std::printf("  next   GET  /api/keying/next              %s\n", Percentiles(next).c_str());
  std::printf("  image  GET  /api/keying/slots/{id}/image  %s\n", Percentiles(image).c_str());
  std::printf("  check  POST /api/keying/check             %s\n", Percentiles(check).c_str());
  std::printf("  save + next + image (the floor)           %s\n", Percentiles(floor).c_str());
}

int Run(const Options& o) {
  const std::string chromium = sohoa::testing::FindOnPath("chromium");
  const std::string chromedriver = sohoa::testing::FindOnPath("chromedriver");
  if (chromium.empty() || chromedriver.empty()) {
    std::fprintf(stderr, "keying_bench: needs chromium and chromium-driver\n");
    return 2;
  }
  const auto truth = TruthEntries(o.truth, o.book);
  const int port = sohoa::testing::FreeLoopbackPort();
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  ChildProcess server({o.sohoa, "--home", o.home.string(), "serve", "--listen", listen}, o.work,
                      o.work / "serve.log");
  httplib::Client probe("127.0.0.1", port);
  bool up = false;
  for (int i = 0; i < 200 && !up; ++i) {
    auto res = probe.Get("/healthz");
    up = res && res->status == 200;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!up) {
    std::fprintf(stderr, "keying_bench: sohoa serve did not start:\n%s\n",
                 ReadAll(o.work / "serve.log").c_str());
    return 1;
  }
  const int driver_port = sohoa::testing::FreeLoopbackPort();
  fs::create_directories(o.work / "browser");
  ChildProcess driver_process({chromedriver, "--port=" + std::to_string(driver_port)},
                              o.work / "browser", o.work / "chromedriver.log",
                              {{"HOME", (o.work / "browser").string()}});
  WebDriver driver(driver_port);
  for (int i = 0; i < 100 && !driver.Ready(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  driver.StartSession(chromium, (o.work / "browser" / "profile").string());

  std::vector<EntryTiming> timings;
  int keyed = 0;
  const auto started = Clock::now();
  try {
    Clerk clerk(o, driver, "http://" + listen);
    clerk.LogIn();
    while (keyed < o.entries && !clerk.done()) {
      timings.push_back(clerk.KeyOne(truth));
      ++keyed;
    }
    std::printf(
        "== headless Chromium: %d entries of %s keyed at %.0f characters/s (+0.05–0.2 s a field) "
        "in %.0f s; %d confirmed a check\n",
        keyed, o.book.c_str(), o.cps, std::chrono::duration<double>(Clock::now() - started).count(),
        clerk.confirmations());
  } catch (const WebDriverError& e) {
    std::fprintf(stderr, "keying_bench: %s\n", e.what());
    return 1;
  }
  std::vector<double> ready, save, next, image, save_start, after_image, server_s, checks, extra;
  for (const EntryTiming& t : timings) {
    ready.push_back(t.enter_to_ready);
    if (t.save >= 0) save.push_back(t.save);
    if (t.next >= 0) next.push_back(t.next);
    if (t.image >= 0) image.push_back(t.image);
    if (t.save_start >= 0) save_start.push_back(t.save_start);
    if (t.ready_after_image >= 0) after_image.push_back(t.ready_after_image);
    server_s.push_back(t.server_total / 1000);
    checks.push_back(t.checks);
    extra.push_back(t.requests_after_enter);
  }
  std::printf("  Enter → next entry ready (in the page)    %s\n", Percentiles(ready).c_str());
  std::printf("  server time of the save (POST)           %s\n", Percentiles(save).c_str());
  std::printf("  server time of the next entry (GET)      %s\n", Percentiles(next).c_str());
  std::printf("  server time of a row image (GET, ahead)  %s\n", Percentiles(image).c_str());
  std::printf("  Enter → save request sent                %s\n", Percentiles(save_start).c_str());
  std::printf("  image received after Enter → ready        %s\n", Percentiles(after_image).c_str());
  std::printf("  requests after the Enter, per entry      %s\n", Percentiles(extra, "").c_str());
  std::printf("  checks sent while typing, per entry      %s\n", Percentiles(checks, "").c_str());
  std::printf("  server time per entry, all requests      %s\n",
              Percentiles(server_s, "s").c_str());
  Baseline(o, port, truth);
  std::sort(ready.begin(), ready.end());
  const double p95 = ready.empty() ? 0 : ready[std::min(ready.size() - 1, ready.size() * 95 / 100)];
  std::printf("\ngoal: Enter → next entry ready under 100 ms: p95 %.1f ms, %s\n", p95,
              p95 < 100 ? "met" : "NOT met");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{
      "Keying workbench latency: a scripted clerk in headless Chromium (keying_bench.sh runs it)"};
  app.add_option("--sohoa", o.sohoa, "The sohoa binary")->required();
  app.add_option("--home", o.home, "A home with the two books ingested and assigned")->required();
  app.add_option("--truth", o.truth, "The generator's ground-truth.json (the values typed)")
      ->required();
  app.add_option("--work", o.work, "A folder for logs and the browser profile")->required();
  app.add_option("--book", o.book, "The book the browser clerk keys")->required();
  app.add_option("--baseline-book", o.baseline_book, "Its copy the httplib clerk keys")->required();
  app.add_option("--user", o.user, "The browser clerk")->required();
  app.add_option("--baseline-user", o.baseline_user, "The httplib clerk")->required();
  app.add_option("--password", o.password, "Both clerks' password")->required();
  app.add_option("--entries", o.entries, "Entries to key")->check(CLI::PositiveNumber);
  app.add_option("--cps", o.cps, "Typing speed, characters a second")->check(CLI::PositiveNumber);
  app.add_option("--seed", o.seed, "Seed of the pauses between fields");
  CLI11_PARSE(app, argc, argv);
  return Run(o);
}
