// Users, their scope, passwords, tokens and sessions (archive/users.h).
#include "archive/users.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "archive/blob_store.h"
#include "archive/sqlite/sqlite_db.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

class UsersTest : public CatalogTest {
 protected:
  User Make(const std::string& name, Role role, std::vector<std::string> agencies) {
    User user;
    user.name = name;
    user.role = role;
    user.agencies = std::move(agencies);
    return user;
  }
  // The URL of the PostgreSQL database CatalogTest::SetUp made for this
  // test: the cluster's newest (tests of one process run one at a time).
  static std::string TestDatabaseUrl() {
    auto& shared = TestCluster::Get();
    return shared.cluster->UrlOf("catalog_" + std::to_string(shared.databases.load()));
  }
  // Another catalog on the same database, as another server thread has.
  Result<std::unique_ptr<Catalog>> OpenAgain() {
    if (OnPostgres()) return postgres::OpenPgCatalog(TestDatabaseUrl(), "the test database", false);
    return Catalog::Open(home_.catalog(), false);
  }
  // What the catalog's database holds, read past the Catalog.
  std::string Stored(const std::string& sql) {
    if (OnPostgres()) {
      auto db = postgres::Connection::Open(TestDatabaseUrl(), "the test database");
      EXPECT_TRUE(db.ok()) << db.status().ToString();
      if (!db.ok()) return "";
      auto rows = db->Query(sql);
      EXPECT_TRUE(rows.ok() && rows->size() == 1) << sql << ": " << rows.status().ToString();
      return rows.ok() && rows->size() == 1 ? rows->Text(0, 0) : "";
    }
    auto db = internal::Db::Open(home_.catalog(), false);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return "";
    auto text = db->QueryText(sql);
    EXPECT_TRUE(text.ok()) << sql << ": " << text.status().ToString();
    return text.ok() ? *text : "";
  }
  std::vector<Event> EventsOf(const std::string& type) {
    auto events = catalog_->Events(EventFilter{.type = type});
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<Event>{};
  }
};

TEST_F(UsersTest, AScopeCoversItsAgencyAndEveryAgencyUnderIt) {
  User lan = Make("lan", Role::kArchivist, {"000.00.22.H32"});
  EXPECT_TRUE(lan.Covers("000.00.22.H32"));
  EXPECT_TRUE(lan.Covers("000.31.22.H32")) << "a commune of the district";
  EXPECT_TRUE(lan.Covers("001.31.22.H32")) << "a unit of that commune";
  EXPECT_FALSE(lan.Covers("000.00.00.H32")) << "not the province above it";
  EXPECT_FALSE(lan.Covers("000.31.23.H32")) << "not a commune of another district";
  EXPECT_FALSE(lan.Covers("000.00.22.H33")) << "not another province's district";
  EXPECT_FALSE(lan.Covers("")) << "an unknown agency is in no scope";
  EXPECT_FALSE(Make("nobody", Role::kArchivist, {}).Covers("000.31.22.H32"));
}

TEST_F(UsersTest, APasswordIsCheckedAndNeverStoredInTheClear) {
  ASSERT_TRUE(AddUser(*catalog_, Make("lan", Role::kArchivist, {"000.00.22.H32"}), "mật khẩu dài 2024", "admin").ok());
  auto user = CheckPassword(*catalog_, "lan", "mật khẩu dài 2024", "127.0.0.1");
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->role, Role::kArchivist);
  EXPECT_EQ(user->agencies, std::vector<std::string>{"000.00.22.H32"});

  const std::string stored = Stored("SELECT password_hash FROM users WHERE name = 'lan'");
  EXPECT_EQ(stored.rfind("$argon2id$", 0), 0u) << stored;
  EXPECT_EQ(stored.find("mật khẩu"), std::string::npos);
}

TEST_F(UsersTest, ALoginSucceedsWhileOtherRequestsWrite) {
  ASSERT_TRUE(AddUser(*catalog_, Make("lan", Role::kArchivist, {"000.00.22.H32"}), "mật khẩu dài 2024", "admin").ok());
  // Another server thread's connection commits all the time, as a busy
  // server does during the tenth of a second a password check takes.
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    auto other = OpenAgain();
    ASSERT_TRUE(other.ok()) << other.status().ToString();
    while (!stop) {
      (void)(*other)->AppendEvent({"view", "x", "someone", "success", "", ""});
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  int failed = 0;
  for (int i = 0; i < 5; ++i) {
    auto user = CheckPassword(*catalog_, "lan", "mật khẩu dài 2024", "127.0.0.1");
    if (!user.ok()) {
      ++failed;
      ADD_FAILURE() << user.status().ToString();
    }
  }
  stop = true;
  writer.join();
  EXPECT_EQ(failed, 0);
}

TEST_F(UsersTest, EveryFailedLoginGetsTheSameAnswerAndIsLogged) {
  ASSERT_TRUE(AddUser(*catalog_, Make("lan", Role::kArchivist, {}), "mật khẩu dài 2024", "admin").ok());
  ASSERT_TRUE(AddUser(*catalog_, Make("hoa", Role::kStaff, {}), "mật khẩu dài 2025", "admin").ok());
  ASSERT_TRUE(DisableUser(*catalog_, "hoa", "admin").ok());
  const auto wrong = CheckPassword(*catalog_, "lan", "sai mật khẩu rồi", "10.0.0.7");
  const auto unknown = CheckPassword(*catalog_, "khong-co", "mật khẩu dài 2024", "10.0.0.7");
  const auto disabled = CheckPassword(*catalog_, "hoa", "mật khẩu dài 2025", "10.0.0.7");
  const auto empty = CheckPassword(*catalog_, "lan", "", "10.0.0.7");
  for (const auto* r : {&wrong, &unknown, &disabled, &empty}) {
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->status().code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(r->status().message(), wrong.status().message()) << "no answer tells which names exist";
  }
  int failures = 0;
  for (const Event& e : EventsOf("login")) {
    failures += e.outcome == "failure" ? 1 : 0;
    EXPECT_EQ(e.detail, "from 10.0.0.7");
  }
  EXPECT_EQ(failures, 4);
}

TEST_F(UsersTest, BadNamesAgenciesAndShortPasswordsAreRefused) {
  EXPECT_EQ(AddUser(*catalog_, Make("Lan Anh", Role::kStaff, {}), "", "admin").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(AddUser(*catalog_, Make("../etc", Role::kStaff, {}), "", "admin").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(AddUser(*catalog_, Make("lan", Role::kStaff, {"H32"}), "", "admin").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(AddUser(*catalog_, Make("lan", Role::kStaff, {}), "ngắn", "admin").code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(AddUser(*catalog_, Make("lan", Role::kStaff, {}), "", "admin").ok());
  EXPECT_EQ(AddUser(*catalog_, Make("lan", Role::kAdmin, {}), "", "admin").code(), StatusCode::kAlreadyExists);
  auto lan = FindUser(*catalog_, "lan");
  ASSERT_TRUE(lan.ok() && lan->has_value());
  EXPECT_EQ((*lan)->role, Role::kStaff) << "the second add changed nothing";
  EXPECT_FALSE((*lan)->has_password);
  EXPECT_FALSE(CheckPassword(*catalog_, "lan", "", "").ok()) << "no password: no password login";
}

TEST_F(UsersTest, ATokenWorksUntilItsUserIsDisabledAndOnlyItsHashIsKept) {
  ASSERT_TRUE(AddUser(*catalog_, Make("motcua", Role::kArchivist, {"000.00.00.H32"}), "", "admin").ok());
  auto token = IssueToken(*catalog_, "motcua", "one-stop system", "admin");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_GE(token->size(), 40u);
  auto user = CheckToken(*catalog_, *token);
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->name, "motcua");
  EXPECT_EQ(Stored("SELECT token_sha256 FROM user_tokens"), Sha256OfBytes(*token));
  EXPECT_EQ(CheckToken(*catalog_, *token + "x").status().code(), StatusCode::kUnauthenticated);
  ASSERT_TRUE(DisableUser(*catalog_, "motcua", "admin").ok());
  EXPECT_EQ(CheckToken(*catalog_, *token).status().code(), StatusCode::kUnauthenticated);
}

TEST_F(UsersTest, ASessionLastsUntilItExpiresEndsOrItsUserChangesPassword) {
  ASSERT_TRUE(AddUser(*catalog_, Make("lan", Role::kArchivist, {}), "mật khẩu dài 2024", "admin").ok());
  auto lan = CheckPassword(*catalog_, "lan", "mật khẩu dài 2024", "");
  ASSERT_TRUE(lan.ok());
  const std::time_t now = 1'800'000'000;
  auto session = StartSession(*catalog_, *lan, now, 3600);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_NE(session->id, session->csrf);
  auto live = CheckSession(*catalog_, session->id, now + 10);
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  EXPECT_EQ(live->first.name, "lan");
  EXPECT_EQ(live->second, session->csrf);
  EXPECT_FALSE(CheckSession(*catalog_, session->id, now + 3600).ok()) << "expired";

  auto second = StartSession(*catalog_, *lan, now, 3600);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(EndSession(*catalog_, second->id).ok());
  EXPECT_FALSE(CheckSession(*catalog_, second->id, now + 1).ok()) << "logged out";

  auto third = StartSession(*catalog_, *lan, now, 3600);
  ASSERT_TRUE(third.ok());
  ASSERT_TRUE(SetPassword(*catalog_, "lan", "mật khẩu mới 2025", "lan").ok());
  EXPECT_FALSE(CheckSession(*catalog_, third->id, now + 1).ok()) << "a new password ends every session";
  EXPECT_TRUE(CheckPassword(*catalog_, "lan", "mật khẩu mới 2025", "").ok());
  EXPECT_FALSE(CheckPassword(*catalog_, "lan", "mật khẩu dài 2024", "").ok());
}

TEST_F(UsersTest, EveryChangeToAUserIsAnEventWithWhoMadeIt) {
  ASSERT_TRUE(AddUser(*catalog_, Make("lan", Role::kManager, {"000.00.22.H32", "000.00.23.H32"}), "", "quan-tri").ok());
  ASSERT_TRUE(IssueToken(*catalog_, "lan", "", "quan-tri").ok());
  ASSERT_TRUE(DisableUser(*catalog_, "lan", "quan-tri").ok());
  for (const char* type : {"user-add", "user-token", "user-disable"}) {
    auto events = EventsOf(type);
    ASSERT_EQ(events.size(), 1u) << type;
    EXPECT_EQ(events[0].actor, "quan-tri") << type;
    EXPECT_EQ(events[0].object, "lan") << type;
  }
  EXPECT_EQ(EventsOf("user-add")[0].detail, "role manager, agencies 000.00.22.H32 000.00.23.H32");
}

}  // namespace
}  // namespace sohoa::archive
