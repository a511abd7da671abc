// sohoa-gen: synthetic scanned dossiers with ground truth, for the demo, the
// tests and the benchmarks. The same seed and options give byte-identical
// files on the same build.
//
//   gen::Options options;
//   options.seed = 7;
//   SOHOA_ASSIGN_OR_RETURN(gen::GroundTruth truth, gen::Generate(options, "/tmp/corpus"));
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "schema/procedure.h"
#include "schema/status.h"
#include "tools/gen/ground_truth.h"

namespace sohoa::gen {

// How a dossier reaches the inbox.
enum class Form {
  kFolder,  // DIR/<name>/01.jpg, 02.png, …
  kPdf,     // DIR/<name>.pdf, one JPEG per page
  kTiff,    // DIR/<name>.tif, multi-page
  kStack,   // DIR/stack-NN.pdf or .tif: several dossiers, each led by its receipt
};

std::string_view FormName(Form form);  // folder | pdf | tiff | stack
Result<Form> ParseForm(std::string_view name);

// The families used when none are given. "Noto Serif" is left out on
// purpose: it is kept for evaluating on a font never seen in development.
std::vector<std::string> DefaultFonts();

struct Options {
  std::uint64_t seed = 1;
  int dossiers = 6;
  std::vector<std::string> fonts = DefaultFonts();
  std::vector<int> dpis = {200, 250, 300};
  std::vector<Form> forms = {Form::kFolder, Form::kPdf, Form::kTiff};
  bool degrade = true;
  // Dossiers per stack file (Form::kStack); stacks alternate PDF and TIFF.
  int stack_dossiers = 5;
  // Civil-status register books written under DIR/books/<id>/ (see
  // register.h); 0 keeps the corpus exactly as it was without them.
  int books = 0;
  int entries_per_page = 8;
  int book_pages = 2;
  // The procedures to draw from; null means sohoa::BuiltinProcedures().
  const std::vector<Procedure>* catalog = nullptr;
};

// Writes the dossiers, DIR/ground-truth.json and DIR/register.csv (the
// one-stop register export, one_stop_register.h), and returns the ground truth.
// Files a previous run listed in DIR/ground-truth.json are removed first;
// nothing else in DIR is touched. Returns InvalidArgument for bad options,
// NotFound for a font that is not installed, IoError when DIR is not writable.
Result<GroundTruth> Generate(const Options& options, const std::filesystem::path& out_dir);

}  // namespace sohoa::gen
