// Keying register books by hand: handing out slots, double keying (agree,
// differ, resolve), single keying, resuming after a closed browser, and the
// verified entries that come out of it.
#include "archive/keying.h"

#include <gtest/gtest.h>

#include <barrier>
#include <functional>
#include <thread>

#include "archive/catalog.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

constexpr const char* kBook = "KS-1998-02";

KeyedValues Birth(const std::string& no, const std::string& name, const std::string& dob = "03/04/1998") {
  return {{"no", no}, {"registered", "10/04/1998"}, {"name", name}, {"dob", dob}, {"sex", "Nam"}};
}

class KeyingTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    keying_ = std::make_unique<Keying>(*catalog_);
    BookRecord book;
    book.id = kBook;
    book.type = "khai_sinh";
    book.agency_code = "000.31.22.H32";
    book.year = 1998;
    book.entries_expected = 400;
    ASSERT_TRUE(catalog_->StoreBook(book).ok());
    for (int page = 1; page <= 3; ++page) AddPage(page, 4);
  }

  // A handwritten page: stored without entries, cut into `rows` slots.
  void AddPage(int number, int rows, KeyedValues prefill = {}) {
    BookPageRecord page;
    page.book_id = kBook;
    page.number = number;
    page.image_sha256 = std::string(64, static_cast<char>('a' + number));
    ASSERT_TRUE(catalog_->StoreBookPage(page).ok());
    PageSlots slots;
    slots.book_id = kBook;
    slots.page = number;
    for (int i = 0; i < rows; ++i) slots.rows.push_back({Box{100, 200 + 80 * i, 3000, 80}, prefill});
    Status s = keying_->StoreSlots(slots);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  void Give(const std::string& user, int first, int last) {
    auto id = keying_->Assign({0, kBook, first, last, user, "manager", ""});
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  }

  SlotRecord Next(const std::string& user) {
    auto next = keying_->NextSlot(user);
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    EXPECT_TRUE(next.ok() && next->has_value()) << user << " got nothing to key";
    return next.ok() && next->has_value() ? **next : SlotRecord{};
  }

  SlotState Key(const std::string& user, const SlotRecord& slot, const KeyedValues& values) {
    EXPECT_TRUE(keying_->CanKey(user, slot).ok());
    auto state = keying_->SaveKeying({slot.id, user, false, values, {}, 4.5, ""});
    EXPECT_TRUE(state.ok()) << state.status().ToString();
    return state.ok() ? *state : SlotState::kOpen;
  }

  std::vector<BookEntryRecord> Entries() {
    auto entries = catalog_->BookEntries(kBook);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    return entries.ok() ? *entries : std::vector<BookEntryRecord>{};
  }

  std::unique_ptr<Keying> keying_;
};

TEST_F(KeyingTest, TwoClerksWhoAgreeVerifyTheEntry) {
  Give("lan", 1, 3);
  Give("minh", 1, 3);
  const SlotRecord first = Next("lan");
  EXPECT_EQ(first.page, 1);
  EXPECT_EQ(first.position, 1);
  EXPECT_EQ(Key("lan", first, Birth("1", "Nguyễn Văn An")), SlotState::kOpen);
  EXPECT_TRUE(Entries().empty()) << "one keying of a double-keyed book verifies nothing";

  const SlotRecord same = Next("minh");
  ASSERT_EQ(same.id, first.id) << "the second clerk gets the slot the first has keyed";
  // Case, spaces and a date's padding are no disagreement.
  EXPECT_EQ(Key("minh", same, Birth("1", "NGUYỄN  VĂN AN", "3/4/1998")), SlotState::kVerified);

  const auto entries = Entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].status, "verified");
  EXPECT_EQ(entries[0].Get("name"), "Nguyễn Văn An");
  EXPECT_EQ(entries[0].Get("dob"), "03/04/1998");
  EXPECT_EQ(entries[0].number, "1");
  EXPECT_EQ(entries[0].source_sha256, std::string(64, 'b'));

  auto found = catalog_->SearchBookEntries("nguyen van an", 10);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u) << "a verified entry is searchable at once";
}

TEST_F(KeyingTest, AToneMarkDifferenceGoesToAThirdPersonWhoDecides) {
  Give("lan", 1, 1);
  Give("minh", 1, 1);
  const SlotRecord slot = Next("lan");
  Key("lan", slot, Birth("1", "Nguyễn Văn An"));
  EXPECT_EQ(Key("minh", Next("minh"), Birth("1", "Nguyên Văn An")), SlotState::kDiffer);
  EXPECT_TRUE(Entries().empty());

  // Neither keyer may decide; the third sees it in their queue.
  auto mine = keying_->Conflicts("lan", "", 10);
  ASSERT_TRUE(mine.ok());
  EXPECT_TRUE(mine->empty());
  auto theirs = keying_->Conflicts("hoa", "", 10);
  ASSERT_TRUE(theirs.ok());
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ(theirs->front().id, slot.id);
  auto keyings = keying_->KeyingsOf(slot.id);
  ASSERT_TRUE(keyings.ok());
  ASSERT_EQ(keyings->size(), 2u);
  EXPECT_EQ(keyings->at(0).values.at("name"), "Nguyễn Văn An");
  EXPECT_EQ(keyings->at(1).values.at("name"), "Nguyên Văn An");

  auto refused = keying_->Resolve({slot.id, "minh", true, Birth("1", "Nguyên Văn An"), {}, 2, ""});
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  auto decided = keying_->Resolve({slot.id, "hoa", true, Birth("1", "Nguyễn Văn An"), {}, 6, ""});
  ASSERT_TRUE(decided.ok()) << decided.status().ToString();
  EXPECT_EQ(*decided, SlotState::kVerified);
  const auto entries = Entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].Get("name"), "Nguyễn Văn An");
  EXPECT_EQ(keying_->Resolve({slot.id, "tuan", true, Birth("1", "X"), {}, 1, ""}).status().code(),
            StatusCode::kFailedPrecondition)
      << "a decided entry is not decided again";

  auto stats = keying_->Stats();
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(stats->size(), 3u);  // hoa, lan, minh
  EXPECT_EQ(stats->at(0).user, "hoa");
  EXPECT_EQ(stats->at(0).resolved, 1);
  EXPECT_EQ(stats->at(1).user, "lan");
  EXPECT_EQ(stats->at(1).keyed, 1);
  EXPECT_EQ(stats->at(1).compared, 1);
  EXPECT_EQ(stats->at(1).agreed, 0);
}

TEST_F(KeyingTest, AClerkNeverKeysTheSameEntryTwice) {
  Give("lan", 1, 1);
  const SlotRecord slot = Next("lan");
  Key("lan", slot, Birth("1", "Lê Thị Mai"));
  auto again = keying_->SaveKeying({slot.id, "lan", false, Birth("1", "Lê Thị Mai"), {}, 1, ""});
  EXPECT_EQ(again.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(keying_->CanKey("lan", slot).code(), StatusCode::kPermissionDenied);
  // Her next slot is the following row, never the one she keyed.
  EXPECT_EQ(Next("lan").position, 2);
}

TEST_F(KeyingTest, WorkIsHandedOutOnlyFromTheClerksPages) {
  Give("lan", 2, 2);
  const SlotRecord slot = Next("lan");
  EXPECT_EQ(slot.page, 2);
  auto nobody = keying_->NextSlot("tuan");
  ASSERT_TRUE(nobody.ok());
  EXPECT_FALSE(nobody->has_value()) << "a clerk with no pages gets nothing";
  auto page1 = keying_->Slots(kBook, 1);
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->size(), 4u);
  EXPECT_EQ(keying_->CanKey("lan", page1->front()).code(), StatusCode::kPermissionDenied);
}

TEST_F(KeyingTest, AThirdClerkOnTheSamePagesIsNotHandedASlotTwoAreKeying) {
  Give("lan", 1, 1);
  Give("minh", 1, 1);
  Give("hoa", 1, 1);
  const SlotRecord a = Next("lan");
  const SlotRecord b = Next("minh");
  const SlotRecord c = Next("hoa");
  EXPECT_EQ(a.id, b.id);
  EXPECT_NE(c.id, a.id) << "two clerks hold the first row already";
}

TEST_F(KeyingTest, AReopenedBrowserComesBackToTheEntryItLeft) {
  Give("lan", 1, 3);
  const SlotRecord first = Next("lan");
  // The browser closed before the keying was saved: asking again gives the
  // same entry, not the next one.
  const SlotRecord again = Next("lan");
  EXPECT_EQ(again.id, first.id);
  Key("lan", again, Birth("1", "Phạm Minh Khánh"));
  // What was saved stays saved: a new session goes on from the next row.
  keying_ = std::make_unique<Keying>(*catalog_);
  EXPECT_EQ(Next("lan").position, 2);
}

TEST_F(KeyingTest, ASingleKeyedBookIsVerifiedByOneKeying) {
  ASSERT_TRUE(keying_->SetMode(kBook, KeyingMode::kSingle, "manager").ok());
  Give("lan", 1, 1);
  EXPECT_EQ(Key("lan", Next("lan"), Birth("1", "Trần Diệu Thảo")), SlotState::kVerified);
  ASSERT_EQ(Entries().size(), 1u);
  EXPECT_EQ(Entries()[0].status, "verified");
}

TEST_F(KeyingTest, SwitchingToSingleKeyingVerifiesWhatWasKeyedOnce) {
  Give("lan", 1, 1);
  Key("lan", Next("lan"), Birth("1", "Huỳnh Thanh Linh"));
  EXPECT_TRUE(Entries().empty());
  ASSERT_TRUE(keying_->SetMode(kBook, KeyingMode::kSingle, "manager").ok());
  ASSERT_EQ(Entries().size(), 1u);
  EXPECT_EQ(Entries()[0].Get("name"), "Huỳnh Thanh Linh");
}

TEST_F(KeyingTest, ARescanKeepsTheVerifiedEntriesAndTheirSlots) {
  Give("lan", 1, 1);
  Give("minh", 1, 1);
  const SlotRecord slot = Next("lan");
  Key("lan", slot, Birth("1", "Võ Thị Hạnh"));
  Key("minh", Next("minh"), Birth("1", "Võ Thị Hạnh"));
  // The page is scanned again and OCR reads something else at row 1.
  BookPageRecord page;
  page.book_id = kBook;
  page.number = 1;
  page.image_sha256 = std::string(64, 'z');
  BookEntryRecord ocr;
  ocr.position = 1;
  ocr.number = "1";
  ocr.fields = {{"name", "VO THI HANH", 60}};
  page.entries = {ocr};
  auto stored = catalog_->StoreBookPage(page);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(*stored, 0) << "the clerks' reading stands over OCR's";
  const auto entries = Entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].Get("name"), "Võ Thị Hạnh");
  EXPECT_EQ(entries[0].status, "verified");
}

TEST_F(KeyingTest, ProgressCountsKeyedDifferingAndVerifiedAgainstTheBook) {
  Give("lan", 1, 3);
  Give("minh", 1, 3);
  const SlotRecord s1 = Next("lan");
  Key("lan", s1, Birth("1", "A"));
  Key("minh", Next("minh"), Birth("1", "A"));
  const SlotRecord s2 = Next("lan");
  Key("lan", s2, Birth("2", "B"));
  Key("minh", Next("minh"), Birth("2", "C"));
  Key("lan", Next("lan"), Birth("3", "D"));
  auto progress = keying_->Progress(kBook);
  ASSERT_TRUE(progress.ok());
  ASSERT_EQ(progress->size(), 1u);
  const BookKeyingProgress& p = progress->front();
  EXPECT_EQ(p.pages, 3);
  EXPECT_EQ(p.slots, 12);
  EXPECT_EQ(p.verified, 1);
  EXPECT_EQ(p.differ, 1);
  EXPECT_EQ(p.keyed_once, 1);
  EXPECT_EQ(p.entries_expected, 400);
}

TEST_F(KeyingTest, AnotherAgencysClerkSeesNoneOfTheBook) {
  Give("lan", 1, 3);
  catalog_->SetScope(Scope::Of({"000.32.22.H32"}));
  auto next = keying_->NextSlot("lan");
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
  auto assignments = keying_->Assignments();
  ASSERT_TRUE(assignments.ok());
  EXPECT_TRUE(assignments->empty());
  catalog_->SetScope(Scope::Of({"000.00.22.H32"}));  // the district covers the commune
  next = keying_->NextSlot("lan");
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->has_value());
}

TEST_F(KeyingTest, ARowTwoClerksSayIsNoEntryLeavesTheBookWithoutOne) {
  Give("lan", 1, 1);
  Give("minh", 1, 1);
  // Row 1 is a wrapped line of no registration; row 2 one clerk misses.
  const SlotRecord wrapped = Next("lan");
  EXPECT_EQ(Key("lan", wrapped, {}), SlotState::kOpen);
  EXPECT_EQ(Key("minh", Next("minh"), {}), SlotState::kVerified);
  const SlotRecord second = Next("lan");
  EXPECT_EQ(second.position, 2);
  Key("lan", second, {});
  EXPECT_EQ(Key("minh", Next("minh"), Birth("2", "Đỗ Văn Hùng")), SlotState::kDiffer);
  EXPECT_TRUE(Entries().empty());
  ASSERT_TRUE(keying_->Resolve({second.id, "hoa", true, Birth("2", "Đỗ Văn Hùng"), {}, 3, ""}).ok());
  const auto entries = Entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].position, 2);
}

TEST_F(KeyingTest, PrefillComesBackWithTheSlot) {
  AddPage(4, 1, {{"no", "13"}, {"dob", "05/06/1998"}});
  Give("lan", 4, 4);
  const SlotRecord slot = Next("lan");
  EXPECT_EQ(slot.page, 4);
  EXPECT_EQ(slot.prefill.at("no"), "13");
  EXPECT_EQ(slot.box.y, 200);
}

TEST_F(KeyingTest, NumbersToCheckAreTheVerifiedOnesAndTheClerksOwn) {
  Give("lan", 1, 1);
  Give("minh", 1, 1);
  const SlotRecord first = Next("lan");
  Key("lan", first, Birth("7", "A"));
  Key("minh", Next("minh"), Birth("7", "A"));
  const SlotRecord second = Next("lan");
  Key("lan", second, Birth("8", "B"));
  Key("minh", Next("minh"), Birth("9", "B"));
  ASSERT_TRUE(keying_->Resolve({second.id, "hoa", true, Birth("10", "B"), {}, 1, ""}).ok());
  Key("lan", Next("lan"), Birth("11", "C"));

  auto lans = keying_->EntryNumbers(kBook, "lan");
  ASSERT_TRUE(lans.ok()) << lans.status().ToString();
  ASSERT_EQ(lans->size(), 3u);
  EXPECT_EQ(lans->at(0).second, "7");
  EXPECT_EQ(lans->at(1).second, "10") << "the decision is the last word";
  EXPECT_EQ(lans->at(2).second, "11");
  auto minhs = keying_->EntryNumbers(kBook, "minh");
  ASSERT_TRUE(minhs.ok());
  EXPECT_EQ(minhs->size(), 2u) << "lan's keying of row 3 is not minh's to see";

  // While minh types row 3, the row after it is fetched, not held.
  const SlotRecord third = Next("minh");
  EXPECT_EQ(third.position, 3);
  auto following = keying_->Following("minh", "", third.id);
  ASSERT_TRUE(following.ok());
  ASSERT_TRUE(following->has_value());
  EXPECT_EQ((*following)->position, 4);
  Give("hoa", 1, 1);
  EXPECT_EQ(Next("hoa").position, 4) << "nobody holds the row fetched ahead";
}

TEST_F(KeyingTest, PagesTakenBackAreNoLongerHandedOut) {
  Give("lan", 1, 1);
  auto assignments = keying_->Assignments(kBook);
  ASSERT_TRUE(assignments.ok());
  ASSERT_EQ(assignments->size(), 1u);
  EXPECT_EQ(assignments->front().user, "lan");
  EXPECT_EQ(assignments->front().assigned_by, "manager");
  ASSERT_TRUE(keying_->Unassign(assignments->front().id, "manager").ok());
  auto next = keying_->NextSlot("lan");
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
  EXPECT_EQ(keying_->Unassign(assignments->front().id, "manager").code(), StatusCode::kNotFound);
  auto events = catalog_->Events(kBook);
  ASSERT_TRUE(events.ok());
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->back().type, "keying-unassign");
  EXPECT_EQ(events->back().detail, "pages 1-1 from lan");
}

// Clerks keying at the same moment from server threads, each thread with
// its own catalog on one store (tools/server/router.cc), as the
// PostgreSQL catalog serves them (row and advisory locks where SQLite has
// its one writer).
class KeyingAtOnceTest : public ::testing::Test {
 protected:
  static constexpr int kRows = 24;

  void SetUp() override {
    home_.root = dir_.path() / "home";
    ASSERT_TRUE(InitHome(home_).ok());
    if (OnPostgres()) {
      auto& shared = TestCluster::Get();
      if (!shared.cluster) GTEST_SKIP() << shared.why;
      auto url = shared.FreshDatabase();
      ASSERT_TRUE(url.ok()) << url.status().ToString();
      url_ = *url;
    }
    for (int i = 0; i < 3; ++i) {
      auto opened = OnPostgres() ? postgres::OpenPgCatalog(url_, "the test database")
                                 : Catalog::Open(home_.catalog(), false);
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      catalogs_.push_back(std::move(opened).value());
    }
    Catalog& catalog = *catalogs_.front();
    BookRecord book;
    book.id = kBook;
    book.type = "khai_sinh";
    book.agency_code = "000.31.22.H32";
    ASSERT_TRUE(catalog.StoreBook(book).ok());
    BookPageRecord page;
    page.book_id = kBook;
    page.number = 1;
    page.image_sha256 = std::string(64, 'b');
    ASSERT_TRUE(catalog.StoreBookPage(page).ok());
    PageSlots slots;
    slots.book_id = kBook;
    slots.page = 1;
    for (int i = 0; i < kRows; ++i) slots.rows.push_back({Box{100, 200 + 80 * i, 3000, 80}, {}});
    ASSERT_TRUE(catalog.keying().StoreSlots(slots).ok());
    for (const char* clerk : {"lan", "minh", "hoa"}) {
      ASSERT_TRUE(catalog.keying().Assign({0, kBook, 1, 1, clerk, "manager", ""}).ok());
    }
  }

  // Runs `work` for clerk i on catalog i, all at once; the first failure of each.
  std::vector<Status> AtOnce(const std::vector<std::string>& clerks,
                             const std::function<Status(Keying&, const std::string&)>& work) {
    std::vector<Status> outcomes(clerks.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < clerks.size(); ++i) {
      threads.emplace_back([&, i] {
        Keying keying(*catalogs_[i]);
        outcomes[i] = work(keying, clerks[i]);
      });
    }
    for (std::thread& t : threads) t.join();
    return outcomes;
  }

  // Every row verified once, from exactly two keyings.
  void ExpectEveryRowVerifiedByTwo() {
    Keying keying(*catalogs_.front());
    auto slots = keying.Slots(kBook, 1);
    ASSERT_TRUE(slots.ok());
    ASSERT_EQ(slots->size(), static_cast<std::size_t>(kRows));
    for (const SlotRecord& slot : *slots) {
      EXPECT_EQ(slot.state, SlotState::kVerified) << "row " << slot.position;
      EXPECT_EQ(slot.keyings, 2) << "row " << slot.position;
    }
    auto entries = catalogs_.front()->BookEntries(kBook);
    ASSERT_TRUE(entries.ok());
    EXPECT_EQ(entries->size(), static_cast<std::size_t>(kRows));
    auto progress = keying.Progress(kBook);
    ASSERT_TRUE(progress.ok());
    ASSERT_EQ(progress->size(), 1u);
    EXPECT_EQ(progress->front().verified, kRows);
    EXPECT_EQ(progress->front().keyed_once, 0);
  }

  testing::TempDir dir_;
  HomeLayout home_;
  std::string url_;
  std::vector<std::unique_ptr<Catalog>> catalogs_;
};

TEST_F(KeyingAtOnceTest, TwoClerksSavingTheSameEntriesAtOnceVerifyEachOnce) {
  std::vector<std::int64_t> ids;
  {
    auto slots = Keying(*catalogs_.front()).Slots(kBook, 1);
    ASSERT_TRUE(slots.ok());
    for (const SlotRecord& slot : *slots) ids.push_back(slot.id);
  }
  std::barrier together(2);
  const auto outcomes = AtOnce({"lan", "minh"}, [&](Keying& keying, const std::string& clerk) {
    Status first_failure;
    for (std::int64_t id : ids) {
      together.arrive_and_wait();  // both clerks save each entry at the same moment
      auto state = keying.SaveKeying({id, clerk, false, Birth(std::to_string(id), "Nguyễn Văn An"), {}, 1, ""});
      if (!state.ok() && first_failure.ok()) first_failure = state.status();
    }
    return first_failure;
  });
  for (const Status& outcome : outcomes) EXPECT_TRUE(outcome.ok()) << outcome.ToString();
  ExpectEveryRowVerifiedByTwo();
}

TEST_F(KeyingAtOnceTest, ThreeClerksAskingAtOnceAreNeverAllHandedOneEntry) {
  const auto outcomes = AtOnce({"lan", "minh", "hoa"}, [](Keying& keying, const std::string& clerk) {
    while (true) {
      auto next = keying.NextSlot(clerk);
      if (!next.ok()) return next.status();
      if (!next->has_value()) return Status::Ok();
      const SlotRecord& slot = **next;
      // A third clerk handed a row two others hold finds it verified here.
      auto state = keying.SaveKeying({slot.id, clerk, false, Birth("1", "Lê Thị Mai"), {}, 1, ""});
      if (!state.ok()) return state.status();
    }
  });
  for (const Status& outcome : outcomes) EXPECT_TRUE(outcome.ok()) << outcome.ToString();
  ExpectEveryRowVerifiedByTwo();
}

}  // namespace
}  // namespace sohoa::archive
