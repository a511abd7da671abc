#include "archive/internal/word_codec.h"

#include <gtest/gtest.h>

namespace sohoa::archive::internal {
namespace {

TEST(WordCodecTest, WordsComeBackExactly) {
  std::vector<Word> words = {{"NGUYỄN", {1200, 3400, 210, 48}, 96.25f},
                             {"", {0, 0, 0, 0}, 0.0f},
                             {"x", {-5, -70000, 2147483647, -2147483647 - 1}, 100.0f}};
  auto back = UnpackWords(PackWords(words));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ((*back)[i].text, words[i].text);
    EXPECT_EQ((*back)[i].box.x, words[i].box.x);
    EXPECT_EQ((*back)[i].box.y, words[i].box.y);
    EXPECT_EQ((*back)[i].box.w, words[i].box.w);
    EXPECT_EQ((*back)[i].box.h, words[i].box.h);
    EXPECT_EQ((*back)[i].confidence, words[i].confidence);
  }
}

TEST(WordCodecTest, NoWordsIsAnEmptyBlob) {
  EXPECT_TRUE(PackWords({}).empty());
  auto back = UnpackWords("");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->empty());
}

TEST(WordCodecTest, IsSmallerThanJson) {
  std::vector<Word> words(100, Word{"chứng", {1234, 2345, 120, 40}, 93.5f});
  // {"t":"chứng","x":1234,"y":2345,"w":120,"h":40,"c":93.5} is about 50 bytes.
  EXPECT_LT(PackWords(words).size(), 100u * 22);
}

TEST(WordCodecTest, DamagedBytesAreReportedNotTrusted) {
  std::string packed = PackWords({{"abc", {1, 2, 3, 4}, 5.0f}});
  for (size_t cut = 1; cut < packed.size(); ++cut) {
    auto back = UnpackWords(packed.substr(0, cut));
    ASSERT_FALSE(back.ok()) << "cut at " << cut;
    EXPECT_EQ(back.status().code(), StatusCode::kCorrupt);
  }
  EXPECT_FALSE(UnpackWords(packed + "x").ok());
  std::string unknown_format = packed;
  unknown_format[0] = 9;
  EXPECT_EQ(UnpackWords(unknown_format).status().code(), StatusCode::kCorrupt);
  EXPECT_FALSE(UnpackWords(std::string("\x01\xff\xff\xff\xff\x0f", 6)).ok());  // absurd count
}

}  // namespace
}  // namespace sohoa::archive::internal
