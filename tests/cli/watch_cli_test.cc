// sohoa watch as the service runs it: what is dropped into the inbox is
// archived, bad files are set aside with a reason, claims a stopped run left
// in work/ are finished, and nothing stays behind in the inbox or work/.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

std::string Sohoa() { return testing::Program("sohoa"); }

TEST(WatchCliTest, DroppedDossiersAreArchivedBadFilesSetAsideAndUnfinishedClaimsResumed) {
  testing::TempDir tmp;
  fs::path sample = tmp.path() / "sample";
  fs::path home = tmp.path() / "home";
  std::string sohoa = Sohoa() + " --home " + home.string();
  ASSERT_EQ(testing::GenerateSample(sample, "--seed 12 --dossiers 2 --formats folder"), 0);
  ASSERT_EQ(testing::RunCommand(sohoa + " init").exit_code, 0);
  auto truth = nlohmann::json::parse(testing::ReadFile(sample / "ground-truth.json"));
  const fs::path first = sample / truth["dossiers"][0]["path"].get<std::string>();
  const fs::path second = sample / truth["dossiers"][1]["path"].get<std::string>();

  // The first dossier was claimed by a run that stopped before archiving it.
  const fs::path claim = home / "work" / "1700000000000000-1-1";
  fs::create_directories(claim);
  testing::WriteFile(claim / ".claim", "from inbox\n");
  fs::copy(first, claim / first.filename(), fs::copy_options::recursive);
  // The second arrives in the inbox, with a file that only claims to be a PDF.
  fs::copy(second, home / "inbox" / second.filename(), fs::copy_options::recursive);
  testing::WriteFile(home / "inbox" / "not-a-scan.pdf", "PK\x03\x04 this is a zip");

  CommandResult run = testing::RunCommand(sohoa + " watch --once --settle 0.2 2>&1");
  EXPECT_EQ(run.exit_code, 1) << "one file was set aside: " << run.out;
  EXPECT_NE(run.out.find("Resuming the entries a run that stopped had claimed: 1"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("set aside inbox/not-a-scan.pdf"), std::string::npos) << run.out;

  for (const auto& dossier : {truth["dossiers"][0], truth["dossiers"][1]}) {
    const std::string code = dossier["code"];
    EXPECT_EQ(testing::RunCommand(sohoa + " show " + code + " >/dev/null").exit_code, 0) << code;
  }
  EXPECT_TRUE(fs::is_empty(home / "inbox"));
  EXPECT_TRUE(fs::is_empty(home / "work"));
  EXPECT_TRUE(fs::exists(home / "failed" / "not-a-scan.pdf"));
  EXPECT_TRUE(fs::exists(home / "failed" / "not-a-scan.pdf.error.txt"));
}

}  // namespace
}  // namespace sohoa
