#include "archive/home.h"

#include <system_error>
#include <vector>

#include "archive/catalog.h"
#include "archive/storage.h"

namespace sohoa::archive {

Status InitHome(const HomeLayout& home) {
  namespace fs = std::filesystem;
  if (home.root.empty())
    return InvalidArgument("no home folder given: pass --home DIR or set SOHOA_HOME");
  SOHOA_ASSIGN_OR_RETURN(const BlobLocation blobs, LocateBlobs(home));
  SOHOA_ASSIGN_OR_RETURN(const CatalogLocation catalog_at, LocateCatalog(home));
  std::vector<fs::path> folders = {home.root, home.inbox(), home.work(), home.failed()};
  if (blobs.kind == BlobLocation::Kind::kFolder) folders.push_back(blobs.folder);
  if (catalog_at.kind == CatalogLocation::Kind::kSqlite) folders.push_back(catalog_at.sqlite_file.parent_path());
  for (const fs::path& dir : folders) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return IoError("cannot create folder " + dir.string() + ": " + ec.message());
    if (!fs::is_directory(dir, ec)) {
      return InvalidArgument(dir.string() +
                             " exists but is not a folder; move it away or choose another home");
    }
  }
  // Opening creates and migrates the catalog; an up-to-date one is untouched.
  auto catalog = OpenCatalog(home, /*create=*/true);
  if (!catalog.ok()) return catalog.status();
  // A bucket is reached now, so that a wrong key or name is told at once.
  if (blobs.kind == BlobLocation::Kind::kS3) SOHOA_RETURN_IF_ERROR(OpenBlobStore(blobs).status());
  if (home.catalog_url.empty() && home.blobs_url.empty()) return Status::Ok();
  SOHOA_ASSIGN_OR_RETURN(StorageSettings settings, ReadStorageSettings(home));
  const StorageSettings before = settings;
  if (!home.catalog_url.empty()) settings.catalog_url = home.catalog_url;
  if (!home.blobs_url.empty()) settings.blobs_url = blobs.ForDisplay();
  if (settings.catalog_url == before.catalog_url && settings.blobs_url == before.blobs_url) return Status::Ok();
  return WriteStorageSettings(home, settings);
}

bool HomeExists(const HomeLayout& home) {
  std::error_code ec;
  return std::filesystem::is_regular_file(home.catalog(), ec) ||
         std::filesystem::is_regular_file(home.root / "sohoa.toml", ec);
}

}  // namespace sohoa::archive
