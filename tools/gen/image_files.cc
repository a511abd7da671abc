#include "tools/gen/image_files.h"

#include <leptonica/allheaders.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include "tools/gen/inspect.h"

namespace sohoa::gen {
namespace {

struct LeptFree {
  void operator()(l_uint8* p) const noexcept { lept_free(p); }
};
using LeptBytes = std::unique_ptr<l_uint8, LeptFree>;

struct FileCloser {
  void operator()(FILE* f) const noexcept { std::fclose(f); }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

// Leptonica reports its errors on stderr; a generator run should stay quiet
// unless something really fails, and then we return a Status.
void QuietLeptonica() {
  static const bool once = [] {
    setMsgSeverity(L_SEVERITY_NONE);
    return true;
  }();
  (void)once;
}

}  // namespace

Result<std::string> EncodeJpeg(Pix* pix, int quality) {
  QuietLeptonica();
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixWriteMemJpeg(&data, &size, pix, quality, 0) != 0 || data == nullptr) {
    return Internal("JPEG encoding failed");
  }
  LeptBytes owned(data);
  return std::string(reinterpret_cast<const char*>(data), size);
}

Result<std::string> EncodePng(Pix* pix) {
  QuietLeptonica();
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixWriteMemPng(&data, &size, pix, 0.0f) != 0 || data == nullptr) {
    return Internal("PNG encoding failed");
  }
  LeptBytes owned(data);
  return std::string(reinterpret_cast<const char*>(data), size);
}

Status AppendTiffPage(const std::filesystem::path& path, Pix* pix, TiffCompression compression,
                      bool first) {
  QuietLeptonica();
  int comptype = compression == TiffCompression::kG4    ? IFF_TIFF_G4
                 : compression == TiffCompression::kLzw ? IFF_TIFF_LZW
                                                        : IFF_TIFF_ZIP;
  if (pixWriteTiff(path.c_str(), pix, comptype, first ? "w" : "a") != 0) {
    return IoError(path.string() + ": cannot write TIFF page");
  }
  return Status::Ok();
}

Status WriteFileBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out)
    return IoError(path.string() + ": cannot write " + std::to_string(bytes.size()) + " bytes");
  return Status::Ok();
}

Result<int> CountTiffPages(const std::filesystem::path& path) {
  QuietLeptonica();
  FilePtr f(std::fopen(path.c_str(), "rb"));
  if (!f) return NotFound(path.string() + ": cannot open");
  l_int32 n = 0;
  if (tiffGetCount(f.get(), &n) != 0) return Corrupt(path.string() + ": not a readable TIFF");
  return static_cast<int>(n);
}

Result<ImageInfo> ReadImageInfo(const std::filesystem::path& path) {
  QuietLeptonica();
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (pixReadHeader(path.c_str(), &format, &w, &h, &bps, &spp, &cmap) != 0) {
    return Corrupt(path.string() + ": not a readable image");
  }
  ImageInfo info;
  info.width = w;
  info.height = h;
  info.depth = bps * spp;
  info.jpeg = format == IFF_JFIF_JPEG;
  info.png = format == IFF_PNG;
  info.tiff = format == IFF_TIFF || format == IFF_TIFF_G4 || format == IFF_TIFF_LZW ||
              format == IFF_TIFF_ZIP || format == IFF_TIFF_PACKBITS || format == IFF_TIFF_RLE ||
              format == IFF_TIFF_G3 || format == IFF_TIFF_JPEG;
  return info;
}

Result<GreyImage> ReadGrey(const std::filesystem::path& path, int page) {
  QuietLeptonica();
  PixPtr pix;
  if (page == 0) {
    pix.reset(pixRead(path.c_str()));
  } else {
    size_t offset = 0;
    for (int i = 0; i <= page; ++i) {
      pix.reset(pixReadFromMultipageTiff(path.c_str(), &offset));
      if (!pix || (offset == 0 && i < page)) {
        pix.reset();
        break;
      }
    }
  }
  if (!pix) return Corrupt(path.string() + ": cannot read page " + std::to_string(page));
  PixPtr grey(pixConvertTo8(pix.get(), 0));
  if (!grey) return Internal("pixConvertTo8 failed");
  GreyImage out;
  out.width = static_cast<int>(pixGetWidth(grey.get()));
  out.height = static_cast<int>(pixGetHeight(grey.get()));
  out.pixels.resize(static_cast<size_t>(out.width) * static_cast<size_t>(out.height));
  l_uint32* data = pixGetData(grey.get());
  int wpl = pixGetWpl(grey.get());
  for (int y = 0; y < out.height; ++y) {
    l_uint32* line = data + y * wpl;
    for (int x = 0; x < out.width; ++x) {
      out.pixels[static_cast<size_t>(y) * out.width + x] =
          static_cast<std::uint8_t>(GET_DATA_BYTE(line, x));
    }
  }
  return out;
}

}  // namespace sohoa::gen
