// The web interface as people use it, end to end: headless Chromium, driven
// over WebDriver by chromedriver, against `sohoa serve` on a home with a
// really ingested dossier. An archivist logs in, searches a name typed
// without tone marks, opens the dossier, sees the hit boxed on the page
// image, downloads its PDF, corrects a review item and logs out; a manager
// opens the reports, an administrator the users and log, staff the upload
// page. Every page is saved as a PNG (in $SOHOA_TEST_ARTIFACTS/browser, else
// <build>/test-artifacts/browser) and fails the test if it shows an error or
// an English label.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <map>
#include <thread>
#include <tuple>
#include <vector>

#include "schema/text.h"
#include "tests/browser/child_process.h"
#include "tests/browser/webdriver.h"
#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::ChildProcess;
using testing::RunCommand;
using testing::WebDriver;

constexpr char kPassword[] = "mật khẩu dài 2024";

// Words of an English interface; none may show on a page. Data (OCR text in
// snippets, log details) is lower case or bilingual, so the list keeps to
// labels as an untranslated interface would show them.
constexpr const char* kEnglishLabels[] = {
    "Search", "Login", "Log in", "Logout", "Log out", "Sign in", "Sign out", "Username", "Password",
    "Submit", "Loading", "Error", "Download", "Upload", "Reports", "Report", "Review", "Confirm",
    "Correct", "Cancel", "Save", "Delete", "Next", "Previous", "Results", "Settings", "Dashboard",
    "Users", "Admin", "Filter", "Documents", "Fields", "Agency", "Procedure", "Received", "Dossier",
    "Total", "All", "Select", "Choose", "Close", "Back", "Home", "Help", "Page", "Choose File",
    "No file chosen", "Not found", "Unauthorized", "Forbidden", "Internal"};
// What a template or a script left behind.
constexpr const char* kLeftovers[] = {"undefined", "NaN", "[object", "null", "{", "}", "${"};

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// `word` in `text` as a whole word.
bool HasWord(const std::string& text, const std::string& word) {
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool before = at > 0 && IsAsciiLetter(text[at - 1]);
    bool after = at + word.size() < text.size() && IsAsciiLetter(text[at + word.size()]);
    if (!before && !after) return true;
  }
  return false;
}

fs::path ArtifactsDir() {
  const char* dir = std::getenv("SOHOA_TEST_ARTIFACTS");
  fs::path out = dir && *dir ? fs::path(dir) / "browser" : testing::BinaryDir() / "test-artifacts" / "browser";
  fs::create_directories(out);
  return out;
}

// Screenshots of an earlier run, removed so the folder shows this one.
void ClearArtifacts() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(ArtifactsDir(), ec)) {
    if (entry.path().extension() == ".png") fs::remove(entry.path(), ec);
  }
}

class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = testing::FindOnPath("chromium");
    chromedriver_ = testing::FindOnPath("chromedriver");
    if (chromium_.empty() || chromedriver_.empty()) {
      GTEST_SKIP() << "chromium or chromedriver is not installed (apt-get install chromium chromium-driver)";
    }
    ClearArtifacts();
    home_ = tmp_.path() / "home";
    sohoa_ = testing::Program("sohoa") + " --home '" + home_.string() + "'";
    ASSERT_NO_FATAL_FAILURE(MakeHome());
    ASSERT_NO_FATAL_FAILURE(StartServer());
    ASSERT_NO_FATAL_FAILURE(StartBrowser());
  }

  void TearDown() override {
    driver_.reset();
    chromedriver_process_.reset();
    server_.reset();
  }

  // One dossier archived whole (the search, the page image, the PDF), and
  // the ID copy of another alone in a folder named by its code: its code is
  // known, its procedure is not, so it waits in the review queue.
  void MakeHome() {
    const fs::path sample = tmp_.path() / "sample";
    ASSERT_EQ(testing::GenerateSample(sample, "--seed 4 --dossiers 2 --formats folder --no-degrade"), 0);
    truth_ = nlohmann::json::parse(testing::ReadFile(sample / "ground-truth.json"));
    const auto& whole = truth_["dossiers"][0];
    const auto& partial = truth_["dossiers"][1];
    const fs::path unit = tmp_.path() / "partial" / partial["code"].get<std::string>();
    fs::create_directories(unit);
    for (const auto& doc : partial["documents"]) {
      if (doc["kind"] != "id_copy") continue;
      const fs::path page = sample / doc["pages"][0]["file"].get<std::string>();
      fs::copy_file(page, unit / page.filename());
    }
    ASSERT_EQ(RunCommand(sohoa_ + " init >/dev/null").exit_code, 0);
    auto ingest = RunCommand(sohoa_ + " ingest --quiet '" + (sample / whole["path"].get<std::string>()).string() +
                             "' '" + unit.string() + "' 2>&1");
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
    auto registered = RunCommand(sohoa_ + " register import '" + (sample / "register.csv").string() + "' 2>&1");
    EXPECT_LE(registered.exit_code, 1) << registered.out;

    const std::string agencies = " --agency " + whole["agency_code"].get<std::string>() + " --agency " +
                                 partial["agency_code"].get<std::string>();
    for (const auto& [name, role, scope] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"lan", "archivist", agencies}, {"hoa", "manager", agencies},
             {"quan-tri", "admin", ""}, {"tiep-nhan", "staff", agencies}}) {
      auto added = RunCommand("printf '%s\\n' '" + std::string(kPassword) + "' | " + sohoa_ + " user add " +
                              name + " --role " + role + scope + " --password-stdin 2>&1");
      ASSERT_EQ(added.exit_code, 0) << added.out;
    }
  }

  void StartServer() {
    const int port = testing::FreeLoopbackPort();
    ASSERT_GT(port, 0);
    base_ = "http://127.0.0.1:" + std::to_string(port);
    server_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{testing::Program("sohoa"), "--home", home_.string(), "serve", "--listen",
                                 "127.0.0.1:" + std::to_string(port)},
        tmp_.path(), tmp_.path() / "serve.log", std::map<std::string, std::string>{{"SOHOA_LANG", "vi"}});
    ASSERT_TRUE(server_->started());
    httplib::Client client("127.0.0.1", port);
    for (int i = 0; i < 200; ++i) {
      if (auto res = client.Get("/healthz"); res && res->status == 200) return;
      ASSERT_TRUE(server_->running()) << "sohoa serve stopped:\n" << testing::ReadFile(tmp_.path() / "serve.log");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "sohoa serve did not answer /healthz in 20 s:\n" << testing::ReadFile(tmp_.path() / "serve.log");
  }

  void StartBrowser() {
    const int port = testing::FreeLoopbackPort();
    ASSERT_GT(port, 0);
    fs::create_directories(tmp_.path() / "browser");
    chromedriver_process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{chromedriver_, "--port=" + std::to_string(port)}, tmp_.path() / "browser",
        tmp_.path() / "chromedriver.log",
        std::map<std::string, std::string>{{"HOME", (tmp_.path() / "browser").string()}});
    ASSERT_TRUE(chromedriver_process_->started());
    driver_ = std::make_unique<WebDriver>(port);
    for (int i = 0; i < 100 && !driver_->Ready(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(driver_->Ready()) << testing::ReadFile(tmp_.path() / "chromedriver.log");
    driver_->StartSession(chromium_, (tmp_.path() / "browser" / "profile").string());
  }

  // Saves the page as NAME.png; fails if it shows an error box, an English
  // label or a leftover, or if the console reports a blocked inline script
  // or style (the CSP).
  void CheckPage(const std::string& name, bool error_expected = false) {
    const fs::path png = ArtifactsDir() / (name + ".png");
    testing::WriteFile(png, driver_->Screenshot());
    screenshots_.push_back(png);
    nlohmann::json page = driver_->Execute(R"(
      const visible = (e) => {
        const r = e.getBoundingClientRect();
        const s = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
      };
      const errors = [...document.querySelectorAll('[data-loi], .loi, [role=alert]')]
          .filter(visible).map((e) => e.innerText);
      let text = document.title + '\n' + document.body.innerText;
      for (const e of document.querySelectorAll('[placeholder], [title], [aria-label], option')) {
        text += '\n' + (e.getAttribute('placeholder') || '') + ' ' + (e.getAttribute('title') || '') + ' ' +
                (e.getAttribute('aria-label') || '') + (e.tagName === 'OPTION' ? e.textContent : '');
      }
      for (const e of document.querySelectorAll('img')) {
        if (visible(e) && !(e.complete && e.naturalWidth > 0)) text += '\n<broken image ' + e.src + '>';
      }
      return {errors, text, url: location.href};)");
    const std::string text = page["text"].get<std::string>();
    if (error_expected) {
      EXPECT_FALSE(page["errors"].empty()) << name << ": no error shown";
    } else {
      EXPECT_TRUE(page["errors"].empty()) << name << " (" << png.string() << ") shows an error: " << page["errors"];
    }
    for (const char* word : kEnglishLabels) {
      EXPECT_FALSE(HasWord(text, word)) << name << ": untranslated label '" << word << "' in\n" << text;
    }
    for (const char* leftover : kLeftovers) {
      EXPECT_EQ(text.find(leftover), std::string::npos) << name << ": '" << leftover << "' on the page:\n" << text;
    }
    EXPECT_EQ(text.find("<broken image"), std::string::npos) << name << ": " << text;
    for (const auto& entry : driver_->ConsoleLog()) {
      const std::string message = entry.value("message", "");
      EXPECT_EQ(message.find("Content Security Policy"), std::string::npos) << name << ": " << message;
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
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('input[name=username]') && "
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

  testing::TempDir tmp_;
  fs::path home_;
  std::string sohoa_, base_, chromium_, chromedriver_;
  nlohmann::json truth_;
  std::unique_ptr<ChildProcess> server_, chromedriver_process_;
  std::unique_ptr<WebDriver> driver_;
  std::vector<fs::path> screenshots_;
};

TEST_F(BrowserTest, AnArchivistFindsReadsDownloadsAndCorrectsAManagerReadsTheReports) {
  try {
    const std::string code = truth_["dossiers"][0]["code"];
    const std::string review_code = truth_["dossiers"][1]["code"];
    const std::string procedure = truth_["dossiers"][1]["procedure_code"];

    // Log in.
    driver_->Navigate(base_ + "/");
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('input[name=username]')"));
    CheckPage("01-dang-nhap");
    // A wrong password: the API's refusal is shown, the page stays.
    driver_->Type(driver_->Find("input[name=username]"), "lan");
    driver_->Type(driver_->Find("input[name=password]"), "không phải mật khẩu");
    driver_->Click(driver_->Find("form button[type=submit]"));
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('form.dang-nhap [data-loi]')"));
    CheckPage("02-sai-mat-khau", /*error_expected=*/true);
    ASSERT_NO_FATAL_FAILURE(LogIn("lan"));

    // A malformed query: the API's error and hint are shown.
    driver_->Navigate(base_ + "/#/tim-kiem");
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('input[name=q]')"));
    driver_->Type(driver_->Find("input[name=q]"), "\"nguyen van");
    driver_->Click(driver_->Find("form.tim-kiem button[type=submit]"));
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('.ket-qua [data-loi]')"));
    CheckPage("03-cau-tim-sai", /*error_expected=*/true);

    // Search the applicant's name typed without tone marks.
    const std::string typed = FoldForSearch(truth_["dossiers"][0]["applicant"].get<std::string>());
    ASSERT_EQ(typed.find_first_of("\xC3\xC4\xC6\xE1"), std::string::npos) << "no tone marks: " << typed;
    const std::string box = driver_->Find("input[name=q]");
    driver_->Clear(box);
    driver_->Type(box, typed);
    driver_->Click(driver_->Find("form.tim-kiem button[type=submit]"));
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('.danh-sach-ket-qua li') && !document.querySelector('.dang-tai')"))
        << driver_->Execute("return document.body.innerText;");
    const std::string link = "a.ma-ho-so[href^=\"#/ho-so/" + code + "?\"]";
    ASSERT_TRUE(driver_->Execute("return Boolean(document.querySelector(arguments[0]));", {link}).get<bool>())
        << "no result for " << code << ": " << driver_->Execute("return document.body.innerText;");
    EXPECT_TRUE(driver_->Execute("return document.querySelectorAll('.trich-doan mark').length > 0;").get<bool>())
        << "the snippet marks the hit";
    CheckPage("04-tim-kiem");

    // Open the dossier: the hit is boxed over the page image.
    driver_->Click(driver_->Find(link));
    ASSERT_TRUE(driver_->WaitFor(
        "document.querySelector('.khung-trang rect.danh-dau') && "
        "document.querySelector('.anh-trang').complete && document.querySelector('.anh-trang').naturalWidth > 0",
        45))
        << driver_->Execute("return document.body.innerText;");
    nlohmann::json boxes = driver_->Execute(R"(
      const image = document.querySelector('.anh-trang').getBoundingClientRect();
      const mark = document.querySelector('.khung-trang rect.danh-dau').getBoundingClientRect();
      return {image: [image.left, image.top, image.right, image.bottom],
              mark: [mark.left, mark.top, mark.right, mark.bottom]};)");
    const auto& image = boxes["image"];
    const auto& mark = boxes["mark"];
    EXPECT_GT(mark[2].get<double>(), mark[0].get<double>()) << boxes;
    EXPECT_GE(mark[0].get<double>(), image[0].get<double>() - 1) << "the box lies over the image: " << boxes;
    EXPECT_LE(mark[2].get<double>(), image[2].get<double>() + 1) << boxes;
    EXPECT_GE(mark[1].get<double>(), image[1].get<double>() - 1) << boxes;
    EXPECT_LE(mark[3].get<double>(), image[3].get<double>() + 1) << boxes;
    ASSERT_TRUE(Settled());
    CheckPage("05-ho-so");

    // Download its searchable PDF with the session's cookie.
    const std::string pdf = driver_->Execute("return document.querySelector('a.tai-pdf').getAttribute('href');");
    ASSERT_EQ(pdf.rfind("/api/", 0), 0u) << pdf;
    httplib::Client http(base_);
    auto got = http.Get(pdf.c_str(), {{"Cookie", CookieHeader()}});
    ASSERT_TRUE(got) << pdf;
    EXPECT_EQ(got->status, 200) << pdf << ": " << got->body.substr(0, 300);
    EXPECT_EQ(got->body.rfind("%PDF", 0), 0u) << pdf;

    // Correct a review item: the partial dossier's procedure.
    driver_->Click(driver_->Find("#dieu-huong a[data-trang=ra-soat]"));
    const std::string item =
        "article.muc-ra-soat[data-ma=\"" + review_code + "\"][data-truong=\"procedure\"]";
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('" + item + " select option[value=\"" + procedure + "\"]')"))
        << driver_->Execute("return document.body.innerText;");
    ASSERT_TRUE(Settled());
    CheckPage("06-ra-soat");
    driver_->Execute("const s = document.querySelector(arguments[0] + ' select');"
                     "s.value = arguments[1]; s.dispatchEvent(new Event('change'));",
                     {item, procedure});
    driver_->Click(driver_->Find(item + " button[data-hanh-dong=sua]"));
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('" + item + " .bao-tin, " + item + " [data-loi]')"));
    CheckPage("07-ra-soat-da-sua");
    auto shown = nlohmann::json::parse(RunCommand(sohoa_ + " show --json " + review_code).out);
    EXPECT_EQ(shown["procedure_code"], procedure);
    for (const auto& f : shown["fields"]) {
      if (f["name"] == "procedure") {
        EXPECT_EQ(f["source"], "manual") << f;
        EXPECT_EQ(f["changed_by"], "lan") << f;
      }
    }

    // Log out: the cookie no longer opens the session.
    const std::string cookie = CookieHeader();
    ASSERT_NO_FATAL_FAILURE(LogOut());
    CheckPage("08-da-dang-xuat");
    auto after = http.Get("/api/session", {{"Cookie", cookie}});
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 401);

    // A manager: the reports page, its charts and tables.
    ASSERT_NO_FATAL_FAILURE(LogIn("hoa"));
    ASSERT_TRUE(driver_->WaitFor("location.hash.startsWith('#/bao-cao')"));
    ASSERT_TRUE(Settled());
    EXPECT_TRUE(driver_->Execute("return document.querySelectorAll('svg.bieu-do rect').length > 0 && "
                                 "document.querySelectorAll('table.bang-ty-le tbody tr').length > 0;")
                    .get<bool>())
        << driver_->Execute("return document.body.innerText;");
    CheckPage("09-bao-cao");
    ASSERT_NO_FATAL_FAILURE(LogOut());

    // An administrator: users and the access log, which holds the searches.
    ASSERT_NO_FATAL_FAILURE(LogIn("quan-tri"));
    ASSERT_TRUE(driver_->WaitFor("document.querySelectorAll('.trang-quan-tri table').length >= 2 || "
                                 "document.querySelector('[data-loi]')"));
    CheckPage("10-quan-tri");
    ASSERT_NO_FATAL_FAILURE(LogOut());

    // Staff: the upload page, a scan chosen and sent into the inbox.
    ASSERT_NO_FATAL_FAILURE(LogIn("tiep-nhan"));
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('.vung-tha')"));
    CheckPage("11-tai-len");
    const fs::path scan = tmp_.path() / "sample" / truth_["dossiers"][0]["documents"][0]["pages"][0]["file"].get<std::string>();
    driver_->Type(driver_->Find(".vung-tha input[type=file]:not([webkitdirectory])"), scan.string());
    ASSERT_TRUE(driver_->WaitFor("!document.querySelector('.trang-tai-len button.nut-chinh').disabled"));
    driver_->Click(driver_->Find(".trang-tai-len button.nut-chinh"));
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('.ket-qua-tai-len tr, .ket-qua-tai-len [data-loi]')"));
    EXPECT_TRUE(driver_->Execute("return document.querySelectorAll('.ket-qua-tai-len tr.nhan-duoc').length === 1;")
                    .get<bool>())
        << driver_->Execute("return document.body.innerText;");
    CheckPage("12-tai-len-ket-qua");
    ASSERT_NO_FATAL_FAILURE(LogOut());
  } catch (const testing::WebDriverError& e) {
    FAIL() << e.what() << "\nserve.log:\n" << testing::ReadFile(tmp_.path() / "serve.log");
  } catch (const nlohmann::json::exception& e) {
    FAIL() << "unexpected WebDriver answer: " << e.what();
  }
  for (const auto& png : screenshots_) std::cout << "screenshot: " << png.string() << "\n";
}

}  // namespace
}  // namespace sohoa
