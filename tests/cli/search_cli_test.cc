// sohoa search as a user runs it: the query language from the shell, the
// header and hit lines, --json, --limit and --offset, and syntax errors that
// exit 2 with a caret under the problem.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>

#include "schema/text.h"
#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

std::string Sohoa() { return testing::Program("sohoa"); }
std::string Gen() { return testing::Program("sohoa-gen"); }

// Two generated dossiers, OCRed once for the whole suite.
class SearchCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = std::make_unique<testing::TempDir>();
    const fs::path sample = tmp_->path() / "sample";
    const fs::path home = tmp_->path() / "home";
    CommandResult gen = testing::RunCommand(Gen() + " --out " + sample.string() +
                                            " --seed 11 --dossiers 2 --formats folder >/dev/null");
    ASSERT_EQ(gen.exit_code, 0);
    truth_ = nlohmann::json::parse(testing::ReadFile(sample / "ground-truth.json"));
    std::string paths;
    for (const auto& d : truth_["dossiers"]) {
      paths += " " + (sample / d["path"].get<std::string>()).string();
    }
    sohoa_ = Sohoa() + " --home " + home.string();
    ASSERT_EQ(testing::RunCommand(sohoa_ + " init").exit_code, 0);
    CommandResult ingest = testing::RunCommand(sohoa_ + " ingest --quiet" + paths);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
  }
  static void TearDownTestSuite() { tmp_.reset(); }

  // `args` is shell text: quote the query as a user would.
  static CommandResult Search(const std::string& args) {
    return testing::RunCommand(sohoa_ + " search " + args + " 2>&1");
  }
  static std::string Code(int i) { return truth_["dossiers"][i]["code"].get<std::string>(); }

  static std::unique_ptr<testing::TempDir> tmp_;
  static nlohmann::json truth_;
  static std::string sohoa_;
};

std::unique_ptr<testing::TempDir> SearchCliTest::tmp_;
nlohmann::json SearchCliTest::truth_;
std::string SearchCliTest::sohoa_;

TEST_F(SearchCliTest, HelpExplainsTheQueryLanguage) {
  CommandResult run = testing::RunCommand(Sohoa() + " search --help");
  EXPECT_EQ(run.exit_code, 0);
  for (const char* part : {"--offset", "--limit", "--json", "\"tran thi lan\"", "ngu*", "-lan",
                           "code:", "procedure:", "field:", "agency:", "cccd:", "name:", "kind:",
                           "received:2023-01-01..2023-06-30"}) {
    EXPECT_NE(run.out.find(part), std::string::npos) << part << "\n" << run.out;
  }
}

TEST_F(SearchCliTest, ADossierCodeListsItsDossierFirstUnderTheTotal) {
  CommandResult run = Search(Code(0));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const std::string header = run.out.substr(0, run.out.find('\n'));
  EXPECT_EQ(header.rfind("1 dossier(s) match; showing 1-1", 0), 0u) << run.out;
  const std::string second_line = run.out.substr(run.out.find('\n') + 1);
  EXPECT_EQ(second_line.rfind(Code(0) + "  ", 0), 0u) << run.out;
  EXPECT_NE(run.out.find("[" + Code(0) + "]"), std::string::npos) << run.out;
}

// Every page of a dossier carries its applicant, so the name matches several
// pages of the same dossier: by default each dossier is listed once.
TEST_F(SearchCliTest, EachDossierIsListedOnceWithItsMatchingPagesAndTheTotal) {
  const std::string name = FoldForSearch(truth_["dossiers"][0]["applicant"].get<std::string>());
  CommandResult run = Search("--json '" + name + "'");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto result = nlohmann::json::parse(run.out);
  ASSERT_GE(result["dossiers"].size(), 1u) << run.out;
  EXPECT_EQ(result["total"], result["dossiers"].size()) << run.out;
  std::set<std::string> codes;
  for (const auto& d : result["dossiers"]) {
    EXPECT_TRUE(codes.insert(d["code"].get<std::string>()).second) << "listed twice: " << d["code"];
  }
  const auto& first = result["dossiers"][0];
  EXPECT_EQ(first["code"], Code(0));
  EXPECT_GE(first["matching_pages"].get<int>(), 2) << run.out;
  for (const char* key : {"document", "page", "snippet", "score"}) EXPECT_TRUE(first["best"].contains(key)) << key;

  CommandResult pages = Search("--pages --json '" + name + "'");
  ASSERT_EQ(pages.exit_code, 0) << pages.out;
  auto hits = nlohmann::json::parse(pages.out);
  std::size_t matching = 0;
  for (const auto& d : result["dossiers"]) matching += d["matching_pages"].get<std::size_t>();
  EXPECT_EQ(hits.size(), std::min<std::size_t>(matching, 20)) << "--pages lists the matching pages\n" << pages.out;
}

TEST_F(SearchCliTest, PageHitsPageWithLimitAndOffset) {
  const std::string name = FoldForSearch(truth_["dossiers"][0]["applicant"].get<std::string>());
  CommandResult all = Search("--pages --json '" + name + "'");
  ASSERT_EQ(all.exit_code, 0) << all.out;
  auto hits = nlohmann::json::parse(all.out);
  ASSERT_GE(hits.size(), 2u) << all.out;
  EXPECT_EQ(hits[0]["code"], Code(0));
  for (const char* key : {"code", "procedure_code", "procedure_name", "document", "page",
                          "snippet", "score"}) {
    EXPECT_TRUE(hits[0].contains(key)) << key;
  }
  CommandResult second = Search("--pages --json --limit 1 --offset 1 '" + name + "'");
  ASSERT_EQ(second.exit_code, 0) << second.out;
  auto page = nlohmann::json::parse(second.out);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0]["code"], hits[1]["code"]);
  EXPECT_EQ(page[0]["document"], hits[1]["document"]);
  EXPECT_EQ(page[0]["page"], hits[1]["page"]);

  CommandResult text = Search("--pages --limit 1 '" + name + "'");
  EXPECT_EQ(text.out.rfind("showing 1-1; more with --offset 1\n", 0), 0u) << text.out;
}

TEST_F(SearchCliTest, FiltersAloneListDossiers) {
  CommandResult run = Search("--json kind:receipt");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto result = nlohmann::json::parse(run.out);
  EXPECT_EQ(result["total"], 2) << run.out;
  ASSERT_EQ(result["dossiers"].size(), 2u) << run.out;
  for (const auto& d : result["dossiers"]) {
    EXPECT_EQ(d["best"]["document"], 0);
    EXPECT_EQ(d["best"]["page"], 0);
  }
  CommandResult one = Search("--json 'code:" + Code(1) + "' kind:receipt");
  auto only = nlohmann::json::parse(one.out);
  ASSERT_EQ(only["dossiers"].size(), 1u) << one.out;
  EXPECT_EQ(only["dossiers"][0]["code"], Code(1));
}

TEST_F(SearchCliTest, AFilterValueWithSpacesStaysOneValueThroughTheShell) {
  // The shell eats the quotes of name:"..."; sohoa puts them back.
  const std::string applicant = truth_["dossiers"][1]["applicant"].get<std::string>();
  CommandResult run = Search("--json name:\"" + applicant + "\"");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto result = nlohmann::json::parse(run.out);
  ASSERT_GE(result["dossiers"].size(), 1u) << run.out;
  EXPECT_EQ(result["dossiers"][0]["code"], Code(1));
}

TEST_F(SearchCliTest, AFilterValueLeftUnquotedGetsAHint) {
  CommandResult run = Search("'field:hộ' tịch");
  EXPECT_NE(run.out.find("hint: 'field:hộ tịch' reads as the filter field:hộ and the word 'tịch'"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("'field:\"hộ tịch\"'"), std::string::npos) << run.out;
  CommandResult quoted = Search("'field:\"hộ tịch\"'");
  EXPECT_EQ(quoted.out.find("hint:"), std::string::npos) << quoted.out;
}

// Words that look like options are query words: exclusions need no "--".
TEST_F(SearchCliTest, AWordStartingWithADashIsAnExclusionNeverAnOption) {
  const std::string name = FoldForSearch(truth_["dossiers"][0]["applicant"].get<std::string>());
  CommandResult after = Search("--json '" + name + "' -zzzqqq");
  ASSERT_EQ(after.exit_code, 0) << after.out;
  EXPECT_EQ(nlohmann::json::parse(after.out)["dossiers"][0]["code"], Code(0));

  // -hon is not -h (help) followed by -o -n.
  CommandResult before = Search("-hon '" + name + "'");
  EXPECT_EQ(before.exit_code, 0) << before.out;
  EXPECT_EQ(before.out.find("Usage"), std::string::npos) << before.out;
  EXPECT_NE(before.out.find(Code(0)), std::string::npos) << before.out;

  // Excluding a word every page of dossier 0 holds leaves it out.
  CommandResult excluded = Search("--json kind:receipt '-\"" + name + "\"'");
  ASSERT_EQ(excluded.exit_code, 0) << excluded.out;
  const auto left = nlohmann::json::parse(excluded.out);
  EXPECT_FALSE(left["dossiers"].empty()) << excluded.out;
  for (const auto& d : left["dossiers"]) EXPECT_NE(d["code"], Code(0));

  CommandResult limit = Search("--limit 1 '" + name + "' -zzzqqq --json");
  ASSERT_EQ(limit.exit_code, 0) << limit.out;
  EXPECT_EQ(nlohmann::json::parse(limit.out)["dossiers"].size(), 1u) << "options after the words still count";
}

TEST_F(SearchCliTest, ReceivedTakesAMonthAndDaysAsStaffWriteThem) {
  const std::string iso = truth_["dossiers"][0]["received_date"].get<std::string>();
  const std::string month = iso.substr(0, 7);
  const std::string dmy = iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
  for (const std::string& filter : {"received:" + month, "received:" + dmy, "received:" + dmy + ".." + dmy,
                                    "received:" + iso.substr(5, 2) + "/" + iso.substr(0, 4)}) {
    CommandResult run = Search("--json '" + filter + "'");
    ASSERT_EQ(run.exit_code, 0) << filter << "\n" << run.out;
    bool found = false;
    const auto result = nlohmann::json::parse(run.out);
    for (const auto& d : result["dossiers"]) found |= d["code"] == Code(0);
    EXPECT_TRUE(found) << filter << "\n" << run.out;
  }
  CommandResult impossible = Search("received:2023-02-30");
  EXPECT_EQ(impossible.exit_code, 2) << impossible.out;
  EXPECT_NE(impossible.out.find("2023-02-30 is not a day of the calendar"), std::string::npos) << impossible.out;
  CommandResult month13 = Search("received:2023-13-45");
  EXPECT_EQ(month13.exit_code, 2) << month13.out;
}

TEST_F(SearchCliTest, StaffReadVietnameseUnlessTheyAskForEnglish) {
  CommandResult vietnamese = testing::RunCommand("env -u SOHOA_LANG LANG=C.UTF-8 " + sohoa_ + " search zzzqqq");
  EXPECT_NE(vietnamese.out.find("Không có hồ sơ nào khớp 'zzzqqq'."), std::string::npos) << vietnamese.out;
  CommandResult english = testing::RunCommand("env -u SOHOA_LANG LANG=C.UTF-8 " + sohoa_ + " --lang en search zzzqqq");
  EXPECT_NE(english.out.find("No dossier matches 'zzzqqq'."), std::string::npos) << english.out;
  CommandResult shown = testing::RunCommand("env -u SOHOA_LANG LANG=C.UTF-8 " + sohoa_ + " show " + Code(0));
  EXPECT_NE(shown.out.find("Người nộp"), std::string::npos) << shown.out;
  const std::string iso = truth_["dossiers"][0]["received_date"].get<std::string>();
  EXPECT_NE(shown.out.find(iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4)), std::string::npos)
      << "the received day as dd/mm/yyyy\n" << shown.out;
}

TEST_F(SearchCliTest, AnUnclosedQuoteExitsTwoWithACaretUnderIt) {
  CommandResult run = Search("'nguyen \"van duc'");
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.out.find("sohoa: unclosed quote at column 8"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("  nguyen \"van duc\n         ^\n"), std::string::npos) << run.out;
}

TEST_F(SearchCliTest, BadFiltersExitTwoWithWhatIsWrong) {
  CommandResult unknown = Search("lan foo:bar");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("unknown filter \"foo:\" at column 5; filters are code:"),
            std::string::npos)
      << unknown.out;
  EXPECT_NE(unknown.out.find("      ^"), std::string::npos) << unknown.out;

  CommandResult range = Search("received:2023");
  EXPECT_EQ(range.exit_code, 2) << range.out;
  EXPECT_NE(range.out.find("received: at column 1 wants a day (yyyy-mm-dd or dd/mm/yyyy), a month"),
            std::string::npos)
      << range.out;

  CommandResult negative = Search("-- -lan");
  EXPECT_EQ(negative.exit_code, 2) << negative.out;
  EXPECT_NE(negative.out.find("add a word or a filter"), std::string::npos) << negative.out;
}

TEST_F(SearchCliTest, NoHitIsNotAnError) {
  CommandResult run = Search("zzzqqq");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("No dossier matches 'zzzqqq'"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace sohoa
