// The learned fallback for the procedure decision: multinomial naive Bayes
// over folded words and bigrams, trained from confirmed dossiers (rules that
// were sure, or a person's correction) and kept in the catalog, so it grows
// with the archive. It decides only when the rules do not.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "archive/review.h"

namespace sohoa::ingest {

using Terms = std::vector<std::pair<std::string, int>>;

// Folded words (case, tone marks and đ folded; two or more letters, no pure
// numbers) and adjacent-word bigrams ("dang_ky"), with counts, sorted.
Terms TermsOf(const std::vector<std::string>& page_texts);

class NaiveBayes {
 public:
  explicit NaiveBayes(archive::ClassifierCounts counts = {});

  struct Decision {
    std::string procedure_code;
    float probability = 0;  // posterior of the winner, 0..1 (naive Bayes: overconfident)
    float confidence = 0;   // calibrated: what a decision at this confidence is worth
    std::int64_t examples = 0;   // the winner's examples
    std::int64_t informative = 0;  // term occurrences seen in training
    double margin = 0;  // mean log-likelihood per informative term, winner over runner-up
    double lift = 0;    // the same, winner over all procedures' pooled counts
    std::vector<std::string> candidates;  // the best three, most likely first
    std::string evidence;
  };
  // Nothing until at least two procedures have examples.
  std::optional<Decision> Classify(const Terms& terms) const;

  // Adds (sign +1) or takes back (-1) one example, as the catalog did.
  void Add(const std::string& procedure_code, const Terms& terms, int sign = 1);

  const archive::ClassifierCounts& counts() const { return counts_; }
  // Confirmed dossiers learned of this procedure.
  std::int64_t Examples(const std::string& procedure_code) const;

 private:
  archive::ClassifierCounts counts_;
  std::int64_t vocabulary_ = 0;
  void CountVocabulary();
};

}  // namespace sohoa::ingest
