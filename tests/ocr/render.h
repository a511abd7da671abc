// Test helper (header-only, so the suite's *_test.cc glob needs nothing more):
// renders text with Pango/Cairo into a Leptonica Pix, as a scanner would
// have seen a printed page, and writes images to files.
#pragma once

#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ocr/page_source.h"

namespace sohoa::testing {

struct CairoSurfaceFree {
  void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
struct CairoFree {
  void operator()(cairo_t* c) const noexcept { cairo_destroy(c); }
};
struct GObjectUnref {
  void operator()(void* o) const noexcept { g_object_unref(o); }
};
struct FontDescriptionFree {
  void operator()(PangoFontDescription* d) const noexcept { pango_font_description_free(d); }
};
struct LeptBytesFree {
  void operator()(l_uint8* p) const noexcept { lept_free(p); }
};
using LeptBytes = std::unique_ptr<l_uint8, LeptBytesFree>;

struct PageLayout {
  int dpi = 300;
  double width_in = 8.27;  // A4
  double height_in = 11.69;
  double margin_in = 1.0;
  double font_pt = 12;
  const char* font = "DejaVu Serif";
};

// An RGB24 Cairo surface as an 8-bit gray Pix (its green channel) at `dpi`.
inline ocr::PixPtr SurfaceToGray(cairo_surface_t* surface, int dpi) {
  cairo_surface_flush(surface);
  const int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
  ocr::PixPtr pix(pixCreate(w, h, 8));
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  l_uint32* out = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < h; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(data + static_cast<long>(stride) * y);
    l_uint32* line = out + static_cast<long>(wpl) * y;
    for (int x = 0; x < w; ++x) SET_DATA_BYTE(line, x, (row[x] >> 8) & 0xff);  // green
  }
  pixSetResolution(pix.get(), dpi, dpi);
  return pix;
}

// A white page `w` x `h` pixels to draw on in black.
struct Paper {
  std::unique_ptr<cairo_surface_t, CairoSurfaceFree> surface;
  std::unique_ptr<cairo_t, CairoFree> cr;
};
inline Paper BlankPaper(int w, int h) {
  Paper paper;
  paper.surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
  paper.cr.reset(cairo_create(paper.surface.get()));
  cairo_set_source_rgb(paper.cr.get(), 1, 1, 1);
  cairo_paint(paper.cr.get());
  cairo_set_source_rgb(paper.cr.get(), 0, 0, 0);
  return paper;
}

// A Pango layout drawing on `cr` at `dpi` in `font` (a Pango description,
// "DejaVu Sans Bold") at `pt` points.
inline std::unique_ptr<PangoLayout, GObjectUnref> TextLayout(cairo_t* cr, int dpi, const char* font, double pt) {
  std::unique_ptr<PangoLayout, GObjectUnref> layout(pango_cairo_create_layout(cr));
  pango_cairo_context_set_resolution(pango_layout_get_context(layout.get()), dpi);
  pango_layout_context_changed(layout.get());
  std::unique_ptr<PangoFontDescription, FontDescriptionFree> description(
      pango_font_description_from_string(font));
  pango_font_description_set_size(description.get(), static_cast<int>(pt * PANGO_SCALE));
  pango_layout_set_font_description(layout.get(), description.get());
  return layout;
}

// Black text on white paper, 8-bit gray, resolution set to `layout.dpi`.
inline ocr::PixPtr RenderText(const std::string& text, const PageLayout& layout = {}) {
  const int w = static_cast<int>(std::lround(layout.width_in * layout.dpi));
  const int h = static_cast<int>(std::lround(layout.height_in * layout.dpi));
  Paper paper = BlankPaper(w, h);
  cairo_surface_t* surface = paper.surface.get();
  cairo_t* cr = paper.cr.get();

  auto pango = TextLayout(cr, layout.dpi, layout.font, layout.font_pt);
  const double margin = layout.margin_in * layout.dpi;
  pango_layout_set_width(pango.get(), static_cast<int>((w - 2 * margin) * PANGO_SCALE));
  pango_layout_set_wrap(pango.get(), PANGO_WRAP_WORD);
  pango_layout_set_text(pango.get(), text.c_str(), -1);
  cairo_move_to(cr, margin, margin);
  pango_cairo_show_layout(cr, pango.get());
  return SurfaceToGray(surface, layout.dpi);
}

// A landscape register page at 300 dpi: the header line of a 2012 birth book
// of xã Vĩnh Phương, then a ruled table, its column rules at `xs` (pixels),
// the first row in bold (the headings).
inline ocr::PixPtr DrawRegister(const std::vector<std::vector<std::string>>& rows,
                                const std::vector<int>& xs = {180, 330, 730, 1330, 1730, 3330}) {
  const int dpi = 300, w = 3508, h = 2480;
  Paper paper = BlankPaper(w, h);
  cairo_surface_t* surface = paper.surface.get();
  cairo_t* cr = paper.cr.get();
  auto text = [&](const std::string& s, double x, double y, double pt, bool bold) {
    auto layout = TextLayout(cr, dpi, bold ? "DejaVu Sans Bold" : "DejaVu Sans", pt);
    pango_layout_set_text(layout.get(), s.c_str(), -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout.get());
  };
  text("SỔ ĐĂNG KÝ KHAI SINH - XÃ VĨNH PHƯƠNG - QUYỂN SỐ 01/2012", 700, 160, 14, true);
  const int top = 330, row_h = 200;
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      text(rows[r][c], xs[c] + 25, top + static_cast<int>(r) * row_h + 70, 11, r == 0);
    }
  }
  cairo_set_line_width(cr, 3.5);
  for (size_t r = 0; r <= rows.size(); ++r) {
    cairo_move_to(cr, xs.front(), top + static_cast<int>(r) * row_h);
    cairo_line_to(cr, xs.back(), top + static_cast<int>(r) * row_h);
  }
  for (int x : xs) {
    cairo_move_to(cr, x, top);
    cairo_line_to(cr, x, top + static_cast<int>(rows.size()) * row_h);
  }
  cairo_stroke(cr);
  return SurfaceToGray(surface, dpi);
}

// A few paragraphs of Vietnamese administrative prose, enough text for
// orientation and skew detection.
inline std::string VietnameseParagraphs() {
  return "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
         "TỜ KHAI ĐĂNG KÝ KHAI SINH\n\n"
         "Kính gửi: Ủy ban nhân dân phường Lộc Thọ, thành phố Nha Trang, tỉnh Khánh Hòa.\n"
         "Họ, chữ đệm, tên người yêu cầu: NGUYỄN VĂN ĐỨC. Nơi cư trú: số 12 đường Trần Phú, "
         "phường Lộc Thọ. Giấy tờ tùy thân: Căn cước công dân số 056089001234 cấp ngày "
         "14 tháng 5 năm 2021. Quan hệ với người được khai sinh: cha.\n"
         "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây: Họ, chữ đệm, tên: NGUYỄN "
         "THỊ MAI ANH. Ngày, tháng, năm sinh: 02 tháng 6 năm 2023. Giới tính: nữ. Dân tộc: "
         "Kinh. Quốc tịch: Việt Nam. Nơi sinh: Bệnh viện Đa khoa tỉnh Khánh Hòa. Quê quán: "
         "xã Vĩnh Lương, thành phố Nha Trang, tỉnh Khánh Hòa.\n"
         "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự "
         "thỏa thuận nhất trí của các bên liên quan theo quy định pháp luật. Tôi chịu hoàn "
         "toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình.\n"
         "Làm tại: Nha Trang, ngày 20 tháng 6 năm 2023. Người yêu cầu ký, ghi rõ họ, chữ đệm, "
         "tên. Ý kiến của cán bộ tư pháp hộ tịch: đủ điều kiện đăng ký khai sinh theo quy "
         "định của Luật Hộ tịch năm 2014 và Nghị định số 123/2015/NĐ-CP.\n";
}

inline std::string PixToJpeg(Pix* pix, int quality = 90) {
  l_uint8* data = nullptr;
  size_t size = 0;
  pixWriteMemJpeg(&data, &size, pix, quality, 0);
  LeptBytes owned(data);
  return std::string(reinterpret_cast<const char*>(data), size);
}

inline std::string PixToPng(Pix* pix) {
  l_uint8* data = nullptr;
  size_t size = 0;
  pixWriteMemPng(&data, &size, pix, 0);
  LeptBytes owned(data);
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Black where the page is dark: 1 bit, Leptonica's 1 = black.
inline ocr::PixPtr Threshold(Pix* gray, int threshold = 128) {
  return ocr::PixPtr(pixThresholdToBinary(gray, threshold));
}

// Share of pixels darker than mid-gray: a page of text is a few percent.
inline double DarkFraction(Pix* pix) {
  ocr::PixPtr gray(pixConvertTo8(pix, 0));
  ocr::PixPtr bin(pixThresholdToBinary(gray.get(), 128));
  l_int32 count = 0;
  pixCountPixels(bin.get(), &count, nullptr);
  return static_cast<double>(count) / (pixGetWidth(pix) * static_cast<double>(pixGetHeight(pix)));
}

}  // namespace sohoa::testing
