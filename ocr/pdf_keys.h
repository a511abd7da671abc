// Internal to ocr/: the values of PDF dictionary keys, references followed
// through the objects of the document. PoDoFo's GetIndirectKey follows a
// reference through the owner of the dictionary it is called on, and
// PoDoFo 0.9.8 leaves that owner null on the direct dictionaries inside an
// object it could only partly parse from a damaged file, then dereferences
// it (a crash the pdf fuzzer found). Use these on dictionaries that are not
// themselves indirect objects: /Resources, /XObject, /Font, /DecodeParms.
// PoDoFo types appear here (forward-declared): only ocr/*.cc include this.
#pragma once

namespace PoDoFo {
class PdfName;
class PdfObject;
class PdfVecObjects;
}  // namespace PoDoFo

namespace sohoa::ocr {

// The value of `key` in `dict`, a reference resolved through `objects`;
// null when `dict` is not a dictionary, lacks the key, or the reference
// leads nowhere (or `objects` is null).
PoDoFo::PdfObject* KeyOf(PoDoFo::PdfObject* dict, const char* key, PoDoFo::PdfVecObjects* objects);

// The same for a name given as a PdfName (e.g. a resource name).
PoDoFo::PdfObject* KeyOf(PoDoFo::PdfObject* dict, const PoDoFo::PdfName& key,
                         PoDoFo::PdfVecObjects* objects);

// A number or boolean value, or `fallback` when absent or of another type.
long long LongOf(PoDoFo::PdfObject* dict, const char* key, long long fallback,
                 PoDoFo::PdfVecObjects* objects);
bool BoolOf(PoDoFo::PdfObject* dict, const char* key, bool fallback,
            PoDoFo::PdfVecObjects* objects);

}  // namespace sohoa::ocr
