// Moving a home's SQLite catalog into PostgreSQL (archive/migrate.h): every
// table with its ids, the counts the triggers keep not counted twice, the
// sequences past the ids copied; a migration stopped or failing half-way
// goes on to the same end; a target holding something else is refused; a
// row changed on either side is found.
//
// The source is always SQLite and the target PostgreSQL, whichever backend
// the suite runs on (SOHOA_TEST_CATALOG), so these tests open both
// themselves instead of through SOHOA_OPEN_TEST_CATALOG.
#include "archive/migrate.h"

#include <gtest/gtest.h>

#include <ctime>

#include "archive/agencies.h"
#include "archive/jobs.h"
#include "archive/keying.h"
#include "archive/rates.h"
#include "archive/retention.h"
#include "archive/sqlite/catalog.h"
#include "archive/storage.h"
#include "archive/users.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

constexpr const char* kBirth = "000.31.22.H32-240105-0001";
constexpr const char* kMarriage = "000.31.22.H32-240106-0002";
constexpr const char* kOld = "000.31.22.H32-100301-0003";
constexpr const char* kBook = "KS-2020-01";

// A MigrationTarget that fails its `fail_at`-th Write, as a server that
// went away or a disk that filled up would, after the rows were sent.
class FailingTarget final : public MigrationTarget {
 public:
  FailingTarget(MigrationTarget& real, int fail_at) : real_(real), fail_at_(fail_at) {}
  const std::string& display() const override { return real_.display(); }
  Result<std::vector<TargetTable>> Tables() override { return real_.Tables(); }
  Result<MigrationState> State() override { return real_.State(); }
  Result<std::string> FirstNonEmpty(const std::vector<std::string>& t) override { return real_.FirstNonEmpty(t); }
  Status Begin(const std::string& source) override { return real_.Begin(source); }
  Status Write(const MigrationTable& table, const std::vector<MigrationRow>& rows) override {
    if (++writes_ == fail_at_) return Unavailable("the test's server went away");
    return real_.Write(table, rows);
  }
  Status Finish(const MigrationTable& table) override { return real_.Finish(table); }
  Result<int> IndexSearch(int limit, std::int64_t* done, std::int64_t* total) override {
    return real_.IndexSearch(limit, done, total);
  }
  Result<std::int64_t> Count(const MigrationTable& table) override { return real_.Count(table); }
  Result<std::unique_ptr<RowCursor>> Rows(const MigrationTable& table) override { return real_.Rows(table); }
  Status MarkVerified() override { return real_.MarkVerified(); }

 private:
  MigrationTarget& real_;
  const int fail_at_;
  int writes_ = 0;
};

// What a rates report says, to compare two.
std::string RatesText(const Result<RatesReport>& report) {
  if (!report.ok()) return "error: " + report.status().ToString();
  const auto cell = [](const RateCell& c) { return std::to_string(c.numerator) + "/" + std::to_string(c.denominator); };
  std::string out = std::to_string(report->register_rows) + " rows, " + std::to_string(report->undated) +
                    " undated, " + std::to_string(report->unregistered) + " unregistered\n";
  std::vector<RateRow> rows = report->rows;
  rows.push_back(report->total);
  for (const RateRow& row : rows) {
    for (const std::string& key : row.keys) out += key + " ";
    out += std::to_string(row.received) + " " + std::to_string(row.archived) + " " + cell(row.digitization) + " " +
           cell(row.e_result) + " " + cell(row.reuse) + " " + cell(row.missed_reuse) + "\n";
  }
  return out;
}

class MigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!TestCluster::Get().cluster) GTEST_SKIP() << TestCluster::Get().why;
    home_.root = dir_.path() / "home";
    ASSERT_TRUE(InitHome(home_).ok());
    auto opened = Catalog::Open(home_.catalog(), false);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    catalog_ = std::move(opened).value();
  }

  // A new database holding a new, empty catalog (copied from the suite's
  // template, as fast as an empty one); `bare`: nothing at all, not even
  // the schema. Its URL.
  std::string EmptyDatabase(bool bare = false) {
    TestCluster& shared = TestCluster::Get();
    if (!bare) {
      auto url = shared.FreshDatabase();
      EXPECT_TRUE(url.ok()) << url.status().ToString();
      return url.ok() ? *url : "";
    }
    auto admin = postgres::Connection::Open(shared.cluster->UrlOf("postgres"), "the test cluster");
    EXPECT_TRUE(admin.ok()) << admin.status().ToString();
    const std::string name = "migrate_" + std::to_string(++shared.databases);
    Status made = admin.ok() ? admin->Run("CREATE DATABASE " + name) : admin.status();
    EXPECT_TRUE(made.ok()) << made.ToString();
    return shared.cluster->UrlOf(name);
  }

  Result<MigrationResult> MigrateTo(const std::string& url, MigrateOptions options = {}) {
    SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<MigrationSource> source, OpenSqliteMigrationSource(home_.catalog()));
    SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<MigrationTarget> target,
                           OpenPostgresMigrationTarget(url, "the test database"));
    return Migrate(*source, *target, options);
  }

  // The first column of the first row of `sql` on the database at `url`.
  static std::string Query(const std::string& url, const std::string& sql) {
    auto db = postgres::Connection::Open(url, "the test database");
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return "";
    auto rows = db->Query(sql);
    EXPECT_TRUE(rows.ok()) << sql << ": " << rows.status().ToString();
    return rows.ok() && !rows->empty() ? rows->Text(0, 0) : "";
  }
  std::string SqliteQuery(const std::string& sql) {
    auto text = internal::CatalogAccess::DbOf(*catalog_).QueryText(sql);
    EXPECT_TRUE(text.ok()) << sql << ": " << text.status().ToString();
    return text.ok() ? *text : "";
  }

  static void ExpectVerified(const Result<MigrationResult>& result) {
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_FALSE(result->stopped);
    for (const TableCheck& check : result->checks) {
      EXPECT_TRUE(check.same()) << check.table << ": SQLite " << check.source_rows << " rows, PostgreSQL "
                                << check.target_rows << ", first difference at " << check.first_difference;
    }
    EXPECT_TRUE(result->verified);
  }

  static const TableCheck* CheckOf(const MigrationResult& result, const std::string& table) {
    for (const TableCheck& check : result.checks) {
      if (check.table == table) return &check;
    }
    return nullptr;
  }

  void Ok(const Status& status) { ASSERT_TRUE(status.ok()) << status.ToString(); }
  template <typename T>
  void Ok(const Result<T>& result) {
    ASSERT_TRUE(result.ok()) << result.status().ToString();
  }

  // A little of everything a home holds, through the SQLite catalog's own
  // writers.
  void Fill() {
    Procedure birth{"1.001193", "Đăng ký khai sinh", "Hộ tịch", "xa", {"Tờ khai đăng ký khai sinh"},
                    {"Giấy khai sinh"}, true, "", "permanent"};
    Procedure marriage{"1.000894", "Đăng ký kết hôn", "Hộ tịch", "xa", {"Tờ khai đăng ký kết hôn"}, {}, false, "", ""};
    Procedure land{"1.004227", "Chuyển nhượng quyền sử dụng đất", "Đất đai", "huyen", {}, {}, false, "", "5"};
    Ok(catalog_->ReplaceProcedures({birth, marriage, land}));

    DossierRecord d = MakeDossier(kBirth, "Nguyễn Văn Đức", "1.001193", "Đăng ký khai sinh");
    d.agency_code = "000.31.22.H32";
    d.received_date = "2024-01-05";
    d.field = "Hộ tịch";
    d.procedure_confidence = 0.8734567f;
    d.procedure_evidence = "mã 1.001193 in trên phiếu tiếp nhận";
    d.documents.push_back(MakeDocument(kKindReceipt, FakeSha('a'), {"PHIẾU TIẾP NHẬN HỒ SƠ", "trang hai"}));
    d.documents.push_back(MakeDocument(kKindResult, FakeSha('b'), {"GIẤY KHAI SINH Nguyễn Văn Đức"}));
    PageRecord& page = d.documents[0].pages[0];
    page.words = {{"PHIẾU", {10, 20, 120, 30}, 96.5f}, {"TIẾP", {140, 20, 90, 30}, 93.25f}};
    page.barcodes = {{"QRCode", kBirth, {1800, 100, 300, 300}}};
    page.skew_degrees = -0.35f;
    page.confidence = 91.123456f;
    d.documents[0].pdf_sha256 = FakeSha('p');
    d.fields.push_back({"applicant_name", "Nguyễn Văn Đức", 0.93f, kSourceOcr, 1, 1, {120, 340, 600, 40},
                        "nhãn 'Họ và tên' trên phiếu", true});
    d.fields.push_back({"citizen_id", "046090001234", 1.0f, kSourceBarcode});
    d.fields.push_back({"address", "Vĩnh Phước, Nha Trang", 0.42f, kSourceOcr, 1, 2, {}, "", true});
    Ok(catalog_->StoreDossier(d));
    Ok(catalog_->MarkSourceComplete(FakeSha('a'), 1));

    DossierRecord m = MakeDossier(kMarriage, "Trần Thị Hoa", "1.000894", "Đăng ký kết hôn");
    m.received_date = "2024-01-06";
    m.documents.push_back(MakeDocument(kKindForm, FakeSha('c'), {"TỜ KHAI ĐĂNG KÝ KẾT HÔN"}));
    Ok(catalog_->StoreDossier(m));

    DossierRecord old = MakeDossier(kOld, "Lê Văn Cũ", "1.004227", "Chuyển nhượng quyền sử dụng đất");
    old.received_date = "2010-03-01";
    old.documents.push_back(MakeDocument(kKindOther, FakeSha('d'), {"hợp đồng chuyển nhượng"}));
    Ok(catalog_->StoreDossier(old));

    Ok(catalog_->CorrectField(kBirth, "applicant_name", "Nguyễn Văn Đực", "lan"));
    Ok(catalog_->StoreClassifierExample({kBirth, "1.001193", "manual", {{"khai", 2}, {"sinh", 3}}}));
    Ok(catalog_->AppendEvent({"view", kBirth, "lan", "success", "từ trình duyệt", ""}));
    // A bag's events keep their own times, as PREMIS wrote them.
    auto last = catalog_->LastEventId();
    Ok(last);
    Ok(catalog_->RecordImport(kMarriage, *last,
                              {{"ingestion", "", "sohoa", "success", "scanned", "2023-12-01T10:00Z"},
                               {"message digest calculation", "", "sohoa", "success", "", "2023-12-01T10:00:05.5Z"}},
                              "000.31.22.H32-240106-0002", "2024-01-06", "lan", "bag import"));

    std::vector<RegisterRow> rows(3);
    rows[0] = {kBirth, "1.001193", "Đăng ký khai sinh", "000.31.22.H32", "UBND phường Vĩnh Phước", "2024-01-05",
               "2024-01-08", "trực tiếp", true};
    rows[1] = {kMarriage, "1.000894", "Đăng ký kết hôn", "", "", "2024-01-06", "", "trực tuyến", false};
    rows[2] = {"000.31.22.H32-240107-0004", "1.001193", "Đăng ký khai sinh", "", "", "2024-01-07", "", "",
               std::nullopt};
    Ok(StoreRegister(*catalog_, rows, "register.csv", "lan"));
    Ok(StoreAgencyNames(*catalog_, {{"000.00.22.H32", "UBND thành phố Nha Trang"}}, "agencies.csv", "lan"));
    Ok(RecordReuse(*catalog_, "000.31.22.H32-240107-0004", std::string(kBirth) + ".1", "Tờ khai", "lan"));

    auto blobs = OpenBlobStore(home_);
    Ok(blobs);
    Ok(DeleteDossier(*catalog_, **blobs, {kOld, "lan", "QĐ 12/2024/QĐ-UBND", "2024-06-01", false}));

    BookRecord book;
    book.id = kBook;
    book.type = "khai_sinh";
    book.commune = "xã Vĩnh Phương";
    book.agency_code = "000.31.22.H32";
    book.volume = "01";
    book.year = 2020;
    book.entries_expected = 120;
    book.title = "SỔ ĐĂNG KÝ KHAI SINH";
    Ok(catalog_->StoreBook(book));
    BookPageRecord read;
    read.book_id = kBook;
    read.number = 1;
    read.image_sha256 = FakeSha('e');
    read.source_name = "so-khai-sinh.pdf";
    read.header = "SỔ ĐĂNG KÝ KHAI SINH năm 2020";
    read.confidence = 88.5f;
    read.entries.push_back(
        {0, kBook, 1, 1, "12", {{"no", "12", 0.99f}, {"name", "Lê Thị Mai", 0.81f}}, 0.81f, FakeSha('e'), "read"});
    Ok(catalog_->StoreBookPage(read));
    BookPageRecord handwritten;
    handwritten.book_id = kBook;
    handwritten.number = 2;
    handwritten.image_sha256 = FakeSha('f');
    handwritten.source_page = 1;
    Ok(catalog_->StoreBookPage(handwritten));
    Keying keying(*catalog_);
    Ok(keying.StoreSlots({kBook, 2, {{Box{100, 200, 3000, 80}, {{"no", "13"}}}, {Box{100, 280, 3000, 80}, {}}}}));
    Ok(keying.Assign({0, kBook, 2, 2, "lan", "manager", ""}));
    Ok(keying.Assign({0, kBook, 2, 2, "hoa", "manager", ""}));
    auto slot = keying.NextSlot("lan");
    Ok(slot);
    ASSERT_TRUE(slot->has_value());
    const KeyedValues values = {{"no", "13"}, {"name", "Phạm Văn An"}, {"dob", "03/04/2020"}};
    Ok(keying.SaveKeying({(*slot)->id, "lan", false, values, {"date_partial"}, 12.3456789, ""}));
    Ok(keying.SaveKeying({(*slot)->id, "hoa", false, values, {}, 7.25, ""}));
    Ok(keying.NextSlot("lan"));  // holds the second slot

    User lan;
    lan.name = "lan";
    lan.role = Role::kArchivist;
    lan.agencies = {"000.00.22.H32"};
    Ok(AddUser(*catalog_, lan, "mật khẩu dài 2024", "admin"));
    Ok(IssueToken(*catalog_, "lan", "máy quét", "admin"));
    Ok(StartSession(*catalog_, lan, std::time(nullptr), 3600));

    // The queue with a job in each state: their times and leases come as they were.
    JobQueue& jobs = catalog_->jobs();
    for (const char* name : {"done.pdf", "failed.pdf", "leased.pdf", "waiting.pdf"}) {
      Ok(jobs.Enqueue({"ingest", std::string("inbox/") + name, R"({"name":")" + std::string(name) + R"("})",
                       "000.00.00.H32", 3}));
    }
    std::vector<JobLease> leases;
    for (int i = 0; i < 3; ++i) {
      auto claimed = jobs.Claim("may-1:4711", {"ingest"}, 600);
      Ok(claimed);
      ASSERT_TRUE(claimed->has_value());
      leases.push_back((*claimed)->lease());
    }
    Ok(jobs.Complete(leases[0], R"({"dossiers":1})"));
    Ok(jobs.Fail(leases[1], "không đọc được tệp: PDF hỏng", false));
  }

  testing::TempDir dir_;
  HomeLayout home_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(MigrateTest, CopiesEveryTableWithItsIdsAndFindsBothTheSame) {
  Fill();
  if (HasFatalFailure()) return;
  const std::string url = EmptyDatabase(/*bare=*/true);
  auto result = MigrateTo(url, {.batch = 2});
  ExpectVerified(result);
  if (!result.ok()) return;

  for (const char* table :
       {"dossiers", "documents", "pages", "fields", "events", "procedures", "register", "agencies", "reuse",
        "deletions", "sources", "classifier_examples", "classifier_terms", "package_imports", "books", "book_pages",
        "book_entries", "book_entry_fields", "book_slots", "keyings", "keying_holds", "keying_assignments",
        "book_keying_counts", "users", "user_agencies", "user_tokens", "user_sessions", "jobs"}) {
    const TableCheck* check = CheckOf(*result, table);
    ASSERT_NE(check, nullptr) << table << " was not copied";
    EXPECT_GT(check->source_rows, 0) << table << ": the test should give it a row";
    EXPECT_EQ(check->source_rows, std::stoll(Query(url, std::string("SELECT count(*) FROM ") + table))) << table;
  }
  EXPECT_EQ(CheckOf(*result, "search_pages"), nullptr) << "SQLite's own search tables stay behind";
  EXPECT_EQ(CheckOf(*result, "page_search"), nullptr);

  // Ids kept, so every reference still points where it did.
  EXPECT_EQ(Query(url, "SELECT string_agg(id::text, ',' ORDER BY id) FROM events"),
            SqliteQuery("SELECT group_concat(id, ',') FROM (SELECT id FROM events ORDER BY id)"));
  EXPECT_EQ(Query(url, "SELECT id FROM dossiers WHERE code = '" + std::string(kBirth) + "'"),
            SqliteQuery("SELECT id FROM dossiers WHERE code = '" + std::string(kBirth) + "'"));
  // The source's procedure catalog replaced the built-in one.
  EXPECT_EQ(Query(url, "SELECT string_agg(code, ',' ORDER BY code) FROM procedures"), "1.000894,1.001193,1.004227");
  // Counts kept by triggers are the source's, not counted again as rows came.
  EXPECT_EQ(Query(url, "SELECT page_count FROM documents WHERE number = 1 AND dossier_id = "
                       "(SELECT id FROM dossiers WHERE code = '" + std::string(kBirth) + "')"),
            "2");
  EXPECT_EQ(Query(url, "SELECT paged_documents || '/' || paged_results FROM dossiers WHERE code = '" +
                           std::string(kBirth) + "'"),
            "2/1");
  EXPECT_EQ(Query(url, "SELECT slots || '/' || keyed || '/' || verified FROM book_keying_counts"), "2/1/1");
  // Flags, bytes, times and the generated columns.
  EXPECT_EQ(Query(url, "SELECT needs_review::text FROM fields WHERE name = 'address'"), "true");
  EXPECT_EQ(Query(url, "SELECT encode(words, 'hex') FROM pages WHERE words IS NOT NULL LIMIT 1"),
            SqliteQuery("SELECT lower(hex(words)) FROM pages WHERE words IS NOT NULL LIMIT 1"));
  EXPECT_EQ(Query(url, "SELECT " + postgres::IsoTime("at") + " FROM events WHERE detail = 'scanned'"),
            "2023-12-01T10:00:00.000Z");
  EXPECT_EQ(Query(url, "SELECT province FROM dossiers WHERE code = '" + std::string(kBirth) + "'"), "000.00.00.H32");
  EXPECT_EQ(Query(url, "SELECT coalesce(last_used_at::text, 'NULL') FROM user_tokens"), "NULL")
      << "an empty time is NULL";

  // The search index was built: the pages, the dossier's words and the
  // register books' entries are found on PostgreSQL as on SQLite.
  auto pg = postgres::OpenPgCatalog(url, "the test database");
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  for (const std::string query : {"tiep nhan", "Đức", "kết hôn"}) {
    auto on_sqlite = catalog_->Search(query, 10);
    auto on_postgres = (*pg)->Search(query, 10);
    ASSERT_TRUE(on_sqlite.ok() && on_postgres.ok()) << query << ": " << on_postgres.status().ToString();
    ASSERT_FALSE(on_sqlite->empty()) << query;
    ASSERT_EQ(on_postgres->size(), on_sqlite->size()) << query;
    for (std::size_t i = 0; i < on_sqlite->size(); ++i) {
      EXPECT_EQ((*on_postgres)[i].dossier_code, (*on_sqlite)[i].dossier_code) << query;
      EXPECT_EQ((*on_postgres)[i].page, (*on_sqlite)[i].page) << query;
    }
  }
  for (const std::string query : {"Lê Thị Mai", "pham van an"}) {
    auto entries = (*pg)->SearchBookEntries(query, 10);
    ASSERT_TRUE(entries.ok()) << entries.status().ToString();
    EXPECT_EQ(entries->size(), 1u) << query << ": a register book's entry copied is found too";
  }

  // The rates, which PostgreSQL reads from rows its triggers keep, say the
  // same as on SQLite.
  for (const std::vector<RateDimension>& by :
       {std::vector<RateDimension>{}, {RateDimension::kAgency}, {RateDimension::kProcedure, RateDimension::kMonth}}) {
    RateQuery query;
    query.by = by;
    EXPECT_EQ(RatesText(ComputeRates(**pg, query)), RatesText(ComputeRates(*catalog_, query)));
  }

  const auto backlog = [](const Result<std::vector<BacklogRow>>& rows) {
    if (!rows.ok()) return "error: " + rows.status().ToString();
    std::string out;
    for (const BacklogRow& r : *rows) {
      out += r.type + " " + r.agency_code + " " + r.agency_name + " " + std::to_string(r.year) + " " +
             std::to_string(r.books) + " " + std::to_string(r.entries_digitized) + " " +
             std::to_string(r.entries_keyed) + " " + std::to_string(r.entries_verified) + "\n";
    }
    return out;
  };
  EXPECT_EQ(backlog(ComputeBacklog(**pg)), backlog(ComputeBacklog(*catalog_)));
  auto report = (*pg)->Report();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->pages, std::stoll(SqliteQuery("SELECT count(*) FROM pages")));
  EXPECT_EQ(report->digitization.numerator, catalog_->Report()->digitization.numerator);

  // The sequences are past the ids copied: what the new catalog writes next
  // takes a new id.
  const std::string last_event = Query(url, "SELECT max(id) FROM events");
  Ok((*pg)->AppendEvent({"view", kBirth, "hoa", "success", "", ""}));
  EXPECT_EQ(std::stoll(Query(url, "SELECT max(id) FROM events")), std::stoll(last_event) + 1);
  for (const char* table : {"dossiers", "documents", "pages", "fields", "book_pages", "book_entries", "book_slots",
                            "keying_assignments", "deletions", "reuse", "package_imports"}) {
    EXPECT_EQ(Query(url, std::string("SELECT nextval(pg_get_serial_sequence('") + table + "', 'id')) > max(id) FROM " +
                             table),
              "t")
        << table;
  }

  // The queue goes on where SQLite left it: the job leased there is still
  // its worker's, the waiting one is claimed next, a new one takes a new id.
  JobQueue& jobs = (*pg)->jobs();
  auto leased = jobs.List(JobState::kLeased, 10);
  Ok(leased);
  ASSERT_EQ(leased->size(), 1u);
  EXPECT_EQ(leased->front().lease_until, SqliteQuery("SELECT lease_until FROM jobs WHERE state = 'leased'"));
  auto next = jobs.Claim("may-2:99", {}, 60);
  Ok(next);
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->dedup_key, "inbox/waiting.pdf");
  Ok(jobs.Complete(leased->front().lease(), ""));
  auto added = jobs.Enqueue({"ingest", "inbox/new.pdf", "", "", 3});
  Ok(added);
  EXPECT_GT(added->job.id, (*next)->id);
}

// Agency names a register import kept before SQLite schema 8 have no time
// of change (''): they are copied as having none, not refused.
TEST_F(MigrateTest, AnAgencyNameFromBeforeSchemaEightHasNoTimeAndIsCopied) {
  Fill();
  if (HasFatalFailure()) return;
  ASSERT_TRUE(internal::CatalogAccess::DbOf(*catalog_)
                  .Exec("INSERT INTO agencies (code, name, source, updated_at) "
                        "VALUES ('000.00.23.H32', 'UBND TP. Cam Ranh', 'register', '')")
                  .ok());
  const std::string url = EmptyDatabase(/*bare=*/true);
  auto result = MigrateTo(url);
  ExpectVerified(result);
  EXPECT_EQ(Query(url, "SELECT name || '/' || (updated_at IS NULL) FROM agencies WHERE code = '000.00.23.H32'"),
            "UBND TP. Cam Ranh/true");
}

TEST_F(MigrateTest, AMigrationStoppedOrFailingHalfWayGoesOnToTheSameEnd) {
  Fill();
  if (HasFatalFailure()) return;
  const std::string url = EmptyDatabase();

  // A slice at a time: each run stops after 7 batches of one row.
  int runs = 0;
  Result<MigrationResult> result = MigrationResult{};
  do {
    result = MigrateTo(url, {.batch = 1, .max_batches = 7});
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    ASSERT_LT(++runs, 500) << "no progress";
  } while (result->stopped);
  EXPECT_GT(runs, 10);
  ExpectVerified(result);

  // A target failing in the middle of the copy (its ninth batch): that
  // batch is not recorded, the next run writes it again and no row twice.
  const std::string second = EmptyDatabase();
  {
    auto source = OpenSqliteMigrationSource(home_.catalog());
    auto target = OpenPostgresMigrationTarget(second, "the test database");
    ASSERT_TRUE(source.ok() && target.ok());
    FailingTarget failing(**target, 9);
    auto failed = Migrate(**source, failing, {.batch = 1});
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.status().message().find("the test's server went away"), std::string::npos)
        << failed.status().ToString();
  }
  auto resumed = MigrateTo(second, {.batch = 1});
  ExpectVerified(resumed);
  ASSERT_TRUE(resumed.ok());
  for (const TableCheck& check : resumed->checks) {
    EXPECT_EQ(check.target_sha256, CheckOf(*result, check.table)->target_sha256) << check.table;
  }
}

TEST_F(MigrateTest, ABatchLargerThanAStatementTakesIsWrittenInSeveral) {
  // 9,000 events of 7 columns: more values than one PostgreSQL statement takes.
  ASSERT_TRUE(internal::CatalogAccess::DbOf(*catalog_)
                  .Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9000) "
                        "INSERT INTO events (at, type, object, actor, outcome, detail) "
                        "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'view', 'dossier ' || i, 'lan', 'success', '' "
                        "FROM n")
                  .ok());
  const std::string url = EmptyDatabase();
  auto result = MigrateTo(url, {.batch = 9000, .max_batches = 1});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->stopped);
  EXPECT_EQ(Query(url, "SELECT count(*) FROM events"), "9000") << "one batch, one transaction";
  ExpectVerified(MigrateTo(url, {.batch = 9000}));
}

TEST_F(MigrateTest, RefusesATargetHoldingAnotherCatalogAndTouchesNothing) {
  Fill();
  if (HasFatalFailure()) return;
  const std::string url = EmptyDatabase();
  {
    auto other = postgres::OpenPgCatalog(url, "the test database");
    ASSERT_TRUE(other.ok()) << other.status().ToString();
    Ok((*other)->AppendEvent({"view", "000.01.01.H01-200101-0001", "someone", "success", "", ""}));
  }
  auto refused = MigrateTo(url);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("events"), std::string::npos) << refused.status().message();
  EXPECT_EQ(Query(url, "SELECT count(*) FROM events"), "1");
  EXPECT_EQ(Query(url, "SELECT to_regclass('sohoa_migration') IS NULL"), "t");

  auto not_begun = MigrateTo(EmptyDatabase(), {.verify_only = true});
  ASSERT_FALSE(not_begun.ok());
  EXPECT_EQ(not_begun.status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(MigrateTest, RefusesATargetMigratedFromAnotherHome) {
  const std::string url = EmptyDatabase();
  Fill();
  if (HasFatalFailure()) return;
  ExpectVerified(MigrateTo(url));

  HomeLayout other;
  other.root = dir_.path() / "other";
  ASSERT_TRUE(InitHome(other).ok());
  auto source = OpenSqliteMigrationSource(other.catalog());
  auto target = OpenPostgresMigrationTarget(url, "the test database");
  ASSERT_TRUE(source.ok() && target.ok());
  auto refused = Migrate(**source, **target, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find(other.catalog().string()), std::string::npos)
      << refused.status().message();
}

TEST_F(MigrateTest, FindsTheFirstRowThatDiffersOnEitherSide) {
  Fill();
  if (HasFatalFailure()) return;
  const std::string url = EmptyDatabase();
  ExpectVerified(MigrateTo(url));
  const std::string id = SqliteQuery("SELECT id FROM dossiers WHERE code = '" + std::string(kMarriage) + "'");

  auto db = postgres::Connection::Open(url, "the test database");
  ASSERT_TRUE(db.ok());
  Ok(db->Run("UPDATE dossiers SET applicant = 'Trần Thị Hòa' WHERE id = " + id));
  Ok(db->Run("DELETE FROM user_tokens"));
  auto checked = MigrateTo(url, {.verify_only = true});
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_FALSE(checked->verified);
  const TableCheck* dossiers = CheckOf(*checked, "dossiers");
  ASSERT_NE(dossiers, nullptr);
  EXPECT_FALSE(dossiers->same());
  EXPECT_EQ(dossiers->first_difference, "id=" + id);
  EXPECT_EQ(dossiers->source_rows, dossiers->target_rows);
  EXPECT_NE(dossiers->source_sha256, dossiers->target_sha256);
  const TableCheck* tokens = CheckOf(*checked, "user_tokens");
  ASSERT_NE(tokens, nullptr);
  EXPECT_EQ(tokens->target_rows, 0);
  EXPECT_EQ(tokens->first_difference.rfind("token_sha256=", 0), 0u) << tokens->first_difference;
  EXPECT_TRUE(CheckOf(*checked, "events")->same());

  // A row the source gained after the migration is found too.
  Ok(catalog_->AppendEvent({"view", kBirth, "lan", "success", "", ""}));
  auto again = MigrateTo(url, {.verify_only = true});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(CheckOf(*again, "events")->first_difference, "id=" + SqliteQuery("SELECT max(id) FROM events"));
}

TEST_F(MigrateTest, AVerifiedMigrationSwitchesTheHomeAndKeepsItsBlobsSetting) {
  Fill();
  if (HasFatalFailure()) return;
  ASSERT_TRUE(WriteStorageSettings(home_, {"", "blobs"}).ok());
  const std::string url = EmptyDatabase();
  auto migrated = MigrateHome(home_, url, {});
  ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  EXPECT_TRUE(migrated->result.verified);
  EXPECT_TRUE(migrated->switched);
  EXPECT_EQ(migrated->source, home_.catalog());
  auto settings = ReadStorageSettings(home_);
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->catalog_url, url);
  EXPECT_EQ(settings->blobs_url, "blobs");
  auto location = LocateCatalog(home_);
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->kind, CatalogLocation::Kind::kPostgres);

  // The home now on PostgreSQL: --verify-only still finds the file it came from.
  auto checked = MigrateHome(home_, url, {.verify_only = true});
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_TRUE(checked->result.verified);
  EXPECT_EQ(checked->source, home_.catalog());
  auto elsewhere = MigrateHome(home_, EmptyDatabase(), {});
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(MigrateHome(home_, "sqlite:other.db", {}).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(MigrateTest, AMigrationThatDiffersLeavesTheHomeOnSqlite) {
  Fill();
  if (HasFatalFailure()) return;
  const std::string url = EmptyDatabase();
  ExpectVerified(MigrateTo(url, {.max_batches = 0}));
  // Rows written to the source after the copy: found, and the home stays.
  Ok(catalog_->AppendEvent({"view", kBirth, "lan", "success", "", ""}));
  auto migrated = MigrateHome(home_, url, {});
  ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  EXPECT_FALSE(migrated->result.verified);
  EXPECT_FALSE(migrated->switched);
  auto location = LocateCatalog(home_);
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->kind, CatalogLocation::Kind::kSqlite);
}

TEST(MigrationValueTest, TimesReadAsTheSameInstantWhateverTheirForm) {
  EXPECT_EQ(CanonicalMigrationTime("2024-03-15T08:12:33.123Z"), "2024-03-15T08:12:33.123Z");
  EXPECT_EQ(CanonicalMigrationTime("2024-03-15T08:12Z"), "2024-03-15T08:12:00.000Z");
  EXPECT_EQ(CanonicalMigrationTime("2024-03-15T08:12:33.5Z"), "2024-03-15T08:12:33.500Z");
  EXPECT_EQ(CanonicalMigrationTime("2024-03-15T08:12:33.123999Z"), "2024-03-15T08:12:33.123Z");
  EXPECT_EQ(CanonicalMigrationTime("2024-03-15T01:12:33+07:00"), "2024-03-14T18:12:33.000Z");
  EXPECT_EQ(CanonicalMigrationTime("2024-03-15 08:12:33"), "2024-03-15T08:12:33.000Z");
  EXPECT_EQ(CanonicalMigrationTime("1969-12-31T23:59:59.999Z"), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(CanonicalMigrationTime("2024-03-15"), "2024-03-15T00:00:00.000Z");
  EXPECT_EQ(CanonicalMigrationTime(""), std::nullopt);
  EXPECT_EQ(CanonicalMigrationTime("hôm qua"), "hôm qua") << "not a time: left for PostgreSQL to refuse";
  EXPECT_EQ(CanonicalMigrationReal(0.873456789, ColumnKind::kReal), "0.8734568");
  EXPECT_EQ(CanonicalMigrationReal(91.5, ColumnKind::kReal), "91.5");
  EXPECT_EQ(CanonicalMigrationReal(0.873456789, ColumnKind::kDouble), "0.873456789");
}

}  // namespace
}  // namespace sohoa::archive
