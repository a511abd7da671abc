#include "archive/internal/search_document.h"

#include <set>

namespace sohoa::archive::internal {

std::string DossierMetaText(const std::vector<std::string>& lines) {
  std::string meta;
  std::set<std::string> seen;
  for (const std::string& line : lines) {
    if (!line.empty() && seen.insert(line).second) meta += line + "\n";
  }
  return meta;
}

IndexedWith DocumentWords(const std::string& dossier_meta, FacetSource source, const std::string& title,
                          const std::string& kind) {
  source.kind = kind;
  return {dossier_meta + title, source.dossier_code, FacetWords(source)};
}

}  // namespace sohoa::archive::internal
