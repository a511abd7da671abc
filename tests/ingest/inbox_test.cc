// The watched inbox: an entry is taken only once it stopped changing (or
// carries .ready), claiming keeps its name, and claims left by a stopped
// process are found again.
#include "ingest/inbox.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <thread>

#include "tests/test_env.h"

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class InboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_.root = dir_.path() / "home";
    ASSERT_TRUE(archive::InitHome(home_).ok());
  }

  std::vector<std::string> Names(const std::vector<fs::path>& paths) {
    std::vector<std::string> names;
    for (const auto& p : paths) names.push_back(p.filename().string());
    return names;
  }

  testing::TempDir dir_;
  archive::HomeLayout home_;
};

TEST_F(InboxTest, AnEntryIsTakenOnlyAfterItStoppedChangingForTheSettleTime) {
  Inbox inbox(home_, 10s);
  testing::WriteFile(home_.inbox() / "scan.pdf", "%PDF-1.4 part");
  const auto t0 = Inbox::Clock::now();
  EXPECT_TRUE(inbox.ReadyEntries(t0).empty()) << "first sight: not settled yet";
  EXPECT_TRUE(inbox.ReadyEntries(t0 + 5s).empty());
  // Still being copied: the size changes, the clock starts again.
  testing::WriteFile(home_.inbox() / "scan.pdf", "%PDF-1.4 part and more bytes");
  EXPECT_TRUE(inbox.ReadyEntries(t0 + 11s).empty());
  EXPECT_TRUE(inbox.ReadyEntries(t0 + 20s).empty());
  EXPECT_EQ(Names(inbox.ReadyEntries(t0 + 21s)), std::vector<std::string>{"scan.pdf"});
}

TEST_F(InboxTest, AFolderWithAReadyMarkerIsTakenAtOnceAndHiddenOrPartialFilesNever) {
  Inbox inbox(home_, 1h);
  fs::create_directories(home_.inbox() / "000.31.22.H32-230620-0017");
  testing::WriteFile(home_.inbox() / "000.31.22.H32-230620-0017" / "p1.jpg", "jpeg");
  testing::WriteFile(home_.inbox() / "000.31.22.H32-230620-0017" / ".ready", "");
  testing::WriteFile(home_.inbox() / ".hidden.pdf", "x");
  testing::WriteFile(home_.inbox() / "copying.pdf.part", "x");
  fs::create_directories(home_.inbox() / "empty-folder");
  const auto t0 = Inbox::Clock::now();
  EXPECT_EQ(Names(inbox.ReadyEntries(t0)), std::vector<std::string>{"000.31.22.H32-230620-0017"});
  EXPECT_EQ(Names(inbox.ReadyEntries(t0 + 2h)), std::vector<std::string>{"000.31.22.H32-230620-0017"})
      << "an empty folder, a hidden file and a partial download are never taken";
}

TEST_F(InboxTest, ClaimingMovesTheEntryIntoWorkKeepingItsNameAndReleaseRemovesIt) {
  Inbox inbox(home_, 0ms);
  fs::create_directories(home_.inbox() / "000.31.22.H32-230620-0017");
  testing::WriteFile(home_.inbox() / "000.31.22.H32-230620-0017" / "p1.jpg", "jpeg");
  auto claimed = inbox.Take(home_.inbox() / "000.31.22.H32-230620-0017");
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  EXPECT_EQ(claimed->entry.filename(), "000.31.22.H32-230620-0017");
  EXPECT_EQ(claimed->folder().parent_path(), home_.work());
  EXPECT_EQ(claimed->shown(), "inbox/000.31.22.H32-230620-0017");
  EXPECT_EQ(testing::ReadFile(claimed->entry / "p1.jpg"), "jpeg");
  EXPECT_FALSE(fs::exists(home_.inbox() / "000.31.22.H32-230620-0017"));

  // A process that stopped here leaves the claim for the next one.
  Inbox next(home_, 0ms);
  auto left = next.Unfinished();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].entry, claimed->entry);
  ASSERT_TRUE(next.Release(left[0]).ok());
  EXPECT_TRUE(next.Unfinished().empty());
  EXPECT_TRUE(fs::is_empty(home_.work()));
  Claim stranger;
  stranger.entry = home_.inbox() / "anything";
  EXPECT_FALSE(next.Release(stranger).ok()) << "only claims can be released";
}

TEST_F(InboxTest, AClaimKeepsItsAttemptsCrashesAndProgressAcrossRuns) {
  Inbox inbox(home_, 0ms);
  const std::string name = "stack with\na newline and 100% odd.pdf";
  testing::WriteFile(home_.inbox() / name, "%PDF-1.4");
  auto claimed = inbox.Take(home_.inbox() / name);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  claimed->attempts = 2;
  claimed->crashes = 1;
  claimed->done = {"stack/part 1", "stack/part 2"};
  claimed->stored = {"000.31.22.H32-230620-0017"};
  ASSERT_TRUE(inbox.Save(*claimed).ok());

  auto left = Inbox(home_, 0ms).Unfinished();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].from, name);
  EXPECT_EQ(left[0].attempts, 2);
  EXPECT_EQ(left[0].crashes, 1);
  EXPECT_EQ(left[0].done, claimed->done);
  EXPECT_EQ(left[0].stored, claimed->stored);
}

TEST_F(InboxTest, LinksPipesAndSocketsAreReadyAtOnceAndNeverFollowed) {
  Inbox inbox(home_, 1h);
  fs::create_symlink("/etc/passwd", home_.inbox() / "passwd-link");
  fs::create_directory_symlink("/usr/share", home_.inbox() / "outside-folder");
  ASSERT_EQ(::mkfifo((home_.inbox() / "pipe").c_str(), 0644), 0);
  // A folder holding a link to its parent settles like any folder, without looping.
  fs::create_directories(home_.inbox() / "dossier");
  testing::WriteFile(home_.inbox() / "dossier" / "p1.jpg", "jpeg");
  fs::create_directory_symlink("..", home_.inbox() / "dossier" / "loop");
  const auto t0 = Inbox::Clock::now();
  EXPECT_EQ(Names(inbox.ReadyEntries(t0)), (std::vector<std::string>{"outside-folder", "passwd-link", "pipe"}));
  EXPECT_EQ(Names(inbox.ReadyEntries(t0 + 2h)),
            (std::vector<std::string>{"dossier", "outside-folder", "passwd-link", "pipe"}));
  auto pipe = inbox.Take(home_.inbox() / "pipe");
  ASSERT_TRUE(pipe.ok()) << "a FIFO is claimed by rename, never opened: " << pipe.status().ToString();
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(pipe->entry)));
}

TEST_F(InboxTest, TheWaiterWakesUpWhenAFileArrives) {
  InboxWaiter waiter(home_.inbox());
  if (!waiter.uses_inotify()) GTEST_SKIP() << "inotify is not available here";
  std::thread writer([this] {
    std::this_thread::sleep_for(50ms);
    testing::WriteFile(home_.inbox() / "new.pdf", "x");
  });
  const auto start = std::chrono::steady_clock::now();
  waiter.Wait(10s);
  const auto waited = std::chrono::steady_clock::now() - start;
  writer.join();
  EXPECT_LT(waited, 5s) << "woken by the new file, not by the timeout";
}

}  // namespace
}  // namespace sohoa::ingest
