// Mending a card copy's machine-readable zone (ocr/mrz.h), on lines as
// Tesseract read them from generated held-out card copies.
#include "ocr/mrz.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sohoa::ocr {
namespace {

TEST(MrzTest, TheFirstLinesDocumentCodeBeginsWithAnI) {
  EXPECT_EQ(MendMrzLine("TDVNM0918800086056091880008<<7"), "IDVNM0918800086056091880008<<7");
  EXPECT_EQ(MendMrzLine("1DVNM0918800086056091880008<<7"), "IDVNM0918800086056091880008<<7");
  EXPECT_EQ(MendMrzLine("IDVNM0918800086056091880008<<7"), "IDVNM0918800086056091880008<<7");
  // A passport card's code is "A" or "C": kept.
  EXPECT_EQ(MendMrzLine("ACVNM0918800086056091880008<<7"), "ACVNM0918800086056091880008<<7");
}

TEST(MrzTest, TheNameLineHoldsNoDigit) {
  EXPECT_EQ(MendMrzLine("LE<<XUAN<S0N<<<<<<<<<<<<<<<<<<"), "LE<<XUAN<SON<<<<<<<<<<<<<<<<<<");
  EXPECT_EQ(MendMrzLine("NGUYEN<<H0A1<THUY<0ANH<<<<<<<<"), "NGUYEN<<HOAI<THUY<OANH<<<<<<<<");
}

TEST(MrzTest, TheDatesLineAndOtherWordsAreLeftAlone) {
  // Dates, sex and nationality: its first characters are digits.
  EXPECT_EQ(MendMrzLine("8004174M4004176VNM<<<<<<<<<<<6"), "8004174M4004176VNM<<<<<<<<<<<6");
  // Not 30, 36 or 44 long; lower case; no "<<": not a line of the zone.
  EXPECT_EQ(MendMrzLine("TDVNM0918800086056091880008<<"), "TDVNM0918800086056091880008<<");
  EXPECT_EQ(MendMrzLine("Tdvnm0918800086056091880008<<7"), "Tdvnm0918800086056091880008<<7");
  EXPECT_EQ(MendMrzLine("S0N0918800086056091880008000T7"), "S0N0918800086056091880008000T7");
  EXPECT_EQ(MendMrzLine("NGUYỄN"), "NGUYỄN");
}

TEST(MrzTest, ThePagesTextAndWordsAreMendedAlike) {
  std::string text = "Left index finger\nTDVNM0918800086056091880008<<7\nLE<<XUAN<S0N<<<<<<<<<<<<<<<<<<\n";
  std::vector<Word> words{{"Left", {}, 90}, {"TDVNM0918800086056091880008<<7", {}, 80},
                          {"LE<<XUAN<S0N<<<<<<<<<<<<<<<<<<", {}, 80}};
  MendMrz(text, words);
  EXPECT_EQ(text, "Left index finger\nIDVNM0918800086056091880008<<7\nLE<<XUAN<SON<<<<<<<<<<<<<<<<<<\n");
  EXPECT_EQ(words[0].text, "Left");
  EXPECT_EQ(words[1].text, "IDVNM0918800086056091880008<<7");
  EXPECT_EQ(words[2].text, "LE<<XUAN<SON<<<<<<<<<<<<<<<<<<");
}


// The lines below were read by Tesseract from generated held-out card
// copies (seed 612); the round digits of OCR-B pass for each other.
TEST(MrzTest, TheFirstLinesDigitsAreMendedByItsCheckDigitsAndThePrintedNumber) {
  // Read "0" as "6" in both copies of the number; the card prints it right.
  std::string text = "Số / No.: 056097909033\nIDVNM6979090338056697969033<<9\n";
  std::vector<Word> words{{"056097909033", {}, 90}, {"IDVNM6979090338056697969033<<9", {}, 80}};
  MendMrz(text, words);
  EXPECT_EQ(words[1].text, "IDVNM0979090338056097909033<<9");
  EXPECT_EQ(text, "Số / No.: 056097909033\nIDVNM0979090338056097909033<<9\n");

  // One copy slipped: the other and the check digits say which is right.
  std::string alone = "IDVNM1616332699056161033269<<0";
  std::vector<Word> one{{alone, {}, 80}};
  MendMrz(alone, one);
  EXPECT_EQ(one[0].text, "IDVNM1610332699056161033269<<0");
}

TEST(MrzTest, TheSecondLinesDatesAreMendedByTheirCheckDigitsAndThePrintedDates) {
  std::string text = "Có giá trị đến: 17/07/2028\n6807175M2867177VNM<<<<<<<<<<<4";
  std::vector<Word> words{{"17/07/2028", {}, 90}, {"6807175M2867177VNM<<<<<<<<<<<4", {}, 80}};
  MendMrz(text, words);
  EXPECT_EQ(words[1].text, "6807175M2807177VNM<<<<<<<<<<<4");
}

TEST(MrzTest, TheNameLineIsMendedByTheNamePrintedOnTheCard) {
  std::string text = "Họ và tên / Full name:\nLÝ ĐÌNH BẢO\nLY<<DTNH<BAO<<<<<<<<<<<<<<<<<<";
  std::vector<Word> words{{"LÝ", {}, 90}, {"LY<<DTNH<BAO<<<<<<<<<<<<<<<<<<", {}, 80}};
  MendMrz(text, words);
  EXPECT_EQ(words[1].text, "LY<<DINH<BAO<<<<<<<<<<<<<<<<<<");
  // An extra letter and a letter the Vietnamese model made up.
  std::string more = "NGUYỄN PHƯƠNG HƯƠNG\nNGUYEN<<PHU0NG<HU0ONG<<<<<<<<<<";
  std::vector<Word> extra{{"NGUYEN<<PHU0NG<HU0ONG<<<<<<<<<<", {}, 80}};
  MendMrz(more, extra);
  EXPECT_EQ(extra[0].text, "NGUYEN<<PHUONG<HUONG<<<<<<<<<<");
  // A made-up letter, "I" read "T", "O" read "0"; the signer's name printed
  // on the back is further off.
  std::string back = "BÙI HOÀI OANH\nNGUYỄN NGỌC VINH\nBUT<<ẳH0AT<0ANH<<<<<<<<<<<<<<<<";
  std::vector<Word> made_up{{"BUT<<ẳH0AT<0ANH<<<<<<<<<<<<<<<<", {}, 80}};
  MendMrz(back, made_up);
  EXPECT_EQ(made_up[0].text, "BUI<<HOAI<OANH<<<<<<<<<<<<<<<<");
  EXPECT_EQ(back, "BÙI HOÀI OANH\nNGUYỄN NGỌC VINH\nBUI<<HOAI<OANH<<<<<<<<<<<<<<<<");
  // A speck read as a word before the printed name.
  std::string speck = "đế TRẦN THANH MINH\nTRAN<<THANH<MTINH<<<<<<<<<<<<<<";
  std::vector<Word> after_speck{{"TRAN<<THANH<MTINH<<<<<<<<<<<<<<", {}, 80}};
  MendMrz(speck, after_speck);
  EXPECT_EQ(after_speck[0].text, "TRAN<<THANH<MINH<<<<<<<<<<<<<<");
}

TEST(MrzTest, WhatNothingConfirmsIsLeftAsRead) {
  // No name printed near the line's: another person's name is no evidence.
  std::string text = "TRẦN VĂN AN\nLY<<DTNH<BAO<<<<<<<<<<<<<<<<<<";
  std::vector<Word> words{{"LY<<DTNH<BAO<<<<<<<<<<<<<<<<<<", {}, 80}};
  MendMrz(text, words);
  EXPECT_EQ(words[0].text, "LY<<DTNH<BAO<<<<<<<<<<<<<<<<<<");
  // A line that checks is not changed to a printed number that differs.
  std::string first = "Số / No.: 056097909038\nIDVNM0979090338056097909033<<9";
  std::vector<Word> checked{{"IDVNM0979090338056097909033<<9", {}, 80}};
  MendMrz(first, checked);
  EXPECT_EQ(checked[0].text, "IDVNM0979090338056097909033<<9");
}

TEST(MrzTest, ALineReadWithACharacterTooManyOrAVietnameseLetterIsMendedToo) {
  // One "6" too many, and a "0" read as "ô" (two cards' first lines).
  std::string text = "Số / No.: 038091097400\nTDVNM69109740600038091097400<<7\n"
                     "Số / No.: 056079042817\nTDVNMô7960428170056079642817<<1\n";
  std::vector<Word> words{{"TDVNM69109740600038091097400<<7", {}, 80},
                          {"TDVNMô7960428170056079642817<<1", {}, 80}};
  MendMrz(text, words);
  EXPECT_EQ(words[0].text, "IDVNM0910974000038091097400<<7");
  EXPECT_EQ(words[1].text, "IDVNM0790428170056079042817<<1");

  std::string dates = "Ngày sinh / Date of birth: 26/12/1991\nCó giá trị đến: 26/12/2031\n"
                      "91122635M3112261VNM<<<<<<<<<<<6";
  std::vector<Word> line{{"91122635M3112261VNM<<<<<<<<<<<6", {}, 80}};
  MendMrz(dates, line);
  EXPECT_EQ(line[0].text, "9112263M3112261VNM<<<<<<<<<<<6");
}

}  // namespace
}  // namespace sohoa::ocr
