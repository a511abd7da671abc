#include "archive/internal/search_text.h"
#include "archive/sqlite/search_match.h"

#include <gtest/gtest.h>

#include "archive/query.h"

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

TEST(SearchTextTest, TheSnippetShowsThePlaceHoldingTheMostQueryWords) {
  const std::string text =
      "ỦY BAN NHÂN DÂN PHƯỜNG VĨNH PHƯỚC. Cộng hòa xã hội chủ nghĩa Việt Nam, độc lập, tự do, "
      "hạnh phúc. Giấy tiếp nhận hồ sơ và hẹn trả kết quả, mã hồ sơ 000.29.22.H32. "
      "Tiếp nhận hồ sơ của: PHẠM PHƯƠNG UYÊN, địa chỉ phường Vĩnh Phước.";
  const std::string snippet = Snippet(text, {"pham", "phuong", "uyen"});
  EXPECT_NE(snippet.find("[PHẠM] [PHƯƠNG] [UYÊN]"), std::string::npos) << snippet;
  // With one word only, the first place it stands is as good as any.
  EXPECT_EQ(Snippet(text, {"phuong"}, 30).rfind("…NHÂN DÂN [PHƯỜNG] VĨNH", 0), 0u)
      << Snippet(text, {"phuong"}, 30);
}

TEST(SearchTextTest, LeadTakesTheStartOfTheTextOnOneLine) {
  EXPECT_EQ(Lead("a\n\nb  c", 90), "a b c");
  EXPECT_EQ(Lead("một hai ba bốn", 9), "một hai…");
}

TEST(SearchTextTest, KeepsRepeatedWordsInOrderForPhrases) {
  EXPECT_EQ(SplitWordsInOrder("trần thị trần"), (Words{"trần", "thị", "trần"}));
}

TEST(SearchTextTest, APhraseIsQuotedAndAPrefixStarred) {
  EXPECT_EQ(MatchPhrase({"tran", "thi"}, false, "text"), "{text} : \"tran thi\"");
  EXPECT_EQ(MatchPhrase({"nguye"}, true, "text code"), "{text code} : \"nguye\" *");
  EXPECT_EQ(MatchPhrase({"a\"b"}, false, "c"), "{c} : \"a\"\"b\"");
  EXPECT_EQ(MatchPhrase({}, true, "text"), "");
}

TEST(SearchTextTest, MarksWordsByTheirBeginning) {
  EXPECT_EQ(Snippet("Họ và tên: NGUYỄN VĂN AN", {}, {"ngu"}), "Họ và tên: [NGUYỄN] VĂN AN");
  EXPECT_EQ(Snippet("Họ và tên: NGUYỄN VĂN AN", {"an"}, {"va"}), "Họ [và] tên: NGUYỄN [VĂN] [AN]");
}

Query Parsed(std::string_view text) {
  auto q = ParseQuery(text);
  EXPECT_TRUE(q.ok()) << q.status().ToString();
  return q.ok() ? std::move(q).value() : Query{};
}

TEST(SearchTextTest, SeveralWordsRankTogetherBeforeApartAndExactBeforeFolded) {
  QueryMatch m = BuildMatch(Parsed("Văn Đức -lan"));
  std::vector<QueryMatch::Tier> tiers = m.Tiers();
  ASSERT_EQ(tiers.size(), 4u);
  // Together: the phrase (the tokenizer makes it a phrase of word pairs),
  // and as typed each word with its marks too.
  EXPECT_EQ(tiers[0].score, 3);
  EXPECT_EQ(tiers[0].match,
            "({text meta code} : \"van duc\" AND {text meta code} : \"\uE000văn\" AND "
            "{text meta code} : \"\uE000đức\") NOT ({text meta code} : \"lan\")");
  EXPECT_EQ(tiers[1].score, 2);
  EXPECT_EQ(tiers[1].match, "({text meta code} : \"van duc\") NOT ({text meta code} : \"lan\")");
  EXPECT_EQ(tiers[2].score, 1);
  EXPECT_EQ(tiers[2].match,
            "(({text meta code} : \"\uE000văn\") AND ({text meta code} : \"\uE000đức\")) "
            "NOT ({text meta code} : \"lan\")");
  EXPECT_EQ(tiers[3].score, 0);
  EXPECT_EQ(tiers[3].match, m.Pages());
  EXPECT_EQ(m.snippet_words, (Words{"van", "duc"}));
}

TEST(SearchTextTest, OneTermHasNoTogetherTiers) {
  std::vector<QueryMatch::Tier> tiers = BuildMatch(Parsed("\"Văn Đức\"")).Tiers();
  ASSERT_EQ(tiers.size(), 2u);
  EXPECT_EQ(tiers[0].score, 1);
  EXPECT_EQ(tiers[0].match,
            "{text meta code} : \"van duc\" AND {text meta code} : \"\uE000văn\" AND "
            "{text meta code} : \"\uE000đức\"");
  EXPECT_EQ(tiers[1].score, 0);
  EXPECT_EQ(tiers[1].match, "{text meta code} : \"van duc\"");
}

TEST(SearchTextTest, AQueryTypedWithoutMarksHasNoExactTiers) {
  // Nothing was typed with its diacritics, so no page matches "as typed"
  // better than another; codes and numbers never have marks either.
  QueryMatch name = BuildMatch(Parsed("tran van duc"));
  EXPECT_FALSE(name.has_marks);
  std::vector<QueryMatch::Tier> tiers = name.Tiers();
  ASSERT_EQ(tiers.size(), 2u);
  EXPECT_EQ(tiers[0].score, 2);
  EXPECT_EQ(tiers[1].score, 0);
  QueryMatch code = BuildMatch(Parsed("000.31.22.H32-230620-0017"));
  ASSERT_EQ(code.Tiers().size(), 1u);
  EXPECT_EQ(code.Tiers()[0].match, "{text meta code} : \"000 31 22 h32 230620 0017\"");
  EXPECT_TRUE(BuildMatch(Parsed("Đức 1990")).has_marks);
}

TEST(SearchTextTest, AWordTypedWithoutMarksMatchesAnySpellingInTheExactTiers) {
  QueryMatch m = BuildMatch(Parsed("Trần van"));
  EXPECT_EQ(m.terms_exact,
            "({text meta code} : \"\uE000trần\") AND ({text meta code} : \"van\")");
}

TEST(SearchTextTest, ShortBeginningsUseTheirOwnTokenLongerOnesAPrefixQuery) {
  EXPECT_EQ(MatchPhrase({"Ng"}, true, "text"), "{text} : \"\uE001ng\"");
  EXPECT_EQ(MatchPhrase({"ngu"}, true, "text"), "{text} : \"\uE001ngu\"");
  EXPECT_EQ(MatchPhrase({"nguy"}, true, "text"), "{text} : \"nguy\" *");
  // In a phrase the last pair is the beginning.
  EXPECT_EQ(MatchPhrase({"tran", "van", "t"}, true, "text"), "{text} : \"tran van t\" *");
}

TEST(SearchTextTest, WordsEndingInAShortBeginningAreAPhraseThenTheBeginning) {
  QueryMatch m = BuildMatch(Parsed("nguyen cong d*"));
  EXPECT_EQ(m.joined_folded, "{text meta code} : \"nguyen cong\" AND {text meta code} : \"\uE001d\"");
  EXPECT_EQ(m.joined_gap, 2);
  EXPECT_EQ(m.Tiers()[0].gap, 2);
  EXPECT_EQ(m.Tiers()[1].gap, 0);  // apart: no order to check
  // A longer beginning has no token of its own: FTS5's prefix phrase.
  QueryMatch longer = BuildMatch(Parsed("nguyen cong danh*"));
  EXPECT_EQ(longer.joined_folded, "{text meta code} : \"nguyen cong danh\" *");
  EXPECT_EQ(longer.joined_gap, 0);
}

TEST(SearchTextTest, NameFiltersAreMatchedInTheMetadataOnly) {
  QueryMatch m = BuildMatch(Parsed("khai name:\"Trần Lan\" name:bich -name:hoa"));
  EXPECT_EQ(m.names, "({meta} : \"tran lan\") OR ({meta} : \"bich\")");
  EXPECT_EQ(m.excluded, "{meta} : \"hoa\"");
  EXPECT_EQ(m.Pages(),
            "(({text meta code} : \"khai\") AND (({meta} : \"tran lan\") OR "
            "({meta} : \"bich\"))) NOT ({meta} : \"hoa\")");
}

}  // namespace
}  // namespace sohoa::archive::internal
