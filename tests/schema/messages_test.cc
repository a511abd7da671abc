// The message catalogs: every text in both languages, with the same
// arguments, and the language chosen as staff expect.
#include "schema/messages.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <string>

namespace sohoa {
namespace {

std::set<std::string> Placeholders(const std::string& text) {
  std::set<std::string> out;
  for (std::size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
    if (at + 2 < text.size() && text[at + 2] == '}') out.insert(text.substr(at, 3));
  }
  return out;
}

std::map<int, std::string> Texts(MessageCatalog catalog) {
  std::map<int, std::string> texts;
  for (std::size_t i = 0; i < catalog.size; ++i) {
    const int id = static_cast<int>(catalog.entries[i].id);
    EXPECT_TRUE(texts.emplace(id, catalog.entries[i].text).second) << "message " << id << " given twice";
  }
  return texts;
}

TEST(MessagesTest, EveryMessageIsInBothCatalogsWithTheSameArguments) {
  const auto vietnamese = Texts(VietnameseMessages());
  const auto english = Texts(EnglishMessages());
  for (int id = 0; id < static_cast<int>(Msg::kCount); ++id) {
    ASSERT_TRUE(vietnamese.count(id)) << "message " << id << " has no Vietnamese text";
    ASSERT_TRUE(english.count(id)) << "message " << id << " has no English text";
    EXPECT_EQ(Placeholders(vietnamese.at(id)), Placeholders(english.at(id)))
        << vietnamese.at(id) << "\n" << english.at(id);
  }
}

TEST(MessagesTest, TextFillsItsArgumentsInTheLanguageAsked) {
  EXPECT_EQ(TextIn(Language::kEnglish, Msg::kReviewSet, {"A", "B", "C", "D"}), "A: B set to 'C' by D");
  EXPECT_EQ(TextIn(Language::kVietnamese, Msg::kReviewSet, {"A", "B", "C", "D"}), "A: B được đặt thành 'C' bởi D");
}

TEST(MessagesTest, VietnameseIsTheDefaultAndAnEnglishLocaleChoosesEnglish) {
  const char* saved = std::getenv("LANG");
  const std::string kept = saved ? saved : "";
  const char* saved_sohoa = std::getenv("SOHOA_LANG");
  const std::string kept_sohoa = saved_sohoa ? saved_sohoa : "";
  ::unsetenv("SOHOA_LANG");
  ::unsetenv("LC_ALL");
  ::unsetenv("LC_MESSAGES");
  ::unsetenv("LANG");
  EXPECT_EQ(LanguageFromEnvironment(), Language::kVietnamese);
  ::setenv("LANG", "C.UTF-8", 1);
  EXPECT_EQ(LanguageFromEnvironment(), Language::kVietnamese);
  ::setenv("LANG", "en_US.UTF-8", 1);
  EXPECT_EQ(LanguageFromEnvironment(), Language::kEnglish);
  ::setenv("LC_ALL", "vi_VN.UTF-8", 1);
  EXPECT_EQ(LanguageFromEnvironment(), Language::kVietnamese) << "LC_ALL wins over LANG";
  ::setenv("SOHOA_LANG", "en", 1);
  EXPECT_EQ(LanguageFromEnvironment(), Language::kEnglish) << "SOHOA_LANG wins over the locale";
  ::unsetenv("LC_ALL");
  ::unsetenv("SOHOA_LANG");
  if (saved) ::setenv("LANG", kept.c_str(), 1);
  if (saved_sohoa) ::setenv("SOHOA_LANG", kept_sohoa.c_str(), 1);
  EXPECT_EQ(ParseLanguage("en"), Language::kEnglish);
  EXPECT_EQ(ParseLanguage("vi"), Language::kVietnamese);
  EXPECT_FALSE(ParseLanguage("fr").has_value());
}

TEST(MessagesTest, StaffReadTheVietnameseExplanationFirstAndTheLibraryMessageAsADetail) {
  const Language before = CurrentLanguage();
  SetLanguage(Language::kVietnamese);
  const std::string why = ForStaff(Corrupt("PoDoFo: ePdfError_InvalidXRef"));
  SetLanguage(before);
  EXPECT_EQ(why.rfind("Tệp bị hỏng", 0), 0u) << why;
  EXPECT_NE(why.find("(chi tiết kỹ thuật: PoDoFo: ePdfError_InvalidXRef)"), std::string::npos) << why;
}

}  // namespace
}  // namespace sohoa
