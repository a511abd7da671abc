// Packages, the writing side: the metadata a package carries and ExportBag.
// The dossier folder's file names are in internal/dossier_files.cc, its JSON
// in internal/dossier_json.cc, reading a bag back in internal/bag_check.cc
// and internal/package_import.cc.
#include "archive/storage.h"
#include "archive/package.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <set>

#include "archive/blob_store.h"
#include "archive/internal/bag_archive.h"
#include "archive/internal/bag_text.h"
#include "archive/internal/dossier_files.h"
#include "archive/internal/mets.h"
#include "archive/internal/package_events.h"
#include "archive/internal/sha256.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;
using internal::AsciiLower;
using internal::IsSafeFolderName;
using internal::MetsFile;

constexpr std::size_t kChunkBytes = 1 << 20;

std::string Today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &local);
  return text;
}

// A bag-info.txt value on one line.
std::string OneLine(std::string value) {
  for (char& c : value) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return value;
}

std::string HumanSize(std::int64_t bytes) {
  char text[32];
  if (bytes >= (1LL << 30)) {
    std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / (1LL << 30));
  } else if (bytes >= (1LL << 20)) {
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1LL << 20));
  } else {
    std::snprintf(text, sizeof text, "%.1f KB", static_cast<double>(bytes) / 1024);
  }
  return text;
}

// The file being written; removed unless the export completed.
class PartFile {
 public:
  explicit PartFile(fs::path path) : path_(std::move(path)) {}
  ~PartFile() {
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove(path_, ec);
    }
  }
  const fs::path& path() const { return path_; }
  // fsync, then rename onto `target`: the bag appears whole or not at all.
  Status MoveTo(const fs::path& target) {
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
      int err = errno;
      if (fd >= 0) ::close(fd);
      return IoError("cannot flush " + path_.string() + " to disk: " + std::strerror(err));
    }
    ::close(fd);
    if (::rename(path_.c_str(), target.c_str()) != 0) {
      return IoError("cannot rename " + path_.string() + " to " + target.string() + ": " +
                     std::strerror(errno));
    }
    path_.clear();
    return Status::Ok();
  }

 private:
  fs::path path_;
};

struct StatedFile {
  DossierFile file;
  std::int64_t size = 0;
};

// Every blob of the dossier is there before any of its bytes are written.
Result<std::vector<StatedFile>> StatFiles(BlobStore& blobs, const DossierRecord& d) {
  std::vector<StatedFile> out;
  for (DossierFile& f : DossierFiles(d)) {
    Result<std::int64_t> size = blobs.Size(f.sha256);
    if (!size.ok() && size.status().code() != StatusCode::kNotFound &&
        size.status().code() != StatusCode::kInvalidArgument) {
      return size.status().WithContext("dossier " + d.code + ": blob " + f.sha256 + " (" + f.name + ")");
    }
    if (!size.ok()) {
      return NotFound("dossier " + d.code + ": blob " + f.sha256 + " (" + f.name +
                      ") is missing from the store; run 'sohoa verify'");
    }
    out.push_back({std::move(f), *size});
  }
  return out;
}

// Streams one blob into the open entry; checks its size and, if asked, its
// hash against its address.
Status StreamBlob(BlobStore& blobs, internal::ArchiveWriter& writer, const StatedFile& f, bool verify,
                  std::vector<char>& buffer) {
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<BlobReader> reader, blobs.Open(f.file.sha256));
  internal::Sha256 hash;
  std::int64_t total = 0;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(std::size_t n, reader->Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    total += static_cast<std::int64_t>(n);
    if (total > f.size) break;
    if (verify) hash.Update(buffer.data(), n);
    SOHOA_RETURN_IF_ERROR(writer.Write(buffer.data(), n));
  }
  if (total != f.size) {
    return Corrupt("blob " + f.file.sha256 +
                   " changed size while it was exported; run 'sohoa verify'");
  }
  if (verify && hash.HexDigest() != AsciiLower(f.file.sha256)) {
    return Corrupt("blob " + f.file.sha256 + " (" + f.file.name +
                   ") no longer matches its checksum; run 'sohoa verify'");
  }
  return Status::Ok();
}

MetsFile::Group GroupOf(DossierFile::Use use) {
  switch (use) {
    case DossierFile::Use::kOriginal:
      return MetsFile::Group::kOriginal;
    case DossierFile::Use::kSearchablePdf:
      return MetsFile::Group::kSearchablePdf;
    case DossierFile::Use::kPageImage:
      return MetsFile::Group::kPageImage;
  }
  return MetsFile::Group::kOriginal;
}

}  // namespace

Result<ArchivalMetadata> ArchivalMetadataOf(Catalog& catalog, const DossierRecord& dossier) {
  SOHOA_ASSIGN_OR_RETURN(std::optional<Procedure> procedure, catalog.FindProcedure(dossier.procedure_code));
  if (!procedure) return BuildArchivalMetadata(dossier, nullptr, "");
  return BuildArchivalMetadata(dossier, &*procedure, procedure->retention);
}

Result<BagFormat> BagFormatFor(const fs::path& file) {
  std::string name = AsciiLower(file.filename().string());
  auto ends = [&name](std::string_view suffix) {
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends(".zip")) return BagFormat::kZip;
  if (ends(".tar")) return BagFormat::kTar;
  if (ends(".tar.gz") || ends(".tgz")) return BagFormat::kTarGz;
  if (ends(".tar.zst") || ends(".tzst")) return BagFormat::kTarZst;
  return InvalidArgument(file.string() +
                         ": a package file must end in .zip, .tar, .tar.gz or .tar.zst");
}

std::string BagNameFor(const fs::path& file) {
  std::string name = file.filename().string();
  for (std::string_view suffix : {".tar.gz", ".tar.zst", ".tgz", ".tzst", ".tar", ".zip"}) {
    if (name.size() > suffix.size() &&
        AsciiLower(name.substr(name.size() - suffix.size())) == suffix) {
      return name.substr(0, name.size() - suffix.size());
    }
  }
  return name;
}

Result<ExportSummary> ExportBag(const HomeLayout& home, Catalog& catalog,
                                const std::vector<std::string>& codes, const fs::path& out,
                                const ExportOptions& options) {
  if (codes.empty()) return InvalidArgument("no dossier to export: the selection is empty");
  SOHOA_ASSIGN_OR_RETURN(BagFormat format, BagFormatFor(out));
  const std::string bag = BagNameFor(out);
  if (!IsSafeFolderName(bag) || bag.front() == '.') {
    return InvalidArgument(out.string() +
                           ": the file name (without extension) names the bag's "
                           "folder; choose a plain name such as chuyen-giao-2024.tar");
  }
  std::error_code ec;
  if (fs::exists(out, ec)) {
    return AlreadyExists(out.string() + " exists already; choose another name or remove it");
  }
  std::vector<std::string> selection = codes;
  std::sort(selection.begin(), selection.end());
  selection.erase(std::unique(selection.begin(), selection.end()), selection.end());

  fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  PartFile part(parent / ("." + out.filename().string() + ".part"));
  SOHOA_ASSIGN_OR_RETURN(internal::ArchiveWriter writer,
                         internal::ArchiveWriter::Create(part.path(), format, std::time(nullptr)));
  const std::string top = bag + "/";
  SOHOA_RETURN_IF_ERROR(writer.AddDirectory(top));
  SOHOA_RETURN_IF_ERROR(writer.AddFile(top + "bagit.txt", internal::kBagitTxt));
  SOHOA_RETURN_IF_ERROR(writer.AddDirectory(top + "data/"));

  SOHOA_ASSIGN_OR_RETURN(const std::unique_ptr<BlobStore> store, OpenBlobStore(home));
  BlobStore& blobs = *store;
  std::vector<char> buffer(kChunkBytes);
  std::string manifest;
  ExportSummary summary;
  summary.bag_name = bag;
  std::set<std::string> agencies;
  auto add_line = [&](const std::string& sha, const std::string& path, std::int64_t size) {
    manifest += AsciiLower(sha) + "  " + internal::EncodeManifestPath(path) + "\n";
    ++summary.payload_files;
    summary.payload_bytes += size;
  };

  for (const std::string& code : selection) {
    SOHOA_ASSIGN_OR_RETURN(std::optional<DossierRecord> found, catalog.FindDossier(code));
    if (!found) return NotFound("no dossier with code " + code);
    const DossierRecord& d = *found;
    if (!IsSafeFolderName(d.code)) {
      return InvalidArgument("dossier code '" + d.code + "' cannot name a folder in a package");
    }
    SOHOA_ASSIGN_OR_RETURN(std::vector<StatedFile> files, StatFiles(blobs, d));
    SOHOA_ASSIGN_OR_RETURN(ArchivalMetadata metadata, ArchivalMetadataOf(catalog, d));
    SOHOA_ASSIGN_OR_RETURN(std::vector<internal::PremisEvent> events,
                           internal::PremisEventsOf(catalog, d.code));
    const std::string json = DossierJson(d, &metadata, /*with_words=*/true);

    std::vector<MetsFile> mets_files;
    for (const StatedFile& f : files) {
      mets_files.push_back({f.file.name, AsciiLower(f.file.sha256), f.size, f.file.media_type,
                            GroupOf(f.file.use), f.file.document, f.file.source_name});
    }
    mets_files.push_back({MetadataFileName(d), Sha256OfBytes(json),
                          static_cast<std::int64_t>(json.size()), "application/json",
                          MetsFile::Group::kMetadata, 0, ""});
    const std::string mets = internal::MetsXml(d, metadata, mets_files, events);

    const std::string folder = "data/" + d.code + "/";
    SOHOA_RETURN_IF_ERROR(writer.AddDirectory(top + folder));
    SOHOA_RETURN_IF_ERROR(writer.AddFile(top + folder + std::string(kMetsFileName), mets));
    add_line(Sha256OfBytes(mets), folder + std::string(kMetsFileName),
             static_cast<std::int64_t>(mets.size()));
    SOHOA_RETURN_IF_ERROR(writer.AddFile(top + folder + MetadataFileName(d), json));
    add_line(mets_files.back().sha256, folder + MetadataFileName(d),
             static_cast<std::int64_t>(json.size()));
    for (const StatedFile& f : files) {
      SOHOA_RETURN_IF_ERROR(writer.BeginFile(top + folder + f.file.name, f.size));
      Status streamed = StreamBlob(blobs, writer, f, options.verify_blobs, buffer);
      if (!streamed.ok()) return streamed.WithContext("dossier " + d.code);
      add_line(f.file.sha256, folder + f.file.name, f.size);
    }
    if (!d.agency_code.empty()) agencies.insert(d.agency_code);
    ++summary.dossiers;
  }

  std::string info;
  std::string organization = options.source_organization;
  if (organization.empty()) {
    // The receiving agencies the dossiers' codes name (QĐ 20/2020 codes).
    int listed = 0;
    for (const std::string& agency : agencies) {
      if (++listed > 5) {
        organization += " and " + std::to_string(agencies.size() - 5) + " more";
        break;
      }
      organization += (organization.empty() ? "" : ", ") + agency;
    }
  }
  if (!organization.empty()) info += "Source-Organization: " + OneLine(organization) + "\n";
  info += "Bagging-Date: " + Today() + "\n";
  info += "Bag-Software-Agent: sohoa\n";
  if (!options.description.empty()) {
    info += "External-Description: " + OneLine(options.description) + "\n";
  }
  info += "Payload-Oxum: " + std::to_string(summary.payload_bytes) + "." +
          std::to_string(summary.payload_files) + "\n";
  info += "Bag-Size: " + HumanSize(summary.payload_bytes) + "\n";
  info += "Bag-Count: 1 of 1\n";
  const std::string tagmanifest = Sha256OfBytes(internal::kBagitTxt) + "  bagit.txt\n" +
                                  Sha256OfBytes(info) + "  bag-info.txt\n" +
                                  Sha256OfBytes(manifest) + "  manifest-sha256.txt\n";
  SOHOA_RETURN_IF_ERROR(writer.AddFile(top + "manifest-sha256.txt", manifest));
  SOHOA_RETURN_IF_ERROR(writer.AddFile(top + "bag-info.txt", info));
  SOHOA_RETURN_IF_ERROR(writer.AddFile(top + "tagmanifest-sha256.txt", tagmanifest));
  SOHOA_RETURN_IF_ERROR(writer.Close());
  SOHOA_RETURN_IF_ERROR(part.MoveTo(out));

  SOHOA_RETURN_IF_ERROR(internal::LogExports(catalog, selection, options.actor,
                                             "bag " + bag + " (" + out.filename().string() + ", " +
                                                 std::to_string(summary.dossiers) + " dossiers)")
                            .WithContext(out.string() + " is complete, but the export events"));
  return summary;
}

}  // namespace sohoa::archive
