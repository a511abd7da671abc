#include "archive/internal/word_codec.h"

#include <cstdint>
#include <cstring>
#include <limits>

namespace sohoa::archive::internal {
namespace {

constexpr unsigned char kFormatV1 = 1;

void PutVarint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void PutSigned(std::string& out, int v) {
  // Zig-zag, so that small negative numbers stay short.
  auto wide = static_cast<std::int64_t>(v);
  PutVarint(out, (static_cast<std::uint64_t>(wide) << 1) ^ static_cast<std::uint64_t>(wide >> 63));
}

void PutFloat(std::string& out, float f) {
  std::uint32_t bits = 0;
  std::memcpy(&bits, &f, sizeof bits);
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool Varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      auto byte = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }

  bool Signed(int& v) {
    std::uint64_t z = 0;
    if (!Varint(z)) return false;
    auto wide = static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
    if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max())
      return false;
    v = static_cast<int>(wide);
    return true;
  }

  bool Float(float& f) {
    if (in_.size() - pos_ < 4) return false;
    std::uint32_t bits = 0;
    for (int i = 0; i < 4; ++i) {
      bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(in_[pos_++])) << (8 * i);
    }
    std::memcpy(&f, &bits, sizeof f);
    return true;
  }

  bool Bytes(size_t n, std::string& out) {
    if (in_.size() - pos_ < n) return false;
    out.assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }

  bool AtEnd() const { return pos_ == in_.size(); }
  size_t Left() const { return in_.size() - pos_; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

std::string PackWords(const std::vector<Word>& words) {
  if (words.empty()) return {};
  std::string out;
  out.reserve(1 + words.size() * 16);
  out.push_back(static_cast<char>(kFormatV1));
  PutVarint(out, words.size());
  for (const Word& w : words) {
    PutVarint(out, w.text.size());
    out.append(w.text);
    PutSigned(out, w.box.x);
    PutSigned(out, w.box.y);
    PutSigned(out, w.box.w);
    PutSigned(out, w.box.h);
    PutFloat(out, w.confidence);
  }
  return out;
}

Result<std::vector<Word>> UnpackWords(std::string_view packed) {
  std::vector<Word> words;
  if (packed.empty()) return words;
  if (static_cast<unsigned char>(packed[0]) != kFormatV1) {
    return Corrupt("recognised words are stored in an unknown format " +
                   std::to_string(static_cast<unsigned char>(packed[0])) +
                   "; this catalog may come from a newer sohoa");
  }
  Reader in(packed.substr(1));
  std::uint64_t count = 0;
  // Each word takes at least 9 bytes, which bounds a damaged count.
  if (!in.Varint(count) || count > in.Left() / 9 + 1) {
    return Corrupt("the stored word list is damaged (bad word count)");
  }
  words.reserve(static_cast<size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) {
    Word w;
    std::uint64_t length = 0;
    if (!in.Varint(length) || length > in.Left() ||
        !in.Bytes(static_cast<size_t>(length), w.text) || !in.Signed(w.box.x) ||
        !in.Signed(w.box.y) || !in.Signed(w.box.w) || !in.Signed(w.box.h) ||
        !in.Float(w.confidence)) {
      return Corrupt("the stored word list is damaged (word " + std::to_string(i + 1) +
                     " is truncated)");
    }
    words.push_back(std::move(w));
  }
  if (!in.AtEnd()) return Corrupt("the stored word list is damaged (bytes after the last word)");
  return words;
}

}  // namespace sohoa::archive::internal
