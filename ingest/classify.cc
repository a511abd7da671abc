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

// The first run of exactly 12 digits (a citizen ID's length) in `line`.
std::optional<std::string> FindTwelveDigits(std::string_view line) {
  size_t i = 0;
  while (i < line.size()) {
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
    if (i - start == 12) return std::string(line.substr(start, 12));
  }
  return std::nullopt;
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
    return {named, 0.95f, "procedure name '" + named->name + "' printed in the dossier"};
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
  if (best == catalog_.size()) return {nullptr, 0, "no procedure name or form/result title found"};
  const auto& t = tally[best];
  std::string evidence = "titles found:";
  for (const auto& s : t.titles) evidence += " '" + s + "'";
  float share = static_cast<float>(t.found) / static_cast<float>(t.total);
  return {&catalog_[best], 0.5f + 0.4f * share, evidence};
}

ProcedureClassifier::PageKind ProcedureClassifier::KindOfPage(std::string_view page_text) const {
  std::string text = Normalize(page_text);
  // The receipt lists the components it received ("Tờ khai ..."), so its own
  // title decides before any form title it mentions.
  if (FindWord(text, Normalize(kReceiptTitle)) != std::string::npos) {
    return {kKindReceipt, std::string(kReceiptTitle)};
  }
  // Otherwise the title that appears first on the page, the longest on a tie.
  size_t best_pos = std::string::npos;
  const Title* best = nullptr;
  for (const auto& title : titles_) {
    size_t pos = FindWord(text, title.folded);
    if (pos == std::string::npos) continue;
    if (best == nullptr || pos < best_pos ||
        (pos == best_pos && title.folded.size() > best->folded.size())) {
      best = &title;
      best_pos = pos;
    }
  }
  size_t id_pos = FindWord(text, Normalize(kIdCopyTitle));
  if (id_pos == std::string::npos) id_pos = FindWord(text, Normalize(kIdCopyTitleNew));
  if (id_pos != std::string::npos && (best == nullptr || id_pos < best_pos)) {
    return {kKindIdCopy, std::string(kIdCopyTitle)};
  }
  if (best != nullptr) return {best->is_result ? kKindResult : kKindForm, best->original};
  return {kKindOther, ""};
}

std::vector<FieldValue> ExtractFields(const std::vector<std::string>& page_texts) {
  static const std::vector<std::string> kNameLabels = {
      Normalize("Họ, chữ đệm, tên người yêu cầu"), Normalize("Ông/Bà"), Normalize("Họ và tên"),
      Normalize("Họ, chữ đệm và tên")};

  std::vector<FieldValue> fields;
  bool have_name = false;
  bool have_id = false;
  for (const auto& page : page_texts) {
    std::istringstream lines(page);
    std::string line;
    while (std::getline(lines, line)) {
      if (!have_name) {
        std::string folded = Normalize(line);
        for (const auto& label : kNameLabels) {
          if (folded.rfind(label, 0) != 0) continue;  // the label starts the line
          auto colon = line.find(':');
          if (colon == std::string::npos) continue;
          std::string value = line.substr(colon + 1);
          value.erase(0, value.find_first_not_of(" \t"));
          value.erase(value.find_last_not_of(" \t\r.") + 1);
          if (value.size() >= 4) {
            fields.push_back({"applicant_name", ToNfc(value), 0.7f, kSourceOcr});
            have_name = true;
          }
          break;
        }
      }
      if (!have_id) {
        if (auto id = FindTwelveDigits(line)) {
          fields.push_back({"citizen_id", *id, 0.7f, kSourceOcr});
          have_id = true;
        }
      }
    }
  }
  return fields;
}

}  // namespace sohoa::ingest
