// Ownership of Leptonica images inside the generator. Leptonica's header
// stays in the .cc files; Pix is only forward-declared here.
#pragma once

#include <memory>

struct Pix;

namespace sohoa::gen {

struct PixDeleter {
  void operator()(Pix* p) const noexcept;
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

}  // namespace sohoa::gen
