#include "ingest/decoding.h"

namespace sohoa::ingest {

Result<std::unique_ptr<ocr::PageReader>> OpenPages(const std::filesystem::path& file,
                                                   const DecodeOptions& options) {
  if (options.isolate) return ocr::OpenIsolated(file, options.limits);
  return ocr::PageReader::Open(file);
}

bool IsServiceError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kUnavailable:
    case StatusCode::kIoError:
    case StatusCode::kInternal:
      return true;
    default:
      return false;
  }
}

}  // namespace sohoa::ingest
