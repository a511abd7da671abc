// What every browser test shares: a temporary home served by `sohoa serve`,
// headless Chromium driven over WebDriver by chromedriver, users with one
// password, and a check of each page shown. A test fixture derives from
// BrowserFixture and fills the home in MakeHome(). Every page checked is
// saved as a PNG (in $SOHOA_TEST_ARTIFACTS/browser, else
// <build>/test-artifacts/browser) and fails the test if it shows an error or
// an English label. Header-only: the suite compiles only *_test.cc files.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/browser/child_process.h"
#include "tests/browser/webdriver.h"
#include "tests/test_env.h"

namespace sohoa::testing {

inline constexpr char kPassword[] = "mật khẩu dài 2024";

// Words of an English interface; none may show on a page. Data (OCR text in
// snippets, log details) is lower case or bilingual, so the list keeps to
// labels as an untranslated interface would show them.
inline constexpr const char* kEnglishLabels[] = {
    "Search",       "Login",     "Log in",    "Logout",      "Log out",        "Sign in",
    "Sign out",     "Username",  "Password",  "Submit",      "Loading",        "Error",
    "Download",     "Upload",    "Reports",   "Report",      "Review",         "Confirm",
    "Correct",      "Cancel",    "Save",      "Delete",      "Next",           "Previous",
    "Results",      "Settings",  "Dashboard", "Users",       "Admin",          "Filter",
    "Documents",    "Fields",    "Agency",    "Procedure",   "Received",       "Dossier",
    "Total",        "All",       "Select",    "Choose",      "Close",          "Back",
    "Home",         "Help",      "Page",      "Choose File", "No file chosen", "Not found",
    "Unauthorized", "Forbidden", "Internal"};
// What a template or a script left behind.
inline constexpr const char* kLeftovers[] = {"undefined", "NaN", "[object", "null", "{", "}", "${"};

inline bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// `word` in `text` as a whole word.
inline bool HasWord(const std::string& text, const std::string& word) {
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool before = at > 0 && IsAsciiLetter(text[at - 1]);
    bool after = at + word.size() < text.size() && IsAsciiLetter(text[at + word.size()]);
    if (!before && !after) return true;
  }
  return false;
}

inline std::filesystem::path ArtifactsDir() {
  const char* dir = std::getenv("SOHOA_TEST_ARTIFACTS");
  std::filesystem::path out = dir && *dir ? std::filesystem::path(dir) / "browser"
                                          : BinaryDir() / "test-artifacts" / "browser";
  std::filesystem::create_directories(out);
  return out;
}

// The screenshots a test wrote in an earlier run (PREFIX followed by a
// digit), removed so the folder shows this run. Each test has its own
// prefix: ctest runs the tests of the suite in separate processes.
inline void ClearArtifacts(const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(ArtifactsDir(), ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".png" && name.rfind(prefix, 0) == 0 &&
        name.size() > prefix.size() && name[prefix.size()] >= '0' && name[prefix.size()] <= '9') {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

class BrowserFixture : public ::testing::Test {
 protected:
  // `artifact_prefix` starts the name of every screenshot this test takes.
  explicit BrowserFixture(std::string artifact_prefix = "") : prefix_(std::move(artifact_prefix)) {}

  void SetUp() override {
    chromium_ = FindOnPath("chromium");
    chromedriver_ = FindOnPath("chromedriver");
    if (chromium_.empty() || chromedriver_.empty()) {
      GTEST_SKIP()
          << "chromium or chromedriver is not installed (apt-get install chromium chromium-driver)";
    }
    ClearArtifacts(prefix_);
    home_ = tmp_.path() / "home";
    sohoa_ = Program("sohoa") + " --home '" + home_.string() + "'";
    ASSERT_NO_FATAL_FAILURE(MakeHome());
    ASSERT_NO_FATAL_FAILURE(StartServer());
    ASSERT_NO_FATAL_FAILURE(StartBrowser());
  }

  void TearDown() override {
    driver_.reset();
    chromedriver_process_.reset();
    server_.reset();
  }

  // Fills the home (`sohoa_` runs the command line on it) before the server starts.
  virtual void MakeHome() = 0;

  // A user with kPassword; `agencies` empty for an administrator.
  void AddUser(const std::string& name, const std::string& role,
               const std::vector<std::string>& agencies) {
    std::string scope;
    for (const std::string& a : agencies) scope += " --agency " + a;
    auto added =
        RunCommand("printf '%s\\n' '" + std::string(kPassword) + "' | " + sohoa_ + " user add " +
                   name + " --role " + role + scope + " --password-stdin 2>&1");
    ASSERT_EQ(added.exit_code, 0) << added.out;
  }

  std::string ServeLog() { return ReadFile(tmp_.path() / "serve.log"); }

  void StartServer() {
    const int port = FreeLoopbackPort();
    ASSERT_GT(port, 0);
    base_ = "http://127.0.0.1:" + std::to_string(port);
    server_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{Program("sohoa"), "--home", home_.string(), "serve", "--listen",
                                 "127.0.0.1:" + std::to_string(port)},
        tmp_.path(), tmp_.path() / "serve.log",
        std::map<std::string, std::string>{{"SOHOA_LANG", "vi"}});
    ASSERT_TRUE(server_->started());
    httplib::Client client("127.0.0.1", port);
    for (int i = 0; i < 200; ++i) {
      if (auto res = client.Get("/healthz"); res && res->status == 200) return;
      ASSERT_TRUE(server_->running()) << "sohoa serve stopped:\n" << ServeLog();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "sohoa serve did not answer /healthz in 20 s:\n" << ServeLog();
  }

  void StartBrowser() {
    const int port = FreeLoopbackPort();
    ASSERT_GT(port, 0);
    std::filesystem::create_directories(tmp_.path() / "browser");
    chromedriver_process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{chromedriver_, "--port=" + std::to_string(port)},
        tmp_.path() / "browser", tmp_.path() / "chromedriver.log",
        std::map<std::string, std::string>{{"HOME", (tmp_.path() / "browser").string()}});
    ASSERT_TRUE(chromedriver_process_->started());
    driver_ = std::make_unique<WebDriver>(port);
    for (int i = 0; i < 100 && !driver_->Ready(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(driver_->Ready()) << ReadFile(tmp_.path() / "chromedriver.log");
    driver_->StartSession(chromium_, Profile());
  }

  // Closes the browser and opens a new one on the same profile, as a clerk
  // who closed the window and came back.
  void RestartBrowser() {
    driver_->Quit();
    driver_->StartSession(chromium_, Profile());
  }

  // Saves the page as PREFIX+NAME.png; fails if it shows an error box, an
  // English label or a leftover, or if the console reports a blocked inline
  // script or style (the CSP). With `expected_alert` (a CSS selector), the
  // page must show such an alert and no other.
  void CheckPage(const std::string& name, bool error_expected = false,
                 const std::string& expected_alert = "") {
    const std::filesystem::path png = ArtifactsDir() / (prefix_ + name + ".png");
    WriteFile(png, driver_->Screenshot());
    screenshots_.push_back(png);
    nlohmann::json page = driver_->Execute(R"(
      const visible = (e) => {
        const r = e.getBoundingClientRect();
        const s = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
      };
      const alerts = [...document.querySelectorAll('[data-loi], .loi, [role=alert]')].filter(visible);
      const expected = arguments[0] ? alerts.filter((e) => e.matches(arguments[0])) : [];
      const errors = alerts.filter((e) => !expected.includes(e)).map((e) => e.innerText);
      let text = document.title + '\n' + document.body.innerText;
      for (const e of document.querySelectorAll('[placeholder], [title], [aria-label], option')) {
        text += '\n' + (e.getAttribute('placeholder') || '') + ' ' + (e.getAttribute('title') || '') + ' ' +
                (e.getAttribute('aria-label') || '') + (e.tagName === 'OPTION' ? e.textContent : '');
      }
      for (const e of document.querySelectorAll('img')) {
        if (visible(e) && !(e.complete && e.naturalWidth > 0)) text += '\n<broken image ' + e.src + '>';
      }
      return {errors, expected: expected.length, text, url: location.href};)",
                                           {expected_alert});
    const std::string text = page["text"].get<std::string>();
    if (error_expected) {
      EXPECT_FALSE(page["errors"].empty()) << name << ": no error shown";
    } else {
      EXPECT_TRUE(page["errors"].empty())
          << name << " (" << png.string() << ") shows an error: " << page["errors"];
    }
    if (!expected_alert.empty()) {
      EXPECT_GT(page["expected"].get<int>(), 0) << name << ": no " << expected_alert;
    }
    for (const char* word : kEnglishLabels) {
      EXPECT_FALSE(HasWord(text, word)) << name << ": untranslated label '" << word << "' in\n"
                                        << text;
    }
    for (const char* leftover : kLeftovers) {
      EXPECT_EQ(text.find(leftover), std::string::npos)
          << name << ": '" << leftover << "' on the page:\n"
          << text;
    }
    EXPECT_EQ(text.find("<broken image"), std::string::npos) << name << ": " << text;
    for (const auto& entry : driver_->ConsoleLog()) {
      const std::string message = entry.value("message", "");
      EXPECT_EQ(message.find("Content Security Policy"), std::string::npos)
          << name << ": " << message;
      EXPECT_EQ(message.find("Uncaught"), std::string::npos) << name << ": " << message;
    }
  }

  void LogIn(const std::string& user) {
    driver_->Navigate(base_ + "/#/dang-nhap");
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('input[name=username]')"));
    const std::string name = driver_->Find("input[name=username]");
    driver_->Clear(name);
    driver_->Type(name, user);
    driver_->Type(driver_->Find("input[name=password]"), kPassword);
    driver_->Click(driver_->Find("form button[type=submit]"));
    ASSERT_TRUE(driver_->WaitFor("!document.getElementById('dieu-huong').hidden", 15))
        << user << " could not log in: " << driver_->Execute("return document.body.innerText;");
  }

  void LogOut() {
    driver_->Click(driver_->Find("#dang-xuat"));
    ASSERT_TRUE(
        driver_->WaitFor("document.querySelector('input[name=username]') && "
                         "document.getElementById('dieu-huong').hidden"));
  }

  // Waits until nothing on the page says it is loading.
  bool Settled(double seconds = 30) {
    return driver_->WaitFor("!document.querySelector('.dang-tai')", seconds);
  }

  std::string CookieHeader() {
    std::string header;
    for (const auto& c : driver_->Cookies()) {
      if (!header.empty()) header += "; ";
      header += c.value("name", "") + "=" + c.value("value", "");
    }
    return header;
  }

  std::string PageText() {
    return driver_->Execute("return document.body.innerText;").get<std::string>();
  }

  void PrintScreenshots() const {
    for (const auto& png : screenshots_) std::cout << "screenshot: " << png.string() << "\n";
  }

  TempDir tmp_;
  std::filesystem::path home_;
  std::string sohoa_, base_, chromium_, chromedriver_;
  std::unique_ptr<ChildProcess> server_, chromedriver_process_;
  std::unique_ptr<WebDriver> driver_;
  std::vector<std::filesystem::path> screenshots_;

 private:
  std::string Profile() const { return (tmp_.path() / "browser" / "profile").string(); }

  std::string prefix_;
};

}  // namespace sohoa::testing
