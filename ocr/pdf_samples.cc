#include "ocr/pdf_samples.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace sohoa::ocr {
namespace {

// Reads sample `i` of a row packed at `bpc` bits per sample; 16-bit samples
// keep their high byte, so the result is at most 255.
inline unsigned Sample(const std::uint8_t* row, long long i, int bpc) {
  switch (bpc) {
    case 8:
      return row[i];
    case 16:
      return row[2 * i];
    default: {
      const long long bit = i * bpc;
      const unsigned byte = row[bit >> 3];
      const int shift = 8 - bpc - static_cast<int>(bit & 7);
      return (byte >> shift) & ((1u << bpc) - 1);
    }
  }
}

inline l_uint32 Rgb(unsigned r, unsigned g, unsigned b) {
  return (static_cast<l_uint32>(r) << L_RED_SHIFT) | (static_cast<l_uint32>(g) << L_GREEN_SHIFT) |
         (static_cast<l_uint32>(b) << L_BLUE_SHIFT);
}

inline l_uint32 CmykToRgb(unsigned c, unsigned m, unsigned y, unsigned k) {
  return Rgb((255 - c) * (255 - k) / 255, (255 - m) * (255 - k) / 255, (255 - y) * (255 - k) / 255);
}

}  // namespace

int ComponentsOf(ColorKind kind) {
  switch (kind) {
    case ColorKind::kRgb:
      return 3;
    case ColorKind::kCmyk:
      return 4;
    default:
      return 1;
  }
}

Result<std::string> Unpredict(const std::string& in, int predictor, int colors, int bpc,
                              int columns) {
  const long long row_bytes = (static_cast<long long>(columns) * colors * bpc + 7) / 8;
  const int bpp = std::max(1, (colors * bpc + 7) / 8);
  if (row_bytes <= 0) return Corrupt("predictor parameters give empty rows");
  if (predictor == 2) {
    if (bpc != 8) {
      return Unsupported("TIFF predictor with " + std::to_string(bpc) + " bits a sample");
    }
    std::string out = in;
    for (long long start = 0; start + row_bytes <= static_cast<long long>(out.size());
         start += row_bytes) {
      for (long long i = colors; i < row_bytes; ++i) {
        out[start + i] = static_cast<char>(out[start + i] + out[start + i - colors]);
      }
    }
    return out;
  }
  if (predictor < 10) return Unsupported("predictor " + std::to_string(predictor));
  const long long rows = static_cast<long long>(in.size()) / (row_bytes + 1);
  std::string out(static_cast<size_t>(rows * row_bytes), '\0');
  auto* o = reinterpret_cast<std::uint8_t*>(out.data());
  const auto* s = reinterpret_cast<const std::uint8_t*>(in.data());
  for (long long r = 0; r < rows; ++r) {
    const std::uint8_t type = s[r * (row_bytes + 1)];
    const std::uint8_t* src = s + r * (row_bytes + 1) + 1;
    std::uint8_t* dst = o + r * row_bytes;
    const std::uint8_t* up = r > 0 ? dst - row_bytes : nullptr;
    for (long long i = 0; i < row_bytes; ++i) {
      const int a = i >= bpp ? dst[i - bpp] : 0;
      const int b = up != nullptr ? up[i] : 0;
      const int c = (up != nullptr && i >= bpp) ? up[i - bpp] : 0;
      int predicted = 0;
      switch (type) {
        case 0:
          predicted = 0;
          break;
        case 1:
          predicted = a;
          break;
        case 2:
          predicted = b;
          break;
        case 3:
          predicted = (a + b) / 2;
          break;
        case 4: {
          const int p = a + b - c;
          const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predicted = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
          break;
        }
        default:
          return Corrupt("PNG predictor row " + std::to_string(r) + " has filter type " +
                         std::to_string(type));
      }
      dst[i] = static_cast<std::uint8_t>(src[i] + predicted);
    }
  }
  return out;
}

bool DecodeInverted(const std::vector<double>& decode) {
  return decode.size() >= 2 && decode[0] > decode[1];
}

Result<PixPtr> SamplesToPix(const std::string& data, int w, int h, int bpc, const ColorSpace& cs,
                            const std::vector<double>& decode) {
  if (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16) {
    return Corrupt("image has /BitsPerComponent " + std::to_string(bpc));
  }
  const int ncomp = cs.components;
  const long long stride = (static_cast<long long>(w) * ncomp * bpc + 7) / 8;
  const long long needed = stride * h;
  if (static_cast<long long>(data.size()) < needed) {
    return Corrupt("image data ends early: " + std::to_string(data.size()) + " of " +
                   std::to_string(needed) + " bytes");
  }
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());

  // Bilevel gray keeps 1 bit a pixel: PDF paints sample 0 black, Leptonica
  // calls 1 black.
  if (bpc == 1 && (cs.kind == ColorKind::kGray || cs.kind == ColorKind::kSeparation)) {
    bool invert = (cs.kind == ColorKind::kGray);
    if (DecodeInverted(decode)) invert = !invert;
    PixPtr pix(pixCreateNoInit(w, h, 1));
    if (!pix) {
      return Internal("out of memory for a " + std::to_string(w) + " x " + std::to_string(h) +
                      " image");
    }
    l_uint32* out = pixGetData(pix.get());
    const int wpl = pixGetWpl(pix.get());
    for (int y = 0; y < h; ++y) {
      const std::uint8_t* row = bytes + stride * y;
      l_uint32* line = out + static_cast<long long>(wpl) * y;
      for (long long j = 0; j < stride; ++j) {
        SET_DATA_BYTE(line, j, invert ? static_cast<std::uint8_t>(~row[j]) : row[j]);
      }
    }
    pixSetPadBits(pix.get(), 0);
    return pix;
  }

  // Per component, a table from stored sample to 0..255 after /Decode.
  const int levels = bpc >= 8 ? 256 : (1 << bpc);
  const int maxv = levels - 1;
  std::vector<std::vector<unsigned>> lut(ncomp, std::vector<unsigned>(levels));
  for (int c = 0; c < ncomp; ++c) {
    double lo = 0, hi = (cs.kind == ColorKind::kIndexed) ? maxv : 1;
    if (decode.size() >= static_cast<size_t>(2 * ncomp)) {
      lo = decode[2 * c];
      hi = decode[2 * c + 1];
    }
    for (int s = 0; s < levels; ++s) {
      const double v = lo + s * (hi - lo) / maxv;
      if (cs.kind == ColorKind::kIndexed) {
        lut[c][s] = static_cast<unsigned>(std::clamp<long>(std::lround(v), 0, cs.hival));
      } else {
        lut[c][s] = static_cast<unsigned>(std::clamp<long>(std::lround(v * 255), 0, 255));
      }
    }
  }

  ColorKind shown = cs.kind == ColorKind::kIndexed ? cs.base : cs.kind;
  std::string palette = cs.palette;
  int entry_size = cs.base_components;
  if (cs.kind == ColorKind::kIndexed) {
    palette.resize(static_cast<size_t>(cs.hival + 1) * cs.base_components, '\0');
    // A palette of grays over RGB (common for bilevel scans) needs 8 bits a
    // pixel, not 32.
    bool grays = shown == ColorKind::kRgb;
    for (size_t i = 0; grays && i + 2 < palette.size(); i += 3) {
      grays = palette[i] == palette[i + 1] && palette[i] == palette[i + 2];
    }
    if (grays) {
      std::string gray_levels;
      for (size_t i = 0; i < palette.size(); i += 3) gray_levels.push_back(palette[i]);
      palette = gray_levels;
      entry_size = 1;
      shown = ColorKind::kGray;
    }
  }
  const bool gray = shown == ColorKind::kGray || shown == ColorKind::kSeparation;
  PixPtr pix(pixCreateNoInit(w, h, gray ? 8 : 32));
  if (!pix) {
    return Internal("out of memory for a " + std::to_string(w) + " x " + std::to_string(h) +
                    " image");
  }
  l_uint32* out = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  const auto* pal = reinterpret_cast<const std::uint8_t*>(palette.data());

  unsigned v[4] = {0, 0, 0, 0};
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* row = bytes + stride * y;
    l_uint32* line = out + static_cast<long long>(wpl) * y;
    for (int x = 0; x < w; ++x) {
      const long long first = static_cast<long long>(x) * ncomp;
      for (int c = 0; c < ncomp; ++c) v[c] = lut[c][Sample(row, first + c, bpc)];
      if (cs.kind == ColorKind::kIndexed) {
        const std::uint8_t* entry = pal + v[0] * entry_size;
        for (int c = 0; c < entry_size; ++c) v[c] = entry[c];
      }
      switch (shown) {
        case ColorKind::kGray:
          SET_DATA_BYTE(line, x, v[0]);
          break;
        case ColorKind::kSeparation:
          SET_DATA_BYTE(line, x, 255 - v[0]);
          break;
        case ColorKind::kRgb:
          line[x] = Rgb(v[0], v[1], v[2]);
          break;
        case ColorKind::kCmyk:
          line[x] = CmykToRgb(v[0], v[1], v[2], v[3]);
          break;
        case ColorKind::kIndexed:
          break;
      }
    }
  }
  return pix;
}

}  // namespace sohoa::ocr
