// Understanding a dossier from its page text: which procedure it belongs to,
// what kind each page is, and the fields people search by. Rules over the
// procedure catalog; every decision carries a confidence and its evidence.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/dossier.h"
#include "schema/procedure.h"

namespace sohoa::ingest {

struct ProcedureMatch {
  const Procedure* procedure = nullptr;  // nullptr: no rule matched
  float confidence = 0;                  // 0..1
  std::string evidence;                  // "receipt names 'Thủ tục đăng ký khai sinh'; form title ..."
  // When the decision is unsure: the procedure codes a person should look
  // at first, most likely first (at most three).
  std::vector<std::string> candidates;
};

// Indexes the catalog's names and titles once, folded for matching OCR text.
class ProcedureClassifier {
 public:
  explicit ProcedureClassifier(std::vector<Procedure> catalog);

  // Chooses the procedure from the text of all the dossier's pages. A
  // catalog code printed in the dossier ("Mã thủ tục: 1.001193") decides
  // first, then a procedure named in full (on the receipt); otherwise the one
  // whose form and result titles are found, weighing how much of its title
  // set is present.
  ProcedureMatch Classify(const std::vector<std::string>& page_texts) const;

  // The page's kind: receipt, form, id_copy, result or other, and the title
  // that decided it ("" when none). A title counts only where it starts a
  // line, so a form's body that mentions a result's name stays a form.
  struct PageKind {
    std::string kind;
    std::string title;
  };
  PageKind KindOfPage(std::string_view page_text) const;

  const std::vector<Procedure>& catalog() const { return catalog_; }

 private:
  struct Title {
    std::string folded;
    std::string original;
    size_t procedure;  // index into catalog_
    bool is_result;
  };
  std::vector<Procedure> catalog_;
  std::vector<std::string> folded_names_;
  std::vector<Title> titles_;
};

}  // namespace sohoa::ingest
