#include "tools/cli/common.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace sohoa::cli {

archive::HomeLayout ResolveHome(const GlobalOptions& options) {
  if (!options.home.empty()) return {options.home};
  if (const char* env = std::getenv("SOHOA_HOME"); env != nullptr && *env != '\0') return {env};
  return {"sohoa-home"};
}

int Fail(const Status& status) {
  std::cerr << "sohoa: " << status.message() << "\n";
  switch (status.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kInvalidArgument: return kExitUsage;
    case StatusCode::kNotFound: return kExitNotFound;
    default: return kExitError;
  }
}

void AddJsonFlag(CLI::App& command, GlobalOptions& options) {
  command.add_flag("--json", options.json, "Print the result as JSON");
}

nlohmann::json DossierToJson(const DossierRecord& d, bool with_words) {
  nlohmann::json documents = nlohmann::json::array();
  for (const auto& doc : d.documents) {
    nlohmann::json pages = nlohmann::json::array();
    for (const auto& p : doc.pages) {
      nlohmann::json page = {{"number", p.number},       {"text", p.text},
                             {"confidence", p.confidence}, {"rotation", p.rotation},
                             {"skew_degrees", p.skew_degrees}, {"dpi", p.dpi},
                             {"image_sha256", p.image_sha256}, {"source_page", p.source_page}};
      if (!p.barcodes.empty()) {
        nlohmann::json codes = nlohmann::json::array();
        for (const auto& b : p.barcodes) {
          codes.push_back({{"format", b.format}, {"text", b.text}, {"box", {b.box.x, b.box.y, b.box.w, b.box.h}}});
        }
        page["barcodes"] = std::move(codes);
      }
      if (with_words) {
        nlohmann::json words = nlohmann::json::array();
        for (const auto& w : p.words) {
          words.push_back({{"text", w.text},
                           {"box", {w.box.x, w.box.y, w.box.w, w.box.h}},
                           {"confidence", w.confidence}});
        }
        page["words"] = std::move(words);
      }
      pages.push_back(std::move(page));
    }
    documents.push_back({{"kind", doc.kind},
                         {"title", doc.title},
                         {"source_name", doc.source_name},
                         {"source_sha256", doc.source_sha256},
                         {"media_type", doc.media_type},
                         {"pdf_sha256", doc.pdf_sha256},
                         {"pages", std::move(pages)}});
  }
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : d.fields) {
    fields.push_back({{"name", f.name},
                      {"value", f.value},
                      {"confidence", f.confidence},
                      {"source", f.source},
                      {"document", f.document},
                      {"page", f.page},
                      {"box", {f.box.x, f.box.y, f.box.w, f.box.h}},
                      {"evidence", f.evidence},
                      {"needs_review", f.needs_review},
                      {"changed_by", f.changed_by},
                      {"changed_at", f.changed_at}});
  }
  return {{"code", d.code},
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
}

std::string Column(std::string_view utf8, size_t width, bool align_right) {
  auto is_start = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  size_t columns = 0;
  for (char c : utf8) columns += is_start(c);
  std::string out;
  if (columns <= width) {
    std::string pad(width - columns, ' ');
    return align_right ? pad + std::string(utf8) : std::string(utf8) + pad;
  }
  size_t kept = 0;
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (is_start(utf8[i]) && ++kept > width - 1) break;
    out += utf8[i];
  }
  return out + "\u2026";
}

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

Result<std::unique_ptr<archive::Catalog>> OpenCatalog(const GlobalOptions& options) {
  auto home = ResolveHome(options);
  if (!archive::HomeExists(home)) {
    return NotFound("no archive home at " + home.root.string() +
                    ": run 'sohoa init' or pass --home DIR (or set SOHOA_HOME)");
  }
  return archive::Catalog::Open(home.catalog(), false);
}

}  // namespace sohoa::cli
