// The value types that flow from ingest into the archive: what a dossier is
// once it has been read. Plain data, no behaviour, no third-party types.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sohoa {

// A rectangle in page-image pixels, origin top left.
struct Box {
  int x = 0, y = 0, w = 0, h = 0;
};

// One recognised word; confidence is Tesseract's, 0..100.
struct Word {
  std::string text;
  Box box;
  float confidence = 0;
};

// A QR code or 1-D barcode read on a page.
struct BarcodeRecord {
  std::string format;           // "QRCode", "Code128", ...
  std::string text;
  Box box;                      // original image pixels
};

struct PageRecord {
  int number = 0;               // 1-based within its document
  std::string image_sha256;     // blob holding the original page bytes' file
  int source_page = 0;          // 0-based page index inside that source file
  std::string text;             // NFC UTF-8, lines separated by '\n'
  float confidence = 0;         // mean word confidence, 0..100
  int rotation = 0;             // degrees clockwise applied before OCR: 0, 90, 180, 270
  float skew_degrees = 0;
  int dpi = 0;
  int width = 0, height = 0;
  std::vector<Word> words;
  std::vector<BarcodeRecord> barcodes;
};

// Kinds of document inside a dossier (docs/domain.md "What a dossier holds").
inline constexpr const char* kKindReceipt = "receipt";
inline constexpr const char* kKindForm = "form";
inline constexpr const char* kKindIdCopy = "id_copy";
inline constexpr const char* kKindResult = "result";
inline constexpr const char* kKindOther = "other";

struct DocumentRecord {
  std::string kind = kKindOther;
  std::string title;
  std::string source_sha256;    // blob of the original file
  std::string source_name;      // file name as it arrived
  std::string media_type;       // "image/jpeg", "application/pdf", ...
  std::int64_t source_bytes = 0;
  std::string pdf_sha256;       // the searchable PDF (derivative blob), "" if none
  std::vector<PageRecord> pages;
  // A re-scan of a document the archive already held (a missed reuse):
  // "<dossier code>.<n>" of that document, "" for none; and why sohoa thinks
  // so ("similarity 0.83 (words 0.81, numbers 0.90) ..."), kept with the
  // reuse record.
  std::string reused_from{};
  std::string reuse_evidence{};
};

// Where a field's value came from.
inline constexpr const char* kSourceBarcode = "barcode";
inline constexpr const char* kSourceOcr = "ocr";
inline constexpr const char* kSourceFilename = "filename";
inline constexpr const char* kSourceRegister = "register";
inline constexpr const char* kSourceManual = "manual";

struct FieldValue {
  std::string name;             // "applicant_name", "citizen_id", ...
  std::string value;
  float confidence = 0;         // 0..1
  std::string source;           // one of kSource*
  // Where it was read: 1-based document of the dossier and page in it (0:
  // the dossier as a whole), and the box of its words (w == 0: unknown).
  int document = 0;
  int page = 0;
  Box box{};
  std::string evidence{};       // why this value: "label 'Ông/Bà' on the receipt"
  bool needs_review = false;    // below its confidence threshold: a person decides
  std::string changed_by{};     // for a manual correction: who, and when (ISO UTC)
  std::string changed_at{};
};

struct DossierRecord {
  std::string code;             // 000.31.22.H32-230620-0017
  std::string code_source;      // one of kSource*
  std::string agency_code;      // 000.31.22.H32
  std::string received_date;    // ISO 8601 date, "" when unknown
  std::string procedure_code;   // "" when not classified
  std::string procedure_name;
  std::string field;
  float procedure_confidence = 0;  // 0..1
  std::string procedure_evidence;  // what decided it: "code 1.001193 printed on the receipt"
  std::string applicant;
  std::string status = "archived";
  std::vector<DocumentRecord> documents;
  std::vector<FieldValue> fields;
};

}  // namespace sohoa
