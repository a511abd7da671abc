// sohoa retention as an archivist runs it: set a period, list what is due,
// delete one dossier with who and why, and find its history still there.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

std::string Sohoa() { return testing::Program("sohoa"); }

TEST(RetentionCliTest, EverySubcommandHasHelp) {
  for (const char* sub : {"set", "list", "due", "delete", "deleted"}) {
    CommandResult run = testing::RunCommand(Sohoa() + " retention " + sub + " --help");
    EXPECT_EQ(run.exit_code, 0) << sub;
    EXPECT_NE(run.out.find("Usage"), std::string::npos) << sub << ": " << run.out;
  }
}

TEST(RetentionCliTest, ADueDossierIsDeletedOnlyWithWhoAndWhyAndItsHistoryStays) {
  testing::TempDir tmp;
  fs::path sample = tmp.path() / "sample";
  fs::path home = tmp.path() / "home";
  std::string sohoa = Sohoa() + " --home " + home.string();
  ASSERT_EQ(testing::GenerateSample(sample, "--seed 8 --dossiers 1 --formats folder"), 0);
  auto truth = nlohmann::json::parse(testing::ReadFile(sample / "ground-truth.json"));
  const auto& dossier = truth["dossiers"][0];
  const std::string code = dossier["code"];
  const std::string procedure = dossier["procedure_code"];
  ASSERT_EQ(testing::RunCommand(sohoa + " init").exit_code, 0);
  ASSERT_EQ(testing::RunCommand(sohoa + " ingest --quiet " + (sample / dossier["path"].get<std::string>()).string())
                .exit_code,
            0);

  CommandResult none = testing::RunCommand(sohoa + " retention due --as-of 2100-01-01 --json");
  ASSERT_EQ(none.exit_code, 0) << none.out;
  EXPECT_TRUE(nlohmann::json::parse(none.out).empty()) << "no retention set yet: " << none.out;

  CommandResult bad = testing::RunCommand(sohoa + " retention set " + procedure + " forever 2>&1");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("not a period"), std::string::npos) << bad.out;
  ASSERT_EQ(testing::RunCommand(sohoa + " retention set " + procedure + " '1 năm' --by 'Lê Văn Cường'").exit_code, 0);

  CommandResult due = testing::RunCommand(sohoa + " retention due --as-of 2100-01-01 --json");
  ASSERT_EQ(due.exit_code, 0) << due.out;
  auto rows = nlohmann::json::parse(due.out);
  ASSERT_EQ(rows.size(), 1u) << due.out;
  EXPECT_EQ(rows[0]["code"], code);

  CommandResult no_reason = testing::RunCommand(sohoa + " retention delete " + code + " --by 'Lê Văn Cường' 2>&1");
  EXPECT_EQ(no_reason.exit_code, 2) << no_reason.out;
  EXPECT_NE(no_reason.out.find("--reason"), std::string::npos) << no_reason.out;

  CommandResult deleted = testing::RunCommand(sohoa + " retention delete " + code +
                                              " --by 'Lê Văn Cường' --reason 'QĐ 12/QĐ-UBND' --as-of 2100-01-01");
  ASSERT_EQ(deleted.exit_code, 0) << deleted.out;
  EXPECT_EQ(testing::RunCommand(sohoa + " show " + code).exit_code, 3);
  EXPECT_EQ(testing::RunCommand(sohoa + " verify").exit_code, 0) << "no row may point at a removed file";

  CommandResult log = testing::RunCommand(sohoa + " log --object " + code + " --json");
  ASSERT_EQ(log.exit_code, 0) << log.out;
  auto events = nlohmann::json::parse(log.out);
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events.front()["type"], "ingestion");
  EXPECT_EQ(events.back()["type"], "deletion");
  EXPECT_EQ(events.back()["actor"], "Lê Văn Cường");

  CommandResult record = testing::RunCommand(sohoa + " retention deleted --json");
  ASSERT_EQ(record.exit_code, 0) << record.out;
  auto records = nlohmann::json::parse(record.out);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["reason"], "QĐ 12/QĐ-UBND");
}

}  // namespace
}  // namespace sohoa
