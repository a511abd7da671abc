// Internal to ocr/: the bytes of a PDF stream with its filters undone by
// sohoa, one filter at a time, instead of PdfStream::GetFilteredCopy.
// PoDoFo 0.9.8 leaks the filter it made whenever a stream's /DecodeParms
// make it throw (4 KB for every such PDF, which a long-running `sohoa watch`
// never gets back), and refuses or gets wrong predictors of fewer than 8
// bits a sample. Here each filter is owned, and predictors are undone by
// Unpredict (pdf_samples.h). PoDoFo types appear here (forward-declared):
// only ocr/*.cc include this.
#pragma once

#include <cstddef>
#include <limits>
#include <string>

#include "schema/status.h"

namespace PoDoFo {
class PdfObject;
}  // namespace PoDoFo

namespace sohoa::ocr {

// The /DecodeParms (or /DP) dictionary of filter `index` of `stream`, or
// null when there is none.
PoDoFo::PdfObject* DecodeParms(PoDoFo::PdfObject& stream, std::size_t index);

// The stream's bytes with the first `count` filters of its /Filter list
// undone, in order (all of them by default). Unsupported for a filter PoDoFo
// cannot decode or a predictor sohoa does not know, Corrupt for predictor
// parameters that make no rows. May throw PdfError for damaged data.
Result<std::string> UnfilteredStream(PoDoFo::PdfObject& stream,
                                     std::size_t count = std::numeric_limits<std::size_t>::max());

}  // namespace sohoa::ocr
