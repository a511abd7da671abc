// How ingest opens the files it is given: in a child process with limits
// (ocr/isolated_reader.h) by default, since every scan comes from outside;
// in this process only where the caller says the files are trusted (tests,
// benchmarks that measure the decoders themselves).
#pragma once

#include <filesystem>
#include <memory>

#include "ocr/isolated_reader.h"
#include "ocr/page_source.h"
#include "schema/status.h"

namespace sohoa::ingest {

struct DecodeOptions {
  bool isolate = true;
  ocr::DecodeLimits limits;
};

// Opens `file` for reading its pages as `options` say.
Result<std::unique_ptr<ocr::PageReader>> OpenPages(const std::filesystem::path& file,
                                                   const DecodeOptions& options);

// Is `status` the service's trouble (no decoder could be started, the disk
// is full, the catalog cannot be written) rather than the file's? Such an
// error stops the batch and leaves the file to be tried again; the file's
// own faults set it aside.
bool IsServiceError(const Status& status);

}  // namespace sohoa::ingest
