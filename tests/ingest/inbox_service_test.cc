// The inbox service driven in-process, with two OCR workers and its
// watchdog running: what the CLI tests show from outside, here where
// ThreadSanitizer can watch the threads (tools/test.sh runs it under TSan).
#include "ingest/inbox_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "archive/catalog.h"
#include "ingest/inbox.h"
#include "ingest/page_cache.h"
#include "tests/test_env.h"
#include "tools/gen/generator.h"

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class InboxServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_.root = dir_.path() / "home";
    ASSERT_TRUE(archive::InitHome(home_).ok());
    gen::Options options;
    options.seed = 41;
    options.dossiers = 2;
    options.dpis = {200};
    options.forms = {gen::Form::kFolder, gen::Form::kPdf};
    auto truth = gen::Generate(options, dir_.path() / "corpus");
    ASSERT_TRUE(truth.ok()) << truth.status().ToString();
    truth_ = std::move(truth).value();
    options_.ingest.workers = 2;
    options_.settle = 100ms;
    options_.poll = 50ms;
  }

  void Drop(const gen::DossierTruth& d) {
    fs::copy(dir_.path() / "corpus" / d.path, home_.inbox() / d.path, fs::copy_options::recursive);
  }

  std::unique_ptr<InboxService> Start() {
    auto started = InboxService::Start(home_, options_, [this](const ServiceEvent& e) {
      std::lock_guard lock(mutex_);
      events_.push_back(e);
    });
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    return started.ok() ? std::move(started).value() : nullptr;
  }

  int Count(ServiceEvent::Kind kind) {
    std::lock_guard lock(mutex_);
    return static_cast<int>(std::count_if(events_.begin(), events_.end(),
                                          [kind](const ServiceEvent& e) { return e.kind == kind; }));
  }

  bool Archived(const std::string& code) {
    auto catalog = archive::Catalog::Open(home_.catalog(), false);
    auto found = (*catalog)->FindDossier(code);
    return found.ok() && found->has_value();
  }

  testing::TempDir dir_;
  archive::HomeLayout home_;
  gen::GroundTruth truth_;
  ServiceOptions options_;
  std::mutex mutex_;
  std::vector<ServiceEvent> events_;
};

TEST_F(InboxServiceTest, ServesTheInboxUntilToldToStopAndHoldsTheHomeAlone) {
  auto service = Start();
  ASSERT_NE(service, nullptr);
  auto second = InboxService::Start(home_, options_, nullptr);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);

  std::atomic<bool> stop{false};
  Status served;
  std::thread loop([&] { served = service->Run(stop); });
  for (const auto& d : truth_.dossiers) Drop(d);
  for (int i = 0; i < 1200 && Count(ServiceEvent::Kind::kArchived) < 2; ++i) std::this_thread::sleep_for(100ms);
  stop = true;
  loop.join();
  EXPECT_TRUE(served.ok()) << served.ToString();
  EXPECT_EQ(Count(ServiceEvent::Kind::kArchived), 2);
  for (const auto& d : truth_.dossiers) EXPECT_TRUE(Archived(d.code)) << d.code;
  EXPECT_TRUE(fs::is_empty(home_.inbox()));
  EXPECT_TRUE(fs::is_empty(home_.work()));
}

TEST_F(InboxServiceTest, AClaimAStoppedRunLeftIsFinishedFromItsKeptPages) {
  // A run that recognised the first dossier's pages, then died.
  Drop(truth_.dossiers[0]);
  Inbox inbox(home_, 0ms);
  auto claim = inbox.Take(home_.inbox() / truth_.dossiers[0].path);
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  claim->attempts = 1;
  claim->running = true;
  ASSERT_TRUE(inbox.Save(*claim).ok());
  {
    auto pipeline = Pipeline::Create(home_, options_.ingest);
    ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
    auto read = (*pipeline)->Ingest({Entry{claim->entry, claim->shown(), {}, dir_.path() / "scratch-cache"}});
    ASSERT_TRUE(read.ok()) << read.status().ToString();
  }
  // Its pages as the dead run kept them, and an empty catalog as it left it.
  fs::copy(dir_.path() / "scratch-cache", claim->page_cache(), fs::copy_options::recursive);
  PageCache kept(claim->page_cache());
  ASSERT_GT(kept.Count(), 0);
  // Marked, to see that the next run takes the page from here, not from OCR.
  const std::string sha = fs::directory_iterator(claim->page_cache())->path().filename().string();
  auto first = kept.Load(sha, 0);
  ASSERT_TRUE(first.has_value());
  first->text += "\nKEPTBYTHEDEADRUN";
  kept.Store(sha, 0, *first);
  fs::remove_all(home_.root / "catalog.db");
  fs::remove(home_.root / "catalog.db-wal");
  fs::remove(home_.root / "catalog.db-shm");
  ASSERT_TRUE(archive::InitHome(home_).ok());

  auto service = Start();
  ASSERT_NE(service, nullptr);
  ASSERT_TRUE(service->RunOnce().ok());
  EXPECT_EQ(Count(ServiceEvent::Kind::kResuming), 1);
  EXPECT_TRUE(Archived(truth_.dossiers[0].code));
  auto catalog = archive::Catalog::Open(home_.catalog(), false);
  auto hits = (*catalog)->Search("keptbythedeadrun", 5);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 1u) << "page 1 came from the kept recognition";
  EXPECT_TRUE(fs::is_empty(home_.work())) << "released, cache and all";
  EXPECT_EQ(service->set_aside(), 0) << "a run that had got somewhere does not count against it";
}

TEST(PageCacheTest, KeepsWhatOcrReadOfAPageAndIgnoresADamagedRecord) {
  testing::TempDir dir;
  PageCache cache(dir.path());
  ocr::RecognizedPage page;
  page.text = "GIẤY TIẾP NHẬN HỒ SƠ\n000.31.22.H32-230620-0017";
  page.confidence = 91.5f;
  page.rotation = 90;
  page.skew_degrees = -1.25f;
  page.dpi = 300;
  page.width = 2480;
  page.height = 3508;
  page.words = {{"GIẤY", {10, 20, 80, 30}, 96.5f}, {"TIẾP", {95, 20, 70, 30}, 91.0f}};
  page.barcodes = {{"QRCode", "000.31.22.H32-230620-0017", {1, 2, 3, 4}}};
  const std::string sha(64, 'c');
  EXPECT_FALSE(cache.Load(sha, 0).has_value());
  cache.Store(sha, 0, page);
  auto back = cache.Load(sha, 0);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->text, page.text);
  EXPECT_EQ(back->rotation, 90);
  EXPECT_FLOAT_EQ(back->skew_degrees, -1.25f);
  ASSERT_EQ(back->words.size(), 2u);
  EXPECT_EQ(back->words[1].text, "TIẾP");
  EXPECT_EQ(back->words[1].box.w, 70);
  ASSERT_EQ(back->barcodes.size(), 1u);
  EXPECT_EQ(back->barcodes[0].text, "000.31.22.H32-230620-0017");
  EXPECT_EQ(cache.Count(), 1);

  testing::WriteFile(dir.path() / sha / "1", testing::ReadFile(dir.path() / sha / "0").substr(0, 30));
  EXPECT_FALSE(cache.Load(sha, 1).has_value()) << "a cut record is read again, not trusted";
}

}  // namespace
}  // namespace sohoa::ingest
