// Builds an archive home of synthetic dossiers for tools/bench/export_bench.sh:
// incompressible blobs the size of scans and searchable PDFs, stored through
// the archive API as ingest would (no OCR), until the store holds the
// requested number of megabytes.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <random>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "archive/storage.h"
#include "archive/home.h"
#include "schema/dossier.h"

namespace {

using namespace sohoa;

std::string Bytes(std::mt19937_64& rng, std::size_t n) {
  std::string out(n, '\0');
  for (std::size_t i = 0; i + 8 <= n; i += 8) {
    std::uint64_t v = rng();
    std::memcpy(&out[i], &v, 8);
  }
  return out;
}

int Run(const std::string& root, int megabytes, int scan_kb, unsigned seed) {
  archive::HomeLayout home{root};
  if (Status s = archive::InitHome(home); !s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 4;
  }
  auto catalog = archive::OpenCatalog(home);
  if (!catalog.ok()) {
    std::cerr << catalog.status().ToString() << "\n";
    return 4;
  }
  auto opened_blobs = archive::OpenBlobStore(home);
  if (!opened_blobs.ok()) {
    std::cerr << opened_blobs.status().ToString() << "\n";
    return 4;
  }
  archive::BlobStore& blobs = **opened_blobs;
  std::mt19937_64 rng(seed);
  const std::int64_t target = static_cast<std::int64_t>(megabytes) << 20;
  std::int64_t stored = 0;
  int dossiers = 0;
  while (stored < target) {
    DossierRecord d;
    char code[64];
    std::snprintf(code, sizeof code, "000.31.22.H32-%02d%02d%02d-%04d", 23,
                  1 + dossiers / 2800 % 12, 1 + dossiers / 100 % 28, dossiers % 100 + 1);
    d.code = code;
    d.code_source = kSourceBarcode;
    d.agency_code = "000.31.22.H32";
    d.procedure_code = "1.001193";
    d.procedure_name = "Thủ tục đăng ký khai sinh";
    d.field = "Hộ tịch";
    d.procedure_confidence = 0.9f;
    d.applicant = "NGUYỄN VĂN BÌNH";
    for (const char* kind : {kKindReceipt, kKindForm, kKindIdCopy, kKindResult}) {
      // Scans vary around their typical size; the PDF wraps the same image.
      std::size_t size = static_cast<std::size_t>(scan_kb) * 1024 * (50 + rng() % 100) / 100;
      auto original = blobs.PutBytes(Bytes(rng, size));
      auto pdf = blobs.PutBytes(Bytes(rng, size + 4096));
      if (!original.ok() || !pdf.ok()) {
        std::cerr << (original.ok() ? pdf.status() : original.status()).ToString() << "\n";
        return 4;
      }
      stored += static_cast<std::int64_t>(2 * size + 4096);
      DocumentRecord doc;
      doc.kind = kind;
      doc.title = kind;
      doc.source_sha256 = *original;
      doc.source_name = std::string(kind) + ".jpg";
      doc.media_type = "image/jpeg";
      doc.source_bytes = static_cast<std::int64_t>(size);
      doc.pdf_sha256 = *pdf;
      PageRecord page;
      page.number = 1;
      page.image_sha256 = *original;
      page.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc";
      page.confidence = 90;
      page.dpi = 300;
      page.width = 2480;
      page.height = 3508;
      page.words = {{"CỘNG", {100, 100, 120, 40}, 95.0f}, {"HÒA", {230, 100, 90, 40}, 94.0f}};
      doc.pages.push_back(std::move(page));
      d.documents.push_back(std::move(doc));
    }
    auto added = (*catalog)->StoreDossier(d);
    if (!added.ok()) {
      std::cerr << added.status().ToString() << "\n";
      return 4;
    }
    ++dossiers;
  }
  std::printf("%d dossiers, %lld bytes of blobs\n", dossiers, static_cast<long long>(stored));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Fills an archive home with synthetic dossiers for the export benchmark"};
  std::string home;
  int megabytes = 300;
  int scan_kb = 600;
  unsigned seed = 1;
  app.add_option("--home", home, "The home to create")->required();
  app.add_option("--megabytes", megabytes, "Stop once the blobs hold this many MB")
      ->check(CLI::PositiveNumber);
  app.add_option("--scan-kb", scan_kb, "Typical size of one scan, KB (default 600)")
      ->check(CLI::PositiveNumber);
  app.add_option("--seed", seed, "Random seed");
  CLI11_PARSE(app, argc, argv);
  return Run(home, megabytes, scan_kb, seed);
}
