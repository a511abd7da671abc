// sohoa-books-eval: generates register books (or reads a generated folder),
// reads every page with ocr::LedgerReader and prints, per field, how many
// entries were read exactly, plus entries found in order, header fields and
// seconds per page. tools/bench/books_eval.sh runs it on a fresh seed and on
// the held-out font.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ocr/ledger.h"
#include "ocr/page_source.h"
#include "schema/text.h"
#include "tools/gen/generator.h"

namespace {

namespace fs = std::filesystem;
namespace gen = sohoa::gen;
namespace ocr = sohoa::ocr;

struct Tally {
  int exact = 0, total = 0;
};

std::string Percent(const Tally& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%6.2f%%", t.total ? 100.0 * t.exact / t.total : 0.0);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  gen::Options options;
  options.dossiers = 0;
  options.books = 3;
  std::string out_dir, strategy = "cells";
  bool verbose = false, json = false;
  CLI::App app{"Reads generated register books with the ledger reader and scores every field."};
  app.add_option("--out", out_dir, "Folder for the generated books (default: a temp folder)");
  app.add_option("--seed", options.seed)->capture_default_str();
  app.add_option("--books", options.books)->capture_default_str();
  app.add_option("--book-pages", options.book_pages)->capture_default_str();
  app.add_option("--entries-per-page", options.entries_per_page)->capture_default_str();
  app.add_option("--fonts", options.fonts)->delimiter(',');
  app.add_option("--dpi", options.dpis)->delimiter(',');
  app.add_option("--strategy", strategy, "cells | rows")->capture_default_str();
  bool no_degrade = false;
  app.add_flag("--no-degrade", no_degrade);
  app.add_flag("--verbose", verbose, "Print every wrong field");
  app.add_flag("--json", json, "Print the scores as JSON");
  CLI11_PARSE(app, argc, argv);
  options.degrade = !no_degrade;

  fs::path dir = out_dir.empty() ? fs::temp_directory_path() /
                                       ("sohoa-books-eval-" + std::to_string(options.seed))
                                 : fs::path(out_dir);
  auto truth = gen::Generate(options, dir);
  if (!truth.ok()) {
    std::fprintf(stderr, "generate: %s\n", truth.status().ToString().c_str());
    return 1;
  }
  ocr::LedgerOptions ledger_options;
  ledger_options.strategy = strategy == "rows" ? ocr::LedgerOptions::Strategy::kRowBands
                                               : ocr::LedgerOptions::Strategy::kCells;
  auto reader = ocr::LedgerReader::Create(ledger_options);
  if (!reader.ok()) {
    std::fprintf(stderr, "ledger: %s\n", reader.status().ToString().c_str());
    return 1;
  }

  std::map<std::string, Tally> fields;
  Tally entries_in_order, all_fields, header;
  int pages = 0;
  double seconds = 0;
  for (const gen::BookTruth& book : truth->books) {
    for (const gen::BookPageTruth& page : book.pages) {
      auto images = ocr::LoadPages(dir / page.file);
      if (!images.ok() || images->empty()) {
        std::fprintf(stderr, "%s: cannot load\n", page.file.c_str());
        return 1;
      }
      auto start = std::chrono::steady_clock::now();
      auto read = (*reader)->Read((*images)[0]);
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++pages;
      if (!read.ok()) {
        std::fprintf(stderr, "%s: %s\n", page.file.c_str(), read.status().ToString().c_str());
        for (const auto& e : page.entries) {
          entries_in_order.total++;
          for (const auto& [k, v] : e.fields) {
            fields[k].total++;
            all_fields.total++;
          }
        }
        continue;
      }
      const ocr::RegisterHeader& h = read->header;
      header.total += 4;
      header.exact += (h.type == book.type) + (h.volume == book.volume) + (h.year == book.year) +
                      (h.commune == book.commune);
      if (verbose && (h.type != book.type || h.commune != book.commune || h.year != book.year)) {
        std::printf("%s header: read '%s' → %s / %s / %s / %d\n", page.file.c_str(),
                    h.text.c_str(), h.type.c_str(), h.commune.c_str(), h.volume.c_str(), h.year);
      }
      if (verbose) {
        std::string headings;
        for (size_t c = 0; c < read->headings.size(); ++c) {
          headings += " [" + read->headings[c] + " → " + read->fields[c] + "]";
        }
        std::printf("%s headings:%s\n", page.file.c_str(), headings.c_str());
      }
      for (size_t i = 0; i < page.entries.size(); ++i) {
        const gen::EntryTruth& e = page.entries[i];
        const ocr::LedgerRow* row = i < read->rows.size() ? &read->rows[i] : nullptr;
        entries_in_order.total++;
        if (row != nullptr && row->Get("no") == e.Get("no")) entries_in_order.exact++;
        for (const auto& [k, v] : e.fields) {
          std::string got = row ? row->Get(k) : "";
          bool ok = got == v;
          fields[k].total++;
          fields[k].exact += ok;
          all_fields.total++;
          all_fields.exact += ok;
          if (!ok && verbose) {
            std::printf("%s entry %zu %s: want '%s' got '%s'\n", page.file.c_str(), i + 1,
                        k.c_str(), v.c_str(), got.c_str());
          }
        }
      }
    }
  }
  const double per_page = pages ? seconds / pages : 0;
  if (json) {
    nlohmann::json j = {{"seed", options.seed},
                        {"fonts", options.fonts},
                        {"strategy", strategy},
                        {"pages", pages},
                        {"seconds_per_page", per_page},
                        {"entries_in_order", entries_in_order.total
                                                 ? 1.0 * entries_in_order.exact /
                                                       entries_in_order.total
                                                 : 0.0},
                        {"all_fields", all_fields.total
                                           ? 1.0 * all_fields.exact / all_fields.total
                                           : 0.0}};
    for (const auto& [k, t] : fields) j["fields"][k] = t.total ? 1.0 * t.exact / t.total : 0.0;
    std::cout << j.dump(2) << "\n";
  } else {
    std::printf("seed %llu, fonts %s, strategy %s: %d page(s), %.2f s/page\n",
                static_cast<unsigned long long>(options.seed),
                options.fonts.size() == 1 ? options.fonts[0].c_str() : "default", strategy.c_str(),
                pages, per_page);
    std::printf("  %-14s %s  (%d/%d)\n", "entries found", Percent(entries_in_order).c_str(),
                entries_in_order.exact, entries_in_order.total);
    std::printf("  %-14s %s  (%d/%d)\n", "header fields", Percent(header).c_str(), header.exact,
                header.total);
    for (const auto& [k, t] : fields) {
      std::printf("  %-14s %s  (%d/%d)\n", k.c_str(), Percent(t).c_str(), t.exact, t.total);
    }
    std::printf("  %-14s %s  (%d/%d)\n", "ALL FIELDS", Percent(all_fields).c_str(),
                all_fields.exact, all_fields.total);
  }
  if (out_dir.empty()) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  return 0;
}
