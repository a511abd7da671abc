// A generated two-page register book, eight entries a page, ingested end to
// end: every entry found in order with its fields, and every row a keying
// slot whose pre-fill is what was read. A book mixing a ruled page, an
// unruled written page and a blank one keeps all three.
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include "archive/catalog.h"
#include "archive/home.h"
#include "archive/keying.h"
#include "ingest/books.h"
#include "tests/ocr/render.h"
#include "tests/test_env.h"
#include "tools/gen/generator.h"

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;

struct Scored {
  int exact = 0, total = 0;
  bool in_order = true;
  int prefilled = 0, prefill_wrong = 0;
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
  EXPECT_EQ(summary->slots, 16);
  EXPECT_TRUE(summary->failures.empty());
  EXPECT_TRUE(summary->pages_without_rows.empty());

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

  // Each entry row is a slot at the entry's position; what it offers as a
  // pre-fill was read (and, on a clean page, read right).
  archive::Keying keying(**catalog);
  for (const gen::BookPageTruth& page : book.pages) {
    auto slots = keying.Slots(book.id, page.number);
    EXPECT_TRUE(slots.ok()) << slots.status().ToString();
    if (!slots.ok()) continue;
    EXPECT_EQ(slots->size(), page.entries.size());
    for (std::size_t r = 0; r < slots->size() && r < page.entries.size(); ++r) {
      const archive::SlotRecord& slot = (*slots)[r];
      EXPECT_EQ(slot.position, static_cast<int>(r + 1));
      EXPECT_GT(slot.box.w, slot.box.h);
      EXPECT_TRUE(degrade || !slot.prefill.empty()) << "row " << r + 1;
      for (const auto& [key, value] : slot.prefill) {
        ++score.prefilled;
        if (value != page.entries[r].Get(key)) ++score.prefill_wrong;
      }
    }
  }
  return score;
}

TEST(BookIngestTest, EveryEntryOfACleanRegisterIsReadExactlyAndInOrder) {
  Scored s = IngestAndScore(false, 11);
  EXPECT_TRUE(s.in_order);
  EXPECT_EQ(s.total, 2 * 8 * 8);
  EXPECT_EQ(s.exact, s.total);
  EXPECT_GT(s.prefilled, s.total / 2);
  EXPECT_EQ(s.prefill_wrong, 0);
}

TEST(BookIngestTest, ADegradedRegisterIsReadAtLeastNinetyFivePercentExact) {
  // Single field slips are tolerated here; only the rate decides.
  Scored s = IngestAndScore(true, 12);
  EXPECT_TRUE(s.in_order);
  EXPECT_EQ(s.total, 2 * 8 * 8);
  EXPECT_GE(s.exact * 100, s.total * 95) << s.exact << "/" << s.total;
}

// An unruled page of written lines, as most handwritten books are.
std::string WrittenPage(int lines) {
  std::string text;
  for (int i = 1; i <= lines; ++i) {
    text += std::to_string(i) + ". Nguyễn Thị Hoa, sinh ngày " + std::to_string(i) +
            "/3/1961, con ông Nguyễn Văn Tư\n\n";
  }
  testing::PageLayout layout;
  layout.dpi = 200;
  layout.font = "Z003";
  layout.font_pt = 16;
  ocr::PixPtr pix = testing::RenderText(text, layout);
  return testing::PixToPng(pix.get());
}

TEST(BookIngestTest, EveryPageIsStoredAndCutIntoSlotsRuledOrNot) {
  testing::TempDir dir;
  gen::Options options;
  options.seed = 13;
  options.dossiers = 0;
  options.books = 1;
  options.entries_per_page = 6;
  options.book_pages = 1;
  options.degrade = false;
  auto truth = gen::Generate(options, dir.path() / "corpus");
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  const fs::path folder = dir.path() / "corpus" / truth->books.at(0).path;  // 01.jpg
  testing::WriteFile(folder / "02.png", WrittenPage(7));
  ocr::PixPtr white(pixCreate(1654, 2339, 8));
  pixSetAllArbitrary(white.get(), 255);
  testing::WriteFile(folder / "03.png", testing::PixToPng(white.get()));

  archive::HomeLayout home{dir.path() / "home"};
  ASSERT_TRUE(archive::InitHome(home).ok());
  auto ingester = BookIngester::Create(home, {});
  ASSERT_TRUE(ingester.ok()) << ingester.status().ToString();
  auto summary = (*ingester)->IngestFolder(folder, "mixed");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->pages, 3);
  EXPECT_TRUE(summary->failures.empty());
  EXPECT_EQ(summary->entries, 6);
  EXPECT_EQ(summary->slots, 6 + 7);
  ASSERT_EQ(summary->pages_without_rows.size(), 1u);
  EXPECT_EQ(summary->pages_without_rows[0].path.filename(), "03.png");
  EXPECT_EQ(summary->header.type, "khai_sinh");

  auto catalog = archive::Catalog::Open(home.catalog(), false);
  ASSERT_TRUE(catalog.ok());
  archive::Keying keying(**catalog);
  auto ruled = keying.Slots("mixed", 1);
  auto written = keying.Slots("mixed", 2);
  auto blank = keying.Slots("mixed", 3);
  ASSERT_TRUE(ruled.ok() && written.ok() && blank.ok());
  EXPECT_EQ(ruled->size(), 6u);
  ASSERT_EQ(written->size(), 7u);
  EXPECT_TRUE(blank->empty());
  for (std::size_t r = 0; r < written->size(); ++r) {
    const archive::SlotRecord& slot = (*written)[r];
    EXPECT_TRUE(slot.prefill.empty()) << "nothing is read on an unruled page";
    EXPECT_GT(slot.box.w, 1000);
    if (r == 0) continue;
    EXPECT_GT(slot.box.y, (*written)[r - 1].box.y);
  }
  auto stored = keying.Page("mixed", 3);
  ASSERT_TRUE(stored.ok() && stored->has_value()) << "the blank page is stored";
  EXPECT_FALSE((*stored)->image_sha256.empty());
  EXPECT_EQ((*stored)->source_name, "03.png");
  auto entries = (*catalog)->BookEntries("mixed");
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->size(), 6u);
}

TEST(BookIngestTest, AFolderMarkedAsABookIsOneWhateverItsPagesLookLike) {
  // Handwritten pages with no printed header: only the marker says it is a book.
  testing::TempDir dir;
  const fs::path batch = dir.path() / "inbox-batch";
  const fs::path marked = batch / "so-khai-sinh-1998";
  const fs::path plain = batch / "just-pages";
  for (const fs::path& folder : {marked, plain}) {
    testing::WriteFile(folder / "01.png", WrittenPage(5));
    testing::WriteFile(folder / "02.png", WrittenPage(4));
  }
  testing::WriteFile(marked / kBookMarker, "KS-1998-02\n");
  archive::HomeLayout home{dir.path() / "home"};
  ASSERT_TRUE(archive::InitHome(home).ok());
  std::vector<BookRun> runs;
  const std::vector<Entry> rest = IngestBooksAmong(home, {}, {{batch, "inbox-batch", {}}}, runs);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].folder, marked);
  ASSERT_TRUE(runs[0].summary.ok()) << runs[0].summary.status().ToString();
  EXPECT_EQ(runs[0].summary->book_id, "KS-1998-02");
  EXPECT_EQ(runs[0].summary->pages, 2);
  EXPECT_EQ(runs[0].summary->slots, 9);
  ASSERT_EQ(rest.size(), 1u) << "the unmarked folder stays a dossier";
  EXPECT_EQ(rest[0].path, plain);
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
