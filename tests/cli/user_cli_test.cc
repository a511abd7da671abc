// sohoa user as an administrator types it: add with a piped password, list,
// token, passwd, disable; what is refused and what the log keeps.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/test_env.h"

namespace sohoa {
namespace {

using testing::CommandResult;
using testing::RunCommand;

class UserCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sohoa_ = testing::Program("sohoa") + " --home '" + (tmp_.path() / "home").string() + "'";
    ASSERT_EQ(RunCommand(sohoa_ + " init >/dev/null").exit_code, 0);
  }
  CommandResult Sohoa(const std::string& args) { return RunCommand(sohoa_ + " " + args + " 2>&1"); }
  nlohmann::json Users() {
    CommandResult run = RunCommand(sohoa_ + " user list --json");
    EXPECT_EQ(run.exit_code, 0) << run.out;
    return run.exit_code == 0 ? nlohmann::json::parse(run.out) : nlohmann::json::array();
  }

  testing::TempDir tmp_;
  std::string sohoa_;
};

TEST_F(UserCliTest, AnAdministratorAddsListsAndDisablesUsers) {
  CommandResult added = RunCommand("printf '%s\\n' 'mật khẩu dài 2024' | " + sohoa_ +
                                   " user add lan --role archivist --agency 000.00.22.H32 --agency 000.00.23.H32 "
                                   "--password-stdin --by quan-tri 2>&1");
  ASSERT_EQ(added.exit_code, 0) << added.out;
  EXPECT_NE(added.out.find("Added user lan, role archivist, agencies: 000.00.22.H32, 000.00.23.H32"),
            std::string::npos)
      << added.out;
  CommandResult system = Sohoa("user add mot-cua --role archivist --agency 000.00.00.H32 </dev/null");
  ASSERT_EQ(system.exit_code, 0) << system.out;
  EXPECT_NE(system.out.find("mot-cua has no password: only tokens work"), std::string::npos) << system.out;

  nlohmann::json users = Users();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0]["name"], "lan");
  EXPECT_EQ(users[0]["role"], "archivist");
  EXPECT_EQ(users[0]["agencies"], nlohmann::json::array({"000.00.22.H32", "000.00.23.H32"}));
  EXPECT_TRUE(users[0]["password"].get<bool>());
  EXPECT_FALSE(users[1]["password"].get<bool>());

  CommandResult token = RunCommand(sohoa_ + " user token mot-cua --label 'one-stop system' 2>/dev/null");
  ASSERT_EQ(token.exit_code, 0) << token.out;
  EXPECT_EQ(token.out.rfind("sohoa_", 0), 0u) << "the token alone on standard output: " << token.out;

  CommandResult disabled = Sohoa("user disable lan --by quan-tri");
  ASSERT_EQ(disabled.exit_code, 0) << disabled.out;
  EXPECT_TRUE(Users()[0]["disabled"].get<bool>());

  CommandResult log = RunCommand(sohoa_ + " log --json --actor quan-tri");
  ASSERT_EQ(log.exit_code, 0) << log.out;
  auto events = nlohmann::json::parse(log.out);
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(e["type"]);
  EXPECT_NE(std::find(types.begin(), types.end(), "user-add"), types.end()) << log.out;
  EXPECT_NE(std::find(types.begin(), types.end(), "user-disable"), types.end()) << log.out;
  EXPECT_EQ(log.out.find("mật khẩu"), std::string::npos) << "no password reaches the log";
}

TEST_F(UserCliTest, MistakesAreRefusedWithWhatToDoInVietnamese) {
  const std::string vi = "env -u SOHOA_LANG LANG=C.UTF-8 " + sohoa_;
  CommandResult role = RunCommand(vi + " user add lan --role boss 2>&1 </dev/null");
  EXPECT_EQ(role.exit_code, 2) << role.out;
  EXPECT_NE(role.out.find("'boss' không phải vai trò"), std::string::npos) << role.out;
  CommandResult shortpw = RunCommand("echo ngắn | " + vi + " user add lan --role staff --password-stdin 2>&1");
  EXPECT_EQ(shortpw.exit_code, 2) << shortpw.out;
  EXPECT_NE(shortpw.out.find("mật khẩu cần ít nhất 10 ký tự"), std::string::npos) << shortpw.out;
  CommandResult agency = RunCommand(vi + " user add lan --role staff --agency H32 </dev/null 2>&1");
  EXPECT_EQ(agency.exit_code, 2) << agency.out;
  EXPECT_NE(agency.out.find("'H32' không phải mã cơ quan"), std::string::npos) << agency.out;
  CommandResult passwd = RunCommand(vi + " user passwd lan </dev/null 2>&1");
  EXPECT_EQ(passwd.exit_code, 2) << passwd.out;
  EXPECT_NE(passwd.out.find("--password-stdin"), std::string::npos) << passwd.out;
  CommandResult unknown = RunCommand(vi + " user disable khong-co 2>&1");
  EXPECT_EQ(unknown.exit_code, 3) << unknown.out;
  EXPECT_NE(unknown.out.find("không có người dùng khong-co"), std::string::npos) << unknown.out;
  EXPECT_TRUE(Users().empty()) << "nothing was added by a refused command";
}

}  // namespace
}  // namespace sohoa
