// What a document's pages are indexed with besides their own text, whatever
// the backend: the dossier's words (applicant, procedure, field values) and
// the document's title, the dossier's code, and the facets of the document's
// kind and the dossier's filters (search_facets.h). The SQLite catalog keeps
// them in search_documents, the PostgreSQL catalog in each search row.
// Internal to archive/.
#pragma once

#include <string>
#include <vector>

#include "archive/internal/search_facets.h"

namespace sohoa::archive::internal {

struct IndexedWith {
  std::string meta, code, facets;
  bool operator==(const IndexedWith&) const = default;
};

// What every page of a dossier is also found by: `lines` are its applicant,
// procedure code, procedure name and field, then its field values in the
// order they were stored. Each non-empty line once (the applicant is also
// the applicant_name field), each ending in "\n".
std::string DossierMetaText(const std::vector<std::string>& lines);

// A document's words: the dossier's (DossierMetaText) with the title added,
// its code, and the facets of `source` with the document's kind.
IndexedWith DocumentWords(const std::string& dossier_meta, FacetSource source, const std::string& title,
                          const std::string& kind);

}  // namespace sohoa::archive::internal
