// Internal to ocr/: the raw samples of a PDF image (after its filters) and
// what turns them into a Pix: predictors, colour spaces, /Decode arrays.
// No PoDoFo here; pdf_image.cc reads the dictionaries.
#pragma once

#include <string>
#include <vector>

#include "ocr/page_source.h"
#include "schema/status.h"

namespace sohoa::ocr {

enum class ColorKind { kGray, kRgb, kCmyk, kIndexed, kSeparation };

struct ColorSpace {
  ColorKind kind = ColorKind::kGray;
  int components = 1;
  // Indexed only: the base space and its palette, `components` bytes an entry.
  ColorKind base = ColorKind::kGray;
  int base_components = 1;
  int hival = 0;
  std::string palette;
};

// Samples per pixel of a device space (Indexed and Separation have 1).
int ComponentsOf(ColorKind kind);

// Undoes a TIFF (2) or PNG (10..15) predictor, which PoDoFo 0.9.8 gets
// wrong for fewer than 8 bits a sample.
Result<std::string> Unpredict(const std::string& in, int predictor, int colors, int bpc,
                              int columns);

// Is the /Decode array [1 0 ...], which inverts the first component?
bool DecodeInverted(const std::vector<double>& decode);

// Builds the image from `data` rows of `w` samples of `bpc` bits: bilevel
// gray stays 1 bpp, other gray (and Separation, Indexed over gray) becomes
// 8 bpp, colour 32 bpp RGB. Returns Corrupt when `data` is too short.
Result<PixPtr> SamplesToPix(const std::string& data, int w, int h, int bpc, const ColorSpace& cs,
                            const std::vector<double>& decode);

}  // namespace sohoa::ocr
