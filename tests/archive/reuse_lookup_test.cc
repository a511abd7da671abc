// Missed reuse in the catalog: DocumentsOfCitizen finds the candidates, and a
// document stored with reused_from leaves a 'missed' reuse row, a "reuse"
// event and reads back.
#include <gtest/gtest.h>

#include "tests/archive/catalog_fixture.h"
#include "tests/archive/raw_catalog.h"

namespace sohoa::archive {
namespace {

constexpr const char* kCitizen = "056089004512";
constexpr const char* kFirst = "000.31.22.H32-230620-0017";
constexpr const char* kSecond = "000.31.22.H32-230915-0003";
constexpr const char* kThird = "000.31.22.H32-231002-0021";
constexpr const char* kStranger = "000.31.22.H32-230701-0009";

DossierRecord WithIdField(const char* code, const char* citizen_id) {
  DossierRecord d = MakeDossier(code, "NGUYỄN VĂN ĐỨC");
  d.fields = {{"citizen_id", citizen_id, 0.9f, kSourceOcr}};
  return d;
}

struct ReuseRow {
  std::string component, source, kind, evidence;
};

class ReuseLookupTest : public CatalogTest {
 protected:
  // The `reuse` rows of a dossier: rates.cc counts them, no accessor reads them.
  std::vector<ReuseRow> ReuseRows(const std::string& code) {
    auto read = RawQuery(home_, "SELECT component, source, kind, evidence FROM reuse WHERE dossier_code = $1 ORDER BY id",
                         {code}, 4);
    EXPECT_TRUE(read.ok()) << read.status().ToString();
    std::vector<ReuseRow> rows;
    if (!read.ok()) return rows;
    for (const auto& row : *read) rows.push_back({row[0], row[1], row[2], row[3]});
    return rows;
  }

  // A first dossier holding the ID copy, a second that re-scanned it.
  DossierRecord StoreFirstAndRescan() {
    DossierRecord first = WithIdField(kFirst, kCitizen);
    first.documents = {
        MakeDocument(kKindForm, FakeSha('1'), {"TỜ KHAI ĐĂNG KÝ KHAI SINH"}),
        MakeDocument(kKindIdCopy, FakeSha('2'), {"CĂN CƯỚC CÔNG DÂN\nSố / No.: 056089004512"})};
    Store(first);
    DossierRecord second = WithIdField(kSecond, kCitizen);
    second.documents = {
        MakeDocument(kKindForm, FakeSha('3'), {"TỜ KHAI CẤP PHIẾU LÝ LỊCH TƯ PHÁP"}),
        MakeDocument(kKindIdCopy, FakeSha('4'), {"CĂN CƯỚC CÔNG DÂN\nSố / No: 056089004512"})};
    second.documents[1].reused_from = std::string(kFirst) + ".2";
    second.documents[1].reuse_evidence = "text similarity 0.81 to " + std::string(kFirst) + ".2";
    Store(second);
    return second;
  }
};

TEST_F(ReuseLookupTest, FindsTheDocumentsOfDossiersHoldingTheCitizenId) {
  DossierRecord first = WithIdField(kFirst, kCitizen);
  first.documents = {MakeDocument(kKindReceipt, FakeSha('1'), {"GIẤY TIẾP NHẬN HỒ SƠ"}),
                     MakeDocument(kKindIdCopy, FakeSha('2'), {"CĂN CƯỚC CÔNG DÂN", "mặt sau"})};
  first.documents[1].pages[1].image_sha256 = FakeSha('c');
  Store(first);
  // Its citizen_id field was misread, but the number is on the ID copy.
  DossierRecord misread = WithIdField(kThird, "056089004513");
  misread.documents = {
      MakeDocument(kKindIdCopy, FakeSha('3'), {"CĂN CƯỚC CÔNG DÂN\nSố / No.: 056089004512"})};
  Store(misread);
  DossierRecord stranger = WithIdField(kStranger, "079190001234");
  stranger.documents = {MakeDocument(kKindIdCopy, FakeSha('4'), {"Số: 079190001234"})};
  Store(stranger);

  auto found = catalog_->DocumentsOfCitizen(kCitizen);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 3u);
  const ArchivedDocument& receipt = (*found)[0];
  EXPECT_EQ(receipt.identifier, std::string(kFirst) + ".1");
  EXPECT_EQ(receipt.dossier_code, kFirst);
  EXPECT_EQ(receipt.number, 1);
  EXPECT_EQ(receipt.kind, kKindReceipt);
  const ArchivedDocument& id_copy = (*found)[1];
  EXPECT_EQ(id_copy.identifier, std::string(kFirst) + ".2");
  EXPECT_EQ(id_copy.kind, kKindIdCopy);
  EXPECT_EQ(id_copy.page_texts, (std::vector<std::string>{"CĂN CƯỚC CÔNG DÂN", "mặt sau"}));
  EXPECT_EQ(id_copy.page_image_sha256s, (std::vector<std::string>{FakeSha('a'), FakeSha('c')}));
  EXPECT_EQ((*found)[2].identifier, std::string(kThird) + ".1");
  EXPECT_TRUE((*found)[2].reused_from.empty());
}

TEST_F(ReuseLookupTest, NobodyHoldingTheIdFindsNothing) {
  DossierRecord stranger = WithIdField(kStranger, "079190001234");
  stranger.documents = {MakeDocument(kKindIdCopy, FakeSha('4'), {"Số: 079190001234"})};
  Store(stranger);
  auto found = catalog_->DocumentsOfCitizen(kCitizen);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_TRUE(found->empty());
}

TEST_F(ReuseLookupTest, OnlyTwelveDigitsAreACitizenId) {
  for (const char* bad : {"05608900451", "0560890045123", "05608900451x", "\" OR 1", ""}) {
    auto found = catalog_->DocumentsOfCitizen(bad);
    ASSERT_FALSE(found.ok()) << bad;
    EXPECT_EQ(found.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST_F(ReuseLookupTest, AReScannedDocumentIsRecordedAsAMissedReuseAndReadsBack) {
  StoreFirstAndRescan();
  auto rows = ReuseRows(kSecond);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].component, std::string(kSecond) + ".2");
  EXPECT_EQ(rows[0].source, std::string(kFirst) + ".2");
  EXPECT_EQ(rows[0].kind, "missed");
  EXPECT_NE(rows[0].evidence.find("text similarity 0.81"), std::string::npos) << rows[0].evidence;
  EXPECT_TRUE(ReuseRows(kFirst).empty());

  auto read = catalog_->FindDossier(kSecond);
  ASSERT_TRUE(read.ok() && read->has_value());
  ASSERT_EQ((*read)->documents.size(), 2u);
  EXPECT_EQ((*read)->documents[0].reused_from, "");
  EXPECT_EQ((*read)->documents[0].reuse_evidence, "");
  EXPECT_EQ((*read)->documents[1].reused_from, std::string(kFirst) + ".2");
  EXPECT_EQ((*read)->documents[1].reuse_evidence, rows[0].evidence);

  auto events = catalog_->Events(EventFilter{.object = kSecond, .type = "reuse"});
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].outcome, "success");
  EXPECT_EQ((*events)[0].detail.rfind("missed: re-scanned although already digitized", 0), 0u)
      << (*events)[0].detail;
  EXPECT_NE((*events)[0].detail.find(std::string(kFirst) + ".2"), std::string::npos);

  auto candidates = catalog_->DocumentsOfCitizen(kCitizen);
  ASSERT_TRUE(candidates.ok());
  ASSERT_EQ(candidates->size(), 4u);
  EXPECT_EQ((*candidates)[3].reused_from, std::string(kFirst) + ".2");
}

TEST_F(ReuseLookupTest, StoringTheSameDossierAgainRecordsNoSecondReuse) {
  DossierRecord second = StoreFirstAndRescan();
  Store(second);
  EXPECT_EQ(ReuseRows(kSecond).size(), 1u);
  auto events = catalog_->Events(EventFilter{.object = kSecond, .type = "reuse"});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 1u);
}

TEST_F(ReuseLookupTest, AReuseOfADocumentNotArchivedIsRefusedWholly) {
  DossierRecord first = WithIdField(kFirst, kCitizen);
  first.documents = {MakeDocument(kKindIdCopy, FakeSha('2'), {"CĂN CƯỚC CÔNG DÂN"})};
  Store(first);
  for (std::string source :
       {std::string(kFirst) + ".7", std::string(kThird) + ".1", std::string("no code at all")}) {
    DossierRecord second = WithIdField(kSecond, kCitizen);
    second.documents = {MakeDocument(kKindIdCopy, FakeSha('4'), {"CĂN CƯỚC CÔNG DÂN"})};
    second.documents[0].reused_from = source;
    auto added = catalog_->StoreDossier(second);
    ASSERT_FALSE(added.ok()) << source;
    EXPECT_EQ(added.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(added.status().message().find(source), std::string::npos) << added.status().message();
  }
  auto missing = catalog_->FindDossier(kSecond);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value()) << "the refused dossier must not be half stored";
  EXPECT_TRUE(ReuseRows(kSecond).empty());
}

TEST_F(ReuseLookupTest, ADocumentCannotReScanOneOfItsOwnDossier) {
  DossierRecord first = WithIdField(kFirst, kCitizen);
  first.documents = {MakeDocument(kKindIdCopy, FakeSha('2'), {"CĂN CƯỚC CÔNG DÂN"})};
  Store(first);
  DossierRecord more = WithIdField(kFirst, kCitizen);
  more.documents = {MakeDocument(kKindIdCopy, FakeSha('5'), {"CĂN CƯỚC CÔNG DÂN"})};
  more.documents[0].reused_from = std::string(kFirst) + ".1";
  auto added = catalog_->StoreDossier(more);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sohoa::archive
