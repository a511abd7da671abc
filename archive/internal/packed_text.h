// Values the catalog keeps in one text column whatever the backend: a page's
// barcodes, and a classifier example's terms. Internal to archive/.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "schema/dossier.h"

namespace sohoa::archive::internal {

// Barcodes as "format\ttext\tx,y,w,h" lines: few per page, read rarely.
// Tabs and newlines inside a code's text become spaces.
std::string PackBarcodes(const std::vector<BarcodeRecord>& barcodes);
// The barcodes PackBarcodes wrote; malformed lines are skipped.
std::vector<BarcodeRecord> UnpackBarcodes(const std::string& packed);

// A classifier example's terms as "term\tcount" lines, and back.
std::string PackTerms(const std::vector<std::pair<std::string, int>>& terms);
std::vector<std::pair<std::string, int>> UnpackTerms(const std::string& packed);

}  // namespace sohoa::archive::internal
