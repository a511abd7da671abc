#include "ocr/raster_decode.h"

#include <leptonica/allheaders.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "ocr/jpeg_decode.h"
#include "ocr/leptonica_ptr.h"

namespace sohoa::ocr {
namespace {

const l_uint8* Data(std::string_view bytes) {
  return reinterpret_cast<const l_uint8*>(bytes.data());
}

std::string Because(const LeptonicaMessages& messages) {
  std::string summary = messages.Summary();
  return summary.empty() ? std::string() : " (" + summary + ")";
}

// The contents of the top-level "jp2c" box of a JP2/JPX file, or "".
std::string_view Jp2Codestream(std::string_view bytes) {
  size_t at = 0;
  while (at + 8 <= bytes.size()) {
    const auto* p = Data(bytes) + at;
    unsigned long long length =
        (static_cast<unsigned long long>(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
    size_t header = 8;
    if (length == 1) {
      if (at + 16 > bytes.size()) return {};
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | p[8 + i];
      header = 16;
    } else if (length == 0) {
      length = bytes.size() - at;
    }
    if (length < header || length > bytes.size() - at) return {};
    if (bytes.substr(at + 4, 4) == "jp2c") return bytes.substr(at + header, length - header);
    at += length;
  }
  return {};
}

}  // namespace

Status CheckImageSize(long long width, long long height) {
  if (width <= 0 || height <= 0) {
    return Corrupt("image says it is " + std::to_string(width) + " x " + std::to_string(height) +
                   " pixels");
  }
  if (width > kMaxImageSide || height > kMaxImageSide || width * height > kMaxImagePixels) {
    return Unsupported("image is " + std::to_string(width) + " x " + std::to_string(height) +
                       " pixels (" + std::to_string(width * height / 1'000'000) +
                       " megapixels); sohoa takes at most " + std::to_string(kMaxImageSide) +
                       " pixels a side and " + std::to_string(kMaxImagePixels / 1'000'000) +
                       " megapixels: scan at a lower resolution");
  }
  return Status::Ok();
}

Result<PixPtr> DecodeJpeg(std::string_view bytes) {
  return DecodeJpegBytes(bytes, CmykSamples::kAdobeInvertedIfMarked, false);
}

Result<PixPtr> DecodePng(std::string_view bytes) {
  LeptonicaMessages messages;
  l_int32 w = 0, h = 0, bps = 0, spp = 0, iscmap = 0;
  if (readHeaderMemPng(Data(bytes), bytes.size(), &w, &h, &bps, &spp, &iscmap) != 0) {
    return Corrupt("PNG header cannot be read" + Because(messages));
  }
  SOHOA_RETURN_IF_ERROR(CheckImageSize(w, h));
  PixPtr pix(pixReadMemPng(Data(bytes), bytes.size()));
  if (!pix) return Corrupt("PNG data is truncated or damaged" + Because(messages));
  return pix;
}

Result<PixPtr> DecodeJpeg2000(std::string_view bytes) {
  LeptonicaMessages messages;
  // The size is read here: Leptonica's header reader expects the boxes of a
  // plain JP2 at fixed places and misreads JPX files and bare codestreams.
  auto u32 = [&](size_t at) {
    const auto* p = Data(bytes) + at;
    return (static_cast<long long>(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
  };
  long long w = 0, h = 0;
  const size_t ihdr = bytes.substr(0, 4096).find("ihdr");
  if (bytes.size() >= 24 && bytes.substr(0, 4) == "\xFF\x4F\xFF\x51") {
    w = u32(8) - u32(16);  // SIZ: Xsiz - XOsiz, Ysiz - YOsiz
    h = u32(12) - u32(20);
  } else if (ihdr != std::string_view::npos && ihdr + 12 <= bytes.size()) {
    h = u32(ihdr + 4);
    w = u32(ihdr + 8);
  } else {
    return Corrupt("JPEG 2000 header cannot be read" + Because(messages));
  }
  SOHOA_RETURN_IF_ERROR(CheckImageSize(w, h));
  PixPtr pix(pixReadMemJp2k(Data(bytes), bytes.size(), 1, nullptr, 0, 0));
  if (!pix) {
    // Leptonica only knows plain JP2 files and bare codestreams; a JPX (or
    // JP2 with unusual boxes) still holds a codestream it can decode.
    const std::string_view codestream = Jp2Codestream(bytes);
    if (!codestream.empty()) {
      pix.reset(pixReadMemJp2k(Data(codestream), codestream.size(), 1, nullptr, 0, 0));
    }
  }
  if (!pix) return Corrupt("JPEG 2000 data cannot be decoded" + Because(messages));
  return pix;
}

Result<int> CountTiffPages(std::string_view bytes) {
  LeptonicaMessages messages;
  for (int n = 0;; ++n) {
    l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, format = 0;
    if (readHeaderMemTiff(Data(bytes), bytes.size(), n, &w, &h, &bps, &spp, &res, &cmap, &format) !=
        0) {
      // Past the last directory. A file with none is broken.
      if (n == 0) return Corrupt("TIFF header cannot be read" + Because(messages));
      return n;
    }
  }
}

Result<PixPtr> DecodeTiffPage(std::string_view bytes, int n) {
  LeptonicaMessages messages;
  l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, format = 0;
  if (readHeaderMemTiff(Data(bytes), bytes.size(), n, &w, &h, &bps, &spp, &res, &cmap, &format) != 0) {
    return Corrupt("TIFF header cannot be read" + Because(messages));
  }
  SOHOA_RETURN_IF_ERROR(CheckImageSize(w, h));
  PixPtr pix(pixReadMemTiff(Data(bytes), bytes.size(), n));
  if (!pix) {
    return Corrupt("TIFF image cannot be decoded (" + std::to_string(w) + " x " +
                   std::to_string(h) + ", " + std::to_string(bps * spp) + " bits per pixel)" +
                   Because(messages));
  }
  return pix;
}

Result<std::vector<PixPtr>> DecodeTiffPages(std::string_view bytes) {
  SOHOA_ASSIGN_OR_RETURN(int count, CountTiffPages(bytes));
  std::vector<PixPtr> pages;
  for (int n = 0; n < count; ++n) {
    auto pix = DecodeTiffPage(bytes, n);
    if (!pix.ok()) return pix.status().WithContext("page " + std::to_string(n + 1));
    pages.push_back(std::move(pix).value());
  }
  return pages;
}

Result<PixPtr> MakePixelsSquare(PixPtr pix, int xres, int yres, int* dpi) {
  *dpi = xres > 0 ? xres : yres;
  // In 64 bits: a TIFF may state any resolution up to 2^31 dpi.
  if (xres <= 0 || yres <= 0 ||
      std::llabs(static_cast<long long>(xres) - yres) * 50 <= std::max(xres, yres)) {
    return pix;
  }
  const int target = std::max(xres, yres);
  const double sx = static_cast<double>(target) / xres;
  const double sy = static_cast<double>(target) / yres;
  const long long w = std::llround(pixGetWidth(pix.get()) * sx);
  const long long h = std::llround(pixGetHeight(pix.get()) * sy);
  SOHOA_RETURN_IF_ERROR(CheckImageSize(w, h));
  LeptonicaMessages messages;
  PixPtr scaled(pixScaleToSize(pix.get(), static_cast<l_int32>(w), static_cast<l_int32>(h)));
  if (!scaled) return Internal("cannot resample to square pixels" + Because(messages));
  pixSetResolution(scaled.get(), target, target);
  *dpi = target;
  return scaled;
}

}  // namespace sohoa::ocr
