#include "tools/gen/raster.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tools/gen/rng.h"

namespace sohoa::gen {

void PixDeleter::operator()(Pix* p) const noexcept { pixDestroy(&p); }

namespace {

inline int Mix(int base, int target, int alpha) {
  return base + ((target - base) * alpha + 127) / 255;
}

// Seals print a little lighter than solid ink, signatures in ballpoint blue.
constexpr int kRedStrength = 205, kBlueStrength = 230;
constexpr std::array<int, 3> kRed{205, 35, 45}, kBlue{35, 55, 165};
constexpr int kRedGrey = 125, kBlueGrey = 80;

void Lighting(Pix* pix, double strength, double angle) {
  int w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix);
  int wpl = pixGetWpl(pix);
  l_uint32* data = pixGetData(pix);
  double ux = std::cos(angle), uy = std::sin(angle);
  double span = std::abs(ux) * w + std::abs(uy) * h;
  double origin = std::min(0.0, ux * w) + std::min(0.0, uy * h);
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + y * wpl;
    for (int x = 0; x < w; ++x) {
      double t = (ux * x + uy * y - origin) / span;
      int f = static_cast<int>((1.0 - strength * t * t) * 256);
      if (d == 8) {
        SET_DATA_BYTE(line, x, (GET_DATA_BYTE(line, x) * f) >> 8);
      } else {
        l_int32 r, g, b;
        extractRGBValues(line[x], &r, &g, &b);
        composeRGBPixel((r * f) >> 8, (g * f) >> 8, (b * f) >> 8, &line[x]);
      }
    }
  }
}

void Noise(Pix* pix, double sigma, std::uint64_t seed) {
  Rng rng(seed);
  int w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix);
  int wpl = pixGetWpl(pix);
  l_uint32* data = pixGetData(pix);
  // The sum of four uniform bytes is close to normal with mean 510, sd 147.8;
  // a table turns each sum into grey levels.
  std::array<int, 1021> table;
  for (int sum = 0; sum <= 1020; ++sum) {
    table[static_cast<size_t>(sum)] = static_cast<int>(std::lround((sum - 510) * sigma / 147.8));
  }
  std::uint64_t bits = 0;
  int left = 0;
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + y * wpl;
    for (int x = 0; x < w; ++x) {
      if (left == 0) {
        bits = rng.Next();
        left = 2;
      }
      int sum = static_cast<int>((bits & 0xFF) + ((bits >> 8) & 0xFF) + ((bits >> 16) & 0xFF) +
                                 ((bits >> 24) & 0xFF));
      bits >>= 32;
      --left;
      int n = table[static_cast<size_t>(sum)];
      if (d == 8) {
        SET_DATA_BYTE(line, x, std::clamp(static_cast<int>(GET_DATA_BYTE(line, x)) + n, 0, 255));
      } else {
        l_int32 r, g, b;
        extractRGBValues(line[x], &r, &g, &b);
        composeRGBPixel(std::clamp(r + n, 0, 255), std::clamp(g + n, 0, 255),
                        std::clamp(b + n, 0, 255), &line[x]);
      }
    }
  }
}

}  // namespace

PixPtr Compose(const RenderedPage& page, const PageLook& look) {
  const int w = page.width, h = page.height;
  PixPtr pix(pixCreate(w, h, look.color ? 32 : 8));
  if (!pix) return pix;
  pixSetResolution(pix.get(), page.dpi, page.dpi);
  int wpl = pixGetWpl(pix.get());
  l_uint32* data = pixGetData(pix.get());
  auto row = [](const Layer& l, int y) {
    return l.empty() ? nullptr
                     : l.alpha.data() + static_cast<size_t>(y) * static_cast<size_t>(l.stride);
  };
  l_uint32 paper_pixel = 0;
  composeRGBPixel(look.paper_rgb[0], look.paper_rgb[1], look.paper_rgb[2], &paper_pixel);
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + y * wpl;
    const std::uint8_t* ink_row = row(page.ink, y);
    const std::uint8_t* red_row = row(page.red, y);
    const std::uint8_t* blue_row = row(page.blue, y);
    for (int x = 0; x < w; ++x) {
      int ink = ink_row ? ink_row[x] : 0;
      int red = red_row ? red_row[x] : 0;
      int blue = blue_row ? blue_row[x] : 0;
      if ((ink | red | blue) == 0) {
        if (look.color)
          line[x] = paper_pixel;
        else
          SET_DATA_BYTE(line, x, look.paper);
        continue;
      }
      int ared = red * kRedStrength / 255, ablue = blue * kBlueStrength / 255;
      if (look.color) {
        int c[3];
        for (size_t k = 0; k < 3; ++k) {
          int v = look.paper_rgb[k];
          if (ared) v = Mix(v, kRed[k], ared);
          if (ablue) v = Mix(v, kBlue[k], ablue);
          if (ink) v = Mix(v, look.ink_rgb[k], ink);
          c[k] = v;
        }
        composeRGBPixel(c[0], c[1], c[2], &line[x]);
      } else {
        int v = look.paper;
        if (ared) v = Mix(v, kRedGrey, ared);
        if (ablue) v = Mix(v, kBlueGrey, ablue);
        if (ink) v = Mix(v, look.ink, ink);
        SET_DATA_BYTE(line, x, v);
      }
    }
  }
  return pix;
}

std::vector<std::string> PageEffects::Names() const {
  std::vector<std::string> names;
  if (paper_tint) names.push_back("paper_tint");
  if (skew_degrees != 0) names.push_back("skew");
  if (lighting > 0) names.push_back("uneven_lighting");
  if (blur) names.push_back("blur");
  if (noise_sigma > 0) names.push_back("noise");
  if (rotation != 0) names.push_back("rotation");
  if (binarize) names.push_back("binarize");
  return names;
}

Result<PixPtr> ApplyEffects(PixPtr pix, const PageEffects& e, std::uint64_t noise_seed) {
  if (e.skew_degrees != 0) {
    float radians = static_cast<float>(e.skew_degrees * std::numbers::pi / 180.0);
    PixPtr rotated(pixRotate(pix.get(), radians, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
    if (!rotated) return Internal("pixRotate failed");
    pix = std::move(rotated);
  }
  if (e.lighting > 0) Lighting(pix.get(), e.lighting, e.lighting_angle);
  if (e.blur) {
    PixPtr blurred(pixBlockconv(pix.get(), 1, 1));
    if (!blurred) return Internal("pixBlockconv failed");
    pix = std::move(blurred);
  }
  if (e.noise_sigma > 0) Noise(pix.get(), e.noise_sigma, noise_seed);
  if (e.rotation != 0) {
    PixPtr turned(pixRotateOrth(pix.get(), e.rotation / 90));
    if (!turned) return Internal("pixRotateOrth failed");
    pix = std::move(turned);
  }
  if (e.binarize) {
    PixPtr grey(pixGetDepth(pix.get()) == 8 ? pixClone(pix.get()) : pixConvertTo8(pix.get(), 0));
    PixPtr binary(grey ? pixThresholdToBinary(grey.get(), 150) : nullptr);
    if (!binary) return Internal("pixThresholdToBinary failed");
    pix = std::move(binary);
  }
  int dpi = pixGetXRes(pix.get());
  if (dpi == 0) pixSetResolution(pix.get(), 300, 300);
  return pix;
}

PixelBox TransformBox(const PixelBox& box, int width, int height, const PageEffects& e) {
  double xs[4] = {static_cast<double>(box.x), static_cast<double>(box.x + box.w),
                  static_cast<double>(box.x), static_cast<double>(box.x + box.w)};
  double ys[4] = {static_cast<double>(box.y), static_cast<double>(box.y),
                  static_cast<double>(box.y + box.h), static_cast<double>(box.y + box.h)};
  double a = e.skew_degrees * std::numbers::pi / 180.0;
  double cx = width / 2.0, cy = height / 2.0;
  for (int i = 0; i < 4; ++i) {
    double dx = xs[i] - cx, dy = ys[i] - cy;
    xs[i] = cx + dx * std::cos(a) - dy * std::sin(a);
    ys[i] = cy + dx * std::sin(a) + dy * std::cos(a);
    double x = xs[i], y = ys[i];
    switch (e.rotation) {
      case 90:
        xs[i] = height - y;
        ys[i] = x;
        break;
      case 180:
        xs[i] = width - x;
        ys[i] = height - y;
        break;
      case 270:
        xs[i] = y;
        ys[i] = width - x;
        break;
      default:
        break;
    }
  }
  double x0 = *std::min_element(xs, xs + 4), x1 = *std::max_element(xs, xs + 4);
  double y0 = *std::min_element(ys, ys + 4), y1 = *std::max_element(ys, ys + 4);
  return PixelBox{static_cast<int>(std::floor(x0)), static_cast<int>(std::floor(y0)),
                  static_cast<int>(std::ceil(x1 - x0)), static_cast<int>(std::ceil(y1 - y0))};
}

}  // namespace sohoa::gen
