// Packages, the reading side: CheckBag reads a bag once and takes nothing
// (internal/bag_check.cc); ImportBag, when the bag is valid, reads it a
// second time and takes it.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "archive/storage.h"
#include "archive/blob_store.h"
#include "archive/internal/bag_archive.h"
#include "archive/internal/bag_check.h"
#include "archive/internal/mets.h"
#include "archive/internal/package_events.h"
#include "archive/package.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;
using internal::ArchiveReader;
using internal::BlobsOf;
using internal::DossierPart;
using internal::EntryData;
using internal::PayloadFile;
using internal::PremisEvent;
using internal::ReadEntry;

// Copies the current entry into the blob store through a temporary file in
// the work area; returns the stored address.
Result<std::string> PutEntry(ArchiveReader& reader, BlobStore& blobs, const fs::path& work,
                             std::vector<char>& buffer) {
  std::error_code ec;
  fs::create_directories(work, ec);
  std::string name = (work / ".import-XXXXXX.part").string();
  int fd = ::mkostemps(name.data(), 5, O_CLOEXEC);
  if (fd < 0)
    return IoError("cannot create a temporary file in " + work.string() + ": " +
                   std::strerror(errno));
  struct Cleanup {
    int fd;
    std::string path;
    ~Cleanup() {
      if (fd >= 0) ::close(fd);
      ::unlink(path.c_str());
    }
  } cleanup{fd, name};
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(std::size_t n, reader.Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    const char* data = buffer.data();
    while (n > 0) {
      ssize_t written = ::write(fd, data, n);
      if (written < 0) {
        if (errno == EINTR) continue;
        return IoError("cannot write " + name + ": " + std::strerror(errno));
      }
      data += written;
      n -= static_cast<std::size_t>(written);
    }
  }
  return blobs.PutFile(name);
}

struct Pending {
  std::optional<DossierRecord> record;
  std::optional<std::vector<PremisEvent>> events;
  std::set<std::string> missing;           // blobs not in the store yet
  std::vector<std::string> dropped_reuse;  // re-scan links to documents this home lacks
  bool done = false;

  bool ready() const { return !done && record && events && missing.empty(); }
};

}  // namespace

Result<BagCheck> CheckBag(Catalog& catalog, const fs::path& file) {
  std::map<std::string, PayloadFile> payload;
  return internal::CheckBagFile(catalog, file, payload);
}

Result<ImportSummary> ImportBag(const HomeLayout& home, Catalog& catalog, const fs::path& file,
                                const ImportOptions& options) {
  ImportSummary summary;
  std::map<std::string, PayloadFile> payload;
  SOHOA_ASSIGN_OR_RETURN(summary.check, internal::CheckBagFile(catalog, file, payload));
  const BagCheck& check = summary.check;
  if (!check.ok()) return summary;

  // Pass 2: the bag was complete and valid a moment ago; every byte is
  // checked again on the way into the store, in case the file changed.
  const std::set<std::string> skip(check.already_archived.begin(), check.already_archived.end());
  std::map<std::string, Pending> pending;
  SOHOA_ASSIGN_OR_RETURN(const std::unique_ptr<BlobStore> store, OpenBlobStore(home));
  BlobStore& blobs = *store;
  std::vector<char> buffer(internal::kBagChunkBytes);
  SOHOA_ASSIGN_OR_RETURN(ArchiveReader reader, ArchiveReader::Open(file));
  const std::string detail = "from bag " + check.bag_name + " (" + file.filename().string() +
                             (check.bagging_date.empty() ? "" : ", bagged " + check.bagging_date) +
                             ")";

  // A document marked as a re-scan of another dossier's document can only be
  // stored once that document is in the home: such dossiers wait for the rest
  // of the bag, and at the end (`last_call`) the links that still point
  // nowhere are dropped and noted in the import event.
  auto store_if_ready = [&](const std::string& code, Pending& p, bool last_call) -> Status {
    if (!p.ready()) return Status::Ok();
    for (DocumentRecord& doc : p.record->documents) {
      if (doc.reused_from.empty()) continue;
      SOHOA_ASSIGN_OR_RETURN(bool held, internal::HoldsDocument(catalog, doc.reused_from));
      if (held) continue;
      if (!last_call) return Status::Ok();
      p.dropped_reuse.push_back(doc.reused_from);
      doc.reused_from.clear();
      doc.reuse_evidence.clear();
    }
    SOHOA_ASSIGN_OR_RETURN(std::int64_t events_after, internal::LastEventId(catalog));
    auto stored = catalog.StoreDossier(*p.record);
    if (!stored.ok()) return stored.status();
    std::string note = detail;
    if (!p.dropped_reuse.empty()) {
      note += "; re-scan links dropped, this home lacks:";
      for (const std::string& d : p.dropped_reuse) note += " " + d;
    }
    SOHOA_RETURN_IF_ERROR(internal::RecordImport(catalog, code, events_after, *p.events,
                                                 check.bag_name, check.bagging_date, options.actor,
                                                 note));
    p.done = true;
    p.record.reset();  // its words can be large
    summary.imported.push_back(code);
    return Status::Ok();
  };

  ArchiveReader::Entry entry;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool more, reader.Next(entry));
    if (!more) break;
    if (entry.type != ArchiveReader::Type::kFile) continue;
    std::string path = entry.path.rfind("./", 0) == 0 ? entry.path.substr(2) : entry.path;
    const std::string rel = path.substr(std::min(path.size(), check.bag_name.size() + 1));
    auto part = DossierPart(rel);
    if (!part || skip.count(part->first)) continue;
    const std::string& code = part->first;
    Pending& p = pending[code];
    auto changed = [&] {
      return Corrupt(file.string() + " changed while it was imported (" + path +
                     "); check it again and import it again");
    };
    if (part->second == kMetsFileName || part->second == code + ".json") {
      SOHOA_ASSIGN_OR_RETURN(EntryData data, ReadEntry(reader, true, buffer));
      if (part->second == kMetsFileName) {
        auto events = internal::ReadPremisEvents(data.text);
        if (!events.ok()) return changed();
        p.events = std::move(events).value();
      } else {
        auto record = DossierFromJson(data.text);
        if (!record.ok()) return changed();
        for (const std::string& sha : BlobsOf(*record)) {
          SOHOA_ASSIGN_OR_RETURN(bool there, blobs.Contains(sha));
          if (!there) p.missing.insert(sha);
        }
        p.record = std::move(record).value();
      }
    } else {
      auto expected = payload.find(rel);
      if (expected == payload.end()) return changed();
      SOHOA_ASSIGN_OR_RETURN(bool there, blobs.Contains(expected->second.sha256));
      if (!there) {
        SOHOA_ASSIGN_OR_RETURN(std::string sha, PutEntry(reader, blobs, home.work(), buffer));
        if (sha != expected->second.sha256) return changed();
        ++summary.blobs_added;
      }
      p.missing.erase(expected->second.sha256);
    }
    Status stored = store_if_ready(code, p, false);
    if (!stored.ok()) return stored.WithContext("importing dossier " + code);
  }
  for (bool progress = true; progress;) {
    progress = false;
    for (auto& [code, p] : pending) {
      if (!p.ready()) continue;
      Status stored = store_if_ready(code, p, false);
      if (!stored.ok()) return stored.WithContext("importing dossier " + code);
      progress |= p.done;
    }
  }
  for (auto& [code, p] : pending) {
    Status stored = store_if_ready(code, p, true);
    if (!stored.ok()) return stored.WithContext("importing dossier " + code);
    if (!p.done) {
      return Corrupt(file.string() + " changed while it was imported: dossier " + code +
                     " is incomplete now; check it again and import it again");
    }
  }
  std::sort(summary.imported.begin(), summary.imported.end());
  return summary;
}

}  // namespace sohoa::archive
