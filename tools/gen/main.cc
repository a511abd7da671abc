// sohoa-gen: writes a synthetic corpus of scanned one-stop dossiers and its
// ground truth. See tools/gen/README.md.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "tools/gen/generator.h"

namespace {

int ExitCode(const sohoa::Status& status) {
  return status.code() == sohoa::StatusCode::kInvalidArgument ||
                 status.code() == sohoa::StatusCode::kNotFound
             ? 2
             : 1;
}

}  // namespace

int main(int argc, char** argv) {
  namespace gen = sohoa::gen;
  gen::Options options;
  std::string out;
  std::vector<std::string> formats = {"folder", "pdf", "tiff"};
  bool no_degrade = false;

  CLI::App app{
      "Writes synthetic scanned Vietnamese one-stop dossiers (receipt slip, declaration form, "
      "CCCD copy, result) and ground-truth.json into DIR. The same seed and options give "
      "byte-identical output."};
  app.add_option("--out", out, "Output folder (created if missing)")->required();
  app.add_option("--seed", options.seed, "Random seed")->capture_default_str();
  app.add_option("--dossiers", options.dossiers, "Number of dossiers")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  app.add_option("--fonts", options.fonts,
                 "Comma-separated font families (\"Noto Serif\" is kept out of the default for "
                 "evaluation on an unseen font)")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--dpi", options.dpis, "Comma-separated scan resolutions")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--formats", formats,
                 "Comma-separated dossier forms: folder, pdf, tiff, stack (several dossiers per "
                 "stack-NN.pdf|.tif, each led by its receipt)")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--books", options.books,
                 "Civil-status register books to write under OUT/books/<id>/")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000));
  app.add_option("--entries-per-page", options.entries_per_page, "Entries on each register page")
      ->capture_default_str()
      ->check(CLI::Range(1, 30));
  app.add_option("--book-pages", options.book_pages, "Pages in each register book")
      ->capture_default_str()
      ->check(CLI::Range(1, 500));
  app.add_option("--stack", options.stack_dossiers,
                 "Dossiers per stack file (with --formats stack)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app.add_flag("--no-degrade", no_degrade,
               "Clean pages: no skew, turned pages, uneven light, blur, noise or paper tint");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help is a ParseError too, with exit code 0.
    return app.exit(e) == 0 ? 0 : 2;
  }

  options.degrade = !no_degrade;
  options.forms.clear();
  for (const auto& f : formats) {
    sohoa::Result<gen::Form> form = gen::ParseForm(f);
    if (!form.ok()) {
      std::fprintf(stderr, "sohoa-gen: %s\n", form.status().ToString().c_str());
      return 2;
    }
    options.forms.push_back(*form);
  }

  auto start = std::chrono::steady_clock::now();
  sohoa::Result<gen::GroundTruth> truth = gen::Generate(options, out);
  if (!truth.ok()) {
    std::fprintf(stderr, "sohoa-gen: %s\n", truth.status().ToString().c_str());
    return ExitCode(truth.status());
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::map<std::string, int> by_form;
  for (const auto& d : truth->dossiers) ++by_form[d.form];
  std::printf(
      "sohoa-gen: seed %llu: %zu dossiers (%d folder, %d pdf, %d tiff, %d stacked), %d pages in %s "
      "(%.1f s); ground truth %s/ground-truth.json\n",
      static_cast<unsigned long long>(options.seed), truth->dossiers.size(), by_form["folder"],
      by_form["pdf"], by_form["tiff"], by_form["stack"], truth->PageCount(), out.c_str(), seconds,
      out.c_str());
  if (!truth->books.empty()) {
    std::printf("sohoa-gen: %zu register book(s) of %d page(s) under %s/books\n",
                truth->books.size(), options.book_pages, out.c_str());
  }
  return 0;
}
