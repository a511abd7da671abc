// Reading the PREMIS events of a METS.xml back (ReadPremisEvents): exactly
// what MetsXml wrote, elements known by their namespace, and documents that
// are malformed or nested too deeply refused instead of read in part.
#include "archive/internal/mets.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <string>
#include <vector>

namespace sohoa::archive::internal {
namespace {

constexpr const char* kPremisOpen = "<premis:premis version=\"3.0\">";

std::vector<PremisEvent> SampleEvents() {
  return {
      {"ingestion", "2023-06-20T08:12:33.123Z", "sohoa", "success", "from inbox/biên nhận.jpg"},
      {"message digest calculation", "2023-06-20T08:12:33Z", "sohoa", "success", ""},
      {"review", "2023-06-21T10:00Z", "cán bộ <Lan> & \"Tú\" 'x'", "failure",
       "applicant_name: NGUYEN → NGUYỄN\r\n\ttab &amp; literal  "},
      {"fixity check", "2024-01-01T00:00:00Z", "", "success", "   "},
  };
}

std::string SampleMets(const std::vector<PremisEvent>& events) {
  DossierRecord dossier;
  dossier.code = "000.31.22.H32-230620-0017";
  DocumentRecord document;
  document.title = "Giấy tiếp nhận";
  dossier.documents.push_back(document);
  const std::vector<MetsFile> files = {{"scan.jpg", std::string(64, 'a'), 1234, "image/jpeg",
                                        MetsFile::Group::kOriginal, 1, "scan.jpg"}};
  return MetsXml(dossier, ArchivalMetadata{}, files, events);
}

void ExpectSameEvents(const std::vector<PremisEvent>& read, const std::vector<PremisEvent>& want) {
  ASSERT_EQ(read.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(read[i].type, want[i].type) << i;
    EXPECT_EQ(read[i].at, want[i].at) << i;
    EXPECT_EQ(read[i].actor, want[i].actor) << i;
    EXPECT_EQ(read[i].outcome, want[i].outcome) << i;
    EXPECT_EQ(read[i].detail, want[i].detail) << i;
  }
}

// The sample METS with `levels` nested <mets:div> elements around its PREMIS
// section, built without recursion.
std::string NestedMets(std::size_t levels) {
  std::string xml = SampleMets(SampleEvents());
  const std::size_t premis = xml.find(kPremisOpen);
  const std::size_t end = xml.find("</premis:premis>") + std::string("</premis:premis>").size();
  std::string open, close;
  open.reserve(levels * 10);
  close.reserve(levels * 11);
  for (std::size_t i = 0; i < levels; ++i) {
    open += "<mets:div>";
    close += "</mets:div>";
  }
  return xml.substr(0, premis) + open + xml.substr(premis, end - premis) + close + xml.substr(end);
}

TEST(ReadPremisEventsTest, ReadsBackExactlyTheEventsMetsXmlWrote) {
  const std::vector<PremisEvent> events = SampleEvents();
  auto read = ReadPremisEvents(SampleMets(events));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ExpectSameEvents(*read, events);
}

TEST(ReadPremisEventsTest, ReadsADocumentWithoutEventsAsNoEvents) {
  auto read = ReadPremisEvents(SampleMets({}));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_TRUE(read->empty());
}

TEST(ReadPremisEventsTest, KnowsPremisElementsByTheirNamespaceNotTheirPrefix) {
  std::string xml = SampleMets(SampleEvents());
  for (std::size_t at = 0; (at = xml.find("premis:", at)) != std::string::npos;) {
    xml.replace(at, 7, "p:");
  }
  for (std::size_t at = 0; (at = xml.find("xmlns:premis=", at)) != std::string::npos;) {
    xml.replace(at, 13, "xmlns:p=");
  }
  auto read = ReadPremisEvents(xml);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ExpectSameEvents(*read, SampleEvents());

  // And an element called premis:event in another namespace is no event.
  std::string other = SampleMets({});
  other.insert(other.find("</mets:mets>"),
               "<premis:event xmlns:premis=\"urn:not-premis\"><premis:eventType>x"
               "</premis:eventType></premis:event>");
  auto none = ReadPremisEvents(other);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
}

TEST(ReadPremisEventsTest, ReadsEventsInsideTheDeepestNestingItAccepts) {
  // Above the nesting: mets/amdSec/digiprovMD/mdWrap/xmlData, 5 levels;
  // below it the deepest branch is premis/object/objectCharacteristics/
  // format/formatDesignation/formatName, 6 levels.
  const std::size_t levels = kMaxMetsDepth - 5 - 6;
  auto read = ReadPremisEvents(NestedMets(levels));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ExpectSameEvents(*read, SampleEvents());

  auto deeper = ReadPremisEvents(NestedMets(levels + 1));
  ASSERT_FALSE(deeper.ok());
  EXPECT_EQ(deeper.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(deeper.status().message().find("METS.xml is nested too deeply"), std::string::npos)
      << deeper.status().message();
}

// Runs ReadPremisEvents on a thread with a 256 KB stack: reading a million
// levels recursively would overflow it.
void* ReadOnSmallStack(void* arg) {
  auto* io = static_cast<std::pair<const std::string*, Status>*>(arg);
  io->second = ReadPremisEvents(*io->first).status();
  return nullptr;
}

TEST(ReadPremisEventsTest, RefusesAMillionLevelDocumentAsNestedTooDeeplyWithoutRecursing) {
  const std::string xml = NestedMets(1'000'000);
  std::pair<const std::string*, Status> io{&xml, Status::Ok()};
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, 256 * 1024), 0);
  pthread_t thread;
  ASSERT_EQ(pthread_create(&thread, &attr, ReadOnSmallStack, &io), 0);
  ASSERT_EQ(pthread_join(thread, nullptr), 0);
  pthread_attr_destroy(&attr);
  EXPECT_EQ(io.second.code(), StatusCode::kCorrupt);
  EXPECT_EQ(io.second.message().rfind("METS.xml is nested too deeply", 0), 0u)
      << io.second.message();
}

TEST(ReadPremisEventsTest, RefusesADocumentCutShort) {
  const std::string xml = SampleMets(SampleEvents());
  // Cut after the first event: the substring reader of old took that one
  // event and dropped the rest without a word.
  const std::size_t cut = xml.find("</premis:event>") + std::string("</premis:event>").size();
  auto read = ReadPremisEvents(xml.substr(0, cut));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(read.status().message().find("not well-formed"), std::string::npos)
      << read.status().message();
}

TEST(ReadPremisEventsTest, RefusesMismatchedTagsAnUndeclaredPrefixAndAnotherRoot) {
  std::string mismatched = SampleMets(SampleEvents());
  mismatched.replace(mismatched.find("</premis:eventType>"), 19, "</premis:eventTyp>");
  EXPECT_EQ(ReadPremisEvents(mismatched).status().code(), StatusCode::kCorrupt);

  std::string undeclared = SampleMets({});
  undeclared.insert(undeclared.find("</mets:mets>"), "<x:y/>");
  auto read = ReadPremisEvents(undeclared);
  EXPECT_EQ(read.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(read.status().message().find("\"x\""), std::string::npos) << read.status().message();

  auto other_root = ReadPremisEvents("<?xml version=\"1.0\"?><html><body/></html>");
  EXPECT_EQ(other_root.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(ReadPremisEvents("").status().code(), StatusCode::kCorrupt);
}

TEST(ReadPremisEventsTest, NamesAnIncompleteEvent) {
  std::vector<PremisEvent> events = SampleEvents();
  events[1].outcome = "done";
  auto read = ReadPremisEvents(SampleMets(events));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(),
            "PREMIS event 2 (message digest calculation) has an eventOutcome other than success "
            "or failure");
}

}  // namespace
}  // namespace sohoa::archive::internal
