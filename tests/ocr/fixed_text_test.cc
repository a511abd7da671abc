// Mending the text every copy of a form prints alike (ocr/fixed_text.h),
// on runs of words as Tesseract read them from generated held-out pages.
#include "ocr/fixed_text.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace sohoa::ocr {
namespace {

// The words of `text`, each in a box 10 wide at x = 10 × its place.
std::vector<Word> WordsOf(const std::string& text) {
  std::istringstream in(text);
  std::vector<Word> words;
  int x = 0;
  for (std::string w; in >> w; x += 10) words.push_back({w, {x, 0, 8, 10}, 90});
  return words;
}

std::string Joined(const std::vector<Word>& words) {
  std::string out;
  for (const Word& w : words) out += (out.empty() ? "" : "|") + w.text;
  return out;
}

TEST(FixedTextTest, TheCardsHeadingIsMendedWordForWordKeepingItsLines) {
  std::string text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSOCIALIST REPUBLIC OF VIẾT NAM\n"
                     "Độc lập - Tự do - Hạnh phúc\n\nIndependence - Freedom - Happinees\n";
  std::vector<Word> words = WordsOf(text);
  MendFixedText(text, words);
  EXPECT_EQ(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSOCIALIST REPUBLIC OF VIET NAM\n"
                  "Độc lập - Tự do - Hạnh phúc\n\nIndependence - Freedom - Happiness\n");
  EXPECT_EQ(words[11].text, "VIET");
  EXPECT_EQ(words.back().text, "Happiness");
}

TEST(FixedTextTest, AWordRunTogetherIsSplitAndAWordBrokenIsJoined) {
  std::string text = "Có giá trị đến: 27/08/2029\nDate oexpiry\n";
  std::vector<Word> words = WordsOf(text);
  MendFixedText(text, words);
  EXPECT_EQ(text, "Có giá trị đến: 27/08/2029\nDate of expiry\n");
  EXPECT_EQ(Joined(words), "Có|giá|trị|đến:|27/08/2029|Date|of expiry");

  std::string back = "Left index fìn ger";
  std::vector<Word> broken = WordsOf(back);
  MendFixedText(back, broken);
  EXPECT_EQ(back, "Left index finger");
  ASSERT_EQ(broken.size(), 3u);
  EXPECT_EQ(broken[2].text, "finger");
  // The joined word spans both boxes.
  EXPECT_EQ(broken[2].box.x, 20);
  EXPECT_EQ(broken[2].box.w, 18);
}

TEST(FixedTextTest, ValuesAndWordsBesideAPhraseAreLeftAsRead) {
  // The value after the label, and a word read before it, stay.
  std::string text = "th Ngày sinh / Date of brth: 27/08/1989\nHọ và tên / Full name:\nNGUYÊN VĂN AN\n";
  std::vector<Word> words = WordsOf(text);
  MendFixedText(text, words);
  EXPECT_EQ(text, "th Ngày sinh / Date of birth: 27/08/1989\nHọ và tên / Full name:\nNGUYÊN VĂN AN\n");
  // The heading's last word read on the next line is not added again.
  std::string split = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\nHUYỆN DIÊN KHÁNH NAM\n";
  std::vector<Word> split_words = WordsOf(split);
  MendFixedText(split, split_words);
  EXPECT_EQ(split, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\nHUYỆN DIÊN KHÁNH NAM\n");
  // Nor is the next block's first words, read on after the phrase.
  std::string beside = "CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN TM. ỦY BẠN NHÂN DÂN\nCHÍNH\n";
  std::vector<Word> beside_words = WordsOf(beside);
  MendFixedText(beside, beside_words);
  EXPECT_EQ(beside, "CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN TM. ỦY BAN NHÂN DÂN\nCHÍNH\n");
  // Too far from any phrase, or too short to tell: as read.
  std::string other = "Ngày tháng năm sinh: 01/02/1990\nSố / No: 056\n";
  std::vector<Word> far = WordsOf(other);
  MendFixedText(other, far);
  EXPECT_EQ(other, "Ngày tháng năm sinh: 01/02/1990\nSố / No: 056\n");
}

TEST(FixedTextTest, ARunAsCloseToTwoPhrasesIsLeftAsRead) {
  // Two slips from "trái" and two from "phải".
  std::string text = "Ngón trỏ xrải";
  std::vector<Word> words = WordsOf(text);
  MendFixedText(text, words);
  EXPECT_EQ(text, "Ngón trỏ xrải");
  MendFixedText(text, words, {"Ngón trỏ phải"});
  EXPECT_EQ(text, "Ngón trỏ phải");
}

TEST(FixedTextTest, TheReceiptsFormTextIsMended) {
  std::string text = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUÁ\n"
                     "Vào Sổ theo đõi hồ sơ, Quyển số: 03, Số thứ tự: 50.\n"
                     "NGƯỜI NỘP HỒ SƠ NGƯỜI TIẾP NHẬN HỒ SƠ\n"
                     "(Ký và ghỉ rõ họ tên) (Ký và ghỉ rõ họ tên)\n";
  std::vector<Word> words = WordsOf(text);
  MendFixedText(text, words);
  EXPECT_EQ(text, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\n"
                  "Vào Sổ theo dõi hồ sơ, Quyển số: 03, Số thứ tự: 50.\n"
                  "NGƯỜI NỘP HỒ SƠ NGƯỜI TIẾP NHẬN HỒ SƠ\n"
                  "(Ký và ghi rõ họ tên) (Ký và ghi rõ họ tên)\n");
}

}  // namespace
}  // namespace sohoa::ocr
