#include "ocr/pdf_stream.h"

#include <podofo/podofo.h>

#include <memory>

#include "ocr/pdf_keys.h"
#include "ocr/pdf_samples.h"

namespace sohoa::ocr {
namespace {

struct PodofoFree {
  void operator()(char* p) const noexcept { PoDoFo::podofo_free(p); }
};
using PodofoBuffer = std::unique_ptr<char, PodofoFree>;

// The bytes as stored, filters and all.
std::string RawBytes(PoDoFo::PdfObject& object) {
  char* raw = nullptr;
  PoDoFo::pdf_long length = 0;
  object.GetStream()->GetCopy(&raw, &length);
  PodofoBuffer owned(raw);
  return std::string(raw == nullptr ? "" : raw, raw == nullptr ? 0 : static_cast<size_t>(length));
}

}  // namespace

PoDoFo::PdfObject* DecodeParms(PoDoFo::PdfObject& stream, std::size_t index) {
  PoDoFo::PdfVecObjects* objects = stream.GetOwner();
  PoDoFo::PdfObject* parms = KeyOf(&stream, "DecodeParms", objects);
  if (parms == nullptr) parms = KeyOf(&stream, "DP", objects);
  if (parms != nullptr && parms->IsArray()) {
    if (index >= parms->GetArray().size()) return nullptr;
    parms = &parms->GetArray()[index];
    if (parms->IsReference() && objects != nullptr) {
      parms = objects->GetObject(parms->GetReference());
    }
  }
  return parms != nullptr && parms->IsDictionary() ? parms : nullptr;
}

Result<std::string> UnfilteredStream(PoDoFo::PdfObject& stream, std::size_t count) {
  if (!stream.HasStream()) return Corrupt("a stream object has no data");
  const PoDoFo::TVecFilters filters = PoDoFo::PdfFilterFactory::CreateFilterList(&stream);
  std::string data = RawBytes(stream);
  for (size_t i = 0; i < filters.size() && i < count; ++i) {
    std::unique_ptr<PoDoFo::PdfFilter> filter(PoDoFo::PdfFilterFactory::Create(filters[i]));
    if (!filter || !filter->CanDecode()) {
      return Unsupported(std::string("filter /") +
                         PoDoFo::PdfFilterFactory::FilterTypeToName(filters[i]) +
                         " is not supported");
    }
    PoDoFo::PdfObject* parms = DecodeParms(stream, i);
    long long predictor = 1;
    PoDoFo::PdfDictionary without_predictor;
    if (parms != nullptr) {
      predictor = LongOf(parms, "Predictor", 1, stream.GetOwner());
      without_predictor = parms->GetDictionary();
      without_predictor.RemoveKey("Predictor");
    }
    char* out = nullptr;
    PoDoFo::pdf_long out_length = 0;
    // PoDoFo checks predictor parameters even when told there is no
    // predictor, and Flate needs no other parameter: it gets none.
    const bool pass_parms = parms != nullptr && filters[i] != PoDoFo::ePdfFilter_FlateDecode;
    filter->Decode(data.data(), static_cast<PoDoFo::pdf_long>(data.size()), &out, &out_length,
                   pass_parms ? &without_predictor : nullptr);
    PodofoBuffer owned(out);
    data.assign(out == nullptr ? "" : out, out == nullptr ? 0 : static_cast<size_t>(out_length));
    if (predictor > 1 && parms != nullptr) {
      SOHOA_ASSIGN_OR_RETURN(
          data, Unpredict(data, static_cast<int>(predictor),
                          static_cast<int>(LongOf(parms, "Colors", 1, stream.GetOwner())),
                          static_cast<int>(LongOf(parms, "BitsPerComponent", 8, stream.GetOwner())),
                          static_cast<int>(LongOf(parms, "Columns", 1, stream.GetOwner()))));
    }
  }
  return data;
}

}  // namespace sohoa::ocr
