// sohoa-books-eval: generates register books (or reads a generated folder),
// reads every page with ocr::LedgerReader and prints, per field, how many
// entries were read exactly, plus entries found in order, header fields and
// seconds per page. tools/bench/books_eval.sh runs it on a fresh seed and on
// the held-out font.
//
// It also calibrates the keying pre-fill (ocr::kPrefillMinConfidence): for
// every cell read (text not empty), its field, Tesseract's confidence and
// whether it is exactly the truth; then, per confidence threshold, the
// precision (share of cells at or above it that are right) and the coverage
// (share of all the truth's non-blank cells that would be pre-filled), for
// every field kind and overall, and the lowest threshold whose precision is
// at least 99% there and at every threshold above it.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
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

// One cell the reader returned text for.
struct ReadCell {
  std::string field;
  std::string text;
  float confidence = 0;
  bool exact = false;
};

// Fields are also judged by kind: a date and a name fail differently.
std::string FieldKind(const std::string& field) {
  if (field == "no" || field == "sex") return field;
  if (field == "registered" || field == "dob" || field == "died" || field.ends_with("_dob")) {
    return "dates";
  }
  if (field == "birthplace" || field == "death_place" || field == "residence") return "places";
  return "names";
}

std::vector<int> Thresholds() {
  std::vector<int> t = {0};
  for (int v = 50; v <= 95; v += 5) t.push_back(v);
  return t;
}

struct Calibration {
  int offered = 0, wrong = 0;  // cells offered, and of those not exact
  int cells = 0;               // non-blank cells of the truth, for the coverage
  double precision() const { return offered ? 1.0 * (offered - wrong) / offered : 1.0; }
  double coverage() const { return cells ? 1.0 * offered / cells : 0.0; }
  // Wilson score lower bound (95%) of the precision: how sure the figure is.
  double precision_low() const {
    if (offered == 0) return 0;
    const double z = 1.96, n = offered, p = precision();
    return (p + z * z / (2 * n) - z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n))) /
           (1 + z * z / n);
  }
};

// A row of the table: every field ("ALL"), a kind of field, or one field.
struct Group {
  std::string name;
  std::vector<Calibration> by_threshold;  // as Thresholds()
  Calibration policy;                     // the cells ocr::OfferAsPrefill offers
  int lowest_safe = -1;  // lowest threshold with precision >= 99% there and above; -1: none
};

std::vector<Group> Calibrate(const std::vector<ReadCell>& read,
                             const std::map<std::string, Tally>& fields) {
  std::vector<std::string> names = {"ALL", "dates", "names", "places"};
  for (const auto& [field, tally] : fields) names.push_back(field);
  std::vector<Group> out;
  for (const std::string& name : names) {
    auto in = [&](const std::string& field) {
      return name == "ALL" || name == field ||
             (fields.count(name) == 0 && FieldKind(field) == name);
    };
    Group g;
    g.name = name;
    int cells = 0;
    for (const auto& [field, tally] : fields) cells += in(field) ? tally.total : 0;
    g.policy.cells = cells;
    for (int t : Thresholds()) {
      Calibration c;
      c.cells = cells;
      for (const ReadCell& r : read) {
        if (!in(r.field) || r.confidence < t) continue;
        ++c.offered;
        c.wrong += !r.exact;
      }
      g.by_threshold.push_back(c);
    }
    for (const ReadCell& r : read) {
      if (!in(r.field) || !ocr::OfferAsPrefill({r.field, r.text, r.confidence, {}})) continue;
      ++g.policy.offered;
      g.policy.wrong += !r.exact;
    }
    for (int i = static_cast<int>(Thresholds().size()) - 1; i >= 0; --i) {
      const Calibration& c = g.by_threshold[i];
      if (c.offered > 0 && c.precision() < 0.99) break;
      g.lowest_safe = Thresholds()[i];
    }
    out.push_back(std::move(g));
  }
  return out;
}

void PrintCalibration(const std::vector<Group>& groups) {
  std::printf("  pre-fill: precision%% / coverage%% of the cells read at each confidence\n");
  std::printf("  %-12s", "");
  for (int t : Thresholds()) {
    std::printf(" %12s", t == 0 ? "any" : (">=" + std::to_string(t)).c_str());
  }
  std::printf("  %7s  %s\n", "99% at", "OfferAsPrefill: precision (wrong/offered, low95) coverage");
  for (const Group& g : groups) {
    std::printf("  %-12s", g.name.c_str());
    for (const Calibration& c : g.by_threshold) {
      std::printf(" %6.2f/%5.1f", 100 * c.precision(), 100 * c.coverage());
    }
    const Calibration& p = g.policy;
    std::printf("  %7s  %6.2f%% (%d/%d, %.2f%%) %5.1f%%\n",
                g.lowest_safe < 0    ? "none"
                : g.lowest_safe == 0 ? "any"
                                     : (">=" + std::to_string(g.lowest_safe)).c_str(),
                100 * p.precision(), p.wrong, p.offered, 100 * p.precision_low(),
                100 * p.coverage());
  }
  std::printf("  (99%% at: the lowest threshold whose precision is >= 99%% there and above; "
              "OfferAsPrefill: from %.0f for names and places, %.0f for numbers, dates, sex)\n",
              ocr::kPrefillMinConfidence, ocr::kPrefillMinConfidenceShaped);
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
  bool no_degrade = false, no_book_rules = false;
  app.add_flag("--no-book-rules", no_book_rules,
               "Keep first readings that break a rule of the book (to measure the checks)");
  std::string cells_csv;
  app.add_flag("--no-degrade", no_degrade);
  app.add_option("--cells-csv", cells_csv, "Write every read cell (field, confidence, exact) here");
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
  ledger_options.check_book_rules = !no_book_rules;
  auto reader = ocr::LedgerReader::Create(ledger_options);
  if (!reader.ok()) {
    std::fprintf(stderr, "ledger: %s\n", reader.status().ToString().c_str());
    return 1;
  }

  std::map<std::string, Tally> fields;
  std::vector<ReadCell> read_cells;
  Tally entries_in_order, all_fields, header;
  // Cells read again because a rule of the book refused their first
  // reading, and cells still refused after it (LedgerCell::doubt): exact of total.
  Tally reread, doubted;
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
        if (row != nullptr) {
          for (const ocr::LedgerCell& cell : row->cells) {
            if (cell.text.empty() || cell.field.empty()) continue;
            const bool exact = cell.text == e.Get(cell.field);
            read_cells.push_back({cell.field, cell.text, cell.confidence, exact});
            if (cell.reread) {
              reread.total++;
              reread.exact += exact;
            }
            if (!cell.doubt.empty()) {
              doubted.total++;
              doubted.exact += exact;
            }
            if (verbose && cell.reread) {
              std::printf("%s entry %zu %s: re-read '%s' (%.0f)%s%s, want '%s'\n",
                          page.file.c_str(), i + 1, cell.field.c_str(), cell.text.c_str(),
                          cell.confidence,
                          cell.doubt.empty() ? "" : ", in doubt: ", cell.doubt.c_str(),
                          e.Get(cell.field).c_str());
            }
          }
        }
        for (const auto& [k, v] : e.fields) {
          std::string got = row ? row->Get(k) : "";
          bool ok = got == v;
          fields[k].total++;
          fields[k].exact += ok;
          all_fields.total++;
          all_fields.exact += ok;
          if (!ok && verbose) {
            const ocr::LedgerCell* cell = nullptr;
            for (size_t c = 0; row != nullptr && c < row->cells.size(); ++c) {
              if (row->cells[c].field == k) cell = &row->cells[c];
            }
            std::printf("%s entry %zu %s: want '%s' got '%s' (%.0f%s)\n", page.file.c_str(), i + 1,
                        k.c_str(), v.c_str(), got.c_str(), cell ? cell->confidence : 0.0f,
                        cell && ocr::OfferAsPrefill(*cell) ? ", offered" : "");
          }
        }
      }
    }
  }
  const double per_page = pages ? seconds / pages : 0;
  const auto calibration = Calibrate(read_cells, fields);
  if (!cells_csv.empty()) {
    std::ofstream csv(cells_csv);
    csv << "field,confidence,exact\n";
    for (const ReadCell& r : read_cells) {
      csv << r.field << "," << r.confidence << "," << (r.exact ? 1 : 0) << "\n";
    }
  }
  if (json) {
    nlohmann::json j = {{"seed", options.seed},
                        {"fonts", options.fonts},
                        {"strategy", strategy},
                        {"pages", pages},
                        {"reread", {{"cells", reread.total}, {"exact", reread.exact}}},
                        {"in_doubt", {{"cells", doubted.total}, {"exact", doubted.exact}}},
                        {"seconds_per_page", per_page},
                        {"entries_in_order", entries_in_order.total
                                                 ? 1.0 * entries_in_order.exact /
                                                       entries_in_order.total
                                                 : 0.0},
                        {"all_fields", all_fields.total
                                           ? 1.0 * all_fields.exact / all_fields.total
                                           : 0.0}};
    for (const auto& [k, t] : fields) j["fields"][k] = t.total ? 1.0 * t.exact / t.total : 0.0;
    for (const Group& g : calibration) {
      nlohmann::json table = nlohmann::json::array();
      for (std::size_t i = 0; i < g.by_threshold.size(); ++i) {
        const Calibration& c = g.by_threshold[i];
        table.push_back({{"threshold", Thresholds()[i]},
                         {"offered", c.offered},
                         {"wrong", c.wrong},
                         {"precision", c.precision()},
                         {"precision_low95", c.precision_low()},
                         {"coverage", c.coverage()}});
      }
      j["prefill"][g.name] = {{"table", table},
                              {"lowest_safe_threshold", g.lowest_safe},
                              {"offered",
                               {{"offered", g.policy.offered},
                                {"wrong", g.policy.wrong},
                                {"precision", g.policy.precision()},
                                {"coverage", g.policy.coverage()}}}};
    }
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
    std::printf("  re-read %d cell(s) whose first reading broke a rule of the book, %d now exact;"
                " %d still break one (%d of them exact), not offered\n",
                reread.total, reread.exact, doubted.total, doubted.exact);
    PrintCalibration(calibration);
  }
  if (out_dir.empty()) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  return 0;
}
