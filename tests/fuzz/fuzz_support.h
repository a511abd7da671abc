// What the harnesses of tests/fuzz share: the input bound, and a check that
// stops the run when a promise a header makes does not hold, so that the
// fuzzer keeps the input as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace sohoa::fuzz {

// Larger inputs are not tried (the harness returns -1, which also keeps them
// out of the corpus): what a parser does with a megabyte it does with more,
// and smaller inputs keep every execution fast.
inline constexpr std::size_t kMaxInputBytes = 1 << 20;

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Aborts, naming the broken promise, when `holds` is false.
inline void Require(bool holds, const char* promise) {
  if (!holds) {
    std::fprintf(stderr, "sohoa fuzz: broken promise: %s\n", promise);
    std::abort();
  }
}

}  // namespace sohoa::fuzz
