// The same tests on every catalog backend that implements a concern of
// archive/catalog.h: the embedded SQLite catalog, and the PostgreSQL one
// (a throwaway cluster, tests/postgres_cluster.h; skipped, saying why, where
// PostgreSQL's server is not installed). So far the procedure catalog and
// the event log; each concern joins as the PostgreSQL catalog gains it.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <set>
#include <thread>

#include "archive/catalog.h"
#include "archive/postgres/catalog.h"
#include "schema/migrations.h"
#include "tests/postgres_cluster.h"
#include "tests/test_env.h"

namespace sohoa::archive {
namespace {

testing::PostgresCluster* cluster = nullptr;
std::string no_cluster_because;
std::atomic<int> databases{0};

// The cluster is started by the first test that needs it and stopped when
// every test has run.
class ClusterEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    delete cluster;
    cluster = nullptr;
  }
};
::testing::Environment* const kClusterEnvironment = ::testing::AddGlobalTestEnvironment(new ClusterEnvironment);

// A fresh, empty database on the shared cluster.
Result<std::string> FreshDatabase() {
  auto admin = postgres::Connection::Open(cluster->UrlOf("postgres"), "the test cluster");
  if (!admin.ok()) return admin.status();
  const std::string name = "catalog_" + std::to_string(++databases);
  SOHOA_RETURN_IF_ERROR(admin->Run("CREATE DATABASE " + name));
  return cluster->UrlOf(name);
}

class CatalogContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    if (cluster == nullptr && no_cluster_because.empty()) {
      cluster = testing::PostgresCluster::Start(&no_cluster_because).release();
    }
  }

  void SetUp() override {
    if (GetParam() == "sqlite") {
      auto opened = Catalog::Open(dir_.path() / "catalog.db", true);
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      sqlite_ = std::move(opened).value();
      procedures_ = sqlite_.get();
      events_ = sqlite_.get();
      return;
    }
    if (cluster == nullptr) GTEST_SKIP() << no_cluster_because;
    auto url = FreshDatabase();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    auto pool = postgres::Pool::Open(*url, "the test database", 2);
    ASSERT_TRUE(pool.ok()) << pool.status().ToString();
    pool_ = std::move(pool).value();
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok());
    const Status migrated = postgres::Migrate(**lease);
    ASSERT_TRUE(migrated.ok()) << migrated.ToString();
    pg_procedures_ = std::make_unique<postgres::PgProcedureCatalog>(*pool_);
    pg_events_ = std::make_unique<postgres::PgEventLog>(*pool_);
    procedures_ = pg_procedures_.get();
    events_ = pg_events_.get();
  }

  static Procedure Make(std::string code, std::string name, std::string retention = "") {
    Procedure p;
    p.code = std::move(code);
    p.name = std::move(name);
    p.field = "Hộ tịch";
    p.form_titles = {"Tờ khai đăng ký khai sinh", "Giấy chứng sinh"};
    p.requires_paper_result = true;
    p.retention = std::move(retention);
    return p;
  }

  testing::TempDir dir_;
  std::unique_ptr<Catalog> sqlite_;
  std::unique_ptr<postgres::Pool> pool_;
  std::unique_ptr<postgres::PgProcedureCatalog> pg_procedures_;
  std::unique_ptr<postgres::PgEventLog> pg_events_;
  ProcedureCatalog* procedures_ = nullptr;
  EventLog* events_ = nullptr;
};

TEST_P(CatalogContractTest, ANewCatalogHoldsTheBuiltInProcedures) {
  auto all = procedures_->Procedures();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), BuiltinProcedures().size());
  EXPECT_EQ(all->front().code, BuiltinProcedures().front().code);
  EXPECT_EQ(all->back().code, BuiltinProcedures().back().code);
}

TEST_P(CatalogContractTest, AnImportReplacesTheProceduresInFileOrderAndKeepsRetentionDecisions) {
  ASSERT_TRUE(procedures_->ReplaceProcedures({Make("2.000001", "Khai tử", "20"), Make("1.000893", "Khai sinh")}).ok());
  // The national list again, without retention: the archive's decision stays.
  ASSERT_TRUE(procedures_->ReplaceProcedures({Make("1.000893", "Đăng ký khai sinh"), Make("2.000001", "Khai tử")}).ok());
  auto all = procedures_->Procedures();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].code, "1.000893");
  EXPECT_EQ((*all)[0].name, "Đăng ký khai sinh");
  EXPECT_EQ((*all)[0].form_titles, std::vector<std::string>({"Tờ khai đăng ký khai sinh", "Giấy chứng sinh"}));
  EXPECT_TRUE((*all)[0].requires_paper_result);
  EXPECT_EQ((*all)[1].retention, "20");
  auto one = procedures_->FindProcedure("2.000001");
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->name, "Khai tử");
  EXPECT_EQ((*one)->retention, "20");
  auto none = procedures_->FindProcedure("9.999999");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto logged = events_->Events(EventFilter{.type = "catalog import"});
  ASSERT_TRUE(logged.ok());
  EXPECT_EQ(logged->size(), 2u);
}

TEST_P(CatalogContractTest, ABadProcedureCatalogChangesNothing) {
  const Status twice = procedures_->ReplaceProcedures({Make("1.000893", "Khai sinh"), Make("1.000893", "Lại")});
  EXPECT_EQ(twice.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(twice.message().find("appears twice"), std::string::npos) << twice.message();
  Procedure piped = Make("1.000894", "Kết hôn");
  piped.form_titles = {"Tờ khai | bản sao"};
  EXPECT_EQ(procedures_->ReplaceProcedures({piped}).code(), StatusCode::kInvalidArgument);
  auto all = procedures_->Procedures();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), BuiltinProcedures().size());
}

TEST_P(CatalogContractTest, EventsComeBackOldestFirstWithTheirDefaultsAndTime) {
  ASSERT_TRUE(events_->AppendEvent({"ingestion", "000.31.22.H32-240101-0001", "", "", "3 pages", ""}).ok());
  ASSERT_TRUE(events_->AppendEvent({"view", "000.31.22.H32-240101-0001", "lan", "success", "", ""}).ok());
  ASSERT_TRUE(events_->AppendEvent({"login", "minh", "minh", "failure", "from 10.0.0.7", ""}).ok());
  auto all = events_->Events("");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  // The built-in procedure catalog is not an event of this home.
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].type, "ingestion");
  EXPECT_EQ((*all)[0].actor, "sohoa");
  EXPECT_EQ((*all)[0].outcome, "success");
  EXPECT_EQ((*all)[0].detail, "3 pages");
  EXPECT_TRUE(std::regex_match((*all)[0].at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"))) << (*all)[0].at;
  EXPECT_EQ((*all)[2].outcome, "failure");
  auto of_dossier = events_->Events("000.31.22.H32-240101-0001");
  ASSERT_TRUE(of_dossier.ok());
  EXPECT_EQ(of_dossier->size(), 2u);
}

TEST_P(CatalogContractTest, EventFiltersCombine) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(events_->AppendEvent({"view", "hs-" + std::to_string(i % 2), i < 3 ? "lan" : "minh", "", "", ""}).ok());
  }
  auto by_lan = events_->Events(EventFilter{.actor = "lan"});
  ASSERT_TRUE(by_lan.ok());
  EXPECT_EQ(by_lan->size(), 3u);
  auto lan_on_0 = events_->Events(EventFilter{.object = "hs-0", .actor = "lan", .type = "view"});
  ASSERT_TRUE(lan_on_0.ok());
  EXPECT_EQ(lan_on_0->size(), 2u);
  auto newest = events_->Events(EventFilter{.limit = 2});
  ASSERT_TRUE(newest.ok());
  ASSERT_EQ(newest->size(), 2u);
  EXPECT_EQ((*newest)[0].actor, "minh");
  EXPECT_EQ((*newest)[1].object, "hs-0");
  auto today = events_->Events(EventFilter{.since = (*newest)[0].at.substr(0, 10)});
  ASSERT_TRUE(today.ok());
  EXPECT_EQ(today->size(), 5u);
  auto future = events_->Events(EventFilter{.since = "2999-01-01T00:00:00Z"});
  ASSERT_TRUE(future.ok());
  EXPECT_TRUE(future->empty());
}

TEST_P(CatalogContractTest, AMalformedEventOrFilterIsRefused) {
  EXPECT_EQ(events_->AppendEvent({"", "x", "", "", "", ""}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(events_->AppendEvent({"view", "", "", "", "", ""}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(events_->AppendEvent({"view", "x", "", "maybe", "", ""}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(events_->Events(EventFilter{.since = "15/03/2024"}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(events_->Events(EventFilter{.limit = -1}).status().code(), StatusCode::kInvalidArgument);
  auto all = events_->Events("");
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogContractTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& backend) { return backend.param; });

// What only the PostgreSQL catalog has: its schema's own version, its text
// search configuration, and the log's protection in the database itself.
class PostgresSchemaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (cluster == nullptr && no_cluster_because.empty()) {
      cluster = testing::PostgresCluster::Start(&no_cluster_because).release();
    }
  }
  void SetUp() override {
    if (cluster == nullptr) GTEST_SKIP() << no_cluster_because;
  }
  postgres::Connection Connect(const std::string& url) {
    auto connection = postgres::Connection::Open(url, "the test database");
    EXPECT_TRUE(connection.ok()) << connection.status().ToString();
    return std::move(connection).value();
  }
};

TEST_F(PostgresSchemaTest, WorkersStartingTogetherMigrateOnceAndAgainChangesNothing) {
  auto url = FreshDatabase();
  ASSERT_TRUE(url.ok());
  std::vector<std::thread> workers;
  std::vector<Status> outcomes(4);
  for (int i = 0; i < 4; ++i) {
    workers.emplace_back([&, i] {
      auto db = postgres::Connection::Open(*url, "the test database");
      outcomes[static_cast<std::size_t>(i)] = db.ok() ? postgres::Migrate(*db) : db.status();
    });
  }
  for (auto& w : workers) w.join();
  for (const Status& outcome : outcomes) EXPECT_TRUE(outcome.ok()) << outcome.ToString();
  postgres::Connection db = Connect(*url);
  auto version = postgres::SchemaVersion(db);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, LatestPostgresCatalogVersion());
  auto count = db.Query("SELECT count(*) FROM procedures");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->Int(0, 0), static_cast<std::int64_t>(BuiltinProcedures().size()));
  EXPECT_TRUE(postgres::Migrate(db).ok());
}

TEST_F(PostgresSchemaTest, AnotherProgramsDatabaseOrANewerSchemaIsRefused) {
  auto other = FreshDatabase();
  ASSERT_TRUE(other.ok());
  postgres::Connection theirs = Connect(*other);
  ASSERT_TRUE(theirs.Run("CREATE TABLE invoices (id int)").ok());
  const Status refused = postgres::Migrate(theirs);
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument) << refused.ToString();
  EXPECT_NE(refused.message().find("another program"), std::string::npos) << refused.message();

  auto newer = FreshDatabase();
  ASSERT_TRUE(newer.ok());
  postgres::Connection ours = Connect(*newer);
  ASSERT_TRUE(postgres::Migrate(ours).ok());
  ASSERT_TRUE(ours.Run("UPDATE sohoa_catalog SET version = version + 1").ok());
  const Status too_new = postgres::Migrate(ours);
  EXPECT_EQ(too_new.code(), StatusCode::kUnsupported) << too_new.ToString();
  EXPECT_NE(too_new.message().find("upgrade sohoa"), std::string::npos) << too_new.message();
}

TEST_F(PostgresSchemaTest, SearchFoldsVietnameseAndTheLogCannotBeRewritten) {
  auto url = FreshDatabase();
  ASSERT_TRUE(url.ok());
  postgres::Connection db = Connect(*url);
  ASSERT_TRUE(postgres::Migrate(db).ok());
  auto folded = db.Query("SELECT to_tsvector('sohoa_folded', $1)::text", {"Đặng Văn Đức ĐẶNG"});
  ASSERT_TRUE(folded.ok()) << folded.status().ToString();
  EXPECT_EQ(folded->Text(0, 0), "'dang':1,4 'duc':3 'van':2");
  auto matched = db.Query("SELECT to_tsvector('sohoa_folded', $1) @@ plainto_tsquery('sohoa_folded', $2)",
                          {"Giấy khai sinh của Nguyễn Thị Hoà", "nguyen thi hoa"});
  ASSERT_TRUE(matched.ok());
  EXPECT_EQ(matched->Text(0, 0), "t");

  ASSERT_TRUE(postgres::InsertEvent(db, {"view", "hs-1", "lan", "", "", ""}).ok());
  EXPECT_FALSE(db.Run("UPDATE events SET actor = 'someone else'").ok());
  EXPECT_FALSE(db.Run("DELETE FROM events").ok());
  EXPECT_FALSE(db.Run("TRUNCATE events").ok());
  auto kept = db.Query("SELECT actor FROM events");
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept->size(), 1);
  EXPECT_EQ(kept->Text(0, 0), "lan");
}

// A dossier of one page holding `text`, received by an agency of
// province H32.
DossierRecord OnePageDossier(const std::string& code, const std::string& text) {
  DossierRecord d;
  d.code = code;
  d.code_source = kSourceFilename;
  d.agency_code = "000.00.24.H32";
  DocumentRecord doc;
  doc.kind = "form";
  doc.source_sha256 = std::string(64, code.back());
  doc.source_name = "scan.pdf";
  doc.media_type = "application/pdf";
  PageRecord page;
  page.number = 1;
  page.text = text;
  page.image_sha256 = std::string(64, 'a');
  doc.pages.push_back(page);
  d.documents.push_back(doc);
  return d;
}

// The leaves of search_pages, comma-separated.
std::string SearchLeaves(postgres::Connection& db) {
  auto leaves = db.Query("SELECT string_agg(relid::regclass::text, ',' ORDER BY relid::regclass::text) "
                         "FROM pg_partition_tree('search_pages') WHERE isleaf");
  EXPECT_TRUE(leaves.ok()) << leaves.status().ToString();
  return leaves.ok() ? leaves->Text(0, 0) : "";
}

// The dossiers of a search's hits.
std::set<std::string> DossiersOf(const std::vector<SearchHit>& hits) {
  std::set<std::string> codes;
  for (const SearchHit& hit : hits) codes.insert(hit.dossier_code);
  return codes;
}

// Schema 4: a province's search rows lie in ranges of 262,144 page ids,
// made as pages arrive, so that a search's slice of ids reads one range's
// GIN index; a search finds the pages of every range.
TEST_F(PostgresSchemaTest, SearchRowsLieInRangesOfPageIdsAndASliceReadsOne) {
  auto url = FreshDatabase();
  ASSERT_TRUE(url.ok());
  auto opened = postgres::OpenPgCatalog(*url, "the test database");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<Catalog> catalog = std::move(opened).value();
  ASSERT_TRUE(catalog->StoreDossier(OnePageDossier("HS-1", "Nguyễn Văn An nộp hồ sơ")).ok());
  postgres::Connection db = Connect(*url);
  ASSERT_TRUE(db.Run("ALTER TABLE pages ALTER COLUMN id RESTART WITH 600000").ok());
  ASSERT_TRUE(catalog->StoreDossier(OnePageDossier("HS-2", "Nguyễn Văn An nhận kết quả")).ok());

  EXPECT_EQ(SearchLeaves(db), "search_pages_h32_r0,search_pages_h32_r2,search_pages_none_r0");
  auto hits = catalog->Search("Nguyễn Văn An", 10);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_EQ(DossiersOf(*hits), (std::set<std::string>{"HS-1", "HS-2"}));

  auto plan = db.Query("EXPLAIN SELECT count(*) FROM search_pages WHERE words @@ 'an'::tsquery "
                       "AND page_id BETWEEN 590000 AND 600100");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::string text;
  for (int i = 0; i < plan->size(); ++i) text += plan->Text(i, 0) + "\n";
  EXPECT_NE(text.find("search_pages_h32_r2"), std::string::npos) << text;
  EXPECT_EQ(text.find("search_pages_h32_r0"), std::string::npos) << text;
}

// A catalog indexed under schema 3 (one search table per province) is
// upgraded without rewriting its rows: they stay where they were, as the
// province's first range, and are found beside pages indexed afterwards.
TEST_F(PostgresSchemaTest, AnUpgradeFromSchema3KeepsItsSearchRowsWhereTheyAre) {
  auto url = FreshDatabase();
  ASSERT_TRUE(url.ok());
  {
    postgres::Connection db = Connect(*url);
    ASSERT_TRUE(db.Script("CREATE TABLE sohoa_catalog (application text PRIMARY KEY, version integer NOT NULL);"
                          "INSERT INTO sohoa_catalog VALUES ('sohoa', 3);")
                    .ok());
    for (const Migration& m : PostgresCatalogMigrations()) {
      if (m.version <= 3) {
        ASSERT_TRUE(db.Script(m.sql).ok()) << m.name;
      }
    }
    // A page indexed as schema 3's IndexDossier indexed it (its words and its buckets).
    ASSERT_TRUE(db.Script("SELECT sohoa_search_partition('000.00.00.H32');"
                          "INSERT INTO dossiers (code, agency_code) VALUES ('HS-OLD', '000.00.24.H32');"
                          "INSERT INTO documents (dossier_id, number, kind) SELECT id, 1, 'form' FROM dossiers;"
                          "INSERT INTO pages (document_id, number, text) SELECT id, 1, 'Trần Thị Bình' FROM documents;"
                          "INSERT INTO search_pages (page_id, province, dossier_id, document, page, kind, tokens, "
                          "meta, facets, words) SELECT p.id, '000.00.00.H32', d.id, 1, 1, 'form', 3, '', '', "
                          "'binh thi tran =trần =bình ~a0 ~b0 ~c0 ~d0 ~e0'::tsvector FROM pages p, dossiers d;")
                    .ok());
  }
  auto opened = postgres::OpenPgCatalog(*url, "the test database");  // upgrades to the latest schema
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<Catalog> catalog = std::move(opened).value();
  postgres::Connection db = Connect(*url);
  EXPECT_EQ(SearchLeaves(db), "search_pages_h32_r0,search_pages_none_r0");
  auto kept = db.Query("SELECT count(*) FROM search_pages_h32_r0");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->Int(0, 0), 1);

  ASSERT_TRUE(db.Run("ALTER TABLE pages ALTER COLUMN id RESTART WITH 300000").ok());
  ASSERT_TRUE(catalog->StoreDossier(OnePageDossier("HS-NEW", "Trần Thị Bình")).ok());
  EXPECT_EQ(SearchLeaves(db), "search_pages_h32_r0,search_pages_h32_r1,search_pages_none_r0");
  auto hits = catalog->Search("binh", 10);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_EQ(DossiersOf(*hits), (std::set<std::string>{"HS-NEW", "HS-OLD"}));
}

}  // namespace
}  // namespace sohoa::archive
