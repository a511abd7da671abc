// Fuzzes the bag reader of `sohoa import` (archive::internal::CheckBagFile,
// what archive::CheckBag runs): libarchive's tar and zip readers and their
// filters, entry names and types, the tag files, manifests, METS.xml and the
// dossier JSON. Each input is written to one temporary file and checked
// against one empty catalog, both made once per process.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <system_error>

#include "archive/catalog.h"
#include "archive/internal/bag_check.h"
#include "archive/package.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace fs = std::filesystem;
using sohoa::fuzz::Require;

struct Scratch {
  fs::path dir;
  fs::path bag;
  std::unique_ptr<sohoa::archive::Catalog> catalog;
};

Scratch& TheScratch() {
  static Scratch* scratch = [] {
    auto* s = new Scratch;
    s->dir = fs::temp_directory_path() / ("sohoa-bag-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(s->dir);
    s->bag = s->dir / "bag.tar";
    auto catalog = sohoa::archive::Catalog::Open(s->dir / "catalog.db", true);
    Require(catalog.ok(), "a new catalog opens");
    s->catalog = std::move(catalog).value();
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(TheScratch().dir, ec);
    });
    return s;
  }();
  return *scratch;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > sohoa::fuzz::kMaxInputBytes) return -1;
  Scratch& scratch = TheScratch();
  {
    std::ofstream out(scratch.bag, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    Require(out.good(), "the input is written to a temporary file");
  }
  std::map<std::string, sohoa::archive::internal::PayloadFile> payload;
  const auto check = sohoa::archive::internal::CheckBagFile(*scratch.catalog, scratch.bag, payload);
  if (!check.ok()) {
    Require(!check.status().message().empty(), "a file that cannot be read says why");
    return 0;
  }
  Require(check->already_archived.empty(), "an empty home holds none of the bag's dossiers");
  Require(check->problems.size() <= 101, "at most 100 problems and a note are listed");
  for (const sohoa::archive::BagProblem& problem : check->problems) {
    Require(!problem.message.empty(), "a problem says what is wrong");
  }
  std::int64_t bytes = 0;
  for (const auto& [path, file] : payload) {
    Require(path.rfind("data/", 0) == 0, "payload lies under data/");
    bytes += file.size;
  }
  Require(check->payload_files == static_cast<std::int64_t>(payload.size()) &&
              check->payload_bytes == bytes,
          "the payload counted is the payload read");
  for (std::size_t i = 1; i < check->dossiers.size(); ++i) {
    Require(check->dossiers[i - 1] < check->dossiers[i], "dossier codes are sorted and distinct");
  }
  return 0;
}
