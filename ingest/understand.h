// The understanding stage (docs/architecture.md, step 5) over one unit of work's
// recognised pages: split a stack into dossiers at receipt slips, decide each
// dossier's code (receipt barcode → printed code → file or folder name),
// procedure (rules over the catalog, then the learned classifier), each
// document's kind, and its fields. Every decision carries a confidence and
// its evidence; anything below its threshold is flagged for review.
// Plain text logic: unit-tested without OCR.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "archive/review.h"
#include "ingest/classify.h"
#include "ingest/naive_bayes.h"
#include "schema/dossier.h"
#include "schema/procedure.h"

namespace sohoa::ingest {

inline constexpr float kCodeReviewBelow = 0.7f;
inline constexpr float kProcedureReviewBelow = 0.7f;
// Dossiers whose rules decided at least this surely train the classifier.
inline constexpr float kTrainAtLeast = 0.9f;

// One recognised page of the unit, in scan order.
struct PageInput {
  std::string_view text;
  std::span<const Word> words;
  std::vector<std::string> barcodes;  // decoded texts
  size_t file = 0;                    // which file of the unit it came from
};

// One dossier found in the unit: its record (documents carry kind and title
// but no pages yet) and, per document, the indices of its pages in the input.
struct DossierPlan {
  DossierRecord record;
  std::vector<std::vector<size_t>> document_pages;
  bool needs_review = false;
  Terms terms;  // what the classifier learns from when the dossier is confirmed
};

struct Understanding {
  std::vector<DossierPlan> dossiers;
  // Non-empty when the unit cannot be archived as read; says why, for a person.
  std::string failure;
};

class Understander {
 public:
  Understander(std::vector<Procedure> catalog, archive::ClassifierCounts learned);

  // `unit_name`: the file or folder name, which may be a dossier code.
  // `today`: ISO date; printed codes dated later are not plausible.
  Understanding Understand(const std::vector<PageInput>& pages, std::string_view unit_name,
                           std::string_view today) const;

  // The procedure of one dossier from its pages' text and terms: the rules,
  // then the learned classifier when they are unsure. Below
  // kProcedureReviewBelow the dossier goes to review, and `candidates` names
  // the likeliest procedures (the evidence lists them for the person).
  ProcedureMatch DecideProcedure(const std::vector<std::string>& page_texts,
                                 const Terms& terms) const;

  // Learns from a confirmed dossier (after it is stored), or takes an
  // example back (sign -1) before it is replaced.
  void Learn(const std::string& procedure_code, const Terms& terms, int sign = 1);

  const ProcedureClassifier& rules() const { return rules_; }
  // The catalog's procedure with this code, or nullptr.
  const Procedure* FindProcedure(std::string_view code) const;
  const NaiveBayes& learned() const { return learned_; }

 private:
  ProcedureClassifier rules_;
  NaiveBayes learned_;
};

// Which pages start a dossier: a page whose barcode holds a dossier code, or
// that carries the receipt title and a printed code. Indices into `pages`.
std::vector<size_t> ReceiptStarts(const std::vector<PageInput>& pages,
                                  const ProcedureClassifier& rules, std::string_view today);

}  // namespace sohoa::ingest
