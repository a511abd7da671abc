#include "ocr/searchable_pdf.h"

#include <podofo/podofo.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/text.h"

namespace sohoa::ocr {
namespace {

using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfString;

// DejaVu Sans: TrueType, covers Vietnamese (precomposed and combining marks).
constexpr const char* kFontFiles[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
};
// sRGB profiles Debian installs with icc-profiles-free or Ghostscript; the
// PDF/A output intent needs one, and is left out when none is there.
constexpr const char* kSrgbProfiles[] = {
    "/usr/share/color/icc/sRGB.icc",
    "/usr/share/color/icc/ghostscript/srgb.icc",
};
constexpr int kDefaultDpi = 300;
constexpr double kA4Width = 595.276, kA4Height = 841.89;
// DejaVu Sans ascent and descent in em: a line's box spans both.
constexpr double kAscent = 0.928, kDescent = 0.236;
constexpr double kBornDigitalFontSize = 10;

void QuietPodofo() {
  static std::once_flag once;
  std::call_once(once, [] {
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
  });
}

std::optional<std::string> FirstExisting(std::initializer_list<const char*> paths) {
  for (const char* path : paths) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return std::string(path);
  }
  return std::nullopt;
}

// The sRGB profile, read once per process; empty when none is installed.
const std::string& SrgbProfile() {
  static const std::string profile = [] {
    std::string bytes;
    if (auto path = FirstExisting({kSrgbProfiles[0], kSrgbProfiles[1]})) {
      std::ifstream in(*path, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return bytes;
  }();
  return profile;
}

// Locale-independent numbers for content streams: "12.5", "-3", "0.125".
void AppendNumber(std::string& out, double value) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 3);
  if (ec != std::errc()) {
    out += '0';
    return;
  }
  std::string_view s(buf, static_cast<std::size_t>(end - buf));
  if (s.find('.') != std::string_view::npos) {
    while (s.back() == '0') s.remove_suffix(1);
    if (s.back() == '.') s.remove_suffix(1);
  }
  if (s == "-0") s = "0";
  out += s;
}

void AppendNumbers(std::string& out, std::initializer_list<double> values, std::string_view op) {
  for (double v : values) {
    AppendNumber(out, v);
    out += ' ';
  }
  out += op;
  out += '\n';
}

// The embedded font: glyph ids (Identity-H), advance widths, and the record
// of used characters that PoDoFo's subsetter and ToUnicode map are built from.
class TextFont {
 public:
  explicit TextFont(PoDoFo::PdfFont* font) : font_(font) {}
  const PdfName& name() const { return font_->GetIdentifier(); }
  PoDoFo::PdfReference reference() const { return font_->GetObject()->Reference(); }

  // Appends `<gid gid ...>` and returns the advance in em.
  double AppendShown(std::string& out, std::string_view utf8) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const PoDoFo::PdfFontMetrics* metrics = font_->GetFontMetrics();
    double advance = 0;
    long utf16_units = 0;
    out += '<';
    for (char32_t cp : CodePoints(utf8)) {
      const long gid = metrics->GetGlyphId(static_cast<long>(cp));
      if (gid <= 0 || gid > 0xFFFF) continue;  // not in the font: nothing to show
      for (int shift : {12, 8, 4, 0}) out += kHex[(gid >> shift) & 0xF];
      advance += metrics->GetGlyphWidth(static_cast<int>(gid)) / 1000.0;
      utf16_units += cp > 0xFFFF ? 2 : 1;
    }
    out += "> Tj\n";
    if (font_->IsSubsetting() && utf16_units > 0) {
      font_->AddUsedSubsettingGlyphs(PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(
                                         std::string(utf8).c_str())),
                                     utf16_units);
    }
    return advance;
  }

 private:
  PoDoFo::PdfFont* font_;
};

// Upright geometry of a page: original image pixels → upright pixels → points.
struct Placement {
  int width = 0, height = 0;  // original image, pixels
  int turns = 0;              // clockwise quarter turns to make it upright
  double scale = 72.0 / kDefaultDpi;

  int upright_width() const { return turns % 2 == 0 ? width : height; }
  int upright_height() const { return turns % 2 == 0 ? height : width; }
  double width_pt() const { return upright_width() * scale; }
  double height_pt() const { return upright_height() * scale; }

  // A point of the original image (y down) in the upright image (y down).
  void Upright(double x, double y, double* ux, double* uy) const {
    switch (turns) {
      case 1: *ux = height - y; *uy = x; return;
      case 2: *ux = width - x; *uy = height - y; return;
      case 3: *ux = y; *uy = width - x; return;
      default: *ux = x; *uy = y; return;
    }
  }
  // Upright pixels to PDF points (y up).
  void ToPage(double ux, double uy, double* px, double* py) const {
    *px = ux * scale;
    *py = (upright_height() - uy) * scale;
  }
  // The image's unit square (row 0 at v = 1) onto the page, turned upright.
  void ImageMatrix(std::string& out) const {
    double p[3][2];
    const double corners[3][2] = {{0, static_cast<double>(height)},
                                  {static_cast<double>(width), static_cast<double>(height)},
                                  {0, 0}};  // unit (0,0), (1,0), (0,1)
    for (int i = 0; i < 3; ++i) {
      double ux = 0, uy = 0;
      Upright(corners[i][0], corners[i][1], &ux, &uy);
      ToPage(ux, uy, &p[i][0], &p[i][1]);
    }
    AppendNumbers(out, {p[1][0] - p[0][0], p[1][1] - p[0][1], p[2][0] - p[0][0],
                        p[2][1] - p[0][1], p[0][0], p[0][1]},
                  "cm");
  }
};

struct UprightWord {
  std::string_view text;
  double left = 0, top = 0, right = 0, bottom = 0;  // upright pixels
};

struct Line {
  std::vector<UprightWord> words;
  double top = 0, bottom = 0;
};

// Tesseract gives words in reading order (block, line, word): consecutive
// words that overlap vertically and move rightwards form a line. Columns stay
// apart because Tesseract finishes one before starting the next.
std::vector<Line> GroupLines(const std::vector<Word>& words, const Placement& placement) {
  std::vector<Line> lines;
  for (const Word& word : words) {
    if (word.text.empty() || word.box.w <= 0 || word.box.h <= 0) continue;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    placement.Upright(word.box.x, word.box.y, &x0, &y0);
    placement.Upright(word.box.x + word.box.w, word.box.y + word.box.h, &x1, &y1);
    UprightWord u{word.text, std::min(x0, x1), std::min(y0, y1), std::max(x0, x1),
                  std::max(y0, y1)};
    bool joins = false;
    if (!lines.empty()) {
      const Line& line = lines.back();
      const double overlap = std::min(line.bottom, u.bottom) - std::max(line.top, u.top);
      const double smaller = std::min(line.bottom - line.top, u.bottom - u.top);
      joins = overlap >= 0.5 * smaller && u.left >= line.words.back().left;
    }
    if (!joins) lines.push_back(Line{{}, u.top, u.bottom});
    Line& line = lines.back();
    line.top = std::min(line.top, u.top);
    line.bottom = std::max(line.bottom, u.bottom);
    line.words.push_back(u);
  }
  for (Line& line : lines) {
    std::stable_sort(line.words.begin(), line.words.end(),
                     [](const UprightWord& a, const UprightWord& b) { return a.left < b.left; });
  }
  return lines;
}

// Each word is stretched (Tz) to reach the next word's left edge with its
// trailing space, so a text extractor sees one space between words and the
// words where the scan shows them.
void AppendLines(std::string& out, const std::vector<Line>& lines, const Placement& placement,
                 TextFont& font) {
  for (const Line& line : lines) {
    double left = 0, top = 0, right = 0, bottom = 0;
    placement.ToPage(0, line.top, &left, &top);
    placement.ToPage(0, line.bottom, &right, &bottom);
    const double size = std::max(1.0, (top - bottom) / (kAscent + kDescent));
    const double baseline = bottom + kDescent * size;
    out += "BT\n3 Tr\n/";
    out += font.name().GetName();
    out += ' ';
    AppendNumbers(out, {size}, "Tf");
    for (std::size_t i = 0; i < line.words.size(); ++i) {
      const UprightWord& word = line.words[i];
      const bool last = i + 1 == line.words.size();
      double x = 0, end = 0, unused = 0;
      placement.ToPage(word.left, 0, &x, &unused);
      placement.ToPage(last ? word.right : std::max(line.words[i + 1].left, word.right), 0, &end,
                       &unused);
      AppendNumbers(out, {1, 0, 0, 1, x, baseline}, "Tm");
      // The Tz operand is set after measuring the shown text, so build the
      // string first.
      std::string shown;
      double advance = font.AppendShown(shown, word.text);
      if (!last) advance += font.AppendShown(shown, " ");
      const double natural = advance * size;
      const double stretch = natural > 0 ? std::clamp((end - x) / natural * 100, 1.0, 1000.0) : 100;
      AppendNumbers(out, {stretch}, "Tz");
      out += shown;
    }
    out += "ET\n";
  }
}

// Born-digital text: one invisible line per text line, from the top margin.
void AppendPlainText(std::string& out, std::string_view text, double height_pt, TextFont& font) {
  double y = height_pt - 72;
  std::size_t start = 0;
  while (start <= text.size() && y > 0) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (!line.empty()) {
      out += "BT\n3 Tr\n/";
      out += font.name().GetName();
      out += ' ';
      AppendNumbers(out, {kBornDigitalFontSize}, "Tf");
      AppendNumbers(out, {1, 0, 0, 1, 72, y}, "Tm");
      font.AppendShown(out, line);
      out += "ET\n";
    }
    y -= kBornDigitalFontSize * 1.2;
    start = end + 1;
  }
}

void AddImage(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfPage& page, const EncodedImage& image,
              std::string& content, const Placement& placement) {
  PoDoFo::PdfImage xobject(&doc, "Im");
  PoDoFo::PdfDictionary& dict = xobject.GetObject()->GetDictionary();
  xobject.SetImageColorSpace(image.components == 4   ? PoDoFo::ePdfColorSpace_DeviceCMYK
                             : image.components == 3 ? PoDoFo::ePdfColorSpace_DeviceRGB
                                                     : PoDoFo::ePdfColorSpace_DeviceGray);
  switch (image.filter) {
    case EncodedImage::Filter::kDct:
      dict.AddKey(PdfName::KeyFilter, PdfName("DCTDecode"));
      break;
    case EncodedImage::Filter::kFlate:
      dict.AddKey(PdfName::KeyFilter, PdfName("FlateDecode"));
      break;
    case EncodedImage::Filter::kCcittG4: {
      dict.AddKey(PdfName::KeyFilter, PdfName("CCITTFaxDecode"));
      PoDoFo::PdfDictionary parms;
      parms.AddKey("K", static_cast<PoDoFo::pdf_int64>(-1));
      parms.AddKey("Columns", static_cast<PoDoFo::pdf_int64>(image.width));
      parms.AddKey("Rows", static_cast<PoDoFo::pdf_int64>(image.height));
      // Black runs decode to 0: DeviceGray shows 0 as black.
      parms.AddKey("BlackIs1", false);
      dict.AddKey("DecodeParms", parms);
      break;
    }
    case EncodedImage::Filter::kNone:
      break;
  }
  PoDoFo::PdfMemoryInputStream stream(image.data.data(),
                                      static_cast<PoDoFo::pdf_long>(image.data.size()));
  xobject.SetImageDataRaw(static_cast<unsigned>(image.width), static_cast<unsigned>(image.height),
                          static_cast<unsigned>(image.bits_per_component), &stream);
  page.AddResource(xobject.GetIdentifier(), xobject.GetObject()->Reference(), PdfName("XObject"));
  content += "q\n";
  placement.ImageMatrix(content);
  content += '/';
  content += xobject.GetIdentifier().GetName();
  content += " Do\nQ\n";
}

// "2023-06-20T08:30:00+07:00" (or a prefix of it) → parts; false when malformed.
struct DateParts {
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  char sign = 'Z';
  int tz_hour = 0, tz_minute = 0;
};

bool ParseIsoDate(std::string_view s, DateParts* d) {
  auto number = [&](std::size_t pos, std::size_t len, int* out) {
    if (pos + len > s.size()) return false;
    return std::from_chars(s.data() + pos, s.data() + pos + len, *out).ec == std::errc();
  };
  if (!number(0, 4, &d->year)) return false;
  if (s.size() >= 10 && !(number(5, 2, &d->month) && number(8, 2, &d->day))) return false;
  if (s.size() >= 16 && !(number(11, 2, &d->hour) && number(14, 2, &d->minute))) return false;
  if (s.size() >= 19 && s[16] == ':' && !number(17, 2, &d->second)) return false;
  const std::size_t tz = s.find_first_of("Z+-", 10);
  if (tz != std::string_view::npos && s[tz] != 'Z') {
    d->sign = s[tz];
    const std::size_t minutes = tz + 3 < s.size() && s[tz + 3] == ':' ? tz + 4 : tz + 3;
    if (!number(tz + 1, 2, &d->tz_hour)) return false;
    if (minutes < s.size() && !number(minutes, 2, &d->tz_minute)) return false;
  }
  return true;
}


std::string PdfDate(const DateParts& d) {
  char buf[40];
  if (d.sign == 'Z') {
    std::snprintf(buf, sizeof buf, "D:%04d%02d%02d%02d%02d%02dZ", d.year, d.month, d.day, d.hour,
                  d.minute, d.second);
  } else {
    std::snprintf(buf, sizeof buf, "D:%04d%02d%02d%02d%02d%02d%c%02d'%02d'", d.year, d.month,
                  d.day, d.hour, d.minute, d.second, d.sign, d.tz_hour, d.tz_minute);
  }
  return buf;
}

std::string XmpDate(const DateParts& d) {
  char buf[40];
  if (d.sign == 'Z') {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                  d.hour, d.minute, d.second);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month,
                  d.day, d.hour, d.minute, d.second, d.sign, d.tz_hour, d.tz_minute);
  }
  return buf;
}

PdfString Utf8(const std::string& s) {
  return PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(s.c_str()));
}

constexpr const char* kProducer = "sohoa";

std::string Xmp(const PdfMetadata& metadata, const std::string& date, bool pdfa) {
  std::string x =
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
      "<rdf:Description rdf:about=\"\"\n"
      "  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
      "  xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
      "  xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
      "  xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n";
  if (pdfa) x += "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n";
  if (!metadata.title.empty()) {
    x += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + EscapeXml(metadata.title) +
         "</rdf:li></rdf:Alt></dc:title>\n";
  }
  if (!metadata.subject.empty()) {
    x += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + EscapeXml(metadata.subject) +
         "</rdf:li></rdf:Alt></dc:description>\n";
  }
  if (!metadata.keywords.empty()) {
    x += "<pdf:Keywords>" + EscapeXml(metadata.keywords) + "</pdf:Keywords>\n";
  }
  x += std::string("<pdf:Producer>") + kProducer + "</pdf:Producer>\n";
  x += "<xmp:CreatorTool>" + std::string(kProducer) + "</xmp:CreatorTool>\n";
  if (!date.empty()) {
    x += "<xmp:CreateDate>" + date + "</xmp:CreateDate>\n";
    x += "<xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n";
    x += "<xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n";
  }
  x += "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
  return x;
}

// Info dictionary, XMP, and (with an sRGB profile at hand, and no CMYK
// image) the PDF/A-2b output intent and claim.
Status AddMetadata(PoDoFo::PdfMemDocument& doc, const PdfMetadata& metadata, bool has_cmyk) {
  DateParts date;
  const bool dated = !metadata.creation_date.empty();
  if (dated && !ParseIsoDate(metadata.creation_date, &date)) {
    return InvalidArgument("creation date '" + metadata.creation_date + "' is not ISO 8601");
  }
  PoDoFo::PdfInfo* info = doc.GetInfo();
  if (!metadata.title.empty()) info->SetTitle(Utf8(metadata.title));
  if (!metadata.subject.empty()) info->SetSubject(Utf8(metadata.subject));
  if (!metadata.keywords.empty()) info->SetKeywords(Utf8(metadata.keywords));
  info->SetProducer(PdfString(kProducer));
  info->SetCreator(PdfString(kProducer));
  PoDoFo::PdfDictionary& info_dict = info->GetObject()->GetDictionary();
  if (dated) {
    info_dict.AddKey("CreationDate", PdfString(PdfDate(date)));
    info_dict.AddKey("ModDate", PdfString(PdfDate(date)));
  } else {
    // PoDoFo stamps the time the document object was made.
    info_dict.RemoveKey("CreationDate");
    info_dict.RemoveKey("ModDate");
  }

  const std::string& profile = SrgbProfile();
  const bool pdfa = !profile.empty() && !has_cmyk;
  PdfObject* catalog = doc.GetCatalog();
  if (pdfa) {
    PdfObject* icc = doc.GetObjects().CreateObject();
    icc->GetDictionary().AddKey("N", static_cast<PoDoFo::pdf_int64>(3));
    icc->GetStream()->Set(profile.data(), static_cast<PoDoFo::pdf_long>(profile.size()));
    PoDoFo::PdfDictionary intent;
    intent.AddKey(PdfName::KeyType, PdfName("OutputIntent"));
    intent.AddKey("S", PdfName("GTS_PDFA1"));
    intent.AddKey("OutputConditionIdentifier", PdfString("sRGB IEC61966-2.1"));
    intent.AddKey("Info", PdfString("sRGB IEC61966-2.1"));
    intent.AddKey("DestOutputProfile", icc->Reference());
    PoDoFo::PdfArray intents;
    intents.push_back(intent);
    catalog->GetDictionary().AddKey("OutputIntents", intents);
  }
  const std::string xmp = Xmp(metadata, dated ? XmpDate(date) : "", pdfa);
  PdfObject* stream = doc.GetObjects().CreateObject("Metadata");
  stream->GetDictionary().AddKey(PdfName::KeySubtype, PdfName("XML"));
  // Unfiltered, so that tools that do not parse PDF can still find it.
  PoDoFo::PdfMemoryInputStream in(xmp.data(), static_cast<PoDoFo::pdf_long>(xmp.size()));
  stream->GetStream()->SetRawData(&in);
  catalog->GetDictionary().AddKey("Metadata", stream->Reference());
  return Status::Ok();
}

Result<std::string> Write(const std::vector<SearchablePage>& pages, const PdfMetadata& metadata) {
  bool needs_font = false, has_cmyk = false;
  for (const SearchablePage& page : pages) {
    needs_font = needs_font || !page.words.empty() || !page.text.empty();
    has_cmyk = has_cmyk || (page.image != nullptr && page.image->components == 4);
  }
  // Declared before the document: the font refers to it and must go first.
  PoDoFo::PdfIdentityEncoding encoding(0, 0xFFFF, /*bAutoDelete=*/false);
  PoDoFo::PdfMemDocument doc;
  doc.SetPdfVersion(PoDoFo::ePdfVersion_1_7);

  std::optional<TextFont> font;
  if (needs_font) {
    const auto path = FirstExisting({kFontFiles[0], kFontFiles[1]});
    if (!path) {
      return Unavailable(
          "the DejaVu Sans font is not installed (Debian: apt-get install fonts-dejavu-core); "
          "the searchable PDF needs it for Vietnamese text");
    }
    PoDoFo::PdfFont* created =
        doc.CreateFontSubset("DejaVu Sans", false, false, false, &encoding, path->c_str());
    if (created == nullptr) return Internal("PoDoFo could not load " + *path);
    font.emplace(created);
  }

  for (std::size_t i = 0; i < pages.size(); ++i) {
    const SearchablePage& page = pages[i];
    const bool has_image = page.image != nullptr &&
                           page.image->filter != EncodedImage::Filter::kNone &&
                           page.image->width > 0 && page.image->height > 0;
    Placement placement;
    placement.turns = page.rotation % 90 == 0 ? ((page.rotation / 90) % 4 + 4) % 4 : 0;
    placement.scale = 72.0 / (page.dpi > 0 ? page.dpi : kDefaultDpi);
    if (has_image) {
      placement.width = page.image->width;
      placement.height = page.image->height;
    }
    const double width_pt = has_image ? placement.width_pt() : kA4Width;
    const double height_pt = has_image ? placement.height_pt() : kA4Height;
    PoDoFo::PdfPage* pdf_page = doc.CreatePage(PoDoFo::PdfRect(0, 0, width_pt, height_pt));
    if (pdf_page == nullptr) return Internal("PoDoFo could not add page " + std::to_string(i + 1));

    std::string content;
    if (has_image) AddImage(doc, *pdf_page, *page.image, content, placement);
    if (font && has_image && !page.words.empty()) {
      AppendLines(content, GroupLines(page.words, placement), placement, *font);
    } else if (font && page.words.empty() && !page.text.empty()) {
      AppendPlainText(content, page.text, height_pt, *font);
    }
    if (font && content.find(" Tf\n") != std::string::npos) {
      pdf_page->AddResource(font->name(), font->reference(), PdfName("Font"));
    }
    pdf_page->GetContentsForAppending()->GetStream()->Set(
        content.data(), static_cast<PoDoFo::pdf_long>(content.size()));
  }
  SOHOA_RETURN_IF_ERROR(AddMetadata(doc, metadata, has_cmyk));

  PoDoFo::PdfRefCountedBuffer buffer;
  PoDoFo::PdfOutputDevice device(&buffer);
  doc.Write(&device);
  return std::string(buffer.GetBuffer(), device.GetLength());
}

}  // namespace

Result<std::string> WriteSearchablePdf(const std::vector<SearchablePage>& pages,
                                       const PdfMetadata& metadata) {
  if (pages.empty()) return InvalidArgument("a searchable PDF needs at least one page");
  QuietPodofo();
  try {
    return Write(pages, metadata);
  } catch (const PoDoFo::PdfError& e) {
    const char* name = PoDoFo::PdfError::ErrorName(e.GetError());
    return Internal(std::string("PoDoFo failed writing the searchable PDF: ") +
                    (name != nullptr ? name : "unknown error"));
  } catch (const std::bad_alloc&) {
    return Unavailable("not enough memory to write the searchable PDF");
  } catch (const std::exception& e) {
    return Internal(std::string("writing the searchable PDF failed: ") + e.what());
  }
}

}  // namespace sohoa::ocr
