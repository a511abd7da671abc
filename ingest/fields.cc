#include "ingest/fields.h"

#include <algorithm>
#include <map>
#include <optional>

#include "schema/citizen_id.h"
#include "schema/surnames.h"
#include "schema/text.h"

namespace sohoa::ingest {
namespace {

struct Candidate {
  std::string value;
  float ocr = 0;  // 0..1
  const PageView* page = nullptr;
  Box box;
  std::string where;  // "receipt 'Ông/Bà'"
};

bool LabelIs(const Line& line, std::string_view label) { return line.label == label; }
bool LabelEndsWith(const Line& line, std::string_view tail) {
  return line.label.size() >= tail.size() &&
         line.label.compare(line.label.size() - tail.size(), tail.size(), tail) == 0;
}

FieldValue Make(const std::string& name, const Candidate& c, float confidence,
                const std::string& evidence) {
  FieldValue f;
  f.name = name;
  f.value = c.value;
  f.confidence = confidence;
  f.source = kSourceOcr;
  if (c.page != nullptr) {
    f.document = c.page->document;
    f.page = c.page->page;
  }
  f.box = c.box;
  f.evidence = evidence;
  f.needs_review = confidence < kFieldReviewBelow;
  return f;
}

// Candidates that agree (compared by `key`) vote; the first candidate of the
// winning group is the value (candidates come in order of trust).
const Candidate& winner_of(const std::vector<Candidate>& all, const std::vector<size_t>& g) {
  return all[g.front()];
}

template <typename Key>
std::optional<FieldValue> Vote(const std::string& name, const std::vector<Candidate>& all,
                               Key key) {
  if (all.empty()) return std::nullopt;
  std::map<std::string, std::vector<size_t>> groups;
  std::vector<std::string> order;
  for (size_t i = 0; i < all.size(); ++i) {
    std::string k = key(all[i].value);
    if (groups[k].empty()) order.push_back(k);
    groups[k].push_back(i);
  }
  const std::vector<size_t>* best = nullptr;
  auto ocr = [&](const std::vector<size_t>& g) {
    float m = 0;
    for (size_t i : g) m = std::max(m, all[i].ocr);
    return m;
  };
  for (const auto& k : order) {
    const auto& g = groups[k];
    if (best == nullptr || g.size() > best->size() ||
        (g.size() == best->size() && ocr(g) > ocr(*best) + 0.05f)) {
      best = &g;
    }
  }
  // Readings that differ only in tone marks name the same thing: the
  // surer one is kept without troubling a person.
  bool same_folded = true;
  for (const auto& c : all) same_folded = same_folded && Normalize(c.value) == Normalize(winner_of(all, *best).value);
  const Candidate& winner = all[best->front()];
  size_t votes = best->size(), total = all.size();
  float confidence;
  if (votes == total && total >= 2) {
    confidence = 0.95f;
  } else if (total == 1) {
    confidence = winner.ocr >= 0.75f ? 0.8f : 0.65f;
  } else if (votes * 2 > total) {
    confidence = 0.8f;
  } else if (votes >= 2 || same_folded) {
    confidence = 0.62f;
  } else {
    confidence = 0.5f;
  }
  std::string evidence = std::to_string(votes) + " of " + std::to_string(total) + " readings agree:";
  for (size_t i : *best) evidence += " " + all[i].where;
  if (votes < total) {
    evidence += "; other readings:";
    for (size_t i = 0; i < total; ++i) {
      if (std::find(best->begin(), best->end(), i) == best->end()) {
        evidence += " '" + all[i].value + "' (" + all[i].where + ")";
      }
    }
  }
  return Make(name, winner, confidence, evidence);
}

std::string CaseFolded(const std::string& s) { return LowerKeepMarks(s); }

// Drops OCR noise before a name ("@. lÀ LÊ NGỌC THỊNH") and restores the
// surname's spelling, keeping the reading's case.
std::string CleanName(const std::string& value) {
  std::vector<std::string> words;
  std::string w;
  for (char c : value + " ") {
    if (c == ' ') {
      if (!w.empty()) words.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  }
  auto is_upper_word = [](const std::string& word) {
    return LowerKeepMarks(word) != word && UpperKeepMarks(word) == word &&
           Normalize(word) == FoldForSearch(word);
  };
  bool upper = words.size() >= 2 && is_upper_word(words.back());
  size_t first = 0;
  while (upper && first + 2 < words.size() && !is_upper_word(words[first])) ++first;
  // OCR often drops or swaps a surname's mark (NGUYÊN for NGUYỄN, HƯỲNH for
  // HUỲNH); a surname has one spelling (schema/surnames.h).
  if (first < words.size()) {
    if (std::optional<std::string> meant = SurnameMeant(words[first])) words[first] = *meant;
  }
  std::string out;
  for (size_t i = first; i < words.size(); ++i) out += (out.empty() ? "" : " ") + words[i];
  return ToNfc(out);
}
std::string Same(const std::string& s) { return s; }

bool LooksLikeName(const std::string& value) {
  std::string n = Normalize(value);
  if (n.size() < 4 || n.find(' ') == std::string::npos) return false;
  return std::none_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool SamePerson(const std::string& a, const std::string& b) {
  return EditDistance(Normalize(a), Normalize(b), 3) <= 2;
}

int DigitLike(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  switch (c) {
    case 'O': case 'o': case 'D': case 'Q': return 0;
    case 'l': case 'I': case 'i': case '|': case '!': return 1;
    case 'Z': case 'z': return 2;
    case 'S': case 's': return 5;
    case 'G': case 'b': return 6;
    case 'B': return 8;
    case 'g': case 'q': return 9;
    default: return -1;
  }
}

}  // namespace

std::string CitizenIdFrom(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c == ' ' || c == '.' || c == '-') continue;
    int d = DigitLike(c);
    if (d < 0) break;
    digits += static_cast<char>('0' + d);
  }
  return digits.size() == 12 ? digits : "";
}

std::vector<FieldValue> ExtractFields(const std::vector<PageView>& pages,
                                      const std::string& code_date) {
  std::vector<Candidate> applicant, citizen, birth, subject, business, received, appointment,
      form_date, result_date, result_number;
  std::string parcel, sheet;
  Candidate parcel_at;
  for (const PageView& pv : pages) {
    const auto& lines = *pv.lines;
    bool form_id_seen = false, form_birth_seen = false;
    bool is_form = pv.kind == kKindForm, is_receipt = pv.kind == kKindReceipt;
    for (size_t li = 0; li < lines.size(); ++li) {
      const Line& line = lines[li];
      Candidate c{line.Value(), line.ValueConfidence(), &pv, line.ValueBox(), ""};
      const std::string as_name = CleanName(c.value);
      // A date after a long label often wraps onto the next line.
      auto date_here = [&]() -> std::optional<std::string> {
        if (auto d = FindDate(c.value)) return d;
        if (li + 1 < lines.size()) return FindDate(c.value + " " + lines[li + 1].text);
        return std::nullopt;
      };
      if (is_receipt && LabelEndsWith(line, "ong ba") && LooksLikeName(c.value)) {
        c.value = as_name;
        c.where = "receipt 'Ông/Bà'";
        applicant.push_back(c);
      } else if (LabelIs(line, "ho chu dem ten nguoi yeu cau") && LooksLikeName(c.value)) {
        c.value = as_name;
        c.where = "form 'Họ, chữ đệm, tên người yêu cầu'";
        applicant.push_back(c);
      } else if (pv.kind == kKindIdCopy && line.label.starts_with("ho va ten") &&
                 line.value_start == line.tokens.size() && li + 1 < lines.size() &&
                 LooksLikeName(lines[li + 1].text)) {
        const Line& next = lines[li + 1];
        Candidate n{CleanName(next.text), 0, &pv, {}, "ID copy 'Họ và tên'"};
        Line whole = next;
        whole.value_start = 0;
        n.ocr = whole.ValueConfidence();
        n.box = whole.ValueBox();
        applicant.push_back(n);
      } else if (LabelEndsWith(line, "so dinh danh ca nhan") && (is_receipt || is_form)) {
        if (is_form && form_id_seen) continue;
        if (is_form) form_id_seen = true;
        c.value = CitizenIdFrom(c.value);
        c.where = is_receipt ? "receipt 'Số định danh cá nhân'" : "form 'Số định danh cá nhân'";
        if (!c.value.empty()) citizen.push_back(c);
      } else if (pv.kind == kKindIdCopy && line.label.starts_with("so no")) {
        c.value = CitizenIdFrom(c.value);
        c.where = "ID copy 'Số / No.'";
        if (!c.value.empty()) citizen.push_back(c);
      } else if (is_form && LabelIs(line, "ngay thang nam sinh") && !form_birth_seen) {
        form_birth_seen = true;
        if (auto d = FindDate(c.value)) {
          c.value = *d;
          c.where = "form 'Ngày, tháng, năm sinh'";
          birth.push_back(c);
        }
      } else if (pv.kind == kKindIdCopy && line.label.starts_with("ngay sinh")) {
        if (auto d = FindDate(c.value)) {
          c.value = *d;
          c.where = "ID copy 'Ngày sinh'";
          birth.push_back(c);
        }
      } else if ((is_form || pv.kind == kKindResult) &&
                 (LabelIs(line, "ho chu dem ten") || LabelIs(line, "ho ten")) &&
                 LooksLikeName(c.value)) {
        c.value = as_name;
        c.where = std::string(is_form ? "form" : "result") + " 'Họ, chữ đệm, tên'";
        subject.push_back(c);
      } else if (LabelIs(line, "ten ho kinh doanh") && c.value.size() > 4) {
        // A long business name wraps: an unlabelled capitalised next line
        // continues it.
        if (li + 1 < lines.size() && lines[li + 1].label.empty() &&
            lines[li + 1].tokens.size() <= 4 &&
            LowerKeepMarks(lines[li + 1].text) != lines[li + 1].text &&
            UpperKeepMarks(lines[li + 1].text) == lines[li + 1].text) {
          c.value = ToNfc(c.value + " " + lines[li + 1].text);
          for (const auto& t : lines[li + 1].tokens) c.box = Union(c.box, t.box);
        }
        c.where = "'Tên hộ kinh doanh'";
        business.push_back(c);
      } else if (LabelIs(line, "thua dat so") && parcel.empty()) {
        parcel = c.value;
        parcel_at = c;
      } else if (LabelIs(line, "to ban do so") && sheet.empty()) {
        sheet = c.value;
      } else if (is_receipt && line.label.find("thoi gian nhan ho so") != std::string::npos) {
        if (auto d = date_here()) {
          c.value = *d;
          c.where = "receipt 'Thời gian nhận hồ sơ'";
          received.push_back(c);
        }
      } else if (is_receipt && line.label.find("thoi gian tra ket qua") != std::string::npos) {
        if (auto d = date_here()) {
          c.value = *d;
          c.where = "receipt 'Thời gian trả kết quả'";
          appointment.push_back(c);
        }
      } else if ((is_form || pv.kind == kKindResult) && line.label.empty()) {
        std::string n = Normalize(line.text);
        if (n.find("ngay") != std::string::npos && n.find("thang") != std::string::npos) {
          if (auto d = FindDate(line.text)) {
            Line whole = line;
            whole.value_start = 0;
            Candidate dc{*d, whole.ValueConfidence(), &pv, whole.ValueBox(),
                         is_form ? "form place and date" : "result place and date"};
            (is_form ? form_date : result_date).push_back(dc);
          }
        }
      }
      if (pv.kind == kKindResult && result_number.empty()) {
        for (size_t t = 0; t < line.tokens.size(); ++t) {
          const std::string& tok = line.tokens[t].text;
          std::string number;
          Box box;
          if (Normalize(tok) == "so" && tok.back() == ':' && t + 1 < line.tokens.size()) {
            number = line.tokens[t + 1].text;
            box = Union(line.tokens[t].box, line.tokens[t + 1].box);
          } else if (tok.size() > 5 && Normalize(tok.substr(0, tok.find(':'))) == "so" &&
                     tok.find(':') != std::string::npos) {
            number = tok.substr(tok.find(':') + 1);
            box = line.tokens[t].box;
          }
          if (!number.empty() && number[0] >= '0' && number[0] <= '9' &&
              number.find('/') != std::string::npos) {
            while (!number.empty() && (number.back() == '.' || number.back() == ',')) {
              number.pop_back();
            }
            result_number.push_back({ToNfc(number), line.tokens[t].confidence / 100, &pv, box,
                                     "result 'Số:'"});
            break;
          }
        }
      }
    }
  }

  std::vector<FieldValue> out;
  auto applicant_field = Vote("applicant_name", applicant, CaseFolded);
  if (applicant_field) {
    out.push_back(*applicant_field);
  } else {
    FieldValue missing;
    missing.name = "applicant_name";
    missing.source = kSourceOcr;
    missing.needs_review = true;
    missing.evidence = "no 'Ông/Bà' or 'Họ, chữ đệm, tên người yêu cầu' line was read";
    out.push_back(missing);
  }

  auto birth_field = Vote("applicant_birth_date", birth, Same);
  if (birth_field) out.push_back(*birth_field);

  if (auto id = Vote("citizen_id", citizen, Same)) {
    std::optional<int> year;
    if (birth_field && birth_field->confidence >= kFieldReviewBelow) {
      year = std::stoi(birth_field->value.substr(0, 4));
    }
    CitizenIdCheck check = CheckCitizenId(id->value, year);
    if (!check.acceptable()) {
      id->confidence = std::min(id->confidence, 0.3f);
      id->needs_review = true;
      id->evidence = "invalid citizen ID: " + check.problem + "; " + id->evidence;
    } else if (year) {
      id->evidence += "; century and year digits match the birth year";
    }
    out.push_back(*id);
  } else if (!applicant.empty()) {
    FieldValue missing;
    missing.name = "citizen_id";
    missing.source = kSourceOcr;
    missing.needs_review = true;
    missing.evidence = "no 12-digit citizen ID was read";
    out.push_back(missing);
  }

  // The subject: the business, the land parcel, else the person named on
  // the form and result who is not the applicant, else the applicant.
  std::optional<FieldValue> subject_field;
  if (!business.empty()) {
    subject_field = Vote("subject_name", business, CaseFolded);
  } else if (!parcel.empty() && !sheet.empty()) {
    Candidate c = parcel_at;
    c.value = "Thửa đất số " + parcel + ", tờ bản đồ số " + sheet;
    c.where = "'Thửa đất số' and 'Tờ bản đồ số'";
    subject_field = Vote("subject_name", {c}, Same);
  } else {
    std::vector<Candidate> others;
    for (const auto& c : subject) {
      if (!applicant_field || !SamePerson(c.value, applicant_field->value)) others.push_back(c);
    }
    if (!others.empty()) {
      subject_field = Vote("subject_name", others, CaseFolded);
    } else if (applicant_field && !applicant_field->value.empty()) {
      subject_field = *applicant_field;
      subject_field->name = "subject_name";
      subject_field->evidence = "the applicant is the subject; " + subject_field->evidence;
    }
  }
  if (subject_field) out.push_back(*subject_field);

  if (!code_date.empty()) {
    Candidate from_code{code_date, 1, nullptr, {}, "dossier code"};
    received.insert(received.begin(), from_code);
  }
  if (auto f = Vote("received_date", received, Same)) out.push_back(*f);
  if (auto f = Vote("appointment_date", appointment, Same)) out.push_back(*f);
  if (auto f = Vote("form_date", form_date, Same)) out.push_back(*f);
  if (auto f = Vote("result_date", result_date, Same)) out.push_back(*f);
  if (auto f = Vote("result_number", result_number, Same)) out.push_back(*f);
  return out;
}

}  // namespace sohoa::ingest
