// Fuzzes archive::internal::ReadPremisEvents, which reads the PREMIS events
// of a METS.xml in a bag being imported, and checks that what it reads is
// what MetsXml writes: the events read, written again and read again, are
// the same events.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "archive/internal/mets.h"
#include "schema/archival_metadata.h"
#include "schema/dossier.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using sohoa::archive::internal::PremisEvent;

// Text that EscapeXml writes as it is: no control characters XML 1.0
// cannot hold, which it drops.
bool WrittenAsIs(const std::string& text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') return false;
  }
  return true;
}

bool WrittenAsIs(const PremisEvent& e) {
  return WrittenAsIs(e.type) && WrittenAsIs(e.at) && WrittenAsIs(e.actor) &&
         WrittenAsIs(e.outcome) && WrittenAsIs(e.detail);
}

bool Same(const PremisEvent& a, const PremisEvent& b) {
  return a.type == b.type && a.at == b.at && a.actor == b.actor && a.outcome == b.outcome &&
         a.detail == b.detail;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using sohoa::fuzz::Require;
  namespace internal = sohoa::archive::internal;
  if (size > sohoa::fuzz::kMaxInputBytes) return -1;
  const auto events = internal::ReadPremisEvents(sohoa::fuzz::AsText(data, size));
  if (!events.ok()) {
    Require(events.status().code() == sohoa::StatusCode::kCorrupt, "a bad METS.xml is Corrupt");
    Require(!events.status().message().empty(), "a bad METS.xml is refused with a reason");
    return 0;
  }
  bool as_is = true;
  for (const PremisEvent& e : *events) {
    Require(!e.type.empty(), "an event read has a type");
    Require(internal::IsEventTime(e.at), "an event read has a time");
    Require(e.outcome == "success" || e.outcome == "failure", "an event read has an outcome");
    as_is = as_is && WrittenAsIs(e);
  }
  if (!as_is) return 0;
  sohoa::DossierRecord dossier;
  dossier.code = "000.31.22.H32-230620-0017";
  const std::string xml = internal::MetsXml(dossier, sohoa::ArchivalMetadata{}, {}, *events);
  const auto again = internal::ReadPremisEvents(xml);
  Require(again.ok(), "METS.xml written from events read reads back");
  Require(again->size() == events->size(), "METS.xml written again holds every event");
  for (std::size_t i = 0; i < again->size(); ++i) {
    Require(Same((*again)[i], (*events)[i]), "an event written and read again is the same");
  }
  return 0;
}
