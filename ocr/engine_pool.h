// Page recognition with libtesseract. One Engine (one TessBaseAPI) per worker
// thread, initialised once and reused for every page that worker takes.
#pragma once

#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "ocr/barcodes.h"
#include "ocr/page_source.h"
#include "ocr/searchable_pdf.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::ocr {

// A page read from its text layer (PageImage::has_text_layer) has its text,
// confidence 100 and no words: there are no boxes to give.
struct RecognizedPage {
  std::string text;          // NFC UTF-8
  float confidence = 0;      // mean word confidence 0..100
  std::vector<Word> words;   // boxes in the original image's coordinates
  int rotation = 0;          // degrees clockwise the page was turned before OCR
  float skew_degrees = 0;    // then turned this much clockwise (small) to straighten it
  int dpi = 0;               // the page's own; 0 when unknown (OCR then assumes 300)
  int width = 0, height = 0; // of the original image
  std::vector<Barcode> barcodes;  // boxes in the original image's coordinates
  // The original image encoded for the searchable PDF (EngineOptions::
  // encode_images); filter kNone otherwise.
  EncodedImage image;
};

struct EngineOptions {
  std::filesystem::path tessdata_dir;  // empty: Tesseract's default
  std::string languages = "vie";
  int workers = 0;                     // 0: one per core
  bool read_barcodes = true;           // QR / 1-D codes, kept out of the text
  bool encode_images = true;           // fill RecognizedPage::image for the searchable PDF
};

// Is OMP_THREAD_LIMIT=1 in the process environment? libgomp reads it when
// the library loads, so it must be set before the process starts.
bool OpenMpLimitedToOneThread();

class EnginePool {
 public:
  // Starts `workers` threads, each creating its engine once. Returns NotFound
  // if the language model is missing.
  static Result<std::unique_ptr<EnginePool>> Create(const EngineOptions& options);
  ~EnginePool();
  EnginePool(const EnginePool&) = delete;
  EnginePool& operator=(const EnginePool&) = delete;

  // Queues a page; the future resolves when a worker has recognised it.
  // Pages of many files share one queue, so every core stays busy.
  std::future<Result<RecognizedPage>> Submit(PageImage page);

  // Queues a page that a worker decodes itself (e.g. PageReader::Read), so
  // decoding runs on the workers and no more pages are decoded at a time than
  // there are workers. A load error resolves the future with that error.
  using PageLoader = std::function<Result<PageImage>()>;
  std::future<Result<RecognizedPage>> Submit(PageLoader load);

  // A page recognised before (a run interrupted part way through a stack
  // kept it): the worker decodes it only to encode its image for the
  // searchable PDF, and answers `known` with that image, without OCR.
  std::future<Result<RecognizedPage>> Submit(PageLoader load, RecognizedPage known);

  int workers() const;
  // How many engines were ever initialised (equals workers(): engines are reused).
  int engines_created() const;

 private:
  struct Impl;
  explicit EnginePool(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sohoa::ocr
