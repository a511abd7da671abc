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
#include <map>

#include "ocr/leptonica_ptr.h"
#include "ocr/entry_rows_internal.h"
#include "ocr/ledger_rules.h"
#include "ocr/ledger_text.h"
#include "ocr/tesseract_engine.h"
#include "schema/text.h"

namespace sohoa::ocr {
namespace {

// The confidence given to an entry number taken from its neighbours.
constexpr float kInferredConfidence = 50;

// The doubt on a registration date out of date order with its page's rows.
constexpr const char* kOutOfOrder = "out_of_order";

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

namespace {

bool Shaped(std::string_view field) {
  return field == "no" || field == "sex" || IsDateField(field);
}

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool HasShape(std::string_view field, std::string_view text) {
  if (field == "no") return Digits(text);
  if (field == "sex") return text == "Nam" || text == "Nữ";
  return text.size() == 10 && text[2] == '/' && text[5] == '/' && Digits(text.substr(0, 2)) &&
         Digits(text.substr(3, 2)) && Digits(text.substr(6));
}

// A row's readings, field → text, as the book's rules are checked on them.
std::map<std::string, std::string> Values(const LedgerRow& row) {
  std::map<std::string, std::string> values;
  for (const LedgerCell& c : row.cells) {
    if (!c.field.empty() && !c.text.empty()) values[c.field] = c.text;
  }
  return values;
}

// The header's year bounds the page's registrations only when at least one
// of them was read in it: a header read wrong must not cast doubt on every
// date of its page.
int TrustedBookYear(const LedgerPage& page) {
  if (page.header.year <= 0) return 0;
  const std::string year = std::to_string(page.header.year);
  for (const LedgerRow& row : page.rows) {
    const std::string date = row.Get("registered");
    if (date.size() == 10 && date.ends_with(year)) return page.header.year;
  }
  return 0;
}

}  // namespace

float PrefillMinConfidence(std::string_view field) {
  return Shaped(field) ? kPrefillMinConfidenceShaped : kPrefillMinConfidence;
}

bool OfferAsPrefill(const LedgerCell& cell) {
  if (cell.text.empty() || cell.field.empty() || !cell.doubt.empty()) return false;
  if (cell.confidence < PrefillMinConfidence(cell.field)) return false;
  return !Shaped(cell.field) || HasShape(cell.field, cell.text);
}

struct LedgerReader::Impl {
  std::unique_ptr<tesseract::TessBaseAPI> api;
  LedgerOptions options;

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

  // A cell read again, other ways than ReadCell, on the image last given to
  // SetImage: in the other page segmentation mode (a line for a block, a
  // block for a line), and with Otsu's global threshold instead of Sauvola's
  // local one.
  std::vector<Text> ReadAgain(std::string_view field, const RuledTable::Rect& r) {
    const char* whitelist = field == "no" ? "0123456789" : IsDateField(field) ? "0123456789/" : "";
    const int x = r.x0, y = r.y0, w = r.x1 - r.x0, h = r.y1 - r.y0;
    std::vector<Text> out;
    out.push_back(ReadRect(x, y, w, h,
                           IsDateField(field) ? tesseract::PSM_SINGLE_BLOCK
                                              : tesseract::PSM_SINGLE_LINE,
                           whitelist));
    api->SetVariable("thresholding_method", "0");
    out.push_back(ReadCell(field, x, y, w, h));
    api->SetVariable("thresholding_method", "2");
    return out;
  }

  // The cell cut out of `page`, enlarged twice on a margin of paper, and
  // read as ReadCell would. Gives the engine a new image: call it after
  // every read of the page itself.
  Text ReadEnlarged(Pix* page, std::string_view field, const RuledTable::Rect& r, int dpi,
                    l_int32 paper) {
    BOX* area = boxCreate(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    PixPtr part(area ? pixClipRectangle(page, area, nullptr) : nullptr);
    boxDestroy(&area);
    PixPtr big(part ? pixScaleGrayLI(part.get(), 2, 2) : nullptr);
    PixPtr framed(big ? pixAddBorder(big.get(), 16, static_cast<l_uint32>(paper)) : nullptr);
    if (!framed) return {};
    api->SetImage(framed.get());
    api->SetSourceResolution(dpi * 2);
    return ReadCell(field, 0, 0, pixGetWidth(framed.get()), pixGetHeight(framed.get()));
  }

  // Takes for cell `c` of `row` the most confident of `readings` that
  // breaks no rule of the book there and no more rules in the row than
  // before, and that `fits_page` (the rules across the page's rows) takes.
  // Returns whether one did.
  static bool Choose(LedgerRow& row, size_t c, const std::vector<Text>& readings,
                     std::string_view type, int year,
                     const std::function<bool(std::string_view field, const std::string& text)>& fits_page) {
    LedgerCell& cell = row.cells[c];
    std::map<std::string, std::string> values = Values(row);
    const size_t before = LedgerRowDoubts(type, year, values).size();
    const Text* best = nullptr;
    std::string best_text;
    for (const Text& t : readings) {
      std::string text = NormalizeLedgerValue(cell.field, t.text);
      if (text.empty()) continue;
      values[cell.field] = text;
      const auto doubts = LedgerRowDoubts(type, year, values);
      if (doubts.contains(cell.field) || doubts.size() > before) continue;
      if (!fits_page(cell.field, text)) continue;
      if (best == nullptr || t.confidence > best->confidence) {
        best = &t;
        best_text = std::move(text);
      }
    }
    if (best == nullptr) return false;
    cell.text = std::move(best_text);
    cell.confidence = best->confidence;
    return true;
  }

  // Cells whose reading breaks a rule of the book (LedgerRowDoubts), or
  // that hold ink but were read as nothing, are read again, first on the
  // page (ReadAgain), then, where that did not do, enlarged (ReadEnlarged);
  // a reading that keeps the rules replaces the first. What still breaks
  // one keeps its reading, is marked with the rule, and gets a confidence
  // under the pre-fill threshold. `cells` holds the text rectangle of each
  // cell of out.rows, empty for a blank cell. Leaves `clean` out of the
  // engine. Measured on generated books with dust specks (books_eval, 72
  // pages a side, seeds 34589 and 34590 held-out font): 101 and 92 cells
  // read again, 95 and 85 of them then exact, 5 and 4 left in doubt (none
  // of them right); fields exact 96.07% → 99.27% and 96.16% → 99.31%, at
  // about 0.03 s more a page (0.90 → 0.93 s).
  void CheckAgainstTheBook(LedgerPage& out, const std::vector<std::vector<RuledTable::Rect>>& cells,
                           Pix* clean, int dpi, l_int32 paper) {
    const int year = TrustedBookYear(out);
    const std::string& type = out.header.type;
    // The rules, and one more: a cell with ink enough for a letter was read.
    auto find_doubts = [&](size_t r) {
      std::map<std::string, std::string> found = LedgerRowDoubts(type, year, Values(out.rows[r]));
      for (size_t c = 0; c < out.rows[r].cells.size(); ++c) {
        const LedgerCell& cell = out.rows[r].cells[c];
        const RuledTable::Rect& rect = cells[r][c];
        if (!cell.field.empty() && cell.text.empty() && rect.x1 > rect.x0) {
          found.emplace(cell.field, "unread");
        }
      }
      return found;
    };
    std::vector<std::map<std::string, std::string>> doubts(out.rows.size());
    // Across the rows: the registrations go down the page in date order
    // (RegistrationsOutOfOrder), among the dates that break no rule of
    // their own row.
    auto registrations = [&] {
      std::vector<std::string> dates(out.rows.size());
      for (size_t r = 0; r < out.rows.size(); ++r) {
        const auto own = doubts[r].find("registered");
        if (own == doubts[r].end() || own->second == kOutOfOrder) dates[r] = out.rows[r].Get("registered");
      }
      return dates;
    };
    auto find_order_doubts = [&] {
      const std::vector<bool> out_of_order = RegistrationsOutOfOrder(registrations());
      for (size_t r = 0; r < out.rows.size(); ++r) {
        const auto own = doubts[r].find("registered");
        if (own != doubts[r].end() && own->second == kOutOfOrder) doubts[r].erase(own);
        if (out_of_order[r]) doubts[r].emplace("registered", kOutOfOrder);
      }
    };
    for (size_t r = 0; r < out.rows.size(); ++r) doubts[r] = find_doubts(r);
    find_order_doubts();
    // Two passes: every page read first, since an enlarged cell replaces the page in the engine.
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t r = 0; r < out.rows.size(); ++r) {
        LedgerRow& row = out.rows[r];
        for (size_t c = 0; c < row.cells.size() && !doubts[r].empty(); ++c) {
          LedgerCell& cell = row.cells[c];
          if (cell.field.empty() || !doubts[r].contains(cell.field)) continue;
          cell.reread = true;
          std::vector<Text> readings;
          if (pass == 0) {
            readings = ReadAgain(cell.field, cells[r][c]);
          } else {
            readings.push_back(ReadEnlarged(clean, cell.field, cells[r][c], dpi, paper));
          }
          auto fits_page = [&](std::string_view field, const std::string& text) {
            if (field != "registered") return true;
            std::vector<std::string> dates = registrations();
            dates[r] = text;
            return !RegistrationsOutOfOrder(dates)[r];
          };
          if (Choose(row, c, readings, type, year, fits_page)) {
            doubts[r] = find_doubts(r);
            find_order_doubts();
          }
        }
      }
    }
    for (size_t r = 0; r < out.rows.size(); ++r) {
      for (LedgerCell& cell : out.rows[r].cells) {
        const auto it = doubts[r].find(cell.field);
        if (cell.field.empty() || cell.text.empty() || it == doubts[r].end()) continue;
        cell.doubt = it->second;
        cell.confidence = std::min(cell.confidence, PrefillMinConfidence(cell.field) - 1);
      }
    }
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

  RegisterHeader ReadHeaderAbove(const LedgerImage& p, int table_top) {
    const int band = p.dpi * 300 / 254;  // 30 mm above the table
    const int y0 = std::max(0, table_top - band);
    Text t = ReadRect(0, y0, pixGetWidth(p.gray.get()), std::max(0, table_top - 2 - y0),
                      tesseract::PSM_SINGLE_BLOCK, "", true);
    return ParseRegisterHeader(t.text);
  }

  // The header of a page without looking for its table: in its top fifth.
  RegisterHeader ReadTop(const LedgerImage& p) {
    api->SetImage(p.gray.get());
    api->SetSourceResolution(p.dpi);
    Text t = ReadRect(0, 0, p.width(), p.height() / 5, tesseract::PSM_SINGLE_BLOCK, "", true);
    api->Clear();
    return ParseRegisterHeader(t.text);
  }

  // Reads the header above the table and every cell of it. `ink` is the
  // page without its rules (InkWithoutRules).
  Result<LedgerPage> ReadTable(const LedgerImage& p, const RuledTable& table, Pix* ink) {
    const std::vector<Rule>& hrules = table.hrules;
    const std::vector<Rule>& vrules = table.vrules;

    // Paint the rules out of the gray page Tesseract reads, in the paper's
    // own grey: white stripes on grey paper are edges of their own to a
    // local threshold.
    l_int32 paper = 255;
    {
      NUMA* histogram = pixGetGrayHistogram(p.gray.get(), 4);
      l_float32 value = 255;
      if (histogram != nullptr && numaGetMax(histogram, &value, &paper) != 0) paper = 255;
      numaDestroy(&histogram);
    }
    PixPtr clean(pixCopy(nullptr, p.gray.get()));
    if (!clean || pixSetMasked(clean.get(), table.rules.get(), static_cast<l_uint32>(paper)) != 0) {
      return Internal("cannot remove the rules");
    }

    LedgerPage out;
    out.width = p.original_w;
    out.height = p.original_h;
    out.skew_degrees = p.skew;
    api->SetImage(clean.get());
    api->SetSourceResolution(p.dpi);
    out.header = ReadHeaderAbove(p, hrules.front().lo);

    const int tight_pad = p.dpi / 25;  // 1 mm
    const bool bands = options.strategy == LedgerOptions::Strategy::kRowBands;
    // A cell is blank when what is left of its ink would not make a letter.
    const int min_ink = MinCellInk(p.dpi);
    std::vector<std::vector<RuledTable::Rect>> text_rects;  // of each cell of out.rows
    for (int r = 0; r < table.rows(); ++r) {
      const RuledTable::Rect line = table.Row(r);
      LedgerRow row;
      std::vector<RuledTable::Rect> rects;
      bool any = false;
      std::vector<Text> band;
      if (bands && r > 0) band = ReadBand(vrules, line.y0, line.y1);
      for (int c = 0; c < table.columns(); ++c) {
        const auto [x0, y0, x1, y1] = table.Cell(r, c);
        LedgerCell cell;
        cell.box = p.ToOriginal(x0, y0, x1 - x0, y1 - y0);
        l_int32 count = 0;
        // The text's own extent with a margin: Tesseract reads a lone digit
        // in a large empty cell poorly.
        int tx = x0, ty = y0, tw = x1 - x0, th = y1 - y0;
        if (x1 > x0 && y1 > y0) {
          BOX* area = boxCreate(x0, y0, x1 - x0, y1 - y0);
          PixPtr part(area ? pixClipRectangle(ink, area, nullptr) : nullptr);
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
          const std::string& field =
              r > 0 && static_cast<size_t>(c) < out.fields.size() ? out.fields[c] : "";
          Text t = ReadCell(field, tx, ty, tw, th);
          cell.text = t.text;
          cell.confidence = t.confidence;
        } else {
          cell.confidence = 100;
        }
        any = any || !cell.text.empty();
        row.cells.push_back(std::move(cell));
        // An empty rectangle marks a blank cell: no ink to read again.
        rects.push_back(count >= min_ink ? RuledTable::Rect{tx, ty, tx + tw, ty + th}
                                         : RuledTable::Rect{});
      }
      row.box = p.ToOriginal(line.x0, line.y0, line.x1 - line.x0, line.y1 - line.y0);
      if (r == 0) {
        for (LedgerCell& cell : row.cells) {
          out.headings.push_back(cell.text);
          out.fields.push_back(FieldForHeading(cell.text));
        }
        // A heading read wrong (two short lines in a narrow cell are the
        // usual victims) is known from where it stands in the book's layout.
        out.header = ReadHeaderAbove(p, hrules.front().lo);
        FillFieldsFromLayout(out.header.type, out.fields);
        continue;
      }
      if (!any) continue;
      for (size_t c = 0; c < row.cells.size(); ++c) {
        LedgerCell& cell = row.cells[c];
        cell.field = out.fields[c];
        cell.text = NormalizeLedgerValue(cell.field, cell.text);
      }
      out.rows.push_back(std::move(row));
      text_rects.push_back(std::move(rects));
    }
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
    if (options.check_book_rules) CheckAgainstTheBook(out, text_rects, clean.get(), p.dpi, paper);
    api->Clear();
    double confidence_sum = 0;
    int read_cells = 0;
    for (const LedgerRow& row : out.rows) {
      for (const LedgerCell& cell : row.cells) {
        if (cell.text.empty()) continue;
        confidence_sum += cell.confidence;
        ++read_cells;
      }
    }
    if (read_cells > 0) out.confidence = static_cast<float>(confidence_sum / read_cells);
    return out;
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
  SOHOA_ASSIGN_OR_RETURN(LedgerImage p, PrepareLedgerImage(page));
  return impl_->ReadTop(p);
}

Result<LedgerPage> LedgerReader::Read(const PageImage& page) {
  SOHOA_ASSIGN_OR_RETURN(LedgerImage p, PrepareLedgerImage(page));
  LeptonicaMessages messages;
  SOHOA_ASSIGN_OR_RETURN(RuledTable table, FindRuledTable(p));
  SOHOA_ASSIGN_OR_RETURN(PixPtr ink, InkWithoutRules(p, table));
  return impl_->ReadTable(p, table, ink.get());
}

Result<LedgerPageRows> LedgerReader::ReadRows(const PageImage& page, bool header_if_unruled,
                                              const EntryRowOptions& options) {
  if (!page.pix) return InvalidArgument("page has no image");
  LedgerPageRows out;
  if (!MayHoldRows(page)) return out;
  SOHOA_ASSIGN_OR_RETURN(LedgerImage p, PrepareLedgerImage(page));
  LeptonicaMessages messages;
  if (MostlyInk(p)) return out;
  Result<RuledTable> table = FindRuledTable(p);
  if (table.ok()) {
    SOHOA_ASSIGN_OR_RETURN(PixPtr ink, InkWithoutRules(p, *table));
    out.rows = RuledEntryRows(p, *table, ink.get());
    SOHOA_ASSIGN_OR_RETURN(out.ledger, impl_->ReadTable(p, *table, ink.get()));
    out.header = out.ledger->header;
    return out;
  }
  if (table.status().code() != StatusCode::kNotFound) return table.status();
  SOHOA_ASSIGN_OR_RETURN(out.rows, UnruledEntryRows(p, options));
  if (header_if_unruled) out.header = impl_->ReadTop(p);
  return out;
}

}  // namespace sohoa::ocr
