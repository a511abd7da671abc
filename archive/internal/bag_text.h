// The text files of a BagIt 1.0 bag (RFC 8493): bagit.txt, manifests and
// tag files such as bag-info.txt, and the checks on paths read from a tar or
// zip file. Internal to archive/.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schema/status.h"

namespace sohoa::archive::internal {

// RFC 8493 §2.1.1, byte for byte.
inline constexpr std::string_view kBagitTxt =
    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

// A manifest line's path with CR, LF and % percent-encoded (§2.1.3).
std::string EncodeManifestPath(std::string_view path);

struct ManifestLine {
  std::string sha256;  // lower-case hex
  std::string path;    // decoded, relative to the bag: "data/..." or a tag file
  int line = 0;        // 1-based, for messages
};

// Parses "<checksum> <whitespace> <path>" lines. InvalidArgument naming
// `name` and the line for a malformed line, a bad escape or a repeated path.
Result<std::vector<ManifestLine>> ParseManifest(std::string_view text, std::string_view name);

// Checks bagit.txt: a BagIt-Version of 1.0 or 0.97, and UTF-8 tag files.
Status CheckBagitTxt(std::string_view text);

// "Label: value" lines, values continued on lines that start with a space
// or tab; labels may repeat. InvalidArgument naming `name` and the line.
Result<std::vector<std::pair<std::string, std::string>>> ParseTagFile(std::string_view text,
                                                                      std::string_view name);

// Why `path`, a name read from a tar or zip entry, may not be taken: "" when
// it is a plain relative path, else the reason ("an absolute path", "a '..'
// part", ...). A trailing '/' (a folder) is allowed.
std::string PathProblem(std::string_view path);

}  // namespace sohoa::archive::internal
