// Scores the understanding stage on a generated corpus that sohoa has
// ingested: splits, dossier codes, procedures, per-field exact matches and
// how much went to review. Called by understand_eval.sh.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "archive/catalog.h"
#include "archive/storage.h"
#include "tools/gen/ground_truth.h"

namespace {

using namespace sohoa;

struct Rate {
  int right = 0, total = 0;
  void Add(bool ok) {
    right += ok;
    ++total;
  }
  std::string Show() const {
    char buf[64];
    if (total == 0) return "n/a";
    std::snprintf(buf, sizeof buf, "%6.2f%%  (%d/%d)", 100.0 * right / total, right, total);
    return buf;
  }
};

std::string FieldOf(const DossierRecord& d, const std::string& name) {
  for (const auto& f : d.fields) {
    if (f.name == name) return f.value;
  }
  return "";
}

std::string Basename(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, home;
  bool verbose = false;
  CLI::App app{"Scores sohoa's understanding of an ingested generated corpus"};
  app.add_option("--corpus", corpus, "Folder with ground-truth.json")->required();
  app.add_option("--home", home, "The sohoa home it was ingested into")->required();
  app.add_flag("--verbose", verbose, "List every mismatch");
  CLI11_PARSE(app, argc, argv);

  std::ifstream in(corpus + "/ground-truth.json");
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto truth = gen::ParseGroundTruth(bytes.str());
  if (!truth.ok()) {
    std::fprintf(stderr, "%s\n", truth.status().ToString().c_str());
    return 1;
  }
  auto catalog = archive::OpenCatalog(archive::HomeLayout{home});
  if (!catalog.ok()) {
    std::fprintf(stderr, "%s\n", catalog.status().ToString().c_str());
    return 1;
  }

  Rate split, split_stacked, code, procedure, review;
  std::map<std::string, Rate> fields;
  std::vector<std::string> misses;
  for (const auto& t : truth->dossiers) {
    auto found = (*catalog)->FindDossier(t.code);
    bool have = found.ok() && found->has_value();
    code.Add(have);
    if (!have) {
      misses.push_back("code " + t.code + " (" + t.path + "): not archived");
      split.Add(false);
      if (t.form == "stack") split_stacked.Add(false);
      procedure.Add(false);
      for (const char* f : {"applicant_name", "citizen_id", "subject_name", "applicant_birth_date",
                            "received_date", "appointment_date"}) {
        fields[f].Add(false);
      }
      review.Add(true);
      continue;
    }
    const DossierRecord& d = **found;
    std::set<std::pair<std::string, int>> want, got;
    for (const auto& doc : t.documents) {
      for (const auto& p : doc.pages) want.insert({Basename(p.file), p.page_index});
    }
    for (const auto& doc : d.documents) {
      for (const auto& p : doc.pages) got.insert({doc.source_name, p.source_page});
    }
    split.Add(want == got);
    if (t.form == "stack") split_stacked.Add(want == got);
    if (want != got) {
      misses.push_back("split " + t.code + ": " + std::to_string(got.size()) + " pages, want " +
                       std::to_string(want.size()));
    }
    procedure.Add(d.procedure_code == t.procedure_code);
    if (d.procedure_code != t.procedure_code) {
      misses.push_back("procedure " + t.code + ": '" + d.procedure_code + "' want " +
                       t.procedure_code + " — " + d.procedure_evidence);
    }
    std::map<std::string, std::string> expected = {
        {"applicant_name", t.applicant},        {"citizen_id", t.citizen_id},
        {"subject_name", t.subject.name},       {"applicant_birth_date", t.applicant_birth_date},
        {"received_date", t.received_date},     {"appointment_date", t.appointment_date}};
    for (const auto& [name, want_value] : expected) {
      std::string value = FieldOf(d, name);
      fields[name].Add(value == want_value);
      if (value != want_value) {
        misses.push_back(name + " " + t.code + ": '" + value + "' want '" + want_value + "'");
      }
    }
    bool flagged = false;
    for (const auto& f : d.fields) flagged = flagged || f.needs_review;
    review.Add(flagged);
    if (flagged) {
      std::string what;
      for (const auto& f : d.fields) {
        if (f.needs_review) what += " " + f.name + "='" + f.value + "' (" + f.evidence + ")";
      }
      misses.push_back("review " + t.code + ":" + what);
    }
  }
  auto report = (*catalog)->Report();
  long long archived = report.ok() ? static_cast<long long>(report->dossiers) : -1;

  std::printf("understanding of %zu generated dossiers (seed %llu, fonts",
              truth->dossiers.size(), static_cast<unsigned long long>(truth->seed));
  for (const auto& f : truth->options.fonts) std::printf(" \"%s\"", f.c_str());
  std::printf(")\n");
  std::printf("  archived dossiers       %lld (ground truth %zu)\n", archived,
              truth->dossiers.size());
  std::printf("  split (pages exact)     %s\n", split.Show().c_str());
  std::printf("    of stacked dossiers   %s\n", split_stacked.Show().c_str());
  std::printf("  dossier code            %s\n", code.Show().c_str());
  std::printf("  procedure               %s\n", procedure.Show().c_str());
  for (const auto& [name, rate] : fields) {
    std::printf("  %-23s %s\n", name.c_str(), rate.Show().c_str());
  }
  std::printf("  sent to review          %s\n", review.Show().c_str());
  if (verbose) {
    for (const auto& m : misses) std::printf("    %s\n", m.c_str());
  }
  return 0;
}
