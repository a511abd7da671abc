// Vietnamese spelling of names and syllables (schema/vietnamese_spelling.h).
#include "schema/vietnamese_spelling.h"

#include <gtest/gtest.h>

namespace sohoa {
namespace {

TEST(VietnameseNameTest, EverySyllableOfCommonNamesIsAccepted) {
  for (const char* word :
       {"Nguyễn", "Trần",  "Lê",    "Phạm",  "Hoàng",  "Huỳnh", "Võ",     "Vũ",    "Phan",
        "Trương", "Bùi",   "Đặng",  "Đỗ",    "Ngô",    "Hồ",    "Dương",  "Lý",    "Thị",
        "Văn",    "Hữu",   "Đức",   "Minh",  "Thanh",  "Khánh", "Diệu",   "Thảo",  "Linh",
        "Ngọc",   "Tài",   "Quỳnh", "Xuân",  "Thủy",   "Thuỷ",  "Nguyệt", "Khuê",  "Huyền",
        "Yến",    "Uyên",  "Oanh",  "Hoà",   "Hòa",    "Quang", "Giang",  "Gia",   "Giàu",
        "Khoa",   "Tuấn",  "Trung", "Nghĩa", "Nghiêm", "Kiều",  "Quyết",  "Chiến", "Thắng",
        "Khuyến", "Duyên", "Tường", "Hưởng", "Phương", "Ánh",   "Ngữ",    "Ý",     "An",
        "Quốc",   "Quên",  "Gì",    "gìn",   "Giêng",  "giữ",   "khuya",  "khuỷu", "Kỳ",
        "ghi",    "nghe",  "Mát",   "mạt",   "Yêu",    "Oanh",  "gửi",    "Quý",   "Qui",
        "thuở"}) {
    EXPECT_TRUE(IsVietnameseSyllable(word)) << word;
  }
}

TEST(VietnameseNameTest, WordsVietnameseCannotWriteAreRefused) {
  // clang-format off
  for (const char* word : {
           "MAT",      // t ends a syllable only with sắc or nặng
           "màt",      // nor with huyền
           "THANH.",   // punctuation
           "KHÁNH1",   // a digit
           "Xyz",      // no such rhyme, and z is no Vietnamese letter
           "ka",       // k only before i e ê y
           "gha",      // gh likewise
           "ngha",     // ngh likewise
           "ce",       // c never before i e ê y
           "ge",       // g likewise (ghe)
           "nge",      // ng likewise (nghe)
           "qa",       // q only as qu
           "coa",      // c with a medial is qu
           "qúa",      // a tone mark on the onset
           "gìa",      // nor on gi's i before a vowel
           "iên",      // with no onset iê is written yê
           "lyên",     // yê only with no onset or after u
           "ă",        // ă needs a coda
           "Nguyễẽn",  // two tone marks
           "Fa", "jo", "wa", "zê", "Müller", "H'Hen", "", "An Bình"}) {
    EXPECT_FALSE(IsVietnameseSyllable(word)) << word;
  }
  // clang-format on
}

TEST(VietnameseNameTest, ASyllableIsReadAsOnsetRhymeAndTone) {
  auto nguyen = ParseSyllable("NGUYỄN");
  ASSERT_TRUE(nguyen.has_value());
  EXPECT_EQ(nguyen->onset, "ng");
  EXPECT_EQ(nguyen->rhyme, "uyên");
  EXPECT_EQ(nguyen->tone, Tone::kNga);

  auto gi = ParseSyllable("gì");
  ASSERT_TRUE(gi.has_value());
  EXPECT_EQ(gi->onset, "gi");
  EXPECT_EQ(gi->rhyme, "i");
  EXPECT_EQ(gi->tone, Tone::kHuyen);

  auto an = ParseSyllable("Ánh");
  ASSERT_TRUE(an.has_value());
  EXPECT_EQ(an->onset, "");
  EXPECT_EQ(an->rhyme, "anh");
  EXPECT_EQ(an->tone, Tone::kSac);

  // Decomposed input (e + circumflex + tilde) reads as the composed word.
  auto decomposed = ParseSyllable("Nguye\u0302\u0303n");
  ASSERT_TRUE(decomposed.has_value());
  EXPECT_EQ(decomposed->rhyme, "uyên");
  EXPECT_EQ(decomposed->tone, Tone::kNga);
}

TEST(VietnameseNameTest, AFullNameIsVietnameseWhenEveryWordIs) {
  EXPECT_TRUE(IsVietnameseName("NGUYỄN VĂN AN"));
  EXPECT_TRUE(IsVietnameseName("Trần  Thị Thu Thuỷ"));
  EXPECT_FALSE(IsVietnameseName("H'Hen Niê"));
  EXPECT_FALSE(IsVietnameseName("Ksor H'Nhi"));
  EXPECT_FALSE(IsVietnameseName("Nguyễn Văn An2"));
  EXPECT_FALSE(IsVietnameseName("  "));
}

TEST(VietnameseNameTest, TheWordsThatFailAreListedAsTyped) {
  EXPECT_EQ(NonVietnameseWords("H'Hen Niê"), (std::vector<std::string>{"H'Hen", "Niê"}));
  EXPECT_EQ(NonVietnameseWords("Ksor H’Nhi"), (std::vector<std::string>{"Ksor", "H’Nhi"}));
  EXPECT_EQ(NonVietnameseWords("NGUYỄN MAT AN"), (std::vector<std::string>{"MAT"}));
  EXPECT_TRUE(NonVietnameseWords("Nguyễn Văn An").empty());
  EXPECT_TRUE(NonVietnameseWords("Lê-Nguyễn Bảo").empty())
      << "each part of a hyphenated word is a syllable";
  EXPECT_EQ(NonVietnameseWords("An- Bình"), (std::vector<std::string>{"An-"}));
}

}  // namespace
}  // namespace sohoa
