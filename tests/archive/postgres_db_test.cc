// archive/postgres/pg_db.h against a real PostgreSQL server: a throwaway
// cluster in a temporary folder (tests/postgres_cluster.h).
#include "archive/postgres/pg_db.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/postgres_cluster.h"

namespace sohoa::archive::postgres {
namespace {

class PostgresDbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = testing::PostgresCluster::Start(&why_).release();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override {
    if (cluster_ == nullptr) GTEST_SKIP() << why_;
  }

  Connection Connect() {
    auto connection = Connection::Open(cluster_->url(), "the test cluster");
    EXPECT_TRUE(connection.ok()) << connection.status().ToString();
    return std::move(connection).value();
  }

  static testing::PostgresCluster* cluster_;
  static std::string why_;
};

testing::PostgresCluster* PostgresDbTest::cluster_ = nullptr;
std::string PostgresDbTest::why_;

TEST_F(PostgresDbTest, ValuesAreBoundNeverSplicedAndComeBackAsStored) {
  Connection db = Connect();
  ASSERT_TRUE(db.Script("DROP TABLE IF EXISTS people; CREATE TABLE people (id bigserial, name text, note text)").ok());
  const std::string hostile = "Đặng Văn Đức'); DROP TABLE people; --";
  ASSERT_TRUE(db.Run("INSERT INTO people (name, note) VALUES ($1, $2)", {hostile, std::nullopt}).ok());
  ASSERT_TRUE(db.Run("INSERT INTO people (name, note) VALUES ($1, $2)", {"Nguyễn Thị Hoà", "ghi chú"}).ok());
  auto rows = db.Query("SELECT id, name, note FROM people ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2);
  EXPECT_EQ(rows->Int(0, 0), 1);
  EXPECT_EQ(rows->Text(0, 1), hostile);
  EXPECT_TRUE(rows->IsNull(0, 2));
  EXPECT_EQ(rows->Text(1, 1), "Nguyễn Thị Hoà");
  EXPECT_FALSE(rows->IsNull(1, 2));
  auto updated = db.Query("UPDATE people SET note = 'x' WHERE note IS NULL");
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->Affected(), 1);
}

TEST_F(PostgresDbTest, ATransactionNotCommittedLeavesNothing) {
  Connection db = Connect();
  ASSERT_TRUE(db.Script("DROP TABLE IF EXISTS t; CREATE TABLE t (v int)").ok());
  {
    auto tx = Transaction::Begin(db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db.Run("INSERT INTO t VALUES (1)").ok());
  }  // rolled back
  {
    auto tx = Transaction::Begin(db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db.Run("INSERT INTO t VALUES (2)").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto rows = db.Query("SELECT v FROM t");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1);
  EXPECT_EQ(rows->Int(0, 0), 2);
}

TEST_F(PostgresDbTest, FailuresSayWhatHappenedWithoutThePassword) {
  Connection db = Connect();
  ASSERT_TRUE(db.Script("DROP TABLE IF EXISTS codes; CREATE TABLE codes (code text PRIMARY KEY)").ok());
  ASSERT_TRUE(db.Run("INSERT INTO codes VALUES ($1)", {"000.31.22.H32-240101-0001"}).ok());
  EXPECT_EQ(db.Run("INSERT INTO codes VALUES ($1)", {"000.31.22.H32-240101-0001"}).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(db.Run("SELEKT 1").code(), StatusCode::kInternal);
  EXPECT_EQ(db.Run("SELECT 1/0").code(), StatusCode::kInvalidArgument);
  // The connection is still usable after each failure.
  EXPECT_TRUE(db.Run("SELECT 1").ok());

  auto missing = Connection::Open(cluster_->UrlOf("khong_co"), "postgresql://sohoa@test/khong_co");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound) << missing.status().ToString();
  const std::string nowhere = "postgresql://sohoa:bi-mat@/sohoa?host=" + cluster_->folder() + "/no-such-socket";
  auto unreachable = Connection::Open(nowhere, "postgresql://sohoa@/sohoa");
  EXPECT_EQ(unreachable.status().code(), StatusCode::kUnavailable) << unreachable.status().ToString();
  EXPECT_EQ(unreachable.status().message().find("bi-mat"), std::string::npos) << unreachable.status().message();
}

TEST_F(PostgresDbTest, ThePoolSharesItsConnectionsAndOutlivesAServerRestart) {
  auto pool = Pool::Open(cluster_->url(), "the test cluster", 3);
  ASSERT_TRUE(pool.ok()) << pool.status().ToString();
  std::atomic<int> failures{0};
  std::atomic<int> most_connections{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto lease = (*pool)->Acquire();
        if (!lease.ok()) {
          ++failures;
          continue;
        }
        auto rows = (*lease)->Query(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'");
        if (!rows.ok()) {
          ++failures;
          continue;
        }
        int seen = static_cast<int>(rows->Int(0, 0));
        int most = most_connections.load();
        while (seen > most && !most_connections.compare_exchange_weak(most, seen)) {
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(most_connections.load(), 3) << "the pool opened more connections than its size";

  ASSERT_TRUE(cluster_->Restart());
  // The connections broke with the restart: each fails once, is dropped, and
  // the pool opens new ones.
  int ok = 0;
  for (int i = 0; i < 6; ++i) {
    auto lease = (*pool)->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status().ToString();
    const Status ran = (*lease)->Run("SELECT 1");
    if (ran.ok()) {
      ++ok;
    } else {
      EXPECT_EQ(ran.code(), StatusCode::kUnavailable) << ran.ToString();
    }
  }
  EXPECT_GE(ok, 3);
  auto after = (*pool)->Acquire();
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE((*after)->Run("SELECT 1").ok());
}

}  // namespace
}  // namespace sohoa::archive::postgres
