// Cuts a page of a civil-status register book into its entry rows, without
// OCR, so a clerk can key each entry beside the image of exactly that row
// (archive/keying.h).
//
// A ruled page (a printed ledger: the same rule finding as ledger.h) gives
// one row per table row below the column headings that holds any writing;
// empty rows at the foot of the table are left out. A page without a ruled
// table (handwritten books often have no rules, or faint broken ones) is cut
// by line spacing: the deskewed page's ink is projected onto the vertical
// axis, and each text line is one entry row (a handwritten entry that wraps
// onto a second line becomes two rows; no rule on line spacing alone tells
// a wrapped entry from the next one reliably).
#pragma once

#include <vector>

#include "ocr/page_source.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::ocr {

struct EntryRows {
  // In the original image's pixels, top to bottom. A ruled row is the inside
  // of its table row; an unruled row spans the width of the page's text and
  // reaches halfway into the gaps above and below it (at most a line's
  // height). Rows do not overlap on the straightened page; on a scan turned
  // by a small angle a, neighbouring boxes overlap by about width * sin(a).
  std::vector<Box> rows;
  bool ruled = false;         // the rows came from a ruled table
  float skew_degrees = 0;     // clockwise turn that straightened the page
  int skipped_top_lines = 0;  // unruled: text lines taken as the page's title
};

struct EntryRowOptions {
  // Unruled pages only: how many text lines at the top are a title or column
  // headings rather than entries. kDetectTitle (the default) looks at the
  // gaps after the first and the second line: the lines above the lower of
  // them that is at least kTitleGapRatio times the page's usual gap between
  // lines are skipped, when at least two lines stay below it; a page whose
  // lines are evenly spaced skips nothing. Without
  // OCR nothing better is known: a book whose title sits as close to the
  // entries as they are to each other needs the count given.
  static constexpr int kDetectTitle = -1;
  static constexpr double kTitleGapRatio = 2.5;
  int skip_top_lines = kDetectTitle;
};

// InvalidArgument for a page without an image. A blank page, one too small
// to hold a line of text (under 5 mm either way), or one that is mostly ink
// (a black or photographed page) has no rows: an empty list, not an error.
Result<EntryRows> CutEntryRows(const PageImage& page, const EntryRowOptions& options = {});

}  // namespace sohoa::ocr
