#include "ingest/classify.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "schema/text.h"

namespace sohoa::ingest {
namespace {

// Folds and collapses everything that is not a letter or digit into single
// spaces, so titles match across OCR line breaks and punctuation.
std::string Normalize(std::string_view text) {
  std::string folded = FoldForSearch(text);
  std::string out = " ";
  for (char c : folded) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      out += c;
    } else if (out.back() != ' ') {
      out += ' ';
    }
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

size_t FindWord(const std::string& haystack, const std::string& needle) {
  if (needle.size() <= 2) return std::string::npos;  // " " alone would match anything
  return haystack.find(needle);
}

// Every "d.dddddd" in `text` not glued to more digits.
std::vector<std::string> ProcedureCodesIn(std::string_view text) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::vector<std::string> out;
  for (size_t i = 0; i + 8 <= text.size(); ++i) {
    if (!digit(text[i]) || text[i + 1] != '.') continue;
    bool ok = true;
    for (size_t k = 2; k < 8 && ok; ++k) ok = digit(text[i + k]);
    if (!ok || (i > 0 && (digit(text[i - 1]) || text[i - 1] == '.'))) continue;
    if (i + 8 < text.size() && digit(text[i + 8])) continue;
    out.emplace_back(text.substr(i, 8));
  }
  return out;
}

// Each line, normalized, followed by the next one: titles may wrap.
std::vector<std::string> LineStarts(std::string_view page_text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= page_text.size()) {
    size_t end = page_text.find('\n', start);
    if (end == std::string_view::npos) end = page_text.size();
    std::string n = Normalize(page_text.substr(start, end - start));
    if (n.size() > 1) lines.push_back(n);
    if (end == page_text.size()) break;
    start = end + 1;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    out.push_back(i + 1 < lines.size() ? lines[i] + lines[i + 1].substr(1) : lines[i]);
  }
  return out;
}

constexpr std::string_view kReceiptTitle = "GIẤY TIẾP NHẬN HỒ SƠ";
constexpr std::string_view kIdCopyTitle = "CĂN CƯỚC CÔNG DÂN";
constexpr std::string_view kIdCopyTitleNew = "CĂN CƯỚC";

}  // namespace

ProcedureClassifier::ProcedureClassifier(std::vector<Procedure> catalog)
    : catalog_(std::move(catalog)) {
  for (size_t i = 0; i < catalog_.size(); ++i) {
    folded_names_.push_back(Normalize(catalog_[i].name));
    for (const auto& t : catalog_[i].form_titles) titles_.push_back({Normalize(t), t, i, false});
    for (const auto& t : catalog_[i].result_titles) titles_.push_back({Normalize(t), t, i, true});
  }
}

ProcedureMatch ProcedureClassifier::Classify(const std::vector<std::string>& page_texts) const {
  std::string all;
  for (const auto& t : page_texts) all += Normalize(t);

  // 0. A catalog code printed in the dossier (the receipt's "Mã thủ tục").
  for (const auto& t : page_texts) {
    for (const auto& code : ProcedureCodesIn(t)) {
      for (const auto& p : catalog_) {
        if (p.code != code) continue;
        bool named = FindWord(all, Normalize(p.name)) != std::string::npos;
        return {&p, named ? 0.99f : 0.97f,
                "procedure code " + code + " printed in the dossier" +
                    (named ? " and its name too" : ""),
                {}};
      }
    }
  }

  // 1. A procedure named in full (on the receipt); the longest name wins, so
  // "Liên thông thủ tục ... đăng ký khai sinh, ..." beats its sub-procedure.
  const Procedure* named = nullptr;
  size_t named_length = 0;
  for (size_t i = 0; i < catalog_.size(); ++i) {
    if (FindWord(all, folded_names_[i]) != std::string::npos && folded_names_[i].size() > named_length) {
      named = &catalog_[i];
      named_length = folded_names_[i].size();
    }
  }
  if (named != nullptr) {
    return {named, 0.95f, "procedure name '" + named->name + "' printed in the dossier", {}};
  }

  // 2. Form and result titles: most titles found, then the largest share of
  // the procedure's own title set.
  struct Tally {
    int found = 0;
    int total = 0;
    std::vector<std::string> titles;
  };
  std::vector<Tally> tally(catalog_.size());
  for (const auto& title : titles_) {
    auto& t = tally[title.procedure];
    ++t.total;
    if (FindWord(all, title.folded) != std::string::npos) {
      ++t.found;
      t.titles.push_back(title.original);
    }
  }
  size_t best = catalog_.size();
  for (size_t i = 0; i < catalog_.size(); ++i) {
    if (tally[i].found == 0) continue;
    if (best == catalog_.size()) {
      best = i;
      continue;
    }
    const auto& a = tally[i];
    const auto& b = tally[best];
    double share_a = static_cast<double>(a.found) / a.total;
    double share_b = static_cast<double>(b.found) / b.total;
    if (a.found > b.found || (a.found == b.found && share_a > share_b)) best = i;
  }
  if (best == catalog_.size()) return {nullptr, 0, "no procedure name or form/result title found", {}};
  const auto& t = tally[best];
  std::string evidence = "titles found:";
  for (const auto& s : t.titles) evidence += " '" + s + "'";
  float share = static_cast<float>(t.found) / static_cast<float>(t.total);
  return {&catalog_[best], 0.5f + 0.4f * share, evidence, {}};
}

ProcedureClassifier::PageKind ProcedureClassifier::KindOfPage(std::string_view page_text) const {
  std::string text = Normalize(page_text);
  // The receipt lists the components it received ("Tờ khai ..."), so its own
  // title decides before any form title it mentions. OCR may garble one
  // half of the long title, so either half will do.
  if (FindWord(text, Normalize(kReceiptTitle)) != std::string::npos ||
      (FindWord(text, " tiep nhan ho so ") != std::string::npos &&
       FindWord(text, " hen tra ket qua ") != std::string::npos)) {
    return {kKindReceipt, std::string(kReceiptTitle)};
  }
  // Otherwise the title that starts the earliest line, the longest on a tie.
  std::vector<std::string> lines = LineStarts(page_text);
  size_t best_line = lines.size();
  const Title* best = nullptr;
  for (const auto& title : titles_) {
    for (size_t i = 0; i < lines.size() && i <= best_line; ++i) {
      if (lines[i].rfind(title.folded, 0) != 0) continue;
      if (best == nullptr || i < best_line ||
          (i == best_line && title.folded.size() > best->folded.size())) {
        best = &title;
        best_line = i;
      }
      break;
    }
  }
  size_t id_line = lines.size();
  for (size_t i = 0; i < lines.size() && id_line == lines.size(); ++i) {
    if (lines[i].rfind(Normalize(kIdCopyTitle), 0) == 0 ||
        lines[i].rfind(Normalize(kIdCopyTitleNew), 0) == 0) {
      id_line = i;
    }
  }
  if (id_line < lines.size() && (best == nullptr || id_line < best_line)) {
    return {kKindIdCopy, std::string(kIdCopyTitle)};
  }
  if (best != nullptr) return {best->is_result ? kKindResult : kKindForm, best->original};
  return {kKindOther, ""};
}

}  // namespace sohoa::ingest
