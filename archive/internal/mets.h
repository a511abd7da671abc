// METS.xml of a dossier in a package: its TT 02/2019 metadata, its files with
// their SHA-256, and its preservation history as PREMIS 3 objects, events and
// agents; and reading those events back on import. Internal to archive/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "schema/archival_metadata.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

struct PremisEvent {
  std::string type;  // sohoa's event type; "ingestion", "fixity check", ... are PREMIS's too
  std::string at;    // ISO 8601 UTC
  std::string actor;
  std::string outcome;  // success | failure
  std::string detail;
};

struct MetsFile {
  enum class Group { kOriginal, kSearchablePdf, kPageImage, kMetadata };
  std::string name;  // in the dossier's folder
  std::string sha256;
  std::int64_t size = 0;
  std::string media_type;
  Group group = Group::kOriginal;
  int document = 0;           // 1-based; 0 for the metadata JSON
  std::string original_name;  // as it arrived, for originals
};

// The whole METS document; the same inputs give the same bytes.
std::string MetsXml(const DossierRecord& dossier, const ArchivalMetadata& metadata,
                    const std::vector<MetsFile>& files, const std::vector<PremisEvent>& events);

// Deeper METS documents are refused; MetsXml writes a dozen levels.
inline constexpr std::size_t kMaxMetsDepth = 256;

// The events MetsXml wrote, in order: every premis:event element of the
// document, known by its namespace (http://www.loc.gov/premis/v3) whatever
// its prefix, with its eventType, eventDateTime, eventDetail, eventOutcome
// and linkingAgentIdentifierValue (the first of each). Corrupt for XML that
// is not well-formed, a root other than mets:mets, an undeclared prefix, more
// than kMaxMetsDepth levels of elements ("METS.xml is nested too deeply"),
// and for an incomplete event, naming it.
Result<std::vector<PremisEvent>> ReadPremisEvents(std::string_view xml);

// Is `at` an ISO 8601 UTC time as the event log writes it
// ("2024-03-15T08:12:33.123Z"; seconds and fraction optional)?
bool IsEventTime(std::string_view at);

}  // namespace sohoa::archive::internal
