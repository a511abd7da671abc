#include "ocr/page_source.h"

#include <leptonica/allheaders.h>

#include <fstream>
#include <system_error>

#include "ocr/leptonica_ptr.h"
#include "ocr/pdf_nesting.h"
#include "ocr/pdf_pages.h"
#include "ocr/raster_decode.h"
#include "ocr/tiff_structure.h"

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
  if (StartsWith(head, "RIFF") && head.size() >= 12 && head.substr(8, 4) == "WEBP") return " (a WebP image)";
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

// A decoded image as a page: square pixels, the resolution it states.
Result<PageImage> AsPage(Result<PixPtr> decoded, int index) {
  if (!decoded.ok()) return decoded.status();
  PixPtr pix = std::move(decoded).value();
  int dpi = 0;
  const int xres = pixGetXRes(pix.get());
  const int yres = pixGetYRes(pix.get());
  SOHOA_ASSIGN_OR_RETURN(pix, MakePixelsSquare(std::move(pix), xres, yres, &dpi));
  PageImage page;
  page.pix = std::move(pix);
  page.source_page = index;
  page.dpi = dpi;
  return page;
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

int PageImage::width() const { return pix ? pixGetWidth(pix.get()) : 0; }
int PageImage::height() const { return pix ? pixGetHeight(pix.get()) : 0; }

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

// Decodes in this process; see ocr/isolated_reader.h for the other kind.
class InProcessReader final : public PageReader {
 public:
  MediaType type() const override { return type_; }
  int page_count() const override { return count_; }
  Result<PageImage> Read(int index) const override;

 private:
  friend class PageReader;
  MediaType type_ = MediaType::kUnknown;
  std::string bytes_;                    // JPEG, PNG, TIFF: decoded page by page
  std::unique_ptr<PdfPageSource> pdf_;   // PDF: parsed once
  int count_ = 0;
};

Result<std::unique_ptr<PageReader>> PageReader::Open(const std::filesystem::path& path) {
  SOHOA_ASSIGN_OR_RETURN(std::string bytes, ReadAll(path));
  return OpenBytes(std::move(bytes));
}

Result<std::unique_ptr<PageReader>> PageReader::OpenBytes(std::string bytes) {
  RouteLeptonicaMessages();
  auto reader = std::make_unique<InProcessReader>();
  reader->bytes_ = std::move(bytes);
  if (reader->bytes_.empty()) {
    return Corrupt("the file is empty (0 bytes): was the scan copied completely?");
  }
  const std::string_view view(reader->bytes_);
  reader->type_ = SniffMediaType(view);
  switch (reader->type_) {
    case MediaType::kJpeg:
    case MediaType::kPng:
      reader->count_ = 1;
      break;
    case MediaType::kTiff: {
      SOHOA_RETURN_IF_ERROR(CheckTiffComplete(view));
      SOHOA_ASSIGN_OR_RETURN(reader->count_, CountTiffPages(view));
      break;
    }
    case MediaType::kPdf: {
      SOHOA_RETURN_IF_ERROR(CheckPdfNesting(view));
      SOHOA_ASSIGN_OR_RETURN(reader->pdf_, PdfPageSource::Open(std::move(reader->bytes_)));
      reader->bytes_.clear();
      reader->count_ = reader->pdf_->page_count();
      break;
    }
    case MediaType::kUnknown:
      return Unsupported("not an image or PDF (starts with bytes '" + Printable(view) + "')" +
                         std::string(Guess(view)) + ": sohoa takes JPEG, PNG, TIFF and PDF");
  }
  return std::unique_ptr<PageReader>(std::move(reader));
}

Result<PageImage> InProcessReader::Read(int index) const {
  if (index < 0 || index >= count_) {
    return InvalidArgument("page " + std::to_string(index + 1) + " of a file with " +
                           std::to_string(count_));
  }
  const std::string_view view(bytes_);
  switch (type_) {
    case MediaType::kJpeg: {
      SOHOA_ASSIGN_OR_RETURN(PageImage page, AsPage(DecodeJpeg(view), 0));
      if (JpegPassesThrough(view, page.pix.get())) page.jpeg = bytes_;
      return page;
    }
    case MediaType::kPng:
      return AsPage(DecodePng(view), 0);
    case MediaType::kTiff: {
      auto page = AsPage(DecodeTiffPage(view, index), index);
      if (!page.ok()) return page.status().WithContext("page " + std::to_string(index + 1));
      return page;
    }
    case MediaType::kPdf:
      return pdf_->Read(index);
    case MediaType::kUnknown:
      break;
  }
  return Internal("page reader of an unknown type");
}

Result<std::vector<PageImage>> LoadPages(const std::filesystem::path& path) {
  SOHOA_ASSIGN_OR_RETURN(auto reader, PageReader::Open(path));
  std::vector<PageImage> pages;
  pages.reserve(static_cast<size_t>(reader->page_count()));
  for (int i = 0; i < reader->page_count(); ++i) {
    SOHOA_ASSIGN_OR_RETURN(PageImage page, reader->Read(i));
    pages.push_back(std::move(page));
  }
  return pages;
}

}  // namespace sohoa::ocr
