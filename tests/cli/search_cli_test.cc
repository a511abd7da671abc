// sohoa search as a user runs it: the query language from the shell, the
// header and hit lines, --json, --limit and --offset, and syntax errors that
// exit 2 with a caret under the problem.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>

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

TEST_F(SearchCliTest, ADossierCodeListsItsDossierFirstUnderACountOfHits) {
  CommandResult run = Search(Code(0));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const std::string header = run.out.substr(0, run.out.find('\n'));
  EXPECT_NE(header.find("hit(s)"), std::string::npos) << run.out;
  const std::string second_line = run.out.substr(run.out.find('\n') + 1);
  EXPECT_EQ(second_line.rfind(Code(0) + "  ", 0), 0u) << run.out;
  EXPECT_NE(second_line.substr(0, second_line.find('\n')).find("dossier"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("[" + Code(0) + "]"), std::string::npos) << run.out;
}

TEST_F(SearchCliTest, JsonHitsPageWithLimitAndOffset) {
  // Every page of a dossier carries its applicant, so the name finds several.
  const std::string name = FoldForSearch(truth_["dossiers"][0]["applicant"].get<std::string>());
  CommandResult all = Search("--json '" + name + "'");
  ASSERT_EQ(all.exit_code, 0) << all.out;
  auto hits = nlohmann::json::parse(all.out);
  ASSERT_GE(hits.size(), 2u) << all.out;
  EXPECT_EQ(hits[0]["code"], Code(0));
  for (const char* key : {"code", "procedure_code", "procedure_name", "document", "page",
                          "snippet", "score"}) {
    EXPECT_TRUE(hits[0].contains(key)) << key;
  }
  CommandResult second = Search("--json --limit 1 --offset 1 '" + name + "'");
  ASSERT_EQ(second.exit_code, 0) << second.out;
  auto page = nlohmann::json::parse(second.out);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0]["code"], hits[1]["code"]);
  EXPECT_EQ(page[0]["document"], hits[1]["document"]);
  EXPECT_EQ(page[0]["page"], hits[1]["page"]);

  CommandResult text = Search("--limit 1 '" + name + "'");
  EXPECT_NE(text.out.find("1 hit(s); more with --offset 1"), std::string::npos) << text.out;
}

TEST_F(SearchCliTest, FiltersAloneListDossiers) {
  CommandResult run = Search("--json kind:receipt");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto hits = nlohmann::json::parse(run.out);
  ASSERT_EQ(hits.size(), 2u) << run.out;
  for (const auto& h : hits) {
    EXPECT_EQ(h["document"], 0);
    EXPECT_EQ(h["page"], 0);
  }
  CommandResult one = Search("--json 'code:" + Code(1) + "' kind:receipt");
  auto only = nlohmann::json::parse(one.out);
  ASSERT_EQ(only.size(), 1u) << one.out;
  EXPECT_EQ(only[0]["code"], Code(1));
}

TEST_F(SearchCliTest, AFilterValueWithSpacesStaysOneValueThroughTheShell) {
  // The shell eats the quotes of name:"..."; sohoa puts them back.
  const std::string applicant = truth_["dossiers"][1]["applicant"].get<std::string>();
  CommandResult run = Search("--json name:\"" + applicant + "\"");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto hits = nlohmann::json::parse(run.out);
  ASSERT_GE(hits.size(), 1u) << run.out;
  EXPECT_EQ(hits[0]["code"], Code(1));
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
  EXPECT_NE(range.out.find("received: at column 1 wants YYYY-MM-DD..YYYY-MM-DD"),
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
