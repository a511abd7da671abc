#include "archive/internal/mets.h"

#include <map>
#include <optional>
#include <pugixml.hpp>
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

constexpr std::string_view kMetsNamespace = "http://www.loc.gov/METS/";
constexpr std::string_view kPremisNamespace = "http://www.loc.gov/premis/v3";

// What an element is to the reader, from its namespace, its local name and
// its parent's role. Only the PREMIS elements MetsXml writes for an event
// matter; everything else is kOther.
enum class Role {
  kOther,
  kEvent,                 // premis:event
  kType,                  //   premis:eventType
  kDateTime,              //   premis:eventDateTime
  kDetailInformation,     //   premis:eventDetailInformation
  kDetail,                //     premis:eventDetail
  kOutcomeInformation,    //   premis:eventOutcomeInformation
  kOutcome,               //     premis:eventOutcome
  kAgentIdentifier,       //   premis:linkingAgentIdentifier
  kAgentIdentifierValue,  //     premis:linkingAgentIdentifierValue
};

Role RoleOf(Role parent, std::string_view local) {
  if (local == "event") return Role::kEvent;
  switch (parent) {
    case Role::kEvent:
      if (local == "eventType") return Role::kType;
      if (local == "eventDateTime") return Role::kDateTime;
      if (local == "eventDetailInformation") return Role::kDetailInformation;
      if (local == "eventOutcomeInformation") return Role::kOutcomeInformation;
      if (local == "linkingAgentIdentifier") return Role::kAgentIdentifier;
      return Role::kOther;
    case Role::kDetailInformation:
      return local == "eventDetail" ? Role::kDetail : Role::kOther;
    case Role::kOutcomeInformation:
      return local == "eventOutcome" ? Role::kOutcome : Role::kOther;
    case Role::kAgentIdentifier:
      return local == "linkingAgentIdentifierValue" ? Role::kAgentIdentifierValue : Role::kOther;
    default:
      return Role::kOther;
  }
}

// The text directly inside an element (character data and CDATA sections).
std::string TextOf(const pugi::xml_node& element) {
  std::string out;
  for (pugi::xml_node child = element.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  }
  return out;
}

// An event as it is read: each part is taken from the first element that
// holds it, as PREMIS allows one of each (MetsXml writes one).
struct EventParts {
  std::optional<std::string> type, at, outcome, actor, detail;
};

void Take(std::optional<std::string>& part, const pugi::xml_node& element) {
  if (!part) part = TextOf(element);
}

// Namespace prefixes in scope while the tree is walked: each prefix maps to
// the stack of URIs bound to it, innermost last ("" is the default
// namespace). Declarations are undone when their element is left, so a
// lookup costs the same however many elements declare namespaces.
class NamespaceScope {
 public:
  // Binds the xmlns attributes of `element`; Leave() undoes them.
  void Enter(const pugi::xml_node& element) {
    marks_.push_back(declared_.size());
    for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
      const std::string_view name = a.name();
      if (name == "xmlns" || name.substr(0, 6) == "xmlns:") {
        const std::string_view prefix = name.size() > 5 ? name.substr(6) : std::string_view();
        bound_[prefix].push_back(a.value());
        declared_.push_back(prefix);
      }
    }
  }
  void Leave() {
    while (declared_.size() > marks_.back()) {
      bound_[declared_.back()].pop_back();
      declared_.pop_back();
    }
    marks_.pop_back();
  }
  // The URI `prefix` stands for here; nullopt if it is not declared. An
  // unprefixed name without a default namespace is in no namespace ("").
  std::optional<std::string_view> Lookup(std::string_view prefix) const {
    auto it = bound_.find(prefix);
    if (it == bound_.end() || it->second.empty()) {
      if (prefix.empty()) return std::string_view();
      return std::nullopt;
    }
    return it->second.back();
  }

 private:
  std::map<std::string_view, std::vector<std::string_view>> bound_;
  std::vector<std::string_view> declared_;
  std::vector<std::size_t> marks_;
};

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
  // pugixml parses without recursion and in linear time whatever the depth
  // (a million nested elements: 0.06 s, a 64 KB stack), so the depth is
  // checked on the tree it built, by a walk that does not recurse either.
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!parsed) {
    return Corrupt("METS.xml is not well-formed XML: " + std::string(parsed.description()) +
                   " at byte " + std::to_string(parsed.offset));
  }
  pugi::xml_node root;
  for (pugi::xml_node child = doc.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    if (root) return Corrupt("METS.xml has more than one root element");
    root = child;
  }

  struct Open {
    Role role;
    std::size_t event;  // index in `parts` of the event this element is inside
  };
  std::vector<Open> open;  // the elements from the root to the current one
  std::vector<EventParts> parts;
  NamespaceScope scope;
  pugi::xml_node node = root;
  while (node) {
    if (open.size() == kMaxMetsDepth) {
      return Corrupt("METS.xml is nested too deeply: more than " + std::to_string(kMaxMetsDepth) +
                     " levels of elements, where sohoa writes a dozen");
    }
    scope.Enter(node);
    const std::string_view name = node.name();
    const std::size_t colon = name.find(':');
    const std::string_view prefix =
        colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
    const std::string_view local = colon == std::string_view::npos ? name : name.substr(colon + 1);
    const std::optional<std::string_view> ns = scope.Lookup(prefix);
    if (!ns) {
      return Corrupt("METS.xml uses the namespace prefix \"" + std::string(prefix) +
                     "\" without declaring it (element <" + std::string(name) + "> at byte " +
                     std::to_string(node.offset_debug()) + ")");
    }
    if (open.empty() && (*ns != kMetsNamespace || local != "mets")) {
      return Corrupt("METS.xml's root element is <" + std::string(name) +
                     ">, not <mets> in the METS namespace " + std::string(kMetsNamespace));
    }
    Open here{Role::kOther, open.empty() ? 0 : open.back().event};
    if (*ns == kPremisNamespace) {
      here.role = RoleOf(open.empty() ? Role::kOther : open.back().role, local);
    }
    if (here.role == Role::kEvent) {
      here.event = parts.size();
      parts.emplace_back();
    }
    if (here.role != Role::kOther && here.role != Role::kEvent) {
      EventParts& event = parts[here.event];
      switch (here.role) {
        case Role::kType:
          Take(event.type, node);
          break;
        case Role::kDateTime:
          Take(event.at, node);
          break;
        case Role::kDetail:
          Take(event.detail, node);
          break;
        case Role::kOutcome:
          Take(event.outcome, node);
          break;
        case Role::kAgentIdentifierValue:
          Take(event.actor, node);
          break;
        default:
          break;
      }
    }
    open.push_back(here);

    // Next in document order: the first child element, else the next
    // element after this one or after the nearest open ancestor.
    pugi::xml_node next = node.first_child();
    while (next && next.type() != pugi::node_element) next = next.next_sibling();
    if (next) {
      node = next;
      continue;
    }
    while (node) {
      scope.Leave();
      open.pop_back();
      next = node == root ? pugi::xml_node() : node.next_sibling();
      while (next && next.type() != pugi::node_element) next = next.next_sibling();
      if (next) break;
      node = node == root ? pugi::xml_node() : node.parent();
    }
    node = next;
  }

  std::vector<PremisEvent> out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    EventParts& p = parts[i];
    const std::string where = "PREMIS event " + std::to_string(i + 1);
    if (!p.type || p.type->empty()) return Corrupt(where + " has no eventType");
    if (!p.at || !IsEventTime(*p.at)) {
      return Corrupt(where + " (" + *p.type + ") has no eventDateTime like 2024-03-15T08:12:33Z");
    }
    if (!p.outcome || (*p.outcome != "success" && *p.outcome != "failure")) {
      return Corrupt(where + " (" + *p.type +
                     ") has an eventOutcome other than success or failure");
    }
    PremisEvent e;
    e.type = std::move(*p.type);
    e.at = std::move(*p.at);
    e.outcome = std::move(*p.outcome);
    e.actor = std::move(p.actor).value_or("");
    e.detail = std::move(p.detail).value_or("");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sohoa::archive::internal
