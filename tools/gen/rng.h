// A small deterministic random source for the sample-corpus generator.
// SplitMix64 with hand-written distributions, so that a seed gives the same
// corpus on every standard library (std::uniform_*_distribution is not
// specified bit for bit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <utility>
#include <vector>

namespace sohoa::gen {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  // A seed for an independent stream, derived from a parent seed and a
  // label, so that adding a dossier or a page never shifts the others.
  static std::uint64_t Derive(std::uint64_t seed, std::uint64_t label) {
    std::uint64_t z = seed ^ (label * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL);
    return Finalize(Finalize(z) + label);
  }

  std::uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return Finalize(state_);
  }

  // Uniform in [lo, hi], both inclusive. Rejection keeps it unbiased.
  std::int64_t Int(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) return lo;
    std::uint64_t range = static_cast<std::uint64_t>(hi - lo) + 1;
    if (range == 0) return static_cast<std::int64_t>(Next());
    std::uint64_t limit = (0 - range) % range;  // 2^64 mod range
    std::uint64_t x = Next();
    while (x < limit) x = Next();
    return lo + static_cast<std::int64_t>(x % range);
  }

  // Uniform in [0, 1) with 53 bits.
  double Real() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Real(double lo, double hi) { return lo + (hi - lo) * Real(); }

  bool Chance(double p) { return Real() < p; }

  std::size_t Index(std::size_t n) {
    return n == 0 ? 0 : static_cast<std::size_t>(Int(0, static_cast<std::int64_t>(n) - 1));
  }

  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Index(items.size())];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Index(items.size())];
  }
  template <typename T>
  const T& Pick(std::initializer_list<T> items) {
    return items.begin()[Index(items.size())];
  }

  // An index drawn with the given non-negative weights.
  std::size_t Weighted(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double r = Real() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.empty() ? 0 : weights.size() - 1;
  }

  // Approximately standard normal: the sum of four uniforms, rescaled.
  double Normal() {
    double s = Real() + Real() + Real() + Real() - 2.0;
    return s * 1.7320508075688772;  // 1 / sqrt(4/12)
  }

  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = Index(i);
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  static std::uint64_t Finalize(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_;
};

}  // namespace sohoa::gen
