#include "archive/internal/search_text.h"

#include <gtest/gtest.h>

namespace sohoa::archive::internal {
namespace {

using Words = std::vector<std::string>;

TEST(SearchTextTest, SplitsWordsAtPunctuationAndSpaceOnly) {
  EXPECT_EQ(SplitWords("NGUYỄN-VĂN, ĐỨC (1990)"), (Words{"NGUYỄN", "VĂN", "ĐỨC", "1990"}));
  EXPECT_EQ(SplitWords("\"near\" AND *x* :y"), (Words{"near", "AND", "x", "y"}));
  EXPECT_EQ(SplitWords("000.31.22.H32-230620-0017"),
            (Words{"000", "31", "22", "H32", "230620", "0017"}));
}

TEST(SearchTextTest, DropsRepeatsAndRunsWithoutALetterOrDigit) {
  EXPECT_EQ(SplitWords("đức đức"), (Words{"đức"}));
  EXPECT_TRUE(SplitWords("… — “” 😀").empty());
  EXPECT_TRUE(SplitWords("\xCC\x81").empty());  // a lone combining acute accent
}

TEST(SearchTextTest, QuotesEveryWordOfAMatchExpression) {
  EXPECT_EQ(MatchAllWords({"nguyen", "near"}, "folded code"),
            "{folded code} : \"nguyen\" AND {folded code} : \"near\"");
  EXPECT_EQ(MatchAllWords({"a\"b"}, "c"), "{c} : \"a\"\"b\"");
  EXPECT_EQ(MatchAllWords({}, "c"), "");
}

TEST(SearchTextTest, MarksFoldedMatchesInTheOriginalText) {
  EXPECT_EQ(Snippet("Họ tên: NGUYỄN VĂN ĐỨC", {"nguyen", "duc"}), "Họ tên: [NGUYỄN] VĂN [ĐỨC]");
}

TEST(SearchTextTest, MatchesWholeWordsOnly) {
  EXPECT_EQ(Snippet("ducks and duc", {"duc"}), "ducks and [duc]");
  EXPECT_EQ(Snippet("nothing here", {"duc"}), "");
}

TEST(SearchTextTest, CutsALongTextAroundTheFirstMatchAtWordBoundaries) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "chữ" + std::to_string(i) + " ";
  text += "\nNGUYỄN VĂN ĐỨC\n";
  for (int i = 0; i < 40; ++i) text += "sau" + std::to_string(i) + " ";
  std::string snippet = Snippet(text, {"duc"}, 60);
  EXPECT_EQ(snippet.rfind("…", 0), 0u) << snippet;
  EXPECT_NE(snippet.find("[ĐỨC]"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.substr(snippet.size() - 3), "…");
  EXPECT_EQ(snippet.find('\n'), std::string::npos);
  EXPECT_EQ(snippet.find("…chữ"), 0u) << snippet;  // starts on a whole word
}

TEST(SearchTextTest, KeepsDecomposedMarksInsideTheBrackets) {
  // "Đức" written with a combining acute accent after ư.
  EXPECT_EQ(Snippet("ông \xC4\x90\xC6\xB0\xCC\x81"
                    "c nhé",
                    {"duc"}),
            "ông [\xC4\x90\xC6\xB0\xCC\x81"
            "c] nhé");
}

TEST(SearchTextTest, LeadTakesTheStartOfTheTextOnOneLine) {
  EXPECT_EQ(Lead("a\n\nb  c", 90), "a b c");
  EXPECT_EQ(Lead("một hai ba bốn", 9), "một hai…");
}

}  // namespace
}  // namespace sohoa::archive::internal
