#include "archive/internal/mets.h"

#include <charconv>
#include <optional>
#include <set>

#include "schema/text.h"

namespace sohoa::archive::internal {
namespace {

// Our own namespace for the TT 02/2019 fields: the standard defines no XML.
constexpr const char* kTt02Namespace = "urn:sohoa:metadata:tt02-2019";
constexpr const char* kEventFromLog = "sohoa event log";

// A file name as a relative URL for xlink:href: unreserved ASCII kept,
// every other byte percent-encoded (Vietnamese names, spaces).
std::string Href(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    bool keep = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~';
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

const char* GroupUse(MetsFile::Group group) {
  switch (group) {
    case MetsFile::Group::kOriginal:
      return "original";
    case MetsFile::Group::kSearchablePdf:
      return "searchable PDF";
    case MetsFile::Group::kPageImage:
      return "page image";
    case MetsFile::Group::kMetadata:
      return "metadata";
  }
  return "";
}

std::string FileId(std::size_t index) { return "file-" + std::to_string(index + 1); }

void Fields(std::string& out, MetadataLevel level, const std::vector<std::string>& values,
            const char* indent) {
  auto fields = ArchivalFields(level);
  for (std::size_t i = 0; i < fields.size() && i < values.size(); ++i) {
    out += indent;
    out += "<tt02:field key=\"" + std::string(fields[i].key) + "\" label=\"" +
           EscapeXml(fields[i].label) + "\">" + EscapeXml(values[i]) + "</tt02:field>\n";
  }
}

void DmdSec(std::string& out, const std::string& id, const char* label, MetadataLevel level,
            const std::vector<std::string>& values) {
  out += "  <mets:dmdSec ID=\"" + id + "\">\n";
  out += "    <mets:mdWrap MDTYPE=\"OTHER\" OTHERMDTYPE=\"TT 02/2019/TT-BNV\" LABEL=\"" +
         std::string(label) + "\">\n";
  out += "      <mets:xmlData>\n";
  out += std::string("        <tt02:") + (level == MetadataLevel::kDossier ? "hoSo" : "vanBan") +
         ">\n";
  Fields(out, level, values, "          ");
  out += std::string("        </tt02:") + (level == MetadataLevel::kDossier ? "hoSo" : "vanBan") +
         ">\n";
  out += "      </mets:xmlData>\n    </mets:mdWrap>\n  </mets:dmdSec>\n";
}

void PremisObject(std::string& out, const MetsFile& f) {
  const char* i = "            ";
  out += std::string(i) + "<premis:object xsi:type=\"premis:file\">\n";
  out += std::string(i) + "  <premis:objectIdentifier>\n";
  out +=
      std::string(i) + "    <premis:objectIdentifierType>filename</premis:objectIdentifierType>\n";
  out += std::string(i) + "    <premis:objectIdentifierValue>" + EscapeXml(f.name) +
         "</premis:objectIdentifierValue>\n";
  out += std::string(i) + "  </premis:objectIdentifier>\n";
  out += std::string(i) + "  <premis:objectCharacteristics>\n";
  out += std::string(i) + "    <premis:compositionLevel>0</premis:compositionLevel>\n";
  out += std::string(i) + "    <premis:fixity>\n";
  out += std::string(i) +
         "      <premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm>\n";
  out += std::string(i) + "      <premis:messageDigest>" + f.sha256 + "</premis:messageDigest>\n";
  out += std::string(i) +
         "      <premis:messageDigestOriginator>sohoa</premis:messageDigestOriginator>\n";
  out += std::string(i) + "    </premis:fixity>\n";
  out += std::string(i) + "    <premis:size>" + std::to_string(f.size) + "</premis:size>\n";
  out += std::string(i) + "    <premis:format>\n";
  out += std::string(i) + "      <premis:formatDesignation>\n";
  out += std::string(i) + "        <premis:formatName>" +
         EscapeXml(f.media_type.empty() ? "application/octet-stream" : f.media_type) +
         "</premis:formatName>\n";
  out += std::string(i) + "      </premis:formatDesignation>\n";
  out += std::string(i) + "    </premis:format>\n";
  out += std::string(i) + "  </premis:objectCharacteristics>\n";
  if (!f.original_name.empty()) {
    out += std::string(i) + "  <premis:originalName>" + EscapeXml(f.original_name) +
           "</premis:originalName>\n";
  }
  out += std::string(i) + "</premis:object>\n";
}

void PremisEventXml(std::string& out, const std::string& code, std::size_t index,
                    const PremisEvent& e) {
  const char* i = "            ";
  out += std::string(i) + "<premis:event>\n";
  out += std::string(i) + "  <premis:eventIdentifier>\n";
  out += std::string(i) + "    <premis:eventIdentifierType>" + kEventFromLog +
         "</premis:eventIdentifierType>\n";
  out += std::string(i) + "    <premis:eventIdentifierValue>" + EscapeXml(code) + "/event-" +
         std::to_string(index + 1) + "</premis:eventIdentifierValue>\n";
  out += std::string(i) + "  </premis:eventIdentifier>\n";
  out += std::string(i) + "  <premis:eventType>" + EscapeXml(e.type) + "</premis:eventType>\n";
  out += std::string(i) + "  <premis:eventDateTime>" + EscapeXml(e.at) + "</premis:eventDateTime>\n";
  out += std::string(i) + "  <premis:eventDetailInformation>\n";
  out += std::string(i) + "    <premis:eventDetail>" + EscapeXml(e.detail) + "</premis:eventDetail>\n";
  out += std::string(i) + "  </premis:eventDetailInformation>\n";
  out += std::string(i) + "  <premis:eventOutcomeInformation>\n";
  out += std::string(i) + "    <premis:eventOutcome>" + EscapeXml(e.outcome) + "</premis:eventOutcome>\n";
  out += std::string(i) + "  </premis:eventOutcomeInformation>\n";
  out += std::string(i) + "  <premis:linkingAgentIdentifier>\n";
  out += std::string(i) +
         "    <premis:linkingAgentIdentifierType>sohoa actor</premis:linkingAgentIdentifierType>\n";
  out += std::string(i) + "    <premis:linkingAgentIdentifierValue>" + EscapeXml(e.actor) +
         "</premis:linkingAgentIdentifierValue>\n";
  out += std::string(i) + "  </premis:linkingAgentIdentifier>\n";
  out += std::string(i) + "</premis:event>\n";
}

void PremisAgent(std::string& out, const std::string& actor) {
  const char* i = "            ";
  out += std::string(i) + "<premis:agent>\n";
  out += std::string(i) + "  <premis:agentIdentifier>\n";
  out +=
      std::string(i) + "    <premis:agentIdentifierType>sohoa actor</premis:agentIdentifierType>\n";
  out += std::string(i) + "    <premis:agentIdentifierValue>" + EscapeXml(actor) +
         "</premis:agentIdentifierValue>\n";
  out += std::string(i) + "  </premis:agentIdentifier>\n";
  out += std::string(i) + "  <premis:agentName>" + EscapeXml(actor) + "</premis:agentName>\n";
  if (actor == "sohoa") out += std::string(i) + "  <premis:agentType>software</premis:agentType>\n";
  out += std::string(i) + "</premis:agent>\n";
}

// ---- reading back ---------------------------------------------------------------

std::string Unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos) {
      out += text[i];
      continue;
    }
    std::string_view entity = text.substr(i + 1, semi - i - 1);
    if (entity == "amp")
      out += '&';
    else if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "quot")
      out += '"';
    else if (entity == "apos")
      out += '\'';
    else if (entity.size() > 1 && entity[0] == '#') {
      bool hex = entity[1] == 'x';
      std::string_view digits = entity.substr(hex ? 2 : 1);
      unsigned cp = 0x80;
      std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      // Only the references EscapeXml() writes (and plain ASCII) are expected.
      if (cp < 0x80) out += static_cast<char>(cp);
    } else {
      out += text.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

// The text of the first <premis:TAG>...</premis:TAG> inside `block`.
std::optional<std::string> Element(std::string_view block, std::string_view tag) {
  std::string open = "<premis:" + std::string(tag) + ">";
  std::string close = "</premis:" + std::string(tag) + ">";
  std::size_t start = block.find(open);
  if (start == std::string_view::npos) return std::nullopt;
  start += open.size();
  std::size_t end = block.find(close, start);
  if (end == std::string_view::npos) return std::nullopt;
  return Unescape(block.substr(start, end - start));
}

bool Digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

}  // namespace

bool IsEventTime(std::string_view at) {
  // 2024-03-15T08:12[:33[.123]]Z
  if (at.size() < 17 || at.back() != 'Z') return false;
  if (!Digits(at.substr(0, 4)) || at[4] != '-' || !Digits(at.substr(5, 2)) || at[7] != '-' ||
      !Digits(at.substr(8, 2)) || at[10] != 'T' || !Digits(at.substr(11, 2)) || at[13] != ':' ||
      !Digits(at.substr(14, 2))) {
    return false;
  }
  std::string_view rest = at.substr(16, at.size() - 17);
  if (rest.empty()) return true;
  if (rest[0] != ':' || rest.size() < 3 || !Digits(rest.substr(1, 2))) return false;
  rest.remove_prefix(3);
  return rest.empty() || (rest[0] == '.' && Digits(rest.substr(1)));
}

std::string MetsXml(const DossierRecord& d, const ArchivalMetadata& metadata,
                    const std::vector<MetsFile>& files, const std::vector<PremisEvent>& events) {
  const std::string title(metadata.Dossier("tieu_de"));
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out +=
      "<mets:mets xmlns:mets=\"http://www.loc.gov/METS/\" "
      "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xmlns:premis=\"http://www.loc.gov/premis/v3\" xmlns:tt02=\"" +
      std::string(kTt02Namespace) + "\" OBJID=\"" + EscapeXml(d.code) + "\" LABEL=\"" + EscapeXml(title) +
      "\" TYPE=\"Hồ sơ thủ tục hành chính\">\n";
  out += "  <mets:metsHdr RECORDSTATUS=\"" + EscapeXml(d.status) + "\">\n";
  out += "    <mets:agent ROLE=\"CREATOR\" TYPE=\"OTHER\" OTHERTYPE=\"SOFTWARE\">\n";
  out += "      <mets:name>sohoa</mets:name>\n    </mets:agent>\n  </mets:metsHdr>\n";

  DmdSec(out, "dmd-dossier", "Hồ sơ", MetadataLevel::kDossier, metadata.dossier);
  for (std::size_t n = 0; n < metadata.documents.size(); ++n) {
    DmdSec(out, "dmd-document-" + std::to_string(n + 1), "Văn bản", MetadataLevel::kDocument,
           metadata.documents[n]);
  }
  for (const MetsFile& f : files) {
    if (f.group != MetsFile::Group::kMetadata) continue;
    out += "  <mets:dmdSec ID=\"dmd-json\">\n";
    out += "    <mets:mdRef LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"" + Href(f.name) +
           "\" MDTYPE=\"OTHER\" OTHERMDTYPE=\"sohoa dossier JSON\" MIMETYPE=\"application/json\" "
           "SIZE=\"" +
           std::to_string(f.size) + "\" CHECKSUM=\"" + f.sha256 + "\" CHECKSUMTYPE=\"SHA-256\"/>\n";
    out += "  </mets:dmdSec>\n";
  }

  out += "  <mets:amdSec ID=\"amd\">\n    <mets:digiprovMD ID=\"premis\">\n";
  out += "      <mets:mdWrap MDTYPE=\"PREMIS\" MDTYPEVERSION=\"3.0\">\n        <mets:xmlData>\n";
  out += "          <premis:premis version=\"3.0\">\n";
  for (const MetsFile& f : files) PremisObject(out, f);
  std::set<std::string> actors;
  for (std::size_t i = 0; i < events.size(); ++i) {
    PremisEventXml(out, d.code, i, events[i]);
    actors.insert(events[i].actor);
  }
  for (const std::string& actor : actors) PremisAgent(out, actor);
  out += "          </premis:premis>\n";
  out +=
      "        </mets:xmlData>\n      </mets:mdWrap>\n    </mets:digiprovMD>\n  </mets:amdSec>\n";

  out += "  <mets:fileSec>\n";
  for (auto group :
       {MetsFile::Group::kOriginal, MetsFile::Group::kSearchablePdf, MetsFile::Group::kPageImage}) {
    bool open = false;
    for (std::size_t i = 0; i < files.size(); ++i) {
      const MetsFile& f = files[i];
      if (f.group != group) continue;
      if (!open) out += "    <mets:fileGrp USE=\"" + std::string(GroupUse(group)) + "\">\n";
      open = true;
      out += "      <mets:file ID=\"" + FileId(i) + "\" MIMETYPE=\"" +
             EscapeXml(f.media_type.empty() ? "application/octet-stream" : f.media_type) + "\" SIZE=\"" +
             std::to_string(f.size) + "\" CHECKSUM=\"" + f.sha256 +
             "\" CHECKSUMTYPE=\"SHA-256\" ADMID=\"premis\">\n";
      out += "        <mets:FLocat LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"" +
             Href(f.name) + "\"/>\n";
      out += "      </mets:file>\n";
    }
    if (open) out += "    </mets:fileGrp>\n";
  }
  out += "  </mets:fileSec>\n";

  out += "  <mets:structMap TYPE=\"logical\">\n";
  out += "    <mets:div TYPE=\"dossier\" LABEL=\"" + EscapeXml(title) +
         "\" DMDID=\"dmd-dossier dmd-json\" ADMID=\"premis\">\n";
  for (std::size_t n = 0; n < d.documents.size(); ++n) {
    const DocumentRecord& doc = d.documents[n];
    out += "      <mets:div TYPE=\"document\" ORDER=\"" + std::to_string(n + 1) + "\" LABEL=\"" +
           EscapeXml(doc.title.empty() ? doc.kind : doc.title) + "\" DMDID=\"dmd-document-" +
           std::to_string(n + 1) + "\">\n";
    for (std::size_t i = 0; i < files.size(); ++i) {
      const MetsFile& f = files[i];
      bool mine =
          (f.group == MetsFile::Group::kOriginal && f.sha256 == doc.source_sha256) ||
          (f.group == MetsFile::Group::kSearchablePdf && f.document == static_cast<int>(n + 1)) ||
          (f.group == MetsFile::Group::kPageImage && f.document == static_cast<int>(n + 1));
      if (mine) out += "        <mets:fptr FILEID=\"" + FileId(i) + "\"/>\n";
    }
    out += "      </mets:div>\n";
  }
  out += "    </mets:div>\n  </mets:structMap>\n</mets:mets>\n";
  return out;
}

Result<std::vector<PremisEvent>> ReadPremisEvents(std::string_view xml) {
  static constexpr std::string_view kOpen = "<premis:event>";
  static constexpr std::string_view kClose = "</premis:event>";
  std::vector<PremisEvent> out;
  std::size_t pos = 0;
  int index = 0;
  while ((pos = xml.find(kOpen, pos)) != std::string_view::npos) {
    ++index;
    std::size_t end = xml.find(kClose, pos);
    if (end == std::string_view::npos) {
      return Corrupt("PREMIS event " + std::to_string(index) + " is not closed");
    }
    std::string_view block = xml.substr(pos, end - pos);
    pos = end + kClose.size();
    const std::string where = "PREMIS event " + std::to_string(index);
    auto type = Element(block, "eventType");
    auto at = Element(block, "eventDateTime");
    auto outcome = Element(block, "eventOutcome");
    auto actor = Element(block, "linkingAgentIdentifierValue");
    if (!type || type->empty()) return Corrupt(where + " has no eventType");
    if (!at || !IsEventTime(*at)) {
      return Corrupt(where + " (" + *type + ") has no eventDateTime like 2024-03-15T08:12:33Z");
    }
    if (!outcome || (*outcome != "success" && *outcome != "failure")) {
      return Corrupt(where + " (" + *type + ") has an eventOutcome other than success or failure");
    }
    PremisEvent e;
    e.type = *type;
    e.at = *at;
    e.outcome = *outcome;
    e.actor = actor.value_or("");
    e.detail = Element(block, "eventDetail").value_or("");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sohoa::archive::internal
