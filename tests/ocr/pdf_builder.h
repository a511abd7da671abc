// Test helper (header-only): writes small PDFs byte by byte, so that a test
// controls every key of the image dictionary it is about (filters, colour
// spaces, /Decode, /Rotate, Form XObjects) and does not depend on the PDF
// library under test.
#pragma once

#include <leptonica/allheaders.h>

#include <string>
#include <vector>

#include "tests/ocr/render.h"
#include "tests/pdf_writer.h"

namespace sohoa::testing {

// One page per entry; each page draws its image over the whole media box
// (or, with `in_form`, through a Form XObject) and may have /Rotate.
struct PdfImagePage {
  std::string image_dict;  // e.g. "/Width 10 /Height 10 /ColorSpace /DeviceGray ..."
  std::string image_data;  // the stream bytes, already encoded
  double width_pt = 595, height_pt = 842;
  int rotate = 0;
  bool in_form = false;
  std::string extra_content;  // appended to the page's content stream
  std::string image_matrix;   // the "cm" operands; empty: the whole media box
  int icc_components = 0;     // > 0: /ColorSpace [/ICCBased <stream with /N>]
};

inline std::string BuildImagePdf(const std::vector<PdfImagePage>& pages) {
  PdfBuilder pdf;
  const int catalog = pdf.Reserve();
  const int tree = pdf.Reserve();
  const int font = pdf.Add(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
      "/Encoding /WinAnsiEncoding >>");
  std::string kids;
  for (const PdfImagePage& page : pages) {
    std::string color_space;
    if (page.icc_components > 0) {
      // The profile's bytes do not matter to sohoa, only /N.
      const int profile = pdf.AddStream("/N " + std::to_string(page.icc_components), "icc");
      color_space = " /ColorSpace [/ICCBased " + PdfBuilder::Ref(profile) + "]";
    }
    const int image = pdf.AddStream(
        "/Type /XObject /Subtype /Image " + page.image_dict + color_space, page.image_data);
    char draw[160];
    std::snprintf(draw, sizeof draw, "q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q\n", page.width_pt,
                  page.height_pt);
    if (!page.image_matrix.empty()) {
      std::snprintf(draw, sizeof draw, "q %s cm /Im0 Do Q\n", page.image_matrix.c_str());
    }
    std::string content = draw;
    std::string xobjects = "/Im0 " + PdfBuilder::Ref(image);
    if (page.in_form) {
      char bbox[96];
      std::snprintf(bbox, sizeof bbox, "/BBox [0 0 %.3f %.3f]", page.width_pt, page.height_pt);
      const int form =
          pdf.AddStream("/Type /XObject /Subtype /Form " + std::string(bbox) +
                            " /Resources << /XObject << /Im0 " + PdfBuilder::Ref(image) + " >> >>",
                        draw);
      content = "/Fm0 Do\n";
      xobjects = "/Fm0 " + PdfBuilder::Ref(form);
    }
    const int contents = pdf.AddStream("", content + page.extra_content);
    char box[96];
    std::snprintf(box, sizeof box, "/MediaBox [0 0 %.3f %.3f]", page.width_pt, page.height_pt);
    const int p =
        pdf.Add("<< /Type /Page /Parent " + PdfBuilder::Ref(tree) + " " + box + " /Rotate " +
                std::to_string(page.rotate) + " /Resources << /XObject << " + xobjects +
                " >> /Font << /F1 " + PdfBuilder::Ref(font) + " >> >> /Contents " +
                PdfBuilder::Ref(contents) + " >>");
    kids += PdfBuilder::Ref(p) + " ";
  }
  pdf.Set(catalog, "<< /Type /Catalog /Pages " + PdfBuilder::Ref(tree) + " >>");
  pdf.Set(tree,
          "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>");
  return pdf.Build(catalog);
}

// A born-digital page: Helvetica text, no image at all.
inline std::string BuildTextPdf(const std::string& content) {
  PdfBuilder pdf;
  const int catalog = pdf.Reserve();
  const int tree = pdf.Reserve();
  const int font = pdf.Add(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
      "/Encoding /WinAnsiEncoding >>");
  const int contents = pdf.AddStream("", content);
  const int page =
      pdf.Add("<< /Type /Page /Parent " + PdfBuilder::Ref(tree) +
              " /MediaBox [0 0 612 792] /Resources << /Font << /F1 " + PdfBuilder::Ref(font) +
              " >> >> /Contents " + PdfBuilder::Ref(contents) + " >>");
  pdf.Set(catalog, "<< /Type /Catalog /Pages " + PdfBuilder::Ref(tree) + " >>");
  pdf.Set(tree, "<< /Type /Pages /Kids [" + PdfBuilder::Ref(page) + "] /Count 1 >>");
  return pdf.Build(catalog);
}

inline std::string Zlib(const std::string& raw) {
  size_t size = 0;
  l_uint8* data = zlibCompress(reinterpret_cast<const l_uint8*>(raw.data()), raw.size(), &size);
  LeptBytes owned(data);
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Raw samples of an 8-bit gray Pix, row by row.
inline std::string GraySamples(Pix* gray) {
  std::string out;
  const int w = pixGetWidth(gray), h = pixGetHeight(gray);
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = pixGetData(gray) + static_cast<long>(pixGetWpl(gray)) * y;
    for (int x = 0; x < w; ++x) out.push_back(static_cast<char>(GET_DATA_BYTE(line, x)));
  }
  return out;
}

// Raw samples of a 1-bit Pix the PDF way (DeviceGray: 0 is black), each
// row padded to a byte.
inline std::string BilevelSamples(Pix* bin) {
  std::string out;
  const int w = pixGetWidth(bin), h = pixGetHeight(bin);
  const int row_bytes = (w + 7) / 8;
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = pixGetData(bin) + static_cast<long>(pixGetWpl(bin)) * y;
    for (int j = 0; j < row_bytes; ++j) {
      unsigned byte = 0;
      for (int b = 0; b < 8; ++b) {
        const int x = j * 8 + b;
        const unsigned black = x < w ? GET_DATA_BIT(line, x) : 0;
        byte = (byte << 1) | (black ? 0u : 1u);
      }
      out.push_back(static_cast<char>(byte));
    }
  }
  return out;
}

}  // namespace sohoa::testing
