#include "tools/gen/ground_truth.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace sohoa::gen {
namespace {

using Json = nlohmann::ordered_json;

Json PageJson(const PageTruth& p) {
  Json barcodes = Json::array();
  for (const auto& b : p.barcodes) {
    barcodes.push_back({{"format", b.format}, {"text", b.text}, {"box", {b.x, b.y, b.w, b.h}}});
  }
  return {{"file", p.file},      {"page_index", p.page_index},     {"text", p.text},
          {"dpi", p.dpi},        {"rotation", p.rotation},         {"skew_degrees", p.skew_degrees},
          {"font", p.font},      {"degradations", p.degradations}, {"width", p.width},
          {"height", p.height},  {"jpeg_quality", p.jpeg_quality}, {"color", p.color},
          {"barcodes", barcodes}};
}

Json DossierJson(const DossierTruth& d) {
  Json details = Json::object();
  for (const auto& [k, v] : d.subject.details) details[k] = v;
  Json documents = Json::array();
  for (const auto& doc : d.documents) {
    Json pages = Json::array();
    for (const auto& p : doc.pages) pages.push_back(PageJson(p));
    documents.push_back({{"kind", doc.kind}, {"title", doc.title}, {"pages", pages}});
  }
  return {{"code", d.code},
          {"path", d.path},
          {"form", d.form},
          {"named_by_code", d.named_by_code},
          {"procedure_code", d.procedure_code},
          {"procedure_name", d.procedure_name},
          {"field", d.field},
          {"agency_code", d.agency_code},
          {"received_date", d.received_date},
          {"appointment_date", d.appointment_date},
          {"applicant", d.applicant},
          {"citizen_id", d.citizen_id},
          {"applicant_birth_date", d.applicant_birth_date},
          {"applicant_sex", d.applicant_sex},
          {"subject",
           {{"kind", d.subject.kind},
            {"name", d.subject.name},
            {"date", d.subject.date},
            {"details", details}}},
          {"documents", documents}};
}

Json BookJson(const BookTruth& b) {
  Json pages = Json::array();
  for (const auto& p : b.pages) {
    Json entries = Json::array();
    for (const auto& e : p.entries) {
      Json fields = Json::object();
      for (const auto& [k, v] : e.fields) fields[k] = v;
      entries.push_back(fields);
    }
    pages.push_back({{"file", p.file},
                     {"number", p.number},
                     {"header", p.header},
                     {"dpi", p.dpi},
                     {"skew_degrees", p.skew_degrees},
                     {"font", p.font},
                     {"degradations", p.degradations},
                     {"width", p.width},
                     {"height", p.height},
                     {"jpeg_quality", p.jpeg_quality},
                     {"color", p.color},
                     {"entries", entries}});
  }
  return {{"id", b.id},          {"path", b.path},       {"type", b.type},
          {"commune", b.commune}, {"agency_code", b.agency_code}, {"volume", b.volume},
          {"year", b.year},      {"columns", b.columns}, {"pages", pages}};
}

// How a page was scanned, shared by dossier and register-book pages.
template <typename Page>
void ReadScanLook(const Json& jp, Page& p) {
  p.dpi = jp.at("dpi").get<int>();
  p.skew_degrees = jp.at("skew_degrees").get<double>();
  p.font = jp.at("font").get<std::string>();
  p.degradations = jp.at("degradations").get<std::vector<std::string>>();
  p.width = jp.at("width").get<int>();
  p.height = jp.at("height").get<int>();
  p.jpeg_quality = jp.at("jpeg_quality").get<int>();
  p.color = jp.at("color").get<bool>();
}

BookTruth ParseBook(const Json& jb) {
  BookTruth b;
  b.id = jb.at("id").get<std::string>();
  b.path = jb.at("path").get<std::string>();
  b.type = jb.at("type").get<std::string>();
  b.commune = jb.at("commune").get<std::string>();
  b.agency_code = jb.at("agency_code").get<std::string>();
  b.volume = jb.at("volume").get<std::string>();
  b.year = jb.at("year").get<int>();
  b.columns = jb.at("columns").get<std::vector<std::string>>();
  for (const Json& jp : jb.at("pages")) {
    BookPageTruth p;
    p.file = jp.at("file").get<std::string>();
    p.number = jp.at("number").get<int>();
    p.header = jp.at("header").get<std::string>();
    ReadScanLook(jp, p);
    for (const Json& je : jp.at("entries")) {
      EntryTruth e;
      for (const auto& [k, v] : je.items()) e.fields.emplace_back(k, v.get<std::string>());
      p.entries.push_back(std::move(e));
    }
    b.pages.push_back(std::move(p));
  }
  return b;
}

}  // namespace

std::string EntryTruth::Get(std::string_view key) const {
  for (const auto& [k, v] : fields) {
    if (k == key) return v;
  }
  return "";
}

int GroundTruth::PageCount() const {
  int n = 0;
  for (const auto& d : dossiers) {
    for (const auto& doc : d.documents) n += static_cast<int>(doc.pages.size());
  }
  return n;
}

std::string ToJson(const GroundTruth& t) {
  Json dossiers = Json::array();
  for (const auto& d : t.dossiers) dossiers.push_back(DossierJson(d));
  Json j = {{"generator", t.generator},
            {"version", t.version},
            {"seed", t.seed},
            {"options",
             {{"dossiers", t.options.dossiers},
              {"fonts", t.options.fonts},
              {"dpi", t.options.dpis},
              {"formats", t.options.forms},
              {"degrade", t.options.degrade}}},
            {"dossiers", dossiers}};
  if (t.options.books > 0) {
    Json& o = j["options"];
    o["books"] = t.options.books;
    o["entries_per_page"] = t.options.entries_per_page;
    o["book_pages"] = t.options.book_pages;
    Json books = Json::array();
    for (const auto& b : t.books) books.push_back(BookJson(b));
    j["books"] = books;
  }
  return j.dump(2) + "\n";
}

Result<GroundTruth> ParseGroundTruth(std::string_view json) {
  try {
    Json j = Json::parse(json);
    GroundTruth t;
    t.generator = j.at("generator").get<std::string>();
    t.version = j.at("version").get<int>();
    t.seed = j.at("seed").get<std::uint64_t>();
    const Json& o = j.at("options");
    t.options.dossiers = o.at("dossiers").get<int>();
    t.options.fonts = o.at("fonts").get<std::vector<std::string>>();
    t.options.dpis = o.at("dpi").get<std::vector<int>>();
    t.options.forms = o.at("formats").get<std::vector<std::string>>();
    t.options.degrade = o.at("degrade").get<bool>();
    if (o.contains("books")) {
      t.options.books = o.at("books").get<int>();
      t.options.entries_per_page = o.at("entries_per_page").get<int>();
      t.options.book_pages = o.at("book_pages").get<int>();
    }
    if (j.contains("books")) {
      for (const Json& jb : j.at("books")) t.books.push_back(ParseBook(jb));
    }
    for (const Json& jd : j.at("dossiers")) {
      DossierTruth d;
      d.code = jd.at("code").get<std::string>();
      d.path = jd.at("path").get<std::string>();
      d.form = jd.at("form").get<std::string>();
      d.named_by_code = jd.at("named_by_code").get<bool>();
      d.procedure_code = jd.at("procedure_code").get<std::string>();
      d.procedure_name = jd.at("procedure_name").get<std::string>();
      d.field = jd.at("field").get<std::string>();
      d.agency_code = jd.at("agency_code").get<std::string>();
      d.received_date = jd.at("received_date").get<std::string>();
      d.appointment_date = jd.at("appointment_date").get<std::string>();
      d.applicant = jd.at("applicant").get<std::string>();
      d.citizen_id = jd.at("citizen_id").get<std::string>();
      d.applicant_birth_date = jd.at("applicant_birth_date").get<std::string>();
      d.applicant_sex = jd.at("applicant_sex").get<std::string>();
      const Json& s = jd.at("subject");
      d.subject.kind = s.at("kind").get<std::string>();
      d.subject.name = s.at("name").get<std::string>();
      d.subject.date = s.at("date").get<std::string>();
      for (const auto& [k, v] : s.at("details").items()) {
        d.subject.details.emplace_back(k, v.get<std::string>());
      }
      for (const Json& jdoc : jd.at("documents")) {
        DocumentTruth doc;
        doc.kind = jdoc.at("kind").get<std::string>();
        doc.title = jdoc.at("title").get<std::string>();
        for (const Json& jp : jdoc.at("pages")) {
          PageTruth p;
          p.file = jp.at("file").get<std::string>();
          p.page_index = jp.at("page_index").get<int>();
          p.text = jp.at("text").get<std::string>();
          p.rotation = jp.at("rotation").get<int>();
          ReadScanLook(jp, p);
          for (const Json& jb : jp.at("barcodes")) {
            BarcodeTruth b;
            b.format = jb.at("format").get<std::string>();
            b.text = jb.at("text").get<std::string>();
            const Json& box = jb.at("box");
            b.x = box.at(0).get<int>();
            b.y = box.at(1).get<int>();
            b.w = box.at(2).get<int>();
            b.h = box.at(3).get<int>();
            p.barcodes.push_back(std::move(b));
          }
          doc.pages.push_back(std::move(p));
        }
        d.documents.push_back(std::move(doc));
      }
      t.dossiers.push_back(std::move(d));
    }
    return t;
  } catch (const nlohmann::json::exception& e) {
    return Corrupt(std::string("ground truth: ") + e.what());
  }
}

}  // namespace sohoa::gen
