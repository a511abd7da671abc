// End to end on generated scans: ingest, then find every dossier, check its
// procedure, search by name without diacritics, and re-ingest without
// storing twice.
#include <gtest/gtest.h>

#include <map>

#include "archive/catalog.h"
#include "ingest/pipeline.h"
#include "schema/text.h"
#include "tests/test_env.h"
#include "tools/gen/generator.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;

class InboxToReportTest : public ::testing::Test {
 protected:
  // One generated corpus and one ingest for the whole suite: OCR is the cost.
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    gen::Options options;
    options.seed = 11;
    options.dossiers = 8;
    auto truth = gen::Generate(options, dir_->path() / "scans");
    ASSERT_TRUE(truth.ok()) << truth.status().ToString();
    truth_ = new gen::GroundTruth(std::move(truth).value());

    home_ = new archive::HomeLayout{dir_->path() / "home"};
    ASSERT_TRUE(archive::InitHome(*home_).ok());
    ingest::IngestOptions ingest_options;
    ingest_options.workers = 2;
    auto pipeline = ingest::Pipeline::Create(*home_, ingest_options);
    ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
    auto summary = (*pipeline)->Ingest(Paths());
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    summary_ = new ingest::IngestSummary(std::move(summary).value());
  }

  static void TearDownTestSuite() {
    delete summary_;
    delete home_;
    delete truth_;
    delete dir_;
  }

  static std::vector<fs::path> Paths() {
    std::vector<fs::path> paths;
    for (const auto& d : truth_->dossiers) paths.push_back(dir_->path() / "scans" / d.path);
    return paths;
  }

  std::unique_ptr<archive::Catalog> OpenCatalog() {
    auto catalog = archive::Catalog::Open(home_->catalog(), false);
    EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
    return catalog.ok() ? std::move(catalog).value() : nullptr;
  }

  static testing::TempDir* dir_;
  static gen::GroundTruth* truth_;
  static archive::HomeLayout* home_;
  static ingest::IngestSummary* summary_;
};

testing::TempDir* InboxToReportTest::dir_ = nullptr;
gen::GroundTruth* InboxToReportTest::truth_ = nullptr;
archive::HomeLayout* InboxToReportTest::home_ = nullptr;
ingest::IngestSummary* InboxToReportTest::summary_ = nullptr;

TEST_F(InboxToReportTest, EveryDossierIsArchivedUnderItsCode) {
  ASSERT_NE(summary_, nullptr);
  EXPECT_TRUE(summary_->failures.empty()) << summary_->failures.front().path << ": "
                                          << summary_->failures.front().reason;
  EXPECT_EQ(summary_->dossiers, static_cast<int>(truth_->dossiers.size()));
  EXPECT_EQ(summary_->pages, truth_->PageCount());
  auto catalog = OpenCatalog();
  ASSERT_NE(catalog, nullptr);
  int from_text = 0;
  for (const auto& d : truth_->dossiers) {
    auto found = catalog->FindDossier(d.code);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value()) << d.code << " (" << d.path << ") not archived";
    EXPECT_EQ((*found)->agency_code, d.agency_code);
    EXPECT_EQ((*found)->received_date, d.received_date);
    if (!d.named_by_code) {
      ++from_text;
      // The receipt's QR code or its printed code, never the neutral name.
      EXPECT_NE((*found)->code_source, kSourceFilename) << d.code;
    }
    auto hits = catalog->Search(d.code, 5);
    ASSERT_TRUE(hits.ok());
    ASSERT_FALSE(hits->empty());
    EXPECT_EQ(hits->front().dossier_code, d.code);
  }
  EXPECT_GT(from_text, 0) << "the corpus should hold dossiers whose code is only printed";
}

TEST_F(InboxToReportTest, TheProcedureIsRightForAtLeastNinetyPercent) {
  auto catalog = OpenCatalog();
  ASSERT_NE(catalog, nullptr);
  int right = 0;
  std::string wrong;
  for (const auto& d : truth_->dossiers) {
    auto found = catalog->FindDossier(d.code);
    ASSERT_TRUE(found.ok() && found->has_value());
    if ((*found)->procedure_code == d.procedure_code) {
      ++right;
    } else {
      wrong += d.code + " got '" + (*found)->procedure_code + "' want " + d.procedure_code + "\n";
    }
  }
  EXPECT_GE(right * 10, static_cast<int>(truth_->dossiers.size()) * 9) << wrong;
}

TEST_F(InboxToReportTest, ANameTypedWithoutDiacriticsFindsItsDossier) {
  auto catalog = OpenCatalog();
  ASSERT_NE(catalog, nullptr);
  for (const auto& d : truth_->dossiers) {
    std::string query = FoldForSearch(d.applicant);
    ASSERT_NE(query, d.applicant);
    auto hits = catalog->Search(query, 50);
    ASSERT_TRUE(hits.ok()) << hits.status().ToString();
    bool found = false;
    for (const auto& h : *hits) found = found || h.dossier_code == d.code;
    EXPECT_TRUE(found) << "'" << query << "' did not find " << d.code << " of " << d.applicant;
  }
}

TEST_F(InboxToReportTest, TheSameFileIngestedTwiceIsStoredOnce) {
  auto count_blobs = [] {
    int n = 0;
    for (const auto& e : fs::recursive_directory_iterator(home_->blobs())) n += e.is_regular_file();
    return n;
  };
  int blobs_before = count_blobs();
  auto catalog = OpenCatalog();
  ASSERT_NE(catalog, nullptr);
  auto before = catalog->Report();
  ASSERT_TRUE(before.ok());

  ingest::IngestOptions options;
  options.workers = 1;
  auto pipeline = ingest::Pipeline::Create(*home_, options);
  ASSERT_TRUE(pipeline.ok());
  auto again = (*pipeline)->Ingest({Paths().front()});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->dossiers, 0);
  EXPECT_GE(again->duplicates, 1);
  EXPECT_EQ(again->pages, 0);
  EXPECT_EQ(count_blobs(), blobs_before);
  auto after = catalog->Report();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->documents, before->documents);
  EXPECT_EQ(after->pages, before->pages);
}

TEST_F(InboxToReportTest, TheReportCountsEveryArchivedDossier) {
  auto catalog = OpenCatalog();
  ASSERT_NE(catalog, nullptr);
  auto report = catalog->Report();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->dossiers, static_cast<std::int64_t>(truth_->dossiers.size()));
  EXPECT_EQ(report->digitization.denominator, report->dossiers);
  // A dossier is digitized when it has its result where its procedure needs
  // one; the generator leaves out the result of some dossiers.
  std::int64_t with_result = 0;
  for (const auto& d : truth_->dossiers) {
    bool has_result = false;
    for (const auto& doc : d.documents) has_result = has_result || doc.kind == "result";
    with_result += has_result;
  }
  EXPECT_EQ(report->digitization.numerator, with_result);
}

}  // namespace
}  // namespace sohoa
