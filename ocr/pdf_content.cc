#include "ocr/pdf_content.h"

#include <podofo/podofo.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <string_view>
#include <utility>

#include "ocr/pdf_keys.h"
#include "ocr/pdf_stream.h"

namespace sohoa::ocr {
namespace {

using PoDoFo::PdfObject;
using PoDoFo::PdfVariant;

constexpr int kMaxFormDepth = 12;

// A content stream's bytes, its filters undone (pdf_stream.h). A stream
// that cannot be undone makes the page's content unreadable, as a PoDoFo
// error would: LoadPage then falls back to the images in /Resources.
std::string ContentBytes(PdfObject& stream) {
  Result<std::string> bytes = UnfilteredStream(stream);
  if (!bytes.ok()) {
    throw PoDoFo::PdfError(PoDoFo::ePdfError_InvalidStream, __FILE__, __LINE__,
                           bytes.status().message().c_str());
  }
  return std::move(bytes).value();
}

bool IsNumeric(const PdfVariant& v) { return v.IsNumber() || v.IsReal(); }

// Bytes in PDFDocEncoding, read as Latin-1: right for ASCII, close enough
// for a first text layer when the font has no usable encoding.
std::string Latin1ToUtf8(std::string_view bytes) {
  std::string out;
  for (unsigned char ch : bytes) {
    if (ch < 0x80) {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back(static_cast<char>(0xC0 | (ch >> 6)));
      out.push_back(static_cast<char>(0x80 | (ch & 0x3F)));
    }
  }
  return out;
}

class ContentWalker {
 public:
  ContentWalker(PoDoFo::PdfMemDocument& doc, PageContent& out) : doc_(doc), out_(out) {}

  void Walk(PoDoFo::PdfContentsTokenizer& tokenizer, PdfObject* resources, PdfMatrix ctm,
            int depth) {
    std::vector<PdfMatrix> saved;
    std::vector<PdfVariant> operands;
    PoDoFo::PdfFont* font = nullptr;
    double line_y = 0;
    bool have_line_y = false;

    PoDoFo::EPdfContentsType type;
    const char* keyword = nullptr;
    PdfVariant variant;
    while (tokenizer.ReadNext(type, keyword, variant)) {
      if (type == PoDoFo::ePdfContentsType_Variant) {
        operands.push_back(variant);
        continue;
      }
      if (type == PoDoFo::ePdfContentsType_ImageData) {
        ++out_.inline_images;
        operands.clear();
        continue;
      }
      const std::string_view op(keyword);
      if (op == "q") {
        saved.push_back(ctm);
      } else if (op == "Q") {
        if (!saved.empty()) {
          ctm = saved.back();
          saved.pop_back();
        }
      } else if (op == "cm") {
        if (operands.size() >= 6) {
          const std::size_t n = operands.size();
          bool numeric = true;
          for (std::size_t i = n - 6; i < n; ++i) numeric = numeric && IsNumeric(operands[i]);
          if (numeric) {
            PdfMatrix m{operands[n - 6].GetReal(), operands[n - 5].GetReal(),
                        operands[n - 4].GetReal(), operands[n - 3].GetReal(),
                        operands[n - 2].GetReal(), operands[n - 1].GetReal()};
            ctm = Concat(m, ctm);
          }
        }
      } else if (op == "Do") {
        if (!operands.empty() && operands.back().IsName()) {
          DrawXObject(operands.back().GetName(), resources, ctm, depth);
        }
      } else if (op == "Tf") {
        if (operands.size() >= 2 && operands[operands.size() - 2].IsName()) {
          font = FindFont(resources, operands[operands.size() - 2].GetName());
        }
      } else if (op == "Tj") {
        if (!operands.empty()) ShowString(operands.back(), font);
      } else if (op == "'" || op == "\"") {
        NewLine();
        if (!operands.empty()) ShowString(operands.back(), font);
      } else if (op == "TJ") {
        if (!operands.empty() && operands.back().IsArray()) {
          for (const PdfObject& item : operands.back().GetArray()) {
            if (item.IsString() || item.IsHexString()) {
              ShowString(item, font);
            } else if (IsNumeric(item) && item.GetReal() < -250) {
              Space();  // a wide negative adjustment is a word gap
            }
          }
        }
      } else if (op == "T*") {
        NewLine();
      } else if (op == "Td" || op == "TD") {
        if (operands.size() >= 2 && IsNumeric(operands.back())) {
          if (operands.back().GetReal() != 0) {
            NewLine();
          } else {
            Space();
          }
        }
      } else if (op == "Tm") {
        if (!operands.empty() && IsNumeric(operands.back())) {
          const double y = operands.back().GetReal();
          if (have_line_y && y != line_y) {
            NewLine();
          } else {
            Space();
          }
          line_y = y;
          have_line_y = true;
        }
      } else if (op == "ET") {
        NewLine();
        have_line_y = false;
      } else if (op == "f" || op == "F" || op == "f*" || op == "B" || op == "B*" || op == "b" ||
                 op == "b*" || op == "S" || op == "s" || op == "sh") {
        out_.paints = true;
      }
      operands.clear();
    }
  }

 private:
  void DrawXObject(const PoDoFo::PdfName& name, PdfObject* resources, const PdfMatrix& ctm,
                   int depth) {
    if (resources == nullptr) return;
    PoDoFo::PdfVecObjects* objects = &doc_.GetObjects();
    PdfObject* xobjects = KeyOf(resources, "XObject", objects);
    if (xobjects == nullptr || !xobjects->IsDictionary()) return;
    PdfObject* xobject = KeyOf(xobjects, name, objects);
    if (xobject == nullptr || !xobject->IsDictionary()) return;
    const PoDoFo::PdfName subtype = xobject->GetIndirectKeyAsName("Subtype");
    if (subtype == PoDoFo::PdfName("Image")) {
      out_.images.push_back({xobject, ctm, true});
      return;
    }
    if (subtype != PoDoFo::PdfName("Form") || !xobject->HasStream()) return;
    if (depth >= kMaxFormDepth || !open_forms_.insert(xobject).second) return;

    PdfMatrix form_ctm = ctm;
    if (const PdfObject* matrix = xobject->GetIndirectKey("Matrix");
        matrix != nullptr && matrix->IsArray() && matrix->GetArray().size() == 6) {
      const PoDoFo::PdfArray& m = matrix->GetArray();
      bool numeric = true;
      for (const PdfObject& v : m) numeric = numeric && IsNumeric(v);
      if (numeric) {
        form_ctm = Concat({m[0].GetReal(), m[1].GetReal(), m[2].GetReal(), m[3].GetReal(),
                           m[4].GetReal(), m[5].GetReal()},
                          ctm);
      }
    }
    PdfObject* form_resources = xobject->GetIndirectKey("Resources");
    if (form_resources == nullptr) form_resources = resources;

    const std::string bytes = ContentBytes(*xobject);
    PoDoFo::PdfContentsTokenizer tokenizer(bytes.data(), static_cast<long>(bytes.size()));
    Walk(tokenizer, form_resources, form_ctm, depth + 1);
    open_forms_.erase(xobject);
  }

  PoDoFo::PdfFont* FindFont(PdfObject* resources, const PoDoFo::PdfName& name) {
    if (resources == nullptr) return nullptr;
    try {
      PdfObject* fonts = KeyOf(resources, "Font", &doc_.GetObjects());
      if (fonts == nullptr || !fonts->IsDictionary()) return nullptr;
      PdfObject* font = KeyOf(fonts, name, &doc_.GetObjects());
      if (font == nullptr || !font->IsDictionary()) return nullptr;
      return doc_.GetFont(font);
    } catch (const PoDoFo::PdfError&) {
      return nullptr;  // an unreadable font only costs us its text
    }
  }

  void ShowString(const PdfVariant& value, PoDoFo::PdfFont* font) {
    if (!value.IsString() && !value.IsHexString()) return;
    const PoDoFo::PdfString& encoded = value.GetString();
    std::string text;
    try {
      if (font != nullptr && font->GetEncoding() != nullptr) {
        text = font->GetEncoding()->ConvertToUnicode(encoded, font).GetStringUtf8();
      }
    } catch (const PoDoFo::PdfError&) {
      text.clear();
    }
    if (text.empty() && encoded.GetLength() > 0 && !encoded.IsUnicode()) {
      text = Latin1ToUtf8(
          std::string_view(encoded.GetString(), static_cast<std::size_t>(encoded.GetLength())));
    }
    // Some encodings map unknown codes to NUL; they are not text.
    std::erase(text, '\0');
    if (text.find_first_not_of(" \t\r\n") != std::string::npos) out_.has_text = true;
    out_.text += text;
  }

  void NewLine() {
    while (!out_.text.empty() && out_.text.back() == ' ') out_.text.pop_back();
    if (!out_.text.empty() && out_.text.back() != '\n') out_.text.push_back('\n');
  }

  void Space() {
    if (!out_.text.empty() && out_.text.back() != ' ' && out_.text.back() != '\n') {
      out_.text.push_back(' ');
    }
  }

  PoDoFo::PdfMemDocument& doc_;
  PageContent& out_;
  std::set<const PdfObject*> open_forms_;
};

void CollectResourceImages(PdfObject* resources, PoDoFo::PdfVecObjects* objects, int depth,
                           std::set<const PdfObject*>& seen, std::vector<PlacedImage>& out) {
  if (resources == nullptr || !resources->IsDictionary() || depth > kMaxFormDepth) return;
  PdfObject* xobjects = KeyOf(resources, "XObject", objects);
  if (xobjects == nullptr || !xobjects->IsDictionary()) return;
  for (const auto& [name, unused] : xobjects->GetDictionary().GetKeys()) {
    PdfObject* xobject = KeyOf(xobjects, name, objects);
    if (xobject == nullptr || !xobject->IsDictionary() || !seen.insert(xobject).second) continue;
    const PoDoFo::PdfName subtype = xobject->GetIndirectKeyAsName("Subtype");
    if (subtype == PoDoFo::PdfName("Image")) {
      out.push_back({xobject, PdfMatrix{}, false});
    } else if (subtype == PoDoFo::PdfName("Form")) {
      CollectResourceImages(xobject->GetIndirectKey("Resources"), objects, depth + 1, seen, out);
    }
  }
}

}  // namespace

PdfMatrix Concat(const PdfMatrix& m, const PdfMatrix& then) {
  return {m.a * then.a + m.b * then.c,          m.a * then.b + m.b * then.d,
          m.c * then.a + m.d * then.c,          m.c * then.b + m.d * then.d,
          m.e * then.a + m.f * then.c + then.e, m.e * then.b + m.f * then.d + then.f};
}

PageContent ScanPageContent(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfPage& page) {
  PageContent content;
  PdfObject* contents = page.GetContents();
  if (contents == nullptr) return content;  // a page with no content stream is blank
  // One stream, or an array of them read as one (PDF 32000-1 7.8.2).
  std::string bytes;
  if (contents->IsArray()) {
    for (PdfObject& part : contents->GetArray()) {
      PdfObject* stream = &part;
      if (part.IsReference()) stream = doc.GetObjects().GetObject(part.GetReference());
      if (stream == nullptr || !stream->HasStream()) continue;
      bytes += ContentBytes(*stream);
      bytes += '\n';
    }
  } else if (contents->HasStream()) {
    bytes = ContentBytes(*contents);
  }
  PoDoFo::PdfContentsTokenizer tokenizer(bytes.data(), static_cast<long>(bytes.size()));
  ContentWalker walker(doc, content);
  walker.Walk(tokenizer, page.GetResources(), PdfMatrix{}, 0);
  while (!content.text.empty() && (content.text.back() == '\n' || content.text.back() == ' ')) {
    content.text.pop_back();
  }
  return content;
}

std::vector<PlacedImage> ImagesInResources(PdfObject* resources, PoDoFo::PdfVecObjects* objects) {
  std::vector<PlacedImage> images;
  std::set<const PdfObject*> seen;
  CollectResourceImages(resources, objects, 0, seen, images);
  return images;
}

}  // namespace sohoa::ocr
