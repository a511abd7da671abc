// sohoa migrate as an administrator runs it: a scanned home moved into
// PostgreSQL in slices, killed half-way and run again, verified, switched,
// and read from PostgreSQL afterwards, its bags the same as before; a
// database holding something else refused; the password never printed.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/postgres_cluster.h"
#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::ReadFile;
using testing::RunCommand;

class MigrateCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = testing::PostgresCluster::Start(&why_).release(); }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override {
    if (cluster_ == nullptr) GTEST_SKIP() << why_;
  }

  // A new empty database; its URL, with a password that the cluster (trust
  // on its socket) ignores and sohoa must never print.
  std::string NewDatabase(const std::string& name) {
    CommandResult made =
        RunCommand("psql -q '" + cluster_->UrlOf("postgres") + "' -c 'CREATE DATABASE " + name + "' 2>&1");
    EXPECT_EQ(made.exit_code, 0) << made.out;
    std::string url = cluster_->UrlOf(name);
    url.replace(0, std::string("postgresql:///").size(), "postgresql://postgres:bi-mat@/");
    return url;
  }
  static std::string Psql(const std::string& database, const std::string& sql) {
    CommandResult run = RunCommand("psql -qAt '" + cluster_->UrlOf(database) + "' -c \"" + sql + "\" 2>&1");
    EXPECT_EQ(run.exit_code, 0) << run.out;
    return run.out.substr(0, run.out.find_last_not_of('\n') + 1);
  }

  CommandResult Run(const fs::path& home, const std::string& args) {
    return RunCommand(testing::Program("sohoa") + " --lang en --home '" + home.string() + "' " + args + " 2>&1");
  }
  // A home with one user and nothing else.
  fs::path SmallHome(const std::string& name) {
    const fs::path home = tmp_.path() / name;
    EXPECT_EQ(Run(home, "init").exit_code, 0);
    CommandResult added = Run(home, "user add lan --role archivist --agency 000.00.22.H32 </dev/null");
    EXPECT_EQ(added.exit_code, 0) << added.out;
    return home;
  }

  static testing::PostgresCluster* cluster_;
  static std::string why_;
  testing::TempDir tmp_;
};

testing::PostgresCluster* MigrateCliTest::cluster_ = nullptr;
std::string MigrateCliTest::why_;

TEST_F(MigrateCliTest, TheSampleHomeMovesIntoPostgresqlAndReadsTheSameFromThere) {
  const fs::path sample = tmp_.path() / "sample";
  ASSERT_EQ(testing::GenerateSample(sample, "--seed 5 --dossiers 2 --formats folder"), 0);
  const auto truth = nlohmann::json::parse(ReadFile(sample / "ground-truth.json"));
  const fs::path home = tmp_.path() / "home";
  ASSERT_EQ(Run(home, "init").exit_code, 0);
  std::string paths, codes;
  for (const auto& d : truth["dossiers"]) {
    paths += " '" + (sample / d["path"].get<std::string>()).string() + "'";
    codes += " --code " + d["code"].get<std::string>();
  }
  CommandResult ingested = Run(home, "ingest --quiet" + paths);
  ASSERT_EQ(ingested.exit_code, 0) << ingested.out;
  if (fs::exists(sample / "register.csv")) {
    CommandResult registered = Run(home, "register import '" + (sample / "register.csv").string() + "'");
    ASSERT_EQ(registered.exit_code, 0) << registered.out;
  }
  const fs::path before = tmp_.path() / "before.tar";
  CommandResult exported = Run(home, "export" + codes + " --out " + before.string());
  ASSERT_EQ(exported.exit_code, 0) << exported.out;
  const std::string code = truth["dossiers"][0]["code"];
  CommandResult shown_before = Run(home, "show " + code);
  ASSERT_EQ(shown_before.exit_code, 0) << shown_before.out;

  const std::string url = NewDatabase("sample");
  // In slices: three batches of five rows, then stop.
  CommandResult slice = Run(home, "migrate --to '" + url + "' --batch 5 --batches 3");
  ASSERT_EQ(slice.exit_code, 0) << slice.out;
  EXPECT_NE(slice.out.find("Stopped after 3 batch(es)"), std::string::npos) << slice.out;
  EXPECT_NE(slice.out.find("copying "), std::string::npos) << "progress on stderr, per table: " << slice.out;
  EXPECT_FALSE(fs::exists(home / "sohoa.toml")) << "not switched before verified";
  // Killed at some moment of the next run, whichever: the run after that
  // finishes the same.
  RunCommand("timeout -s KILL 0.4 " + testing::Program("sohoa") + " --home '" + home.string() + "' migrate --to '" +
             url + "' --batch 1 >/dev/null 2>&1");
  CommandResult migrated = Run(home, "migrate --to '" + url + "'");
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out;
  EXPECT_NE(migrated.out.find("Verified: both catalogs hold the same"), std::string::npos) << migrated.out;
  EXPECT_NE(migrated.out.find("now uses the catalog postgresql://postgres@/sample"), std::string::npos) << migrated.out;
  EXPECT_NE(migrated.out.find("url = \"sqlite:" + (home / "catalog.db").string() + "\""), std::string::npos)
      << "how to go back: " << migrated.out;
  EXPECT_EQ(migrated.out.find("bi-mat"), std::string::npos) << "a password never reaches the screen";
  EXPECT_EQ(slice.out.find("bi-mat"), std::string::npos);
  EXPECT_NE(ReadFile(home / "sohoa.toml").find(url), std::string::npos);
  EXPECT_EQ(Psql("sample", "SELECT count(*) FROM dossiers"), std::to_string(truth["dossiers"].size()));

  CommandResult checked = Run(home, "migrate --to '" + url + "' --verify-only --json");
  ASSERT_EQ(checked.exit_code, 0) << checked.out;
  const auto report = nlohmann::json::parse(checked.out.substr(checked.out.find('{')));
  EXPECT_EQ(report["verified"], true);
  EXPECT_EQ(report["source"], (home / "catalog.db").string());

  // The home reads from PostgreSQL now (the store and search on it).
  CommandResult shown = Run(home, "show " + code);
  EXPECT_EQ(shown.exit_code, 0) << shown.out;
  EXPECT_EQ(shown.out, shown_before.out);
  const std::string applicant = truth["dossiers"][0]["applicant"].get<std::string>();
  CommandResult found = Run(home, "search --json '\"" + applicant + "\"'");
  EXPECT_EQ(found.exit_code, 0) << found.out;
  EXPECT_NE(found.out.find(code), std::string::npos) << found.out;
  const fs::path after = tmp_.path() / "after.tar";
  exported = Run(home, "export" + codes + " --out " + after.string());
  ASSERT_EQ(exported.exit_code, 0) << exported.out;
  const fs::path unpacked = tmp_.path() / "unpacked";
  fs::create_directories(unpacked / "a");
  fs::create_directories(unpacked / "b");
  ASSERT_EQ(RunCommand("tar -xf '" + before.string() + "' -C '" + (unpacked / "a").string() + "'").exit_code, 0);
  ASSERT_EQ(RunCommand("tar -xf '" + after.string() + "' -C '" + (unpacked / "b").string() + "'").exit_code, 0);
  const std::string manifest = ReadFile(unpacked / "a" / "before" / "manifest-sha256.txt");
  EXPECT_FALSE(manifest.empty());
  EXPECT_EQ(ReadFile(unpacked / "b" / "after" / "manifest-sha256.txt"), manifest)
      << "the same bag from SQLite and from PostgreSQL";
}

TEST_F(MigrateCliTest, ADatabaseHoldingSomethingElseIsRefusedAndTheHomeStays) {
  const fs::path first = SmallHome("first");
  const fs::path second = SmallHome("second");
  const std::string url = NewDatabase("taken");
  // Chosen by the environment: switched, and told that the variable still chooses.
  CommandResult moved = RunCommand("SOHOA_CATALOG='" + (first / "catalog.db").string() + "' " +
                                   testing::Program("sohoa") + " --lang en --home '" + first.string() +
                                   "' migrate --to '" + url + "' 2>&1");
  ASSERT_EQ(moved.exit_code, 0) << moved.out;
  EXPECT_NE(moved.out.find("Note: SOHOA_CATALOG chose the SQLite catalog"), std::string::npos) << moved.out;
  EXPECT_NE(ReadFile(first / "sohoa.toml").find("postgresql://"), std::string::npos);

  CommandResult refused = Run(second, "migrate --to '" + url + "'");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.out.find("holds a migration from sqlite:" + (first / "catalog.db").string()), std::string::npos)
      << refused.out;
  EXPECT_NE(refused.out.find("nothing was changed"), std::string::npos) << refused.out;
  EXPECT_EQ(refused.out.find("bi-mat"), std::string::npos);
  EXPECT_FALSE(fs::exists(second / "sohoa.toml"));

  CommandResult vietnamese = RunCommand(testing::Program("sohoa") + " --lang vi --home '" + second.string() +
                                        "' migrate --to '" + url + "' 2>&1");
  EXPECT_NE(vietnamese.out.find("chưa thay đổi gì"), std::string::npos) << vietnamese.out;

  CommandResult sqlite = Run(second, "migrate --to other.db");
  EXPECT_EQ(sqlite.exit_code, 2) << sqlite.out;
  EXPECT_NE(sqlite.out.find("postgresql://"), std::string::npos) << sqlite.out;
  CommandResult missing = Run(second, "migrate");
  EXPECT_EQ(missing.exit_code, 2) << missing.out;
}

}  // namespace
}  // namespace sohoa
