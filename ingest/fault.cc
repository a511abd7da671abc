#include "ingest/fault.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sohoa::ingest {
namespace {

struct Fault {
  std::string action, point, text;
  int nth = 1;
  int hits = 0;
};

std::vector<Fault>& Faults() {
  static std::vector<Fault> faults = [] {
    std::vector<Fault> out;
    const char* env = std::getenv("SOHOA_FAULT");
    std::string spec = env == nullptr ? "" : env;
    size_t start = 0;
    while (start < spec.size()) {
      size_t end = spec.find(',', start);
      if (end == std::string::npos) end = spec.size();
      std::string one = spec.substr(start, end - start);
      start = end + 1;
      Fault f;
      const size_t colon = one.find(':');
      if (colon == std::string::npos) continue;
      f.action = one.substr(0, colon);
      std::string rest = one.substr(colon + 1);
      if (size_t hash = rest.find('#'); hash != std::string::npos) {
        f.nth = std::atoi(rest.c_str() + hash + 1);
        rest.resize(hash);
      }
      if (size_t at = rest.find('@'); at != std::string::npos) {
        f.text = rest.substr(at + 1);
        rest.resize(at);
      }
      f.point = rest;
      out.push_back(f);
    }
    return out;
  }();
  return faults;
}

}  // namespace

void FaultPoint(std::string_view point, std::string_view context) {
  std::vector<Fault>& faults = Faults();
  if (faults.empty()) return;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  for (Fault& f : faults) {
    if (f.point != point || (!f.text.empty() && context.find(f.text) == std::string_view::npos)) continue;
    if (++f.hits != f.nth) continue;
    if (f.action == "kill") ::raise(SIGKILL);
    if (f.action == "crash") ::raise(SIGSEGV);
    if (f.action == "hang") {
      for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
    }
  }
}

}  // namespace sohoa::ingest
