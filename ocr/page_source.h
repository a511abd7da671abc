// Turns a scanned file into page images. The type is judged from the bytes,
// never the extension.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "schema/status.h"

struct Pix;  // Leptonica's image; its header stays inside ocr/.

namespace sohoa::ocr {

enum class MediaType { kUnknown, kJpeg, kPng, kTiff, kPdf };

// Judges the type from the first bytes of a file (magic numbers).
MediaType SniffMediaType(std::string_view head);
std::string_view MimeType(MediaType type);  // "image/jpeg", ...

struct PixDeleter {
  void operator()(Pix* pix) const noexcept;
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// One page of a source file, decoded.
struct PageImage {
  PixPtr pix;
  int source_page = 0;   // 0-based index inside its file
  int dpi = 0;           // from the file; 0 when it does not say
  // A born-digital PDF page carries its text: no OCR is needed.
  bool has_text_layer = false;
  std::string text_layer;
  // The original compressed bytes when the page is a JPEG (a .jpg file, or a
  // DCT image in a PDF that needs no colour fix-up), so the searchable PDF can
  // carry the scan unchanged; empty otherwise.
  std::string jpeg;

  // The decoded image's size in pixels (0 without an image).
  int width() const;
  int height() const;
};

// A file opened for reading its pages one at a time, so that a 300-page
// stack never has more pages decoded than there are workers. Open() reads
// the file's bytes and counts its pages (a PDF is parsed once); Read()
// decodes one page and may be called from several threads at once.
//
// Open() and OpenBytes() decode in this process. Files from outside (the
// inbox, uploads) are read through ocr/isolated_reader.h, which runs the
// same decoding in a child process with limits, behind this interface.
class PageReader {
 public:
  // Returns Corrupt / Unsupported as LoadPages does, for the file as a whole.
  static Result<std::unique_ptr<PageReader>> Open(const std::filesystem::path& path);
  // The same for bytes already in memory (an upload, a fuzzer's input).
  static Result<std::unique_ptr<PageReader>> OpenBytes(std::string bytes);
  virtual ~PageReader() = default;
  PageReader(const PageReader&) = delete;
  PageReader& operator=(const PageReader&) = delete;

  virtual MediaType type() const = 0;
  virtual int page_count() const = 0;
  // Errors name the 1-based page.
  virtual Result<PageImage> Read(int index) const = 0;

 protected:
  PageReader() = default;
};

// Reads every page of `path`. Returns Corrupt for bytes that cannot be decoded
// (the message says which page and why), Unsupported for a well-formed file of
// a type sohoa does not take, with a message a person can act on.
Result<std::vector<PageImage>> LoadPages(const std::filesystem::path& path);

}  // namespace sohoa::ocr
