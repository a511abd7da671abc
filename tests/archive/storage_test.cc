// archive/storage.h: the one door to a home's catalog and blobs, chosen by
// --catalog / $SOHOA_CATALOG (home.catalog_url), <home>/sohoa.toml, or the
// embedded default.
#include "archive/storage.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "tests/test_env.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

void WriteSettings(const HomeLayout& home, const std::string& text) {
  fs::create_directories(home.root);
  std::ofstream(home.root / "sohoa.toml") << text;
}

DossierRecord OneDossier(const std::string& code) {
  DossierRecord d;
  d.code = code;
  d.applicant = "Nguyễn Văn An";
  return d;
}

TEST(StorageTest, WithoutSettingsTheHomeKeepsItsCatalogAndBlobsInside) {
  testing::TempDir dir;
  const HomeLayout home{dir.path() / "home"};
  ASSERT_TRUE(InitHome(home).ok());
  auto location = LocateCatalog(home);
  ASSERT_TRUE(location.ok()) << location.status().ToString();
  EXPECT_EQ(location->kind, CatalogLocation::Kind::kSqlite);
  EXPECT_EQ(location->sqlite_file, home.catalog());
  EXPECT_EQ(location->chosen_by, "");
  EXPECT_TRUE(fs::is_regular_file(home.catalog()));
  auto blobs = LocateBlobs(home);
  ASSERT_TRUE(blobs.ok());
  EXPECT_EQ(blobs->kind, BlobLocation::Kind::kFolder);
  EXPECT_EQ(blobs->folder, home.blobs());
  EXPECT_FALSE(fs::exists(home.root / "sohoa.toml")) << "the default needs no settings file";
}

TEST(StorageTest, TheSettingsFilePutsTheCatalogAndBlobsElsewhere) {
  testing::TempDir dir;
  const HomeLayout home{dir.path() / "home"};
  const fs::path blobs = dir.path() / "disk2" / "blobs";
  WriteSettings(home, "# moved to the second disk\n"
                      "[catalog]\n"
                      "url = \"sqlite:db/catalog.db\"   # inside the home\n"
                      "\n"
                      "[blobs]\n"
                      "url = \"" + blobs.string() + "\"\n");
  EXPECT_TRUE(HomeExists(home)) << "a home with settings exists before its catalog does";
  const Status init = InitHome(home);
  ASSERT_TRUE(init.ok()) << init.ToString();
  EXPECT_TRUE(fs::is_regular_file(home.root / "db" / "catalog.db"));
  EXPECT_FALSE(fs::exists(home.catalog()));
  EXPECT_TRUE(fs::is_directory(blobs));
  {
    auto catalog = OpenCatalog(home);
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    ASSERT_TRUE((*catalog)->StoreDossier(OneDossier("000.00.22.H32-240101-0001")).ok());
    auto store = OpenBlobStore(home);
    ASSERT_TRUE(store.ok());
    auto sha = (*store)->PutBytes("một trang");
    ASSERT_TRUE(sha.ok());
    const fs::path where = (*store)->Where(*sha);
    EXPECT_TRUE(fs::is_regular_file(where));
    EXPECT_EQ(where.string().rfind(blobs.string(), 0), 0u) << where;
  }
  auto reopened = OpenCatalog(home);
  ASSERT_TRUE(reopened.ok());
  auto found = (*reopened)->FindDossier("000.00.22.H32-240101-0001");
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->has_value());
}

TEST(StorageTest, TheCommandLineChoiceWinsAndInitRecordsIt) {
  testing::TempDir dir;
  HomeLayout home{dir.path() / "home"};
  WriteSettings(home, "[catalog]\nurl = \"sqlite:from-settings.db\"\n");
  home.catalog_url = "sqlite:" + (dir.path() / "chosen.db").string();
  home.catalog_url_from = "SOHOA_CATALOG";
  auto location = LocateCatalog(home);
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->sqlite_file, dir.path() / "chosen.db");
  EXPECT_EQ(location->chosen_by, "SOHOA_CATALOG");

  ASSERT_TRUE(InitHome(home).ok());
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "chosen.db"));
  EXPECT_FALSE(fs::exists(home.root / "from-settings.db"));
  // Later commands, without the choice, find the same catalog.
  const HomeLayout later{home.root};
  auto settings = ReadStorageSettings(later);
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->catalog_url, home.catalog_url);
  auto again = LocateCatalog(later);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->sqlite_file, dir.path() / "chosen.db");
  EXPECT_EQ(again->chosen_by, (home.root / "sohoa.toml").string());
  struct stat info {};
  ASSERT_EQ(::stat((home.root / "sohoa.toml").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u) << "a catalog URL may hold a password";
}

TEST(StorageTest, ASettingsFileSohoaDoesNotUnderstandIsRefusedWithItsLine) {
  testing::TempDir dir;
  const HomeLayout home{dir.path() / "home"};
  const struct {
    std::string text;
    std::string says;
  } cases[] = {
      {"[catalogue]\nurl = \"x.db\"\n", "line 1"},
      {"[catalog]\npath = \"x.db\"\n", "line 2"},
      {"[catalog]\nurl = x.db\n", "double quotes"},
      {"[catalog]\nurl = \"x.db\n", "double quotes"},
      {"url = \"x.db\"\n", "line 1"},
      {"[catalog]\nurl = \"mysql://db/sohoa\"\n", "mysql://db/sohoa"},
      {"[blobs]\nurl = \"ftp://host/blobs\"\n", "ftp://host/blobs"},
      {"[blobs]\nurl = \"s3://\"\n", "s3://"},
  };
  for (const auto& c : cases) {
    WriteSettings(home, c.text);
    const Status catalog = LocateCatalog(home).status();
    const Status blobs = LocateBlobs(home).status();
    const Status& refused = catalog.ok() ? blobs : catalog;
    EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(refused.message().find(c.says), std::string::npos) << c.text << " -> " << refused.message();
    if (!catalog.ok()) {
      EXPECT_FALSE(OpenCatalog(home).ok()) << "a bad setting never means the default: " << c.text;
    }
  }
}

TEST(StorageTest, APostgresCatalogIsNamedWithoutItsPassword) {
  testing::TempDir dir;
  HomeLayout home{dir.path() / "home"};
  home.catalog_url = "postgresql://sohoa:bi-mat@db.tinh.gov.vn:5432/sohoa";
  auto location = LocateCatalog(home);
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->kind, CatalogLocation::Kind::kPostgres);
  EXPECT_EQ(location->postgres_url, home.catalog_url);
  EXPECT_EQ(location->ForDisplay(), "postgresql://sohoa@db.tinh.gov.vn:5432/sohoa");
  const Status opened = InitHome(home);
  EXPECT_FALSE(opened.ok());
  EXPECT_EQ(opened.message().find("bi-mat"), std::string::npos) << opened.message();
  EXPECT_NE(opened.message().find("postgresql://sohoa@db.tinh.gov.vn:5432/sohoa"), std::string::npos)
      << opened.message();
  EXPECT_FALSE(fs::exists(home.root / "sohoa.toml")) << "a catalog that did not open is not recorded";
}

}  // namespace
}  // namespace sohoa::archive
