// sohoa-gen --books: register books on disk and in the ground truth.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "tests/test_env.h"
#include "tools/gen/generator.h"
#include "tools/gen/register.h"

namespace sohoa::gen {
namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> ReadTree(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), root).generic_string()] = testing::ReadFile(entry.path());
    }
  }
  return files;
}

Options BookOptions() {
  Options o;
  o.seed = 3;
  o.dossiers = 1;
  o.dpis = {200};
  o.books = 2;
  return o;
}

TEST(RegisterGenTest, WritesTwoPageBooksWithEightNumberedEntriesAPage) {
  testing::TempDir dir;
  auto truth = Generate(BookOptions(), dir.path());
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  ASSERT_EQ(truth->books.size(), 2u);
  const BookTruth& book = truth->books[0];
  EXPECT_EQ(book.type, "khai_sinh");
  EXPECT_EQ(truth->books[1].type, "ket_hon");
  EXPECT_EQ(book.columns, (std::vector<std::string>{"no", "registered", "name", "dob", "sex",
                                                    "birthplace", "mother", "father"}));
  ASSERT_EQ(book.pages.size(), 2u);
  int expected = 1;
  for (const BookPageTruth& page : book.pages) {
    EXPECT_TRUE(fs::is_regular_file(dir.path() / page.file)) << page.file;
    EXPECT_GT(page.width, page.height);  // landscape
    EXPECT_TRUE(page.header.starts_with("SỔ ĐĂNG KÝ KHAI SINH - "));
    EXPECT_NE(page.header.find("QUYỂN SỐ " + book.volume + "/" + std::to_string(book.year)),
              std::string::npos);
    ASSERT_EQ(page.entries.size(), 8u);
    for (const EntryTruth& e : page.entries) {
      EXPECT_EQ(e.Get("no"), std::to_string(expected++));
      EXPECT_EQ(e.Get("registered").substr(6), std::to_string(book.year));
      EXPECT_TRUE(e.Get("sex") == "Nam" || e.Get("sex") == "Nữ");
      EXPECT_FALSE(e.Get("name").empty());
    }
    for (const std::string& d : page.degradations) EXPECT_NE(d, "rotation");
    EXPECT_LE(std::abs(page.skew_degrees), 2.0);
  }
}

TEST(RegisterGenTest, EveryBookOfARunHasItsOwnIdAndFolder) {
  // Seed 32069's 36 books drew the same commune, type, year and volume twice
  // (KT-000.21.24.H32-2013-03): the second wrote over the first one's pages
  // while the truth kept both, and books_eval counted a whole page wrong.
  Options o = BookOptions();
  o.seed = 32069;
  o.books = 36;
  o.book_pages = 1;
  o.entries_per_page = 1;
  testing::TempDir dir;
  auto truth = Generate(o, dir.path());
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  std::map<std::string, int> ids;
  for (const BookTruth& book : truth->books) {
    ++ids[book.id];
    EXPECT_EQ(book.path, "books/" + book.id);
    EXPECT_NE(book.pages.front().header.find("QUYỂN SỐ " + book.volume + "/"), std::string::npos);
  }
  EXPECT_EQ(ids.size(), truth->books.size());
  int folders = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() / "books")) folders += entry.is_directory();
  EXPECT_EQ(folders, 36);
}

TEST(RegisterGenTest, TheSameSeedGivesTheSameBytesAndTheTruthRoundTrips) {
  testing::TempDir a, b;
  auto ta = Generate(BookOptions(), a.path());
  auto tb = Generate(BookOptions(), b.path());
  ASSERT_TRUE(ta.ok() && tb.ok());
  EXPECT_EQ(ReadTree(a.path()), ReadTree(b.path()));
  auto parsed = ParseGroundTruth(testing::ReadFile(a.path() / "ground-truth.json"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(ToJson(*parsed), ToJson(*ta));
  ASSERT_EQ(parsed->books.size(), 2u);
  EXPECT_EQ(parsed->books[0].pages[1].entries[7].Get("no"), "16");
}

TEST(RegisterGenTest, BooksLeaveTheDossiersAndAnOldStyleTruthUnchanged) {
  testing::TempDir with, without;
  Options o = BookOptions();
  ASSERT_TRUE(Generate(o, with.path()).ok());
  o.books = 0;
  ASSERT_TRUE(Generate(o, without.path()).ok());
  auto files_with = ReadTree(with.path());
  auto files_without = ReadTree(without.path());
  for (const auto& [name, bytes] : files_without) {
    if (name == "ground-truth.json") continue;
    EXPECT_EQ(files_with[name], bytes) << name;
  }
  const std::string old_truth = testing::ReadFile(without.path() / "ground-truth.json");
  EXPECT_EQ(old_truth.find("books"), std::string::npos);
}

TEST(RegisterGenTest, ARerunRemovesThePreviousBooks) {
  testing::TempDir dir;
  Options o = BookOptions();
  auto first = Generate(o, dir.path());
  ASSERT_TRUE(first.ok());
  o.seed = 4;
  ASSERT_TRUE(Generate(o, dir.path()).ok());
  for (const BookTruth& b : first->books) {
    if (b.id == "") continue;
    bool still_listed = false;
    auto second = ParseGroundTruth(testing::ReadFile(dir.path() / "ground-truth.json"));
    ASSERT_TRUE(second.ok());
    for (const BookTruth& n : second->books) still_listed = still_listed || n.id == b.id;
    EXPECT_EQ(fs::exists(dir.path() / b.path), still_listed) << b.path;
  }
}

}  // namespace
}  // namespace sohoa::gen
