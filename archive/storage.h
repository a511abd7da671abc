// Where a home keeps its catalog and its blobs, and the one place both are
// opened: nothing else calls Catalog::Open or builds a BlobStore from a
// folder, so a backend is chosen here and nowhere else (as leveldb's Env is
// the one door to its files).
//
// The embedded default needs no settings: <home>/catalog.db (SQLite) and
// <home>/blobs. Otherwise, first match wins:
//   1. the home's catalog_url, from --catalog or $SOHOA_CATALOG (tools/cli);
//   2. <home>/sohoa.toml:
//        [catalog]
//        url = "postgresql://sohoa@db.tinh.gov.vn/sohoa"
//        [blobs]
//        url = "/srv/sohoa-blobs"
//   3. the default.
// (Blobs likewise: --blobs or $SOHOA_BLOBS, then [blobs] in sohoa.toml,
// then <home>/blobs.)
// A catalog URL is "sqlite:PATH" (or a path ending in .db), or
// "postgresql://..." / "postgres://..." (libpq's connection URI); a blob URL
// is a folder (absolute, or relative to the home), "file:PATH", or
// "s3://bucket/prefix" (an existing bucket of an S3-compatible service; the
// endpoint, region and keys from the environment, archive/s3/s3_settings.h).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "archive/home.h"
#include "schema/status.h"

namespace sohoa::archive {

// What <home>/sohoa.toml says; an empty member is "the default".
struct StorageSettings {
  std::string catalog_url;
  std::string blobs_url;
};

// Reads <home>/sohoa.toml: sections [catalog] and [blobs], each with
// url = "...", comments after #. No file is the defaults. InvalidArgument
// naming the line and what it accepts for anything else, so a typo never
// silently means "the default".
Result<StorageSettings> ReadStorageSettings(const HomeLayout& home);

// Writes <home>/sohoa.toml with `settings` (durably, replacing it).
Status WriteStorageSettings(const HomeLayout& home, const StorageSettings& settings);

struct CatalogLocation {
  enum class Kind { kSqlite, kPostgres };
  Kind kind = Kind::kSqlite;
  std::filesystem::path sqlite_file;  // kSqlite
  std::string postgres_url;           // kPostgres, as given (a password included)
  // Where the choice was made: "--catalog", "SOHOA_CATALOG",
  // "<home>/sohoa.toml", or "" for the default.
  std::string chosen_by;
  // For messages and logs: the file, or the URL without its password.
  std::string ForDisplay() const;
};

// Parses a catalog URL; a relative SQLite path is taken from `folder` (the
// home's root for a URL from its settings). InvalidArgument saying which
// forms exist for anything else.
Result<CatalogLocation> ParseCatalogUrl(std::string_view url, const std::filesystem::path& folder);

// `url` with a relative SQLite path made absolute from `folder` ("sqlite:"
// and the path), so that it means the same file from anywhere: what the
// command line records for a path typed where it runs. Any other URL, or
// one that does not parse (opening it will say why), comes back as it is.
std::string AbsoluteCatalogUrl(std::string_view url, const std::filesystem::path& folder);

// Where `home`'s catalog is, by the order above.
Result<CatalogLocation> LocateCatalog(const HomeLayout& home);

struct BlobLocation {
  enum class Kind { kFolder, kS3 };
  Kind kind = Kind::kFolder;
  std::filesystem::path folder;  // kFolder
  std::string s3_url;            // kS3: "s3://bucket/prefix"
  // Where the choice was made: "--blobs", "SOHOA_BLOBS",
  // "<home>/sohoa.toml", or "" for the default.
  std::string chosen_by;
  // For messages: the folder or the URL.
  std::string ForDisplay() const;
};

// Parses a blob URL, a relative folder taken from `folder`. InvalidArgument
// saying which forms exist for anything else (`chosen_by` names where it
// was given).
Result<BlobLocation> ParseBlobUrl(std::string_view url, const std::filesystem::path& folder,
                                  const std::string& chosen_by);

// Where `home`'s blobs are, by the order above.
Result<BlobLocation> LocateBlobs(const HomeLayout& home);

// Opens (and migrates) `home`'s catalog; creates an SQLite one if `create`.
// NotFound when there is none and !create; Unsupported for a backend this
// build does not have, saying which it has; otherwise as Catalog::Open.
Result<std::unique_ptr<Catalog>> OpenCatalog(const HomeLayout& home, bool create = false);

// `home`'s blob store. For S3, the bucket is reached once (NotFound,
// PermissionDenied or Unavailable, saying what to check, when it cannot be).
Result<std::unique_ptr<BlobStore>> OpenBlobStore(const HomeLayout& home);
// The store at `location`.
Result<std::unique_ptr<BlobStore>> OpenBlobStore(const BlobLocation& location);

}  // namespace sohoa::archive
