// Test helper (header-only, no dependencies): files built to break readers,
// as a hostile tester made them. Each is generated, never checked in.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "tests/pdf_writer.h"

namespace sohoa::testing {

// `depth` dictionaries nested inside each other: "<< /A << /A ... 1 >> >>".
inline std::string NestedDictionaries(int depth) {
  std::string out;
  out.reserve(static_cast<size_t>(depth) * 10 + 8);
  for (int i = 0; i < depth; ++i) out += "<< /A ";
  out += "1";
  for (int i = 0; i < depth; ++i) out += " >>";
  return out;
}

// A PDF of these objects (numbered from 1, the first the catalog).
inline std::string PdfOf(const std::vector<std::string>& objects) {
  PdfBuilder pdf;
  for (const std::string& object : objects) pdf.Add(object);
  return pdf.Build(1);
}

// A one-page PDF whose page dictionary holds `depth` nested dictionaries in
// plain sight. 20,000 levels are about 180 KB and overflowed PoDoFo's stack.
inline std::string DeeplyNestedPdf(int depth) {
  return PdfOf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /X " + NestedDictionaries(depth) +
                    " >>"});
}

// A well-formed PDF whose one page image is not the Flate data it claims.
inline std::string PdfWithDamagedImage() {
  const std::string junk(64, 'Z');
  const std::string draw = "q 200 0 0 200 0 0 cm /Im0 Do Q";
  return PdfOf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /Im0 4 0 R "
                ">> >> /Contents 5 0 R >>",
                "<< /Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceGray "
                "/BitsPerComponent 8 /Filter /FlateDecode /Length " +
                    std::to_string(junk.size()) + " >>\nstream\n" + junk + "\nendstream",
                "<< /Length " + std::to_string(draw.size()) + " >>\nstream\n" + draw + "\nendstream"});
}

// The same nesting hidden inside an object stream behind a cross-reference
// stream, where no look at the file's bytes sees it: PoDoFo 0.9.8 spins on
// this one for minutes (a reader must be stopped from outside).
inline std::string NestedPdfInObjectStream(int depth) {
  const std::string page =
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /X " + NestedDictionaries(depth) + " >>";
  const std::string header = "3 0 ";
  const std::string stream = header + page;
  std::string out = "%PDF-1.5\n";
  std::vector<size_t> offsets(6, 0);
  auto add = [&](int n, const std::string& body) {
    offsets[static_cast<size_t>(n)] = out.size();
    out += std::to_string(n) + " 0 obj\n" + body + "\nendobj\n";
  };
  add(1, "<< /Type /Catalog /Pages 2 0 R >>");
  add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  add(4, "<< /Type /ObjStm /N 1 /First " + std::to_string(header.size()) + " /Length " +
             std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream");
  const size_t xref = out.size();
  offsets[5] = xref;
  auto row = [](std::string& rows, int type, std::uint32_t field2, std::uint16_t field3) {
    rows += static_cast<char>(type);
    for (int shift : {24, 16, 8, 0}) rows += static_cast<char>((field2 >> shift) & 0xFF);
    rows += static_cast<char>(field3 >> 8);
    rows += static_cast<char>(field3 & 0xFF);
  };
  std::string rows;
  row(rows, 0, 0, 65535);
  row(rows, 1, static_cast<std::uint32_t>(offsets[1]), 0);
  row(rows, 1, static_cast<std::uint32_t>(offsets[2]), 0);
  row(rows, 2, 4, 0);
  row(rows, 1, static_cast<std::uint32_t>(offsets[4]), 0);
  row(rows, 1, static_cast<std::uint32_t>(xref), 0);
  out += "5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length " + std::to_string(rows.size()) +
         " >>\nstream\n" + rows + "\nendstream\nendobj\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

}  // namespace sohoa::testing
