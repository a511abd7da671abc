// A generated two-page register book, eight entries a page, ingested end to
// end: every entry found in order with its fields.
#include <gtest/gtest.h>

#include "archive/catalog.h"
#include "archive/home.h"
#include "ingest/books.h"
#include "tests/test_env.h"
#include "tools/gen/generator.h"

namespace sohoa::ingest {
namespace {

struct Scored {
  int exact = 0, total = 0;
  bool in_order = true;
};

// Ingests book 0 of a generated corpus into a fresh home and scores it.
Scored IngestAndScore(bool degrade, std::uint64_t seed) {
  testing::TempDir dir;
  gen::Options options;
  options.seed = seed;
  options.dossiers = 0;
  options.books = 1;
  options.entries_per_page = 8;
  options.book_pages = 2;
  options.degrade = degrade;
  auto truth = gen::Generate(options, dir.path() / "corpus");
  EXPECT_TRUE(truth.ok()) << truth.status().ToString();
  Scored score;
  if (!truth.ok()) return score;
  const gen::BookTruth& book = truth->books.at(0);
  EXPECT_EQ(book.type, "khai_sinh");

  archive::HomeLayout home{dir.path() / "home"};
  EXPECT_TRUE(archive::InitHome(home).ok());
  auto ingester = BookIngester::Create(home, {});
  EXPECT_TRUE(ingester.ok()) << ingester.status().ToString();
  if (!ingester.ok()) return score;
  auto summary = (*ingester)->IngestFolder(dir.path() / "corpus" / book.path, "");
  EXPECT_TRUE(summary.ok()) << summary.status().ToString();
  if (!summary.ok()) return score;
  EXPECT_EQ(summary->book_id, book.id);  // the folder's name
  EXPECT_EQ(summary->pages, 2);
  EXPECT_TRUE(summary->failures.empty());

  auto catalog = archive::Catalog::Open(home.catalog(), false);
  EXPECT_TRUE(catalog.ok());
  auto stored = (*catalog)->FindBook(book.id);
  EXPECT_TRUE(stored.ok() && stored->has_value());
  if (stored.ok() && stored->has_value()) {
    EXPECT_EQ((*stored)->type, "khai_sinh");
    EXPECT_EQ((*stored)->commune, book.commune);
    EXPECT_EQ((*stored)->volume, book.volume);
    EXPECT_EQ((*stored)->year, book.year);
  }
  auto entries = (*catalog)->BookEntries(book.id);
  EXPECT_TRUE(entries.ok());
  if (!entries.ok()) return score;
  EXPECT_EQ(entries->size(), 16u);
  size_t k = 0;
  for (const gen::BookPageTruth& page : book.pages) {
    for (const gen::EntryTruth& want : page.entries) {
      if (k >= entries->size()) {
        score.in_order = false;
        score.total += static_cast<int>(want.fields.size());
        continue;
      }
      const archive::BookEntryRecord& got = (*entries)[k++];
      score.in_order = score.in_order && got.page == page.number && got.number == want.Get("no");
      for (const auto& [key, value] : want.fields) {
        ++score.total;
        if (got.Get(key) == value) {
          ++score.exact;
        } else if (!degrade) {
          ADD_FAILURE() << book.id << " p." << page.number << " #" << want.Get("no") << " " << key
                        << ": want '" << value << "' got '" << got.Get(key) << "'";
        }
      }
    }
  }
  auto events = (*catalog)->Events(book.id);
  EXPECT_TRUE(events.ok() && events->size() == 2u);  // one per page
  return score;
}

TEST(BookIngestTest, EveryEntryOfACleanRegisterIsReadExactlyAndInOrder) {
  Scored s = IngestAndScore(false, 11);
  EXPECT_TRUE(s.in_order);
  EXPECT_EQ(s.total, 2 * 8 * 8);
  EXPECT_EQ(s.exact, s.total);
}

TEST(BookIngestTest, ADegradedRegisterIsReadAtLeastNinetyFivePercentExact) {
  // Single field slips are tolerated here; only the rate decides.
  Scored s = IngestAndScore(true, 12);
  EXPECT_TRUE(s.in_order);
  EXPECT_EQ(s.total, 2 * 8 * 8);
  EXPECT_GE(s.exact * 100, s.total * 95) << s.exact << "/" << s.total;
}

TEST(BookFilesTest, PagesComeInNameOrderWithoutHiddenFilesOrErrorNotes) {
  testing::TempDir dir;
  for (const char* name : {"02.jpg", "01.jpg", ".hidden.jpg", "01.jpg.error.txt", "10.jpg"}) {
    testing::WriteFile(dir.path() / name, "x");
  }
  auto files = BookFiles(dir.path());
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].filename(), "01.jpg");
  EXPECT_EQ((*files)[2].filename(), "10.jpg");
  EXPECT_EQ(BookFiles(dir.path() / "none").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sohoa::ingest
