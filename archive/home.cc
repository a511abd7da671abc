#include "archive/home.h"

#include <system_error>

#include "archive/catalog.h"

namespace sohoa::archive {

Status InitHome(const HomeLayout& home) {
  namespace fs = std::filesystem;
  if (home.root.empty())
    return InvalidArgument("no home folder given: pass --home DIR or set SOHOA_HOME");
  for (const fs::path& dir : {home.root, home.blobs(), home.inbox(), home.work(), home.failed()}) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return IoError("cannot create folder " + dir.string() + ": " + ec.message());
    if (!fs::is_directory(dir, ec)) {
      return InvalidArgument(dir.string() +
                             " exists but is not a folder; move it away or choose another home");
    }
  }
  // Opening creates and migrates the catalog; an up-to-date one is untouched.
  auto catalog = Catalog::Open(home.catalog(), /*create=*/true);
  if (!catalog.ok()) return catalog.status();
  return Status::Ok();
}

bool HomeExists(const HomeLayout& home) {
  std::error_code ec;
  return std::filesystem::is_regular_file(home.catalog(), ec);
}

}  // namespace sohoa::archive
