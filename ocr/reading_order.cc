#include "ocr/reading_order.h"

#include <algorithm>

namespace sohoa::ocr {

bool Above(const TextBlock& a, const TextBlock& b) {
  return a.top < b.top && (a.bottom - b.top) * 2 < std::min(a.bottom - a.top, b.bottom - b.top);
}

void ReadTopDown(std::vector<TextBlock>& blocks, std::string& text, std::vector<Word>& words) {
  text.clear();
  words.clear();
  std::vector<bool> done(blocks.size(), false);
  for (std::size_t placed = 0; placed < blocks.size(); ++placed) {
    // The first block in Tesseract's order with none left above it: the
    // one starting highest is one, as a block lies only below higher ones.
    std::size_t next = blocks.size();
    for (std::size_t i = 0; i < blocks.size() && next == blocks.size(); ++i) {
      if (done[i]) continue;
      bool below_another = false;
      for (std::size_t j = 0; j < blocks.size() && !below_another; ++j) {
        below_another = j != i && !done[j] && Above(blocks[j], blocks[i]);
      }
      if (!below_another) next = i;
    }
    if (next == blocks.size()) next = std::find(done.begin(), done.end(), false) - done.begin();
    done[next] = true;
    text += blocks[next].text;
    for (Word& w : blocks[next].words) words.push_back(std::move(w));
  }
}

}  // namespace sohoa::ocr
