#include "archive/internal/box_text.h"

#include <cstdio>

namespace sohoa::archive::internal {

std::string PackBox(const Box& b) {
  if (b.w <= 0 || b.h <= 0) return "";
  return std::to_string(b.x) + "," + std::to_string(b.y) + "," + std::to_string(b.w) + "," +
         std::to_string(b.h);
}

Box UnpackBox(const std::string& packed) {
  Box b;
  if (std::sscanf(packed.c_str(), "%d,%d,%d,%d", &b.x, &b.y, &b.w, &b.h) != 4) return Box{};
  return b;
}

}  // namespace sohoa::archive::internal
