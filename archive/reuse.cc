// RecordReuse: staff took a component of a new dossier from a document
// already in the archive instead of scanning it again (QĐ 766 indicator 4.3).
// Rows of kind 'missed' (a re-scan sohoa noticed) are written at ingest.
#include "archive/rates.h"

namespace sohoa::archive {
namespace {

struct DocumentName {
  std::string dossier_code;
  int number = 0;
};

// "<dossier code>.<n>" (TT 02/2019 file naming): the code itself holds dots,
// so the number is what follows the last one.
Result<DocumentName> ParseDocumentName(const std::string& source) {
  const size_t dot = source.rfind('.');
  auto bad = [&] {
    return InvalidArgument("\"" + source +
                           "\" is not a document name: write <dossier code>.<n>, e.g. "
                           "000.31.22.H32-230620-0017.2 for its second document");
  };
  if (dot == std::string::npos || dot == 0 || dot + 1 >= source.size() ||
      source.size() - dot > 5) {
    return bad();
  }
  int number = 0;
  for (size_t i = dot + 1; i < source.size(); ++i) {
    if (source[i] < '0' || source[i] > '9') return bad();
    number = number * 10 + (source[i] - '0');
  }
  if (number < 1) return bad();
  return DocumentName{source.substr(0, dot), number};
}

}  // namespace

Status RecordReuse(Catalog& catalog, const std::string& dossier_code, const std::string& source,
                   const std::string& component, const std::string& actor) {
  if (dossier_code.empty()) return InvalidArgument("reuse: which dossier reused the document?");
  SOHOA_ASSIGN_OR_RETURN(DocumentName name, ParseDocumentName(source));
  if (name.dossier_code == dossier_code) {
    return InvalidArgument("reuse: " + source + " is a document of " + dossier_code +
                           " itself; name a document of an earlier dossier");
  }
  return catalog.registers().RecordReuse(dossier_code, source, name.dossier_code, name.number, component, actor);
}

}  // namespace sohoa::archive
