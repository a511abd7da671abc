#include "ocr/tiff_structure.h"

#include <cstdint>
#include <set>
#include <string>

namespace sohoa::ocr {
namespace {

constexpr int kMaxPages = 100000;

enum Tag : std::uint16_t {
  kStripOffsets = 273,
  kStripByteCounts = 279,
  kTileOffsets = 324,
  kTileByteCounts = 325,
};

class TiffBytes {
 public:
  TiffBytes(std::string_view bytes, bool little_endian) : s_(bytes), little_(little_endian) {}

  std::uint64_t size() const { return s_.size(); }
  bool Fits(std::uint64_t at, std::uint64_t length) const {
    return at <= s_.size() && length <= s_.size() - at;
  }
  // Callers check Fits first.
  std::uint64_t Read(std::uint64_t at, int width) const {
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) {
      const auto byte = static_cast<std::uint8_t>(s_[static_cast<size_t>(at) + i]);
      v |= static_cast<std::uint64_t>(byte) << (8 * (little_ ? i : width - 1 - i));
    }
    return v;
  }

 private:
  std::string_view s_;
  bool little_;
};

int TypeWidth(std::uint16_t type) {
  switch (type) {
    case 3: return 2;             // SHORT
    case 4: case 13: return 4;    // LONG, IFD
    case 16: case 18: return 8;   // LONG8, IFD8
    default: return 0;            // not an offset or count type
  }
}

std::string Incomplete(int page, const std::string& what, std::uint64_t size) {
  return "the TIFF is incomplete: " + what + " (page " + std::to_string(page) + "; the file is " +
         std::to_string(size) +
         " bytes). Was it copied completely? Copy it again from the scanner and drop it in the inbox";
}

}  // namespace

Status CheckTiffComplete(std::string_view s) {
  if (s.size() < 8) return Corrupt("the TIFF is incomplete: it ends inside its header");
  const bool little = s[0] == 'I';
  const TiffBytes t(s, little);
  const std::uint64_t magic = t.Read(2, 2);
  const bool big = magic == 43;
  if (magic != 42 && !big) return Status::Ok();  // not ours to judge
  if (big && s.size() < 16) return Corrupt("the TIFF is incomplete: it ends inside its header");
  const int offset_width = big ? 8 : 4;
  const int count_width = big ? 8 : 2;
  const int entry_size = big ? 20 : 12;

  std::uint64_t ifd = big ? t.Read(8, 8) : t.Read(4, 4);
  std::set<std::uint64_t> visited;
  for (int page = 1; ifd != 0; ++page) {
    if (page > kMaxPages || !visited.insert(ifd).second) {
      return Corrupt("the TIFF is malformed: its page directories run in a loop");
    }
    if (!t.Fits(ifd, count_width)) {
      return Corrupt(Incomplete(page, "it ends before this page begins", t.size()));
    }
    const std::uint64_t entries = t.Read(ifd, count_width);
    const std::uint64_t table = ifd + count_width;
    if (entries > s.size() / entry_size || !t.Fits(table, entries * entry_size + offset_width)) {
      return Corrupt(Incomplete(page, "it ends inside this page's directory", t.size()));
    }
    // Strip or tile offsets and byte counts, read as arrays of values.
    struct Array {
      std::uint64_t count = 0, at = 0;
      int width = 0;
    };
    Array offsets, counts;
    for (std::uint64_t e = 0; e < entries; ++e) {
      const std::uint64_t entry = table + e * entry_size;
      const auto tag = static_cast<std::uint16_t>(t.Read(entry, 2));
      const auto type = static_cast<std::uint16_t>(t.Read(entry + 2, 2));
      if (tag != kStripOffsets && tag != kStripByteCounts && tag != kTileOffsets &&
          tag != kTileByteCounts) {
        continue;
      }
      Array a;
      a.width = TypeWidth(type);
      a.count = t.Read(entry + 4, big ? 8 : 4);
      if (a.width == 0 || a.count == 0 || a.count > s.size()) continue;  // the decoder's to judge
      const std::uint64_t value_field = entry + 4 + (big ? 8 : 4);
      a.at = a.count * a.width <= static_cast<std::uint64_t>(offset_width)
                 ? value_field
                 : t.Read(value_field, offset_width);
      if (!t.Fits(a.at, a.count * a.width)) {
        return Corrupt(Incomplete(page, "it ends inside this page's table of image data", t.size()));
      }
      (tag == kStripOffsets || tag == kTileOffsets ? offsets : counts) = a;
    }
    if (offsets.count > 0 && offsets.count == counts.count) {
      for (std::uint64_t i = 0; i < offsets.count; ++i) {
        const std::uint64_t at = t.Read(offsets.at + i * offsets.width, offsets.width);
        const std::uint64_t length = t.Read(counts.at + i * counts.width, counts.width);
        if (!t.Fits(at, length)) {
          return Corrupt(Incomplete(page, "this page's image data runs past the end of the file",
                                    t.size()));
        }
      }
    }
    ifd = t.Read(table + entries * entry_size, offset_width);
  }
  return Status::Ok();
}

}  // namespace sohoa::ocr
