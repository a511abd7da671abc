// The order of a page's text blocks (ocr/reading_order.h), on blocks laid
// out as Tesseract gives them for the pages that needed it.
#include "ocr/reading_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sohoa::ocr {
namespace {

TextBlock Block(int top, int bottom, const std::string& text) {
  TextBlock block;
  block.top = top;
  block.bottom = bottom;
  block.text = text + "\n";
  block.words.push_back(Word{text, {}, 90});
  return block;
}

std::string Read(std::vector<TextBlock> blocks, std::vector<Word>* words = nullptr) {
  std::string text;
  std::vector<Word> read;
  ReadTopDown(blocks, text, read);
  if (words != nullptr) *words = std::move(read);
  return text;
}

// A card copy's front in the order Tesseract gave its blocks (held-out
// seed 612): the line under the portrait, in the left column, first; then
// the heading across the card and the fields in the right column, both
// above it; then the card's back.
TEST(ReadingOrderTest, TheLineUnderTheCardsPortraitComesAfterWhatIsAboveIt) {
  std::vector<Word> words;
  EXPECT_EQ(Read({Block(700, 745, "Có giá trị đến"), Block(180, 300, "CỘNG HÒA"),
                  Block(380, 690, "Số / No."), Block(1000, 1100, "Đặc điểm nhân dạng")},
                 &words),
            "CỘNG HÒA\nSố / No.\nCó giá trị đến\nĐặc điểm nhân dạng\n");
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(words[0].text, "CỘNG HÒA");
  EXPECT_EQ(words[2].text, "Có giá trị đến");
}

// Two blocks on one row, the right one starting a few pixels higher
// (skew, a taller letter): read as Tesseract gave them, left then right.
TEST(ReadingOrderTest, BlocksSideBySideKeepTesseractsOrder) {
  EXPECT_EQ(Read({Block(500, 540, "Dân tộc: Kinh"), Block(494, 538, "Quốc tịch: Việt Nam")}),
            "Dân tộc: Kinh\nQuốc tịch: Việt Nam\n");
  // The left column of a header, two lines, beside the right one of three.
  EXPECT_EQ(Read({Block(100, 190, "ỦY BAN NHÂN DÂN"), Block(95, 240, "CỘNG HÒA XÃ HỘI"),
                  Block(300, 340, "GIẤY CHỨNG NHẬN")}),
            "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI\nGIẤY CHỨNG NHẬN\n");
}

// A block that touches the one below by a letter's tail is still above it.
TEST(ReadingOrderTest, ABlockOverlappingTheNextByLessThanHalfIsAboveIt) {
  EXPECT_EQ(Read({Block(230, 260, "below"), Block(100, 240, "above")}), "above\nbelow\n");
  EXPECT_TRUE(Above(Block(100, 240, "a"), Block(230, 260, "b")));
  EXPECT_FALSE(Above(Block(230, 260, "b"), Block(100, 240, "a")));
  EXPECT_FALSE(Above(Block(100, 240, "a"), Block(150, 260, "beside")));
}

TEST(ReadingOrderTest, NoBlocksReadAsNoText) {
  std::vector<Word> words{Word{"stale", {}, 1}};
  std::vector<TextBlock> none;
  std::string text = "stale";
  ReadTopDown(none, text, words);
  EXPECT_EQ(text, "");
  EXPECT_TRUE(words.empty());
}

// Every block is read once, whatever their rows.
TEST(ReadingOrderTest, EveryBlockIsReadOnce) {
  std::vector<TextBlock> blocks;
  for (int i = 0; i < 12; ++i) {
    const int top = (i * 37) % 11 * 50;
    blocks.push_back(Block(top, top + (i % 3) * 60, std::to_string(i)));
  }
  std::vector<Word> words;
  Read(blocks, &words);
  ASSERT_EQ(words.size(), 12u);
  std::vector<bool> seen(12, false);
  for (const Word& w : words) seen[std::stoi(w.text)] = true;
  EXPECT_EQ(std::count(seen.begin(), seen.end(), true), 12);
}

}  // namespace
}  // namespace sohoa::ocr
