// Review and the learned classifier's counts in the catalog (ReviewStore),
// on the backend under test: the queue, a person's correction, examples
// taken back and counted again.
#include <gtest/gtest.h>

#include "archive/catalog.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

constexpr const char* kFirst = "000.31.22.H32-230620-0017";
constexpr const char* kSecond = "000.31.22.H32-230620-0018";

class ReviewTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    DossierRecord first = MakeDossier(kFirst, "Nguyễn Văn An", "1.001193", "Đăng ký khai sinh");
    first.received_date = "2023-06-20";
    first.fields = {{"applicant_name", "Nguyễn Văn An", 0.55f, kSourceOcr, 1, 1, {10, 20, 300, 40}, "label 'Họ tên'", true},
                    {"citizen_id", "056089004512", 0.95f, kSourceOcr},
                    {"citizen_id", "056089004513", 0.40f, kSourceOcr, 1, 1, {}, "", true}};
    first.documents.push_back(MakeDocument(kKindForm, FakeSha('1'), {"TỜ KHAI"}));
    Store(first);
    DossierRecord second = MakeDossier(kSecond, "Trần Thị Bình");
    second.fields = {{"received_date", "20/06/2023", 0.3f, kSourceOcr, 0, 0, {}, "", true}};
    Store(second);
  }

  FieldValue Field(const std::string& code, const std::string& name) {
    auto found = catalog_->FindDossier(code);
    EXPECT_TRUE(found.ok() && found->has_value());
    if (!found.ok() || !found->has_value()) return {};
    for (const FieldValue& f : (*found)->fields) {
      if (f.name == name) return f;
    }
    return {};
  }
};

TEST_F(ReviewTest, TheQueueListsEveryFlaggedValueOldestDossierFirst) {
  auto queue = catalog_->ReviewQueue();
  ASSERT_TRUE(queue.ok()) << queue.status().ToString();
  ASSERT_EQ(queue->size(), 3u);
  EXPECT_EQ((*queue)[0].dossier_code, kFirst);
  EXPECT_EQ((*queue)[0].field.name, "applicant_name");
  EXPECT_FLOAT_EQ((*queue)[0].field.confidence, 0.55f);
  EXPECT_EQ((*queue)[0].field.box.w, 300);
  EXPECT_EQ((*queue)[0].field.evidence, "label 'Họ tên'");
  EXPECT_TRUE((*queue)[0].field.needs_review);
  EXPECT_EQ((*queue)[1].field.value, "056089004513");
  EXPECT_EQ((*queue)[2].dossier_code, kSecond);
}

TEST_F(ReviewTest, ACorrectionReplacesTheValuesClearsTheFlagAndIsLogged) {
  ASSERT_TRUE(catalog_->CorrectField(kFirst, "citizen_id", "056089004512", "lan").ok());
  auto found = catalog_->FindDossier(kFirst);
  ASSERT_TRUE(found.ok() && found->has_value());
  int ids = 0;
  for (const FieldValue& f : (*found)->fields) {
    if (f.name != "citizen_id") continue;
    ++ids;
    EXPECT_EQ(f.value, "056089004512");
    EXPECT_EQ(f.source, kSourceManual);
    EXPECT_FLOAT_EQ(f.confidence, 1.0f);
    EXPECT_FALSE(f.needs_review);
    EXPECT_EQ(f.changed_by, "lan");
    EXPECT_EQ(f.changed_at.size(), std::string("2024-03-15T08:12:33.123Z").size()) << f.changed_at;
    EXPECT_EQ(f.evidence, "corrected by lan");
  }
  EXPECT_EQ(ids, 1);
  auto events = catalog_->Events(EventFilter{.object = kFirst, .type = "review"});
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].actor, "lan");
  EXPECT_EQ((*events)[0].detail, "citizen_id: '056089004512 | 056089004513' -> '056089004512'");
  auto queue = catalog_->ReviewQueue();
  ASSERT_TRUE(queue.ok());
  EXPECT_EQ(queue->size(), 2u);

  // A later scan's reading never overrides what a person set.
  DossierRecord again = MakeDossier(kFirst);
  again.fields = {{"citizen_id", "056089004512", 0.99f, kSourceOcr, 2, 1, {}, "a surer scan", true}};
  Store(again);
  const FieldValue kept = Field(kFirst, "citizen_id");
  EXPECT_EQ(kept.source, kSourceManual);
  EXPECT_FALSE(kept.needs_review);
}

TEST_F(ReviewTest, CorrectingTheDossiersOwnColumnsChangesThem) {
  ASSERT_TRUE(catalog_->CorrectField(kFirst, "procedure", "1.000894", "lan").ok());
  ASSERT_TRUE(catalog_->CorrectField(kFirst, "applicant_name", "Nguyễn Văn Ân", "lan").ok());
  ASSERT_TRUE(catalog_->CorrectField(kSecond, "received_date", "21/06/2023", "lan").ok());
  auto first = catalog_->FindDossier(kFirst);
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->procedure_code, "1.000894");
  EXPECT_FLOAT_EQ((*first)->procedure_confidence, 1.0f);
  EXPECT_EQ((*first)->procedure_evidence, "corrected by lan");
  EXPECT_FALSE((*first)->procedure_name.empty());
  EXPECT_EQ((*first)->applicant, "Nguyễn Văn Ân");
  auto second = catalog_->FindDossier(kSecond);
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->received_date, "2023-06-21");
  EXPECT_EQ(Field(kSecond, "received_date").value, "21/06/2023");
  // A later, surer classification no longer replaces a person's.
  DossierRecord again = MakeDossier(kFirst, "", "1.001193", "Đăng ký khai sinh");
  again.procedure_confidence = 0.99f;
  Store(again);
  EXPECT_EQ(catalog_->FindDossier(kFirst).value()->procedure_code, "1.000894");
}

TEST_F(ReviewTest, ACorrectionOfWhatIsNotThereIsRefused) {
  EXPECT_EQ(catalog_->CorrectField("000.31.22.H32-990101-0001", "citizen_id", "1", "lan").code(),
            StatusCode::kNotFound);
  EXPECT_EQ(catalog_->CorrectField(kFirst, "procedure", "9.999999", "lan").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->CorrectField(kFirst, "received_date", "tomorrow", "lan").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->CorrectField(kFirst, "", "x", "lan").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_->CorrectField(kFirst, "citizen_id", "x", "").code(), StatusCode::kInvalidArgument);
  // Refused whole: the flagged values wait as they were.
  EXPECT_EQ(catalog_->ReviewQueue()->size(), 3u);
  // Outside the scope reads as not there.
  catalog_->SetScope(Scope::Of({"000.00.23.H32"}));
  EXPECT_EQ(catalog_->CorrectField(kFirst, "citizen_id", "056089004512", "lan").code(), StatusCode::kNotFound);
  EXPECT_TRUE(catalog_->ReviewQueue()->empty());
  catalog_->SetScope(Scope::Of({"000.00.22.H32"}));
  EXPECT_EQ(catalog_->ReviewQueue()->size(), 3u);
}

TEST_F(ReviewTest, AnExampleStoredAgainReplacesItsCounts) {
  ASSERT_TRUE(catalog_->StoreClassifierExample({"A", "1.001193", "ocr", {{"khai", 2}, {"sinh", 1}, {"khai", 1}}}).ok());
  ASSERT_TRUE(catalog_->StoreClassifierExample({"B", "1.001193", "manual", {{"khai", 1}}}).ok());
  ASSERT_TRUE(catalog_->StoreClassifierExample({"C", "1.000894", "ocr", {{"ket", 1}, {"hon", 1}}}).ok());
  auto counts = catalog_->LoadClassifierCounts();
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  ASSERT_EQ(counts->procedures.size(), 2u);
  const auto& birth = counts->procedures.at("1.001193");
  EXPECT_EQ(birth.examples, 2);
  EXPECT_EQ(birth.terms, 5);
  EXPECT_EQ(birth.counts.at("khai"), 4);
  EXPECT_EQ(birth.counts.at("sinh"), 1);

  // A's dossier was a marriage after all: its example moves.
  ASSERT_TRUE(catalog_->StoreClassifierExample({"A", "1.000894", "manual", {{"ket", 3}}}).ok());
  counts = catalog_->LoadClassifierCounts();
  ASSERT_TRUE(counts.ok());
  const auto& moved = counts->procedures.at("1.001193");
  EXPECT_EQ(moved.examples, 1);
  EXPECT_EQ(moved.terms, 1);
  EXPECT_EQ(moved.counts.at("khai"), 1);
  EXPECT_EQ(moved.counts.count("sinh"), 0u) << "a count taken back to 0 is gone";
  const auto& marriage = counts->procedures.at("1.000894");
  EXPECT_EQ(marriage.examples, 2);
  EXPECT_EQ(marriage.counts.at("ket"), 4);
  EXPECT_EQ(catalog_->StoreClassifierExample({"", "1.000894", "ocr", {}}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sohoa::archive
