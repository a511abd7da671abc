// Writes page images the way scanners store them: JPEG and PNG files, and
// multi-page TIFF (CCITT G4 for bi-level pages, LZW or ZIP for grey).
#pragma once

#include <filesystem>
#include <string>

#include "schema/status.h"
#include "tools/gen/pix_ptr.h"

namespace sohoa::gen {

enum class TiffCompression { kG4, kLzw, kZip };

// The JPEG bytes of `pix` at `quality` (1..100), baseline, with its dpi.
Result<std::string> EncodeJpeg(Pix* pix, int quality);
Result<std::string> EncodePng(Pix* pix);

// Appends `pix` as the next page of the TIFF at `path`; `first` truncates.
Status AppendTiffPage(const std::filesystem::path& path, Pix* pix, TiffCompression compression,
                      bool first);

Status WriteFileBytes(const std::filesystem::path& path, const std::string& bytes);

}  // namespace sohoa::gen
