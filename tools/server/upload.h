// Uploaded scans into the watched inbox, as if copied there by hand: one
// folder per upload, written under a hidden name (the watcher never takes
// hidden entries), completed with the watcher's `.ready` marker and then
// renamed into place in one step, so `sohoa watch` takes it whole or not
// at all. Names pass the checks the inbox applies to what staff copy in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "archive/home.h"
#include "schema/status.h"

namespace sohoa::server {

struct UploadFile {
  std::string name;             // as sent: "scan.pdf" or "folder/scan.pdf"
  const std::string* bytes;     // not owned
};

struct UploadResult {
  std::string folder;  // the inbox entry made, "" when nothing was accepted
  struct Accepted {
    std::string name;
    std::int64_t bytes = 0;
  };
  struct Rejected {
    std::string name;
    std::string error;  // in the server's language
  };
  std::vector<Accepted> accepted;
  std::vector<Rejected> rejected;
};

// Is `name` a relative path of at most 8 parts, none empty, ".", "..",
// hidden (".x"), a partial download (*.part, *.crdownload, *.tmp), longer
// than 200 bytes, or holding a control character, '\' or ':'?
bool IsAcceptableUploadName(std::string_view name);

// Writes the acceptable files into a new inbox folder. With `book` (an id of
// letters, digits, '.', '-', '_'), the folder holding the files is marked as
// that civil-status register book (ingest/books.h kBookMarker), so the
// watcher cuts its pages into rows for keying whatever they look like; the
// files must then lie in one folder. IoError when the inbox cannot be
// written.
Result<UploadResult> WriteUpload(const archive::HomeLayout& home, const std::string& user,
                                 const std::vector<UploadFile>& files, const std::string& book = "");

}  // namespace sohoa::server
