#include "ocr/pdf_keys.h"

#include <podofo/podofo.h>

namespace sohoa::ocr {

PoDoFo::PdfObject* KeyOf(PoDoFo::PdfObject* dict, const PoDoFo::PdfName& key,
                         PoDoFo::PdfVecObjects* objects) {
  if (dict == nullptr || !dict->IsDictionary()) return nullptr;
  PoDoFo::PdfObject* value = dict->GetDictionary().GetKey(key);
  if (value != nullptr && value->IsReference()) {
    value = objects != nullptr ? objects->GetObject(value->GetReference()) : nullptr;
  }
  return value;
}

PoDoFo::PdfObject* KeyOf(PoDoFo::PdfObject* dict, const char* key, PoDoFo::PdfVecObjects* objects) {
  return KeyOf(dict, PoDoFo::PdfName(key), objects);
}

long long LongOf(PoDoFo::PdfObject* dict, const char* key, long long fallback,
                 PoDoFo::PdfVecObjects* objects) {
  const PoDoFo::PdfObject* value = KeyOf(dict, key, objects);
  return value != nullptr && value->IsNumber() ? value->GetNumber() : fallback;
}

bool BoolOf(PoDoFo::PdfObject* dict, const char* key, bool fallback,
            PoDoFo::PdfVecObjects* objects) {
  const PoDoFo::PdfObject* value = KeyOf(dict, key, objects);
  return value != nullptr && value->IsBool() ? value->GetBool() : fallback;
}

}  // namespace sohoa::ocr
