// sohoa-reuse-eval: measures the text similarity that missed-reuse
// detection (ingest/reuse_detect.h) relies on, on generated documents read
// by sohoa's OCR, and picks its threshold.
//
// For each of --people generated applicants it prints their dossier's
// papers (receipt, form, ID copy, usually a result) and scans them twice:
// the same sheets on another scanner (other dpi, skew, noise, light, JPEG
// quality, sometimes bi-level), and a second dossier of the same person
// with a new photocopy of the same ID card. Then it compares
//   same:  a sheet and its re-scan; the two photocopies of one card
//   other: different documents of one person; the same kind of document of
//          different people (ID copies on one template above all)
// and prints, per class, min / 5% / median / 95% / max of the word-pair and
// the number overlap and of sohoa's similarity (the lower of the two), and
// the threshold halfway between the classes. Only pairs detection can meet
// are compared: documents of kinds that MayBeReused.
// --dump DIR keeps the recognised texts, --from DIR measures them again
// without rendering or OCR. tools/bench/reuse_eval.sh runs it with
// OMP_THREAD_LIMIT=1.
#include <CLI/CLI.hpp>
#include <leptonica/allheaders.h>
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "ingest/reuse_detect.h"
#include "ocr/engine_pool.h"
#include "ocr/page_source.h"
#include "schema/procedure.h"
#include "tools/gen/content.h"
#include "tools/gen/documents.h"
#include "tools/gen/generator.h"
#include "tools/gen/image_files.h"
#include "tools/gen/raster.h"
#include "tools/gen/render.h"
#include "tools/gen/rng.h"

namespace {

namespace fs = std::filesystem;
namespace gen = sohoa::gen;
namespace ocr = sohoa::ocr;
using sohoa::Result;
using sohoa::Status;

// One scanned document: whose, which scan, which paper.
struct Scanned {
  int person = 0;
  char scan = 'a';  // a: first scan, b: the same sheets re-scanned, c: the second dossier
  std::string kind;
  int index = 0;  // document in its dossier
  std::vector<std::string> files;
  std::string text;
  sohoa::ingest::TextFingerprint fingerprint;
};

// A scanner's look for one page, drawn like the generator's degradations.
struct Look {
  gen::PageLook page;
  gen::PageEffects effects;
  int jpeg_quality = 85;
};

Look PlanLook(gen::Rng& rng, bool may_binarize) {
  Look look;
  gen::PageEffects& e = look.effects;
  e.skew_degrees = std::round(rng.Real(-3, 3) * 100) / 100;
  if (rng.Chance(0.15)) e.rotation = static_cast<int>(rng.Pick({90, 180, 270}));
  if (rng.Chance(0.35)) {
    e.lighting = rng.Real(0.08, 0.25);
    e.lighting_angle = rng.Real(0, 6.283);
  }
  e.blur = rng.Chance(0.35);
  if (rng.Chance(0.75)) e.noise_sigma = rng.Real(2.5, 8);
  e.binarize = may_binarize && rng.Chance(0.3);
  look.page.paper = static_cast<std::uint8_t>(rng.Int(228, 250));
  look.page.ink = static_cast<std::uint8_t>(rng.Int(12, 50));
  look.jpeg_quality = static_cast<int>(rng.Int(60, 92));
  return look;
}

// Renders and "scans" one document into image files under `dir`.
// The sheet placed elsewhere on the scanner's glass: its content moved by up
// to `shift_mm` either way (what leaves the frame is cropped), the gap
// filled with the paper's colour.
gen::PixPtr Shifted(Pix* pix, gen::Rng& rng, double shift_mm, int dpi) {
  const int most = static_cast<int>(shift_mm * dpi / 25.4);
  const int dx = static_cast<int>(rng.Int(-most, most)), dy = static_cast<int>(rng.Int(-most, most));
  gen::PixPtr out(pixCreateTemplate(pix));
  if (!out) return out;
  l_uint32 paper = 0;
  pixGetPixel(pix, 2, 2, &paper);
  pixSetAllArbitrary(out.get(), paper);
  pixRasterop(out.get(), dx, dy, pixGetWidth(pix), pixGetHeight(pix), PIX_SRC, pix, 0, 0);
  return out;
}

Status ScanDocument(const gen::DocumentLayout& layout, const gen::RenderStyle& style,
                    const gen::FontSession& fonts, gen::Rng& look_rng, bool may_binarize,
                    double shift_mm, const fs::path& dir, const std::string& stem, Scanned& out) {
  SOHOA_ASSIGN_OR_RETURN(std::vector<gen::RenderedPage> pages,
                         gen::RenderDocument(layout, style, fonts));
  int n = 0;
  for (const gen::RenderedPage& page : pages) {
    Look look = PlanLook(look_rng, may_binarize);
    gen::PixPtr composed = gen::Compose(page, look.page);
    if (!composed) return sohoa::Internal("out of memory composing a page");
    if (shift_mm > 0) {
      composed = Shifted(composed.get(), look_rng, shift_mm, style.dpi);
      if (!composed) return sohoa::Internal("out of memory shifting a page");
    }
    std::uint64_t noise_seed = look_rng.Next();
    SOHOA_ASSIGN_OR_RETURN(gen::PixPtr pix,
                           gen::ApplyEffects(std::move(composed), look.effects, noise_seed));
    fs::path file = dir / (stem + "-" + std::to_string(++n));
    std::string bytes;
    if (look.effects.binarize) {
      file += ".png";
      SOHOA_ASSIGN_OR_RETURN(bytes, gen::EncodePng(pix.get()));
    } else {
      file += ".jpg";
      SOHOA_ASSIGN_OR_RETURN(bytes, gen::EncodeJpeg(pix.get(), look.jpeg_quality));
    }
    SOHOA_RETURN_IF_ERROR(gen::WriteFileBytes(file, bytes));
    out.files.push_back(file.string());
  }
  return Status::Ok();
}

struct Pair {
  std::string klass;
  const Scanned* x;
  const Scanned* y;
  bool same;
};

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  double at = q * static_cast<double>(v.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(at));
  auto hi = static_cast<std::size_t>(std::ceil(at));
  return v[lo] + (v[hi] - v[lo]) * (at - static_cast<double>(lo));
}

// Renders, scans and recognises every person's papers (see the top).
Result<std::vector<Scanned>> GenerateAndRead(std::uint64_t seed, int people, int workers,
                                             const std::vector<std::string>& fonts, double shift_mm,
                                             const fs::path& dir) {
  SOHOA_ASSIGN_OR_RETURN(gen::FontSession session, gen::FontSession::Create(fonts));
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return sohoa::IoError(dir.string() + ": " + ec.message());

  const auto& catalog = sohoa::BuiltinProcedures();
  std::vector<Scanned> scans;
  for (int p = 0; p < people; ++p) {
    const auto up = static_cast<std::uint64_t>(p);
    gen::Rng rng(gen::Rng::Derive(seed, 0x100 + up));
    const sohoa::Procedure& first = catalog[rng.Index(catalog.size())];
    gen::DossierContent c = gen::MakeContent(rng, first);
    std::vector<gen::DocumentPlan> docs = gen::BuildDocuments(rng, c);

    // The same person's next dossier: another procedure, another visit, a
    // fresh photocopy of the same card (the generator draws a new officer
    // name for the card's back: harder than a real second copy).
    gen::Rng rng2(gen::Rng::Derive(seed, 0x200 + up));
    const sohoa::Procedure& second = catalog[rng2.Index(catalog.size())];
    gen::DossierContent c2 = gen::MakeContent(rng2, second);
    c2.applicant = c.applicant;
    c2.applicant_printed = c2.Show(c.applicant.name);
    c2.id_issued = c.id_issued;
    c2.id_expiry = c.id_expiry;
    c2.id_feature = c.id_feature;
    std::vector<gen::DocumentPlan> docs2 = gen::BuildDocuments(rng2, c2);

    gen::Rng look(gen::Rng::Derive(seed, 0x300 + up));
    gen::RenderStyle style;
    style.font = look.Pick(fonts);
    style.body_pt = look.Pick({11.0, 11.5, 12.0, 12.5, 13.0});
    style.seed = look.Next();
    std::vector<int> dpis = {200, 250, 300};
    look.Shuffle(dpis);

    for (char scan : {'a', 'b', 'c'}) {
      const auto& plans = scan == 'c' ? docs2 : docs;
      gen::RenderStyle s = style;
      s.dpi = dpis[static_cast<std::size_t>(scan - 'a')];
      for (std::size_t k = 0; k < plans.size(); ++k) {
        Scanned d;
        d.person = p;
        d.scan = scan;
        d.kind = plans[k].kind;
        d.index = static_cast<int>(k);
        std::string stem =
            "p" + std::to_string(p) + "-" + scan + "-" + std::to_string(k) + "-" + d.kind;
        SOHOA_RETURN_IF_ERROR(
            ScanDocument(plans[k].layout, s, session, look, scan != 'a', scan == 'a' ? 0 : shift_mm,
                         dir, stem, d)
                .WithContext(stem));
        scans.push_back(std::move(d));
      }
    }
  }

  ocr::EngineOptions engine;
  engine.workers = workers;
  engine.encode_images = false;
  SOHOA_ASSIGN_OR_RETURN(auto pool, ocr::EnginePool::Create(engine));
  std::vector<std::vector<std::future<Result<ocr::RecognizedPage>>>> pending(scans.size());
  for (std::size_t i = 0; i < scans.size(); ++i) {
    for (const std::string& file : scans[i].files) {
      fs::path path = file;
      pending[i].push_back(pool->Submit([path]() -> Result<ocr::PageImage> {
        SOHOA_ASSIGN_OR_RETURN(auto pages, ocr::LoadPages(path));
        if (pages.size() != 1) return sohoa::Internal(path.string() + ": expected one page");
        return std::move(pages.front());
      }));
    }
  }
  for (std::size_t i = 0; i < scans.size(); ++i) {
    for (auto& f : pending[i]) {
      SOHOA_ASSIGN_OR_RETURN(ocr::RecognizedPage page, f.get());
      scans[i].text += page.text + "\n";
    }
  }
  return scans;
}

// Texts a previous run wrote with --dump: p<person>-<scan>-<kind>.txt.
Result<std::vector<Scanned>> LoadTexts(const fs::path& dir) {
  std::vector<Scanned> scans;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    int person = 0;
    char scan = 0;
    char kind[32] = {};
    if (std::sscanf(name.c_str(), "p%d-%c-%31[a-z_].txt", &person, &scan, kind) != 3) continue;
    Scanned d;
    d.person = person;
    d.scan = scan;
    d.kind = kind;
    std::ifstream in(entry.path());
    d.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    scans.push_back(std::move(d));
  }
  if (ec) return sohoa::IoError(dir.string() + ": " + ec.message());
  if (scans.empty())
    return sohoa::NotFound(dir.string() + " holds no p<N>-<scan>-<kind>.txt texts");
  std::sort(scans.begin(), scans.end(), [](const Scanned& a, const Scanned& b) {
    return std::tie(a.person, a.scan, a.kind) < std::tie(b.person, b.scan, b.kind);
  });
  return scans;
}

// Every pair detection can meet: a newer and an older scan, both of kinds
// that may be brought again. Kinds are unique within a dossier.
std::vector<Pair> PairsOf(const std::vector<Scanned>& scans) {
  std::vector<Pair> pairs;
  for (const Scanned& x : scans) {
    for (const Scanned& y : scans) {
      if (x.scan >= y.scan || !sohoa::ingest::MayBeReused(x.kind) ||
          !sohoa::ingest::MayBeReused(y.kind)) {
        continue;
      }
      if (x.person == y.person) {
        if (x.scan == 'a' && y.scan == 'b' && x.kind == y.kind) {
          pairs.push_back({"same: re-scan of the same sheet (" + x.kind + ")", &x, &y, true});
        } else if (x.kind == sohoa::kKindIdCopy && y.kind == sohoa::kKindIdCopy) {
          pairs.push_back({"same: another photocopy of the same ID card", &x, &y, true});
        } else {
          pairs.push_back({x.kind == y.kind ? "other: same person, same kind, other dossier"
                                            : "other: same person, another document",
                           &x, &y, false});
        }
      } else if (x.kind == y.kind) {
        pairs.push_back({"other: another person, same kind (" + x.kind + ")", &x, &y, false});
      }
    }
  }
  return pairs;
}

std::string Name(const Scanned& s) {
  return "p" + std::to_string(s.person) + s.scan + " " + s.kind;
}

// One table: the distribution per class and where the classes part.
void Report(const char* title, const std::vector<Pair>& pairs,
            double (*measure)(const Pair& pair)) {
  std::map<std::string, std::vector<double>> by_class;
  double lowest_same = 1, highest_other = 0;
  std::string lowest_same_what, highest_other_what;
  for (const Pair& pair : pairs) {
    double sim = measure(pair);
    by_class[pair.klass].push_back(sim);
    if (pair.same && sim < lowest_same) {
      lowest_same = sim;
      lowest_same_what = Name(*pair.x) + " / " + Name(*pair.y);
    }
    if (!pair.same && sim > highest_other) {
      highest_other = sim;
      highest_other_what = Name(*pair.x) + " / " + Name(*pair.y);
    }
  }
  std::printf("\n%s\n", title);
  std::printf("  %-52s %5s %6s %6s %6s %6s %6s\n", "pairs", "n", "min", "5%", "median", "95%",
              "max");
  for (const auto& [klass, v] : by_class) {
    std::printf("  %-52s %5zu %6.3f %6.3f %6.3f %6.3f %6.3f\n", klass.c_str(), v.size(),
                Percentile(v, 0), Percentile(v, 0.05), Percentile(v, 0.5), Percentile(v, 0.95),
                Percentile(v, 1));
  }
  std::printf("  lowest same %.3f (%s), highest other %.3f (%s)\n", lowest_same,
              lowest_same_what.c_str(), highest_other, highest_other_what.c_str());
  if (lowest_same > highest_other) {
    std::printf("  separated: threshold %.3f, margin ±%.3f\n", (lowest_same + highest_other) / 2,
                (lowest_same - highest_other) / 2);
  } else {
    std::printf("  NOT separated: the classes overlap by %.3f\n", highest_other - lowest_same);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t seed = 60611;
  int people = 6;  // about 70 pages: a few minutes on two cores
  int workers = 2;
  double shift_mm = 15;
  std::vector<std::string> fonts = gen::DefaultFonts();
  std::string keep, dump, from;
  CLI::App app{"Measures the text similarity of re-scanned vs different documents (missed reuse)"};
  app.add_option("--seed", seed)->capture_default_str();
  app.add_option("--people", people, "Applicants, each with two dossiers")->capture_default_str();
  app.add_option("--workers", workers)->capture_default_str();
  app.add_option("--shift-mm", shift_mm,
                 "Re-scans and second copies lie up to this far from the first scan's place on the "
                 "glass (cropped where they leave it); 0: the same place")
      ->capture_default_str();
  app.add_option("--fonts", fonts)->delimiter(',');
  app.add_option("--keep", keep, "Write the scans here and keep them (default: a temp folder)");
  app.add_option("--dump", dump,
                 "Write each document's recognised text to DIR/p<N>-<scan>-<kind>.txt");
  app.add_option("--from", from, "Measure the texts an earlier --dump wrote; no rendering, no OCR");
  CLI11_PARSE(app, argc, argv);
  if (people < 2) {
    std::fprintf(stderr, "--people must be at least 2: different people are compared\n");
    return 2;
  }

  fs::path dir = keep.empty()
                     ? fs::temp_directory_path() / ("sohoa-reuse-eval-" + std::to_string(seed))
                     : fs::path(keep);
  auto read = from.empty() ? GenerateAndRead(seed, people, workers, fonts, shift_mm, dir) : LoadTexts(from);
  std::error_code ec;
  if (from.empty() && keep.empty()) fs::remove_all(dir, ec);
  if (!read.ok()) {
    std::fprintf(stderr, "%s\n", read.status().ToString().c_str());
    return 1;
  }
  std::vector<Scanned> scans = std::move(read).value();
  if (!dump.empty()) {
    fs::create_directories(dump, ec);
    for (const Scanned& s : scans) {
      std::ofstream(fs::path(dump) /
                    ("p" + std::to_string(s.person) + "-" + s.scan + "-" + s.kind + ".txt"))
          << s.text;
    }
  }

  std::size_t fewest_shingles = SIZE_MAX, fewest_numbers = SIZE_MAX;
  int pages = 0, max_person = 0;
  for (Scanned& s : scans) {
    s.fingerprint = sohoa::ingest::Fingerprint(s.text);
    pages += static_cast<int>(s.files.size());
    max_person = std::max(max_person, s.person);
    if (!sohoa::ingest::MayBeReused(s.kind)) continue;
    fewest_shingles = std::min(fewest_shingles, s.fingerprint.shingles.size());
    fewest_numbers = std::min(fewest_numbers, s.fingerprint.numbers.size());
  }
  std::vector<Pair> pairs = PairsOf(scans);
  const std::string source =
      from.empty() ? "seed " + std::to_string(seed) + ", " + std::to_string(pages) + " pages OCR'd"
                   : "texts from " + from;
  std::printf("missed-reuse similarity: %d people, %zu documents, %zu pairs (%s)\n", max_person + 1,
              scans.size(), pairs.size(), source.c_str());
  std::printf(
      "  fewest in a checked document: %zu word pairs (minimum %zu), %zu numbers (minimum %zu)\n",
      fewest_shingles, sohoa::ingest::kReuseMinShingles, fewest_numbers,
      sohoa::ingest::kReuseMinNumbers);

  using sohoa::ingest::Overlap;
  Report("word pairs alone (overlap)", pairs, [](const Pair& p) {
    return Overlap(p.x->fingerprint.shingles, p.y->fingerprint.shingles);
  });
  Report("numbers alone (overlap of the words of digits only)", pairs,
         [](const Pair& p) { return Overlap(p.x->fingerprint.numbers, p.y->fingerprint.numbers); });
  Report("sohoa's similarity: the lower of the two", pairs, [](const Pair& p) {
    return sohoa::ingest::Similarity(p.x->fingerprint, p.y->fingerprint);
  });
  std::printf("\nsohoa's threshold (ingest/reuse_detect.h): %.3f\n",
              sohoa::ingest::kReuseSimilarityAtLeast);
  return 0;
}
