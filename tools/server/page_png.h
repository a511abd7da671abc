// A page of a stored scan as a PNG for the browser, decoded through the
// isolated decoder (ocr/isolated_reader.h): the server process never parses
// a file that came from outside.
#pragma once

#include <filesystem>
#include <string>

#include "archive/blob_store.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::server {

inline constexpr int kMinImageWidth = 64;
inline constexpr int kMaxImageWidth = 2000;

// Page `source_page` (0-based) of the blob `sha256` of `blobs`, turned `rotation`
// degrees clockwise as OCR saw it, cut to `crop` (in the turned page's
// pixels, clipped to the page) when given, scaled to `width` pixels wide (0:
// its own width, at most kMaxImageWidth), as PNG bytes.
Result<std::string> PagePng(archive::BlobStore& blobs, const std::string& sha256, int source_page, int rotation,
                            int width, const Box* crop = nullptr);

}  // namespace sohoa::server
