// Packs a page's recognised words into one compact blob for pages.words:
// a format byte, a count, then per word its UTF-8 text (length-prefixed),
// its box as zig-zag varints and its confidence as a little-endian float32.
// About a third of the size of the same words as JSON, and exact.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

std::string PackWords(const std::vector<Word>& words);

// An empty blob is no words. Returns Corrupt for bytes PackWords did not write.
Result<std::vector<Word>> UnpackWords(std::string_view packed);

}  // namespace sohoa::archive::internal
