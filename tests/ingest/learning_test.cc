// The learned procedure classifier: counts kept in the catalog, and a
// person's correction changing its next decision.
#include <gtest/gtest.h>

#include "archive/catalog.h"
#include "archive/home.h"
#include "ingest/naive_bayes.h"
#include "ingest/review.h"
#include "tests/test_env.h"

namespace sohoa::ingest {
namespace {

DossierRecord Dossier(const std::string& code, const std::string& procedure,
                      const std::string& text) {
  DossierRecord d;
  d.code = code;
  d.procedure_code = procedure;
  d.procedure_confidence = 0.5f;
  DocumentRecord doc;
  doc.kind = kKindOther;
  PageRecord page;
  page.number = 1;
  page.text = text;
  doc.pages.push_back(page);
  d.documents.push_back(doc);
  return d;
}

TEST(LearningTest, ACorrectionChangesTheClassifiersNextDecision) {
  testing::TempDir dir;
  archive::HomeLayout home{dir.path() / "home"};
  ASSERT_TRUE(archive::InitHome(home).ok());
  auto catalog = archive::Catalog::Open(home.catalog(), false);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  archive::Catalog& c = **catalog;

  // Two confirmed examples: a birth and a marriage dossier.
  const std::string birth = "đơn xin cấp bản sao trích lục khai sinh cho con";
  const std::string marriage = "đơn xin xác nhận tình trạng hôn nhân để kết hôn";
  ASSERT_TRUE(c.StoreClassifierExample({"A", "1.001193", "ocr", TermsOf({birth})}).ok());
  ASSERT_TRUE(c.StoreClassifierExample({"B", "1.000894", "ocr", TermsOf({marriage})}).ok());

  // An ambiguous request leans to the birth procedure ("đơn xin cấp bản sao").
  const std::string unclear = "đơn xin cấp bản sao giấy tờ hộ tịch";
  auto before = NaiveBayes(*c.LoadClassifierCounts()).Classify(TermsOf({unclear}));
  ASSERT_TRUE(before.has_value());
  ASSERT_EQ(before->procedure_code, "1.001193") << before->evidence;

  // A person says a dossier with exactly that text is a marriage dossier.
  ASSERT_TRUE(c.StoreDossier(Dossier("000.31.22.H32-230620-0017", "1.001193", unclear)).ok());
  ASSERT_TRUE(ApplyCorrection(c, "000.31.22.H32-230620-0017", "procedure", "1.000894", "lan").ok());

  auto after = NaiveBayes(*c.LoadClassifierCounts()).Classify(TermsOf({unclear}));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->procedure_code, "1.000894") << after->evidence;

  auto stored = c.FindDossier("000.31.22.H32-230620-0017");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->procedure_code, "1.000894");
  EXPECT_FLOAT_EQ((*stored)->procedure_confidence, 1.0f);
  bool manual = false;
  for (const auto& f : (*stored)->fields) {
    if (f.name == "procedure") {
      manual = f.source == kSourceManual && f.changed_by == "lan" && !f.changed_at.empty();
    }
  }
  EXPECT_TRUE(manual);
  auto events = c.Events("000.31.22.H32-230620-0017");
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->back().type, "review");
  EXPECT_EQ(events->back().actor, "lan");
}

TEST(LearningTest, ReplacingADossiersExampleTakesItsOldCountsBack) {
  testing::TempDir dir;
  archive::HomeLayout home{dir.path() / "home"};
  ASSERT_TRUE(archive::InitHome(home).ok());
  auto catalog = archive::Catalog::Open(home.catalog(), false);
  ASSERT_TRUE(catalog.ok());
  ASSERT_TRUE((*catalog)->StoreClassifierExample({"A", "1.001193", "ocr", TermsOf({"khai sinh"})}).ok());
  ASSERT_TRUE((*catalog)->StoreClassifierExample({"A", "1.000894", "manual", TermsOf({"khai sinh"})}).ok());
  auto counts = (*catalog)->LoadClassifierCounts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->procedures.count("1.001193"), 0u);
  EXPECT_EQ(counts->procedures.at("1.000894").examples, 1);
  EXPECT_EQ(counts->procedures.at("1.000894").counts.at("khai_sinh"), 1);
}

TEST(LearningTest, OneKnownProcedureIsNoBasisForADecision) {
  NaiveBayes nb;
  nb.Add("1.001193", TermsOf({"khai sinh"}));
  EXPECT_FALSE(nb.Classify(TermsOf({"khai sinh"})).has_value());
}

}  // namespace
}  // namespace sohoa::ingest
