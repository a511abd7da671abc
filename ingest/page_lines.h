// A recognised page as labelled lines with word boxes: the shape field
// extraction and receipt detection read. Plain text logic, no OCR, so it is
// unit-tested on strings.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "schema/dossier.h"

namespace sohoa::ingest {

struct Token {
  std::string text;
  Box box;  // w == 0 when the word could not be matched to a recognised word
  float confidence = 0;
};

struct Line {
  std::string text;
  std::vector<Token> tokens;
  // Folded label before the first ':' ("ho chu dem ten"), "" when none.
  std::string label;
  // The tokens after the ':' (index into tokens), tokens.size() when none.
  size_t value_start = 0;

  std::string Value() const;       // the text after the ':' trimmed, NFC
  Box ValueBox() const;            // union of the value tokens' boxes
  float ValueConfidence() const;   // their mean word confidence, 0..1
};

// Splits `text` into lines and tokens and gives each token the box of the
// recognised word it matches (words are in reading order, as text is).
std::vector<Line> LinesOf(std::string_view text, std::span<const Word> words);

// Folds (case, tone marks, đ) and keeps only letters and digits, single spaces.
std::string Normalize(std::string_view text);

// Union of boxes; empty boxes are ignored.
Box Union(const Box& a, const Box& b);

// Dates: "14/05/2023" or "ngày 14 tháng 5 năm 2023" (any case, with or
// without tone marks) → ISO "2023-05-14". The first real date in `text`.
std::optional<std::string> FindDate(std::string_view text);

// Edit distance between two short strings (bytes), capped at `cap` + 1.
int EditDistance(std::string_view a, std::string_view b, int cap = 8);

}  // namespace sohoa::ingest
