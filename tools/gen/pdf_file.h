// Image-only PDFs, as a scanner writes them: one JPEG per page, embedded
// as-is (DCTDecode, no re-encoding), the page as large as the image at its dpi.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "schema/status.h"

namespace sohoa::gen {

struct PdfPageImage {
  std::string jpeg;  // the file's bytes
  int width = 0, height = 0, dpi = 0;
};

// `pdf_date` ("D:20230620081500+07'00'") is written as both creation and
// modification date so that the file depends only on its inputs.
Status WriteImagePdf(const std::filesystem::path& path, const std::vector<PdfPageImage>& pages,
                     const std::string& title, const std::string& pdf_date);

}  // namespace sohoa::gen
