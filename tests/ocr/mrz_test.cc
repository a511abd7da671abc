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

}  // namespace
}  // namespace sohoa::ocr
