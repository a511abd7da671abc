#include "archive/internal/dossier_files.h"

#include <cstring>
#include <map>
#include <set>

#include "archive/internal/bag_text.h"
#include "archive/package.h"

namespace sohoa::archive {
namespace {

using internal::AsciiLower;

// Longest file name kept as it arrived, in bytes; most file systems stop at 255.
constexpr std::size_t kMaxNameBytes = 180;

bool ValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

std::string ExtensionFor(const std::string& media_type) {
  static const std::map<std::string, std::string> kExtensions = {
      {"image/jpeg", ".jpg"},      {"image/png", ".png"}, {"image/tiff", ".tif"},
      {"application/pdf", ".pdf"}, {"image/jp2", ".jp2"}, {"image/bmp", ".bmp"}};
  auto it = kExtensions.find(media_type);
  return it == kExtensions.end() ? "" : it->second;
}

// Position of the extension's dot, or npos (a leading dot is not one).
std::size_t ExtensionDot(const std::string& name) {
  std::size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? std::string::npos : dot;
}

// The original's name as it arrived, made safe for every file system and
// zip reader; `fallback` when nothing usable is left.
std::string SafeName(const std::string& source_name, const std::string& fallback) {
  std::string name = source_name.substr(source_name.find_last_of("/\\") + 1);
  if (!ValidUtf8(name)) return fallback;
  for (char& c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || std::strchr("<>:\"|?*", c) != nullptr) c = '_';
  }
  // Windows drops trailing dots and spaces.
  while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.pop_back();
  while (!name.empty() && name.front() == ' ') name.erase(name.begin());
  if (name.empty() || name.size() > kMaxNameBytes) return fallback;
  static const std::set<std::string> kDeviceNames = {
      "con",  "prn",  "aux",  "nul",  "com1", "com2", "com3", "com4", "com5", "com6", "com7",
      "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9"};
  if (kDeviceNames.count(AsciiLower(name.substr(0, ExtensionDot(name))))) name = "_" + name;
  return name;
}

// Takes `name`, or name-2, name-3, ... before the extension, whichever is
// free ignoring ASCII case (zip files are often unpacked on Windows).
std::string Claim(const std::string& name, std::set<std::string>& taken) {
  std::string candidate = name;
  std::size_t dot = ExtensionDot(name);
  std::string stem = name.substr(0, dot), ext = dot == std::string::npos ? "" : name.substr(dot);
  for (int k = 2; taken.count(AsciiLower(candidate)); ++k) {
    candidate = stem + "-" + std::to_string(k) + ext;
  }
  taken.insert(AsciiLower(candidate));
  return candidate;
}

}  // namespace

namespace internal {

std::string AsciiLower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

bool IsSafeFolderName(const std::string& code) {
  return !code.empty() && code.find('/') == std::string::npos && PathProblem(code).empty() &&
         ValidUtf8(code) && code.size() <= kMaxNameBytes;
}

}  // namespace internal

std::vector<DossierFile> DossierFiles(const DossierRecord& d) {
  std::set<std::string> taken = {AsciiLower(std::string(kMetsFileName)),
                                 AsciiLower(MetadataFileName(d))};
  std::vector<DossierFile> pdfs, originals, images;
  for (std::size_t i = 0; i < d.documents.size(); ++i) {
    const DocumentRecord& doc = d.documents[i];
    if (doc.pdf_sha256.empty()) continue;
    DossierFile f;
    f.name = Claim(d.code + "." + std::to_string(i + 1) + ".pdf", taken);
    f.sha256 = doc.pdf_sha256;
    f.media_type = "application/pdf";
    f.use = DossierFile::Use::kSearchablePdf;
    f.document = static_cast<int>(i + 1);
    pdfs.push_back(std::move(f));
  }
  std::set<std::string> sources;
  for (std::size_t i = 0; i < d.documents.size(); ++i) {
    const DocumentRecord& doc = d.documents[i];
    if (doc.source_sha256.empty() || !sources.insert(AsciiLower(doc.source_sha256)).second)
      continue;
    DossierFile f;
    std::string fallback = "original-" + std::to_string(i + 1) + ExtensionFor(doc.media_type);
    f.name = Claim(SafeName(doc.source_name, fallback), taken);
    f.sha256 = doc.source_sha256;
    f.media_type = doc.media_type;
    f.use = DossierFile::Use::kOriginal;
    f.document = static_cast<int>(i + 1);
    f.source_name = doc.source_name;
    originals.push_back(std::move(f));
  }
  std::set<std::string> seen_images;
  for (std::size_t i = 0; i < d.documents.size(); ++i) {
    for (const PageRecord& page : d.documents[i].pages) {
      std::string sha = AsciiLower(page.image_sha256);
      if (sha.empty() || sources.count(sha) || !seen_images.insert(sha).second) continue;
      DossierFile f;
      f.name =
          Claim(d.code + "." + std::to_string(i + 1) + ".p" + std::to_string(page.number), taken);
      f.sha256 = page.image_sha256;
      f.use = DossierFile::Use::kPageImage;
      f.document = static_cast<int>(i + 1);
      images.push_back(std::move(f));
    }
  }
  std::vector<DossierFile> out = std::move(originals);
  for (auto& f : pdfs) out.push_back(std::move(f));
  for (auto& f : images) out.push_back(std::move(f));
  return out;
}

}  // namespace sohoa::archive
