// The metadata JSON of a dossier (sohoa get, sohoa show --json, and the
// <code>.json of a package) and reading it back for sohoa import.
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "archive/package.h"

namespace sohoa::archive {
namespace {

using nlohmann::json;

constexpr const char* kStandard = "TT 02/2019/TT-BNV";

json BoxJson(const Box& b) { return json::array({b.x, b.y, b.w, b.h}); }

json PageJson(const PageRecord& p, bool with_words) {
  json page = {{"number", p.number},
               {"text", p.text},
               {"confidence", p.confidence},
               {"rotation", p.rotation},
               {"skew_degrees", p.skew_degrees},
               {"dpi", p.dpi},
               {"width", p.width},
               {"height", p.height},
               {"image_sha256", p.image_sha256},
               {"source_page", p.source_page}};
  if (!p.barcodes.empty()) {
    json codes = json::array();
    for (const auto& b : p.barcodes) {
      codes.push_back({{"format", b.format}, {"text", b.text}, {"box", BoxJson(b.box)}});
    }
    page["barcodes"] = std::move(codes);
  }
  if (with_words) {
    json words = json::array();
    for (const auto& w : p.words) {
      words.push_back({{"text", w.text}, {"box", BoxJson(w.box)}, {"confidence", w.confidence}});
    }
    page["words"] = std::move(words);
  }
  return page;
}

json MetadataJson(const ArchivalMetadata& metadata) {
  auto level_json = [](MetadataLevel level, const std::vector<std::string>& values) {
    json out = json::object();
    auto fields = ArchivalFields(level);
    for (std::size_t i = 0; i < fields.size() && i < values.size(); ++i) {
      out[std::string(fields[i].key)] = values[i];
    }
    return out;
  };
  json documents = json::array();
  for (const auto& values : metadata.documents) {
    documents.push_back(level_json(MetadataLevel::kDocument, values));
  }
  return {{"standard", kStandard},
          {"dossier", level_json(MetadataLevel::kDossier, metadata.dossier)},
          {"documents", std::move(documents)}};
}

// A member that is missing or of the wrong type; DossierFromJson turns it
// into a Corrupt status.
struct BadJson : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json& Child(const json& object, const char* key, const std::string& where) {
  if (!object.is_object()) throw BadJson(where + " is not a JSON object");
  auto it = object.find(key);
  if (it == object.end()) throw BadJson(where + " has no \"" + key + "\"");
  return *it;
}

template <typename T>
T Get(const json& value, const std::string& where) {
  try {
    return value.get<T>();
  } catch (const json::exception&) {
    throw BadJson(where + " has the wrong type");
  }
}

template <typename T>
T Member(const json& object, const char* key, const std::string& where) {
  return Get<T>(Child(object, key, where), where + "." + key);
}

// Members added after the first release of the format read as their default.
template <typename T>
T MemberOr(const json& object, const char* key, T fallback, const std::string& where) {
  if (!object.is_object()) throw BadJson(where + " is not a JSON object");
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  return Get<T>(*it, where + "." + key);
}

const json& ArrayMember(const json& object, const char* key, const std::string& where,
                        bool required) {
  static const json kEmpty = json::array();
  if (!object.is_object()) throw BadJson(where + " is not a JSON object");
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) throw BadJson(where + " has no \"" + key + "\"");
    return kEmpty;
  }
  if (!it->is_array()) throw BadJson(where + "." + key + " is not an array");
  return *it;
}

Box BoxFrom(const json& object, const std::string& where) {
  auto it = object.find("box");
  if (it == object.end()) return Box{};
  std::vector<int> v = Get<std::vector<int>>(*it, where + ".box");
  if (v.size() != 4) throw BadJson(where + ".box must hold 4 numbers: x, y, w, h");
  return Box{v[0], v[1], v[2], v[3]};
}

PageRecord PageFrom(const json& j, const std::string& where) {
  PageRecord p;
  p.number = Member<int>(j, "number", where);
  p.text = MemberOr<std::string>(j, "text", "", where);
  p.confidence = MemberOr<float>(j, "confidence", 0, where);
  p.rotation = MemberOr<int>(j, "rotation", 0, where);
  p.skew_degrees = MemberOr<float>(j, "skew_degrees", 0, where);
  p.dpi = MemberOr<int>(j, "dpi", 0, where);
  p.width = MemberOr<int>(j, "width", 0, where);
  p.height = MemberOr<int>(j, "height", 0, where);
  p.image_sha256 = MemberOr<std::string>(j, "image_sha256", "", where);
  p.source_page = MemberOr<int>(j, "source_page", 0, where);
  const json& codes = ArrayMember(j, "barcodes", where, false);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    std::string at = where + ".barcodes[" + std::to_string(i) + "]";
    p.barcodes.push_back({Member<std::string>(codes[i], "format", at),
                          Member<std::string>(codes[i], "text", at), BoxFrom(codes[i], at)});
  }
  const json& words = ArrayMember(j, "words", where, false);
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string at = where + ".words[" + std::to_string(i) + "]";
    p.words.push_back({Member<std::string>(words[i], "text", at), BoxFrom(words[i], at),
                       MemberOr<float>(words[i], "confidence", 0, at)});
  }
  return p;
}

DocumentRecord DocumentFrom(const json& j, const std::string& where) {
  DocumentRecord doc;
  doc.kind = Member<std::string>(j, "kind", where);
  doc.title = MemberOr<std::string>(j, "title", "", where);
  doc.source_sha256 = MemberOr<std::string>(j, "source_sha256", "", where);
  doc.source_name = MemberOr<std::string>(j, "source_name", "", where);
  doc.media_type = MemberOr<std::string>(j, "media_type", "", where);
  doc.source_bytes = MemberOr<std::int64_t>(j, "source_bytes", 0, where);
  doc.pdf_sha256 = MemberOr<std::string>(j, "pdf_sha256", "", where);
  doc.reused_from = MemberOr<std::string>(j, "reused_from", "", where);
  doc.reuse_evidence = MemberOr<std::string>(j, "reuse_evidence", "", where);
  const json& pages = ArrayMember(j, "pages", where, true);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    doc.pages.push_back(PageFrom(pages[i], where + ".pages[" + std::to_string(i) + "]"));
  }
  return doc;
}

FieldValue FieldFrom(const json& j, const std::string& where) {
  FieldValue f;
  f.name = Member<std::string>(j, "name", where);
  f.value = Member<std::string>(j, "value", where);
  f.confidence = MemberOr<float>(j, "confidence", 0, where);
  f.source = MemberOr<std::string>(j, "source", "", where);
  f.document = MemberOr<int>(j, "document", 0, where);
  f.page = MemberOr<int>(j, "page", 0, where);
  f.box = BoxFrom(j, where);
  f.evidence = MemberOr<std::string>(j, "evidence", "", where);
  f.needs_review = MemberOr<bool>(j, "needs_review", false, where);
  f.changed_by = MemberOr<std::string>(j, "changed_by", "", where);
  f.changed_at = MemberOr<std::string>(j, "changed_at", "", where);
  return f;
}

}  // namespace

std::string MetadataFileName(const DossierRecord& dossier) { return dossier.code + ".json"; }

std::string DossierJson(const DossierRecord& d, const ArchivalMetadata* metadata, bool with_words) {
  // Where each document's original and PDF sit in the dossier's folder.
  std::vector<std::string> original_of(d.documents.size()), pdf_of(d.documents.size());
  std::map<std::string, std::string> name_of_original;
  for (const DossierFile& f : DossierFiles(d)) {
    if (f.use == DossierFile::Use::kOriginal) name_of_original[f.sha256] = f.name;
    if (f.use == DossierFile::Use::kSearchablePdf) pdf_of[f.document - 1] = f.name;
  }
  json documents = json::array();
  for (std::size_t i = 0; i < d.documents.size(); ++i) {
    const DocumentRecord& doc = d.documents[i];
    json pages = json::array();
    for (const auto& p : doc.pages) pages.push_back(PageJson(p, with_words));
    auto original = name_of_original.find(doc.source_sha256);
    documents.push_back({{"number", i + 1},
                         {"identifier", d.code + "." + std::to_string(i + 1)},
                         {"kind", doc.kind},
                         {"title", doc.title},
                         {"source_name", doc.source_name},
                         {"source_sha256", doc.source_sha256},
                         {"source_bytes", doc.source_bytes},
                         {"media_type", doc.media_type},
                         {"pdf_sha256", doc.pdf_sha256},
                         {"file", original == name_of_original.end() ? "" : original->second},
                         {"pdf_file", pdf_of[i]},
                         {"reused_from", doc.reused_from},
                         {"reuse_evidence", doc.reuse_evidence},
                         {"pages", std::move(pages)}});
  }
  json fields = json::array();
  for (const auto& f : d.fields) {
    fields.push_back({{"name", f.name},
                      {"value", f.value},
                      {"confidence", f.confidence},
                      {"source", f.source},
                      {"document", f.document},
                      {"page", f.page},
                      {"box", BoxJson(f.box)},
                      {"evidence", f.evidence},
                      {"needs_review", f.needs_review},
                      {"changed_by", f.changed_by},
                      {"changed_at", f.changed_at}});
  }
  json out = {{"code", d.code},
              {"code_source", d.code_source},
              {"procedure_code", d.procedure_code},
              {"procedure_name", d.procedure_name},
              {"field", d.field},
              {"procedure_confidence", d.procedure_confidence},
              {"procedure_evidence", d.procedure_evidence},
              {"agency", d.agency_code},
              {"received_date", d.received_date},
              {"applicant", d.applicant},
              {"status", d.status},
              {"fields", std::move(fields)},
              {"documents", std::move(documents)}};
  if (metadata != nullptr) out["archival_metadata"] = MetadataJson(*metadata);
  // Text is NFC UTF-8 from the catalog; a stray invalid byte in a file name
  // becomes U+FFFD rather than failing the whole export.
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<DossierRecord> DossierFromJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Corrupt("not valid JSON");
  try {
    DossierRecord d;
    d.code = Member<std::string>(j, "code", "the dossier");
    const std::string where = "dossier " + d.code;
    d.code_source = MemberOr<std::string>(j, "code_source", "", where);
    d.agency_code = MemberOr<std::string>(j, "agency", "", where);
    d.received_date = MemberOr<std::string>(j, "received_date", "", where);
    d.procedure_code = MemberOr<std::string>(j, "procedure_code", "", where);
    d.procedure_name = MemberOr<std::string>(j, "procedure_name", "", where);
    d.field = MemberOr<std::string>(j, "field", "", where);
    d.procedure_confidence = MemberOr<float>(j, "procedure_confidence", 0, where);
    d.procedure_evidence = MemberOr<std::string>(j, "procedure_evidence", "", where);
    d.applicant = MemberOr<std::string>(j, "applicant", "", where);
    d.status = MemberOr<std::string>(j, "status", "archived", where);
    const json& documents = ArrayMember(j, "documents", where, true);
    for (std::size_t i = 0; i < documents.size(); ++i) {
      d.documents.push_back(
          DocumentFrom(documents[i], where + ".documents[" + std::to_string(i) + "]"));
    }
    const json& fields = ArrayMember(j, "fields", where, true);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      d.fields.push_back(FieldFrom(fields[i], where + ".fields[" + std::to_string(i) + "]"));
    }
    return d;
  } catch (const BadJson& e) {
    return Corrupt(e.what());
  }
}

}  // namespace sohoa::archive
