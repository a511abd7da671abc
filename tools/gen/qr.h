// QR codes for receipt slips (libqrencode), as a plain module matrix.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "schema/status.h"

namespace sohoa::gen {

struct QrMatrix {
  int size = 0;                    // modules per side, without the quiet zone
  std::vector<std::uint8_t> dark;  // size × size, row-major, 1 = dark module

  bool Dark(int x, int y) const { return dark[static_cast<size_t>(y * size + x)] != 0; }
};

// Encodes `text` as bytes at error-correction level M, the smallest version
// that fits. Returns InvalidArgument if it does not fit in any version.
Result<QrMatrix> EncodeQr(std::string_view text);

}  // namespace sohoa::gen
