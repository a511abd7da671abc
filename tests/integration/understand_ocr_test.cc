// Understanding through real OCR on a single page: a receipt slip scanned
// turned a quarter, in a folder whose name is not the dossier's code.
#include <gtest/gtest.h>

#include "archive/catalog.h"
#include "ingest/pipeline.h"
#include "tests/test_env.h"
#include "tools/gen/generator.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;

TEST(UnderstandOcrTest, ATurnedReceiptStillGivesItsDossierCode) {
  testing::TempDir dir;
  gen::Options options;
  options.seed = 14;  // its second dossier's receipt is turned 270° (checked below)
  options.dossiers = 2;
  options.forms = {gen::Form::kFolder};
  auto truth = gen::Generate(options, dir.path() / "scans");
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  const gen::DossierTruth& d = truth->dossiers[1];
  const gen::PageTruth& receipt = d.documents[0].pages[0];
  ASSERT_EQ(d.documents[0].kind, "receipt");
  ASSERT_TRUE(receipt.rotation == 90 || receipt.rotation == 270) << receipt.rotation;
  ASSERT_FALSE(d.named_by_code);

  fs::path unit = dir.path() / "ho-so-quay";
  fs::create_directories(unit);
  fs::copy_file(dir.path() / "scans" / receipt.file, unit / fs::path(receipt.file).filename());

  archive::HomeLayout home{dir.path() / "home"};
  ASSERT_TRUE(archive::InitHome(home).ok());
  ingest::IngestOptions ingest_options;
  ingest_options.workers = 1;
  auto pipeline = ingest::Pipeline::Create(home, ingest_options);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  auto summary = (*pipeline)->Ingest({unit});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  ASSERT_TRUE(summary->failures.empty()) << summary->failures.front().reason;

  auto catalog = archive::Catalog::Open(home.catalog(), false);
  ASSERT_TRUE(catalog.ok());
  auto found = (*catalog)->FindDossier(d.code);
  ASSERT_TRUE(found.ok() && found->has_value()) << d.code << " not archived";
  const DossierRecord& r = **found;
  EXPECT_NE(r.code_source, kSourceFilename);
  EXPECT_EQ(r.received_date, d.received_date);
  EXPECT_EQ(r.procedure_code, d.procedure_code) << r.procedure_evidence;
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].kind, kKindReceipt);
  // The generator turned it clockwise; OCR turns it back the rest of the way.
  EXPECT_EQ(r.documents[0].pages[0].rotation, (360 - receipt.rotation) % 360);
  bool applicant = false;
  for (const auto& f : r.fields) {
    if (f.name == "applicant_name" && f.value == d.applicant) {
      applicant = true;
      EXPECT_EQ(f.document, 1);
      EXPECT_EQ(f.page, 1);
      EXPECT_GT(f.box.w, 0) << "the name's words should have a box";
    }
  }
  EXPECT_TRUE(applicant) << "applicant " << d.applicant << " not read";
}

}  // namespace
}  // namespace sohoa
