#include "ocr/tesseract_engine.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "ocr/barcodes.h"
#include "ocr/cleanup.h"
#include "ocr/reading_order.h"
#include "ocr/leptonica_ptr.h"
#include "ocr/fixed_text.h"
#include "ocr/mrz.h"
#include "schema/text.h"
#include "schema/vietnamese_spelling.h"

namespace sohoa::ocr {
namespace {

// Tesseract 5's Sauvola binarisation. Measured here: Otsu (0) gave 21% CER
// on mildly uneven lighting, Sauvola 0.3%.
constexpr const char* kThresholdingMethod = "2";
// Signs and letters of other languages that Tesseract's Vietnamese model
// knows and no Vietnamese paper prints: it read "ƒ" for an italic "f"
// ("Date oƒ expiry", "Leƒt" on card copies), "Ñ" for a worn "N", "⁄", "©",
// "›" and "¬" in seals and frames. Forbidden, the model reads the letter it
// was, or nothing. Kept: the Vietnamese letters, ASCII, “ ” — °.
constexpr const char* kNeverPrinted = "ÄŸ‡Ð§©⁄„¬ÏŠƑÖ»ˆ«ŒØÑ€¡®¿†£›‹ƒöïðÿšäñøœ";
// Leptonica's confidence (the larger of up and left) from which its sure
// answer is taken without asking OSD. Its sure answers below it were right
// on generated pages, but one, at 4.6, turned an upright card copy 270°.
constexpr float kStrongLeptonica = 8.0f;
// OSD's orientation confidence from which its answer is taken as it is
// (Tesseract calls 15 "reasonably confident"; OCRmyPDF's default is 14).
// Below it, on a page Leptonica could not judge, the answer is checked by
// reading (DecideQuarterTurns).
constexpr float kSureOsdConfidence = 10.0f;
// When they disagree or neither is sure, the page is read upright and each
// way they propose at this resolution (a quarter of 300 dpi's pixels), and
// turned only when a way reads with a score of at least kMinReadingScore
// (words' confidence above 50, summed: a few clear words) and
// kReadingScoreRatio times upright's.
constexpr int kOrientationReadDpi = 150;
constexpr double kMinReadingScore = 100;
constexpr double kReadingScoreRatio = 1.5;
// Leptonica leans upright without deciding (an up-down confidence at least
// this, and this many times the left-right one).
constexpr float kLeanUprightAtLeast = 2.0f;
constexpr float kLeanUprightRatio = 1.5f;
// White margin around a blanked code: 2 mm. zxing's box runs through the
// finder patterns, up to ~2 modules inside the code's edge.
constexpr int kBarcodeMarginPerInch = 12;

// Leptonica's evidence leans upright: its answer, however weak, or no
// answer with the up-down evidence well ahead of the left-right one.
bool LeansUpright(const OrientationGuess& guess) {
  if (guess.sure) return guess.quarter_turns == 0;
  return guess.up_confidence >= kLeanUprightAtLeast &&
         guess.up_confidence >= kLeanUprightRatio * std::abs(guess.left_confidence);
}

// How well words read as Vietnamese: over the words of two letters or more
// that hold no digit, how many are syllables Vietnamese can write, and the
// sum of those syllables' confidence above 50. A page read the wrong way
// round gives letters, often with confidence, but not syllables.
struct SyllableCount {
  double score = 0;
  int syllables = 0;
  int words = 0;
};
SyllableCount SyllableScore(const std::vector<Word>& words) {
  SyllableCount count;
  for (const Word& w : words) {
    std::string word = w.text;
    while (!word.empty() && std::ispunct(static_cast<unsigned char>(word.back()))) word.pop_back();
    while (!word.empty() && std::ispunct(static_cast<unsigned char>(word.front()))) word.erase(0, 1);
    if (word.size() < 2) continue;
    if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    ++count.words;
    if (!IsVietnameseSyllable(word)) continue;
    ++count.syllables;
    count.score += std::max(0.0f, w.confidence - 50.0f);
  }
  return count;
}

std::vector<std::string> SplitLanguages(const std::string& languages) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= languages.size()) {
    std::size_t end = languages.find('+', start);
    if (end == std::string::npos) end = languages.size();
    if (end > start) out.push_back(languages.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

int InitEngine(tesseract::TessBaseAPI& api, const std::filesystem::path& tessdata,
               const std::string& languages, bool legacy_engine) {
  static std::mutex mutex;
  static bool globals_set = false;
  std::lock_guard lock(mutex);
  // Tesseract's own messages ("Detected 12 diacritics", resolution
  // estimates) would otherwise go to the service's stderr for every page.
  std::vector<std::string> names, values;
  if (!globals_set) {
    names.push_back("debug_file");
    values.push_back("/dev/null");
  }
  const int status = api.Init(tessdata.c_str(), languages.c_str(),
                              legacy_engine ? tesseract::OEM_TESSERACT_ONLY : tesseract::OEM_LSTM_ONLY,
                              nullptr, 0, &names, &values, false);
  if (status == 0) globals_set = true;
  return status;
}

std::filesystem::path TessdataDir(const EngineOptions& options) {
  if (!options.tessdata_dir.empty()) return options.tessdata_dir;
  if (const char* prefix = std::getenv("TESSDATA_PREFIX"); prefix != nullptr && *prefix != '\0') {
    return prefix;
  }
  return kDefaultTessdataDir;
}

Status CheckModels(const std::filesystem::path& tessdata, const std::string& languages) {
  const std::vector<std::string> langs = SplitLanguages(languages);
  if (langs.empty()) return InvalidArgument("no OCR language given");
  std::string missing;
  for (const std::string& lang : langs) {
    const std::filesystem::path model = tessdata / (lang + ".traineddata");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(model, ec)) {
      if (!missing.empty()) missing += "; ";
      missing += "Tesseract model '" + lang + "' not found at " + model.string() +
                 ": install the Debian package tesseract-ocr-" + lang +
                 " or point tessdata_dir at a folder holding " + lang + ".traineddata";
    }
  }
  if (!missing.empty()) return NotFound(missing);
  return Status::Ok();
}

Result<std::unique_ptr<TesseractEngine>> TesseractEngine::Create(const EngineOptions& options) {
  const std::filesystem::path tessdata = TessdataDir(options);
  SOHOA_RETURN_IF_ERROR(CheckModels(tessdata, options.languages));
  RouteLeptonicaMessages();
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  if (InitEngine(*api, tessdata, options.languages, /*legacy_engine=*/false) != 0) {
    return NotFound("Tesseract could not load '" + options.languages + "' from " +
                    tessdata.string() +
                    " (the model may be damaged or of an older format): reinstall "
                    "tesseract-ocr-vie");
  }
  api->SetPageSegMode(tesseract::PSM_AUTO);
  if (!api->SetVariable("thresholding_method", kThresholdingMethod)) {
    return Internal("this Tesseract has no thresholding_method setting (needs 5.0 or later)");
  }
  // Tesseract 5 re-reads every doubtful line as white-on-black as well;
  // scanned dossiers have no inverted text, and it costs ~10% of the time.
  api->SetVariable("tessedit_do_invert", "0");
  api->SetVariable("tessedit_char_blacklist", kNeverPrinted);
  return std::unique_ptr<TesseractEngine>(
      new TesseractEngine(options, tessdata, std::move(api)));
}

TesseractEngine::TesseractEngine(const EngineOptions& options, std::filesystem::path tessdata,
                                 std::unique_ptr<tesseract::TessBaseAPI> api)
    : options_(options), tessdata_(std::move(tessdata)), api_(std::move(api)) {}

TesseractEngine::~TesseractEngine() = default;

TesseractEngine::OsdAnswer TesseractEngine::Osd(Pix* gray, int dpi) {
  if (osd_unavailable_) return {};
  if (!osd_) {
    if (!CheckModels(tessdata_, "osd").ok()) {
      osd_unavailable_ = true;
      return {};
    }
    auto osd = std::make_unique<tesseract::TessBaseAPI>();
    // The OSD model is a legacy-engine model.
    if (InitEngine(*osd, tessdata_, "osd", /*legacy_engine=*/true) != 0) {
      osd_unavailable_ = true;
      return {};
    }
    osd->SetPageSegMode(tesseract::PSM_OSD_ONLY);
    osd_ = std::move(osd);
  }
  osd_->SetImage(gray);
  osd_->SetSourceResolution(dpi);
  int degrees = 0;
  float confidence = 0, script_confidence = 0;
  const char* script = nullptr;
  const bool found =
      osd_->DetectOrientationScript(&degrees, &confidence, &script, &script_confidence);
  osd_->Clear();
  if (!found) return {};
  // OSD reports how far the image is turned clockwise; undo that.
  return {((360 - degrees) / 90) % 4, confidence};
}

int TesseractEngine::DecideQuarterTurns(Pix* gray, int dpi, const OrientationGuess& guess) {
  const float strength = std::max(std::abs(guess.up_confidence), std::abs(guess.left_confidence));
  if (guess.sure && strength >= kStrongLeptonica) return guess.quarter_turns;
  const OsdAnswer osd = Osd(gray, dpi);
  if (guess.sure && osd.quarter_turns == guess.quarter_turns) return guess.quarter_turns;
  if (!guess.sure && osd.quarter_turns >= 0 && osd.confidence >= kSureOsdConfidence) {
    return osd.quarter_turns;
  }
  // The two disagree, or neither is sure (a page of few words, a card
  // copy): Leptonica, just sure, turned an upright card copy 270°, and OSD's
  // weak answers are mostly but not always right. Read the page upright and
  // each way they propose, and turn it only when one reads clearly better.
  // Not every way round: some sideways reading of a card copy can outscore
  // its upright one.
  std::vector<int> ways;
  if (guess.sure && guess.quarter_turns != 0) ways.push_back(guess.quarter_turns);
  if (osd.quarter_turns > 0 && osd.quarter_turns != guess.quarter_turns) ways.push_back(osd.quarter_turns);
  if (ways.empty()) return 0;
  PixPtr small;
  int small_dpi = dpi;
  if (dpi > kOrientationReadDpi) {
    const float f = static_cast<float>(kOrientationReadDpi) / static_cast<float>(dpi);
    small.reset(pixScale(gray, f, f));
    small_dpi = kOrientationReadDpi;
  } else {
    small.reset(pixClone(gray));
  }
  if (!small) return 0;
  const double upright = ReadingScore(small.get(), small_dpi, 0);
  int best = 0;
  double best_score = upright;
  for (int way : ways) {
    const double score = ReadingScore(small.get(), small_dpi, way);
    if (score > best_score) {
      best = way;
      best_score = score;
    }
  }
  return best != 0 && best_score >= kMinReadingScore && best_score > kReadingScoreRatio * upright ? best : 0;
}

double TesseractEngine::ReadingScore(Pix* small, int dpi, int quarter_turns) {
  PixPtr turned(quarter_turns == 0 ? pixClone(small) : pixRotateOrth(small, quarter_turns));
  if (!turned) return 0;
  // One block of horizontal lines: in its own layout analysis Tesseract
  // finds sideways lines and reads them anyway (a page of a few lines turned
  // 90° scored 832 upright against 903 the right way round).
  api_->SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
  api_->SetImage(turned.get());
  api_->SetSourceResolution(dpi);
  std::vector<Word> words;
  if (api_->Recognize(nullptr) == 0) {
    std::unique_ptr<tesseract::ResultIterator> it(api_->GetIterator());
    if (it) {
      do {
        if (it->Empty(tesseract::RIL_WORD)) continue;
        std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_WORD));
        if (text) words.push_back({ToNfc(text.get()), {}, it->Confidence(tesseract::RIL_WORD)});
      } while (it->Next(tesseract::RIL_WORD));
    }
  }
  api_->Clear();
  api_->SetPageSegMode(tesseract::PSM_AUTO);
  return SyllableScore(words).score;
}

Result<RecognizedPage> TesseractEngine::Recognize(const PageImage& page) {
  if (!page.pix) return InvalidArgument("page has no image");
  RecognizedPage out;
  out.width = pixGetWidth(page.pix.get());
  out.height = pixGetHeight(page.pix.get());
  out.dpi = page.dpi;
  if (page.has_text_layer) {
    out.text = ToNfc(page.text_layer);
    out.confidence = 100;
    return out;
  }

  SOHOA_ASSIGN_OR_RETURN(GrayPage gray, ToGrayForOcr(page.pix.get(), page.dpi));
  const int ocr_dpi = gray.dpi;
  if (options_.read_barcodes) {
    // Read on the gray copy (resolution already set), then blanked there, so
    // the modules are gone from every image made from it afterwards.
    out.barcodes = ReadBarcodes(gray.pix.get());
    std::vector<Box> regions;
    for (Barcode& code : out.barcodes) {
      regions.push_back(code.box);
      code.box = MapToOriginal(code.box, gray.transform);
    }
    if (!regions.empty()) {
      // An 8-bit original may come back from ToGrayForOcr as itself (a
      // clone): the archived image must never be painted on.
      if (gray.pix.get() == page.pix.get()) gray.pix.reset(pixCopy(nullptr, page.pix.get()));
      if (!gray.pix) return Internal("cannot copy the page to blank its barcodes");
      BlankRegions(gray.pix.get(), regions, ocr_dpi / kBarcodeMarginPerInch);
    }
  }
  // One small binarised copy serves orientation and skew; the full-size
  // image is turned and straightened once, at the end.
  const PageSketch sketch = MakeSketch(gray.pix.get(), ocr_dpi);
  const OrientationGuess guess = GuessOrientation(sketch);
  if (!LeansUpright(guess)) {
    const int turns = DecideQuarterTurns(gray.pix.get(), ocr_dpi, guess);
    SOHOA_RETURN_IF_ERROR(ReadTurned(page, std::move(gray), sketch, turns, out).status());
    return out;
  }
  // Most pages are upright, and Leptonica leans that way: the page is read
  // upright without asking OSD (a third of a second a page), and kept so
  // when it reads as upright Vietnamese. Otherwise the way round is decided
  // as for any unsure page and the page read again.
  GrayPage kept{PixPtr(pixClone(gray.pix.get())), gray.dpi, gray.transform};
  SOHOA_ASSIGN_OR_RETURN(bool upright, ReadTurned(page, std::move(gray), sketch, 0, out));
  if (upright) return out;
  const int turns = DecideQuarterTurns(kept.pix.get(), ocr_dpi, guess);
  if (turns == 0) return out;
  RecognizedPage again;
  again.width = out.width;
  again.height = out.height;
  again.dpi = out.dpi;
  again.barcodes = std::move(out.barcodes);
  SOHOA_RETURN_IF_ERROR(ReadTurned(page, std::move(kept), sketch, turns, again).status());
  return again;
}

Result<bool> TesseractEngine::ReadTurned(const PageImage& page, GrayPage gray, const PageSketch& sketch,
                                         int turns, RecognizedPage& out) {
  float skew_confidence = 0;
  const float skew = MeasureSkewDegrees(sketch, turns, &skew_confidence);
  SOHOA_ASSIGN_OR_RETURN(PreparedPage prepared,
                         Prepare(std::move(gray), turns, skew, skew_confidence));
  out.rotation = prepared.transform.quarter_turns * 90;
  out.skew_degrees = static_cast<float>(prepared.transform.deskew_degrees);
  // The archived image must never be painted on: an upright, straight 8-bit
  // page may still be it.
  if (prepared.pix.get() == page.pix.get()) prepared.pix.reset(pixCopy(nullptr, page.pix.get()));
  if (!prepared.pix) return Internal("cannot copy the page to blank its seals and frames");
  BlankLightMarks(prepared.pix.get(), prepared.dpi);
  BlankFrameCorners(prepared.pix.get(), prepared.dpi);

  api_->SetImage(prepared.pix.get());
  api_->SetSourceResolution(prepared.dpi);
  if (api_->Recognize(nullptr) != 0) {
    api_->Clear();
    return Internal("Tesseract failed to recognise the page");
  }
  // Tesseract turns a block of sideways lines to read it, and mostly says
  // so in the block's orientation.
  bool blocks_upright = true;
  double confidence_sum = 0;
  // Not always: a card copy turned a quarter (seed 611) read well with all
  // its blocks upright, and all its words of three letters or more standing
  // taller than wide. Upright print has next to none (0-1 of 100-230).
  int long_words = 0, tall_words = 0;
  std::vector<TextBlock> blocks;
  std::unique_ptr<tesseract::ResultIterator> it(api_->GetIterator());
  if (it) {
    do {
      if (it->Empty(tesseract::RIL_WORD)) continue;
      if (it->IsAtBeginningOf(tesseract::RIL_BLOCK) || blocks.empty()) {
        tesseract::Orientation orientation = tesseract::ORIENTATION_PAGE_UP;
        tesseract::WritingDirection direction = tesseract::WRITING_DIRECTION_LEFT_TO_RIGHT;
        tesseract::TextlineOrder order = tesseract::TEXTLINE_ORDER_TOP_TO_BOTTOM;
        float angle = 0;
        it->Orientation(&orientation, &direction, &order, &angle);
        if (orientation != tesseract::ORIENTATION_PAGE_UP) blocks_upright = false;
        TextBlock& block = blocks.emplace_back();
        int left = 0, right = 0;
        it->BoundingBox(tesseract::RIL_BLOCK, &left, &block.top, &right, &block.bottom);
        std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_BLOCK));
        if (text) block.text = ToNfc(text.get());
      }
      std::unique_ptr<char[]> word(it->GetUTF8Text(tesseract::RIL_WORD));
      int left = 0, top = 0, right = 0, bottom = 0;
      if (!word || !it->BoundingBox(tesseract::RIL_WORD, &left, &top, &right, &bottom)) continue;
      Word w;
      w.text = ToNfc(word.get());
      // Tesseract gives a blob it cannot read (a rule's stub, a speck) as a
      // word of spaces: nothing to search, show or place in the PDF.
      if (std::all_of(w.text.begin(), w.text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
        continue;
      }
      w.confidence = it->Confidence(tesseract::RIL_WORD);
      const auto letters = std::count_if(w.text.begin(), w.text.end(),
                                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
      if (letters >= 3) {
        ++long_words;
        if (bottom - top > right - left) ++tall_words;
      }
      w.box = MapToOriginal(Box{left, top, right - left, bottom - top}, prepared.transform);
      confidence_sum += w.confidence;
      blocks.back().words.push_back(std::move(w));
    } while (it->Next(tesseract::RIL_WORD));
  }
  it.reset();
  api_->Clear();
  ReadTopDown(blocks, out.text, out.words);
  MendFixedText(out.text, out.words);
  MendMrz(out.text, out.words);
  if (!out.words.empty()) out.confidence = static_cast<float>(confidence_sum / out.words.size());
  const SyllableCount syllables = SyllableScore(out.words);
  return blocks_upright && tall_words * 4 <= long_words && syllables.score >= kMinReadingScore &&
         syllables.syllables * 2 >= syllables.words;
}

}  // namespace sohoa::ocr
