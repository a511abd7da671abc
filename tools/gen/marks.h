// Ink that is not text: signatures, seals, the card's emblem, portrait and
// fingerprint frames. Each draws in alpha on the given Cairo context (the
// renderer's black, red or blue layer); sizes are in page pixels.
#pragma once

#include <cairo.h>

#include "tools/gen/rng.h"

namespace sohoa::gen {

struct PixelRect {
  double x = 0, y = 0, w = 0, h = 0;
};

void RoundedRect(cairo_t* cr, double x, double y, double w, double h, double radius);

// A pen scribble of about w × h centred on (cx, cy); `mm` is pixels per millimetre.
void DrawSignature(cairo_t* cr, Rng& rng, double cx, double cy, double w, double h, double mm);
// A round seal of radius r: two rings, lettering suggested by dashes, a star.
void DrawStamp(cairo_t* cr, Rng& rng, double cx, double cy, double r, double mm);
// The grey portrait of a card copy.
void DrawPhoto(cairo_t* cr, const PixelRect& r);
void DrawFingerprint(cairo_t* cr, const PixelRect& r, double mm);
// The round national emblem with its star left blank.
void DrawEmblem(cairo_t* cr, const PixelRect& r);

}  // namespace sohoa::gen
