#include "ingest/naive_bayes.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "schema/text.h"

namespace sohoa::ingest {
namespace {

// Calibration of the learned decision, tuned by tools/bench/procedure_eval.sh
// on one seed (no confident wrong answer at any number of examples, with 0
// to 4 procedures of the catalog unlearned) and reported on another.
constexpr double kEffectiveTerms = 8;     // tempering: independent terms a dossier is worth
constexpr double kUnlearnedWeight = 4;    // prior weight of "a procedure not learned yet"
constexpr double kExamplesHalfTrust = 0.5;  // examples at which the decision counts half

std::vector<std::string> Words(const std::string& text) {
  std::string folded = FoldForSearch(text);
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    bool has_letter = std::any_of(word.begin(), word.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
    });
    if (word.size() >= 2 && has_letter) words.push_back(word);
    word.clear();
  };
  for (char c : folded) {
    auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || u >= 0x80) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return words;
}

}  // namespace

Terms TermsOf(const std::vector<std::string>& page_texts) {
  std::map<std::string, int> counts;
  for (const auto& text : page_texts) {
    std::vector<std::string> words = Words(text);
    for (size_t i = 0; i < words.size(); ++i) {
      ++counts[words[i]];
      if (i + 1 < words.size()) ++counts[words[i] + "_" + words[i + 1]];
    }
  }
  return Terms(counts.begin(), counts.end());
}

NaiveBayes::NaiveBayes(archive::ClassifierCounts counts) : counts_(std::move(counts)) {
  CountVocabulary();
}

void NaiveBayes::CountVocabulary() {
  std::unordered_set<std::string> seen;
  for (const auto& [code, p] : counts_.procedures) {
    for (const auto& [term, n] : p.counts) {
      if (n > 0) seen.insert(term);
    }
  }
  vocabulary_ = static_cast<std::int64_t>(seen.size());
}

std::int64_t NaiveBayes::Examples(const std::string& procedure_code) const {
  auto it = counts_.procedures.find(procedure_code);
  return it == counts_.procedures.end() ? 0 : it->second.examples;
}

void NaiveBayes::Add(const std::string& procedure_code, const Terms& terms, int sign) {
  auto& p = counts_.procedures[procedure_code];
  p.examples += sign;
  for (const auto& [term, n] : terms) {
    p.counts[term] += sign * n;
    p.terms += sign * n;
    if (p.counts[term] <= 0) p.counts.erase(term);
  }
  if (p.examples <= 0) counts_.procedures.erase(procedure_code);
  CountVocabulary();
}

std::optional<NaiveBayes::Decision> NaiveBayes::Classify(const Terms& terms) const {
  std::int64_t total_examples = 0, total_terms = 0;
  int procedures = 0;
  for (const auto& [code, p] : counts_.procedures) {
    if (p.examples > 0) {
      total_examples += p.examples;
      total_terms += p.terms;
      ++procedures;
    }
  }
  if (procedures < 2) return std::nullopt;
  // Laplace smoothing; log space. Terms never seen in training carry no
  // information between procedures and are skipped (names, numbers, dates).
  struct Score {
    const std::string* code;
    double log_p;
    double log_likelihood;
    std::int64_t examples;
  };
  // What all procedures together say of each term: the background a
  // procedure's own counts must stand out from.
  std::unordered_map<std::string, std::int64_t> pooled;
  for (const auto& [term, n] : terms) {
    std::int64_t count = 0;
    for (const auto& [code, p] : counts_.procedures) {
      auto it = p.counts.find(term);
      if (p.examples > 0 && it != p.counts.end()) count += it->second;
    }
    if (count > 0) pooled.emplace(term, count);
  }
  std::int64_t informative = 0;
  double pooled_likelihood = 0;
  const double pooled_denominator = static_cast<double>(total_terms + vocabulary_);
  for (const auto& [term, n] : terms) {
    auto it = pooled.find(term);
    if (it == pooled.end()) continue;
    informative += n;
    pooled_likelihood += n * std::log((static_cast<double>(it->second) + 1) / pooled_denominator);
  }
  std::vector<Score> scores;
  for (const auto& [code, p] : counts_.procedures) {
    if (p.examples <= 0) continue;
    double prior = std::log(static_cast<double>(p.examples) / static_cast<double>(total_examples));
    double denominator = static_cast<double>(p.terms + vocabulary_);
    double likelihood = 0;
    for (const auto& [term, n] : terms) {
      if (pooled.find(term) == pooled.end()) continue;
      auto it = p.counts.find(term);
      double count = it == p.counts.end() ? 0 : static_cast<double>(it->second);
      likelihood += n * std::log((count + 1) / denominator);
    }
    scores.push_back({&code, prior + likelihood, likelihood, p.examples});
  }
  std::sort(scores.begin(), scores.end(),
            [](const Score& a, const Score& b) { return a.log_p > b.log_p; });
  double sum = 0;
  for (const auto& s : scores) sum += std::exp(s.log_p - scores.front().log_p);
  Decision d;
  d.procedure_code = *scores.front().code;
  d.probability = static_cast<float>(1.0 / sum);
  d.examples = scores.front().examples;
  d.informative = informative;
  if (informative > 0) {
    const double per_term = 1.0 / static_cast<double>(informative);
    d.margin = (scores[0].log_likelihood - scores[1].log_likelihood) * per_term;
    d.lift = (scores[0].log_likelihood - pooled_likelihood) * per_term;
    // The calibrated posterior. A dossier's terms are far from independent
    // (names, dates and boilerplate come in runs), so naive Bayes's own
    // posterior reaches 1.000 on the slightest difference. Tempered, each
    // procedure scores its mean log-likelihood per term × kEffectiveTerms.
    // Beside them stands "a procedure not learned yet", scored by the pooled
    // counts with weight kUnlearnedWeight: a dossier that is not clearly more
    // like the winner than like dossiers in general goes to a person.
    const double top = scores.front().log_likelihood;
    auto tempered = [&](double log_likelihood) {
      return std::exp(kEffectiveTerms * (log_likelihood - top) * per_term);
    };
    double total = kUnlearnedWeight * tempered(pooled_likelihood);
    for (const auto& s : scores) {
      total += tempered(s.log_likelihood) * static_cast<double>(s.examples) /
               static_cast<double>(scores.front().examples);
    }
    double calibrated = 1.0 / total;
    // And what one more example could still change: a procedure learned
    // from one dossier never decides alone.
    double learned = static_cast<double>(d.examples) / (static_cast<double>(d.examples) + kExamplesHalfTrust);
    d.confidence = static_cast<float>(calibrated * learned);
  }
  for (size_t i = 0; i < scores.size() && i < 3; ++i) d.candidates.push_back(*scores[i].code);
  char buf[240];
  std::snprintf(buf, sizeof buf,
                "learned classifier: %s at %.2f (naive posterior %.3f over %d procedures; %lld "
                "example(s); per term %.3f over the next, %.3f over all, %lld terms)",
                d.procedure_code.c_str(), d.confidence, d.probability, procedures,
                static_cast<long long>(d.examples), d.margin, d.lift,
                static_cast<long long>(informative));
  d.evidence = buf;
  return d;
}

}  // namespace sohoa::ingest
