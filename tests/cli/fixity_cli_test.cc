// sohoa verify and sohoa log as a user runs them: a clean home passes, a
// flipped byte fails with exit code 1, and both checks are in the log.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

std::string Sohoa() { return testing::Program("sohoa"); }

TEST(FixityCliTest, VerifyAndLogHaveHelp) {
  for (const char* sub : {"verify", "log"}) {
    CommandResult run = testing::RunCommand(Sohoa() + " " + sub + " --help");
    EXPECT_EQ(run.exit_code, 0) << sub;
    EXPECT_NE(run.out.find("Usage"), std::string::npos) << sub << ": " << run.out;
  }
}

TEST(FixityCliTest, AFlippedByteFailsVerifyAndBothChecksAreLogged) {
  testing::TempDir tmp;
  fs::path sample = tmp.path() / "sample";
  fs::path home = tmp.path() / "home";
  std::string sohoa = Sohoa() + " --home " + home.string();
  ASSERT_EQ(testing::GenerateSample(sample, "--seed 5 --dossiers 1 --formats folder"), 0);
  auto truth = nlohmann::json::parse(testing::ReadFile(sample / "ground-truth.json"));
  std::string dossier = (sample / truth["dossiers"][0]["path"].get<std::string>()).string();
  ASSERT_EQ(testing::RunCommand(sohoa + " init").exit_code, 0);
  CommandResult ingest = testing::RunCommand(sohoa + " ingest --quiet " + dossier);
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out;

  CommandResult clean = testing::RunCommand(sohoa + " verify");
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_NE(clean.out.find("Fixity OK"), std::string::npos) << clean.out;

  fs::path victim;
  for (const auto& entry : fs::recursive_directory_iterator(home / "blobs" / "sha256")) {
    if (entry.is_regular_file()) {
      victim = entry.path();
      break;
    }
  }
  ASSERT_FALSE(victim.empty()) << "ingest stored no blob";
  fs::permissions(victim, fs::perms::owner_write, fs::perm_options::add);
  {
    std::fstream f(victim, std::ios::in | std::ios::out | std::ios::binary);
    char c = static_cast<char>(f.get());
    f.seekp(0);
    f.put(static_cast<char>(c ^ 0x20));
  }

  CommandResult broken = testing::RunCommand(sohoa + " verify");
  EXPECT_EQ(broken.exit_code, 1) << broken.out;
  EXPECT_NE(broken.out.find("changed: " + victim.filename().string()), std::string::npos) << broken.out;
  EXPECT_NE(broken.out.find("Fixity FAILED"), std::string::npos) << broken.out;

  CommandResult log = testing::RunCommand(sohoa + " log --type 'fixity check' --json");
  ASSERT_EQ(log.exit_code, 0) << log.out;
  auto events = nlohmann::json::parse(log.out);
  ASSERT_EQ(events.size(), 2u) << log.out;
  EXPECT_EQ(events[0]["outcome"], "success");
  EXPECT_EQ(events[1]["outcome"], "failure");
}

}  // namespace
}  // namespace sohoa
