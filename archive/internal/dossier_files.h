// The names of a dossier's files in its folder (sohoa get, a package's
// data/<code>/). Internal to archive/; DossierFiles itself is in package.h.
#pragma once

#include <string>

namespace sohoa::archive::internal {

// Can `name` name a folder inside a package on any system?
bool IsSafeFolderName(const std::string& name);

// ASCII letters lower-cased, other bytes kept: for hex digests, and for
// names compared the way Windows and macOS compare them.
std::string AsciiLower(std::string s);

}  // namespace sohoa::archive::internal
