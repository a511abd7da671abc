// sohoa-ocr-eval: scores page text against the generator's ground truth.
//
//   sohoa-ocr-eval --truth corpus/ground-truth.json --home H
//                  --system tesseract=DIR --system ocrmypdf=DIR
//
// sohoa's text is read from the archive home; another system's text for the
// page `page_index` of `file` is read from DIR/<file>.<page_index>.txt.
// Prints the character error rate (edit distance / truth length, whitespace
// runs collapsed) per page class and system, and a JSON line for scripts.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "archive/storage.h"
#include "schema/text.h"
#include "tools/gen/ground_truth.h"

namespace {

namespace fs = std::filesystem;
using sohoa::gen::GroundTruth;
using sohoa::gen::PageTruth;

std::u32string Codepoints(const std::string& utf8) {
  std::u32string out;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < utf8.size(); ++k) cp = (cp << 6) | (utf8[i + k] & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// NFC, whitespace runs collapsed to one space, trimmed.
std::u32string Normalize(const std::string& text) {
  std::u32string in = Codepoints(sohoa::ToNfc(text));
  std::u32string out;
  for (char32_t c : in) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0xA0;
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

size_t EditDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({sub, prev[j] + 1, cur[j - 1] + 1});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::vector<std::string> ClassesOf(const PageTruth& p, const std::string& kind) {
  std::vector<std::string> classes = {"all"};
  if (p.rotation != 0) {
    classes.push_back("turned");
  } else if (std::fabs(p.skew_degrees) >= 0.5) {
    classes.push_back("skewed");
  } else {
    classes.push_back("upright");
  }
  if (p.dpi <= 200) classes.push_back("low dpi");
  // A result is signed and sealed: its signer's block lies under a seal.
  if (kind == "result") classes.push_back(p.color ? "sealed col" : "sealed gray");
  if (kind == "id_copy") classes.push_back("id copy");
  return classes;
}

// Word error rate that ignores order: words of the truth missing from the
// text, or words of the text not in the truth, whichever is more (multisets).
// Tesseract may read two side-by-side blocks one after the other where the
// truth joins their lines; CER counts that as errors, this does not.
size_t BagOfWordsErrors(const std::u32string& truth, const std::u32string& text, size_t* words) {
  auto split = [](const std::u32string& s) {
    std::map<std::u32string, long> bag;
    size_t start = 0;
    while (start < s.size()) {
      size_t end = s.find(U' ', start);
      if (end == std::u32string::npos) end = s.size();
      if (end > start) ++bag[s.substr(start, end - start)];
      start = end + 1;
    }
    return bag;
  };
  auto want = split(truth), got = split(text);
  long missing = 0, extra = 0, total = 0;
  for (const auto& [w, n] : want) {
    total += n;
    auto it = got.find(w);
    missing += std::max(0L, n - (it == got.end() ? 0L : it->second));
  }
  for (const auto& [w, n] : got) {
    auto it = want.find(w);
    extra += std::max(0L, n - (it == want.end() ? 0L : it->second));
  }
  *words = static_cast<size_t>(total);
  return static_cast<size_t>(std::max(missing, extra));
}

struct Tally {
  size_t errors = 0;
  size_t length = 0;
  size_t word_errors = 0;
  size_t words = 0;
  double Wer() const { return words == 0 ? 0 : 100.0 * word_errors / words; }
  int pages = 0;
  int missing = 0;
  double Cer() const { return length == 0 ? 0 : 100.0 * errors / length; }
};

std::string ReadAll(const fs::path& p, bool& ok) {
  std::ifstream in(p, std::ios::binary);
  ok = static_cast<bool>(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Character error rate of sohoa and other OCR systems against sohoa-gen ground truth"};
  std::string truth_path, home;
  std::vector<std::string> systems;
  bool per_page = false;
  app.add_option("--truth", truth_path, "ground-truth.json written by sohoa-gen")->required();
  app.add_option("--home", home, "sohoa archive home that ingested the corpus");
  app.add_option("--system", systems, "NAME=DIR: another system's text, DIR/<file>.<page>.txt");
  app.add_flag("--per-page", per_page, "Print every page's CER");
  CLI11_PARSE(app, argc, argv);

  bool ok = false;
  std::string json = ReadAll(truth_path, ok);
  if (!ok) {
    std::fprintf(stderr, "cannot read %s\n", truth_path.c_str());
    return 2;
  }
  auto truth = sohoa::gen::ParseGroundTruth(json);
  if (!truth.ok()) {
    std::fprintf(stderr, "%s\n", truth.status().ToString().c_str());
    return 2;
  }
  fs::path root = fs::path(truth_path).parent_path();

  // The text each system produced, keyed by "<file>#<page_index>".
  std::map<std::string, std::map<std::string, std::string>> texts;
  std::map<std::string, int> sohoa_rotation;  // degrees sohoa turned each page, same keys
  std::vector<std::string> order;
  if (!home.empty()) {
    order.push_back("sohoa");
    auto catalog = sohoa::archive::OpenCatalog(sohoa::archive::HomeLayout{fs::path(home)});
    if (!catalog.ok()) {
      std::fprintf(stderr, "%s\n", catalog.status().ToString().c_str());
      return 2;
    }
    std::map<std::string, std::string> file_of_sha;
    for (const auto& d : truth->dossiers) {
      for (const auto& doc : d.documents) {
        for (const auto& p : doc.pages) {
          auto sha = sohoa::archive::Sha256OfFile(root / p.file);
          if (sha.ok()) file_of_sha[*sha] = p.file;
        }
      }
      auto dossier = (*catalog)->FindDossier(d.code);
      if (!dossier.ok() || !dossier->has_value()) continue;
      for (const auto& doc : (*dossier)->documents) {
        for (const auto& p : doc.pages) {
          auto it = file_of_sha.find(p.image_sha256);
          if (it == file_of_sha.end()) continue;
          texts["sohoa"][it->second + "#" + std::to_string(p.source_page)] = p.text;
          sohoa_rotation[it->second + "#" + std::to_string(p.source_page)] = p.rotation;
        }
      }
    }
  }
  for (const auto& spec : systems) {
    auto eq = spec.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "--system wants NAME=DIR, got %s\n", spec.c_str());
      return 2;
    }
    std::string name = spec.substr(0, eq);
    fs::path dir = spec.substr(eq + 1);
    order.push_back(name);
    for (const auto& d : truth->dossiers) {
      for (const auto& doc : d.documents) {
        for (const auto& p : doc.pages) {
          bool found = false;
          std::string text = ReadAll(dir / (p.file + "." + std::to_string(p.page_index) + ".txt"), found);
          if (found) texts[name][p.file + "#" + std::to_string(p.page_index)] = text;
        }
      }
    }
  }

  std::map<std::string, std::map<std::string, Tally>> tally;  // system → class → tally
  int oriented = 0;
  std::vector<std::string> misoriented;
  std::vector<std::string> class_order = {"all",        "upright",     "skewed", "turned",
                                          "low dpi",    "sealed col", "sealed gray", "id copy"};
  for (const auto& d : truth->dossiers) {
    for (const auto& doc : d.documents) {
      for (const auto& p : doc.pages) {
        std::u32string want = Normalize(p.text);
        std::string key = p.file + "#" + std::to_string(p.page_index);
        if (auto r = sohoa_rotation.find(key); r != sohoa_rotation.end()) {
          // Upright when sohoa's turn undoes the generator's.
          if ((r->second + p.rotation) % 360 == 0) {
            ++oriented;
          } else {
            misoriented.push_back(key + " (turned " + std::to_string(p.rotation) + ", sohoa turned " +
                                  std::to_string(r->second) + ")");
          }
        }
        for (const auto& system : order) {
          auto it = texts[system].find(key);
          std::u32string got = it == texts[system].end() ? std::u32string() : Normalize(it->second);
          size_t errors = EditDistance(want, got);
          size_t words = 0;
          const size_t word_errors = BagOfWordsErrors(want, got, &words);
          for (const auto& c : ClassesOf(p, doc.kind)) {
            auto& t = tally[system][c];
            t.errors += errors;
            t.length += want.size();
            t.word_errors += word_errors;
            t.words += words;
            ++t.pages;
            if (it == texts[system].end()) ++t.missing;
          }
          if (per_page) {
            std::printf("%-10s %-48s rot %3d skew %+5.2f dpi %d  CER %6.2f%%\n", system.c_str(), key.c_str(),
                        p.rotation, p.skew_degrees, p.dpi, want.empty() ? 0.0 : 100.0 * errors / want.size());
          }
        }
      }
    }
  }

  std::printf("%-10s", "CER %");
  for (const auto& c : class_order) std::printf(" %14s", c.c_str());
  std::printf("\n");
  nlohmann::json out;
  for (const auto& system : order) {
    std::printf("%-10s", system.c_str());
    for (const auto& c : class_order) {
      const auto& t = tally[system][c];
      char cell[64];
      std::snprintf(cell, sizeof cell, "%.2f (%d)", t.Cer(), t.pages);
      std::printf(" %14s", t.pages ? cell : "-");
      if (t.pages) out[system][c] = {{"cer", t.Cer()}, {"pages", t.pages}, {"missing", t.missing}};
    }
    std::printf("\n");
  }
  std::printf("(pages per class in brackets)\n\n%-10s", "WER %*");
  for (const auto& c : class_order) std::printf(" %14s", c.c_str());
  std::printf("\n");
  for (const auto& system : order) {
    std::printf("%-10s", system.c_str());
    for (const auto& c : class_order) {
      const auto& t = tally[system][c];
      char cell[64];
      std::snprintf(cell, sizeof cell, "%.2f", t.Wer());
      std::printf(" %14s", t.pages ? cell : "-");
      if (t.pages) out[system][c]["wer_order_free"] = t.Wer();
    }
    std::printf("\n");
  }
  std::printf("(* order-free: words missed or invented, as multisets; reading order ignored)\n");
  if (!sohoa_rotation.empty()) {
    std::printf("\norientation: sohoa left %zu of %zu pages turned wrong\n", misoriented.size(),
                misoriented.size() + static_cast<size_t>(oriented));
    for (const auto& m : misoriented) std::printf("  %s\n", m.c_str());
    out["sohoa"]["misoriented"] = misoriented.size();
  }
  std::printf("JSON %s\n", out.dump().c_str());
  return 0;
}
