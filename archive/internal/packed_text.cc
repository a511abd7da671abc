#include "archive/internal/packed_text.h"

#include <cstdio>
#include <cstdlib>

namespace sohoa::archive::internal {

std::string PackBarcodes(const std::vector<BarcodeRecord>& barcodes) {
  std::string out;
  for (const auto& b : barcodes) {
    std::string text = b.text;
    for (char& c : text) {
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    out += b.format + "\t" + text + "\t" + std::to_string(b.box.x) + "," + std::to_string(b.box.y) + "," +
           std::to_string(b.box.w) + "," + std::to_string(b.box.h) + "\n";
  }
  return out;
}

std::vector<BarcodeRecord> UnpackBarcodes(const std::string& packed) {
  std::vector<BarcodeRecord> out;
  size_t start = 0;
  while (start < packed.size()) {
    size_t end = packed.find('\n', start);
    if (end == std::string::npos) end = packed.size();
    std::string line = packed.substr(start, end - start);
    start = end + 1;
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string::npos ? std::string::npos : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) continue;
    BarcodeRecord b;
    b.format = line.substr(0, t1);
    b.text = line.substr(t1 + 1, t2 - t1 - 1);
    if (std::sscanf(line.c_str() + t2 + 1, "%d,%d,%d,%d", &b.box.x, &b.box.y, &b.box.w, &b.box.h) != 4) continue;
    out.push_back(std::move(b));
  }
  return out;
}

std::string PackTerms(const std::vector<std::pair<std::string, int>>& terms) {
  std::string out;
  for (const auto& [term, count] : terms) out += term + "\t" + std::to_string(count) + "\n";
  return out;
}

std::vector<std::pair<std::string, int>> UnpackTerms(const std::string& packed) {
  std::vector<std::pair<std::string, int>> out;
  size_t start = 0;
  while (start < packed.size()) {
    size_t end = packed.find('\n', start);
    if (end == std::string::npos) end = packed.size();
    size_t tab = packed.find('\t', start);
    if (tab != std::string::npos && tab < end) {
      out.emplace_back(packed.substr(start, tab - start),
                       std::atoi(packed.substr(tab + 1, end - tab - 1).c_str()));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace sohoa::archive::internal
