// sohoa migrate --blobs: a home's blob folder moved into S3 (a real
// endpoint that checks signatures, tests/archive/s3_server.h), a slice at a
// time, verified before the home is switched; then the home's fixity check,
// export and reads go to S3.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <set>
#include <string>

#include "archive/blob_migrate.h"
#include "archive/blob_store.h"
#include "archive/fixity.h"
#include "archive/package.h"
#include "archive/s3/s3_blob_store.h"
#include "archive/storage.h"
#include "tests/archive/catalog_fixture.h"
#include "tests/archive/s3_server.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

class BlobMigrateTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    SOHOA_NEED_S3_SERVER();
    // The store is named by its URL alone, as an operator names it: the
    // endpoint and keys come from the environment.
    const S3Settings settings = testing::SharedS3Server()->Settings(testing::FreshS3Prefix("migrate"));
    ::setenv("AWS_ENDPOINT_URL", settings.endpoint.c_str(), 1);
    ::setenv("AWS_REGION", settings.region.c_str(), 1);
    ::setenv("AWS_ACCESS_KEY_ID", settings.access_key.c_str(), 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", settings.secret_key.c_str(), 1);
    url_ = "s3://" + settings.bucket + "/" + settings.prefix;

    FolderBlobStore folder(home_.blobs());
    for (int i = 0; i < 3; ++i) {
      const std::string code = "000.31.22.H32-230620-00" + std::to_string(10 + i);
      auto source = folder.PutBytes("the scan of " + code);
      auto pdf = folder.PutBytes("%PDF-1.7 of " + code);
      auto image = folder.PutBytes("the page image of " + code);
      ASSERT_TRUE(source.ok() && pdf.ok() && image.ok());
      DossierRecord d = MakeDossier(code, "Nguyễn Văn An");
      d.documents.push_back(MakeDocument("don", *source, {"Tờ khai"}));
      d.documents[0].pdf_sha256 = *pdf;
      d.documents[0].pages[0].image_sha256 = *image;
      Store(d);
      shas_.insert({*source, *pdf, *image});
    }
  }

  BlobMigration Move(const BlobMigrationOptions& options = {}) {
    auto moved = MigrateBlobs(home_, *catalog_, url_, options);
    EXPECT_TRUE(moved.ok()) << moved.status().ToString();
    return moved.ok() ? std::move(moved).value() : BlobMigration{};
  }

  std::string url_;
  std::set<std::string> shas_;
};

TEST_F(BlobMigrateTest, MovesASliceAtATimeVerifiesThenSwitchesTheHome) {
  BlobMigrationOptions slice;
  slice.max_blobs = 4;
  BlobMigration first = Move(slice);
  EXPECT_TRUE(first.stopped);
  EXPECT_EQ(first.copied, 4);
  EXPECT_FALSE(first.switched);
  auto still = LocateBlobs(home_);
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->kind, BlobLocation::Kind::kFolder) << "a move cut short leaves the home on its folder";

  BlobMigration second = Move();
  EXPECT_FALSE(second.stopped);
  EXPECT_EQ(second.blobs, 9);
  EXPECT_EQ(second.already_there, 4) << "the second run goes on where the first stopped";
  EXPECT_EQ(second.copied, 5);
  EXPECT_EQ(second.verified_blobs, 9);
  EXPECT_TRUE(second.problems.empty()) << ::testing::PrintToString(second.problems);
  EXPECT_TRUE(second.verified);
  EXPECT_TRUE(second.switched);

  // The home reads its blobs from S3 now: every one, whole.
  auto location = LocateBlobs(home_);
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->kind, BlobLocation::Kind::kS3);
  auto store = OpenBlobStore(home_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  for (const std::string& sha : shas_) {
    auto bytes = ReadBlob(**store, sha);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    EXPECT_EQ(Sha256OfBytes(*bytes), sha);
  }
  // The folder is left as it was, the way back.
  for (const std::string& sha : shas_) EXPECT_TRUE(fs::exists(FolderBlobStore(home_.blobs()).PathOf(sha)));
  auto events = catalog_->Events(EventFilter{.type = "migration"});
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_NE(events->front().detail.find("every one read back and hashed"), std::string::npos);
}

TEST_F(BlobMigrateTest, ABlobTheCatalogNeedsAndTheFolderLostStopsTheSwitch) {
  const std::string lost = *shas_.begin();
  fs::remove(FolderBlobStore(home_.blobs()).PathOf(lost));
  BlobMigration moved = Move();
  EXPECT_FALSE(moved.verified);
  EXPECT_FALSE(moved.switched);
  ASSERT_EQ(moved.problems.size(), 1u) << ::testing::PrintToString(moved.problems);
  EXPECT_NE(moved.problems[0].find(lost), std::string::npos) << moved.problems[0];
  auto location = LocateBlobs(home_);
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->kind, BlobLocation::Kind::kFolder);
}

TEST_F(BlobMigrateTest, OnS3VerifyFindsAMissingBlobAndExportReadsTheRest) {
  ASSERT_TRUE(Move().switched);
  auto clean = VerifyFixity(home_, *catalog_, 100);
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_TRUE(clean->ok()) << clean->Summary();
  EXPECT_EQ(clean->checked, 9);

  ExportOptions options;
  options.verify_blobs = true;
  auto exported = ExportBag(home_, *catalog_, {"000.31.22.H32-230620-0010"}, home_.root / "bag.tar", options);
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  EXPECT_GT(fs::file_size(home_.root / "bag.tar"), 0u);

  auto store = OpenBlobStore(home_);
  ASSERT_TRUE(store.ok());
  const std::string gone = *shas_.begin();
  ASSERT_TRUE((*store)->Remove(gone).ok());
  auto report = VerifyFixity(home_, *catalog_, 100);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->Count(FixityProblem::Kind::kMissing), 1);
  EXPECT_NE(report->problems[0].path.string().find("s3://"), std::string::npos) << report->problems[0].path;
}

}  // namespace
}  // namespace sohoa::archive
