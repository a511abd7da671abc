// Value types of the review queue and of the learned procedure classifier's
// stored counts (Catalog::ReviewQueue, Catalog::CorrectField,
// Catalog::StoreClassifierExample, Catalog::ClassifierCounts).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "schema/dossier.h"

namespace sohoa::archive {

// A decision below its confidence threshold, waiting for a person.
struct ReviewItem {
  std::string dossier_code;
  FieldValue field;  // name "procedure" or "dossier_code" for those decisions
};

// One confirmed dossier as a training example: its folded words and bigrams.
struct ClassifierExample {
  std::string dossier_code;
  std::string procedure_code;
  std::string source;  // ocr (rules were sure) | manual (a person said so)
  std::vector<std::pair<std::string, int>> terms;
};

// The multinomial naive Bayes sufficient statistics, per procedure code.
struct ClassifierCounts {
  struct Procedure {
    std::int64_t examples = 0;
    std::int64_t terms = 0;  // sum of all term counts
    std::unordered_map<std::string, std::int64_t> counts;
  };
  std::map<std::string, Procedure> procedures;
};

}  // namespace sohoa::archive
