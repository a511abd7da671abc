// Internal to ocr/: a look at a PDF's bytes before the PDF library parses
// them. PoDoFo's tokenizer recurses once per nested dictionary or array, so
// a file of 20,000 nested dictionaries (180 KB) overflows the stack, and a
// few thousand levels take minutes (the time grows as depth^2.6). Real scans
// nest fewer than ten levels.
#pragma once

#include <string_view>

#include "schema/status.h"

namespace sohoa::ocr {

inline constexpr int kMaxPdfNesting = 256;

// Corrupt, saying the objects are nested too deeply, when dictionaries
// (<< >>) and arrays ([ ]) outside strings, comments and streams nest deeper
// than `max_depth`. One pass over the bytes, no allocation. Objects inside
// compressed object streams are not seen here: decoding in a child process
// (isolated_reader.h) is what contains those.
Status CheckPdfNesting(std::string_view bytes, int max_depth = kMaxPdfNesting);

}  // namespace sohoa::ocr
