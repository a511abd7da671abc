#include "tools/gen/pdf_file.h"

#include <podofo/podofo.h>

#include "tools/gen/inspect.h"

namespace sohoa::gen {
namespace {

std::string Describe(const PoDoFo::PdfError& e) {
  std::string what = PoDoFo::PdfError::ErrorName(e.GetError());
  const auto& callstack = e.GetCallstack();
  if (!callstack.empty() && !callstack.front().GetInformation().empty()) {
    what += ": " + callstack.front().GetInformation();
  }
  return what;
}

// PoDoFo logs to stderr by default; errors reach the caller as a Status.
void QuietPodofo() {
  PoDoFo::PdfError::EnableDebug(false);
  PoDoFo::PdfError::EnableLogging(false);
}

}  // namespace

Status WriteImagePdf(const std::filesystem::path& path, const std::vector<PdfPageImage>& pages,
                     const std::string& title, const std::string& pdf_date) {
  QuietPodofo();
  try {
    PoDoFo::PdfMemDocument doc;
    for (size_t i = 0; i < pages.size(); ++i) {
      const PdfPageImage& page = pages[i];
      double w_pt = page.width * 72.0 / page.dpi, h_pt = page.height * 72.0 / page.dpi;
      PoDoFo::PdfPage* pdf_page = doc.CreatePage(PoDoFo::PdfRect(0, 0, w_pt, h_pt));
      PoDoFo::PdfImage image(&doc);
      image.LoadFromJpegData(reinterpret_cast<const unsigned char*>(page.jpeg.data()),
                             static_cast<PoDoFo::pdf_long>(page.jpeg.size()));
      PoDoFo::PdfPainter painter;
      painter.SetPage(pdf_page);
      painter.DrawImage(0, 0, &image, w_pt / image.GetWidth(), h_pt / image.GetHeight());
      painter.FinishPage();
    }
    PoDoFo::PdfInfo* info = doc.GetInfo();
    info->SetTitle(PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(title.c_str())));
    info->SetCreator(PoDoFo::PdfString("sohoa-gen"));
    info->SetProducer(PoDoFo::PdfString("sohoa-gen"));
    PoDoFo::PdfDictionary& dict = info->GetObject()->GetDictionary();
    dict.AddKey(PoDoFo::PdfName("CreationDate"), PoDoFo::PdfString(pdf_date));
    dict.AddKey(PoDoFo::PdfName("ModDate"), PoDoFo::PdfString(pdf_date));
    doc.Write(path.c_str());
  } catch (const PoDoFo::PdfError& e) {
    return IoError(path.string() + ": cannot write PDF: " + Describe(e));
  }
  return Status::Ok();
}

Result<int> CountPdfPages(const std::filesystem::path& path) {
  QuietPodofo();
  try {
    PoDoFo::PdfMemDocument doc;
    doc.Load(path.c_str());
    return doc.GetPageCount();
  } catch (const PoDoFo::PdfError& e) {
    return Corrupt(path.string() + ": " + Describe(e));
  }
}

}  // namespace sohoa::gen
