// Internal to ocr/: one Tesseract engine (one TessBaseAPI for recognition,
// and lazily one for orientation) and the per-page work around it. Not
// thread-safe: EnginePool gives each worker thread its own.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "ocr/engine_pool.h"

namespace tesseract {
class TessBaseAPI;
}

namespace sohoa::ocr {

struct PageSketch;        // cleanup.h
struct OrientationGuess;  // cleanup.h
struct GrayPage;          // cleanup.h

// Where Debian's tesseract-ocr packages put their models.
inline constexpr const char* kDefaultTessdataDir = "/usr/share/tesseract-ocr/5/tessdata";

// The folder the models are read from: the option, else $TESSDATA_PREFIX,
// else kDefaultTessdataDir.
std::filesystem::path TessdataDir(const EngineOptions& options);

// OK, or NotFound naming each missing model file and the Debian package
// that provides it ("vie" → tesseract-ocr-vie).
Status CheckModels(const std::filesystem::path& tessdata, const std::string& languages);

// Loads `languages` from `tessdata` into `api` (TessBaseAPI::Init with no
// config files), one Init at a time in the process. Tesseract keeps some
// settings process-wide (debug_file among them); an Init that names one
// rewrites it while other engines may be reading it (ThreadSanitizer caught
// the lazily started OSD engine doing so), so they are set by the first Init
// of the process only. Returns Init's result (0 is success).
int InitEngine(tesseract::TessBaseAPI& api, const std::filesystem::path& tessdata,
               const std::string& languages, bool legacy_engine);

class TesseractEngine {
 public:
  static Result<std::unique_ptr<TesseractEngine>> Create(const EngineOptions& options);
  ~TesseractEngine();
  TesseractEngine(const TesseractEngine&) = delete;
  TesseractEngine& operator=(const TesseractEngine&) = delete;

  // Cleans a copy of the page (see cleanup.h) and reads it; with
  // EngineOptions::read_barcodes, reads its QR codes and barcodes first and
  // blanks them on the copy Tesseract reads. A page that carries a text
  // layer is returned as is, confidence 100.
  Result<RecognizedPage> Recognize(const PageImage& page);

 private:
  TesseractEngine(const EngineOptions& options, std::filesystem::path tessdata,
                  std::unique_ptr<tesseract::TessBaseAPI> api);
  // Tesseract's OSD: clockwise quarter turns that make `gray` upright and
  // its confidence; quarter_turns -1 when it has no answer (no osd model,
  // no text).
  struct OsdAnswer {
    int quarter_turns = -1;
    float confidence = 0;
  };
  OsdAnswer Osd(Pix* gray, int dpi);
  // Which clockwise quarter turn makes the page upright, cheapest evidence
  // first: Leptonica's when it is clearly sure, else Leptonica's and OSD's
  // when they agree, else OSD's when it is sure, else the way either
  // proposes when the page reads clearly better that way than upright
  // (ReadingScore).
  int DecideQuarterTurns(Pix* gray, int dpi, const OrientationGuess& guess);
  // Turns `gray` `turns` quarter turns, straightens it, paints out its light
  // seals and its frames' corners, and reads it into `out` (text, words,
  // confidence, rotation, skew).
  // True when it reads as upright Vietnamese: every block of text upright
  // in Tesseract's layout, a ReadingScore of kMinReadingScore or more, and
  // at least half its words syllables.
  Result<bool> ReadTurned(const PageImage& page, GrayPage gray, const PageSketch& sketch, int turns,
                          RecognizedPage& out);
  // How confidently Tesseract reads `gray` turned `quarter_turns`, at about
  // 150 dpi: the sum, over the words that are Vietnamese syllables, of their
  // confidence above 50.
  double ReadingScore(Pix* small, int dpi, int quarter_turns);

  EngineOptions options_;
  std::filesystem::path tessdata_;
  std::unique_ptr<tesseract::TessBaseAPI> api_;
  std::unique_ptr<tesseract::TessBaseAPI> osd_;  // created on first need
  bool osd_unavailable_ = false;
};

}  // namespace sohoa::ocr
