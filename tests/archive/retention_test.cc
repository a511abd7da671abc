// Retention: the period per procedure, which dossiers are past it, and
// deletion only on an explicit request that records who and why.
#include "archive/retention.h"

#include <gtest/gtest.h>

#include "archive/blob_store.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

constexpr char kBirth[] = "1.001193";     // built-in: đăng ký khai sinh
constexpr char kMarriage[] = "1.000894";  // built-in: đăng ký kết hôn

class RetentionTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    blobs_ = std::make_unique<FolderBlobStore>(home_.blobs());
  }

  // A dossier received on `received`, whose one document's original and
  // page scan are real blobs holding `content`.
  DossierRecord StoreReceived(const std::string& code, const std::string& procedure,
                              const std::string& received, const std::string& content) {
    auto sha = blobs_->PutBytes(content);
    EXPECT_TRUE(sha.ok());
    DossierRecord d = MakeDossier(code, "Nguyễn Văn An", procedure, "thủ tục");
    d.received_date = received;
    DocumentRecord doc = MakeDocument(kKindForm, *sha, {"tờ khai " + content});
    doc.pages[0].image_sha256 = *sha;
    d.documents.push_back(doc);
    Store(d);
    return d;
  }

  std::vector<std::string> DueCodes(const std::string& as_of) {
    auto due = DossiersPastRetention(*catalog_, as_of);
    EXPECT_TRUE(due.ok()) << due.status().ToString();
    std::vector<std::string> codes;
    if (due.ok()) {
      for (const auto& d : *due) codes.push_back(d.code);
    }
    return codes;
  }

  std::unique_ptr<FolderBlobStore> blobs_;
};

TEST(NormalizeRetentionTest, AcceptsTheWaysPeopleWriteAPeriod) {
  EXPECT_EQ(*NormalizeRetention("Vĩnh viễn"), "permanent");
  EXPECT_EQ(*NormalizeRetention("vinh vien"), "permanent");
  EXPECT_EQ(*NormalizeRetention("permanent"), "permanent");
  EXPECT_EQ(*NormalizeRetention("20"), "20");
  EXPECT_EQ(*NormalizeRetention(" 20 năm "), "20");
  EXPECT_EQ(*NormalizeRetention("5 years"), "5");
  EXPECT_EQ(*NormalizeRetention(""), "");
  EXPECT_FALSE(NormalizeRetention("0").ok());
  EXPECT_FALSE(NormalizeRetention("lâu").ok());
  EXPECT_FALSE(NormalizeRetention("20 tháng").ok());
  EXPECT_FALSE(NormalizeRetention("-5").ok());
}

TEST_F(RetentionTest, ADossierIsDueOnTheDayItsRetentionEnds) {
  ASSERT_TRUE(SetRetention(*catalog_, kMarriage, "10 năm", "archivist").ok());
  ASSERT_TRUE(SetRetention(*catalog_, kBirth, "vĩnh viễn", "archivist").ok());
  StoreReceived("000.31.22.H32-140301-0001", kMarriage, "2014-03-01", "a");
  StoreReceived("000.31.22.H32-150301-0001", kMarriage, "2015-03-01", "b");
  StoreReceived("000.31.22.H32-100301-0001", kBirth, "2010-03-01", "c");  // permanent
  StoreReceived("000.31.22.H32-100301-0002", "", "2010-03-01", "d");      // unclassified

  EXPECT_TRUE(DueCodes("2024-02-29").empty());
  EXPECT_EQ(DueCodes("2024-03-01"), std::vector<std::string>{"000.31.22.H32-140301-0001"});
  auto due = DossiersPastRetention(*catalog_, "2030-01-01");
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].due_date, "2024-03-01");
  EXPECT_EQ((*due)[1].due_date, "2025-03-01");
  EXPECT_EQ((*due)[1].retention, "10");
  EXPECT_FALSE(DossiersPastRetention(*catalog_, "01/03/2024").ok());
}

TEST_F(RetentionTest, SettingTheRetentionOfAnUnknownProcedureOrAMalformedPeriodFails) {
  Status unknown = SetRetention(*catalog_, "9.999999", "10", "archivist");
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound);
  EXPECT_EQ(SetRetention(*catalog_, kBirth, "mãi mãi", "archivist").code(), StatusCode::kInvalidArgument);
}

TEST_F(RetentionTest, ACatalogReimportWithoutRetentionKeepsTheOneSet) {
  ASSERT_TRUE(SetRetention(*catalog_, kMarriage, "20", "archivist").ok());
  ASSERT_TRUE(catalog_->ReplaceProcedures(BuiltinProcedures()).ok());
  auto procedures = catalog_->Procedures();
  ASSERT_TRUE(procedures.ok());
  for (const auto& p : *procedures) {
    EXPECT_EQ(p.retention, p.code == kMarriage ? "20" : "") << p.code;
  }
}

TEST_F(RetentionTest, DeletionNeedsWhoAndWhyAndRemovesOnlyWhatNothingElseUses) {
  ASSERT_TRUE(SetRetention(*catalog_, kMarriage, "10", "archivist").ok());
  const DossierRecord old = StoreReceived("000.31.22.H32-140301-0001", kMarriage, "2014-03-01", "old");
  // Another dossier shares the first one's scan: that blob must stay.
  DossierRecord sharing = MakeDossier("000.31.22.H32-200301-0001", "", kMarriage, "thủ tục");
  sharing.received_date = "2020-03-01";
  sharing.documents.push_back(MakeDocument(kKindIdCopy, old.documents[0].source_sha256, {"cccd"}));
  Store(sharing);
  auto own = blobs_->PutBytes("only the old dossier's PDF");
  ASSERT_TRUE(own.ok());
  {
    DossierRecord with_pdf = MakeDossier(old.code, "", kMarriage, "thủ tục");
    DocumentRecord doc = MakeDocument(kKindResult, *own, {"giấy chứng nhận kết hôn"});
    doc.pdf_sha256 = *own;
    with_pdf.documents.push_back(doc);
    Store(with_pdf);
  }

  DeletionRequest request;
  request.code = old.code;
  request.as_of = "2024-06-01";
  EXPECT_EQ(DeleteDossier(*catalog_, *blobs_, request).status().code(), StatusCode::kInvalidArgument);
  request.actor = "Trần Thị Bình";
  EXPECT_EQ(DeleteDossier(*catalog_, *blobs_, request).status().code(), StatusCode::kInvalidArgument);
  request.reason = "Quyết định hủy tài liệu hết giá trị số 12/QĐ-UBND";
  auto deleted = DeleteDossier(*catalog_, *blobs_, request);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(deleted->documents, 2);
  EXPECT_EQ(deleted->blobs_removed, 1);
  EXPECT_FALSE(*blobs_->Contains(*own));
  EXPECT_TRUE(*blobs_->Contains(old.documents[0].source_sha256));

  auto gone = catalog_->FindDossier(old.code);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  EXPECT_TRUE(Search("tờ khai old").empty());

  // The history stays: the ingestion events and the deletion, with who and why.
  auto events = catalog_->Events(old.code);
  ASSERT_TRUE(events.ok());
  ASSERT_GE(events->size(), 2u);
  EXPECT_EQ(events->front().type, "ingestion");
  EXPECT_EQ(events->back().type, "deletion");
  EXPECT_EQ(events->back().actor, "Trần Thị Bình");
  EXPECT_NE(events->back().detail.find("12/QĐ-UBND"), std::string::npos);
  auto records = Deletions(*catalog_);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].code, old.code);
  EXPECT_EQ((*records)[0].deleted_by, "Trần Thị Bình");
  EXPECT_EQ((*records)[0].retention, "10");
}

// The full-text index keeps no copy of the text (schema 6): a page leaves it
// only when told the very words it was given. A dossier whose words changed
// (review of the applicant and the procedure) and was then deleted must leave
// no word behind: a stale word would find a page that is gone.
TEST_F(RetentionTest, AReviewedThenDeletedDossierLeavesNoWordInTheSearchIndex) {
  const DossierRecord d =
      StoreReceived("000.31.22.H32-140301-0002", kMarriage, "2014-03-01", "quýt");
  ASSERT_TRUE(catalog_->CorrectField(d.code, "applicant_name", "Phạm Quốc Bảo", "archivist").ok());
  ASSERT_TRUE(catalog_->CorrectField(d.code, "procedure", kBirth, "archivist").ok());
  EXPECT_EQ(Search("pham quoc bao").size(), 1u);
  EXPECT_EQ(Search("quyt procedure:" + std::string(kBirth)).size(), 1u);
  EXPECT_TRUE(Search("quyt procedure:" + std::string(kMarriage)).empty());

  DeletionRequest request{d.code, "archivist", "test", "2014-04-01", true};
  ASSERT_TRUE(DeleteDossier(*catalog_, *blobs_, request).ok());
  for (const char* words : {"quyt", "tờ khai", "pham quoc bao", "nguyen van an", "t*",
                            "\"to khai quyt\"", "qu*"}) {
    auto hits = catalog_->Search(words, 20);
    ASSERT_TRUE(hits.ok()) << words << ": " << hits.status().ToString();
    EXPECT_TRUE(hits->empty()) << words;
  }
  // The index still takes and finds the same words.
  StoreReceived("000.31.22.H32-200301-0002", kMarriage, "2020-03-01", "quýt");
  EXPECT_EQ(Search("\"tờ khai quýt\"").size(), 1u);
}

TEST_F(RetentionTest, ADossierNotYetDueOrKeptPermanentlyIsRefused) {
  ASSERT_TRUE(SetRetention(*catalog_, kMarriage, "10", "archivist").ok());
  ASSERT_TRUE(SetRetention(*catalog_, kBirth, "permanent", "archivist").ok());
  StoreReceived("000.31.22.H32-200301-0001", kMarriage, "2020-03-01", "young");
  StoreReceived("000.31.22.H32-100301-0001", kBirth, "2010-03-01", "birth");

  DeletionRequest request{"000.31.22.H32-200301-0001", "archivist", "cleanup", "2024-06-01", false};
  auto refused = DeleteDossier(*catalog_, *blobs_, request);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("2030-03-01"), std::string::npos) << refused.status().ToString();
  auto still = catalog_->FindDossier(request.code);
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(still->has_value());

  request.before_due = true;
  auto early = DeleteDossier(*catalog_, *blobs_, request);
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  auto records = Deletions(*catalog_);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_NE((*records)[0].reason.find("before its retention ended"), std::string::npos);

  DeletionRequest permanent{"000.31.22.H32-100301-0001", "archivist", "cleanup", "2200-01-01", true};
  EXPECT_EQ(DeleteDossier(*catalog_, *blobs_, permanent).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(DeleteDossier(*catalog_, *blobs_, {"000.00.00.H32-000000-0000", "a", "b", "2024-01-01", true})
                .status()
                .code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace sohoa::archive
