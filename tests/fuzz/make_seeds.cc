// Writes the seed corpora of tests/fuzz/corpus/<harness>/: small inputs of
// every kind each parser takes, made with Leptonica, the PDF writer of the
// OCR tests (tests/ocr/pdf_builder.h) and sohoa's own METS, JSON and bag
// writers, so no outside file is copied into the repository. Each seed meant
// to be valid is read back through the code under test, and the run fails if
// one is refused: a seed that is turned away at the door teaches the fuzzer
// nothing.
//
//   build/fuzz/make_seeds tests/fuzz/corpus
#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/internal/bag_archive.h"
#include "archive/internal/bag_text.h"
#include "archive/internal/mets.h"
#include "archive/internal/sha256.h"
#include "archive/package.h"
#include "ocr/ccitt.h"
#include "ocr/jbig2_decode.h"
#include "ocr/page_source.h"
#include "schema/archival_metadata.h"
#include "tests/ocr/pdf_builder.h"

namespace sohoa::fuzz {
namespace {

namespace fs = std::filesystem;
using testing::BuildImagePdf;
using testing::BuildTextPdf;
using testing::PdfBuilder;
using testing::PdfImagePage;

constexpr const char* kCode = "000.31.22.H32-230620-0017";

fs::path g_out;
int g_failures = 0;

void Write(const std::string& harness, const std::string& name, const std::string& bytes) {
  const fs::path path = g_out / harness / name;
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
  std::printf("%-14s %-28s %6zu bytes\n", harness.c_str(), name.c_str(), bytes.size());
}

void Expect(bool ok, const std::string& what, const std::string& why) {
  if (ok) return;
  std::fprintf(stderr, "seed %s is refused: %s\n", what.c_str(), why.c_str());
  ++g_failures;
}

// Every page of the seed must read, as the pipeline reads it.
void ExpectPages(const std::string& harness, const std::string& name, const std::string& bytes) {
  auto reader = ocr::PageReader::OpenBytes(bytes);
  if (!reader.ok()) return Expect(false, harness + "/" + name, reader.status().ToString());
  for (int i = 0; i < (*reader)->page_count(); ++i) {
    auto page = (*reader)->Read(i);
    if (!page.ok()) return Expect(false, harness + "/" + name, page.status().ToString());
  }
}

void WritePage(const std::string& harness, const std::string& name, const std::string& bytes) {
  ExpectPages(harness, name, bytes);
  Write(harness, name, bytes);
}

std::string Bytes(l_uint8* data, size_t size) {
  testing::LeptBytes owned(data);
  return data == nullptr ? std::string() : std::string(reinterpret_cast<char*>(data), size);
}

// ---- images ----------------------------------------------------------------------

struct PixFree {
  void operator()(Pix* p) const noexcept { pixDestroy(&p); }
};
using Image = std::unique_ptr<Pix, PixFree>;

// A bilevel "page": black bars like lines of print, and a frame.
Image Bilevel(int w, int h) {
  Image pix(pixCreate(w, h, 1));
  for (int y = 4; y + 3 < h - 4; y += 7) {
    const int len = w / 2 + (y * 13) % (w / 3);
    pixRasterop(pix.get(), 4, y, len, 3, PIX_SET, nullptr, 0, 0);
  }
  pixRasterop(pix.get(), 0, 0, w, 1, PIX_SET, nullptr, 0, 0);
  pixRasterop(pix.get(), 0, h - 1, w, 1, PIX_SET, nullptr, 0, 0);
  pixSetResolution(pix.get(), 300, 300);
  return pix;
}

Image Gray(int w, int h) {
  Image pix(pixCreate(w, h, 8));
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) pixSetPixel(pix.get(), x, y, (x * 7 + y * 3) & 0xff);
  }
  pixSetResolution(pix.get(), 200, 200);
  return pix;
}

Image Rgb(int w, int h) {
  Image pix(pixCreate(w, h, 32));
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      l_uint32 v = 0;
      composeRGBPixel((x * 11) & 0xff, (y * 5) & 0xff, ((x + y) * 3) & 0xff, &v);
      pixSetPixel(pix.get(), x, y, v);
    }
  }
  pixSetResolution(pix.get(), 150, 150);
  return pix;
}

std::string Jpeg(Pix* pix, bool progressive = false) {
  l_uint8* data = nullptr;
  size_t size = 0;
  pixWriteMemJpeg(&data, &size, pix, 60, progressive ? 1 : 0);
  return Bytes(data, size);
}

std::string Png(Pix* pix) {
  l_uint8* data = nullptr;
  size_t size = 0;
  pixWriteMemPng(&data, &size, pix, 0.0f);
  return Bytes(data, size);
}

std::string Tiff(Pix* pix, l_int32 compression) {
  l_uint8* data = nullptr;
  size_t size = 0;
  pixWriteMemTiff(&data, &size, pix, compression);
  return Bytes(data, size);
}

std::uint32_t Le(const std::string& b, size_t at, int n) {
  std::uint32_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(b[at + i]);
  return v;
}

// The single strip of a little-endian one-strip TIFF (as Leptonica writes
// them): the coded data alone, e.g. CCITT bits.
std::string OnlyStrip(const std::string& tiff) {
  const std::uint32_t ifd = Le(tiff, 4, 4);
  const std::uint32_t entries = Le(tiff, ifd, 2);
  std::uint32_t offset = 0, count = 0;
  for (std::uint32_t i = 0; i < entries; ++i) {
    const size_t at = ifd + 2 + 12 * i;
    const std::uint32_t tag = Le(tiff, at, 2), type = Le(tiff, at + 2, 2);
    const std::uint32_t value = type == 3 ? Le(tiff, at + 8, 2) : Le(tiff, at + 8, 4);
    if (tag == 273) offset = value;
    if (tag == 279) count = value;
  }
  return tiff.substr(offset, count);
}

std::string G4(Pix* bilevel) {
  L_COMP_DATA* cid = nullptr;
  pixGenerateCIData(bilevel, L_G4_ENCODE, 0, 0, &cid);
  std::string out(reinterpret_cast<char*>(cid->datacomp), cid->nbytescomp);
  l_CIDataDestroy(&cid);
  return out;
}

// ---- JBIG2 (T.88), embedded as in a PDF ---------------------------------------------

void Be(std::string& out, std::uint32_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::string Segment(std::uint32_t number, int type, const std::string& data) {
  std::string out;
  Be(out, number, 4);
  out.push_back(static_cast<char>(type));  // page association in one byte
  out.push_back(0);                        // refers to no segment
  out.push_back(1);                        // page 1
  Be(out, static_cast<std::uint32_t>(data.size()), 4);
  return out + data;
}

std::string PageInfo(int w, int h) {
  std::string d;
  Be(d, w, 4);
  Be(d, h, 4);
  Be(d, 300, 4);
  Be(d, 300, 4);
  d.push_back(0);  // flags
  Be(d, 0, 2);     // no striping
  return Segment(0, 48, d);
}

// An immediate lossless generic region covering the page: MMR-coded (T.6
// data) or arithmetic-coded with template 0 and the nominal AT pixels.
std::string GenericRegion(std::uint32_t number, int w, int h, bool mmr, const std::string& coded) {
  std::string d;
  Be(d, w, 4);
  Be(d, h, 4);
  Be(d, 0, 4);
  Be(d, 0, 4);
  d.push_back(0);  // combination operator OR
  d.push_back(mmr ? 1 : 0);
  if (!mmr) {
    for (int at : {3, -1, -3, -1, 2, -2, -2, -2}) d.push_back(static_cast<char>(at));
  }
  return Segment(number, 39, d + coded);
}

void WriteJbig2(const std::string& name, const std::string& globals, const std::string& data,
                bool must_decode) {
  if (must_decode) {
    auto pix = ocr::DecodeJbig2(data, globals);
    Expect(pix.ok(), "jbig2/" + name, pix.ok() ? "" : pix.status().ToString());
  }
  std::string seed;
  Be(seed, static_cast<std::uint32_t>(globals.size()), 2);
  Write("jbig2", name, seed + globals + data);
}

// ---- PDF --------------------------------------------------------------------------

std::string Ascii85(const std::string& bytes) {
  std::string out;
  for (size_t at = 0; at < bytes.size(); at += 4) {
    const size_t n = std::min<size_t>(4, bytes.size() - at);
    std::uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) {
      v = (v << 8) | (i < n ? static_cast<std::uint8_t>(bytes[at + i]) : 0u);
    }
    if (n == 4 && v == 0) {
      out += 'z';
      continue;
    }
    char group[5];
    for (int i = 4; i >= 0; --i) {
      group[i] = static_cast<char>('!' + v % 85);
      v /= 85;
    }
    out.append(group, n + 1);
  }
  return out + "~>";
}

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out + ">";
}

// Objects in an object stream, found through a cross-reference stream
// (PDF 1.5), rather than a classic xref table.
std::string XrefStreamPdf(const std::string& samples, int w, int h) {
  std::string out = "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets(8, 0);
  auto object = [&](int n, const std::string& body) {
    offsets[n] = out.size();
    out += std::to_string(n) + " 0 obj\n" + body + "\nendobj\n";
  };
  const std::string content = "q 144 0 0 144 0 0 cm /Im0 Do Q\n";
  object(4, "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                "\nendstream");
  const std::string image = testing::Zlib(samples);
  object(5, "<< /Type /XObject /Subtype /Image /Width " + std::to_string(w) + " /Height " +
                std::to_string(h) +
                " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length " +
                std::to_string(image.size()) + " >>\nstream\n" + image + "\nendstream");
  const std::vector<std::string> packed = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 144 144] /Resources << /XObject << /Im0 5 0 "
      "R >> >> /Contents 4 0 R >>"};
  std::string header, body;
  for (size_t i = 0; i < packed.size(); ++i) {
    header += std::to_string(i + 1) + " " + std::to_string(body.size()) + " ";
    body += packed[i] + "\n";
  }
  object(6, "<< /Type /ObjStm /N 3 /First " + std::to_string(header.size()) + " /Length " +
                std::to_string(header.size() + body.size()) + " >>\nstream\n" + header + body +
                "\nendstream");
  offsets[7] = out.size();
  std::string xref;
  auto entry = [&xref](int type, std::uint32_t field2, int field3) {
    xref.push_back(static_cast<char>(type));
    Be(xref, field2, 4);
    Be(xref, static_cast<std::uint32_t>(field3), 2);
  };
  entry(0, 0, 65535);
  for (int i = 0; i < 3; ++i) entry(2, 6, i);
  for (int n = 4; n <= 7; ++n) entry(1, static_cast<std::uint32_t>(offsets[n]), 0);
  out += "7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length " +
         std::to_string(xref.size()) + " >>\nstream\n" + xref + "\nendstream\nendobj\n";
  out += "startxref\n" + std::to_string(offsets[7]) + "\n%%EOF\n";
  return out;
}

// `pdf` with an incremental update that replaces object `number` by its
// body in `updated` (the same PDF built with a change).
std::string WithUpdate(const std::string& pdf, const std::string& updated, int number) {
  const std::string head = std::to_string(number) + " 0 obj\n";
  const size_t begin = updated.find("\n" + head) + 1;
  const size_t end = updated.find("endobj\n", begin) + 7;
  const size_t startxref = pdf.rfind("startxref\n") + 10;
  const std::string previous = pdf.substr(startxref, pdf.find('\n', startxref) - startxref);
  std::string out = pdf;
  const size_t at = out.size();
  out += updated.substr(begin, end - begin);
  const size_t xref = out.size();
  char line[24];
  std::snprintf(line, sizeof line, "%010zu 00000 n \n", at);
  const size_t size_at = pdf.find("/Size ") + 6;
  const std::string size = pdf.substr(size_at, pdf.find(' ', size_at) - size_at);
  out += "xref\n" + std::to_string(number) + " 1\n" + line + "trailer\n<< /Size " + size +
         " /Root 1 0 R /Prev " + previous + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

void PdfSeeds() {
  Image bilevel = Bilevel(96, 64);
  Image gray = Gray(40, 30);
  Image rgb = Rgb(32, 24);
  const std::string g4 = G4(bilevel.get());
  const std::string dims96 = "/Width 96 /Height 64 ";

  auto page = [](std::string dict, std::string data) {
    PdfImagePage p;
    p.image_dict = std::move(dict);
    p.image_data = std::move(data);
    p.width_pt = 144;
    p.height_pt = 96;
    return p;
  };
  WritePage("pdf", "dct-gray.pdf",
            BuildImagePdf({page("/Width 40 /Height 30 /ColorSpace /DeviceGray /BitsPerComponent 8 "
                                "/Filter /DCTDecode",
                                Jpeg(gray.get()))}));
  WritePage("pdf", "dct-rgb-decode-hex.pdf",
            BuildImagePdf({page("/Width 32 /Height 24 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
                                "/Decode [1 0 1 0 1 0] /Filter [/ASCIIHexDecode /DCTDecode]",
                                Hex(Jpeg(rgb.get())))}));
  WritePage("pdf", "flate-gray.pdf",
            BuildImagePdf({page("/Width 40 /Height 30 /ColorSpace /DeviceGray /BitsPerComponent 8 "
                                "/Filter /FlateDecode",
                                testing::Zlib(testing::GraySamples(gray.get())))}));
  {
    // 1 bit a sample with a PNG predictor (Up on every row).
    const std::string samples = testing::BilevelSamples(bilevel.get());
    std::string predicted;
    for (size_t row = 0; row < 64; ++row) {
      predicted.push_back(2);
      for (size_t i = 0; i < 12; ++i) {
        const auto above = row > 0 ? samples[(row - 1) * 12 + i] : 0;
        predicted.push_back(static_cast<char>(samples[row * 12 + i] - above));
      }
    }
    WritePage("pdf", "flate-bilevel-predictor.pdf",
              BuildImagePdf({page(dims96 + "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter "
                                           "/FlateDecode /DecodeParms << /Predictor 15 /Colors 1 "
                                           "/BitsPerComponent 1 /Columns 96 >>",
                                  testing::Zlib(predicted))}));
  }
  {
    std::string rgb_samples, cmyk_samples, indexed;
    for (int i = 0; i < 16 * 8; ++i) {
      for (int c = 0; c < 3; ++c) rgb_samples.push_back(static_cast<char>(i * (c + 3)));
      for (int c = 0; c < 4; ++c) cmyk_samples.push_back(static_cast<char>(i * (c + 1)));
      indexed.push_back(static_cast<char>(i % 4));
    }
    WritePage("pdf", "flate-rgb-rotated-form.pdf", [&] {
      PdfImagePage p = page(
          "/Width 16 /Height 8 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
          "/Filter /FlateDecode",
          testing::Zlib(rgb_samples));
      p.rotate = 90;
      p.in_form = true;
      return BuildImagePdf({p});
    }());
    WritePage("pdf", "cmyk-raw.pdf",
              BuildImagePdf({page("/Width 16 /Height 8 /ColorSpace /DeviceCMYK "
                                  "/BitsPerComponent 8",
                                  cmyk_samples)}));
    WritePage("pdf", "indexed-icc.pdf", [&] {
      PdfImagePage p = page(
          "/Width 16 /Height 8 /ColorSpace [/Indexed /DeviceRGB 3 <FF0000 00FF00 0000FF "
          "FFFFFF>] /BitsPerComponent 8 /Filter /FlateDecode",
          testing::Zlib(indexed));
      PdfImagePage q =
          page("/Width 40 /Height 30 /BitsPerComponent 8", testing::GraySamples(gray.get()));
      q.icc_components = 1;
      return BuildImagePdf({p, q});
    }());
    WritePage("pdf", "separation-a85.pdf",
              BuildImagePdf({page("/Width 16 /Height 8 /ColorSpace [/Separation /Black "
                                  "/DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] "
                                  "/C1 [0 0 0 1] /N 1 >>] /BitsPerComponent 8 /Filter "
                                  "/ASCII85Decode",
                                  Ascii85(indexed + rgb_samples))}));
  }
  WritePage(
      "pdf", "ccitt-g4.pdf",
      BuildImagePdf({page(dims96 + "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter "
                                   "/CCITTFaxDecode /DecodeParms << /K -1 /Columns 96 /Rows 64 >>",
                          g4)}));
  WritePage("pdf", "ccitt-g4-blackis1-mask.pdf",
            BuildImagePdf({page(dims96 + "/ImageMask true /Decode [1 0] /Filter /CCITTFaxDecode "
                                         "/DecodeParms << /K -1 /Columns 96 /BlackIs1 true >>",
                                g4)}));
  WritePage("pdf", "jbig2-mmr.pdf",
            BuildImagePdf({page(dims96 + "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter "
                                         "/JBIG2Decode",
                                PageInfo(96, 64) + GenericRegion(1, 96, 64, true, g4))}));
  {
    l_uint8* data = nullptr;
    size_t size = 0;
    pixWriteMemJp2k(&data, &size, gray.get(), 34, 3, 0, 0);
    const std::string jp2 = Bytes(data, size);
    if (!jp2.empty()) {
      WritePage("pdf", "jpx-gray.pdf",
                BuildImagePdf({page("/Width 40 /Height 30 /ColorSpace /DeviceGray "
                                    "/BitsPerComponent 8 /Filter /JPXDecode",
                                    jp2)}));
    }
  }
  WritePage("pdf", "text.pdf",
            BuildTextPdf("BT /F1 12 Tf 72 700 Td (Giay tiep nhan ho so) Tj 0 -14 Td [(Ma ho so: "
                         ") -300 (000.31.22.H32-230620-0017)] TJ T* (Ngay 14/05/2023) ' ET\n"
                         "0 0 m 100 100 l S\n"));
  WritePage("pdf", "xref-stream-objstm.pdf",
            XrefStreamPdf(testing::GraySamples(gray.get()), 40, 30));
  {
    PdfImagePage p = page(
        "/Width 40 /Height 30 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        "/Filter /FlateDecode",
        testing::Zlib(testing::GraySamples(gray.get())));
    const std::string before = BuildImagePdf({p});
    p.rotate = 270;
    WritePage("pdf", "incremental-update.pdf", WithUpdate(before, BuildImagePdf({p}), 6));
  }
}

// ---- page harnesses -----------------------------------------------------------------

void RasterSeeds() {
  Image bilevel = Bilevel(96, 64);
  Image gray = Gray(40, 30);
  Image rgb = Rgb(32, 24);
  WritePage("jpeg", "gray.jpg", Jpeg(gray.get()));
  WritePage("jpeg", "rgb.jpg", Jpeg(rgb.get()));
  WritePage("jpeg", "rgb-progressive.jpg", Jpeg(rgb.get(), true));
  {
    // JFIF density in dots per cm, and pixels that are not square.
    Image wide(pixCopy(nullptr, gray.get()));
    pixSetResolution(wide.get(), 100, 200);
    WritePage("jpeg", "gray-nonsquare.jpg", Jpeg(wide.get()));
  }

  WritePage("png", "bilevel.png", Png(bilevel.get()));
  WritePage("png", "gray.png", Png(gray.get()));
  WritePage("png", "rgb.png", Png(rgb.get()));
  {
    Image mapped(pixConvertRGBToColormap(rgb.get(), 1));
    WritePage("png", "palette.png", Png(mapped.get()));
  }

  WritePage("tiff", "g4.tif", Tiff(bilevel.get(), IFF_TIFF_G4));
  WritePage("tiff", "g3.tif", Tiff(bilevel.get(), IFF_TIFF_G3));
  WritePage("tiff", "gray-lzw.tif", Tiff(gray.get(), IFF_TIFF_LZW));
  WritePage("tiff", "rgb-zip.tif", Tiff(rgb.get(), IFF_TIFF_ZIP));
  WritePage("tiff", "bilevel-packbits.tif", Tiff(bilevel.get(), IFF_TIFF_PACKBITS));
  {
    Image wide(pixCopy(nullptr, bilevel.get()));
    pixSetResolution(wide.get(), 200, 100);
    WritePage("tiff", "g4-nonsquare.tif", Tiff(wide.get(), IFF_TIFF_G4));
  }
  {
    Pixa* pixa = pixaCreate(3);
    pixaAddPix(pixa, bilevel.get(), L_COPY);
    pixaAddPix(pixa, gray.get(), L_COPY);
    pixaAddPix(pixa, rgb.get(), L_COPY);
    l_uint8* data = nullptr;
    size_t size = 0;
    pixaWriteMemMultipageTiff(&data, &size, pixa);
    pixaDestroy(&pixa);
    WritePage("tiff", "three-pages.tif", Bytes(data, size));
  }

  // page_reader takes any file: one of each type, and things that are not scans.
  WritePage("page_reader", "gray.jpg", Jpeg(gray.get()));
  WritePage("page_reader", "bilevel.png", Png(bilevel.get()));
  WritePage("page_reader", "g4.tif", Tiff(bilevel.get(), IFF_TIFF_G4));
  WritePage("page_reader", "text.pdf", BuildTextPdf("BT /F1 12 Tf 72 700 Td (So hoa) Tj ET\n"));
  Write("page_reader", "zip.bin", std::string("PK\x03\x04\x14\0\0\0\0\0", 10));
  Write("page_reader", "junk-then-pdf.bin", "Received: by mail\r\n\r\n%PDF-1.4\n%%EOF\n");
}

void CodecSeeds() {
  Image bilevel = Bilevel(96, 64);
  const std::string g4 = G4(bilevel.get());
  const std::string g3 = OnlyStrip(Tiff(bilevel.get(), IFF_TIFF_G3));

  auto ccitt = [](const std::string& name, int k_byte, int columns, int rows, int flags,
                  const std::string& data) {
    std::string seed;
    seed.push_back(static_cast<char>(k_byte));
    Be(seed, static_cast<std::uint32_t>(columns), 2);
    Be(seed, static_cast<std::uint32_t>(rows), 2);
    seed.push_back(static_cast<char>(flags));
    ocr::CcittParams params;
    params.k = k_byte % 3 - 1;
    params.columns = columns;
    params.rows = rows;
    params.black_is_1 = (flags & 1) != 0;
    params.encoded_byte_align = (flags & 2) != 0;
    params.end_of_line = (flags & 4) != 0;
    auto pix = ocr::DecodeCcitt(data, params);
    Expect(pix.ok(), "ccitt/" + name, pix.ok() ? "" : pix.status().ToString());
    Write("ccitt", name, seed + data);
  };
  ccitt("g4.bin", 0, 96, 64, 0, g4);
  ccitt("g4-blackis1.bin", 0, 96, 64, 1, g4);
  ccitt("g3-1d-eol.bin", 1, 96, 64, 4, g3);

  WriteJbig2("mmr.bin", "", PageInfo(96, 64) + GenericRegion(1, 96, 64, true, g4), true);
  // Arithmetic-coded generic region: any bytes decode to some image.
  std::string coded;
  for (int i = 0; i < 200; ++i) coded.push_back(static_cast<char>((i * 37 + 11) & 0xff));
  coded += std::string("\xFF\xAC", 2);
  WriteJbig2("arithmetic.bin", "", PageInfo(64, 32) + GenericRegion(1, 64, 32, false, coded),
             false);
  // The page information in /JBIG2Globals, the region in the page's stream.
  WriteJbig2("globals.bin", PageInfo(96, 64), GenericRegion(1, 96, 64, true, g4), false);
  // End of stripe and end of page segments after the region.
  {
    std::string end_of_stripe;
    Be(end_of_stripe, 63, 4);
    WriteJbig2("end-segments.bin", "",
               PageInfo(96, 64) + GenericRegion(1, 96, 64, true, g4) +
                   Segment(2, 50, end_of_stripe) + Segment(3, 49, ""),
               true);
  }
}

// ---- text inputs ---------------------------------------------------------------------

void TextSeeds() {
  Write("register_csv", "canonical.csv",
        "ma_ho_so,ma_thu_tuc,ten_thu_tuc,co_quan,ngay_tiep_nhan,ngay_hen_tra,kenh,"
        "ket_qua_dien_tu\n"
        "000.31.22.H32-230620-0017,1.001193,Đăng ký khai sinh,000.31.22.H32,20/06/2023,"
        "23/06/2023,truc_tiep,1\n"
        "000.31.22.H32-230621-0003,1.000894,Đăng ký kết hôn,000.31.22.H32,2023-06-21,,"
        "truc_tuyen,0\n"
        "000.31.22.H32-230622-0001,1.001193,,,,,,\n");
  Write(
      "register_csv", "vietnamese-bom-crlf.csv",
      "\xEF\xBB\xBFMã hồ sơ,Mã thủ tục,Tên thủ tục,Cơ quan,Ngày tiếp nhận,Kết quả điện tử\r\n"
      "H32.22.31-230620-0017,1.001193,\"Đăng ký khai sinh, có yếu tố \"\"nước ngoài\"\"\","
      "UBND xã Tân Phú,1/6/2023 08:30,có\r\n"
      "000.31.22.H32-230620-0018,1.011442.000.00.00.H38,\"Thủ tục\r\nhai dòng\",,15/13/2023,x\r\n");
  Write("register_csv", "english-bad-rows.csv",
        "dossier_code,procedure_code,received_date,agency_code,due_date,e_result\n"
        "000.31.22.H32-230620-0017,1.001193,2023-02-30,000.31.22.H32,,maybe\n"
        "has space,1.001193,2023-02-28,,,\n"
        "000.31.22.H32-230620-0017,1.001193,2024-02-29,,2024-03-01T08:00,yes\n"
        "000.31.22.H32-230620-0019,1.001193\n"
        "\"unclosed,1.001193,2023-01-01\n");

  Write("book_csv", "canonical.csv",
        "ma_so,so_muc,loai,co_quan,nam,quyen,xa\n"
        "KS-2012-01,250,khai_sinh,000.31.22.H32,2012,1,Tân Phú\n"
        "KH-2013-02,,Kết hôn,,2013,02,\n"
        "KT-2014-01,99,KT,000.31.22.H32,,,\n");
  Write("book_csv", "vietnamese-bad-rows.csv",
        "\xEF\xBB\xBFMã sổ,Số mục,Loại sổ,Năm,Quyển\r\n"
        "KS-2012-01,12345678,khai sinh,2012,3\r\n"
        "KS-2012-02,-4,ly hôn,1850,\r\n"
        "KS-2012-01,10,KS,20x2,\r\n"
        ",10,KS,2012,\r\n");

  const char* queries[] = {
      "nguyen van duc",
      "\"trần thị lan\" -lan ngu*",
      "code:000.31.22.H32-2306 procedure:1.001193",
      "procedure:\"khai sinh\" field:\"hộ tịch\" agency:000.00.22.H32",
      "cccd:056189004512 name:\"nguyen van duc\" kind:receipt -kind:result",
      "received:2023-01-01..2023-06-30 received:..2023-06-30 received:2024-02-29",
      "\"trần thị l\"* 14/05/2023 000.31.22.H32-230620-0017",
      "\"unclosed quote",
      "-only -\"exclusions\"",
      "unknown:filter *star received:2023-02-30",
  };
  int n = 0;
  for (const char* q : queries) Write("query", "q" + std::to_string(++n) + ".txt", q);
}

// ---- METS and bags -----------------------------------------------------------------

DossierRecord Dossier(const std::string& scan_sha, std::int64_t scan_size) {
  DossierRecord d;
  d.code = kCode;
  d.code_source = kSourceBarcode;
  d.agency_code = "000.31.22.H32";
  d.received_date = "2023-06-20";
  d.procedure_code = "1.001193";
  d.procedure_name = "Đăng ký khai sinh";
  d.field = "Hộ tịch";
  d.applicant = "NGUYỄN VĂN ĐỨC";
  DocumentRecord doc;
  doc.kind = kKindReceipt;
  doc.title = "Giấy tiếp nhận hồ sơ";
  doc.source_sha256 = scan_sha;
  doc.source_name = "biên nhận.jpg";
  doc.media_type = "image/jpeg";
  doc.source_bytes = scan_size;
  PageRecord page;
  page.number = 1;
  page.image_sha256 = scan_sha;
  page.text = "GIẤY TIẾP NHẬN HỒ SƠ\nMã hồ sơ: 000.31.22.H32-230620-0017";
  page.dpi = 300;
  page.width = 40;
  page.height = 30;
  doc.pages.push_back(page);
  d.documents.push_back(doc);
  FieldValue applicant;
  applicant.name = "applicant_name";
  applicant.value = d.applicant;
  applicant.confidence = 0.9f;
  applicant.source = kSourceOcr;
  applicant.document = 1;
  applicant.page = 1;
  d.fields.push_back(applicant);
  return d;
}

std::vector<archive::internal::PremisEvent> Events() {
  return {
      {"ingestion", "2023-06-20T08:12:33.123Z", "sohoa", "success", "from inbox/biên nhận.jpg"},
      {"message digest calculation", "2023-06-20T08:12:33Z", "sohoa", "success", "SHA-256"},
      {"review", "2023-06-21T10:00Z", "cán bộ <Lan> & \"Tú\"", "failure",
       "applicant_name: 'NGUYEN' → \"NGUYỄN\"\r\n\ttab"},
  };
}

std::string Sha(std::string_view bytes) {
  archive::internal::Sha256 hash;
  hash.Update(bytes.data(), bytes.size());
  return hash.HexDigest();
}

void MetsSeeds(const std::string& scan) {
  const DossierRecord d = Dossier(Sha(scan), static_cast<std::int64_t>(scan.size()));
  const ArchivalMetadata metadata = BuildArchivalMetadata(d, nullptr, "20");
  std::vector<archive::internal::MetsFile> files = {
      {"biên nhận.jpg", Sha(scan), static_cast<std::int64_t>(scan.size()), "image/jpeg",
       archive::internal::MetsFile::Group::kOriginal, 1, "biên nhận.jpg"},
      {std::string(kCode) + ".json", Sha("{}"), 2, "application/json",
       archive::internal::MetsFile::Group::kMetadata, 0, ""},
  };
  const std::string full = archive::internal::MetsXml(d, metadata, files, Events());
  auto read = archive::internal::ReadPremisEvents(full);
  Expect(read.ok() && read->size() == 3, "mets/full.xml",
         read.ok() ? "" : read.status().ToString());
  Write("mets", "full.xml", full);
  Write("mets", "no-events.xml", archive::internal::MetsXml(d, ArchivalMetadata{}, {}, {}));
  Write("mets", "one-event.xml",
        archive::internal::MetsXml(DossierRecord{}, ArchivalMetadata{}, {}, {Events()[0]}));
  Write("mets", "unclosed.xml", full.substr(0, full.size() / 2));
  std::string bad_outcome = full;
  bad_outcome.replace(bad_outcome.find(">success<"), 9, ">done<");
  Write("mets", "bad-outcome.xml", bad_outcome);
}

// One valid bag with one dossier, as `sohoa export` lays it out.
std::string BagFiles(const std::string& scan, archive::BagFormat format, const fs::path& dir,
                     bool damaged) {
  namespace internal = archive::internal;
  const std::string top = "khai-sinh/";
  const DossierRecord d = Dossier(Sha(scan), static_cast<std::int64_t>(scan.size()));
  const ArchivalMetadata metadata = BuildArchivalMetadata(d, nullptr, "");
  const std::string json = archive::DossierJson(d, &metadata, false);
  const std::vector<archive::DossierFile> named = archive::DossierFiles(d);
  std::vector<std::pair<std::string, std::string>> payload;  // path in the bag, bytes
  std::vector<internal::MetsFile> mets_files;
  for (const archive::DossierFile& f : named) {
    payload.emplace_back("data/" + std::string(kCode) + "/" + f.name, scan);
    mets_files.push_back({f.name, f.sha256, static_cast<std::int64_t>(scan.size()), f.media_type,
                          internal::MetsFile::Group::kOriginal, f.document, f.source_name});
  }
  payload.emplace_back("data/" + std::string(kCode) + "/" + archive::MetadataFileName(d), json);
  payload.emplace_back("data/" + std::string(kCode) + "/METS.xml",
                       internal::MetsXml(d, metadata, mets_files, Events()));
  std::string manifest;
  std::int64_t bytes = 0;
  for (const auto& [path, data] : payload) {
    manifest += Sha(data) + "  " + internal::EncodeManifestPath(path) + "\n";
    bytes += static_cast<std::int64_t>(data.size());
  }
  if (damaged) manifest.erase(0, manifest.find('\n') + 1);  // a payload file not listed
  const std::string info =
      "Source-Organization: UBND xã Tân Phú\nBagging-Date: 2024-03-15\n"
      "Payload-Oxum: " +
      std::to_string(bytes) + "." + std::to_string(payload.size()) + "\nBag-Count: 1 of 1\n";
  const std::string tagmanifest = Sha(internal::kBagitTxt) + "  bagit.txt\n" + Sha(info) +
                                  "  bag-info.txt\n" + Sha(manifest) + "  manifest-sha256.txt\n";

  const fs::path file = dir / "bag";
  auto writer = internal::ArchiveWriter::Create(file, format, 1700000000);
  if (!writer.ok()) {
    Expect(false, "bag", writer.status().ToString());
    return "";
  }
  std::vector<Status> written;
  written.push_back(writer->AddFile(top + "bagit.txt", internal::kBagitTxt));
  for (const auto& [path, data] : payload) written.push_back(writer->AddFile(top + path, data));
  written.push_back(writer->AddFile(top + "manifest-sha256.txt", manifest));
  written.push_back(writer->AddFile(top + "bag-info.txt", info));
  written.push_back(writer->AddFile(top + "tagmanifest-sha256.txt", tagmanifest));
  written.push_back(writer->Close());
  for (const Status& s : written) Expect(s.ok(), "bag", s.ToString());

  auto catalog = archive::Catalog::Open(dir / "catalog.db", true);
  if (!catalog.ok()) {
    Expect(false, "bag", catalog.status().ToString());
    return "";
  }
  auto check = archive::CheckBag(**catalog, file);
  if (!check.ok()) {
    Expect(false, "bag", check.status().ToString());
  } else if (check->ok() == damaged) {
    Expect(false, "bag",
           check->problems.empty() ? "a damaged bag passes its check"
                                   : check->problems[0].entry + " " + check->problems[0].message);
  }
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void BagSeeds(const std::string& scan) {
  const fs::path dir = fs::temp_directory_path() / "sohoa-make-seeds";
  fs::remove_all(dir);
  fs::create_directories(dir);
  Write("bag", "bag.tar", BagFiles(scan, archive::BagFormat::kTar, dir, false));
  Write("bag", "bag.zip", BagFiles(scan, archive::BagFormat::kZip, dir, false));
  Write("bag", "bag.tar.gz", BagFiles(scan, archive::BagFormat::kTarGz, dir, false));
  Write("bag", "bag.tar.zst", BagFiles(scan, archive::BagFormat::kTarZst, dir, false));
  Write("bag", "unlisted-payload.tar.gz", BagFiles(scan, archive::BagFormat::kTarGz, dir, true));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sohoa::fuzz

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR (tests/fuzz/corpus)\n", argv[0]);
    return 2;
  }
  using namespace sohoa::fuzz;
  g_out = argv[1];
  RasterSeeds();
  PdfSeeds();
  CodecSeeds();
  TextSeeds();
  Image gray = Gray(16, 12);
  const std::string scan = Jpeg(gray.get());
  MetsSeeds(scan);
  BagSeeds(scan);
  if (g_failures > 0) {
    std::fprintf(stderr, "%d seeds were refused\n", g_failures);
    return 1;
  }
  return 0;
}
