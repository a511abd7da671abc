#include "ingest/understand.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>
#include <tuple>

#include "ingest/fields.h"
#include "ingest/page_lines.h"
#include "schema/dossier_code.h"

namespace sohoa::ingest {
namespace {

// Whether two procedure names are close: every word pair of the shorter one
// (after "thủ tục") is in the longer one, as "đăng ký khai sinh" is in "liên
// thông ... đăng ký khai sinh, đăng ký thường trú ..." (but "đăng ký khai tử"
// is not close to "đăng ký khai sinh").
bool NamesOverlap(const std::string& a, const std::string& b) {
  auto pairs = [](const std::string& name) {
    std::set<std::string> out;
    for (const auto& [term, n] : TermsOf({name})) {
      if (term.find('_') != std::string::npos && term != "thu_tuc" && term.rfind("tuc_", 0) != 0) {
        out.insert(term);
      }
    }
    return out;
  };
  std::set<std::string> pa = pairs(a), pb = pairs(b);
  if (pa.empty() || pb.empty()) return false;
  size_t shared = 0;
  for (const auto& p : pa) shared += pb.count(p);
  return shared == std::min(pa.size(), pb.size());
}

std::optional<DossierCode> CodeFromName(std::string_view name) {
  if (auto code = ParseDossierCode(name)) return code;
  size_t dash = name.rfind('-');
  size_t dot = name.find('.', dash == std::string_view::npos ? 0 : dash);
  if (dot != std::string_view::npos) return ParseDossierCode(name.substr(0, dot));
  return std::nullopt;
}

std::optional<DossierCode> BarcodeCode(const PageInput& page) {
  for (const auto& b : page.barcodes) {
    if (auto code = FindDossierCode(b)) return code;
  }
  return std::nullopt;
}

std::string Percent(float f) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", f);
  return buf;
}

struct CodeDecision {
  std::optional<DossierCode> code;
  std::string source;
  float confidence = 0;
  std::string evidence;
  size_t page = 0;  // index into the unit's pages where it was read
};

CodeDecision DecideCode(const std::vector<PageInput>& pages, const std::vector<size_t>& group,
                        std::optional<DossierCode> from_name, std::string_view today) {
  CodeDecision d;
  std::optional<DossierCode> barcode;
  size_t barcode_page = 0;
  std::optional<CodeReading> printed;
  size_t printed_page = 0;
  for (size_t i : group) {
    if (!barcode) {
      if ((barcode = BarcodeCode(pages[i]))) barcode_page = i;
    }
    if (!printed || printed->corrections > 0) {
      auto r = ReadDossierCode(pages[i].text, today);
      if (r && (!printed || r->corrections < printed->corrections)) {
        printed = r;
        printed_page = i;
      }
    }
  }
  if (barcode) {
    d.code = barcode;
    d.source = kSourceBarcode;
    d.confidence = 1.0f;
    d.page = barcode_page;
    d.evidence = "QR/barcode on the receipt";
    if (printed && printed->code.code != barcode->code) {
      d.evidence += "; the printed code reads " + printed->code.code + " (barcode trusted)";
    } else if (printed) {
      d.evidence += "; the printed code agrees";
    }
    return d;
  }
  float printed_confidence = 0;
  if (printed) {
    printed_confidence = printed->corrections == 0 ? 0.92f : printed->corrections <= 2 ? 0.85f : 0.75f;
  }
  if (printed && from_name) {
    if (printed->code.code == from_name->code) {
      d.code = printed->code;
      d.source = kSourceOcr;
      d.confidence = 0.98f;
      d.page = printed_page;
      d.evidence = "printed code and the file name agree";
      return d;
    }
    // Staff typed the name; OCR read the print. A clean reading of the print
    // wins, but a person should look.
    bool take_print = printed->corrections == 0;
    d.code = take_print ? printed->code : *from_name;
    d.source = take_print ? kSourceOcr : kSourceFilename;
    d.confidence = 0.5f;
    d.page = printed_page;
    d.evidence = "the printed code " + printed->code.code + " and the name's " + from_name->code +
                 " disagree";
    return d;
  }
  if (printed) {
    d.code = printed->code;
    d.source = kSourceOcr;
    d.confidence = printed_confidence;
    d.page = printed_page;
    d.evidence = printed->corrections == 0
                     ? "printed code read as is"
                     : "printed code read with " + std::to_string(printed->corrections) +
                           " OCR confusion(s) corrected; its date is plausible";
    return d;
  }
  if (from_name) {
    d.code = from_name;
    d.source = kSourceFilename;
    d.confidence = 0.9f;
    d.evidence = "the file or folder name (no barcode or printed code was read)";
  }
  return d;
}

}  // namespace

std::vector<size_t> ReceiptStarts(const std::vector<PageInput>& pages,
                                  const ProcedureClassifier& rules, std::string_view today) {
  std::vector<size_t> starts;
  std::string current;
  for (size_t i = 0; i < pages.size(); ++i) {
    std::optional<DossierCode> code = BarcodeCode(pages[i]);
    if (!code && rules.KindOfPage(pages[i].text).kind == kKindReceipt) {
      if (auto r = ReadDossierCode(pages[i].text, today)) code = r->code;
    }
    if (!code || code->code == current) continue;
    starts.push_back(i);
    current = code->code;
  }
  return starts;
}

Understander::Understander(std::vector<Procedure> catalog, archive::ClassifierCounts learned)
    : rules_(std::move(catalog)), learned_(std::move(learned)) {}

void Understander::Learn(const std::string& procedure_code, const Terms& terms, int sign) {
  learned_.Add(procedure_code, terms, sign);
}

ProcedureMatch Understander::DecideProcedure(const std::vector<std::string>& page_texts,
                                             const Terms& terms) const {
  ProcedureMatch match = rules_.Classify(page_texts);
  if (match.confidence >= kProcedureReviewBelow) return match;
  auto nb = learned_.Classify(terms);
  if (!nb) return match;
  const Procedure* learned = FindProcedure(nb->procedure_code);
  float learned_confidence = nb->confidence;
  std::string caution;
  // A procedure of the catalog with no example yet, whose name says it is
  // close to the winner (liên thông khai sinh beside khai sinh): the
  // classifier cannot tell them apart, so it does not decide between them.
  if (learned != nullptr) {
    for (const auto& p : rules_.catalog()) {
      if (&p == learned || learned_.Examples(p.code) > 0) continue;
      if (NamesOverlap(p.name, learned->name)) {
        learned_confidence = std::min(learned_confidence, kProcedureReviewBelow / 2);
        caution = "; not learned yet and close to it: " + p.code + " (" + p.name + ")";
        nb->candidates.insert(nb->candidates.begin() + 1, p.code);
        break;
      }
    }
  }
  if (learned != nullptr && match.procedure == learned) {
    match.confidence = std::max(match.confidence, std::min(0.95f, match.confidence + learned_confidence / 2));
    match.evidence += "; " + nb->evidence + " agrees" + caution;
  } else if (learned != nullptr && learned_confidence > match.confidence) {
    match.evidence = nb->evidence + caution + "; rules: " + match.evidence;
    match.procedure = learned;
    match.confidence = learned_confidence;
  } else {
    match.evidence += "; " + nb->evidence + caution;
  }
  if (match.confidence < kProcedureReviewBelow) {
    // For the person who decides: the likeliest, the rules' pick first.
    if (match.procedure != nullptr) match.candidates.push_back(match.procedure->code);
    for (const auto& code : nb->candidates) {
      if (match.candidates.size() == 3) break;
      if (std::find(match.candidates.begin(), match.candidates.end(), code) == match.candidates.end()) {
        match.candidates.push_back(code);
      }
    }
    std::string listed;
    for (const auto& code : match.candidates) {
      const Procedure* p = FindProcedure(code);
      listed += (listed.empty() ? "" : ", ") + code + (p != nullptr ? " (" + p->name + ")" : "");
    }
    match.evidence += "; to review, likeliest: " + listed;
  }
  return match;
}

const Procedure* Understander::FindProcedure(std::string_view code) const {
  for (const auto& p : rules_.catalog()) {
    if (p.code == code) return &p;
  }
  return nullptr;
}

Understanding Understander::Understand(const std::vector<PageInput>& pages,
                                       std::string_view unit_name, std::string_view today) const {
  Understanding out;
  if (pages.empty()) return out;
  std::vector<size_t> starts = ReceiptStarts(pages, rules_, today);
  std::vector<std::vector<size_t>> groups;
  if (starts.empty() || starts.front() != 0) groups.emplace_back();
  for (size_t i = 0, s = 0; i < pages.size(); ++i) {
    if (s < starts.size() && starts[s] == i) {
      groups.emplace_back();
      ++s;
    }
    groups.back().push_back(i);
  }
  std::optional<DossierCode> from_name;
  if (groups.size() == 1) from_name = CodeFromName(unit_name);

  for (size_t g = 0; g < groups.size(); ++g) {
    const auto& group = groups[g];
    bool stacked = groups.size() > 1;
    CodeDecision code = DecideCode(pages, group, from_name, today);
    if (!code.code) {
      std::string where = stacked ? "pages " + std::to_string(group.front() + 1) + "-" +
                                        std::to_string(group.back() + 1) + " of the stack"
                                  : "the name '" + std::string(unit_name) + "' nor the text of its " +
                                        std::to_string(pages.size()) + " page(s)";
      out.failure = stacked ? "no dossier code for " + where +
                                  " (no receipt slip leads them). Scan each dossier's receipt "
                                  "first, or ingest those pages as a file named by the code."
                            : "no dossier code: neither " + where +
                                  " holds one (format 000.00.00.H32-YYMMDD-NNNN). "
                                  "Rename it to the dossier's code and ingest it again.";
      out.dossiers.clear();
      return out;
    }

    DossierPlan plan;
    DossierRecord& r = plan.record;
    r.code = code.code->code;
    r.code_source = code.source;
    r.agency_code = code.code->agency_code;
    r.received_date = code.code->received_date;

    std::vector<std::string> texts;
    for (size_t i : group) texts.emplace_back(pages[i].text);
    plan.terms = TermsOf(texts);

    // Documents: a new one where the page's kind or title changes, and at
    // every file boundary; a page of no recognisable kind continues one.
    std::vector<std::vector<Line>> lines(group.size());
    std::vector<PageView> views;
    for (size_t k = 0; k < group.size(); ++k) {
      size_t i = group[k];
      auto kind = rules_.KindOfPage(pages[i].text);
      if (k == 0 && stacked) kind = {kKindReceipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"};
      bool starts_new = r.documents.empty() || pages[i].file != pages[group[k - 1]].file ||
                        (kind.kind != kKindOther && (kind.kind != r.documents.back().kind ||
                                                     kind.title != r.documents.back().title));
      if (starts_new) {
        DocumentRecord doc;
        doc.kind = kind.kind;
        doc.title = kind.title;
        r.documents.push_back(std::move(doc));
        plan.document_pages.emplace_back();
      }
      plan.document_pages.back().push_back(i);
      lines[k] = LinesOf(pages[i].text, pages[i].words);
      views.push_back({&lines[k], r.documents.back().kind, static_cast<int>(r.documents.size()),
                       static_cast<int>(plan.document_pages.back().size())});
    }
    auto page_position = [&](size_t input_index) -> std::pair<int, int> {
      for (size_t d = 0; d < plan.document_pages.size(); ++d) {
        for (size_t p = 0; p < plan.document_pages[d].size(); ++p) {
          if (plan.document_pages[d][p] == input_index) {
            return {static_cast<int>(d + 1), static_cast<int>(p + 1)};
          }
        }
      }
      return {0, 0};
    };

    FieldValue code_field;
    code_field.name = "dossier_code";
    code_field.value = r.code;
    code_field.confidence = code.confidence;
    code_field.source = code.source;
    code_field.evidence = code.evidence;
    if (code.source != kSourceFilename) {
      std::tie(code_field.document, code_field.page) = page_position(code.page);
    }
    code_field.needs_review = code.confidence < kCodeReviewBelow;
    r.fields.push_back(code_field);

    ProcedureMatch decided = DecideProcedure(texts, plan.terms);
    const Procedure* chosen = decided.procedure;
    float confidence = decided.confidence;
    const std::string& evidence = decided.evidence;
    FieldValue procedure_field;
    procedure_field.name = "procedure";
    procedure_field.source = kSourceOcr;
    procedure_field.confidence = confidence;
    procedure_field.evidence = evidence + " (confidence " + Percent(confidence) + ")";
    procedure_field.needs_review = chosen == nullptr || confidence < kProcedureReviewBelow;
    if (chosen != nullptr) {
      r.procedure_code = chosen->code;
      r.procedure_name = chosen->name;
      r.field = chosen->field;
      r.procedure_confidence = confidence;
      procedure_field.value = chosen->code;
    }
    r.procedure_evidence = procedure_field.evidence;
    r.fields.push_back(procedure_field);

    for (auto& f : ExtractFields(views, r.received_date)) {
      if (f.name == "applicant_name") r.applicant = f.value;
      r.fields.push_back(std::move(f));
    }
    for (const auto& f : r.fields) plan.needs_review = plan.needs_review || f.needs_review;
    out.dossiers.push_back(std::move(plan));
  }
  return out;
}

}  // namespace sohoa::ingest
