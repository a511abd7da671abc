// Where a home's catalog is, as an administrator chooses it: --catalog,
// $SOHOA_CATALOG, the home's sohoa.toml (archive/storage.h).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::RunCommand;

TEST(StorageCliTest, ACatalogChosenAtInitIsWhereEveryLaterCommandGoes) {
  testing::TempDir tmp;
  const fs::path home = tmp.path() / "home";
  const fs::path catalog = tmp.path() / "fast-disk" / "catalog.db";
  fs::create_directories(catalog.parent_path());
  const std::string sohoa = testing::Program("sohoa") + " --home '" + home.string() + "'";
  CommandResult init = RunCommand("cd '" + tmp.path().string() + "' && SOHOA_CATALOG=fast-disk/catalog.db " + sohoa +
                                  " init 2>&1");
  ASSERT_EQ(init.exit_code, 0) << init.out;
  EXPECT_TRUE(fs::is_regular_file(catalog));
  EXPECT_FALSE(fs::exists(home / "catalog.db"));
  EXPECT_NE(testing::ReadFile(home / "sohoa.toml").find("url = \"sqlite:" + catalog.string() + "\""),
            std::string::npos)
      << testing::ReadFile(home / "sohoa.toml");

  CommandResult added =
      RunCommand(sohoa + " user add lan --role archivist --agency 000.00.22.H32 </dev/null 2>&1");
  ASSERT_EQ(added.exit_code, 0) << added.out;
  CommandResult listed = RunCommand(sohoa + " user list --json");
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_EQ(nlohmann::json::parse(listed.out).size(), 1u);
  // A second home (another machine's inbox, say) on the same catalog sees
  // the same users.
  const std::string second = testing::Program("sohoa") + " --home '" + (tmp.path() / "second").string() + "'";
  CommandResult joined = RunCommand(second + " --catalog '" + catalog.string() + "' init 2>&1");
  ASSERT_EQ(joined.exit_code, 0) << joined.out;
  CommandResult seen = RunCommand(second + " user list --json 2>&1");
  ASSERT_EQ(seen.exit_code, 0) << seen.out;
  EXPECT_EQ(nlohmann::json::parse(seen.out).size(), 1u);
}

TEST(StorageCliTest, WhatCannotBeOpenedIsRefusedSayingWhy) {
  testing::TempDir tmp;
  const fs::path home = tmp.path() / "home";
  const std::string sohoa = testing::Program("sohoa") + " --lang vi --home '" + home.string() + "'";
  CommandResult postgres =
      RunCommand(sohoa + " --catalog postgresql://sohoa:bi-mat@127.0.0.1/sohoa init 2>&1");
  EXPECT_NE(postgres.exit_code, 0);
  EXPECT_NE(postgres.out.find("postgresql://sohoa@127.0.0.1/sohoa"), std::string::npos) << postgres.out;
  EXPECT_EQ(postgres.out.find("bi-mat"), std::string::npos) << "a password never reaches the screen";
  EXPECT_FALSE(fs::exists(home / "sohoa.toml"));

  fs::create_directories(home);
  std::ofstream(home / "sohoa.toml") << "[catalog]\nurl = catalog.db\n";
  CommandResult typo = RunCommand(sohoa + " search 'khai sinh' 2>&1");
  EXPECT_EQ(typo.exit_code, 2) << typo.out;
  EXPECT_NE(typo.out.find("dòng 2"), std::string::npos) << typo.out;
  EXPECT_NE(typo.out.find("dấu nháy kép"), std::string::npos) << typo.out;
}

}  // namespace
}  // namespace sohoa
