#include "schema/text.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace sohoa {
namespace {

TEST(TextTest, FoldsCaseToneMarksAndDStroke) {
  EXPECT_EQ(FoldForSearch("NGUYỄN VĂN ĐỨC"), "nguyen van duc");
  EXPECT_EQ(FoldForSearch("Đặng Thị Hương"), "dang thi huong");
  EXPECT_EQ(FoldForSearch("đăng ký khai sinh"), "dang ky khai sinh");
}

TEST(TextTest, FoldsDecomposedInputLikeComposed) {
  // "Đức" with the tone mark typed as a combining acute (U+0301) after "ư".
  EXPECT_EQ(FoldForSearch("\xC4\x90\xC6\xB0\xCC\x81" "c"), "duc");
}

TEST(TextTest, ComposesToNfc) {
  // "ế" as e + U+0302 + U+0301 becomes the single code point U+1EBF.
  EXPECT_EQ(ToNfc("e\xCC\x82\xCC\x81"), "\xE1\xBA\xBF");
}

std::string Utf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

TEST(TextTest, TextAlreadyInNfcIsTakenAsItIsAndAgreesWithTheFullNormalisation) {
  // ToNfc skips utf8proc for text of code points NFC never changes; a CJK
  // character (itself stable) at the end forces the full normalisation, so
  // the two paths are compared on every code point the short cut takes.
  const std::string han = "\xE4\xB8\xAD";  // 中
  for (char32_t cp : {U'a', U'Z'}) EXPECT_EQ(ToNfc(Utf8(cp)), Utf8(cp));
  std::vector<std::pair<char32_t, char32_t>> ranges = {
      {0x01, 0x2FF}, {0x1E00, 0x1EFF}, {0x2010, 0x2027}};
  for (auto [from, to] : ranges) {
    for (char32_t cp = from; cp <= to; ++cp) {
      const std::string text = "a" + Utf8(cp) + "b";
      ASSERT_EQ(ToNfc(text) + han, ToNfc(text + han)) << "U+" << std::hex << static_cast<unsigned>(cp);
    }
  }
  const std::string vietnamese = "Trần Văn Đức — “Hà Nội”, số 12…";
  EXPECT_EQ(ToNfc(vietnamese), vietnamese);
  // A combining mark, NUL or a broken byte still goes the long way.
  EXPECT_EQ(ToNfc("Tra\xCC\x82\xCC\x80n"), "Trần");
  EXPECT_EQ(ToNfc(std::string("a\0b", 3)), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(ToNfc("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
}

TEST(TextTest, LowerKeepMarksKeepsDiacritics) {
  EXPECT_EQ(LowerKeepMarks("ĐỨC"), "đức");
}

TEST(TextTest, InvalidUtf8IsReplacedNotDropped) {
  std::string folded = FoldForSearch("ab\xFF" "cd");
  EXPECT_EQ(folded, "ab\xEF\xBF\xBD" "cd");
}

TEST(EscapeXmlTest, MarkupCharactersBecomeReferencesAndBadControlsGo) {
  EXPECT_EQ(EscapeXml("Tờ khai <b>&\"'"), "Tờ khai &lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(EscapeXml("a\r\nb\tc\x01" "d"), "a&#13;\nb\tcd");
}

}  // namespace
}  // namespace sohoa
