// What packages read from and write to the event log (PackageLog), on the
// backend under test: a dossier's preservation history, exports, imports.
#include <gtest/gtest.h>

#include "archive/catalog.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

constexpr const char* kCode = "000.31.22.H32-230620-0017";
constexpr const char* kImported = "000.31.22.H32-230620-0018";

class PackageLogTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    DossierRecord d = MakeDossier(kCode, "Nguyễn Văn An", "1.001193", "Đăng ký khai sinh");
    d.procedure_evidence = "code on the receipt";
    d.documents.push_back(MakeDocument(kKindForm, FakeSha('1'), {"TỜ KHAI", "trang 2"}));
    Store(d);
  }

  std::vector<std::string> TypesOf(const std::vector<Event>& events) {
    std::vector<std::string> types;
    for (const Event& e : events) types.push_back(e.type);
    return types;
  }
};

TEST_F(PackageLogTest, AHistoryLeavesOutAccessAndMovementAndEndsWithAWholeFixityCheck) {
  ASSERT_TRUE(catalog_->AppendEvent({"view", kCode, "lan", "", "sohoa show", ""}).ok());
  ASSERT_TRUE(catalog_->LogExports({kCode}, "lan", "bag.tar").ok());
  ASSERT_TRUE(catalog_->AppendEvent({"fixity check", "blobs", "", "", "3 blobs (sample 100%)", ""}).ok());
  ASSERT_TRUE(catalog_->AppendEvent({"fixity check", "blobs", "", "", "1 blob (sample 10%)", ""}).ok());
  auto history = catalog_->PreservationEventsOf(kCode);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  EXPECT_EQ(TypesOf(*history),
            (std::vector<std::string>{"ingestion", "message digest calculation", "format identification", "OCR",
                                      "classification", "fixity check"}));
  EXPECT_EQ(history->back().object, "blobs");
  EXPECT_EQ(history->back().detail, "3 blobs (sample 100%)");
  EXPECT_EQ((*history)[3].detail, "2 pages recognised, mean confidence 91.50");
  EXPECT_EQ((*history)[4].detail, "procedure 1.001193: code on the receipt");
  for (const Event& e : *history) EXPECT_EQ(e.at.size(), std::string("2024-03-15T08:12:33.123Z").size()) << e.at;
  auto exports = catalog_->Events(EventFilter{.object = kCode, .type = "export"});
  ASSERT_TRUE(exports.ok());
  ASSERT_EQ(exports->size(), 1u);
  EXPECT_EQ((*exports)[0].actor, "lan");
  EXPECT_TRUE(catalog_->PreservationEventsOf("000.31.22.H32-990101-0001")->empty());
}

TEST_F(PackageLogTest, AnImportKeepsTheBagsHistoryInPlaceOfWhatStoringLogged) {
  auto before = catalog_->LastEventId();
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_GT(*before, 0);
  DossierRecord d = MakeDossier(kImported, "Trần Thị Bình");
  d.documents.push_back(MakeDocument(kKindForm, FakeSha('2'), {"TỜ KHAI"}));
  Store(d);
  EXPECT_GT(*catalog_->LastEventId(), *before);
  const std::vector<Event> from_bag = {
      {"ingestion", "ignored", "", "success", "1 document added (1 page)", "2020-01-02T03:04:05.678Z"},
      {"OCR", "ignored", "clerk", "success", "1 page recognised", "2020-01-02T03:04:06.001Z"}};
  ASSERT_TRUE(catalog_
                  ->RecordImport(kImported, *before, from_bag, "bag-0018", "2024-01-01", "tester",
                                 "from bag-0018.tar")
                  .ok());
  auto history = catalog_->PreservationEventsOf(kImported);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].at, "2020-01-02T03:04:05.678Z");
  EXPECT_EQ((*history)[0].actor, "sohoa");
  EXPECT_EQ((*history)[0].object, kImported);
  EXPECT_EQ((*history)[1].at, "2020-01-02T03:04:06.001Z");
  EXPECT_EQ((*history)[1].actor, "clerk");
  auto imports = catalog_->Events(EventFilter{.object = kImported, .type = "import"});
  ASSERT_TRUE(imports.ok());
  ASSERT_EQ(imports->size(), 1u);
  EXPECT_EQ((*imports)[0].detail, "from bag-0018.tar");
  // The other dossier's history is its own.
  EXPECT_EQ(catalog_->PreservationEventsOf(kCode)->front().type, "ingestion");
}

}  // namespace
}  // namespace sohoa::archive
