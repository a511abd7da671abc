// sohoa-decode-bench: what decoding in a child process (ocr/isolated_reader.h)
// costs against decoding in this process, on the same files, with nothing
// else running. The OCR benchmark divides the difference by the whole
// ingest's CPU time to give the isolation cost: measured alone, the
// difference is far steadier than two ingest runs whose own noise (±5% on a
// shared machine) is larger than what they are meant to show.
//
//   sohoa-decode-bench [--rounds 5] [--program build/sohoa] FILE...
//
// Each round opens every file and reads every page, once in process and
// once in a child, alternating which goes first; each kind keeps its
// fastest round. CPU time counts this process and its reaped children.
// The child is this program started again; --program names the binary the
// service really starts (sohoa, with every library it links), and what
// starting it costs beyond starting this one is added once per file.
// Prints a table and one "RESULT key=value ..." line for scripts.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "ocr/isolated_reader.h"
#include "ocr/page_source.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; }

// User + system time of this process and of the children it has reaped.
double CpuSeconds() {
  rusage self{}, children{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  return Seconds(self.ru_utime) + Seconds(self.ru_stime) + Seconds(children.ru_utime) +
         Seconds(children.ru_stime);
}

struct Run {
  double cpu = std::numeric_limits<double>::infinity();
  double wall = std::numeric_limits<double>::infinity();
};

// Opens and reads every page of every file; false (with a message) when one fails.
bool DecodeAll(const std::vector<std::string>& files, bool isolated, Run* best, int* pages) {
  const double cpu0 = CpuSeconds();
  const auto wall0 = Clock::now();
  int count = 0;
  for (const std::string& file : files) {
    auto reader = isolated ? sohoa::ocr::OpenIsolated(file) : sohoa::ocr::PageReader::Open(file);
    if (!reader.ok()) {
      std::fprintf(stderr, "%s: %s\n", file.c_str(), reader.status().ToString().c_str());
      return false;
    }
    for (int i = 0; i < (*reader)->page_count(); ++i) {
      auto page = (*reader)->Read(i);
      if (!page.ok()) {
        std::fprintf(stderr, "%s page %d: %s\n", file.c_str(), i + 1, page.status().ToString().c_str());
        return false;
      }
      ++count;
    }
  }
  const double cpu = CpuSeconds() - cpu0;
  const double wall = std::chrono::duration<double>(Clock::now() - wall0).count();
  best->cpu = std::min(best->cpu, cpu);
  best->wall = std::min(best->wall, wall);
  *pages = count;
  return true;
}

// The CPU time of starting `program` as a decoder with no file to read
// (it finds none and exits): the fastest of `times`.
double StartupCpu(const std::string& program, int times) {
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < times; ++i) {
    char arg0[] = "sohoa-decoder";
    char arg1[] = "--sohoa-page-decoder";
    char* argv[] = {arg0, arg1, nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const double before = CpuSeconds();
    pid_t pid = 0;
    const int failed = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (failed != 0) return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    best = std::min(best, CpuSeconds() - before);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  sohoa::ocr::ServeIfDecoder(argc, argv);
  CLI::App app{"What decoding pages in a child process costs against decoding them in process."};
  int rounds = 5;
  std::vector<std::string> files;
  std::string program;
  app.add_option("--rounds", rounds, "rounds of each kind; each keeps its fastest")->check(CLI::Range(1, 100));
  app.add_option("--program", program, "the binary the service starts as its decoder (build/sohoa)")
      ->check(CLI::ExistingFile);
  app.add_option("files", files, "PDF and image files")->required()->check(CLI::ExistingFile);
  CLI11_PARSE(app, argc, argv);

  Run in_process, isolated;
  int pages = 0;
  for (int round = 0; round < rounds; ++round) {
    const bool child_first = round % 2 == 1;
    for (int k = 0; k < 2; ++k) {
      const bool child = (k == 0) == child_first;
      if (!DecodeAll(files, child, child ? &isolated : &in_process, &pages)) return 1;
    }
  }
  // What starting the service's binary costs beyond starting this one.
  double startup_extra = 0;
  if (!program.empty()) {
    const double theirs = StartupCpu(program, 20), ours = StartupCpu("/proc/self/exe", 20);
    if (theirs < 0 || ours < 0) {
      std::fprintf(stderr, "cannot start %s\n", program.c_str());
      return 1;
    }
    startup_extra = std::max(0.0, theirs - ours);
    isolated.cpu += startup_extra * static_cast<double>(files.size());
  }
  const double extra_cpu = isolated.cpu - in_process.cpu;
  std::printf("decoding %zu files, %d pages, fastest of %d rounds\n", files.size(), pages, rounds);
  std::printf("  %-12s %8s %8s\n", "", "CPU s", "wall s");
  std::printf("  %-12s %8.3f %8.3f\n", "in process", in_process.cpu, in_process.wall);
  std::printf("  %-12s %8.3f %8.3f\n", "in a child", isolated.cpu, isolated.wall);
  if (!program.empty()) {
    std::printf("  (in a child includes %.1f ms per file: starting %s costs that more than this program)\n",
                startup_extra * 1000, program.c_str());
  }
  std::printf("  extra CPU per file %.4f s, per page %.4f s\n", extra_cpu / static_cast<double>(files.size()),
              extra_cpu / std::max(pages, 1));
  std::printf("RESULT files=%zu pages=%d inproc_cpu=%.4f child_cpu=%.4f inproc_wall=%.4f child_wall=%.4f\n",
              files.size(), pages, in_process.cpu, isolated.cpu, in_process.wall, isolated.wall);
  return 0;
}
