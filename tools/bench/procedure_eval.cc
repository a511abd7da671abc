// Calibration of the procedure decision when no page names the procedure
// (issue 17): dossiers written by the generator for a seed, their receipt
// dropped and every line that prints a catalog code, a procedure's name or a
// form or result title taken out, decided by ingest::Understander with a
// learned classifier trained on k confirmed dossiers per procedure, for
// several k, while some procedures of the catalog have no example at all.
// A dossier decided at or above the review threshold with the wrong
// procedure is a confident wrong answer: the goal is none, at every k.
//
//   sohoa-procedure-eval [--seed S] [--tests N] [--unknown U] [--examples 1,2,3,5,10,20]
//
// Only text is generated (no rendering, no OCR), so a run takes seconds; the
// OCR noise of a real scan is measured by understand_eval.sh.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "ingest/naive_bayes.h"
#include "ingest/understand.h"
#include "schema/procedure.h"
#include "tools/gen/documents.h"
#include "tools/gen/rng.h"

namespace {

using namespace sohoa;

struct Dossier {
  const Procedure* procedure;
  std::vector<std::string> unnamed;  // no receipt, no line that names a procedure
};

struct Tally {
  int decided_right = 0, decided_wrong = 0, review = 0, review_listed = 0, unknown_decided = 0;
  int Total() const { return decided_right + decided_wrong + review; }
};

std::vector<int> ParseList(const std::string& text) {
  std::vector<int> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(std::stoi(text.substr(start, comma - start)));
    start = comma + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Calibration of the procedure decision on dossiers whose pages name no procedure: "
      "confident wrong answers and the share sent to review, per number of examples the "
      "learned classifier has per procedure."};
  std::uint64_t seed = 17;
  int tests = 40;
  int unknown = 2;
  std::string examples_list = "1,2,3,5,10,20,50";
  bool verbose = false;
  std::string dump;
  app.add_option("--seed", seed, "Seed of the generated dossiers");
  app.add_option("--tests", tests, "Test dossiers per procedure")->check(CLI::Range(1, 10000));
  app.add_option("--unknown", unknown,
                 "Procedures of the catalog the classifier has no example of")
      ->check(CLI::Range(0, 6));
  app.add_option("--examples", examples_list, "Examples per known procedure, comma-separated");
  app.add_flag("--verbose", verbose, "Print each confident wrong answer's evidence");
  app.add_option("--dump", dump,
                 "Write the learned classifier's figures for every test dossier to this CSV");
  CLI11_PARSE(app, argc, argv);

  const std::vector<Procedure>& catalog = BuiltinProcedures();
  // Which procedures stay unknown: chosen by the seed.
  std::vector<size_t> order(catalog.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  gen::Rng shuffle(gen::Rng::Derive(seed, 1));
  for (size_t i = order.size(); i > 1; --i) {
    std::swap(order[i - 1], order[static_cast<size_t>(shuffle.Int(0, static_cast<std::int64_t>(i) - 1))]);
  }
  std::vector<bool> known(catalog.size(), true);
  for (int u = 0; u < unknown; ++u) known[order[static_cast<size_t>(u)]] = false;

  std::vector<Dossier> test_set;
  for (size_t p = 0; p < catalog.size(); ++p) {
    for (int t = 0; t < tests; ++t) {
      test_set.push_back(
          {&catalog[p], gen::DossierTexts(gen::Rng::Derive(seed, 1000000 + p * 10000 + static_cast<size_t>(t)),
                                          catalog[p], catalog, true)});
    }
  }

  std::printf("procedure decision on dossiers that name no procedure (seed %llu, %d per procedure)\n",
              static_cast<unsigned long long>(seed), tests);
  std::printf("unknown to the classifier:");
  for (size_t p = 0; p < catalog.size(); ++p) {
    if (!known[p]) std::printf(" %s", catalog[p].code.c_str());
  }
  std::printf("\n\n%9s %9s %9s %9s %9s %12s %12s\n", "examples", "decided", "right", "WRONG",
              "review", "in top 3", "unknown dec.");
  int total_wrong = 0;
  std::FILE* dump_file = dump.empty() ? nullptr : std::fopen(dump.c_str(), "w");
  if (dump_file != nullptr) {
    std::fprintf(dump_file,
                 "examples,truth,known,learned,right,probability,margin,lift,informative,confidence\n");
  }
  for (int k : ParseList(examples_list)) {
    archive::ClassifierCounts none;
    ingest::Understander understander(catalog, none);
    for (size_t p = 0; p < catalog.size(); ++p) {
      if (!known[p]) continue;
      for (int e = 0; e < k; ++e) {
        // A confirmed dossier teaches with all its pages, receipt included.
        understander.Learn(catalog[p].code,
                           ingest::TermsOf(gen::DossierTexts(
                               gen::Rng::Derive(seed, 2000000 + p * 10000 + static_cast<size_t>(e)),
                               catalog[p], catalog, false)));
      }
    }
    Tally tally;
    for (const auto& d : test_set) {
      ingest::Terms terms = ingest::TermsOf(d.unnamed);
      ingest::ProcedureMatch m = understander.DecideProcedure(d.unnamed, terms);
      if (dump_file != nullptr) {
        if (auto nb = understander.learned().Classify(terms)) {
          std::fprintf(dump_file, "%d,%s,%d,%s,%d,%.4f,%.5f,%.5f,%lld,%.4f\n", k,
                       d.procedure->code.c_str(),
                       known[static_cast<size_t>(d.procedure - catalog.data())] ? 1 : 0,
                       nb->procedure_code.c_str(), nb->procedure_code == d.procedure->code ? 1 : 0,
                       nb->probability, nb->margin, nb->lift,
                       static_cast<long long>(nb->informative), nb->confidence);
        }
      }
      bool decided = m.procedure != nullptr && m.confidence >= ingest::kProcedureReviewBelow;
      bool right = m.procedure != nullptr && m.procedure->code == d.procedure->code;
      bool is_known = known[static_cast<size_t>(d.procedure - catalog.data())];
      if (!decided) {
        ++tally.review;
        bool listed = std::find(m.candidates.begin(), m.candidates.end(), d.procedure->code) !=
                      m.candidates.end();
        tally.review_listed += listed;
      } else if (right) {
        ++tally.decided_right;
      } else {
        ++tally.decided_wrong;
        tally.unknown_decided += !is_known;
        if (verbose) {
          std::printf("  wrong: %s decided %s at %.3f: %s\n", d.procedure->code.c_str(),
                      m.procedure->code.c_str(), m.confidence, m.evidence.c_str());
        }
      }
    }
    total_wrong += tally.decided_wrong;
    int n = tally.Total();
    auto pct = [](int a, int b) { return b == 0 ? 0.0 : 100.0 * a / b; };
    std::printf("%9d %8.1f%% %8.1f%% %9d %8.1f%% %11.1f%% %12d\n", k,
                pct(tally.decided_right + tally.decided_wrong, n),
                pct(tally.decided_right, tally.decided_right + tally.decided_wrong),
                tally.decided_wrong, pct(tally.review, n), pct(tally.review_listed, tally.review),
                tally.unknown_decided);
  }
  std::printf("\ndecided: share of dossiers decided without a person; right: of those decided;\n"
              "WRONG: confident wrong answers (goal 0); in top 3: of those sent to review, the\n"
              "share whose true procedure is among the candidates review shows (an unknown\n"
              "procedure never is); unknown dec.: wrong answers on a procedure with no example.\n");
  if (dump_file != nullptr) std::fclose(dump_file);
  std::printf("confident wrong answers in all: %d\n", total_wrong);
  return total_wrong == 0 ? 0 : 1;
}
