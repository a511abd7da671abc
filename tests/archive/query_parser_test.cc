// ParseQuery: the query language of archive/query.h, without a catalog.
#include <gtest/gtest.h>

#include "archive/query.h"

namespace sohoa::archive {
namespace {

Query Parse(std::string_view text) {
  auto q = ParseQuery(text);
  EXPECT_TRUE(q.ok()) << "[" << text << "]: " << q.status().ToString();
  return q.ok() ? std::move(q).value() : Query{};
}

// The message of the error `text` must give.
std::string Error(std::string_view text) {
  auto q = ParseQuery(text);
  EXPECT_FALSE(q.ok()) << "[" << text << "] parsed";
  if (q.ok()) return "";
  EXPECT_EQ(q.status().code(), StatusCode::kInvalidArgument) << q.status().ToString();
  return q.status().message();
}

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

using Words = std::vector<std::string>;

TEST(QueryParserTest, WordsAreTermsInTheCaseAndMarksTyped) {
  Query q = Parse("  Nguyễn van   ĐỨC ");
  ASSERT_EQ(q.terms.size(), 3u);
  EXPECT_EQ(q.terms[0].words, Words{"Nguyễn"});
  EXPECT_EQ(q.terms[2].words, Words{"ĐỨC"});
  EXPECT_EQ(q.terms[1].column, 10);
  EXPECT_EQ(q.terms[2].column, 16);
  for (const QueryTerm& t : q.terms) {
    EXPECT_FALSE(t.phrase);
    EXPECT_FALSE(t.prefix);
    EXPECT_FALSE(t.negated);
  }
  EXPECT_TRUE(q.filters.empty());
}

TEST(QueryParserTest, QuotesMakeAPhraseWithItsWordsInOrder) {
  Query q = Parse("sinh \"trần thị trần\" lan");
  ASSERT_EQ(q.terms.size(), 3u);
  EXPECT_TRUE(q.terms[1].phrase);
  EXPECT_EQ(q.terms[1].words, (Words{"trần", "thị", "trần"}));  // repeats kept
  EXPECT_EQ(q.terms[1].column, 6);
  EXPECT_FALSE(q.terms[2].phrase);
}

TEST(QueryParserTest, AWordGluedByPunctuationIsAPhraseOfItsParts) {
  Query q = Parse("14/05/2023 000.31.22.H32-230620-0017");
  ASSERT_EQ(q.terms.size(), 2u);
  EXPECT_TRUE(q.terms[0].phrase);
  EXPECT_EQ(q.terms[0].words, (Words{"14", "05", "2023"}));
  EXPECT_EQ(q.terms[1].words, (Words{"000", "31", "22", "H32", "230620", "0017"}));
}

TEST(QueryParserTest, AStarAtTheEndSearchesByABeginning) {
  Query q = Parse("ngu* \"trần thị l\"*");
  ASSERT_EQ(q.terms.size(), 2u);
  EXPECT_TRUE(q.terms[0].prefix);
  EXPECT_EQ(q.terms[0].words, Words{"ngu"});
  EXPECT_TRUE(q.terms[1].prefix);
  EXPECT_TRUE(q.terms[1].phrase);
  EXPECT_EQ(q.terms[1].words.back(), "l");
}

TEST(QueryParserTest, AMinusExcludesAWordAPhraseOrAFilter) {
  Query q = Parse("nguyen -lan -\"khai tử\" -kind:receipt - x");
  ASSERT_EQ(q.terms.size(), 4u);
  EXPECT_FALSE(q.terms[0].negated);
  EXPECT_TRUE(q.terms[1].negated);
  EXPECT_EQ(q.terms[1].words, Words{"lan"});
  EXPECT_TRUE(q.terms[2].negated);
  EXPECT_TRUE(q.terms[2].phrase);
  EXPECT_FALSE(q.terms[3].negated);  // a lone "-" is punctuation
  ASSERT_EQ(q.filters.size(), 1u);
  EXPECT_TRUE(q.filters[0].negated);
  EXPECT_EQ(q.filters[0].kind, FilterKind::kKind);
}

TEST(QueryParserTest, EveryFilterIsReadAndNormalised) {
  Query q = Parse(
      "code:000.31.22.h32-2306 procedure:1.001193 field:\"Hộ Tịch\" agency:000.00.22.h32 "
      "cccd:056189004512 name:\"Nguyễn Văn Đức\" kind:result received:2023-01-01..2023-06-30");
  ASSERT_EQ(q.filters.size(), 8u);
  EXPECT_TRUE(q.terms.empty());
  EXPECT_EQ(q.filters[0].kind, FilterKind::kCode);
  EXPECT_EQ(q.filters[0].value, "000.31.22.H32-2306");
  EXPECT_EQ(q.filters[1].kind, FilterKind::kProcedure);
  EXPECT_EQ(q.filters[1].value, "1.001193");
  EXPECT_EQ(q.filters[2].kind, FilterKind::kField);
  EXPECT_EQ(q.filters[2].value, "ho tich");
  EXPECT_EQ(q.filters[3].kind, FilterKind::kAgency);
  EXPECT_EQ(q.filters[3].value, "000.00.22.H32");
  EXPECT_EQ(q.filters[4].kind, FilterKind::kCitizenId);
  EXPECT_EQ(q.filters[4].value, "056189004512");
  EXPECT_EQ(q.filters[5].kind, FilterKind::kName);
  EXPECT_EQ(q.filters[5].value, "nguyen van duc");
  EXPECT_EQ(q.filters[6].kind, FilterKind::kKind);
  EXPECT_EQ(q.filters[6].value, "result");
  EXPECT_EQ(q.filters[7].kind, FilterKind::kReceived);
  EXPECT_EQ(q.filters[7].value, "2023-01-01");
  EXPECT_EQ(q.filters[7].until, "2023-06-30");
  EXPECT_EQ(q.filters[1].column, 25);
}

TEST(QueryParserTest, FilterNamesIgnoreCase) {
  Query q = Parse("KIND:form Name:lan");
  ASSERT_EQ(q.filters.size(), 2u);
  EXPECT_EQ(q.filters[0].kind, FilterKind::kKind);
  EXPECT_EQ(q.filters[1].kind, FilterKind::kName);
}

TEST(QueryParserTest, ProcedureTakesACodeALocalVariantOrWordsOfTheName) {
  EXPECT_EQ(Parse("procedure:1.011442.000.00.00.h38").filters[0].value, "1.011442.000.00.00.H38");
  EXPECT_EQ(Parse("procedure:\"Đăng ký khai sinh\"").filters[0].value, "dang ky khai sinh");
  EXPECT_EQ(Parse("procedure:kết-hôn").filters[0].value, "ket hon");
  EXPECT_TRUE(IsProcedureCode("1.001193"));
  EXPECT_FALSE(IsProcedureCode("1.00119"));
  EXPECT_FALSE(IsProcedureCode("1.001193.000"));
}

TEST(QueryParserTest, KindTakesVietnameseNamesForDocumentKinds) {
  EXPECT_EQ(Parse("kind:\"giấy tờ tùy thân\"").filters[0].value, "id_copy");
  EXPECT_EQ(Parse("kind:id_copy").filters[0].value, "id_copy");
  EXPECT_EQ(Parse("kind:\"Tờ khai\"").filters[0].value, "form");
  EXPECT_EQ(Parse("kind:\"biên nhận\"").filters[0].value, "receipt");
  EXPECT_EQ(Parse("kind:\"kết quả\"").filters[0].value, "result");
  EXPECT_EQ(Parse("kind:khác").filters[0].value, "other");
}

TEST(QueryParserTest, ReceivedTakesOneDayOrAnOpenEnd) {
  Query day = Parse("received:2024-02-29");
  EXPECT_EQ(day.filters[0].value, "2024-02-29");
  EXPECT_EQ(day.filters[0].until, "2024-02-29");
  Query from = Parse("received:2023-01-01..");
  EXPECT_EQ(from.filters[0].value, "2023-01-01");
  EXPECT_EQ(from.filters[0].until, "");
  Query until = Parse("received:..2023-06-30");
  EXPECT_EQ(until.filters[0].value, "");
  EXPECT_EQ(until.filters[0].until, "2023-06-30");
}

TEST(QueryParserTest, ACitizenIdMayBeWrittenInGroups) {
  EXPECT_EQ(Parse("cccd:\"056 189 004 512\"").filters[0].value, "056189004512");
}

TEST(QueryParserTest, AWordEndingInAColonIsTextNotAFilter) {
  Query q = Parse("Ten: lan 10:30");
  ASSERT_EQ(q.terms.size(), 3u);
  EXPECT_EQ(q.terms[0].words, Words{"Ten"});
  EXPECT_EQ(q.terms[2].words, (Words{"10", "30"}));
  EXPECT_TRUE(q.filters.empty());
}

TEST(QueryParserTest, BlankAndPunctuationParseToAnEmptyQuery) {
  for (std::string_view text : {"", "   ", "-- ::", "( ) ,", "\"\""}) {
    EXPECT_TRUE(Parse(text).empty()) << text;
  }
}

TEST(QueryParserTest, AnUnclosedQuoteIsReportedAtItsColumn) {
  const std::string m = Error("nguyen \"van duc");
  EXPECT_HAS(m, "unclosed quote at column 8");
  EXPECT_HAS(m, "\"van duc\"");
  EXPECT_HAS(Error("đức\""), "unclosed quote at column 4");  // columns count characters
  EXPECT_HAS(Error("name:\"lan"), "unclosed quote at column 6");
}

TEST(QueryParserTest, AnUnknownFilterNamesItselfAndTheKnownOnes) {
  const std::string m = Error("lan foo:bar");
  EXPECT_HAS(m, "unknown filter \"foo:\" at column 5");
  EXPECT_HAS(m, "code:, procedure:, field:, agency:, cccd:, name:, kind:, received:");
}

TEST(QueryParserTest, AFilterWithoutAValueSaysWhatItWants) {
  EXPECT_HAS(Error("code:"), "code: at column 1 needs a value, e.g. code:000.31.22.H32-230620-0017");
  EXPECT_HAS(Error("lan kind: form"), "kind: at column 5 needs a value");
  EXPECT_HAS(Error("name:\"  \""), "name: at column 1 needs a value");
}

TEST(QueryParserTest, MalformedFilterValuesAreRefusedWithTheValue) {
  EXPECT_HAS(Error("code:ABC"), "code: at column 1 wants a dossier code or its beginning");
  EXPECT_HAS(Error("code:000.31.22.H32-23x"), "not \"000.31.22.H32-23x\"");
  EXPECT_HAS(Error("agency:H32"), "agency: at column 1 wants an agency code like 000.00.22.H32");
  EXPECT_HAS(Error("cccd:05618900451"), "wants a 12-digit citizen ID number, not \"05618900451\"");
  EXPECT_HAS(Error("kind:photo"), "kind: at column 1 wants one of receipt, form, id_copy");
  EXPECT_HAS(Error("procedure:..."), "procedure: at column 1 wants a procedure code like 1.001193");
  EXPECT_HAS(Error("field:--"), "field: at column 1 wants words");
  EXPECT_HAS(Error("name:..."), "name: at column 1 wants words");
}

TEST(QueryParserTest, ReceivedWantsTwoDaysInOrder) {
  EXPECT_HAS(Error("received:2023"), "received: at column 1 wants a day (yyyy-mm-dd or dd/mm/yyyy), a month");
  EXPECT_HAS(Error("received:01/02/23..2023-06-30"), "wants a day (yyyy-mm-dd or dd/mm/yyyy)");
  EXPECT_HAS(Error("received:.."), "wants a day");
  EXPECT_HAS(Error("received:2023-02-30"), "2023-02-30 is not a day of the calendar");
  EXPECT_HAS(Error("received:2023-02-29"), "2023-02-29 is not a day of the calendar");
  EXPECT_HAS(Error("received:2023-13-01..2023-12-31"), "2023-13-01 is not a day");
  EXPECT_HAS(Error("received:2023-06-30..2023-01-01"),
             "ends (2023-01-01) before it starts (2023-06-30)");
}

// Days as staff write them, and months, as the other commands take them.
TEST(QueryParserTest, ReceivedTakesDaysAndMonthsAsStaffWriteThem) {
  Query q = Parse("received:01/02/2023..2023-06");
  ASSERT_EQ(q.filters.size(), 1u);
  EXPECT_EQ(q.filters[0].value, "2023-02-01");
  EXPECT_EQ(q.filters[0].until, "2023-06-30");
  Query month = Parse("received:02/2024");
  EXPECT_EQ(month.filters[0].value, "2024-02-01");
  EXPECT_EQ(month.filters[0].until, "2024-02-29");
  Query open = Parse("received:2023-03..");
  EXPECT_EQ(open.filters[0].value, "2023-03-01");
  EXPECT_EQ(open.filters[0].until, "");
}

TEST(QueryParserTest, AStarMayOnlyEndAWord) {
  EXPECT_HAS(Error("ng*yen"), "\"*\" at column 3 may only end a word");
  EXPECT_HAS(Error("lan *"), "\"*\" at column 5: a * ends the beginning of a word");
}

TEST(QueryParserTest, AQueryOfExclusionsAloneIsRefused) {
  EXPECT_HAS(Error("-lan -\"khai tử\""), "the query only excludes (-lan); add a word or a filter");
  EXPECT_HAS(Error("-kind:receipt"), "add a word or a filter");
  EXPECT_TRUE(Parse("-lan kind:form").HasPositivePart());
  EXPECT_FALSE(Parse("-lan kind:form").HasPositiveTerm());
}

TEST(QueryParserTest, MoreThanThirtyTwoWordsAreRefused) {
  std::string text;
  for (int i = 0; i < 33; ++i) text += "w" + std::to_string(i) + " ";
  EXPECT_HAS(Error(text), "the query has 33 words; use at most 32");
}

TEST(QueryParserTest, FilterNamesAreWrittenWithTheirColon) {
  EXPECT_EQ(FilterName(FilterKind::kCitizenId), "cccd:");
  EXPECT_EQ(FilterName(FilterKind::kReceived), "received:");
}

}  // namespace
}  // namespace sohoa::archive
