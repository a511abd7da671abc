// Internal to ocr/: the order in which a page's text blocks are read into
// its text, from the blocks Tesseract's layout found. Nothing here runs
// Tesseract.
#pragma once

#include <string>
#include <vector>

#include "schema/dossier.h"

namespace sohoa::ocr {

// One of Tesseract's text blocks, in the prepared image's rows: where it
// starts and ends down the page, its text and its words.
struct TextBlock {
  int top = 0, bottom = 0;
  std::string text;
  std::vector<Word> words;
};

// `a` lies above `b`: it starts higher and shares less than half the
// shorter one's height with it (a block beside another shares most).
bool Above(const TextBlock& a, const TextBlock& b);

// The blocks, given in Tesseract's order, read so that none comes before a
// block above it. Tesseract reads a column to its end before the next; on
// a card copy that put the line under the portrait ("Có giá trị đến",
// "Date of expiry") before the card's heading and fields above it.
// Otherwise Tesseract's order stands: blocks side by side keep it, and so
// does each block's own lines' order. Moves the blocks' text and words
// into `text` and `words`, which are replaced.
void ReadTopDown(std::vector<TextBlock>& blocks, std::string& text, std::vector<Word>& words);

}  // namespace sohoa::ocr
