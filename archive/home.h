// The archive home: one folder holding everything sohoa keeps.
//   <home>/catalog.db  <home>/blobs/sha256/..  <home>/inbox  <home>/work  <home>/failed
//   <home>/sohoa.toml  where the catalog and blobs are when not there
//                      (archive/storage.h opens both)
#pragma once

#include <filesystem>
#include <string>

#include "schema/status.h"

namespace sohoa::archive {

struct HomeLayout {
  std::filesystem::path root;
  // The catalog as chosen on the command line or in the environment
  // (--catalog, $SOHOA_CATALOG), and which of the two chose it; empty: the
  // home's sohoa.toml, else catalog() (archive/storage.h).
  std::string catalog_url{};
  std::string catalog_url_from{};
  // The blob store likewise (--blobs, $SOHOA_BLOBS).
  std::string blobs_url{};
  std::string blobs_url_from{};
  // The default places; archive/storage.h says where they really are.
  std::filesystem::path catalog() const { return root / "catalog.db"; }
  std::filesystem::path blobs() const { return root / "blobs"; }
  std::filesystem::path inbox() const { return root / "inbox"; }
  std::filesystem::path work() const { return root / "work"; }
  std::filesystem::path failed() const { return root / "failed"; }
};

// Creates the folders and an empty, migrated catalog where the home's
// settings put it; an existing home is left as it is (idempotent). A catalog
// chosen by home.catalog_url is recorded in <home>/sohoa.toml, so that every
// later command finds it.
Status InitHome(const HomeLayout& home);

// True when `root` holds a catalog.db or a sohoa.toml.
bool HomeExists(const HomeLayout& home);

}  // namespace sohoa::archive
