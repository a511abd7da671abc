// EncodeForPdf (declared in ocr/searchable_pdf.h): a page's original image as
// the stream of a PDF Image XObject. Runs on OCR worker threads, so it keeps
// no state and allocates little: the output, one row, and for G4 the TIFF
// that libtiff writes.
#include <leptonica/allheaders.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "ocr/leptonica_ptr.h"
#include "ocr/searchable_pdf.h"

namespace sohoa::ocr {
namespace {

Result<EncodedImage> PassJpeg(const std::string& jpeg) {
  l_int32 w = 0, h = 0, spp = 0;
  if (readHeaderMemJpeg(reinterpret_cast<const l_uint8*>(jpeg.data()), jpeg.size(), &w, &h, &spp,
                        nullptr, nullptr) != 0 ||
      w <= 0 || h <= 0 || (spp != 1 && spp != 3 && spp != 4)) {
    return Corrupt("the page's JPEG data has no readable header");
  }
  EncodedImage out;
  out.filter = EncodedImage::Filter::kDct;
  out.data = jpeg;
  out.width = w;
  out.height = h;
  out.components = spp;
  out.bits_per_component = 8;
  return out;
}

// Reads an unsigned TIFF field of `size` bytes at `offset` (0 past the end).
std::uint32_t TiffUint(std::string_view tiff, std::size_t offset, int size, bool big_endian) {
  if (offset + static_cast<std::size_t>(size) > tiff.size()) return 0;
  std::uint32_t value = 0;
  for (int i = 0; i < size; ++i) {
    const auto byte = static_cast<std::uint8_t>(tiff[offset + (big_endian ? i : size - 1 - i)]);
    value = (value << 8) | byte;
  }
  return value;
}

// The G4 data of a one-strip TIFF as libtiff writes it, and whether its
// photometric interpretation makes 0 black (then the PDF needs BlackIs1).
Result<std::string> G4StripOfTiff(std::string_view tiff, bool* min_is_black) {
  if (tiff.size() < 8 || (tiff.substr(0, 2) != "II" && tiff.substr(0, 2) != "MM")) {
    return Internal("libtiff wrote no TIFF header");
  }
  const bool be = tiff[0] == 'M';
  const std::size_t ifd = TiffUint(tiff, 4, 4, be);
  const std::uint32_t entries = TiffUint(tiff, ifd, 2, be);
  std::uint32_t offset = 0, bytes = 0, strips = 0, compression = 0, photometric = 0;
  for (std::uint32_t i = 0; i < entries; ++i) {
    const std::size_t entry = ifd + 2 + 12 * static_cast<std::size_t>(i);
    const std::uint32_t tag = TiffUint(tiff, entry, 2, be);
    const std::uint32_t type = TiffUint(tiff, entry + 2, 2, be);
    const std::uint32_t count = TiffUint(tiff, entry + 4, 4, be);
    const std::uint32_t value = type == 3 ? TiffUint(tiff, entry + 8, 2, be)  // SHORT
                                          : TiffUint(tiff, entry + 8, 4, be);
    switch (tag) {
      case 259: compression = value; break;
      case 262: photometric = value; break;
      case 273: offset = value; strips = count; break;
      case 279: bytes = value; break;
      default: break;
    }
  }
  if (compression != 4 || strips != 1 || bytes == 0 ||
      static_cast<std::size_t>(offset) + bytes > tiff.size()) {
    return Internal("libtiff did not write one G4 strip (compression " +
                    std::to_string(compression) + ", " + std::to_string(strips) + " strips)");
  }
  *min_is_black = photometric == 1;
  return std::string(tiff.substr(offset, bytes));
}

Result<EncodedImage> EncodeG4(Pix* pix) {
  l_uint8* raw = nullptr;
  size_t size = 0;
  LeptonicaMessages messages;
  const int failed = pixWriteMemTiff(&raw, &size, pix, IFF_TIFF_G4);
  LeptBytes owned(raw);
  if (failed != 0 || raw == nullptr) {
    return Internal("cannot encode the page as CCITT G4: " + messages.Summary());
  }
  bool min_is_black = false;
  SOHOA_ASSIGN_OR_RETURN(
      std::string data,
      G4StripOfTiff(std::string_view(reinterpret_cast<const char*>(raw), size), &min_is_black));
  if (min_is_black) return Internal("libtiff wrote G4 data with 0 as black");
  EncodedImage out;
  out.filter = EncodedImage::Filter::kCcittG4;
  out.data = std::move(data);
  out.width = pixGetWidth(pix);
  out.height = pixGetHeight(pix);
  out.components = 1;
  out.bits_per_component = 1;
  return out;
}

struct DeflateEnd {
  void operator()(z_stream* z) const noexcept { deflateEnd(z); }
};

// Feeds `in` to zlib, growing `out` if deflateBound's estimate falls short.
bool Deflate(z_stream& z, std::string& out, const std::uint8_t* in, std::size_t size, bool finish) {
  z.next_in = const_cast<Bytef*>(in);
  z.avail_in = static_cast<uInt>(size);
  for (;;) {
    if (z.avail_out == 0) {
      const std::size_t used = out.size();
      out.resize(used + used / 2 + 4096);
      z.next_out = reinterpret_cast<Bytef*>(out.data() + used);
      z.avail_out = static_cast<uInt>(out.size() - used);
    }
    const int rc = deflate(&z, finish ? Z_FINISH : Z_NO_FLUSH);
    if (rc == Z_STREAM_ERROR) return false;
    if (finish ? rc == Z_STREAM_END : (z.avail_in == 0 && z.avail_out > 0)) return true;
  }
}

// 8 bpp gray or 32 bpp RGB, one row at a time into a single output buffer.
Result<EncodedImage> EncodeFlate(Pix* pix) {
  const int w = pixGetWidth(pix);
  const int h = pixGetHeight(pix);
  const bool rgb = pixGetDepth(pix) == 32;
  const std::size_t row_bytes = static_cast<std::size_t>(w) * (rgb ? 3 : 1);

  z_stream z{};
  if (deflateInit(&z, Z_DEFAULT_COMPRESSION) != Z_OK) return Unavailable("zlib cannot start");
  std::unique_ptr<z_stream, DeflateEnd> guard(&z);
  EncodedImage out;
  out.data.resize(deflateBound(&z, static_cast<uLong>(row_bytes * static_cast<std::size_t>(h))));
  z.next_out = reinterpret_cast<Bytef*>(out.data.data());
  z.avail_out = static_cast<uInt>(out.data.size());

  std::string row(row_bytes, '\0');
  auto* bytes = reinterpret_cast<std::uint8_t*>(row.data());
  const l_uint32* data = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<std::size_t>(wpl) * y;
    if (rgb) {
      for (int x = 0; x < w; ++x) {
        bytes[3 * x] = static_cast<std::uint8_t>(GET_DATA_BYTE(line + x, COLOR_RED));
        bytes[3 * x + 1] = static_cast<std::uint8_t>(GET_DATA_BYTE(line + x, COLOR_GREEN));
        bytes[3 * x + 2] = static_cast<std::uint8_t>(GET_DATA_BYTE(line + x, COLOR_BLUE));
      }
    } else {
      for (int x = 0; x < w; ++x) bytes[x] = static_cast<std::uint8_t>(GET_DATA_BYTE(line, x));
    }
    if (!Deflate(z, out.data, bytes, row_bytes, y + 1 == h)) {
      return Internal("zlib failed while compressing the page image");
    }
  }
  out.data.resize(z.total_out);
  out.filter = EncodedImage::Filter::kFlate;
  out.width = w;
  out.height = h;
  out.components = rgb ? 3 : 1;
  out.bits_per_component = 8;
  return out;
}

}  // namespace

Result<EncodedImage> EncodeForPdf(const PageImage& page) {
  if (!page.jpeg.empty()) return PassJpeg(page.jpeg);
  if (!page.pix) return InvalidArgument("the page has no image to encode");
  Pix* pix = page.pix.get();
  PixPtr converted;
  if (pixGetColormap(pix) != nullptr) {
    converted.reset(pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC));
    if (!converted) return Internal("cannot remove the page image's colormap");
    pix = converted.get();
  }
  switch (pixGetDepth(pix)) {
    case 1:
      return EncodeG4(pix);
    case 8:
    case 32:
      return EncodeFlate(pix);
    default:
      break;
  }
  // 2, 4 and 16 bpp gray, 24 bpp RGB: to 8 or 32 bpp first.
  PixPtr widened(pixGetDepth(pix) == 24 ? pixConvertTo32(pix) : pixConvertTo8(pix, 0));
  if (!widened) {
    return Internal("cannot convert a " + std::to_string(pixGetDepth(pix)) + " bpp page image");
  }
  return EncodeFlate(widened.get());
}

}  // namespace sohoa::ocr
