// The archive home: one folder holding everything sohoa keeps.
//   <home>/catalog.db  <home>/blobs/sha256/..  <home>/inbox  <home>/work  <home>/failed
#pragma once

#include <filesystem>

#include "schema/status.h"

namespace sohoa::archive {

struct HomeLayout {
  std::filesystem::path root;
  std::filesystem::path catalog() const { return root / "catalog.db"; }
  std::filesystem::path blobs() const { return root / "blobs"; }
  std::filesystem::path inbox() const { return root / "inbox"; }
  std::filesystem::path work() const { return root / "work"; }
  std::filesystem::path failed() const { return root / "failed"; }
};

// Creates the folders and an empty, migrated catalog; an existing home is
// left as it is (idempotent).
Status InitHome(const HomeLayout& home);

// True when `root` holds a catalog.db.
bool HomeExists(const HomeLayout& home);

}  // namespace sohoa::archive
