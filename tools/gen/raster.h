// From drawn layers to a scanned-looking Leptonica image: paper and ink
// colours, then the scanner's faults (skew, turned pages, uneven light, blur,
// noise, bi-level thresholding).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "schema/status.h"
#include "tools/gen/pix_ptr.h"
#include "tools/gen/render.h"

namespace sohoa::gen {

struct PageLook {
  bool color = false;        // 32-bit RGB; otherwise 8-bit grey
  std::uint8_t paper = 255;  // grey levels
  std::uint8_t ink = 0;
  std::array<std::uint8_t, 3> paper_rgb{255, 255, 255};
  std::array<std::uint8_t, 3> ink_rgb{0, 0, 0};
};

// Prints the page's layers on paper: black ink, red seals, blue signatures.
PixPtr Compose(const RenderedPage& page, const PageLook& look);

struct PageEffects {
  double skew_degrees = 0;  // clockwise, as applied
  int rotation = 0;         // 0, 90, 180 or 270 clockwise, as applied after the skew
  double lighting = 0;      // how much darker the far side gets, 0..1; 0 = even
  double lighting_angle = 0;
  double noise_sigma = 0;  // grey levels
  bool blur = false;
  bool binarize = false;    // to 1 bit per pixel, for CCITT G4
  bool paper_tint = false;  // recorded only: the look was tinted

  // The names ground-truth.json lists, in the order they were applied.
  std::vector<std::string> Names() const;
};

// Returns Internal when Leptonica fails (out of memory).
Result<PixPtr> ApplyEffects(PixPtr pix, const PageEffects& effects, std::uint64_t noise_seed);

// A rectangle of the composed page after ApplyEffects' skew and rotation:
// the bounding box of its corners, in pixels of the final image.
struct PixelBox {
  int x = 0, y = 0, w = 0, h = 0;
};
PixelBox TransformBox(const PixelBox& box, int width, int height, const PageEffects& effects);

}  // namespace sohoa::gen
