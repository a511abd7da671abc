// Fixity: a flipped byte, a deleted blob and a stray file are all caught, and
// each check is recorded in the event log; the log's filters.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "archive/blob_store.h"
#include "archive/fixity.h"
#include "archive/sqlite/sqlite_db.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;
using Kind = FixityProblem::Kind;

class FixityTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    FolderBlobStore store(home_.blobs());
    auto source = store.PutBytes("the scanned dossier");
    auto pdf = store.PutBytes("%PDF-1.7 searchable");
    auto image = store.PutBytes("page one image");
    ASSERT_TRUE(source.ok() && pdf.ok() && image.ok());
    source_ = *source;
    pdf_ = *pdf;
    image_ = *image;
    DossierRecord d = MakeDossier("000.31.22.H32-230620-0017", "Nguyễn Văn An");
    d.documents.push_back(MakeDocument("don", source_, {"Tờ khai"}));
    d.documents[0].pdf_sha256 = pdf_;
    d.documents[0].pages[0].image_sha256 = image_;
    Store(d);
  }

  FixityReport Verify(double percent = 100) {
    auto report = VerifyFixity(home_, *catalog_, percent);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? std::move(report).value() : FixityReport{};
  }

  fs::path PathOf(const std::string& sha) { return FolderBlobStore(home_.blobs()).PathOf(sha); }

  std::vector<Event> FixityEvents() {
    EventFilter filter;
    filter.type = "fixity check";
    auto events = catalog_->Events(filter);
    EXPECT_TRUE(events.ok()) << events.status().ToString();
    return events.ok() ? std::move(events).value() : std::vector<Event>{};
  }

  std::string source_, pdf_, image_;
};

TEST_F(FixityTest, TheCatalogReferencesSourcesPdfsAndPageImages) {
  auto blobs = catalog_->ReferencedBlobs();
  ASSERT_TRUE(blobs.ok()) << blobs.status().ToString();
  std::vector<std::string> expected = {source_, pdf_, image_};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(*blobs, expected);
}

TEST_F(FixityTest, ACleanHomePassesAndRecordsASuccess) {
  FixityReport report = Verify();
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.referenced, 3);
  EXPECT_EQ(report.checked, 3);
  EXPECT_GT(report.bytes_checked, 0);
  auto events = FixityEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].outcome, "success");
  EXPECT_EQ(events[0].object, "blobs");
  EXPECT_NE(events[0].detail.find("checked 3 of 3 blobs"), std::string::npos) << events[0].detail;
}

TEST_F(FixityTest, AFlippedByteIsReportedAsChanged) {
  fs::path path = PathOf(pdf_);
  fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(3);
    char c = static_cast<char>(f.get());
    f.seekp(3);
    f.put(static_cast<char>(c ^ 0x01));
  }
  FixityReport report = Verify();
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].kind, Kind::kChanged);
  EXPECT_EQ(report.problems[0].sha256, pdf_);
  auto events = FixityEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].outcome, "failure");
  EXPECT_NE(events[0].detail.find("1 changed"), std::string::npos) << events[0].detail;
}

TEST_F(FixityTest, ADeletedBlobIsReportedAsMissingEvenInASmallSample) {
  fs::remove(PathOf(source_));
  FixityReport report = Verify(1);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].kind, Kind::kMissing);
  EXPECT_EQ(report.problems[0].sha256, source_);
  EXPECT_EQ(report.checked, 1);  // 1% of the two left, rounded up
  EXPECT_EQ(FixityEvents().at(0).outcome, "failure");
}

TEST_F(FixityTest, AnExtraFileIsUnreferencedAndATemporaryFileIsALeftover) {
  std::string stray = Sha256OfBytes("nobody points at me");
  testing::WriteFile(PathOf(stray), "nobody points at me");
  testing::WriteFile(home_.blobs() / "sha256" / "notes.txt", "hello");
  testing::WriteFile(PathOf(image_).parent_path() / ("." + image_ + ".a1b2c3.part"), "half");
  FixityReport report = Verify();
  ASSERT_EQ(report.problems.size(), 2u);
  for (const auto& p : report.problems) EXPECT_EQ(p.kind, Kind::kUnreferenced) << p.path;
  EXPECT_EQ(report.Count(Kind::kUnreferenced), 2);
  ASSERT_EQ(report.leftovers.size(), 1u);
  EXPECT_EQ(report.leftovers[0].extension(), ".part");
}

TEST_F(FixityTest, EachRunAppendsOneEvent) {
  Verify();
  fs::remove(PathOf(image_));
  Verify(50);
  auto events = FixityEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].outcome, "success");
  EXPECT_EQ(events[1].outcome, "failure");
}

TEST_F(FixityTest, ASampleOutsideZeroToHundredIsRefused) {
  EXPECT_EQ(VerifyFixity(home_, *catalog_, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyFixity(home_, *catalog_, 101).status().code(), StatusCode::kInvalidArgument);
}

class EventLogTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    for (const Event& e : {Event{"view", "A", "lan", "", "", ""}, Event{"download", "A", "minh", "", "", ""},
                           Event{"view", "B", "minh", "", "", ""}, Event{"view", "A", "minh", "", "", ""}}) {
      ASSERT_TRUE(catalog_->AppendEvent(e).ok());
    }
  }

  std::vector<Event> List(const EventFilter& filter) {
    auto events = catalog_->Events(filter);
    EXPECT_TRUE(events.ok()) << events.status().ToString();
    return events.ok() ? std::move(events).value() : std::vector<Event>{};
  }
};

TEST_F(EventLogTest, FiltersCombineByTypeActorAndObject) {
  EventFilter filter;
  filter.type = "view";
  EXPECT_EQ(List(filter).size(), 3u);
  filter.actor = "minh";
  EXPECT_EQ(List(filter).size(), 2u);
  filter.object = "A";
  auto only = List(filter);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].type, "view");
  EXPECT_EQ(only[0].actor, "minh");
  EXPECT_EQ(only[0].object, "A");
}

TEST_F(EventLogTest, SinceKeepsEventsFromThatDayOn) {
  EventFilter filter;
  filter.type = "view";
  filter.since = "2000-01-01";
  EXPECT_EQ(List(filter).size(), 3u);
  filter.since = "9999-12-31";
  EXPECT_TRUE(List(filter).empty());
  filter.since = "yesterday";
  EXPECT_EQ(catalog_->Events(filter).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(EventLogTest, ALimitKeepsTheNewestInOldestFirstOrder) {
  EventFilter filter;
  filter.actor = "minh";
  filter.limit = 2;
  auto events = List(filter);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].object, "B");
  EXPECT_EQ(events[1].object, "A");
  EXPECT_EQ(events[1].type, "view");
}

TEST_F(FixityTest, RepairRemovesOnlyOrphanBlobsAndLeftoversOlderThanTheGracePeriod) {
  // What a kill between a blob's write and its commit leaves, two days ago.
  const std::string orphan = Sha256OfBytes("written, never committed");
  testing::WriteFile(PathOf(orphan), "written, never committed");
  const fs::path part = PathOf(image_).parent_path() / ("." + image_ + ".x9y8z7.part");
  testing::WriteFile(part, "half");
  const auto two_days_ago = fs::file_time_type::clock::now() - std::chrono::hours(48);
  fs::last_write_time(PathOf(orphan), two_days_ago);
  fs::last_write_time(part, two_days_ago);
  // Still being written by an ingest: younger than the grace period.
  const std::string young = Sha256OfBytes("an ingest is storing me now");
  testing::WriteFile(PathOf(young), "an ingest is storing me now");
  // Not a blob at all: reported, never removed.
  testing::WriteFile(home_.blobs() / "sha256" / "notes.txt", "hello");

  FixityOptions options;
  options.repair = true;
  auto report = VerifyFixity(home_, *catalog_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->removed, (std::vector<fs::path>{PathOf(orphan), part}));
  EXPECT_FALSE(fs::exists(PathOf(orphan)));
  EXPECT_FALSE(fs::exists(part));
  EXPECT_TRUE(fs::exists(PathOf(young)));
  EXPECT_TRUE(fs::exists(home_.blobs() / "sha256" / "notes.txt"));
  EXPECT_EQ(report->Count(Kind::kUnreferenced), 2) << "the young blob and the stray file stay reported";
  for (const std::string& sha : {source_, pdf_, image_}) EXPECT_TRUE(fs::exists(PathOf(sha)));

  EventFilter filter;
  filter.type = "deletion";
  auto deletions = catalog_->Events(filter);
  ASSERT_TRUE(deletions.ok());
  ASSERT_EQ(deletions->size(), 2u);
  EXPECT_EQ((*deletions)[0].object, "blobs/" + orphan);

  options.grace = std::chrono::seconds(0);
  auto again = VerifyFixity(home_, *catalog_, options);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(fs::exists(PathOf(young))) << "with no grace, every orphan blob goes";
  EXPECT_EQ(again->Count(Kind::kUnreferenced), 1) << "the stray file is not a blob and stays";
}

TEST_F(FixityTest, RepairLeavesTheBlobOfAQueuedJobAndTakesATarNothingReferencesOnceItsJobIsDone) {
  // What `sohoa watch --queue` stored two days ago: a folder packed as a tar
  // and a single scan, each queued as a job that no worker has finished.
  FolderBlobStore store(home_.blobs());
  auto tar = store.PutBytes("a folder of scans, packed as one tar");
  auto scan = store.PutBytes("a single scanned file");
  ASSERT_TRUE(tar.ok() && scan.ok());
  const auto two_days_ago = fs::file_time_type::clock::now() - std::chrono::hours(48);
  fs::last_write_time(PathOf(*tar), two_days_ago);
  fs::last_write_time(PathOf(*scan), two_days_ago);
  auto folder_job = catalog_->jobs().Enqueue({"ingest", "ingest:" + *tar, "{}", "", 3, *tar});
  auto file_job = catalog_->jobs().Enqueue({"ingest", "ingest:" + *scan, "{}", "", 3, *scan});
  ASSERT_TRUE(folder_job.ok() && file_job.ok());

  FixityOptions options;
  options.repair = true;
  auto report = VerifyFixity(home_, *catalog_, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->removed.empty());
  EXPECT_TRUE(fs::exists(PathOf(*tar)));
  EXPECT_TRUE(fs::exists(PathOf(*scan)));
  EXPECT_EQ(report->Count(Kind::kUnreferenced), 0);
  EXPECT_EQ(report->referenced, 5) << "the dossier's three blobs and the two queued ones";

  // A worker takes the folder's job, stores its dossier (whose documents
  // name the files inside the tar, never the tar) and finishes; the single
  // scan's job is claimed but not done yet.
  auto claimed = catalog_->jobs().Claim("may-1:101", {"ingest"}, 60);
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  ASSERT_EQ((*claimed)->blob, *tar);
  DossierRecord d = MakeDossier("000.31.22.H32-230620-0018", "Lê Văn Bình");
  d.documents.push_back(MakeDocument("don", source_, {"Đơn"}));
  Store(d);
  ASSERT_TRUE(catalog_->jobs().Complete((*claimed)->lease(), "{}").ok());
  auto scan_claim = catalog_->jobs().Claim("may-1:101", {"ingest"}, 60);
  ASSERT_TRUE(scan_claim.ok() && scan_claim->has_value());

  auto after = VerifyFixity(home_, *catalog_, options);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->removed, std::vector<fs::path>{PathOf(*tar)});
  EXPECT_FALSE(fs::exists(PathOf(*tar))) << "its job is done and nothing else points at it";
  EXPECT_TRUE(fs::exists(PathOf(*scan))) << "a leased job is not done";

  // A job that failed keeps its blob too: an operator may retry it.
  ASSERT_TRUE(catalog_->jobs().Fail((*scan_claim)->lease(), "unreadable", false).ok());
  auto failed = VerifyFixity(home_, *catalog_, options);
  ASSERT_TRUE(failed.ok());
  EXPECT_TRUE(failed->removed.empty());
  EXPECT_TRUE(fs::exists(PathOf(*scan)));
}

TEST_F(FixityTest, TheCatalogFileItselfIsCheckedAndDamageInItReported) {
  SOHOA_SQLITE_ONLY();
  EXPECT_NE(Verify().Summary().find("catalog integrity ok"), std::string::npos);
  for (int i = 0; i < 40; ++i) {
    DossierRecord d = MakeDossier("000.31.22.H32-230620-" + std::to_string(1000 + i), "Trần Thị Lan");
    d.documents.push_back(MakeDocument("don", source_, {std::string(3000, 'x')}));
    Store(d);
  }
  catalog_.reset();  // closing checkpoints the WAL into the file
  // Where the index of dossier codes lies: damage in the middle of the file
  // could land on a page whose damage no check can see (a free page, the
  // text of a row), and did once a new table moved the pages.
  std::int64_t page_size = 0, root = 0;
  {
    auto raw = internal::Db::Open(home_.catalog(), false);
    ASSERT_TRUE(raw.ok()) << raw.status().ToString();
    auto size = raw->QueryInt("PRAGMA page_size");
    auto page = raw->QueryInt("SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'dossiers' "
                              "ORDER BY name LIMIT 1");
    ASSERT_TRUE(size.ok() && page.ok());
    page_size = *size;
    root = *page;
  }
  ASSERT_GT(root, 1);
  {
    // A flipped region over that index page: the kind of damage a bad disk does.
    std::fstream f(home_.catalog(), std::ios::in | std::ios::out | std::ios::binary);
    const std::streamoff start = (root - 1) * page_size;
    for (std::streamoff at = start; at < start + page_size; at += 97) {
      f.seekp(at);
      f.put('\x5a');
    }
  }
  auto reopened = Catalog::Open(home_.catalog(), false);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  catalog_ = std::move(reopened).value();
  auto problems = catalog_->CheckIntegrity();
  ASSERT_TRUE(problems.ok()) << problems.status().ToString();
  EXPECT_FALSE(problems->empty()) << "SQLite's integrity check sees the damage";
}

}  // namespace
}  // namespace sohoa::archive
