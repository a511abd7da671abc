// The "sohoa" FTS5 tokenizer (archive/sqlite/search_tokenizer.h): the
// tokens a stored text gives, the tokens a MATCH string asks for, and that
// its table-driven folding agrees with FoldForSearch and LowerKeepMarks.
#include "archive/sqlite/search_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "archive/internal/search_text.h"
#include "schema/text.h"

namespace sohoa::archive::internal {
namespace {

using Words = std::vector<std::string>;

std::string Pair(const std::string& a, const std::string& b) {
  return std::string(kPairToken) + a + " " + b;
}
std::string Exact(const std::string& w) { return std::string(kExactToken) + w; }
std::string Begins(const std::string& w) { return std::string(kPrefixToken) + w; }

TEST(SearchTokenizerTest, AStoredWordGivesItsFoldedFormMarksBeginningsAndPairWithTheNext) {
  EXPECT_EQ(Tokens("Trần Văn An", false),
            (Words{"tran", Exact("trần"), Begins("t"), Begins("tr"), Begins("tra"),
                   Pair("tran", "van"), "van", Exact("văn"), Begins("v"), Begins("va"),
                   Begins("van"), Pair("van", "an"), "an", Begins("a"), Begins("an")}));
  // A word without marks has no second form; digits are words.
  EXPECT_EQ(Tokens("số 12", false), (Words{"so", Exact("số"), Begins("s"), Begins("so"),
                                           Pair("so", "12"), "12", Begins("1"), Begins("12")}));
}

TEST(SearchTokenizerTest, PunctuationSeparatesWordsButNotPairs) {
  // A phrase matches across punctuation, as FTS5's own tokenizers do.
  const Words tokens = Tokens("Hà Nội, Việt-Nam", false);
  EXPECT_NE(std::find(tokens.begin(), tokens.end(), Pair("noi", "viet")), tokens.end());
  EXPECT_NE(std::find(tokens.begin(), tokens.end(), Pair("viet", "nam")), tokens.end());
}

TEST(SearchTokenizerTest, AQueryStringAsksForPairsOrOneWord) {
  EXPECT_EQ(Tokens("Trần Mỹ Nhi", true), (Words{Pair("tran", "my"), Pair("my", "nhi")}));
  EXPECT_EQ(Tokens("NHI", true), (Words{"nhi"}));
  EXPECT_EQ(Tokens(std::string(kExactMarker) + "Trần", true), (Words{Exact("trần")}));
  // A word typed without marks matches any spelling, even when asked exactly.
  EXPECT_EQ(Tokens(std::string(kExactMarker) + "van", true), (Words{"van"}));
  EXPECT_EQ(Tokens(std::string(kPrefixMarker) + "Ngu", true), (Words{Begins("ngu")}));
  EXPECT_TRUE(Tokens("--", true).empty());
}

TEST(SearchTokenizerTest, DecomposedTextGivesTheSameTokensAsComposed) {
  // "Đức" typed with a combining acute after ư, and "ễ" as e + U+0302 + U+0303.
  EXPECT_EQ(Tokens("\xC4\x90\xC6\xB0\xCC\x81"
                   "c nguye\xCC\x82\xCC\x83n",
                   false),
            Tokens("Đức nguyễn", false));
}

TEST(SearchTokenizerTest, FoldsEveryWordAsFoldForSearchAndLowerKeepMarksDo) {
  const std::string text =
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc. Ông/bà: Đặng Thị "
      "Hương, sinh ngày 14/05/1990 tại Ninh Hòa; ĐỊA CHỈ: số 206 đường Nguyễn Thị Minh Khai. "
      "Ü Straße Ωmega Привет 東京 ẞ ǅ";
  const Words words = SplitWordsInOrder(text);
  Words folded, exact;
  for (const std::string& w : words) {
    folded.push_back(FoldForSearch(w));
    if (LowerKeepMarks(w) != FoldForSearch(w)) exact.push_back(Exact(LowerKeepMarks(w)));
  }
  Words got_folded, got_exact;
  for (const std::string& t : Tokens(text, false)) {
    if (t.empty() || static_cast<unsigned char>(t[0]) >= 0x20) got_folded.push_back(t);
    if (t.rfind(kExactToken, 0) == 0) got_exact.push_back(t);
  }
  EXPECT_EQ(got_folded, folded);
  EXPECT_EQ(got_exact, exact);
}

}  // namespace
}  // namespace sohoa::archive::internal
