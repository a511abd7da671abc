// The web interface as people use it, end to end: headless Chromium, driven
// over WebDriver by chromedriver, against `sohoa serve` on a home with a
// really ingested dossier. An archivist logs in, searches a name typed
// without tone marks, opens the dossier, sees the hit boxed on the page
// image, downloads its PDF, corrects a review item and logs out; a manager
// opens the reports, an administrator the users and log, staff the upload
// page (tests/browser/browser_fixture.h checks and saves every page).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "schema/text.h"
#include "tests/browser/browser_fixture.h"
#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::RunCommand;

class BrowserTest : public testing::BrowserFixture {
 protected:
  // One dossier archived whole (the search, the page image, the PDF), and
  // the ID copy of another alone in a folder named by its code: its code is
  // known, its procedure is not, so it waits in the review queue.
  void MakeHome() override {
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

    const std::vector<std::string> agencies = {whole["agency_code"].get<std::string>(),
                                               partial["agency_code"].get<std::string>()};
    ASSERT_NO_FATAL_FAILURE(AddUser("lan", "archivist", agencies));
    ASSERT_NO_FATAL_FAILURE(AddUser("hoa", "manager", agencies));
    ASSERT_NO_FATAL_FAILURE(AddUser("quan-tri", "admin", {}));
    ASSERT_NO_FATAL_FAILURE(AddUser("tiep-nhan", "staff", agencies));
  }

  nlohmann::json truth_;
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
  PrintScreenshots();
}

}  // namespace
}  // namespace sohoa
