#include "ocr/pdf_image.h"

#include <leptonica/allheaders.h>
#include <podofo/podofo.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "ocr/ccitt.h"
#include "ocr/jbig2_decode.h"
#include "ocr/jpeg_decode.h"
#include "ocr/leptonica_ptr.h"
#include "ocr/pdf_keys.h"
#include "ocr/pdf_samples.h"
#include "ocr/pdf_stream.h"
#include "ocr/raster_decode.h"

namespace sohoa::ocr {
namespace {

using PoDoFo::PdfName;
using PoDoFo::PdfObject;

PdfObject* Resolve(PdfObject* object, PoDoFo::PdfVecObjects* objects) {
  if (object != nullptr && object->IsReference() && objects != nullptr) {
    return objects->GetObject(object->GetReference());
  }
  return object;
}

Result<ColorSpace> DeviceSpace(const std::string& name) {
  ColorSpace cs;
  if (name == "DeviceGray" || name == "G" || name == "CalGray") {
    cs.kind = ColorKind::kGray;
  } else if (name == "DeviceRGB" || name == "RGB" || name == "CalRGB") {
    cs.kind = ColorKind::kRgb;
  } else if (name == "DeviceCMYK" || name == "CMYK") {
    cs.kind = ColorKind::kCmyk;
  } else {
    return Unsupported("image colour space /" + name + " is not supported");
  }
  cs.components = ComponentsOf(cs.kind);
  return cs;
}

Result<ColorSpace> ResolveColorSpace(PdfObject* object, PoDoFo::PdfVecObjects* objects, int depth) {
  object = Resolve(object, objects);
  if (object == nullptr) return Corrupt("image has no /ColorSpace");
  if (depth > 4) return Corrupt("image /ColorSpace nests too deeply");
  if (object->IsName()) return DeviceSpace(object->GetName().GetName());
  if (!object->IsArray() || object->GetArray().empty()) {
    return Corrupt("image /ColorSpace is neither a name nor an array");
  }
  PoDoFo::PdfArray& array = object->GetArray();
  PdfObject* family_object = Resolve(&array[0], objects);
  if (family_object == nullptr || !family_object->IsName()) {
    return Corrupt("image /ColorSpace array does not start with a name");
  }
  const std::string family = family_object->GetName().GetName();
  if (family == "CalGray" || family == "CalRGB" || family == "DeviceGray" ||
      family == "DeviceRGB" || family == "DeviceCMYK") {
    return DeviceSpace(family);
  }
  if (family == "ICCBased" && array.size() >= 2) {
    PdfObject* profile = Resolve(&array[1], objects);
    if (profile == nullptr || !profile->IsDictionary()) {
      return Corrupt("ICCBased colour space has no profile stream");
    }
    const auto n = profile->GetIndirectKeyAsLong("N", 0);
    if (n == 1) return DeviceSpace("DeviceGray");
    if (n == 3) return DeviceSpace("DeviceRGB");
    if (n == 4) return DeviceSpace("DeviceCMYK");
    if (PdfObject* alternate = profile->GetIndirectKey("Alternate")) {
      return ResolveColorSpace(alternate, objects, depth + 1);
    }
    return Corrupt("ICCBased colour space has /N " + std::to_string(n));
  }
  if ((family == "Indexed" || family == "I") && array.size() >= 4) {
    SOHOA_ASSIGN_OR_RETURN(ColorSpace base, ResolveColorSpace(&array[1], objects, depth + 1));
    if (base.kind == ColorKind::kIndexed) return Corrupt("Indexed colour space over Indexed");
    PdfObject* hival = Resolve(&array[2], objects);
    PdfObject* lookup = Resolve(&array[3], objects);
    if (hival == nullptr || !(hival->IsNumber() || hival->IsReal()) || lookup == nullptr) {
      return Corrupt("Indexed colour space lacks hival or lookup table");
    }
    ColorSpace cs;
    cs.kind = ColorKind::kIndexed;
    cs.components = 1;
    cs.base = base.kind;
    cs.base_components = base.components;
    cs.hival = std::clamp(static_cast<int>(hival->GetNumber()), 0, 255);
    if (lookup->IsString() || lookup->IsHexString()) {
      const PoDoFo::PdfString& s = lookup->GetString();
      cs.palette.assign(s.GetString(), static_cast<size_t>(s.GetLength()));
    } else if (lookup->HasStream()) {
      SOHOA_ASSIGN_OR_RETURN(cs.palette, UnfilteredStream(*lookup));
    } else {
      return Corrupt("Indexed colour space lookup is neither a string nor a stream");
    }
    return cs;
  }
  if (family == "Separation" ||
      (family == "DeviceN" && array.size() >= 2 && Resolve(&array[1], objects) != nullptr &&
       Resolve(&array[1], objects)->IsArray() &&
       Resolve(&array[1], objects)->GetArray().size() == 1)) {
    ColorSpace cs;
    cs.kind = ColorKind::kSeparation;  // one ink: 0 is paper, 1 is full ink
    cs.components = 1;
    return cs;
  }
  return Unsupported("image colour space /" + family + " is not supported");
}

std::vector<double> DecodeArray(PdfObject& image) {
  std::vector<double> decode;
  PdfObject* object = image.GetIndirectKey("Decode");
  if (object == nullptr || !object->IsArray()) return decode;
  for (const PdfObject& v : object->GetArray()) {
    if (!(v.IsNumber() || v.IsReal())) return {};
    decode.push_back(v.GetReal());
  }
  return decode;
}

Result<PixPtr> DecodeCcittImage(PdfObject& image, const std::string& data, size_t filter_index,
                                ImageSize size) {
  CcittParams params;
  params.columns = static_cast<int>(size.width);
  params.rows = static_cast<int>(size.height);
  if (PdfObject* parms = DecodeParms(image, filter_index)) {
    PoDoFo::PdfVecObjects* objects = image.GetOwner();
    params.k = static_cast<int>(LongOf(parms, "K", 0, objects));
    params.columns = static_cast<int>(LongOf(parms, "Columns", size.width, objects));
    const auto rows = LongOf(parms, "Rows", 0, objects);
    if (rows > 0) params.rows = static_cast<int>(rows);
    params.black_is_1 = BoolOf(parms, "BlackIs1", false, objects);
    params.encoded_byte_align = BoolOf(parms, "EncodedByteAlign", false, objects);
    params.end_of_line = BoolOf(parms, "EndOfLine", false, objects);
  }
  SOHOA_ASSIGN_OR_RETURN(PixPtr pix, DecodeCcitt(data, params));
  if (DecodeInverted(DecodeArray(image))) pixInvert(pix.get(), pix.get());
  return pix;
}

Result<PixPtr> DecodeJbig2Image(PdfObject& image, const std::string& data, size_t filter_index) {
  std::string globals;
  if (PdfObject* parms = DecodeParms(image, filter_index)) {
    PdfObject* stream = Resolve(parms->GetDictionary().GetKey("JBIG2Globals"), image.GetOwner());
    if (stream != nullptr && stream->HasStream()) {
      SOHOA_ASSIGN_OR_RETURN(globals, UnfilteredStream(*stream));
    }
  }
  SOHOA_ASSIGN_OR_RETURN(PixPtr pix, DecodeJbig2(data, globals));
  if (DecodeInverted(DecodeArray(image))) pixInvert(pix.get(), pix.get());
  return pix;
}

// Whether a reader paints the JPEG's samples as they decode, so the bytes can
// go into another PDF as they are: gray or RGB, no /Decode, no mask, nothing
// drawn through.
bool JpegShowsAsDecoded(PdfObject& image, Pix& pix) {
  if (!DecodeArray(image).empty() || image.GetIndirectKey("SMask") != nullptr ||
      image.GetIndirectKey("Mask") != nullptr || image.GetIndirectKeyAsBool("ImageMask", false)) {
    return false;
  }
  Result<ColorSpace> cs =
      ResolveColorSpace(image.GetIndirectKey("ColorSpace"), image.GetOwner(), 0);
  if (!cs.ok()) return false;
  const int depth = pixGetDepth(&pix);
  return (cs->kind == ColorKind::kGray && depth == 8) || (cs->kind == ColorKind::kRgb && depth == 32);
}

}  // namespace

ImageSize DeclaredImageSize(const PoDoFo::PdfObject& image) {
  return {image.GetIndirectKeyAsLong("Width", 0), image.GetIndirectKeyAsLong("Height", 0)};
}

Result<PixPtr> DecodePdfImage(PoDoFo::PdfObject& image, std::string* jpeg) {
  const ImageSize size = DeclaredImageSize(image);
  SOHOA_RETURN_IF_ERROR(CheckImageSize(size.width, size.height));
  if (!image.HasStream()) return Corrupt("image has no data stream");

  const PoDoFo::TVecFilters filters = PoDoFo::PdfFilterFactory::CreateFilterList(&image);
  const PoDoFo::EPdfFilter codec = filters.empty() ? PoDoFo::ePdfFilter_None : filters.back();
  const bool image_codec =
      codec == PoDoFo::ePdfFilter_DCTDecode || codec == PoDoFo::ePdfFilter_JPXDecode ||
      codec == PoDoFo::ePdfFilter_CCITTFaxDecode || codec == PoDoFo::ePdfFilter_JBIG2Decode;

  if (!image_codec) {
    const bool mask = image.GetIndirectKeyAsBool("ImageMask", false);
    const int bpc = mask ? 1 : static_cast<int>(image.GetIndirectKeyAsLong("BitsPerComponent", 8));
    ColorSpace cs;  // an image mask is bilevel, 0 painted: gray in effect
    if (!mask) {
      SOHOA_ASSIGN_OR_RETURN(
          cs, ResolveColorSpace(image.GetIndirectKey("ColorSpace"), image.GetOwner(), 0));
    }
    SOHOA_ASSIGN_OR_RETURN(const std::string samples, UnfilteredStream(image));
    return SamplesToPix(samples, static_cast<int>(size.width), static_cast<int>(size.height), bpc,
                        cs, DecodeArray(image));
  }

  // Filters before the image codec (e.g. ASCII85 around a JPEG) are undone
  // here; the codec's own bytes go to the image library.
  SOHOA_ASSIGN_OR_RETURN(std::string data, UnfilteredStream(image, filters.size() - 1));

  switch (codec) {
    case PoDoFo::ePdfFilter_DCTDecode: {
      const bool inverted = DecodeInverted(DecodeArray(image));
      SOHOA_ASSIGN_OR_RETURN(PixPtr pix, DecodeJpegBytes(data, CmykSamples::kAsStored, inverted));
      pixSetResolution(pix.get(), 0, 0);
      if (jpeg != nullptr && JpegShowsAsDecoded(image, *pix)) *jpeg = std::move(data);
      return pix;
    }
    case PoDoFo::ePdfFilter_JPXDecode: {
      SOHOA_ASSIGN_OR_RETURN(PixPtr pix, DecodeJpeg2000(data));
      pixSetResolution(pix.get(), 0, 0);
      return pix;
    }
    case PoDoFo::ePdfFilter_CCITTFaxDecode:
      return DecodeCcittImage(image, data, filters.size() - 1, size);
    case PoDoFo::ePdfFilter_JBIG2Decode:
      return DecodeJbig2Image(image, data, filters.size() - 1);
    default:
      return Internal("unreachable image codec");
  }
}

}  // namespace sohoa::ocr
