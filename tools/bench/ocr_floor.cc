// sohoa-ocr-floor: the reference times the OCR benchmark compares against,
// on the pages of a sohoa-gen corpus, decoded once before any clock starts.
//
//   sohoa-ocr-floor --truth corpus/ground-truth.json --mode floor [--threads 2] [--out DIR]
//       bare libtesseract: one TessBaseAPI per thread, `vie`, Tesseract's
//       defaults, no cleanup, pages shared by the threads. --set NAME=VALUE
//       passes a Tesseract variable (e.g. thresholding_method=2).
//   ... --mode pool [--threads 2] [--out DIR] [--no-barcodes] [--no-images]
//       sohoa's EnginePool (cleanup + recognition + barcodes + PDF image
//       encoding) on the same pages: the OCR stage without the archive.
//   ... --mode orient
//       page orientation by Leptonica (pixOrientDetect) and by Tesseract's
//       OSD (DetectOrientationScript), one thread: right/wrong/unsure against
//       the ground truth, and the time each takes.
//   ... --mode steps
//       one thread, time of each cleanup step and of recognition per page.
//
// --out DIR writes DIR/<file>.<page_index>.txt for sohoa-ocr-eval --system.
// Prints one "RESULT key=value ..." line for scripts.
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ocr/cleanup.h"
#include "ocr/engine_pool.h"
#include "ocr/page_source.h"
#include "tools/gen/ground_truth.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using sohoa::ocr::PageImage;

constexpr const char* kTessdata = "/usr/share/tesseract-ocr/5/tessdata";

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU seconds of every thread of this process: steadier than wall time on
// a machine that other work shares.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Page {
  std::string file;
  int index = 0;
  int rotation = 0;  // from the ground truth
  PageImage image;
};

// Every page of the corpus, decoded, in ground-truth order.
bool LoadCorpus(const fs::path& truth_path, std::vector<Page>* pages) {
  std::ifstream in(truth_path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  auto truth = sohoa::gen::ParseGroundTruth(s.str());
  if (!truth.ok()) {
    std::fprintf(stderr, "%s: %s\n", truth_path.c_str(), truth.status().ToString().c_str());
    return false;
  }
  const fs::path root = truth_path.parent_path();
  std::map<std::string, std::vector<PageImage>> files;
  for (const auto& d : truth->dossiers) {
    for (const auto& doc : d.documents) {
      for (const auto& p : doc.pages) {
        auto it = files.find(p.file);
        if (it == files.end()) {
          auto loaded = sohoa::ocr::LoadPages(root / p.file);
          if (!loaded.ok()) {
            std::fprintf(stderr, "%s: %s\n", p.file.c_str(), loaded.status().ToString().c_str());
            return false;
          }
          it = files.emplace(p.file, std::move(loaded).value()).first;
        }
        if (p.page_index < 0 || p.page_index >= static_cast<int>(it->second.size())) {
          std::fprintf(stderr, "%s has no page %d\n", p.file.c_str(), p.page_index);
          return false;
        }
        Page page;
        page.file = p.file;
        page.index = p.page_index;
        page.rotation = p.rotation;
        page.image = std::move(it->second[static_cast<size_t>(p.page_index)]);
        pages->push_back(std::move(page));
      }
    }
  }
  return true;
}

void WriteText(const fs::path& dir, const Page& page, const std::string& text) {
  if (dir.empty()) return;
  const fs::path out = dir / (page.file + "." + std::to_string(page.index) + ".txt");
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  std::ofstream(out, std::ios::binary) << text;
}

std::unique_ptr<tesseract::TessBaseAPI> NewApi(const std::string& lang, const char* mode_lang,
                                               tesseract::OcrEngineMode oem,
                                               const std::vector<std::string>& sets) {
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  std::vector<std::string> names = {"debug_file"}, values = {"/dev/null"};
  if (api->Init(kTessdata, mode_lang != nullptr ? mode_lang : lang.c_str(), oem, nullptr, 0, &names,
                &values, false) != 0) {
    return nullptr;
  }
  for (const std::string& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos ||
        !api->SetVariable(s.substr(0, eq).c_str(), s.substr(eq + 1).c_str())) {
      std::fprintf(stderr, "cannot set Tesseract variable %s\n", s.c_str());
      return nullptr;
    }
  }
  return api;
}

int RunFloor(std::vector<Page>& pages, int threads, const std::string& lang,
             const std::vector<std::string>& sets, const fs::path& out) {
  // Engines are loaded before the clock starts, as sohoa's pool loads its
  // engines once at start-up.
  std::vector<std::unique_ptr<tesseract::TessBaseAPI>> apis;
  for (int i = 0; i < threads; ++i) {
    apis.push_back(NewApi(lang, nullptr, tesseract::OEM_LSTM_ONLY, sets));
    if (!apis.back()) return 1;
  }
  std::atomic<size_t> next{0};
  const auto start = Clock::now();
  const double cpu_start = CpuSeconds();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      tesseract::TessBaseAPI* api = apis[static_cast<size_t>(t)].get();
      for (size_t i; (i = next.fetch_add(1)) < pages.size();) {
        Page& page = pages[i];
        api->SetImage(page.image.pix.get());
        api->SetSourceResolution(page.image.dpi > 0 ? page.image.dpi : 300);
        std::unique_ptr<char[]> text(api->GetUTF8Text());
        api->Clear();
        WriteText(out, page, text ? text.get() : "");
      }
    });
  }
  for (auto& w : workers) w.join();
  const double wall = Seconds(start);
  const double cpu = CpuSeconds() - cpu_start;
  std::printf("floor: %zu pages, %d threads, %.2f s wall, %.3f pages/s, %.3f CPU s/page\n",
              pages.size(), threads, wall, pages.size() / wall, cpu / pages.size());
  std::printf("RESULT mode=floor pages=%zu threads=%d wall=%.3f cpu=%.3f\n", pages.size(), threads,
              wall, cpu);
  return 0;
}

int RunPool(std::vector<Page>& pages, int threads, const std::string& lang, bool barcodes,
            bool images, const fs::path& out) {
  sohoa::ocr::EngineOptions options;
  options.languages = lang;
  options.workers = threads;
  options.read_barcodes = barcodes;
  options.encode_images = images;
  auto pool = sohoa::ocr::EnginePool::Create(options);
  if (!pool.ok()) {
    std::fprintf(stderr, "%s\n", pool.status().ToString().c_str());
    return 1;
  }
  const auto start = Clock::now();
  const double cpu_start = CpuSeconds();
  std::vector<std::future<sohoa::Result<sohoa::ocr::RecognizedPage>>> futures;
  // The pool takes the pages: hand it copies so the corpus stays intact.
  for (const Page& page : pages) {
    PageImage copy;
    copy.pix.reset(pixClone(page.image.pix.get()));
    copy.source_page = page.image.source_page;
    copy.dpi = page.image.dpi;
    copy.jpeg = page.image.jpeg;
    futures.push_back((*pool)->Submit(std::move(copy)));
  }
  int failed = 0, turned = 0, codes = 0;
  size_t image_bytes = 0;
  for (size_t i = 0; i < pages.size(); ++i) {
    auto result = futures[i].get();
    if (!result.ok()) {
      ++failed;
      std::fprintf(stderr, "%s page %d: %s\n", pages[i].file.c_str(), pages[i].index,
                   result.status().ToString().c_str());
      continue;
    }
    if (result->rotation != 0) ++turned;
    codes += static_cast<int>(result->barcodes.size());
    image_bytes += result->image.data.size();
    WriteText(out, pages[i], result->text);
  }
  const double wall = Seconds(start);
  const double cpu = CpuSeconds() - cpu_start;
  std::printf(
      "pool: %zu pages, %d workers, %.2f s wall, %.3f pages/s, %.3f CPU s/page (%d failed, "
      "%d turned, %d codes, %.1f MB of PDF images)\n",
      pages.size(), threads, wall, pages.size() / wall, cpu / pages.size(), failed, turned, codes,
      image_bytes / 1e6);
  std::printf("RESULT mode=pool pages=%zu threads=%d wall=%.3f cpu=%.3f failed=%d\n", pages.size(),
              threads, wall, cpu, failed);
  return failed == 0 ? 0 : 1;
}

int RunOrient(std::vector<Page>& pages, bool verbose) {
  auto osd = NewApi("osd", "osd", tesseract::OEM_TESSERACT_ONLY, {});
  if (!osd) {
    std::fprintf(stderr, "cannot load osd.traineddata\n");
    return 1;
  }
  osd->SetPageSegMode(tesseract::PSM_OSD_ONLY);
  struct Score {
    int right = 0, wrong = 0, unsure = 0;
    int turned_right = 0, turned_pages = 0;
    double seconds = 0;
  } lept, tess, both;
  for (Page& page : pages) {
    auto gray = sohoa::ocr::ToGrayForOcr(page.image.pix.get(), page.image.dpi);
    if (!gray.ok()) continue;
    const int want = (4 - page.rotation / 90) % 4;
    const bool turned = want != 0;

    auto t0 = Clock::now();
    const sohoa::ocr::OrientationGuess guess =
        sohoa::ocr::GuessOrientation(gray->pix.get(), gray->dpi);
    const double lept_s = Seconds(t0);
    lept.seconds += lept_s;

    t0 = Clock::now();
    osd->SetImage(gray->pix.get());
    osd->SetSourceResolution(gray->dpi);
    int degrees = 0;
    float conf = 0, script_conf = 0;
    const char* script = nullptr;
    const bool found = osd->DetectOrientationScript(&degrees, &conf, &script, &script_conf);
    osd->Clear();
    const double tess_s = Seconds(t0);
    tess.seconds += tess_s;
    const int osd_turns = ((360 - degrees) / 90) % 4;
    const bool osd_sure = found && conf >= 5.0f;

    auto tally = [&](Score& s, bool sure, int turns) {
      if (!sure) {
        ++s.unsure;
      } else if (turns == want) {
        ++s.right;
      } else {
        ++s.wrong;
      }
      if (turned) {
        ++s.turned_pages;
        if (sure && turns == want) ++s.turned_right;
      }
    };
    tally(lept, guess.sure, guess.quarter_turns);
    tally(tess, osd_sure, osd_turns);
    // sohoa's rule: Leptonica, and OSD only when Leptonica is unsure.
    if (guess.sure) {
      tally(both, true, guess.quarter_turns);
      both.seconds += lept_s;
    } else {
      tally(both, osd_sure, osd_turns);
      both.seconds += lept_s + tess_s;
    }
    if (verbose || (guess.sure && guess.quarter_turns != want) ||
        (osd_sure && osd_turns != want)) {
      std::printf("  %s#%d rot %d: leptonica %s%d (up %.1f left %.1f), osd %s%d (conf %.1f)\n",
                  page.file.c_str(), page.index, page.rotation, guess.sure ? "" : "unsure ",
                  guess.quarter_turns * 90, guess.up_confidence, guess.left_confidence,
                  osd_sure ? "" : "unsure ", osd_turns * 90, conf);
    }
  }
  const double n = static_cast<double>(pages.size());
  std::printf("orientation on %zu pages (%d turned), one thread:\n", pages.size(),
              lept.turned_pages);
  std::printf("  %-32s %6s %6s %7s %14s %10s\n", "method", "right", "wrong", "unsure",
              "turned right", "ms/page");
  auto row = [&](const char* name, const Score& s) {
    std::printf("  %-32s %6d %6d %7d %10d/%-3d %10.0f\n", name, s.right, s.wrong, s.unsure,
                s.turned_right, s.turned_pages, 1000 * s.seconds / n);
  };
  row("leptonica pixOrientDetect", lept);
  row("tesseract DetectOrientationScript", tess);
  row("leptonica, else OSD (sohoa)", both);
  return 0;
}

// Every page put upright (by the ground truth), then turned each of the four
// ways: one CSV line per sample for tuning the orientation decision.
int RunOrientSamples(std::vector<Page>& pages, int osd_dpi) {
  auto osd = NewApi("osd", "osd", tesseract::OEM_TESSERACT_ONLY, {});
  if (!osd) return 1;
  osd->SetPageSegMode(tesseract::PSM_OSD_ONLY);
  std::printf("file,page,turn,want,up,left,lept_ms,osd_deg,osd_conf,osd_ms\n");
  for (Page& page : pages) {
    auto gray = sohoa::ocr::ToGrayForOcr(page.image.pix.get(), page.image.dpi);
    if (!gray.ok()) continue;
    sohoa::ocr::PixPtr upright(pixRotateOrth(gray->pix.get(), (4 - page.rotation / 90) % 4));
    for (int turn = 0; turn < 4; ++turn) {
      sohoa::ocr::PixPtr turned(pixRotateOrth(upright.get(), turn));
      const int want = (4 - turn) % 4;
      auto t0 = Clock::now();
      const auto guess = sohoa::ocr::GuessOrientation(turned.get(), gray->dpi);
      const double lept_ms = 1000 * Seconds(t0);
      t0 = Clock::now();
      sohoa::ocr::PixPtr small;
      int dpi = gray->dpi;
      if (osd_dpi > 0 && osd_dpi < dpi) {
        const auto f = static_cast<float>(osd_dpi) / static_cast<float>(dpi);
        small.reset(pixScale(turned.get(), f, f));
        dpi = osd_dpi;
      } else {
        small.reset(pixClone(turned.get()));
      }
      osd->SetImage(small.get());
      osd->SetSourceResolution(dpi);
      int degrees = 0;
      float conf = 0, script_conf = 0;
      const char* script = nullptr;
      if (!osd->DetectOrientationScript(&degrees, &conf, &script, &script_conf)) conf = -1;
      osd->Clear();
      const double osd_ms = 1000 * Seconds(t0);
      std::printf("%s,%d,%d,%d,%.2f,%.2f,%.1f,%d,%.2f,%.1f\n", page.file.c_str(), page.index, turn,
                  want, guess.up_confidence, guess.left_confidence, lept_ms,
                  ((360 - degrees) / 90) % 4, conf, osd_ms);
    }
  }
  return 0;
}

int RunSteps(std::vector<Page>& pages, const std::string& lang, bool verbose) {
  auto api = NewApi(lang, nullptr, tesseract::OEM_LSTM_ONLY, {"thresholding_method=2", "tessedit_do_invert=0"});
  if (!api) return 1;
  double gray_s = 0, orient_s = 0, prepare_s = 0, ocr_s = 0;
  int enlarged = 0, deskewed = 0;
  for (Page& page : pages) {
    auto t0 = Clock::now();
    auto gray = sohoa::ocr::ToGrayForOcr(page.image.pix.get(), page.image.dpi);
    if (!gray.ok()) continue;
    gray_s += Seconds(t0);
    if (gray->transform.scale > 1) ++enlarged;
    t0 = Clock::now();
    const auto guess = sohoa::ocr::GuessOrientation(gray->pix.get(), gray->dpi);
    orient_s += Seconds(t0);
    t0 = Clock::now();
    auto prepared = sohoa::ocr::Prepare(std::move(gray).value(), guess.quarter_turns);
    if (!prepared.ok()) continue;
    prepare_s += Seconds(t0);
    if (prepared->transform.deskew_degrees != 0) ++deskewed;
    t0 = Clock::now();
    api->SetImage(prepared->pix.get());
    api->SetSourceResolution(prepared->dpi);
    std::unique_ptr<char[]> text(api->GetUTF8Text());
    api->Clear();
    const double prepared_s = Seconds(t0);
    ocr_s += prepared_s;
    if (verbose) {
      t0 = Clock::now();
      api->SetImage(page.image.pix.get());
      api->SetSourceResolution(page.image.dpi);
      std::unique_ptr<char[]> raw(api->GetUTF8Text());
      api->Clear();
      std::printf("  %s#%d dpi %d turns %d skew %.2f: recognition %.0f ms prepared, %.0f ms raw\n",
                  page.file.c_str(), page.index, page.image.dpi, guess.quarter_turns,
                  prepared->transform.deskew_degrees, 1000 * prepared_s, 1000 * Seconds(t0));
    }
  }
  const double n = static_cast<double>(pages.size());
  std::printf("steps, one thread, ms/page over %zu pages (%d enlarged, %d deskewed):\n",
              pages.size(), enlarged, deskewed);
  std::printf("  gray+scale %.0f, orientation %.0f, prepare %.0f, recognition %.0f\n",
              1000 * gray_s / n, 1000 * orient_s / n, 1000 * prepare_s / n, 1000 * ocr_s / n);
  return 0;
}

// libgomp reads OMP_THREAD_LIMIT when it loads: set it and start again.
void EnsureOpenMpLimit(char** argv) {
  if (std::getenv("OMP_THREAD_LIMIT") != nullptr) return;
  ::setenv("OMP_THREAD_LIMIT", "1", 1);
  ::execv("/proc/self/exe", argv);
}

}  // namespace

int main(int argc, char** argv) {
  EnsureOpenMpLimit(argv);
  CLI::App app{"Reference OCR timings on a sohoa-gen corpus"};
  std::string truth, mode = "floor", lang = "vie", out;
  int threads = 2;
  std::vector<std::string> sets;
  bool no_barcodes = false, no_images = false, verbose = false;
  app.add_option("--truth", truth, "ground-truth.json written by sohoa-gen")->required();
  app.add_option("--mode", mode, "floor | pool | orient | steps")
      ->check(CLI::IsMember({"floor", "pool", "orient", "orient-samples", "steps"}));
  int osd_dpi = 0;
  app.add_option("--osd-dpi", osd_dpi, "orient-samples: scale to this before OSD (0: as is)");
  app.add_option("--threads", threads, "threads (floor, pool)")->check(CLI::Range(1, 64));
  app.add_option("--lang", lang, "Tesseract language(s)");
  app.add_option("--set", sets, "NAME=VALUE: a Tesseract variable (floor)");
  app.add_option("--out", out, "write DIR/<file>.<page>.txt");
  app.add_flag("--no-barcodes", no_barcodes, "pool: do not read barcodes");
  app.add_flag("--no-images", no_images, "pool: do not encode PDF images");
  app.add_flag("--verbose", verbose, "orient: one line per page");
  CLI11_PARSE(app, argc, argv);

  std::vector<Page> pages;
  const auto start = Clock::now();
  if (!LoadCorpus(truth, &pages)) return 2;
  std::fprintf(stderr, "decoded %zu pages in %.2f s (not timed below)\n", pages.size(),
               Seconds(start));
  if (mode == "floor") return RunFloor(pages, threads, lang, sets, out);
  if (mode == "pool") return RunPool(pages, threads, lang, !no_barcodes, !no_images, out);
  if (mode == "orient") return RunOrient(pages, verbose);
  if (mode == "orient-samples") return RunOrientSamples(pages, osd_dpi);
  return RunSteps(pages, lang, verbose);
}
