#include "ocr/page_source.h"

#include <leptonica/allheaders.h>

#include <fstream>
#include <system_error>

#include "ocr/leptonica_ptr.h"
#include "ocr/pdf_pages.h"
#include "ocr/raster_decode.h"

namespace sohoa::ocr {
namespace {

constexpr std::size_t kPdfMarkerWindow = 1024;

bool StartsWith(std::string_view head, std::string_view magic) {
  return head.substr(0, magic.size()) == magic;
}

// "PK.." for a ZIP: printable ASCII kept, anything else a dot.
std::string Printable(std::string_view head) {
  std::string out;
  for (unsigned char ch : head.substr(0, 4)) {
    out.push_back(ch >= 0x20 && ch < 0x7f ? static_cast<char>(ch) : '.');
  }
  return out;
}

// What a person most likely dropped instead of a scan, when we can tell.
std::string_view Guess(std::string_view head) {
  if (StartsWith(head, "PK\x03\x04")) return " (a ZIP archive, or a Word/Excel file)";
  if (StartsWith(head, "\xD0\xCF\x11\xE0")) return " (an old Word/Excel file)";
  if (StartsWith(head, "GIF8")) return " (a GIF image)";
  if (StartsWith(head, "BM")) return " (a BMP image)";
  if (StartsWith(head, "RIFF") && head.substr(8, 4) == "WEBP") return " (a WebP image)";
  if (StartsWith(head, std::string_view("\0\0\0\x0cjP  ", 8))) return " (a JPEG 2000 image)";
  if (StartsWith(head, "Rar!")) return " (a RAR archive)";
  return "";
}

Result<std::string> ReadAll(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return NotFound(path.string() + ": no such file");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return InvalidArgument(path.string() + ": not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path.string() + ": cannot open for reading");
  std::string bytes;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) bytes.reserve(static_cast<std::size_t>(size));
  bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return IoError(path.string() + ": read failed");
  return bytes;
}

Result<std::vector<PageImage>> OneImage(Result<PixPtr> decoded) {
  if (!decoded.ok()) return decoded.status();
  PixPtr pix = std::move(decoded).value();
  int dpi = 0;
  SOHOA_ASSIGN_OR_RETURN(
      pix, MakePixelsSquare(std::move(pix), pixGetXRes(pix.get()), pixGetYRes(pix.get()), &dpi));
  std::vector<PageImage> pages(1);
  pages[0].pix = std::move(pix);
  pages[0].dpi = dpi;
  return pages;
}

Result<std::vector<PageImage>> TiffPages(std::string_view bytes) {
  SOHOA_ASSIGN_OR_RETURN(std::vector<PixPtr> pixes, DecodeTiffPages(bytes));
  std::vector<PageImage> pages;
  pages.reserve(pixes.size());
  for (std::size_t i = 0; i < pixes.size(); ++i) {
    int dpi = 0;
    const int xres = pixGetXRes(pixes[i].get());
    const int yres = pixGetYRes(pixes[i].get());
    Result<PixPtr> square = MakePixelsSquare(std::move(pixes[i]), xres, yres, &dpi);
    if (!square.ok()) return square.status().WithContext("page " + std::to_string(i + 1));
    PageImage page;
    page.pix = std::move(square).value();
    page.source_page = static_cast<int>(i);
    page.dpi = dpi;
    pages.push_back(std::move(page));
  }
  return pages;
}

// A JPEG file goes into the searchable PDF as it is when a reader would show
// its samples as they decode (gray or RGB: an Adobe CMYK file is stored
// inverted) and the page image has its size (its pixels were square).
bool JpegPassesThrough(std::string_view bytes, Pix* pix) {
  l_int32 w = 0, h = 0, spp = 0, cmyk = 0;
  if (readHeaderMemJpeg(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size(), &w, &h, &spp,
                        nullptr, &cmyk) != 0) {
    return false;
  }
  return (spp == 1 || spp == 3) && cmyk == 0 && w == pixGetWidth(pix) && h == pixGetHeight(pix);
}

}  // namespace

void PixDeleter::operator()(Pix* pix) const noexcept { pixDestroy(&pix); }

MediaType SniffMediaType(std::string_view head) {
  if (StartsWith(head, "\xFF\xD8\xFF")) return MediaType::kJpeg;
  if (StartsWith(head, "\x89PNG\r\n\x1A\n")) return MediaType::kPng;
  if (StartsWith(head, std::string_view("II*\0", 4)) ||
      StartsWith(head, std::string_view("MM\0*", 4)) ||
      StartsWith(head, std::string_view("II+\0", 4)) ||  // BigTIFF
      StartsWith(head, std::string_view("MM\0+", 4))) {
    return MediaType::kTiff;
  }
  // Some producers put junk (or a mail header) before the PDF marker; readers
  // accept it within the first kilobyte.
  if (head.substr(0, kPdfMarkerWindow).find("%PDF-") != std::string_view::npos) {
    return MediaType::kPdf;
  }
  return MediaType::kUnknown;
}

std::string_view MimeType(MediaType type) {
  switch (type) {
    case MediaType::kJpeg:
      return "image/jpeg";
    case MediaType::kPng:
      return "image/png";
    case MediaType::kTiff:
      return "image/tiff";
    case MediaType::kPdf:
      return "application/pdf";
    case MediaType::kUnknown:
      break;
  }
  return "application/octet-stream";
}

Result<std::vector<PageImage>> LoadPages(const std::filesystem::path& path) {
  RouteLeptonicaMessages();
  SOHOA_ASSIGN_OR_RETURN(std::string bytes, ReadAll(path));
  if (bytes.empty()) {
    return Corrupt("the file is empty (0 bytes): was the scan copied completely?");
  }
  const std::string_view view(bytes);
  switch (SniffMediaType(view)) {
    case MediaType::kJpeg: {
      SOHOA_ASSIGN_OR_RETURN(std::vector<PageImage> pages, OneImage(DecodeJpeg(view)));
      if (JpegPassesThrough(view, pages[0].pix.get())) pages[0].jpeg = std::move(bytes);
      return pages;
    }
    case MediaType::kPng:
      return OneImage(DecodePng(view));
    case MediaType::kTiff:
      return TiffPages(view);
    case MediaType::kPdf:
      return LoadPdfPages(view);
    case MediaType::kUnknown:
      break;
  }
  return Unsupported("not an image or PDF (starts with bytes '" + Printable(view) + "')" +
                     std::string(Guess(view)) + ": sohoa takes JPEG, PNG, TIFF and PDF");
}

}  // namespace sohoa::ocr
