// LedgerReader: rules found by morphology, rules painted out, cells read one
// by one. Measurements on generated register pages (tools/bench/books_eval.sh)
// are in the comments where they decided something. Cells against row bands
// (sohoa-books-eval --strategy), 12 degraded pages, seed 202: cells 99.4% of
// fields exact, row bands 83.5% (wrapped two-line cells lose their second
// line to the next column) at about the same speed (1.16 vs 0.99 s/page).
#include "ocr/ledger.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numbers>

#include "ocr/leptonica_ptr.h"
#include "ocr/ledger_text.h"
#include "ocr/tesseract_engine.h"
#include "schema/text.h"

namespace sohoa::ocr {
namespace {

// Pages above this are read at 300 dpi: the cells do not need more.
constexpr int kMaxReadDpi = 400;
// Pixels kept clear inside each rule when a cell is cut out.
constexpr int kCellInset = 3;
// How far around a found rule the ink is painted out (anti-aliased edges).
constexpr int kRuleHalo = 2;
// The confidence given to an entry number taken from its neighbours.
constexpr float kInferredConfidence = 50;

struct Rule {
  int lo = 0, hi = 0;        // across the rule: its thickness
  int from = 0, to = 0;      // along it
  int center() const { return (lo + hi) / 2; }
};

PixPtr Binarize(Pix* gray) {
  l_int32 threshold = 0;
  PixPtr bin(
      pixOtsuThreshOnBackgroundNorm(gray, nullptr, 10, 15, 100, 50, 255, 2, 2, 0.1f, &threshold));
  if (!bin) bin.reset(pixConvertTo1(gray, 128));
  return bin;
}

// The long straight components of a line mask, merged when they lie on one
// line (a rule broken by noise or a faint stretch).
std::vector<Rule> FindRules(Pix* mask, bool horizontal, int min_length) {
  std::vector<Rule> rules;
  BoxaPtr boxes(pixConnCompBB(mask, 8));
  if (!boxes) return rules;
  for (int i = 0; i < boxaGetCount(boxes.get()); ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(boxes.get(), i, &x, &y, &w, &h);
    Rule r = horizontal ? Rule{y, y + h - 1, x, x + w - 1} : Rule{x, x + w - 1, y, y + h - 1};
    if (r.to - r.from + 1 < min_length) continue;
    rules.push_back(r);
  }
  std::sort(rules.begin(), rules.end(), [](const Rule& a, const Rule& b) { return a.lo < b.lo; });
  std::vector<Rule> merged;
  for (const Rule& r : rules) {
    if (!merged.empty() && r.lo <= merged.back().hi + 3) {
      Rule& m = merged.back();
      m.hi = std::max(m.hi, r.hi);
      m.from = std::min(m.from, r.from);
      m.to = std::max(m.to, r.to);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

// Keeps the rules that run along most of the table.
std::vector<Rule> Spanning(const std::vector<Rule>& rules, int from, int to) {
  std::vector<Rule> out;
  const int span = to - from;
  for (const Rule& r : rules) {
    if (std::min(r.to, to) - std::max(r.from, from) >= span * 6 / 10) out.push_back(r);
  }
  return out;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string LedgerRow::Get(std::string_view field) const {
  for (const LedgerCell& c : cells) {
    if (c.field == field) return c.text;
  }
  return "";
}

float LedgerRow::MinConfidence() const {
  float low = 100;
  for (const LedgerCell& c : cells) {
    if (!c.text.empty()) low = std::min(low, c.confidence);
  }
  return low;
}

struct LedgerReader::Impl {
  std::unique_ptr<tesseract::TessBaseAPI> api;
  LedgerOptions options;

  // The page straightened, in gray and bi-level, with what it took to get there.
  struct Prepared {
    PixPtr gray;
    PixPtr bin;
    int dpi = 300;
    double scale = 1;  // prepared pixels per original pixel
    float skew = 0;    // degrees clockwise
    int original_w = 0, original_h = 0;
  };

  Result<Prepared> Prepare(const PageImage& page) {
    if (!page.pix) return InvalidArgument("page has no image");
    LeptonicaMessages messages;
    Prepared p;
    p.original_w = pixGetWidth(page.pix.get());
    p.original_h = pixGetHeight(page.pix.get());
    p.dpi = page.dpi >= 50 && page.dpi <= 4800 ? page.dpi : 300;
    PixPtr gray(pixConvertTo8(page.pix.get(), 0));
    if (!gray) return Internal("cannot convert the register page to gray");
    if (p.dpi > kMaxReadDpi) {
      p.scale = 300.0 / p.dpi;
      auto s = static_cast<l_float32>(p.scale);
      gray.reset(pixScale(gray.get(), s, s));
      p.dpi = 300;
      if (!gray) return Internal("cannot scale the register page");
    }
    PixPtr bin = Binarize(gray.get());
    if (!bin) return Internal("cannot binarize the register page");
    l_float32 angle = 0, confidence = 0;
    if (pixFindSkew(bin.get(), &angle, &confidence) == 0 && confidence > 2.0f &&
        std::abs(angle) > 0.03f) {
      const auto radians = static_cast<l_float32>(angle * std::numbers::pi / 180.0);
      PixPtr turned(pixRotate(gray.get(), radians, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
      if (!turned) return Internal("cannot deskew the register page");
      gray = std::move(turned);
      bin = Binarize(gray.get());
      if (!bin) return Internal("cannot binarize the register page");
      p.skew = angle;
    }
    pixSetResolution(gray.get(), p.dpi, p.dpi);
    p.gray = std::move(gray);
    p.bin = std::move(bin);
    return p;
  }

  // A box on the prepared page, back on the original: undo the deskew about
  // the centre, then the scale.
  Box ToOriginal(const Prepared& p, int x, int y, int w, int h) const {
    const double a = -p.skew * std::numbers::pi / 180.0;
    const double cx = pixGetWidth(p.gray.get()) / 2.0, cy = pixGetHeight(p.gray.get()) / 2.0;
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (int k = 0; k < 4; ++k) {
      double px = x + ((k & 1) ? w : 0) - cx, py = y + ((k & 2) ? h : 0) - cy;
      double rx = cx + px * std::cos(a) - py * std::sin(a);
      double ry = cy + px * std::sin(a) + py * std::cos(a);
      x0 = std::min(x0, rx), x1 = std::max(x1, rx), y0 = std::min(y0, ry), y1 = std::max(y1, ry);
    }
    Box b;
    b.x = std::clamp(static_cast<int>(x0 / p.scale), 0, p.original_w);
    b.y = std::clamp(static_cast<int>(y0 / p.scale), 0, p.original_h);
    b.w = std::clamp(static_cast<int>(std::ceil(x1 / p.scale)), 0, p.original_w) - b.x;
    b.h = std::clamp(static_cast<int>(std::ceil(y1 / p.scale)), 0, p.original_h) - b.y;
    return b;
  }

  struct Text {
    std::string text;
    float confidence = 0;
  };

  // Reads a rectangle of the image last given to SetImage.
  Text ReadRect(int x, int y, int w, int h, tesseract::PageSegMode mode,
                const char* whitelist = "", bool keep_lines = false) {
    Text out;
    // Measured: a rectangle as wide as the whole image came back as a few
    // garbage letters, the same one 10 px narrower read perfectly.
    const int image_w = pixGetWidth(api->GetInputImage());
    if (x < 4) {
      w -= 4 - x;
      x = 4;
    }
    w = std::min(w, image_w - 4 - x);
    if (w < 4 || h < 4) return out;
    api->SetPageSegMode(mode);
    api->SetVariable("tessedit_char_whitelist", whitelist);
    api->SetRectangle(x, y, w, h);
    std::unique_ptr<char[]> text(api->GetUTF8Text());
    if (text) out.text = keep_lines ? ToNfc(text.get()) : CollapseSpaces(ToNfc(text.get()));
    out.confidence = out.text.empty() ? 0 : static_cast<float>(api->MeanTextConf());
    return out;
  }

  // How a cell of `field` is read. Measured on 48 entry numbers of clean
  // pages: as a block of any text 46 right, as one word (PSM 8) 0-2, as a
  // block of digits cut to the ink plus 1 mm 48. Dates: one line of digits
  // and slashes.
  Text ReadCell(std::string_view field, int x, int y, int w, int h) {
    if (field == "no") return ReadRect(x, y, w, h, tesseract::PSM_SINGLE_BLOCK, "0123456789");
    if (IsDateField(field)) {
      return ReadRect(x, y, w, h, tesseract::PSM_SINGLE_LINE, "0123456789/");
    }
    return ReadRect(x, y, w, h, tesseract::PSM_SINGLE_BLOCK);
  }

  // The words of a whole row band, each given to the column its centre is in.
  std::vector<Text> ReadBand(const std::vector<Rule>& vrules, int y0, int y1) {
    std::vector<Text> cells(vrules.size() - 1);
    std::vector<double> sums(cells.size(), 0);
    std::vector<int> counts(cells.size(), 0);
    api->SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
    api->SetVariable("tessedit_char_whitelist", "");
    const int x0 = vrules.front().hi + kCellInset, x1 = vrules.back().lo - kCellInset;
    api->SetRectangle(x0, y0, x1 - x0, y1 - y0);
    if (api->Recognize(nullptr) != 0) return cells;
    std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
    if (!it) return cells;
    do {
      if (it->Empty(tesseract::RIL_WORD)) continue;
      std::unique_ptr<char[]> word(it->GetUTF8Text(tesseract::RIL_WORD));
      int left = 0, top = 0, right = 0, bottom = 0;
      if (!word || !it->BoundingBox(tesseract::RIL_WORD, &left, &top, &right, &bottom)) continue;
      const int cx = (left + right) / 2;
      for (size_t c = 0; c + 1 < vrules.size(); ++c) {
        if (cx < vrules[c].center() || cx >= vrules[c + 1].center()) continue;
        if (!cells[c].text.empty()) cells[c].text += ' ';
        cells[c].text += ToNfc(word.get());
        sums[c] += it->Confidence(tesseract::RIL_WORD);
        ++counts[c];
      }
    } while (it->Next(tesseract::RIL_WORD));
    for (size_t c = 0; c < cells.size(); ++c) {
      if (counts[c] > 0) cells[c].confidence = static_cast<float>(sums[c] / counts[c]);
    }
    return cells;
  }

  RegisterHeader ReadHeaderAbove(const Prepared& p, int table_top) {
    const int band = p.dpi * 300 / 254;  // 30 mm above the table
    const int y0 = std::max(0, table_top - band);
    Text t = ReadRect(0, y0, pixGetWidth(p.gray.get()), std::max(0, table_top - 2 - y0),
                      tesseract::PSM_SINGLE_BLOCK, "", true);
    return ParseRegisterHeader(t.text);
  }
};

LedgerReader::LedgerReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LedgerReader::~LedgerReader() = default;

Result<std::unique_ptr<LedgerReader>> LedgerReader::Create(const LedgerOptions& options) {
  EngineOptions engine;
  engine.tessdata_dir = options.tessdata_dir;
  engine.languages = options.languages;
  const std::filesystem::path tessdata = TessdataDir(engine);
  SOHOA_RETURN_IF_ERROR(CheckModels(tessdata, options.languages));
  RouteLeptonicaMessages();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->api = std::make_unique<tesseract::TessBaseAPI>();
  if (InitEngine(*impl->api, tessdata, options.languages, /*legacy_engine=*/false) != 0) {
    return NotFound("Tesseract could not load '" + options.languages + "' from " + tessdata.string() +
                    ": reinstall tesseract-ocr-vie");
  }
  // Tesseract 5's Sauvola binarisation copes with uneven light, as in the engine.
  impl->api->SetVariable("thresholding_method", "2");
  return std::unique_ptr<LedgerReader>(new LedgerReader(std::move(impl)));
}

Result<RegisterHeader> LedgerReader::ReadHeader(const PageImage& page) {
  Impl& m = *impl_;
  SOHOA_ASSIGN_OR_RETURN(Impl::Prepared p, m.Prepare(page));
  // Without looking for the table: the header is in the top fifth of the page.
  m.api->SetImage(p.gray.get());
  m.api->SetSourceResolution(p.dpi);
  Impl::Text t = m.ReadRect(0, 0, pixGetWidth(p.gray.get()), pixGetHeight(p.gray.get()) / 5,
                            tesseract::PSM_SINGLE_BLOCK, "", true);
  m.api->Clear();
  return ParseRegisterHeader(t.text);
}

Result<LedgerPage> LedgerReader::Read(const PageImage& page) {
  Impl& m = *impl_;
  SOHOA_ASSIGN_OR_RETURN(Impl::Prepared p, m.Prepare(page));
  LeptonicaMessages messages;
  const int w = pixGetWidth(p.gray.get()), h = pixGetHeight(p.gray.get());

  // Rules: binary openings with lines longer than any letter. A short
  // vertical closing first bridges a rule that residual skew has stepped.
  PixPtr bridged(pixCloseBrick(nullptr, p.bin.get(), 1, 3));
  PixPtr hmask(bridged ? pixOpenBrick(nullptr, bridged.get(), std::max(60, w / 6), 1) : nullptr);
  bridged.reset(pixCloseBrick(nullptr, p.bin.get(), 3, 1));
  PixPtr vmask(bridged ? pixOpenBrick(nullptr, bridged.get(), 1, std::max(60, h / 8)) : nullptr);
  if (!hmask || !vmask) return Internal("line finding failed on the register page");
  std::vector<Rule> hrules = FindRules(hmask.get(), true, w / 5);
  std::vector<Rule> vrules = FindRules(vmask.get(), false, h / 8);
  if (hrules.size() < 2 || vrules.size() < 2) {
    return NotFound("no ruled table on this page (" + std::to_string(hrules.size()) +
                    " row rules, " + std::to_string(vrules.size()) + " column rules)");
  }
  hrules = Spanning(hrules, vrules.front().center(), vrules.back().center());
  vrules = Spanning(vrules, hrules.empty() ? 0 : hrules.front().center(),
                    hrules.empty() ? h : hrules.back().center());
  if (hrules.size() < 3 || vrules.size() < 2) {
    return NotFound("no ruled table with headings on this page");
  }

  // Paint the rules out of the gray page Tesseract reads, and out of the
  // bi-level copy used to tell blank cells.
  PixPtr rules(pixOr(nullptr, hmask.get(), vmask.get()));
  if (rules) rules.reset(pixDilateBrick(nullptr, rules.get(), 2 * kRuleHalo + 1, 2 * kRuleHalo + 1));
  if (!rules) return Internal("cannot build the rule mask");
  // Painted in the paper's own grey: white stripes on grey paper are edges
  // of their own to a local threshold.
  l_int32 paper = 255;
  {
    NUMA* histogram = pixGetGrayHistogram(p.gray.get(), 4);
    l_float32 value = 255;
    if (histogram != nullptr && numaGetMax(histogram, &value, &paper) != 0) paper = 255;
    numaDestroy(&histogram);
  }
  PixPtr clean(pixCopy(nullptr, p.gray.get()));
  if (!clean || pixSetMasked(clean.get(), rules.get(), static_cast<l_uint32>(paper)) != 0) {
    return Internal("cannot remove the rules");
  }
  pixSubtract(p.bin.get(), p.bin.get(), rules.get());
  // Specks left by noise are not ink: keep components at least 3 px either way.
  PixPtr ink(pixSelectBySize(p.bin.get(), 3, 3, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr));
  if (!ink) return Internal("cannot clean the register page");

  LedgerPage out;
  out.width = p.original_w;
  out.height = p.original_h;
  out.skew_degrees = p.skew;
  m.api->SetImage(clean.get());
  m.api->SetSourceResolution(p.dpi);
  out.header = m.ReadHeaderAbove(p, hrules.front().lo);

  const int tight_pad = p.dpi / 25;  // 1 mm
  const bool bands = m.options.strategy == LedgerOptions::Strategy::kRowBands;
  // A cell is blank when what is left of its ink would not make a letter.
  const int min_ink = std::max(20, p.dpi * p.dpi / 2000);
  double confidence_sum = 0;
  int read_cells = 0;
  for (size_t r = 0; r + 1 < hrules.size(); ++r) {
    const int y0 = hrules[r].hi + kCellInset, y1 = hrules[r + 1].lo - kCellInset;
    LedgerRow row;
    bool any = false;
    std::vector<Impl::Text> band;
    if (bands && r > 0) band = m.ReadBand(vrules, y0, y1);
    for (size_t c = 0; c + 1 < vrules.size(); ++c) {
      const int x0 = vrules[c].hi + kCellInset, x1 = vrules[c + 1].lo - kCellInset;
      LedgerCell cell;
      cell.box = m.ToOriginal(p, x0, y0, x1 - x0, y1 - y0);
      l_int32 count = 0;
      // The text's own extent with a margin: Tesseract reads a lone digit
      // in a large empty cell poorly.
      int tx = x0, ty = y0, tw = x1 - x0, th = y1 - y0;
      if (x1 > x0 && y1 > y0) {
        BOX* area = boxCreate(x0, y0, x1 - x0, y1 - y0);
        PixPtr part(area ? pixClipRectangle(ink.get(), area, nullptr) : nullptr);
        boxDestroy(&area);
        if (part) pixCountPixels(part.get(), &count, nullptr);
        BOX* fg = nullptr;
        if (part && count > 0 && pixClipToForeground(part.get(), nullptr, &fg) == 0 && fg) {
          l_int32 bx = 0, by = 0, bw = 0, bh = 0;
          boxGetGeometry(fg, &bx, &by, &bw, &bh);
          const int pad = tight_pad;
          tx = std::max(x0, x0 + bx - pad);
          ty = std::max(y0, y0 + by - pad);
          tw = std::min(x1, x0 + bx + bw + pad) - tx;
          th = std::min(y1, y0 + by + bh + pad) - ty;
        }
        boxDestroy(&fg);
      }
      if (!band.empty()) {
        cell.text = band[c].text;
        cell.confidence = cell.text.empty() ? 100 : band[c].confidence;
      } else if (count >= min_ink) {
        const std::string& field = r > 0 && c < out.fields.size() ? out.fields[c] : "";
        Impl::Text t = m.ReadCell(field, tx, ty, tw, th);
        cell.text = t.text;
        cell.confidence = t.confidence;
      } else {
        cell.confidence = 100;
      }
      any = any || !cell.text.empty();
      row.cells.push_back(std::move(cell));
    }
    row.box = m.ToOriginal(p, vrules.front().hi, y0, vrules.back().lo - vrules.front().hi, y1 - y0);
    if (r == 0) {
      for (LedgerCell& cell : row.cells) {
        out.headings.push_back(cell.text);
        out.fields.push_back(FieldForHeading(cell.text));
      }
      // A heading read wrong (two short lines in a narrow cell are the
      // usual victims) is known from where it stands in the book's layout.
      out.header = m.ReadHeaderAbove(p, hrules.front().lo);
      FillFieldsFromLayout(out.header.type, out.fields);
      continue;
    }
    if (!any) continue;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      LedgerCell& cell = row.cells[c];
      cell.field = out.fields[c];
      cell.text = NormalizeLedgerValue(cell.field, cell.text);
      if (!cell.text.empty()) {
        confidence_sum += cell.confidence;
        ++read_cells;
      }
    }
    out.rows.push_back(std::move(row));
  }
  m.api->Clear();
  // Entry numbers run on from row to row; a number the sequence contradicts
  // is replaced, and its confidence says it was inferred.
  if (auto column = std::find(out.fields.begin(), out.fields.end(), "no");
      column != out.fields.end()) {
    const auto c = static_cast<size_t>(column - out.fields.begin());
    std::vector<std::string> numbers;
    for (const LedgerRow& row : out.rows) numbers.push_back(row.cells[c].text);
    std::vector<bool> changed = RepairEntryNumbers(numbers);
    for (size_t r = 0; r < out.rows.size(); ++r) {
      if (!changed[r]) continue;
      out.rows[r].cells[c].text = numbers[r];
      out.rows[r].cells[c].confidence = kInferredConfidence;
    }
  }
  if (read_cells > 0) out.confidence = static_cast<float>(confidence_sum / read_cells);
  return out;
}

}  // namespace sohoa::ocr
