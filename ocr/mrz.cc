#include "ocr/mrz.h"

#include <algorithm>

namespace sohoa::ocr {
namespace {

bool IsMrzChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'; }
bool IsLetter(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A name line has at most this many characters read as digits (its letters
// misread); the first two lines have 10 or more true digits.
constexpr int kNameLineDigitsAtMost = 3;

}  // namespace

std::string MendMrzLine(const std::string& word) {
  const std::size_t n = word.size();
  if ((n != 30 && n != 36 && n != 44) || !std::all_of(word.begin(), word.end(), IsMrzChar) ||
      word.find("<<") == std::string::npos) {
    return word;
  }
  std::string out = word;
  const auto digits = std::count_if(out.begin(), out.end(), IsDigit);
  if (digits <= kNameLineDigitsAtMost) {
    for (char& c : out) {
      if (c == '0') c = 'O';
      if (c == '1') c = 'I';
      if (c == '5') c = 'S';
      if (c == '8') c = 'B';
    }
    return out;
  }
  // The first line: a document code (a letter, then a letter or '<'), the
  // issuing state's three letters, then the document number.
  const bool first_line = (IsLetter(out[1]) || out[1] == '<') && IsLetter(out[2]) &&
                          IsLetter(out[3]) && IsLetter(out[4]);
  if (first_line && (out[0] == 'T' || out[0] == '1' || out[0] == 'L')) out[0] = 'I';
  return out;
}

void MendMrz(std::string& text, std::vector<Word>& words) {
  for (Word& w : words) {
    const std::string mended = MendMrzLine(w.text);
    if (mended == w.text) continue;
    // The word stands whole in the text: between spaces or line ends.
    for (std::size_t at = text.find(w.text); at != std::string::npos; at = text.find(w.text, at + 1)) {
      const std::size_t end = at + w.text.size();
      const bool whole = (at == 0 || text[at - 1] == ' ' || text[at - 1] == '\n') &&
                         (end == text.size() || text[end] == ' ' || text[end] == '\n');
      if (whole) {
        text.replace(at, w.text.size(), mended);
        break;
      }
    }
    w.text = mended;
  }
}

}  // namespace sohoa::ocr
