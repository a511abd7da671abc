// What a page says and where, before it is drawn: the document builders fill
// these in, the renderer lays them out with Pango and paginates.
// Lengths are millimetres; text sizes are relative to the dossier's body size.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sohoa::gen {

enum class Align { kLeft, kCenter, kRight, kJustify };

// Ink that is not text.
enum class Mark {
  kNone,
  kSignature,          // a pen scribble in the gap
  kSignatureAndStamp,  // the scribble under a round red seal
};

struct TextStyle {
  double scale = 1.0;  // × the body size (× the card's text size inside a card)
  bool bold = false;
  bool italic = false;
  Align align = Align::kLeft;
  bool rule_below = false;     // the short line under an agency name or the motto
  double rule_fraction = 0.4;  // its length, as a fraction of the text's width
  double indent_mm = 0;        // first-line indent
  bool mono = false;           // the machine-readable zone of a card
};

// One paragraph; Pango wraps it to the cell width. A paragraph with gap_mm > 0
// is empty space, for a signature.
struct Para {
  std::string text;  // '\t' jumps to the next tab stop; n tabs split the width in n + 1
  TextStyle style;
  // Byte ranges [first, second) printed bold: filled-in names.
  std::vector<std::pair<int, int>> bold;
  double space_before_mm = 0;
  double gap_mm = 0;
  Mark mark = Mark::kNone;
};

struct Cell {
  double x_mm = 0;      // from the left of the content area (of the card, in a card)
  double y_mm = 0;      // only used inside a card
  double width_mm = 0;  // 0: up to the right edge
  std::vector<Para> paras;
  std::string qr_text;  // non-empty: the cell holds this QR code instead of text
  double qr_mm = 0;     // its side, quiet zone excluded
};

// Cells side by side. Their text reads cell after cell (column order).
struct Row {
  std::vector<Cell> cells;
  double space_before_mm = 0;
};

struct Rect {
  double x_mm = 0, y_mm = 0, w_mm = 0, h_mm = 0;
};

// A card copy (CCCD front or back): a framed box drawn at `zoom` × its
// natural size, with cells placed inside it in card millimetres.
struct Card {
  double width_mm = 85.6, height_mm = 54;
  double zoom = 1.5;
  double text_pt = 6;  // the card's own text size before zoom
  double space_before_mm = 0;
  std::vector<Cell> cells;
  std::vector<Rect> frames;      // fingerprint boxes
  std::vector<Rect> photos;      // a grey portrait
  std::vector<Rect> emblems;     // the round national emblem, printed in colour
  std::vector<Rect> signatures;  // a scribble inside the card
};

using Element = std::variant<Row, Card>;

struct DocumentLayout {
  std::vector<Element> elements;
};

}  // namespace sohoa::gen
