// Keying a civil-status register book in the browser, end to end, on a
// generated printed book really ingested with `sohoa ingest --book`: a
// manager hands page 1 to two clerks in the assignment form; each clerk
// types the first two entries field by field beside their row images (Enter
// from field to field, Enter on the last saves), the second differing from
// the first in one name; a third person (an archivist) sees the one conflict
// with its differing row marked, takes the first clerk's value and saves;
// the records page then shows the two verified entries and their CSV holds
// two rows. Apart: an entry typed halfway comes back, values and all, after
// the browser was closed.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/browser/browser_fixture.h"
#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::RunCommand;

using Entry = std::map<std::string, std::string>;  // field key → value as the book shows it

constexpr char kEnter[] = "\uE007";
constexpr char kBackspace[] = "\uE003";
constexpr char kShiftEnter[] = "\uE008\uE007\uE000";
constexpr char kCtrlEnter[] = "\uE009\uE007\uE000";

class KeyingTest : public testing::BrowserFixture {
 protected:
  explicit KeyingTest(std::string prefix = "nhap-lieu-") : BrowserFixture(std::move(prefix)) {}

  // One printed, ruled khai sinh book of one page, its agency set by the
  // list of books, and the four people of the scenario in that agency.
  void MakeHome() override {
    const fs::path sample = tmp_.path() / "sample";
    ASSERT_EQ(
        testing::GenerateSample(
            sample,
            "--seed 5 --dossiers 0 --books 1 --book-pages 1 --entries-per-page 8 --no-degrade"),
        0);
    const auto truth = nlohmann::json::parse(testing::ReadFile(sample / "ground-truth.json"));
    const auto& book = truth["books"][0];
    ASSERT_EQ(book["type"], "khai_sinh");
    book_ = book["id"].get<std::string>();
    agency_ = book["agency_code"].get<std::string>();
    for (const auto& e : book["pages"][0]["entries"]) entries_.push_back(e.get<Entry>());
    ASSERT_GE(entries_.size(), 3u);

    ASSERT_EQ(RunCommand(sohoa_ + " init >/dev/null").exit_code, 0);
    auto ingest = RunCommand(sohoa_ + " ingest --book '" + book_ + "' '" +
                             (sample / book["path"].get<std::string>()).string() + "' 2>&1");
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
    // The page header names the commune, not its agency code: the list of books says it.
    testing::WriteFile(tmp_.path() / "books.csv", "ma_so,so_muc,co_quan\n" + book_ + "," +
                                                      std::to_string(entries_.size()) + "," +
                                                      agency_ + "\n");
    auto listed =
        RunCommand(sohoa_ + " books import '" + (tmp_.path() / "books.csv").string() + "' 2>&1");
    ASSERT_EQ(listed.exit_code, 0) << listed.out;
    auto progress = nlohmann::json::parse(RunCommand(sohoa_ + " books keying --json").out);
    ASSERT_EQ(progress["books"].size(), 1u) << progress;
    ASSERT_GE(progress["books"][0]["slots"].get<int>(), 3)
        << "ingest cut no entry rows: " << progress;

    ASSERT_NO_FATAL_FAILURE(AddUser("thu", "staff", {agency_}));
    ASSERT_NO_FATAL_FAILURE(AddUser("mai", "staff", {agency_}));
    ASSERT_NO_FATAL_FAILURE(AddUser("lan", "archivist", {agency_}));
    ASSERT_NO_FATAL_FAILURE(AddUser("hoa", "manager", {agency_}));
  }

  std::string Ready() {
    return driver_->Execute("return document.body.dataset.ready || '';").get<std::string>();
  }

  // Opens the workbench on the book; the id of the entry ready for typing.
  std::string OpenWorkbench() {
    driver_->Navigate(base_ + "/#/nhap-lieu?so=" + book_);
    EXPECT_TRUE(driver_->WaitFor(
        "document.body.dataset.ready && document.querySelector('form#phieu-nhap')", 30))
        << PageText();
    return Ready();
  }

  // The workbench's fields in form order.
  std::vector<std::string> Fields() {
    return driver_
        ->Execute(
            "return [...document.querySelectorAll('form#phieu-nhap input.o-nhap-lieu')].map((i) => "
            "i.name);")
        .get<std::vector<std::string>>();
  }

  std::string Focused() {
    return driver_->Execute("const a = document.activeElement; return a && a.name ? a.name : '';")
        .get<std::string>();
  }

  std::string Value(const std::string& field) {
    return driver_
        ->Execute("return document.querySelector(arguments[0]).value;",
                  {"input[name=" + field + "]"})
        .get<std::string>();
  }

  // Types `value` into `field`, which Enter must have brought the caret to
  // (its text selected, so what is typed replaces a pre-fill), then Enter.
  void TypeField(const std::string& field, const std::string& value) {
    ASSERT_EQ(Focused(), field) << "Enter did not move to " << field;
    driver_->Type(driver_->Find("form#phieu-nhap input[name=" + field + "]"),
                  (value.empty() ? std::string(kBackspace) : value) + kEnter);
  }

  // Types the fields of `entry` from `first` on; the last Enter saves. The
  // values the book has no column for (ethnicity, ...) are left empty.
  void TypeFrom(const std::string& first, const Entry& entry) {
    const auto fields = Fields();
    bool on = false;
    for (const std::string& f : fields) {
      on = on || f == first;
      if (!on) continue;
      auto it = entry.find(f);
      ASSERT_NO_FATAL_FAILURE(TypeField(f, it == entry.end() ? "" : it->second));
    }
  }

  // Waits for the save of the entry at `position` and the next entry
  // ready; returns the status line.
  std::string WaitSaved(const std::string& slot, int position) {
    const std::string saved = "Đã lưu trang 1, dòng " + std::to_string(position) + " (";
    EXPECT_TRUE(
        driver_->WaitFor("document.getElementById('trang-thai-nhap').textContent.startsWith(" +
                             nlohmann::json(saved).dump() + ") && document.body.dataset.ready && " +
                             "document.body.dataset.ready !== " + nlohmann::json(slot).dump(),
                         20))
        << PageText();
    return driver_->Execute("return document.getElementById('trang-thai-nhap').textContent;")
        .get<std::string>();
  }

  std::string DraftKeys() {
    return driver_
        ->Execute(
            "return Object.keys(localStorage).filter((k) => "
            "k.startsWith('sohoa.nhap-lieu.')).join(',');")
        .get<std::string>();
  }

  std::string book_, agency_;
  std::vector<Entry> entries_;
};

class KeyingResumeTest : public KeyingTest {
 protected:
  KeyingResumeTest() : KeyingTest("nhap-do-") {}
};

// The hand-out form of the book: `user` gets pages 1 to 1.
void Assign(testing::WebDriver& driver, const std::string& book, const std::string& user) {
  const std::string form = "form.giao-viec[data-so=\"" + book + "\"]";
  ASSERT_TRUE(driver.WaitFor("document.querySelector('" + form +
                             " select[name=user] option[value=" + user + "]')"));
  driver.Execute(
      "const s = document.querySelector(arguments[0]); s.value = arguments[1];"
      "s.dispatchEvent(new Event('change', {bubbles: true}));",
      {form + " select[name=user]", user});
  for (const char* name : {"first_page", "last_page"}) {
    const std::string input = driver.Find(form + " input[name=" + name + "]");
    driver.Clear(input);
    driver.Type(input, "1");
  }
  driver.Click(driver.Find(form + " button[type=submit]"));
  ASSERT_TRUE(driver.WaitFor(
      "[...document.querySelectorAll('.so-nhap-lieu[data-so=\"" + book +
      "\"] .bang-giao-viec tr[data-giao]')].some((r) => r.cells[0].textContent === '" + user +
      "')"))
      << driver.Execute("return document.body.innerText;");
}

TEST_F(KeyingTest,
       TwoClerksKeyTheSameEntriesAThirdPersonDecidesWhereTheyDifferAndTheRecordsShowIt) {
  try {
    // The manager hands page 1 to both clerks.
    ASSERT_NO_FATAL_FAILURE(LogIn("hoa"));
    driver_->Navigate(base_ + "/#/giao-viec");
    ASSERT_NO_FATAL_FAILURE(Assign(*driver_, book_, "thu"));
    ASSERT_NO_FATAL_FAILURE(Assign(*driver_, book_, "mai"));
    ASSERT_TRUE(Settled());
    CheckPage("01-giao-viec");
    ASSERT_NO_FATAL_FAILURE(LogOut());

    // Clerk 1 keys the first two entries.
    ASSERT_NO_FATAL_FAILURE(LogIn("thu"));
    const std::string first = OpenWorkbench();
    ASSERT_NE(first, "het") << PageText();
    EXPECT_EQ(driver_->Execute("return document.querySelector('form#phieu-nhap').dataset.slot;"),
              first);
    EXPECT_EQ(Focused(), "no") << "the caret waits in the first field";
    EXPECT_TRUE(driver_
                    ->Execute("const i = document.querySelector('.xem-dong img.anh-dong');"
                              "return Boolean(i && i.complete && i.naturalWidth > 200);")
                    .get<bool>())
        << "the row image is shown";
    CheckPage("02-san-sang");
    ASSERT_NO_FATAL_FAILURE(TypeFrom("no", entries_[0]));
    EXPECT_NE(WaitSaved(first, 1).find("Đã lưu trang 1, dòng 1"), std::string::npos);
    const std::string after_first = Ready();
    ASSERT_NE(after_first, first);

    // The second entry with a birth date after its registration first: the
    // check says so under the field once the caret leaves it.
    const Entry& e2 = entries_[1];
    for (const char* f : {"no", "registered", "name"})
      ASSERT_NO_FATAL_FAILURE(TypeField(f, e2.at(f)));
    const std::string late_birth = "31/12/" + e2.at("registered").substr(6);
    ASSERT_NO_FATAL_FAILURE(TypeField("dob", late_birth));
    const std::string issue = "[data-truong=dob] .loi-truong[data-ma=born_after_registered]";
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('" + issue + "')")) << PageText();
    EXPECT_EQ(Focused(), "sex");
    CheckPage("03-canh-bao", false, issue);
    // Back to the date (Shift+Enter), the right one typed over it: the message goes.
    driver_->Type(driver_->Find("form#phieu-nhap input[name=sex]"), kShiftEnter);
    ASSERT_NO_FATAL_FAILURE(TypeField("dob", e2.at("dob")));
    ASSERT_TRUE(driver_->WaitFor("!document.querySelector('[data-truong=dob] .loi-truong')"))
        << PageText();
    ASSERT_NO_FATAL_FAILURE(TypeFrom("sex", e2));
    WaitSaved(after_first, 2);
    ASSERT_NO_FATAL_FAILURE(LogOut());

    // Clerk 2 keys them blind (no pre-fill), the second name differently.
    ASSERT_NO_FATAL_FAILURE(LogIn("mai"));
    ASSERT_EQ(OpenWorkbench(), first) << "the second clerk starts at the same entry";
    EXPECT_TRUE(driver_
                    ->Execute("return [...document.querySelectorAll('form#phieu-nhap input')]"
                              ".every((i) => i.type === 'radio' || !i.value);")
                    .get<bool>())
        << "the second keying shows no pre-fill";
    ASSERT_NO_FATAL_FAILURE(TypeFrom("no", entries_[0]));
    WaitSaved(first, 1);
    Entry misread = e2;
    const std::string kept = e2.at("name");
    misread["name"] =
        kept.substr(0, kept.rfind(' ') + 1) + (kept.ends_with(" Anh") ? "Hoa" : "Anh");
    ASSERT_NO_FATAL_FAILURE(TypeFrom("no", misread));
    EXPECT_NE(WaitSaved(after_first, 2).find("khác lần nhập kia"), std::string::npos)
        << "the clerk is told the two keyings differ";
    ASSERT_NO_FATAL_FAILURE(LogOut());

    // The third person: one conflict, the name row marked, clerk 1's value taken.
    ASSERT_NO_FATAL_FAILURE(LogIn("lan"));
    driver_->Navigate(base_ + "/#/doi-chieu");
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('a.mo-doi-chieu, #khong-con-doi-chieu')"))
        << PageText();
    ASSERT_EQ(driver_->Execute("return document.querySelectorAll('a.mo-doi-chieu').length;"), 1)
        << PageText();
    driver_->Click(driver_->Find("a.mo-doi-chieu"));
    ASSERT_TRUE(
        driver_->WaitFor("document.querySelector('form#phieu-doi-chieu') && "
                         "document.body.dataset.ready === " +
                             nlohmann::json(after_first).dump(),
                         30))
        << PageText();
    EXPECT_EQ(driver_->Execute(
                  "return [...document.querySelectorAll('form#phieu-doi-chieu tr.khac-nhau')]"
                  ".map((r) => r.dataset.truong);"),
              nlohmann::json::array({"name"}));
    driver_->Click(driver_->Find("tr[data-truong=name] button[data-lay=\"1\"]"));
    EXPECT_EQ(driver_->Execute(
                  "return document.querySelector('#phieu-doi-chieu input[name=name]').value;"),
              kept);
    EXPECT_EQ(driver_->Execute(
                  "return document.querySelector('#phieu-doi-chieu input[name=dob]').value;"),
              e2.at("dob"))
        << "fields that agree come filled";
    CheckPage("04-doi-chieu");
    driver_->Click(driver_->Find("#luu-doi-chieu"));
    ASSERT_TRUE(driver_->WaitFor("document.querySelector('#khong-con-doi-chieu')")) << PageText();
    EXPECT_NE(
        driver_->Execute("return document.getElementById('trang-thai-doi-chieu').textContent;")
            .get<std::string>()
            .find("Đã lưu quyết định"),
        std::string::npos);

    // The records: two verified entries, and the book's CSV holds them.
    driver_->Navigate(base_ + "/#/ho-tich?so=" + book_);
    ASSERT_TRUE(driver_->WaitFor(
        "document.querySelector('.bang-ho-tich') && !document.querySelector('.dang-tai')"))
        << PageText();
    EXPECT_TRUE(
        driver_->Execute("return document.getElementById('chi-xac-minh').checked;").get<bool>());
    auto names = driver_->Execute(
        "return [...document.querySelectorAll('.bang-ho-tich tr[data-id]')]"
        ".map((r) => r.cells[3].textContent);");
    EXPECT_EQ(names, nlohmann::json::array({entries_[0].at("name"), kept})) << PageText();
    CheckPage("05-ho-tich");
    const std::string csv_path =
        driver_->Execute("return document.getElementById('tai-csv').getAttribute('href');");
    httplib::Client http(base_);
    auto csv = http.Get(csv_path.c_str(), {{"Cookie", CookieHeader()}});
    ASSERT_TRUE(csv) << csv_path;
    ASSERT_EQ(csv->status, 200) << csv_path << ": " << csv->body.substr(0, 300);
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < csv->body.size();) {
      std::size_t end = csv->body.find('\n', at);
      if (end == std::string::npos) end = csv->body.size();
      if (std::string line = csv->body.substr(at, end - at); line != "" && line != "\r")
        lines.push_back(line);
      at = end + 1;
    }
    ASSERT_EQ(lines.size(), 3u) << "a header and two rows:\n" << csv->body;
    EXPECT_NE(lines[1].find(entries_[0].at("name")), std::string::npos) << lines[1];
    EXPECT_NE(lines[2].find(kept), std::string::npos) << lines[2];
    ASSERT_NO_FATAL_FAILURE(LogOut());

    // The manager sees each person's work.
    ASSERT_NO_FATAL_FAILURE(LogIn("hoa"));
    driver_->Navigate(base_ + "/#/giao-viec");
    ASSERT_TRUE(
        driver_->WaitFor("document.querySelector('#nang-suat tr[data-nguoi=lan]') && "
                         "!document.querySelector('.dang-tai')"))
        << PageText();
    auto keyed = driver_->Execute(
        "return Object.fromEntries([...document.querySelectorAll('#nang-suat tr[data-nguoi]')]"
        ".map((r) => [r.dataset.nguoi, [r.cells[1].textContent, r.cells[2].textContent]]));");
    EXPECT_EQ(keyed["thu"], nlohmann::json::array({"2", "0"})) << keyed;
    EXPECT_EQ(keyed["mai"], nlohmann::json::array({"2", "0"})) << keyed;
    EXPECT_EQ(keyed["lan"], nlohmann::json::array({"0", "1"})) << keyed;
    driver_->Execute("document.getElementById('nang-suat').scrollIntoView({block: 'end'});");
    CheckPage("06-nang-suat");
  } catch (const testing::WebDriverError& e) {
    FAIL() << e.what() << "\nserve.log:\n" << ServeLog();
  } catch (const nlohmann::json::exception& e) {
    FAIL() << "unexpected WebDriver answer: " << e.what();
  }
  PrintScreenshots();
}

TEST_F(KeyingResumeTest, AnEntryTypedHalfwayComesBackAfterTheBrowserIsClosed) {
  try {
    auto assigned =
        RunCommand(sohoa_ + " books assign '" + book_ + "' --pages 1 --user thu --by hoa 2>&1");
    ASSERT_EQ(assigned.exit_code, 0) << assigned.out;
    ASSERT_NO_FATAL_FAILURE(LogIn("thu"));
    const std::string slot = OpenWorkbench();
    ASSERT_NE(slot, "het") << PageText();
    const Entry& e = entries_[0];
    const std::vector<std::string> typed = {"no", "registered", "name", "dob"};
    for (const std::string& f : typed) ASSERT_NO_FATAL_FAILURE(TypeField(f, e.at(f)));
    EXPECT_NE(DraftKeys(), "") << "what is typed is kept in the browser";

    // The window closed; the browser opened again on the same profile.
    RestartBrowser();
    driver_->Navigate(base_ + "/");
    ASSERT_TRUE(
        driver_->WaitFor("document.querySelector('input[name=username]') || "
                         "!document.getElementById('dieu-huong').hidden"));
    if (driver_->Execute("return Boolean(document.querySelector('input[name=username]'));")
            .get<bool>()) {
      ASSERT_NO_FATAL_FAILURE(LogIn("thu"));
    }
    ASSERT_EQ(OpenWorkbench(), slot) << "the entry left is the entry given back";
    for (const std::string& f : typed) EXPECT_EQ(Value(f), e.at(f)) << f;
    EXPECT_TRUE(driver_->WaitFor("document.querySelector('#vi-tri-dong .nhan-canh-bao')"))
        << PageText();
    CheckPage("01-khoi-phuc");

    // Enter keeps what came back; the rest typed; Ctrl+Enter saves.
    for (const std::string& f : typed) {
      ASSERT_EQ(Focused(), f);
      driver_->Type(driver_->Find("form#phieu-nhap input[name=" + f + "]"), kEnter);
    }
    const auto fields = Fields();
    for (std::size_t i = typed.size(); i + 1 < fields.size(); ++i) {
      auto it = e.find(fields[i]);
      ASSERT_NO_FATAL_FAILURE(TypeField(fields[i], it == e.end() ? "" : it->second));
    }
    driver_->Type(driver_->Find("form#phieu-nhap input[name=" + fields.back() + "]"), kCtrlEnter);
    WaitSaved(slot, 1);
    EXPECT_EQ(DraftKeys(), "") << "a saved entry leaves no draft";
  } catch (const testing::WebDriverError& e) {
    FAIL() << e.what() << "\nserve.log:\n" << ServeLog();
  } catch (const nlohmann::json::exception& e) {
    FAIL() << "unexpected WebDriver answer: " << e.what();
  }
  PrintScreenshots();
}

}  // namespace
}  // namespace sohoa
