#include "archive/internal/bag_text.h"

#include <algorithm>
#include <set>

namespace sohoa::archive::internal {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

std::string Where(std::string_view name, int line) {
  return std::string(name) + " line " + std::to_string(line);
}

}  // namespace

std::string EncodeManifestPath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::vector<ManifestLine>> ParseManifest(std::string_view text, std::string_view name) {
  std::vector<ManifestLine> out;
  std::set<std::string> seen;
  int number = 0;
  for (std::string_view line : Lines(text)) {
    ++number;
    if (line.empty()) continue;
    std::size_t gap = line.find_first_of(" \t");
    std::string_view checksum = line.substr(0, gap);
    if (gap == std::string_view::npos || checksum.size() != 64 ||
        !std::all_of(checksum.begin(), checksum.end(), IsHex)) {
      return InvalidArgument(Where(name, number) +
                             " is not '<sha256 in hex>  <path>'; the manifest is damaged");
    }
    std::size_t start = line.find_first_not_of(" \t", gap);
    if (start == std::string_view::npos) {
      return InvalidArgument(Where(name, number) + " has a checksum but no path");
    }
    ManifestLine entry;
    entry.line = number;
    for (char c : checksum)
      entry.sha256 += static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    std::string_view encoded = line.substr(start);
    for (std::size_t i = 0; i < encoded.size(); ++i) {
      if (encoded[i] != '%') {
        entry.path += encoded[i];
        continue;
      }
      if (i + 2 >= encoded.size() || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2])) {
        return InvalidArgument(Where(name, number) + ": '%' must start an escape such as %25");
      }
      entry.path += static_cast<char>(HexValue(encoded[i + 1]) * 16 + HexValue(encoded[i + 2]));
      i += 2;
    }
    if (!seen.insert(entry.path).second) {
      return InvalidArgument(Where(name, number) + " lists " + entry.path + " a second time");
    }
    out.push_back(std::move(entry));
  }
  return out;
}

Status CheckBagitTxt(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    return InvalidArgument("bagit.txt starts with a byte-order mark; RFC 8493 forbids it");
  }
  SOHOA_ASSIGN_OR_RETURN(auto tags, ParseTagFile(text, "bagit.txt"));
  std::string version, encoding;
  for (const auto& [label, value] : tags) {
    if (label == "BagIt-Version") version = value;
    if (label == "Tag-File-Character-Encoding") encoding = value;
  }
  if (version != "1.0" && version != "0.97") {
    return InvalidArgument("bagit.txt: BagIt-Version is '" + version +
                           "'; sohoa reads versions 1.0 and 0.97");
  }
  if (encoding != "UTF-8") {
    return InvalidArgument("bagit.txt: Tag-File-Character-Encoding is '" + encoding +
                           "'; sohoa reads UTF-8 tag files only");
  }
  return Status::Ok();
}

Result<std::vector<std::pair<std::string, std::string>>> ParseTagFile(std::string_view text,
                                                                      std::string_view name) {
  std::vector<std::pair<std::string, std::string>> out;
  int number = 0;
  for (std::string_view line : Lines(text)) {
    ++number;
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') {
      if (out.empty()) return InvalidArgument(Where(name, number) + " continues no label");
      std::size_t start = line.find_first_not_of(" \t");
      if (start != std::string_view::npos)
        out.back().second += " " + std::string(line.substr(start));
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return InvalidArgument(Where(name, number) + " is not 'Label: value'");
    }
    std::string_view value = line.substr(colon + 1);
    std::size_t start = value.find_first_not_of(" \t");
    value = start == std::string_view::npos ? std::string_view() : value.substr(start);
    std::string_view label = line.substr(0, colon);
    while (!label.empty() && (label.back() == ' ' || label.back() == '\t')) label.remove_suffix(1);
    out.emplace_back(std::string(label), std::string(value));
  }
  return out;
}

std::string PathProblem(std::string_view path) {
  if (path.empty()) return "an empty name";
  if (path.front() == '/') return "an absolute path";
  if (path.size() >= 2 && path[1] == ':' &&
      ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z'))) {
    return "a drive letter";
  }
  for (char c : path) {
    if (c == '\\') return "a backslash (a Windows path separator)";
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "a control character";
  }
  if (path.back() == '/') path.remove_suffix(1);
  while (true) {
    std::size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (part == "..") return "a '..' part (it would point outside the bag)";
    if (part.empty() || part == ".") return "an empty or '.' part";
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return "";
}

}  // namespace sohoa::archive::internal
