#include "archive/home.h"

#include <gtest/gtest.h>

#include "archive/catalog.h"
#include "archive/storage.h"
#include "tests/archive/catalog_fixture.h"
#include "tests/test_env.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

// A home in `root` on the catalog backend under test: its own catalog.db,
// or a fresh PostgreSQL database that `sohoa init --catalog URL` names.
void TestHome(const fs::path& root, HomeLayout& home) {
  home.root = root;
  if (!OnPostgres()) return;
  auto& shared = TestCluster::Get();
  if (!shared.cluster) GTEST_SKIP() << shared.why;
  auto url = shared.FreshDatabase();
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  home.catalog_url = *url;
  home.catalog_url_from = "--catalog";
}

TEST(HomeTest, InitCreatesTheFoldersAndACatalog) {
  testing::TempDir dir;
  HomeLayout home;
  TestHome(dir.path() / "sohoa-home", home);
  if (::testing::Test::IsSkipped() || ::testing::Test::HasFatalFailure()) return;
  EXPECT_FALSE(HomeExists(home));
  ASSERT_TRUE(InitHome(home).ok());
  EXPECT_TRUE(HomeExists(home));
  for (const fs::path& p : {home.root, home.blobs(), home.inbox(), home.work(), home.failed()}) {
    EXPECT_TRUE(fs::is_directory(p)) << p;
  }
  if (!OnPostgres()) {
    EXPECT_TRUE(fs::is_regular_file(home.catalog()));
  }
  auto catalog = OpenCatalog(home);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
}

TEST(HomeTest, InitTwiceKeepsWhatTheHomeHolds) {
  testing::TempDir dir;
  HomeLayout home;
  TestHome(dir.path() / "h", home);
  if (::testing::Test::IsSkipped() || ::testing::Test::HasFatalFailure()) return;
  ASSERT_TRUE(InitHome(home).ok());
  {
    auto catalog = OpenCatalog(home);
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    DossierRecord d = MakeDossier("000.31.22.H32-230620-0017");
    d.documents.push_back(MakeDocument(kKindForm, FakeSha('1'), {"page"}));
    ASSERT_TRUE((*catalog)->StoreDossier(d).ok());
  }
  testing::WriteFile(home.inbox() / "waiting.pdf", "scan");
  ASSERT_TRUE(InitHome(home).ok());
  EXPECT_EQ(testing::ReadFile(home.inbox() / "waiting.pdf"), "scan");
  auto catalog = OpenCatalog(home);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  auto found = (*catalog)->FindDossier("000.31.22.H32-230620-0017");
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->has_value());
}

TEST(HomeTest, InitRefusesAFileWhereAFolderShouldBe) {
  testing::TempDir dir;
  HomeLayout home{dir.path() / "h"};
  testing::WriteFile(home.root / "inbox", "not a folder");
  Status s = InitHome(home);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("inbox"), std::string::npos) << s.message();
}

TEST(HomeTest, AnEmptyHomePathIsRefused) {
  EXPECT_EQ(InitHome(HomeLayout{}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sohoa::archive
