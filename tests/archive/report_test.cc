// Catalog::Report on a small hand-made archive.
#include <gtest/gtest.h>

#include "archive/catalog.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

class ReportTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Procedure needs_result;
    needs_result.code = "9.000001";
    needs_result.name = "Đăng ký khai sinh (thử)";
    needs_result.field = "Hộ tịch";
    needs_result.requires_paper_result = true;
    Procedure no_result;
    no_result.code = "9.000002";
    no_result.name = "Xác nhận (thử)";
    no_result.field = "Chứng thực";
    no_result.requires_paper_result = false;
    ASSERT_TRUE(catalog_->ReplaceProcedures({needs_result, no_result}).ok());
  }

  void Add(const std::string& code, const std::string& procedure,
           std::vector<DocumentRecord> docs) {
    DossierRecord d =
        MakeDossier(code, "", procedure, procedure.empty() ? "" : "name on the dossier");
    d.documents = std::move(docs);
    Store(d);
  }
};

const DigitizationReport::ByProcedure* Row(const DigitizationReport& r, const std::string& code) {
  for (const auto& row : r.by_procedure) {
    if (row.procedure_code == code) return &row;
  }
  return nullptr;
}

TEST_F(ReportTest, CountsADossierAsDigitizedOnlyWithItsResultWhenTheProcedureIssuesOne) {
  // A: requires a result and has one             -> digitized
  Add("000.31.22.H32-230620-0001", "9.000001",
      {MakeDocument(kKindForm, FakeSha('1'), {"form p1", "form p2"}),
       MakeDocument(kKindResult, FakeSha('2'), {"result"})});
  // B: requires a result, has only the form      -> not digitized
  Add("000.31.22.H32-230620-0002", "9.000001", {MakeDocument(kKindForm, FakeSha('3'), {"form"})});
  // C: requires a result whose document has no pages -> not digitized
  Add("000.31.22.H32-230620-0003", "9.000001",
      {MakeDocument(kKindForm, FakeSha('4'), {"form"}),
       MakeDocument(kKindResult, FakeSha('5'), {})});
  // D: needs no result, has pages                -> digitized
  Add("000.31.22.H32-230620-0004", "9.000002", {MakeDocument(kKindForm, FakeSha('6'), {"form"})});
  // E: needs no result, but nothing was scanned  -> not digitized
  Add("000.31.22.H32-230620-0005", "9.000002", {});
  // F: unclassified, has pages                   -> digitized (no known result requirement)
  Add("000.31.22.H32-230620-0006", "", {MakeDocument(kKindOther, FakeSha('7'), {"page"})});

  auto report = catalog_->Report();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const DigitizationReport& r = *report;
  EXPECT_EQ(r.dossiers, 6);
  EXPECT_EQ(r.documents, 2 + 1 + 2 + 1 + 0 + 1);
  EXPECT_EQ(r.pages, 3 + 1 + 1 + 1 + 0 + 1);
  EXPECT_EQ(r.unclassified, 1);
  EXPECT_EQ(r.digitization.numerator, 3);  // A, D, F
  EXPECT_EQ(r.digitization.denominator, 6);
  ASSERT_TRUE(r.digitization.percent().has_value());
  EXPECT_DOUBLE_EQ(*r.digitization.percent(), 50.0);

  ASSERT_EQ(r.by_procedure.size(), 3u);
  const auto* needs = Row(r, "9.000001");
  ASSERT_NE(needs, nullptr);
  EXPECT_EQ(needs->procedure_name, "Đăng ký khai sinh (thử)");  // the catalog's name
  EXPECT_EQ(needs->field, "Hộ tịch");
  EXPECT_EQ(needs->digitization.numerator, 1);
  EXPECT_EQ(needs->digitization.denominator, 3);
  EXPECT_NEAR(*needs->digitization.percent(), 33.333, 0.001);
  const auto* plain = Row(r, "9.000002");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->digitization.numerator, 1);
  EXPECT_EQ(plain->digitization.denominator, 2);
  // The unclassified row comes last.
  const auto& last = r.by_procedure.back();
  EXPECT_EQ(last.procedure_code, "");
  EXPECT_EQ(last.procedure_name, "unclassified");
  EXPECT_EQ(last.digitization.numerator, 1);
  EXPECT_EQ(last.digitization.denominator, 1);
}

TEST_F(ReportTest, AnEmptyHomeHasNoRate) {
  auto report = catalog_->Report();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->dossiers, 0);
  EXPECT_TRUE(report->by_procedure.empty());
  EXPECT_FALSE(report->digitization.percent().has_value());
}

TEST(RateCellTest, IsNotAvailableOnAnEmptyDenominator) {
  EXPECT_FALSE((RateCell{0, 0}).percent().has_value());
  EXPECT_DOUBLE_EQ(*(RateCell{1, 4}).percent(), 25.0);
}

}  // namespace
}  // namespace sohoa::archive
