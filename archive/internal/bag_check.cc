#include "archive/internal/bag_check.h"

#include <algorithm>

#include "archive/internal/bag_text.h"
#include "archive/internal/mets.h"
#include "archive/internal/sha256.h"

namespace sohoa::archive::internal {
namespace {

namespace fs = std::filesystem;

// Tag files, METS.xml and the JSON are read into memory; a dossier's JSON
// with every word box of a thick dossier is a few MB.
constexpr std::size_t kMaxTextFile = 256u << 20;
constexpr std::size_t kMaxProblems = 100;

std::string LowerHex(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

struct Folder {
  bool has_json = false, has_mets = false;
  std::set<std::string> referenced;            // blobs its JSON names
  std::map<std::string, std::string> present;  // sha256 → path of a payload file
};

// Where a problem belongs: to the entry alone, or to the top folder it is in
// (whose problems only count if that folder turns out to be the bag).
struct Found {
  std::string top;  // "" for problems of the entry itself
  BagProblem problem;
};

struct Placed {
  std::string top;  // the entry's first path part
  std::string rel;  // the rest: "bagit.txt", "data/<code>/<file>"
};

// Checks an entry's name and type, and that no file appears twice; returns
// where a file lies, or nullopt when it is not read (a folder, or refused).
std::optional<Placed> Place(const ArchiveReader::Entry& entry, int index,
                            std::set<std::string>& files, std::set<std::string>& folders,
                            std::vector<Found>& found) {
  auto refuse = [&](const std::string& entry_name, std::string message) {
    found.push_back({"", {entry_name, std::move(message)}});
    return std::nullopt;
  };
  if (entry.path.empty())
    return refuse("entry " + std::to_string(index), "its name is not valid UTF-8");
  std::string path = entry.path;
  // "tar -cf bag.tar ./bag" writes names like "./bag/data/...".
  if (path.rfind("./", 0) == 0) path.erase(0, 2);
  if (std::string why = PathProblem(path); !why.empty()) {
    return refuse(entry.path, "has " + why + "; a bag holds plain relative paths only");
  }
  switch (entry.type) {
    case ArchiveReader::Type::kSymlink:
      return refuse(entry.path, "is a symbolic link; a bag holds regular files only");
    case ArchiveReader::Type::kHardlink:
      return refuse(entry.path, "is a hard link; a bag holds regular files only");
    case ArchiveReader::Type::kOther:
      return refuse(entry.path, "is a device, pipe or socket; a bag holds regular files only");
    default:
      break;
  }
  if (path.back() == '/') path.pop_back();
  const std::size_t slash = path.find('/');
  Placed placed{path.substr(0, slash), slash == std::string::npos ? "" : path.substr(slash + 1)};
  if (entry.type == ArchiveReader::Type::kDirectory) {
    if (files.count(path)) refuse(entry.path, "is both a file and a folder");
    folders.insert(path);
    return std::nullopt;
  }
  if (placed.rel.empty()) {
    return refuse(entry.path, "lies outside the bag's top folder; RFC 8493 bags sit in one folder");
  }
  if (!files.insert(path).second)
    return refuse(entry.path, "appears twice; each file may appear once");
  if (folders.count(path)) refuse(entry.path, "is both a file and a folder");
  return placed;
}

}  // namespace

Result<EntryData> ReadEntry(ArchiveReader& reader, bool keep, std::vector<char>& buffer) {
  EntryData out;
  Sha256 hash;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(std::size_t n, reader.Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    hash.Update(buffer.data(), n);
    out.size += static_cast<std::int64_t>(n);
    if (keep && !out.too_large) {
      if (out.text.size() + n > kMaxTextFile) {
        out.too_large = true;
        out.text.clear();
      } else {
        out.text.append(buffer.data(), n);
      }
    }
  }
  out.sha256 = hash.HexDigest();
  return out;
}

std::optional<std::pair<std::string, std::string>> DossierPart(const std::string& rel) {
  if (rel.rfind("data/", 0) != 0) return std::nullopt;
  std::string rest = rel.substr(5);
  std::size_t slash = rest.find('/');
  if (slash == std::string::npos || rest.find('/', slash + 1) != std::string::npos) {
    return std::nullopt;
  }
  return std::make_pair(rest.substr(0, slash), rest.substr(slash + 1));
}

std::set<std::string> BlobsOf(const DossierRecord& d) {
  std::set<std::string> out;
  for (const DocumentRecord& doc : d.documents) {
    if (!doc.source_sha256.empty()) out.insert(LowerHex(doc.source_sha256));
    if (!doc.pdf_sha256.empty()) out.insert(LowerHex(doc.pdf_sha256));
    for (const PageRecord& p : doc.pages) {
      if (!p.image_sha256.empty()) out.insert(LowerHex(p.image_sha256));
    }
  }
  return out;
}

// Pass 1: every check, nothing taken. `payload` gets what each payload file
// ("data/...") of the bag holds.
Result<BagCheck> CheckBagFile(Catalog& catalog, const fs::path& file,
                              std::map<std::string, PayloadFile>& payload) {
  BagCheck check;
  std::vector<Found> found;
  SOHOA_ASSIGN_OR_RETURN(ArchiveReader reader, ArchiveReader::Open(file));
  std::vector<char> buffer(kBagChunkBytes);
  // Everything is kept per top folder until the end shows which one is the
  // bag: the one holding bagit.txt (else the first seen); the others' files
  // are then reported as lying outside it.
  struct Top {
    std::vector<std::string> entries;
    std::map<std::string, PayloadFile> payload;  // "data/..." → what it holds
    std::map<std::string, std::string> tags;     // tag file → sha256
    std::map<std::string, std::string> texts;    // bagit.txt, manifests, bag-info.txt
    std::map<std::string, Folder> folders;       // dossier code → its folder
  };
  std::map<std::string, Top> tops;
  std::string first_top, bagit_top;
  std::set<std::string> files, folders;
  const std::set<std::string> kTagTexts = {"bagit.txt", "manifest-sha256.txt", "bag-info.txt",
                                           "tagmanifest-sha256.txt"};
  ArchiveReader::Entry entry;
  int index = 0;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool more, reader.Next(entry));
    if (!more) break;
    std::optional<Placed> placed = Place(entry, ++index, files, folders, found);
    if (!placed) continue;
    const std::string& rel = placed->rel;
    const std::string where = entry.path;
    auto problem = [&](std::string message) {
      found.push_back({placed->top, {where, std::move(message)}});
    };
    if (first_top.empty()) first_top = placed->top;
    if (rel == "bagit.txt" && bagit_top.empty()) bagit_top = placed->top;
    Top& top = tops[placed->top];
    top.entries.push_back(where);
    auto part = DossierPart(rel);
    const bool is_payload = rel.rfind("data/", 0) == 0;
    const bool is_json = part && part->second == part->first + ".json";
    const bool is_mets = part && part->second == kMetsFileName;
    const bool keep = kTagTexts.count(rel) || is_json || is_mets;
    SOHOA_ASSIGN_OR_RETURN(EntryData data, ReadEntry(reader, keep, buffer));
    if (data.too_large) {
      problem("is larger than sohoa reads into memory (" + std::to_string(kMaxTextFile >> 20) +
              " MB)");
      continue;
    }
    if (!is_payload) {
      top.tags[rel] = data.sha256;
      if (kTagTexts.count(rel)) top.texts[rel] = std::move(data.text);
      continue;
    }
    top.payload[rel] = {data.sha256, data.size};
    if (!part) {
      problem("is not directly inside a dossier folder (data/<dossier code>/<file>)");
      continue;
    }
    Folder& folder = top.folders[part->first];
    if (is_mets) {
      folder.has_mets = true;
      auto events = ReadPremisEvents(data.text);
      if (!events.ok()) problem(events.status().message());
    } else if (is_json) {
      folder.has_json = true;
      auto dossier = DossierFromJson(data.text);
      if (!dossier.ok()) {
        problem("cannot rebuild the dossier: " + dossier.status().message());
      } else if (dossier->code != part->first) {
        problem("describes dossier " + dossier->code + ", not " + part->first);
      } else {
        folder.referenced = BlobsOf(*dossier);
      }
    } else {
      folder.present.emplace(data.sha256, where);
    }
  }

  check.bag_name = !bagit_top.empty() ? bagit_top : first_top;
  auto problem = [&check](const std::string& entry_name, std::string message) {
    if (check.problems.size() == kMaxProblems) {
      check.problems.push_back({"", "more problems follow; fix these first"});
    }
    if (check.problems.size() <= kMaxProblems)
      check.problems.push_back({entry_name, std::move(message)});
  };
  for (Found& f : found) {
    if (f.top.empty() || f.top == check.bag_name)
      problem(f.problem.entry, std::move(f.problem.message));
  }
  for (const auto& [name, other] : tops) {
    if (name == check.bag_name) continue;
    for (const std::string& e : other.entries) {
      problem(e, "lies outside the top folder " + check.bag_name + "/; a package holds one bag");
    }
  }
  if (check.bag_name.empty()) {
    problem(file.filename().string(), "holds no files; it is not a bag");
    return check;
  }
  Top& bag = tops[check.bag_name];
  payload = bag.payload;
  for (const auto& [path, p] : payload) {
    ++check.payload_files;
    check.payload_bytes += p.size;
  }
  const std::string top = check.bag_name + "/";

  // bagit.txt and the manifest, both ways.
  if (!bag.texts.count("bagit.txt")) {
    problem(top + "bagit.txt", "is missing; every bag starts with it");
  } else if (Status s = CheckBagitTxt(bag.texts["bagit.txt"]); !s.ok()) {
    problem(top + "bagit.txt", s.message());
  }
  if (!bag.texts.count("manifest-sha256.txt")) {
    bool other = std::any_of(bag.tags.begin(), bag.tags.end(),
                             [](const auto& t) { return t.first.rfind("manifest-", 0) == 0; });
    problem(top + "manifest-sha256.txt",
            other ? "is missing; sohoa checks SHA-256 manifests only" : "is missing");
  } else {
    auto lines = ParseManifest(bag.texts["manifest-sha256.txt"], "manifest-sha256.txt");
    if (!lines.ok()) {
      problem(top + "manifest-sha256.txt", lines.status().message());
    } else {
      std::set<std::string> listed;
      for (const ManifestLine& line : *lines) {
        listed.insert(line.path);
        auto it = payload.find(line.path);
        const std::string at = " (line " + std::to_string(line.line) + ")";
        if (line.path.rfind("data/", 0) != 0) {
          problem(top + line.path, "is listed in manifest-sha256.txt" + at + " but is not payload");
        } else if (it == payload.end()) {
          problem(top + line.path,
                  "is listed in manifest-sha256.txt" + at + " but is not in the bag");
        } else if (it->second.sha256 != line.sha256) {
          problem(top + line.path, "has SHA-256 " + it->second.sha256 + ", the manifest says " +
                                       line.sha256 + "; the file was changed or damaged");
        }
      }
      for (const auto& [path, p] : payload) {
        if (!listed.count(path)) problem(top + path, "is not listed in manifest-sha256.txt");
      }
    }
  }
  if (bag.texts.count("bag-info.txt")) {
    auto info = ParseTagFile(bag.texts["bag-info.txt"], "bag-info.txt");
    if (!info.ok()) {
      problem(top + "bag-info.txt", info.status().message());
    } else {
      for (const auto& [label, value] : *info) {
        if (label == "Bagging-Date") check.bagging_date = value;
        if (label != "Payload-Oxum") continue;
        std::string expected =
            std::to_string(check.payload_bytes) + "." + std::to_string(check.payload_files);
        if (value != expected) {
          problem(top + "bag-info.txt", "Payload-Oxum is " + value + " but the payload is " +
                                            expected + " (octets.files); the bag is incomplete");
        }
      }
    }
  }
  if (bag.texts.count("tagmanifest-sha256.txt")) {
    auto lines = ParseManifest(bag.texts["tagmanifest-sha256.txt"], "tagmanifest-sha256.txt");
    if (!lines.ok()) {
      problem(top + "tagmanifest-sha256.txt", lines.status().message());
    } else {
      for (const ManifestLine& line : *lines) {
        auto it = bag.tags.find(line.path);
        if (it == bag.tags.end()) {
          problem(top + line.path, "is listed in tagmanifest-sha256.txt but is not in the bag");
        } else if (it->second != line.sha256) {
          problem(top + line.path, "does not match its tagmanifest-sha256.txt checksum");
        }
      }
    }
  }

  // What sohoa needs to rebuild each dossier.
  for (const auto& [code, folder] : bag.folders) {
    const std::string dir = top + "data/" + code + "/";
    if (!folder.has_mets) problem(dir + std::string(kMetsFileName), "is missing");
    if (!folder.has_json) problem(dir + code + ".json", "is missing");
    for (const std::string& sha : folder.referenced) {
      if (!folder.present.count(sha)) {
        problem(dir, code + ".json names blob " + sha + " but no file in the folder holds it");
      }
    }
    for (const auto& [sha, path] : folder.present) {
      if (folder.has_json && !folder.referenced.count(sha)) {
        problem(path, "is not described by " + code + ".json");
      }
    }
    check.dossiers.push_back(code);
  }
  if (bag.folders.empty() && check.ok()) problem(top + "data/", "holds no dossier");

  for (const std::string& code : check.dossiers) {
    SOHOA_ASSIGN_OR_RETURN(bool held, catalog.HoldsDossier(code));
    if (held) check.already_archived.push_back(code);
  }
  return check;
}

}  // namespace sohoa::archive::internal
