#include "ocr/jpeg_decode.h"

#include <leptonica/allheaders.h>

#include <csetjmp>
#include <cstdio>
#include <string>

// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>

#include "ocr/leptonica_ptr.h"
#include "ocr/raster_decode.h"

namespace sohoa::ocr {
namespace {

// libjpeg reports fatal errors by longjmp, so the frame that calls setjmp
// holds only trivially destructible objects.
struct ErrorManager {
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void OnFatal(j_common_ptr info) {
  auto* err = reinterpret_cast<ErrorManager*>(info->err);
  (*info->err->format_message)(info, err->message);
  std::longjmp(err->jump, 1);
}

// Keeps the first warning's text instead of printing it; libjpeg counts them.
void OnMessage(j_common_ptr info) {
  auto* err = reinterpret_cast<ErrorManager*>(info->err);
  if (err->message[0] == '\0') (*info->err->format_message)(info, err->message);
}

struct Decoded {
  Pix* pix;
  int warnings;
  bool too_large;
  long long width, height;
  long long rows;  // rows decoded before the first warning
};

inline unsigned Mul255(unsigned a, unsigned b) { return a * b / 255; }

// Returns 0 with `out` filled, or 1 with err->message set. Whatever must
// be freed after a longjmp lives in `*out` or in libjpeg's pools, never in
// locals, whose values setjmp does not restore.
int Decode(const unsigned char* data, unsigned long size, CmykSamples cmyk, bool invert,
           ErrorManager* err, jpeg_decompress_struct* info, Decoded* out) {
  info->err = jpeg_std_error(&err->base);
  err->base.error_exit = OnFatal;
  err->base.output_message = OnMessage;
  err->message[0] = '\0';
  if (setjmp(err->jump) != 0) {
    pixDestroy(&out->pix);
    jpeg_destroy_decompress(info);
    return 1;
  }
  jpeg_create_decompress(info);
  jpeg_mem_src(info, data, size);
  jpeg_read_header(info, TRUE);
  out->width = info->image_width;
  out->height = info->image_height;
  if (out->width > kMaxImageSide || out->height > kMaxImageSide ||
      out->width * out->height > kMaxImagePixels) {
    out->too_large = true;
    jpeg_destroy_decompress(info);
    return 0;
  }
  const bool four = info->num_components == 4;
  info->out_color_space = four ? JCS_CMYK : info->num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  const bool adobe_inverted =
      four && cmyk == CmykSamples::kAdobeInvertedIfMarked && info->saw_Adobe_marker;
  jpeg_start_decompress(info);
  // Any warning makes the file Corrupt (DecodeJpegBytes), so decoding stops
  // at the first: a progressive file's scans are all read here, and the rows
  // after the data ran out would only be made up, at the cost of decoding a
  // whole page (two seconds and a gigabyte for a 254-byte file).
  if (err->base.num_warnings > 0) {
    out->warnings = static_cast<int>(err->base.num_warnings);
    jpeg_destroy_decompress(info);
    return 0;
  }
  const int w = static_cast<int>(info->output_width);
  const int h = static_cast<int>(info->output_height);
  const int n = info->output_components;
  out->pix = pixCreateNoInit(w, h, n == 1 ? 8 : 32);
  if (out->pix == nullptr) {
    std::snprintf(err->message, sizeof err->message, "out of memory for %d x %d pixels", w, h);
    jpeg_destroy_decompress(info);
    return 1;
  }
  Pix* pix = out->pix;
  JSAMPLE* row = (*info->mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(info), JPOOL_IMAGE,
                                            static_cast<JDIMENSION>(w * n), 1)[0];
  l_uint32* pixels = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  const unsigned flip = invert ? 255u : 0u;
  while (info->output_scanline < info->output_height) {
    const int y = static_cast<int>(info->output_scanline);
    JSAMPROW rows[1] = {row};
    if (jpeg_read_scanlines(info, rows, 1) != 1) break;
    if (err->base.num_warnings > 0) break;
    out->rows = y + 1;
    l_uint32* line = pixels + static_cast<long>(wpl) * y;
    if (n == 1) {
      for (int x = 0; x < w; ++x) SET_DATA_BYTE(line, x, row[x] ^ flip);
    } else if (n == 3) {
      for (int x = 0; x < w; ++x) {
        line[x] = ((row[3 * x] ^ flip) << L_RED_SHIFT) |
                  ((row[3 * x + 1] ^ flip) << L_GREEN_SHIFT) |
                  ((row[3 * x + 2] ^ flip) << L_BLUE_SHIFT);
      }
    } else {
      // Adobe's inverted CMYK stores 255 - ink; PDF's stores ink.
      const unsigned ink_flip = flip ^ (adobe_inverted ? 255u : 0u);
      for (int x = 0; x < w; ++x) {
        const unsigned c = row[4 * x] ^ ink_flip, m = row[4 * x + 1] ^ ink_flip;
        const unsigned ye = row[4 * x + 2] ^ ink_flip, k = row[4 * x + 3] ^ ink_flip;
        line[x] = (Mul255(255 - c, 255 - k) << L_RED_SHIFT) |
                  (Mul255(255 - m, 255 - k) << L_GREEN_SHIFT) |
                  (Mul255(255 - ye, 255 - k) << L_BLUE_SHIFT);
      }
    }
  }
  if (info->density_unit == 1) {
    pixSetResolution(pix, info->X_density, info->Y_density);
  } else if (info->density_unit == 2) {
    pixSetResolution(pix, static_cast<l_int32>(info->X_density * 2.54 + 0.5),
                     static_cast<l_int32>(info->Y_density * 2.54 + 0.5));
  }
  out->warnings = static_cast<int>(err->base.num_warnings);
  if (out->warnings == 0) jpeg_finish_decompress(info);
  jpeg_destroy_decompress(info);
  return 0;
}

}  // namespace

Result<PixPtr> DecodeJpegBytes(std::string_view bytes, CmykSamples cmyk, bool invert) {
  ErrorManager err{};
  jpeg_decompress_struct info{};
  Decoded decoded{nullptr, 0, false, 0, 0, 0};
  const int failed =
      Decode(reinterpret_cast<const unsigned char*>(bytes.data()),
             static_cast<unsigned long>(bytes.size()), cmyk, invert, &err, &info, &decoded);
  PixPtr pix(decoded.pix);
  if (failed != 0) {
    return Corrupt(std::string("JPEG data cannot be decoded (") + err.message + ")");
  }
  if (decoded.too_large) {
    SOHOA_RETURN_IF_ERROR(CheckImageSize(decoded.width, decoded.height));
  }
  if (decoded.warnings > 0) {
    return Corrupt("JPEG data is truncated or damaged at row " + std::to_string(decoded.rows + 1) +
                   " of " + std::to_string(decoded.height) + " (" + std::string(err.message) +
                   "; " + std::to_string(bytes.size() / 1024) + " KB, " +
                   std::to_string(decoded.width) + " x " + std::to_string(decoded.height) +
                   " pixels)");
  }
  return pix;
}

}  // namespace sohoa::ocr
