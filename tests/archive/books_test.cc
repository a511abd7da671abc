// Register books in the catalog: store, list, search, rescan.
#include <gtest/gtest.h>

#include "archive/catalog.h"
#include "archive/postgres/books.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

BookEntryRecord Entry(int position, const std::string& number, const std::string& name,
                      const std::string& mother) {
  BookEntryRecord e;
  e.position = position;
  e.number = number;
  e.fields = {{"no", number, 96},        {"registered", "02/01/2012", 95}, {"name", name, 91},
              {"dob", "31/12/2011", 94}, {"sex", "Nam", 97},              {"mother", mother, 90},
              {"father", "", 100}};
  e.confidence = 90;
  return e;
}

class BooksCatalogTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    BookRecord book;
    book.id = "KS-2012-01";
    book.type = "khai_sinh";
    book.commune = "xã Vĩnh Phương";
    book.volume = "01";
    book.year = 2012;
    ASSERT_TRUE(catalog_->StoreBook(book).ok());
  }

  BookPageRecord Page(int number, std::vector<BookEntryRecord> entries) {
    BookPageRecord page;
    page.book_id = "KS-2012-01";
    page.number = number;
    page.image_sha256 = std::string(64, 'b');
    page.source_name = "0" + std::to_string(number) + ".jpg";
    page.entries = std::move(entries);
    return page;
  }
};

TEST_F(BooksCatalogTest, StoredEntriesComeBackInPageAndRowOrderWithTheirFields) {
  ASSERT_TRUE(catalog_->StoreBookPage(Page(2, {Entry(1, "9", "Trần Văn Bình", "Lê Thị Hoa")})).ok());
  auto stored = catalog_->StoreBookPage(
      Page(1, {Entry(1, "1", "Nguyễn Văn Đức", "Phạm Thị Lan"),
               Entry(2, "2", "Lê Thị Mai", "Võ Thị Hạnh")}));
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(*stored, 2);

  auto entries = catalog_->BookEntries("KS-2012-01");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].number, "1");
  EXPECT_EQ((*entries)[1].Get("name"), "Lê Thị Mai");
  EXPECT_EQ((*entries)[2].page, 2);
  EXPECT_EQ((*entries)[0].Get("father"), "");
  EXPECT_EQ((*entries)[0].fields.front().name, "no");  // column order kept
  EXPECT_EQ((*entries)[0].source_sha256, std::string(64, 'b'));

  auto book = catalog_->FindBook("KS-2012-01");
  ASSERT_TRUE(book.ok() && book->has_value());
  EXPECT_EQ((*book)->commune, "xã Vĩnh Phương");
  EXPECT_EQ((*book)->year, 2012);
  EXPECT_FALSE((*book)->entries_expected.has_value());
}

TEST_F(BooksCatalogTest, ARescannedPageReplacesItsEntries) {
  ASSERT_TRUE(catalog_->StoreBookPage(Page(1, {Entry(1, "1", "Nguyen Van Duc", "X")})).ok());
  ASSERT_TRUE(catalog_->StoreBookPage(Page(1, {Entry(1, "1", "Nguyễn Văn Đức", "X")})).ok());
  auto entries = catalog_->BookEntries("");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].Get("name"), "Nguyễn Văn Đức");
  auto hits = catalog_->SearchBookEntries("nguyen van duc", 10);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 1u);
}

TEST_F(BooksCatalogTest, SearchFindsNamesWithoutToneMarksOrDStroke) {
  ASSERT_TRUE(catalog_->StoreBookPage(
                          Page(1, {Entry(1, "1", "Nguyễn Văn Đức", "Phạm Thị Lan"),
                                   Entry(2, "2", "Lê Thị Mai", "Võ Thị Hạnh")}))
                  .ok());
  auto hits = catalog_->SearchBookEntries("NGUYEN VAN DUC", 10);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].number, "1");
  auto mother = catalog_->SearchBookEntries("vo thi hanh", 10);
  ASSERT_TRUE(mother.ok());
  ASSERT_EQ(mother->size(), 1u);
  EXPECT_EQ((*mother)[0].position, 2);
}

TEST_F(BooksCatalogTest, APageOfAnUnknownBookIsRefused) {
  BookPageRecord page = Page(1, {});
  page.book_id = "nope";
  EXPECT_EQ(catalog_->StoreBookPage(page).status().code(), StatusCode::kNotFound);
}

TEST_F(BooksCatalogTest, EveryStoredPageIsAnIngestionEvent) {
  ASSERT_TRUE(catalog_->StoreBookPage(Page(1, {Entry(1, "1", "A", "B")})).ok());
  auto events = catalog_->Events("KS-2012-01");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, "ingestion");
}

// Entries copied from an SQLite catalog come without their search words,
// which SQLite keeps in its FTS5 index (archive/migrate.h): the PostgreSQL
// catalog writes them from the entries' fields.
TEST(PgBookWordsTest, EntriesCopiedWithoutTheirWordsAreFoundOnceIndexed) {
  if (!OnPostgres()) GTEST_SKIP() << "a test of the PostgreSQL catalog's entry words";
  auto& shared = TestCluster::Get();
  if (!shared.cluster) GTEST_SKIP() << shared.why;
  auto url = shared.FreshDatabase();
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  auto catalog = postgres::OpenPgCatalog(*url, "the test database");
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  BookRecord book;
  book.id = "KS-2012-01";
  ASSERT_TRUE((*catalog)->StoreBook(book).ok());
  BookPageRecord page;
  page.book_id = book.id;
  page.number = 1;
  page.entries = {Entry(1, "1", "Nguyễn Văn Đức", "Phạm Thị Lan"), Entry(2, "2", "Lê Thị Mai", "Võ Thị Hạnh"),
                  Entry(3, "3", "Nguyen Van Duc", "Trần Thị Thu")};
  ASSERT_TRUE((*catalog)->StoreBookPage(page).ok());
  auto db = postgres::Connection::Open(*url, "the test database");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(db->Run("UPDATE book_entries SET exact = '', folded = ''").ok());
  auto none = (*catalog)->SearchBookEntries("nguyen van duc", 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  std::int64_t after = 0;
  int batches = 0;
  while (true) {
    auto last = postgres::IndexBookEntries(*db, after, 2);
    ASSERT_TRUE(last.ok()) << last.status().ToString();
    if (*last == 0) break;
    after = *last;
    ++batches;
  }
  EXPECT_EQ(batches, 2);
  auto hits = (*catalog)->SearchBookEntries("Nguyễn Văn Đức", 10);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].position, 1) << "the spelling as typed first";
  EXPECT_EQ((*hits)[1].position, 3);
}

}  // namespace
}  // namespace sohoa::archive
