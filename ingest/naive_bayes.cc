#include "ingest/naive_bayes.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_set>

#include "schema/text.h"

namespace sohoa::ingest {
namespace {

// Examples of the winning procedure before its decision counts in full.
constexpr double kFullTrustExamples = 5;

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
  std::int64_t total_examples = 0;
  int procedures = 0;
  for (const auto& [code, p] : counts_.procedures) {
    if (p.examples > 0) {
      total_examples += p.examples;
      ++procedures;
    }
  }
  if (procedures < 2) return std::nullopt;
  // Laplace smoothing; log space. Terms never seen in training carry no
  // information between procedures and are skipped.
  struct Score {
    const std::string* code;
    double log_p;
    std::int64_t examples;
  };
  std::vector<Score> scores;
  for (const auto& [code, p] : counts_.procedures) {
    if (p.examples <= 0) continue;
    double log_p = std::log(static_cast<double>(p.examples) / static_cast<double>(total_examples));
    double denominator = static_cast<double>(p.terms + vocabulary_);
    for (const auto& [term, n] : terms) {
      auto it = p.counts.find(term);
      double count = it == p.counts.end() ? 0 : static_cast<double>(it->second);
      log_p += n * std::log((count + 1) / denominator);
    }
    scores.push_back({&code, log_p, p.examples});
  }
  std::sort(scores.begin(), scores.end(),
            [](const Score& a, const Score& b) { return a.log_p > b.log_p; });
  double sum = 0;
  for (const auto& s : scores) sum += std::exp(s.log_p - scores.front().log_p);
  Decision d;
  d.procedure_code = *scores.front().code;
  d.probability = static_cast<float>(1.0 / sum);
  double trust = std::min(1.0, static_cast<double>(scores.front().examples) / kFullTrustExamples);
  d.confidence = static_cast<float>(d.probability * (0.5 + 0.5 * trust));
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "learned classifier: %s with posterior %.3f over %d procedures (%lld examples)",
                d.procedure_code.c_str(), d.probability, procedures,
                static_cast<long long>(scores.front().examples));
  d.evidence = buf;
  return d;
}

}  // namespace sohoa::ingest
