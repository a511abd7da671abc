// What OCR made of each page of a claimed entry, kept in its claim folder
// (<home>/work/<claim>/.pages/<file sha256>/<page>), so that a run killed
// 250 pages into a 300-page stack goes on from page 251 instead of reading
// them all again. Only a cache: a missing or damaged record is read again,
// and it goes when the claim is released.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "ocr/engine_pool.h"

namespace sohoa::ingest {

class PageCache {
 public:
  explicit PageCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // The recognition of page `index` (0-based) of the file with these bytes,
  // without its encoded image, when a run kept it.
  std::optional<ocr::RecognizedPage> Load(const std::string& sha256, int index) const;
  // Keeps it (best effort: a cache that cannot be written costs time, not data).
  void Store(const std::string& sha256, int index, const ocr::RecognizedPage& page) const;
  // Pages kept in all: a claim's progress.
  int Count() const;

 private:
  std::filesystem::path dir_;
};

}  // namespace sohoa::ingest
