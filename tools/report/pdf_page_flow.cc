#include "tools/report/internal/pdf_page_flow.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <optional>

#include "schema/text.h"

namespace sohoa::report::internal {
namespace {

constexpr const char* kRegularFonts[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
};
constexpr const char* kBoldFonts[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
};

std::optional<std::string> FirstExisting(std::initializer_list<const char*> paths) {
  for (const char* path : paths) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return std::string(path);
  }
  return std::nullopt;
}

PoDoFo::PdfString Utf8(std::string_view s) {
  const std::string copy(s);
  return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(copy.c_str()));
}

// Byte length of the first `chars` code points.
std::size_t PrefixBytes(std::string_view utf8, std::size_t chars) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80) continue;
    if (seen == chars) return i;
    ++seen;
  }
  return utf8.size();
}

}  // namespace

Rgb Rgb::FromHex(std::string_view hex) {
  if (hex.size() != 7 || hex[0] != '#') return {};
  auto channel = [&](std::size_t pos) {
    int v = 0;
    for (std::size_t i = pos; i < pos + 2; ++i) {
      const char c = hex[i];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : 0;
      v = v * 16 + d;
    }
    return v / 255.0;
  };
  return {channel(1), channel(3), channel(5)};
}

Result<std::unique_ptr<PageFlow>> PageFlow::Create() {
  const auto regular = FirstExisting({kRegularFonts[0], kRegularFonts[1]});
  if (!regular) {
    return Unavailable(
        "the DejaVu Sans font is not installed (Debian: apt-get install fonts-dejavu-core); "
        "the PDF report needs it for Vietnamese text");
  }
  const auto bold = FirstExisting({kBoldFonts[0], kBoldFonts[1]});
  std::unique_ptr<PageFlow> flow(new PageFlow());
  flow->doc_.SetPdfVersion(PoDoFo::ePdfVersion_1_7);
  flow->regular_ = flow->doc_.CreateFontSubset("DejaVu Sans", false, false, false, &flow->encoding_,
                                               regular->c_str());
  if (flow->regular_ == nullptr) return Internal("PoDoFo could not load " + *regular);
  // Headings fall back to the regular face when the bold file is missing.
  flow->bold_ = bold ? flow->doc_.CreateFontSubset("DejaVu Sans Bold", true, false, false,
                                                   &flow->encoding_, bold->c_str())
                     : nullptr;
  if (flow->bold_ == nullptr) flow->bold_ = flow->regular_;
  flow->NewPage();
  return flow;
}

PageFlow::~PageFlow() {
  // PdfPainter complains in its destructor about a page left unfinished.
  try {
    if (painter_.GetPage() != nullptr) painter_.FinishPage();
  } catch (const PoDoFo::PdfError&) {
  }
}

void PageFlow::NewPage() {
  if (dry_) {
    ++dry_pages_;
    y_ = top();
    return;
  }
  if (painter_.GetPage() != nullptr) painter_.FinishPage();
  painter_.SetPage(doc_.CreatePage(PoDoFo::PdfRect(0, 0, kPageWidth, kPageHeight)));
  y_ = kPageHeight - kMargin;
}

double PageFlow::Measure(std::string_view utf8, double size, Weight weight) const {
  const PoDoFo::PdfFontMetrics* metrics =
      (weight == Weight::kBold ? bold_ : regular_)->GetFontMetrics();
  double em = 0;
  for (char32_t cp : CodePoints(utf8)) {
    const long gid = metrics->GetGlyphId(static_cast<long>(cp));
    if (gid > 0) em += metrics->GetGlyphWidth(static_cast<int>(gid)) / 1000.0;
  }
  return em * size;
}

std::vector<std::string> PageFlow::Wrap(std::string_view utf8, double width, double size,
                                        Weight weight) const {
  std::vector<std::string> lines;
  std::string line;
  auto fits = [&](std::string_view s) { return Measure(s, size, weight) <= width; };
  std::size_t start = 0;
  while (start <= utf8.size()) {
    std::size_t end = utf8.find(' ', start);
    if (end == std::string_view::npos) end = utf8.size();
    std::string_view word = utf8.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    const std::string joined = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (fits(joined)) {
      line = joined;
      continue;
    }
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
    // A word wider than the line is cut where it stops fitting.
    while (!fits(word)) {
      std::size_t chars = 1;
      while (fits(word.substr(0, PrefixBytes(word, chars + 1)))) ++chars;
      const std::size_t cut = PrefixBytes(word, chars);
      if (cut == 0 || cut >= word.size()) break;
      lines.emplace_back(word.substr(0, cut));
      word.remove_prefix(cut);
    }
    line = std::string(word);
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

void PageFlow::Text(double x, double baseline, std::string_view utf8, double size, Weight weight,
                    Rgb color) {
  if (utf8.empty() || dry_) return;
  PoDoFo::PdfFont* font = weight == Weight::kBold ? bold_ : regular_;
  font->SetFontSize(static_cast<float>(size));
  painter_.SetFont(font);
  painter_.SetColor(color.r, color.g, color.b);
  painter_.DrawText(x, baseline, Utf8(utf8));
}

void PageFlow::TextRight(double right_x, double baseline, std::string_view utf8, double size,
                         Weight weight, Rgb color) {
  Text(right_x - Measure(utf8, size, weight), baseline, utf8, size, weight, color);
}

void PageFlow::FillRect(double x, double y, double w, double h, Rgb color) {
  if (w <= 0 || h <= 0 || dry_) return;
  painter_.SetColor(color.r, color.g, color.b);
  painter_.Rectangle(x, y, w, h);
  painter_.Fill();
}

void PageFlow::Line(double x1, double y1, double x2, double y2, Rgb color, double line_width) {
  if (dry_) return;
  painter_.SetStrokingColor(color.r, color.g, color.b);
  painter_.SetStrokeWidth(line_width);
  painter_.DrawLine(x1, y1, x2, y2);
}

void PageFlow::Polyline(const std::vector<std::pair<double, double>>& points, Rgb color,
                        double line_width) {
  if (points.size() < 2 || dry_) return;
  painter_.SetStrokingColor(color.r, color.g, color.b);
  painter_.SetStrokeWidth(line_width);
  painter_.MoveTo(points[0].first, points[0].second);
  for (std::size_t i = 1; i < points.size(); ++i)
    painter_.LineTo(points[i].first, points[i].second);
  painter_.Stroke();
}

Status PageFlow::Write(const std::filesystem::path& out, const std::string& title,
                       const std::string& footer) {
  if (painter_.GetPage() != nullptr) painter_.FinishPage();
  // Pages are fetched again by number: PoDoFo's page cache does not keep
  // the pointers CreatePage handed out.
  const int pages = doc_.GetPageCount();
  const std::string total = std::to_string(pages);
  for (int i = 0; i < pages; ++i) {
    painter_.SetPage(doc_.GetPage(i));
    const double baseline = kMargin / 2;
    Line(left(), baseline + 10, right(), baseline + 10, kRule, 0.5);
    Text(left(), baseline, footer, 7, Weight::kRegular, kMuted);
    TextRight(right(), baseline, "Trang " + std::to_string(i + 1) + "/" + total, 7,
              Weight::kRegular, kMuted);
    painter_.FinishPage();
  }
  PoDoFo::PdfInfo* info = doc_.GetInfo();
  info->SetTitle(Utf8(title));
  info->SetCreator(PoDoFo::PdfString("sohoa"));
  info->SetProducer(PoDoFo::PdfString("sohoa"));

  PoDoFo::PdfRefCountedBuffer buffer;
  PoDoFo::PdfOutputDevice device(&buffer);
  doc_.Write(&device);
  // A new name first, so a reader never opens half a report.
  const std::filesystem::path partial = out.string() + ".partial";
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    file.write(buffer.GetBuffer(), static_cast<std::streamsize>(device.GetLength()));
    file.close();
    if (!file) {
      return IoError("cannot write " + partial.string() + ": " + std::strerror(errno) +
                     " (check that the folder exists and is writable)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, out, ec);
  if (ec) {
    const std::string why = ec.message();
    std::filesystem::remove(partial, ec);
    return IoError("cannot move the report to " + out.string() + ": " + why);
  }
  return Status::Ok();
}

}  // namespace sohoa::report::internal
