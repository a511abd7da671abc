// Opening, migrating and guarding the catalog; procedures; the event log.
#include "archive/catalog.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <thread>

#include "archive/sqlite/sqlite_db.h"
#include "schema/migrations.h"
#include "tests/archive/catalog_fixture.h"
#include "tests/archive/raw_catalog.h"

namespace sohoa::archive {
namespace {

using internal::Db;

// 2024-03-15T08:12:33.123Z. Checked by hand: GCC 12 warns inside <regex>
// when building with sanitizers.
bool IsIsoUtcMillis(const std::string& s) {
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (s.size() != shape.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool ok = shape[i] == 'd' ? (s[i] >= '0' && s[i] <= '9') : s[i] == shape[i];
    if (!ok) return false;
  }
  return true;
}

// A second, raw connection: what any other program could do to the file.
Db RawConnection(const std::filesystem::path& path) {
  auto db = Db::Open(path, false);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return std::move(db).value();
}

TEST_F(CatalogTest, UsesWriteAheadLogging) {
  SOHOA_SQLITE_ONLY();
  Db raw = RawConnection(home_.catalog());
  auto mode = raw.QueryText("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ(*mode, "wal");
}

TEST_F(CatalogTest, RecordsTheSchemaVersionItWasMigratedTo) {
  SOHOA_SQLITE_ONLY();
  Db raw = RawConnection(home_.catalog());
  auto version = raw.QueryInt("PRAGMA user_version");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, LatestCatalogVersion());
}

TEST(MigrationsTest, AreNumberedFromOneWithoutGaps) {
  const auto& migrations = CatalogMigrations();
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(migrations[i].name.empty());
    EXPECT_FALSE(migrations[i].sql.empty());
  }
  EXPECT_EQ(LatestCatalogVersion(), migrations.back().version);
}

// A home written by the first release (schema 1, before searchable PDFs and
// barcodes) opens in this binary: upgraded in place, nothing lost.
TEST(CatalogMigrationTest, UpgradesAHomeAtSchemaOneKeepingItsDossiers) {
  testing::TempDir dir;
  auto path = dir.path() / "catalog.db";
  {
    auto created = Db::Open(path, true);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    Db raw = std::move(created).value();
    ASSERT_TRUE(raw.Exec(std::string(CatalogMigrations()[0].sql)).ok());
    ASSERT_TRUE(raw.Exec("PRAGMA application_id = 1397704783").ok());  // "SOHO"
    ASSERT_TRUE(raw.Exec("PRAGMA user_version = 1").ok());
    ASSERT_TRUE(raw.Exec("INSERT INTO dossiers (code, code_source, agency_code, received_date, "
                         "procedure_code, procedure_name, field, procedure_confidence, applicant, "
                         "status, created_at, updated_at) VALUES ('000.31.22.H32-230620-0017', "
                         "'filename', '000.31.22.H32', '2023-06-20', '1.001193', 'Khai sinh', "
                         "'Hộ tịch', 0.9, 'NGUYỄN VĂN ĐỨC', 'archived', '2023-06-20T00:00:00Z', "
                         "'2023-06-20T00:00:00Z')")
                    .ok());
  }
  auto opened = Catalog::Open(path, false);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto& catalog = *opened;
  auto old = catalog->FindDossier("000.31.22.H32-230620-0017");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  ASSERT_TRUE(old->has_value());
  EXPECT_EQ((*old)->applicant, "NGUYỄN VĂN ĐỨC");

  // The columns schema 2 added are usable at once.
  DossierRecord d = MakeDossier("000.31.22.H32-230620-0018", "TRẦN THỊ LAN");
  d.documents.push_back(MakeDocument("result", FakeSha('b'), {"GIẤY KHAI SINH"}));
  d.documents[0].pdf_sha256 = FakeSha('c');
  d.documents[0].pages[0].barcodes.push_back({"QRCode", "000.31.22.H32-230620-0018", {10, 20, 30, 40}});
  ASSERT_TRUE(catalog->StoreDossier(d).ok());
  auto back = catalog->FindDossier(d.code);
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_EQ((*back)->documents[0].pdf_sha256, FakeSha('c'));
  ASSERT_EQ((*back)->documents[0].pages[0].barcodes.size(), 1u);
  EXPECT_EQ((*back)->documents[0].pages[0].barcodes[0].text, "000.31.22.H32-230620-0018");
  EXPECT_EQ((*back)->documents[0].pages[0].barcodes[0].box.h, 40);
  Db raw = RawConnection(path);
  EXPECT_EQ(*raw.QueryInt("PRAGMA user_version"), LatestCatalogVersion());
}

// Schema 6 replaced the full-text index: a home at schema 5 has its pages
// indexed again on opening, with the dossier's words and facets, so what it
// held is found as before, by words, phrases, beginnings and filters.
TEST(CatalogMigrationTest, AHomeAtSchemaFiveHasItsPagesIndexedAgain) {
  testing::TempDir dir;
  auto path = dir.path() / "catalog.db";
  {
    auto created = Db::Open(path, true);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    Db raw = std::move(created).value();
    for (const Migration& m : CatalogMigrations()) {
      if (m.version > 5) continue;
      ASSERT_TRUE(raw.Exec(std::string(m.sql)).ok()) << m.name;
    }
    ASSERT_TRUE(raw.Exec("PRAGMA application_id = 1397704783").ok());  // "SOHO"
    ASSERT_TRUE(raw.Exec("PRAGMA user_version = 5").ok());
    ASSERT_TRUE(raw.Exec("INSERT INTO dossiers (id, code, code_source, agency_code, received_date, "
                         "procedure_code, procedure_name, field, procedure_confidence, applicant, "
                         "status, created_at, updated_at) VALUES (7, '000.31.22.H32-230620-0017', "
                         "'barcode', '000.31.22.H32', '2023-06-20', '1.001193', "
                         "'Đăng ký khai sinh', 'Hộ tịch', 0.9, 'NGUYỄN VĂN ĐỨC', 'archived', "
                         "'2023-06-20T00:00:00Z', '2023-06-20T00:00:00Z')")
                    .ok());
    ASSERT_TRUE(raw.Exec("INSERT INTO documents (id, dossier_id, number, kind, title, created_at) "
                         "VALUES (3, 7, 1, 'form', 'Tờ khai', '2023-06-20T00:00:00Z')")
                    .ok());
    ASSERT_TRUE(raw.Exec("INSERT INTO pages (id, document_id, number, text) VALUES "
                         "(11, 3, 1, 'Họ và tên người đi khai: Lê Thị Mai, ở Ninh Hòa')")
                    .ok());
  }
  auto opened = Catalog::Open(path, false);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto& catalog = *opened;
  for (const char* query :
       {"le thi mai", "\"Lê Thị Mai\"", "nguyen van duc", "khai sinh", "ninh h*",
        "mai agency:000.00.22.H32 received:2023-06-01..2023-06-30 kind:form"}) {
    auto hits = catalog->Search(query, 10);
    ASSERT_TRUE(hits.ok()) << query << ": " << hits.status().ToString();
    ASSERT_EQ(hits->size(), 1u) << query;
    EXPECT_EQ((*hits)[0].dossier_code, "000.31.22.H32-230620-0017");
    EXPECT_EQ((*hits)[0].page, 1);
  }
  auto elsewhere = catalog->Search("mai received:2024-01-01..2024-12-31", 10);
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_TRUE(elsewhere->empty());
  Db raw = RawConnection(path);
  EXPECT_EQ(*raw.QueryInt("SELECT count(*) FROM search_documents"), 1);
}

TEST_F(CatalogTest, RefusesAHomeWrittenByANewerSohoa) {
  SOHOA_SQLITE_ONLY();
  const int newer = LatestCatalogVersion() + 6;
  catalog_.reset();
  {
    Db raw = RawConnection(home_.catalog());
    ASSERT_TRUE(raw.Exec("PRAGMA user_version = " + std::to_string(newer)).ok());
  }
  auto opened = Catalog::Open(home_.catalog(), false);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kUnsupported);
  std::string expected = "this home was written by a newer sohoa (schema " + std::to_string(newer) +
                         ", this binary knows " + std::to_string(LatestCatalogVersion()) +
                         "): upgrade sohoa";
  EXPECT_NE(opened.status().message().find(expected), std::string::npos)
      << opened.status().message();
  // Refusing must not have touched the file.
  Db raw = RawConnection(home_.catalog());
  EXPECT_EQ(*raw.QueryInt("PRAGMA user_version"), newer);
}

TEST(CatalogOpenTest, RefusesAnotherProgramsDatabase) {
  testing::TempDir dir;
  auto path = dir.path() / "other.db";
  {
    auto raw = Db::Open(path, true);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw->Exec("CREATE TABLE contacts (name TEXT)").ok());
  }
  auto opened = Catalog::Open(path, true);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(opened.status().message().find("not a sohoa catalog"), std::string::npos);
}

TEST(CatalogOpenTest, RefusesAFileThatIsNotADatabase) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "catalog.db", std::string(8192, 'x'));
  auto opened = Catalog::Open(dir.path() / "catalog.db", false);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kCorrupt) << opened.status().ToString();
}

TEST(CatalogOpenTest, AMissingCatalogIsNotFoundUnlessCreated) {
  testing::TempDir dir;
  auto opened = Catalog::Open(dir.path() / "catalog.db", false);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kNotFound);
  EXPECT_NE(opened.status().message().find("sohoa init"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "catalog.db"));
  EXPECT_TRUE(Catalog::Open(dir.path() / "catalog.db", true).ok());
}

TEST_F(CatalogTest, StartsWithTheBuiltInProcedureCatalog) {
  auto procedures = catalog_->Procedures();
  ASSERT_TRUE(procedures.ok()) << procedures.status().ToString();
  const auto& builtin = BuiltinProcedures();
  ASSERT_FALSE(builtin.empty());
  ASSERT_EQ(procedures->size(), builtin.size());
  for (size_t i = 0; i < builtin.size(); ++i) {
    const Procedure& got = (*procedures)[i];
    EXPECT_EQ(got.code, builtin[i].code);
    EXPECT_EQ(got.name, builtin[i].name);
    EXPECT_EQ(got.field, builtin[i].field);
    EXPECT_EQ(got.level, builtin[i].level);
    EXPECT_EQ(got.form_titles, builtin[i].form_titles);
    EXPECT_EQ(got.result_titles, builtin[i].result_titles);
    EXPECT_EQ(got.requires_paper_result, builtin[i].requires_paper_result);
    EXPECT_EQ(got.code_status, builtin[i].code_status);
  }
}

TEST_F(CatalogTest, ReplacingProceduresReplacesTheWholeCatalog) {
  Procedure p;
  p.code = "9.000001";
  p.name = "Thủ tục thử";
  p.field = "Thử nghiệm";
  p.form_titles = {"TỜ KHAI A", "TỜ KHAI B"};
  p.result_titles = {"GIẤY CHỨNG NHẬN"};
  p.requires_paper_result = true;
  ASSERT_TRUE(catalog_->ReplaceProcedures({p}).ok());
  auto procedures = catalog_->Procedures();
  ASSERT_TRUE(procedures.ok());
  ASSERT_EQ(procedures->size(), 1u);
  EXPECT_EQ((*procedures)[0].code, "9.000001");
  EXPECT_EQ((*procedures)[0].form_titles, p.form_titles);
  EXPECT_TRUE((*procedures)[0].requires_paper_result);
  // A reopened catalog is not reseeded.
  catalog_.reset();
  auto reopened = OpenAgain(home_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*reopened)->Procedures()->size(), 1u);
}

TEST_F(CatalogTest, AProcedureCatalogWithADuplicateCodeIsRefusedWhole) {
  Procedure p;
  p.code = "9.000001";
  p.name = "A";
  Status s = catalog_->ReplaceProcedures({p, p});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("9.000001 appears twice"), std::string::npos) << s.message();
  EXPECT_EQ(catalog_->Procedures()->size(), BuiltinProcedures().size());
}

TEST_F(CatalogTest, EventsGetAnIsoUtcTimestampAndKeepTheirOrder) {
  ASSERT_TRUE(
      catalog_
          ->AppendEvent({"view", "000.31.22.H32-230620-0017", "lan", "success", "show", "ignored"})
          .ok());
  ASSERT_TRUE(
      catalog_->AppendEvent({"download", "000.31.22.H32-230620-0017", "", "", "", ""}).ok());
  ASSERT_TRUE(
      catalog_->AppendEvent({"quarantine", "bad.pdf", "sohoa", "failure", "truncated", ""}).ok());
  auto events = catalog_->Events("000.31.22.H32-230620-0017");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].type, "view");
  EXPECT_EQ((*events)[0].actor, "lan");
  EXPECT_EQ((*events)[1].type, "download");
  EXPECT_EQ((*events)[1].actor, "sohoa");
  EXPECT_EQ((*events)[1].outcome, "success");
  EXPECT_TRUE(IsIsoUtcMillis((*events)[0].at)) << (*events)[0].at;
  EXPECT_FALSE(IsIsoUtcMillis("2024-03-15 08:12:33"));
  EXPECT_NE((*events)[0].at, "ignored");
  EXPECT_EQ(catalog_->Events("")->size(), 3u);
}

TEST_F(CatalogTest, AnEventWithAnUnknownOutcomeIsRefused) {
  Status s = catalog_->AppendEvent({"view", "x", "lan", "maybe", "", ""});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->AppendEvent({"", "x", "", "", "", ""}).code(), StatusCode::kInvalidArgument);
}

TEST_F(CatalogTest, TheDatabaseItselfRefusesToChangeOrDeleteEvents) {
  ASSERT_TRUE(catalog_->AppendEvent({"view", "x", "lan", "success", "", ""}).ok());
  Status update = RawExec(home_, "UPDATE events SET actor = 'someone else'");
  EXPECT_FALSE(update.ok());
  EXPECT_NE(update.message().find("append-only"), std::string::npos) << update.message();
  Status remove = RawExec(home_, "DELETE FROM events");
  EXPECT_FALSE(remove.ok());
  EXPECT_NE(remove.message().find("append-only"), std::string::npos) << remove.message();
  auto events = catalog_->Events("x");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].actor, "lan");
}

TEST_F(CatalogTest, ThreadsWithTheirOwnCatalogCanStoreAtTheSameTime) {
  constexpr int kPerThread = 15;
  auto work = [this](int thread, Status* result) {
    auto catalog = OpenAgain(home_);
    if (!catalog.ok()) {
      *result = catalog.status();
      return;
    }
    for (int i = 0; i < kPerThread; ++i) {
      char code[64];
      std::snprintf(code, sizeof code, "000.31.22.H32-230620-%d%03d", thread, i);
      DossierRecord d = MakeDossier(code, "Nguyễn Văn A");
      d.documents.push_back(
          MakeDocument(kKindForm, FakeSha(static_cast<char>('a' + thread)), {"trang một"}));
      auto added = (*catalog)->StoreDossier(d);
      if (!added.ok()) {
        *result = added.status();
        return;
      }
      // Reads run between the other thread's writes.
      auto hits = (*catalog)->Search("trang mot", 5);
      if (!hits.ok()) {
        *result = hits.status();
        return;
      }
    }
  };
  Status first, second;
  std::thread a(work, 1, &first);
  std::thread b(work, 2, &second);
  a.join();
  b.join();
  EXPECT_TRUE(first.ok()) << first.ToString();
  EXPECT_TRUE(second.ok()) << second.ToString();
  auto report = catalog_->Report();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->dossiers, 2 * kPerThread);
}

}  // namespace
}  // namespace sohoa::archive
