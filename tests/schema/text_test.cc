#include "schema/text.h"

#include <gtest/gtest.h>

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
