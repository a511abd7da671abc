// Internal to ocr/: prepares a page image for Tesseract with Leptonica
// (gray, resolution, orientation, deskew) and maps boxes found
// on the prepared image back onto the original. The original is never
// changed: it is what the archive keeps.
#pragma once

#include "ocr/page_source.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::ocr {

// Resolution assumed for a page that does not state one.
inline constexpr int kAssumedDpi = 300;

// How the prepared image was made from the original, step by step:
// scale, then quarter turns clockwise, then a small clockwise rotation
// about the centre (deskew) that keeps the size.
struct PageTransform {
  int original_width = 0, original_height = 0;
  double scale = 1;  // prepared pixels per original pixel
  int scaled_width = 0, scaled_height = 0;
  int quarter_turns = 0;      // 0..3, clockwise
  double deskew_degrees = 0;  // clockwise
  int width = 0, height = 0;  // of the prepared image
};

// Step 1: 8-bit gray at a size Tesseract reads well: pages above 450 dpi are
// brought down to 300; pages below 250 dpi (or of unknown resolution) whose
// letters are under 9 pixels tall are enlarged, at most twice.
struct GrayPage {
  PixPtr pix;
  int dpi = 0;              // of `pix`; kAssumedDpi when the page had none
  PageTransform transform;  // scale filled in
};
Result<GrayPage> ToGrayForOcr(Pix* original, int dpi);

// The median height in pixels of letter-like connected components, or 0
// when there are too few to tell.
int MedianGlyphHeight(Pix* gray);

// A small binarised copy of the page (about 150 dpi, text black), made once
// per page: orientation and skew are measured on it, never on the full-size
// image, which is only turned and straightened once the answers are known.
struct PageSketch {
  PixPtr bin;  // 1 bit
  int dpi = 0;
};
PageSketch MakeSketch(Pix* gray, int dpi);

// Step 2: which clockwise quarter turn makes the text upright, from the
// ascenders and descenders of Latin script (Leptonica's pixOrientDetect on
// the sketch). `sure` is false when the evidence is weak; the caller may
// then ask Tesseract's OSD.
struct OrientationGuess {
  int quarter_turns = 0;
  float up_confidence = 0;    // Leptonica's upconf
  float left_confidence = 0;  // Leptonica's leftconf
  bool sure = false;
};
OrientationGuess GuessOrientation(const PageSketch& sketch);
OrientationGuess GuessOrientation(Pix* gray, int dpi);  // makes the sketch

// Step 3: turns and deskews the full-size page. Returns the image
// Tesseract should read; `page.transform` is completed. `skew_degrees` is
// MeasureSkewDegrees of the page after its quarter turns; the overload
// without it measures it on a sketch.
struct PreparedPage {
  PixPtr pix;
  int dpi = 0;
  PageTransform transform;
  float skew_confidence = 0;
};
Result<PreparedPage> Prepare(GrayPage gray, int quarter_turns, float skew_degrees,
                             float skew_confidence);
Result<PreparedPage> Prepare(GrayPage gray, int quarter_turns);

// Measures skew (degrees clockwise that would straighten the page) on an
// 8-bit or 1-bit image, or on a sketch (cheaper: the page is binarised once
// for orientation and skew); 0 when there is not enough text to tell or the
// skew is too small to be worth a rotation.
float MeasureSkewDegrees(Pix* pix, float* confidence);
float MeasureSkewDegrees(const PageSketch& sketch, int quarter_turns, float* confidence);

// Step 4, on the prepared (upright, straight) page: the rounded corners and
// ragged ends of the frames round ID-card copies and ruled boxes painted
// out, which Tesseract reads as letters ("¬", "|", empty words). A rule is
// a dark run at least `kRuleLengthInches` long, across or down the page; a
// dark shape that is mostly such runs is a frame. The straight rules
// themselves stay: Tesseract's own line finder removes them, and reads the
// page's layout from them. Returns how many pixels it painted.
long BlankFrameCorners(Pix* gray, int dpi);

// Step 4 too: seals, signatures and pictures painted out where their ink
// is lighter than print, as a red seal and blue ballpoint are on a gray
// scan (and blue on a colour scan's gray; its red seals are dropped with
// the red, ToGrayForOcr), and as a card copy's portrait is. Strokes in the
// band between print and the paper round them (measured against the
// paper, so a page in shadow has marks too) go when they make a round
// patch 0.5-2.5 inches across (a seal's rings, lettering, star), a patch
// up to 3.5 inches holding a stroke 0.8 inch long that is not straight (a
// signature, looped or flat, the line under it, with the seal it
// crosses), or a solid patch 0.3-2.5 inches across (a portrait). Print
// stays, even where it runs under them, with a blurred letter's gray edge.
// A page with next to no print darker than its marks (faded, a pale copy,
// a blurred scan) has only its solid pictures painted out: its thin
// strokes may be its letters. Tesseract otherwise takes the patch for a
// picture and drops the print over it, or reads its strokes and edges as
// noise. Handwriting in blue, word by word, stays. Returns how many pixels
// it painted.
long BlankLightMarks(Pix* gray, int dpi);

// A box on the prepared image, in the original image's pixels (clipped).
Box MapToOriginal(const Box& box, const PageTransform& transform);

}  // namespace sohoa::ocr
