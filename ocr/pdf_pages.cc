#include "ocr/pdf_pages.h"

#include <leptonica/allheaders.h>
#include <podofo/podofo.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <new>
#include <numbers>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ocr/leptonica_ptr.h"
#include "ocr/pdf_content.h"
#include "ocr/pdf_image.h"
#include "ocr/pdf_keys.h"
#include "ocr/raster_decode.h"

namespace sohoa::ocr {
namespace {

void QuietPodofo() {
  static std::once_flag once;
  std::call_once(once, [] {
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
  });
}

// PoDoFo's own words, for the end of a message after what a person can act
// on: "(technical detail: PoDoFo ePdfError_NoTrailer: Unable to find
// trailer in file.)".
std::string TechnicalDetail(const PoDoFo::PdfError& e) {
  const char* message = PoDoFo::PdfError::ErrorMessage(e.GetError());
  const char* name = PoDoFo::PdfError::ErrorName(e.GetError());
  std::string out = " (technical detail: PoDoFo";
  if (name != nullptr) out += std::string(" ") + name;
  if (message != nullptr && *message != '\0') out += std::string(": ") + message;
  for (const PoDoFo::PdfErrorInfo& info : e.GetCallstack()) {
    if (!info.GetInformation().empty()) out += "; " + info.GetInformation();
  }
  return out + ")";
}

constexpr const char* kNewPdfAdvice =
    "Open it on the scanning computer; if it shows correctly, print or export it to a new PDF, "
    "else scan the paper again, and drop the new file in the inbox";

Status FromPdfError(const PoDoFo::PdfError& e) {
  switch (e.GetError()) {
    case PoDoFo::ePdfError_Flate:
    case PoDoFo::ePdfError_InvalidStream:
    case PoDoFo::ePdfError_InvalidStreamLength:
      return Corrupt("the page's compressed image data is damaged. " + std::string(kNewPdfAdvice) +
                     TechnicalDetail(e));
    case PoDoFo::ePdfError_UnsupportedFilter:
    case PoDoFo::ePdfError_UnsupportedImageFormat:
    case PoDoFo::ePdfError_UnsupportedFontFormat:
    case PoDoFo::ePdfError_NotImplemented:
      return Unsupported("the page is stored in a form sohoa cannot decode. " + std::string(kNewPdfAdvice) +
                         TechnicalDetail(e));
    default:
      return Corrupt("the page cannot be read: the PDF is damaged. " + std::string(kNewPdfAdvice) +
                     TechnicalDetail(e));
  }
}

int NormalizedQuarterTurns(int degrees) {
  if (degrees % 90 != 0) return 0;
  return ((degrees / 90) % 4 + 4) % 4;
}

// Clockwise quarter turns with which the page shows the image: a transform
// whose x axis points up (PDF space) shows the image turned counterclockwise.
int ImageTurnsOnPage(const PdfMatrix& m) {
  if (m.a * m.d - m.b * m.c <= 0) return 0;  // mirrored or degenerate: leave it
  const double angle = std::atan2(m.b, m.a) * 180.0 / std::numbers::pi;
  const int ccw = static_cast<int>(std::lround(angle / 90.0));
  return NormalizedQuarterTurns(-90 * ccw);
}

// Share of the page an image must cover to be taken for the scan of a page
// that also has text.
constexpr double kScanCoverage = 0.5;

struct PageGeometry {
  double width_pt = 612, height_pt = 792;
  int turns = 0;  // /Rotate in clockwise quarter turns
};

PageImage BlankPage(const PageGeometry& geometry, int index) {
  double w_in = geometry.width_pt / 72.0;
  double h_in = geometry.height_pt / 72.0;
  if (geometry.turns % 2 == 1) std::swap(w_in, h_in);
  // The page is a canvas for its text layer: a media box too large for the
  // image limits at kTextPageDpi gets a lower resolution, down to 1 dpi,
  // and one too large even then is cut to the limits.
  const double fit = std::min({static_cast<double>(kTextPageDpi), kMaxImageSide / w_in,
                               kMaxImageSide / h_in, std::sqrt(kMaxImagePixels / (w_in * h_in))});
  const int dpi = std::max(1, static_cast<int>(fit));
  auto pixels = [dpi](double inches) {
    return static_cast<long long>(
        std::clamp(std::round(inches * dpi), 1.0, static_cast<double>(kMaxImageSide)));
  };
  const long long w = pixels(w_in);
  const long long h = std::min(pixels(h_in), kMaxImagePixels / w);
  PageImage page;
  page.pix.reset(pixCreate(static_cast<l_int32>(w), static_cast<l_int32>(h), 1));
  pixSetResolution(page.pix.get(), dpi, dpi);
  page.source_page = index;
  page.dpi = dpi;
  return page;
}

Result<PageImage> LoadPage(PoDoFo::PdfMemDocument& doc, int index) {
  PoDoFo::PdfPage* page = doc.GetPage(index);
  if (page == nullptr) return Corrupt("the page is missing from the page tree");
  PageGeometry geometry;
  const PoDoFo::PdfRect media = page->GetMediaBox();
  if (media.GetWidth() > 0 && media.GetHeight() > 0) {
    geometry.width_pt = media.GetWidth();
    geometry.height_pt = media.GetHeight();
  }
  geometry.turns = NormalizedQuarterTurns(page->GetRotation());

  PageContent content;
  try {
    content = ScanPageContent(doc, *page);
  } catch (const PoDoFo::PdfError&) {
    // A content stream we cannot parse may still name a scanned image.
    content = PageContent{};
  }
  std::vector<PlacedImage> candidates = content.images;
  if (candidates.empty()) {
    candidates = ImagesInResources(page->GetResources(), &doc.GetObjects());
  }

  const PlacedImage* largest = nullptr;
  long long largest_area = -1;
  for (const PlacedImage& placed : candidates) {
    const ImageSize size = DeclaredImageSize(*placed.image);
    if (size.width * size.height > largest_area) {
      largest_area = size.width * size.height;
      largest = &placed;
    }
  }

  // A born-digital page with a logo or a photo is text, not a scan: a scan
  // covers (nearly) the whole page.
  if (largest != nullptr && content.has_text && largest->ctm_known) {
    const PdfMatrix& m = largest->ctm;
    const double coverage =
        std::abs(m.a * m.d - m.b * m.c) / (geometry.width_pt * geometry.height_pt);
    if (coverage < kScanCoverage) largest = nullptr;
  }

  if (largest == nullptr) {
    const bool blank = !content.has_text && !content.paints && content.inline_images == 0;
    if (content.has_text || blank) {
      PageImage out = BlankPage(geometry, index);
      out.has_text_layer = true;
      out.text_layer = content.text;
      return out;
    }
    if (content.inline_images > 0) {
      return Unsupported("the page has only inline images, which sohoa does not decode yet");
    }
    return Unsupported(
        "no scanned image and no text: the page is drawn with vector graphics, which sohoa "
        "cannot render; print it to an image or scan it");
  }

  std::string jpeg;
  SOHOA_ASSIGN_OR_RETURN(PixPtr pix, DecodePdfImage(*largest->image, &jpeg));
  const int pix_w = pixGetWidth(pix.get());
  const int pix_h = pixGetHeight(pix.get());

  // Resolution at which the page draws the image: pixels over the length of
  // the image's axes in points, or over the page when that is unknown.
  double dpi_x = pix_w / (geometry.width_pt / 72.0);
  double dpi_y = pix_h / (geometry.height_pt / 72.0);
  int image_turns = 0;
  if (largest->ctm_known) {
    const PdfMatrix& m = largest->ctm;
    const double x_len = std::hypot(m.a, m.b);
    const double y_len = std::hypot(m.c, m.d);
    if (x_len > 1e-3 && y_len > 1e-3) {
      dpi_x = pix_w / (x_len / 72.0);
      dpi_y = pix_h / (y_len / 72.0);
    }
    image_turns = ImageTurnsOnPage(m);
  }
  int dpi = 0;
  SOHOA_ASSIGN_OR_RETURN(pix, MakePixelsSquare(std::move(pix), static_cast<int>(std::lround(dpi_x)),
                                               static_cast<int>(std::lround(dpi_y)), &dpi));
  const int turns = (image_turns + geometry.turns) % 4;
  if (turns != 0) {
    PixPtr turned(pixRotateOrth(pix.get(), turns));
    if (!turned) return Internal("cannot turn the page image");
    pix = std::move(turned);
  }
  pixSetResolution(pix.get(), dpi, dpi);

  PageImage out;
  // The JPEG bytes are the page only while the image is neither turned nor
  // resampled.
  if (turns == 0 && pixGetWidth(pix.get()) == pix_w && pixGetHeight(pix.get()) == pix_h) {
    out.jpeg = std::move(jpeg);
  }
  out.pix = std::move(pix);
  out.source_page = index;
  out.dpi = dpi;
  return out;
}

// Page trees are a few levels deep; PoDoFo finds a page by recursing down
// the tree, so a deeper one is refused before it is asked for a page.
constexpr int kMaxPageTreeDepth = 64;

// The pages PoDoFo can reach: /Page leaves under the root /Pages through
// /Kids references, each node counted once, without recursion. The root's
// /Count, which PoDoFo reports as the page count, is only a claim: a file
// of 300 bytes may claim two billion pages, and the pipeline queues a read
// for each.
Result<long long> CountPageLeaves(PoDoFo::PdfMemDocument& doc) {
  PoDoFo::PdfObject* root = doc.GetPagesTree()->GetObject();
  if (root == nullptr) return Corrupt("the PDF has no list of pages. " + std::string(kNewPdfAdvice));
  const PoDoFo::PdfName kPage("Page"), kPages("Pages");
  std::set<const PoDoFo::PdfObject*> seen{root};
  std::vector<std::pair<PoDoFo::PdfObject*, int>> pending{{root, 0}};
  long long leaves = 0;
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (depth > kMaxPageTreeDepth) {
      return Corrupt("the PDF's list of pages is nested more than " + std::to_string(kMaxPageTreeDepth) +
                     " levels deep");
    }
    PoDoFo::PdfObject* kids = KeyOf(node, "Kids", &doc.GetObjects());
    if (kids == nullptr || !kids->IsArray()) continue;
    for (const PoDoFo::PdfObject& entry : kids->GetArray()) {
      if (!entry.IsReference()) continue;
      PoDoFo::PdfObject* kid = doc.GetObjects().GetObject(entry.GetReference());
      if (kid == nullptr || !kid->IsDictionary() || !seen.insert(kid).second) continue;
      const PoDoFo::PdfObject* type = kid->GetDictionary().GetKey(PoDoFo::PdfName::KeyType);
      if (type == nullptr || !type->IsName()) continue;
      if (type->GetName() == kPage) {
        ++leaves;
      } else if (type->GetName() == kPages) {
        pending.emplace_back(kid, depth + 1);
      }
    }
  }
  return leaves;
}

}  // namespace

struct PdfPageSource::Impl {
  std::string bytes;  // PoDoFo keeps pointers into the buffer it parsed
  PoDoFo::PdfMemDocument doc;
  int count = 0;
  std::mutex mutex;
};

PdfPageSource::PdfPageSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PdfPageSource::~PdfPageSource() = default;

int PdfPageSource::page_count() const { return impl_->count; }

Result<std::unique_ptr<PdfPageSource>> PdfPageSource::Open(std::string bytes) {
  QuietPodofo();
  auto impl = std::make_unique<Impl>();
  impl->bytes = std::move(bytes);
  try {
    impl->doc.LoadFromBuffer(impl->bytes.data(), static_cast<long>(impl->bytes.size()));
  } catch (const PoDoFo::PdfError& e) {
    if (e.GetError() == PoDoFo::ePdfError_InvalidPassword) {
      return Unsupported("the PDF is password-protected: save it without a password and drop it again" +
                         TechnicalDetail(e));
    }
    // PoDoFo cannot decrypt RC4 and some AES files ("An internal error occurred").
    if (impl->bytes.find("/Encrypt") != std::string::npos) {
      return Unsupported(
          "the PDF is encrypted in a way sohoa cannot open: print or export it to a new PDF without "
          "protection and drop that in the inbox" + TechnicalDetail(e));
    }
    switch (e.GetError()) {
      case PoDoFo::ePdfError_UnexpectedEOF:
      case PoDoFo::ePdfError_NoEOFToken:
      case PoDoFo::ePdfError_NoXRef:
      case PoDoFo::ePdfError_NoTrailer:
      case PoDoFo::ePdfError_InvalidXRef:
      case PoDoFo::ePdfError_InvalidXRefStream:
      case PoDoFo::ePdfError_InvalidXRefType:
      case PoDoFo::ePdfError_InvalidTrailerSize:
        return Corrupt(
            "the PDF is incomplete or damaged: the index at its end, which says where its pages "
            "are, is missing or broken. Was it copied completely? Copy it again from the scanner "
            "and drop it in the inbox" + TechnicalDetail(e));
      default:
        return Corrupt("the PDF cannot be read: it is damaged. " + std::string(kNewPdfAdvice) +
                       TechnicalDetail(e));
    }
  } catch (const std::bad_alloc&) {
    return Unavailable("not enough memory to read this PDF");
  } catch (const std::exception& e) {
    return Corrupt("the PDF cannot be read: it is damaged. " + std::string(kNewPdfAdvice) +
                   " (technical detail: " + e.what() + ")");
  }

  try {
    impl->count = impl->doc.GetPageCount();
  } catch (const PoDoFo::PdfError& e) {
    return Corrupt("the PDF's list of pages is damaged. " + std::string(kNewPdfAdvice) + TechnicalDetail(e));
  } catch (const std::exception& e) {
    return Corrupt("the PDF's list of pages is damaged. " + std::string(kNewPdfAdvice) +
                   " (technical detail: " + e.what() + ")");
  }
  if (impl->count <= 0) return Corrupt("the PDF has no pages");
  Result<long long> leaves = [&]() -> Result<long long> {
    try {
      return CountPageLeaves(impl->doc);
    } catch (const PoDoFo::PdfError& e) {
      return Corrupt("the PDF's list of pages is damaged. " + std::string(kNewPdfAdvice) + TechnicalDetail(e));
    }
  }();
  if (!leaves.ok()) return leaves.status();
  if (*leaves != impl->count) {
    return Corrupt("the PDF's list of pages is damaged: it says the file has " + std::to_string(impl->count) +
                   " pages, but it holds " + std::to_string(*leaves) + ". " + std::string(kNewPdfAdvice));
  }
  return std::unique_ptr<PdfPageSource>(new PdfPageSource(std::move(impl)));
}

Result<PageImage> PdfPageSource::Read(int i) {
  const std::string context = "page " + std::to_string(i + 1);
  if (i < 0 || i >= impl_->count) return InvalidArgument(context + ": the PDF has " + std::to_string(impl_->count));
  std::lock_guard<std::mutex> lock(impl_->mutex);
  try {
    Result<PageImage> page = LoadPage(impl_->doc, i);
    if (!page.ok()) return page.status().WithContext(context);
    return page;
  } catch (const PoDoFo::PdfError& e) {
    return FromPdfError(e).WithContext(context);
  } catch (const std::bad_alloc&) {
    return Unavailable(context + ": not enough memory to decode the page image");
  } catch (const std::exception& e) {
    return Corrupt(context + ": the page cannot be read: the PDF is damaged. " + std::string(kNewPdfAdvice) +
                   " (technical detail: " + e.what() + ")");
  }
}

Result<std::vector<PageImage>> LoadPdfPages(std::string_view bytes) {
  SOHOA_ASSIGN_OR_RETURN(auto source, PdfPageSource::Open(std::string(bytes)));
  std::vector<PageImage> pages;
  pages.reserve(static_cast<size_t>(source->page_count()));
  for (int i = 0; i < source->page_count(); ++i) {
    SOHOA_ASSIGN_OR_RETURN(PageImage page, source->Read(i));
    pages.push_back(std::move(page));
  }
  return pages;
}

}  // namespace sohoa::ocr
