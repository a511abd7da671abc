// StoreDossier, FindDossier and FindSource.
#include <set>
#include <map>
#include <gtest/gtest.h>

#include "archive/catalog.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

constexpr const char* kCode = "000.31.22.H32-230620-0017";

DossierRecord FullDossier() {
  DossierRecord d = MakeDossier(kCode, "NGUYỄN VĂN ĐỨC", "1.001193", "Thủ tục đăng ký khai sinh");
  d.code_source = kSourceBarcode;
  d.agency_code = "000.31.22.H32";
  d.received_date = "2023-06-20";
  d.field = "Hộ tịch";
  d.procedure_confidence = 0.875f;
  d.status = "archived";

  DocumentRecord receipt = MakeDocument(
      kKindReceipt, FakeSha('1'), {"GIẤY TIẾP NHẬN HỒ SƠ\nMã hồ sơ: 000.31.22.H32-230620-0017"});
  receipt.title = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";
  receipt.source_name = "000.31.22.H32-230620-0017.pdf";
  receipt.source_bytes = 123456;
  PageRecord& p = receipt.pages[0];
  p.source_page = 0;
  p.rotation = 90;
  p.skew_degrees = -1.25f;
  p.confidence = 88.5f;
  p.words = {{"GIẤY", {10, 20, 80, 30}, 96.5f},
             {"TIẾP", {95, 20, 70, 30}, 91.25f},
             {"NHẬN", {-3, 0, 1, 1}, 0.0f}};

  DocumentRecord form =
      MakeDocument(kKindForm, FakeSha('1'), {"TỜ KHAI ĐĂNG KÝ KHAI SINH", "trang 2"});
  form.title = "TỜ KHAI ĐĂNG KÝ KHAI SINH";
  form.pages[0].source_page = 1;
  form.pages[1].source_page = 2;
  form.pages[1].image_sha256 = FakeSha('b');

  d.documents = {receipt, form};
  d.fields = {{"applicant_name", "NGUYỄN VĂN ĐỨC", 0.9f, kSourceOcr},
              {"citizen_id", "056189004512", 0.75f, kSourceOcr}};
  return d;
}

void ExpectSamePage(const PageRecord& got, const PageRecord& want) {
  EXPECT_EQ(got.number, want.number);
  EXPECT_EQ(got.image_sha256, want.image_sha256);
  EXPECT_EQ(got.source_page, want.source_page);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.confidence, want.confidence);
  EXPECT_EQ(got.rotation, want.rotation);
  EXPECT_EQ(got.skew_degrees, want.skew_degrees);
  EXPECT_EQ(got.dpi, want.dpi);
  EXPECT_EQ(got.width, want.width);
  EXPECT_EQ(got.height, want.height);
  ASSERT_EQ(got.words.size(), want.words.size());
  for (size_t i = 0; i < want.words.size(); ++i) {
    EXPECT_EQ(got.words[i].text, want.words[i].text);
    EXPECT_EQ(got.words[i].box.x, want.words[i].box.x);
    EXPECT_EQ(got.words[i].box.y, want.words[i].box.y);
    EXPECT_EQ(got.words[i].box.w, want.words[i].box.w);
    EXPECT_EQ(got.words[i].box.h, want.words[i].box.h);
    EXPECT_EQ(got.words[i].confidence, want.words[i].confidence);
  }
}

TEST_F(CatalogTest, ADossierComesBackExactlyAsStored) {
  const DossierRecord want = FullDossier();
  auto added = catalog_->StoreDossier(want);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(*added, 2);

  auto found = catalog_->FindDossier(kCode);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  const DossierRecord& got = **found;
  EXPECT_EQ(got.code, want.code);
  EXPECT_EQ(got.code_source, want.code_source);
  EXPECT_EQ(got.agency_code, want.agency_code);
  EXPECT_EQ(got.received_date, want.received_date);
  EXPECT_EQ(got.procedure_code, want.procedure_code);
  EXPECT_EQ(got.procedure_name, want.procedure_name);
  EXPECT_EQ(got.field, want.field);
  EXPECT_EQ(got.procedure_confidence, want.procedure_confidence);
  EXPECT_EQ(got.applicant, want.applicant);
  EXPECT_EQ(got.status, want.status);
  ASSERT_EQ(got.documents.size(), want.documents.size());
  for (size_t d = 0; d < want.documents.size(); ++d) {
    const DocumentRecord& gd = got.documents[d];
    const DocumentRecord& wd = want.documents[d];
    EXPECT_EQ(gd.kind, wd.kind);
    EXPECT_EQ(gd.title, wd.title);
    EXPECT_EQ(gd.source_sha256, wd.source_sha256);
    EXPECT_EQ(gd.source_name, wd.source_name);
    EXPECT_EQ(gd.media_type, wd.media_type);
    EXPECT_EQ(gd.source_bytes, wd.source_bytes);
    ASSERT_EQ(gd.pages.size(), wd.pages.size());
    for (size_t p = 0; p < wd.pages.size(); ++p) ExpectSamePage(gd.pages[p], wd.pages[p]);
  }
  ASSERT_EQ(got.fields.size(), want.fields.size());
  for (size_t f = 0; f < want.fields.size(); ++f) {
    EXPECT_EQ(got.fields[f].name, want.fields[f].name);
    EXPECT_EQ(got.fields[f].value, want.fields[f].value);
    EXPECT_EQ(got.fields[f].confidence, want.fields[f].confidence);
    EXPECT_EQ(got.fields[f].source, want.fields[f].source);
  }
}

TEST_F(CatalogTest, PagesComeBackInPageOrder) {
  DossierRecord d = MakeDossier(kCode);
  DocumentRecord doc = MakeDocument(kKindForm, FakeSha('1'), {});
  doc.pages = {MakePage(3, "three"), MakePage(1, "one"), MakePage(2, "two")};
  d.documents = {doc};
  Store(d);
  auto found = catalog_->FindDossier(kCode);
  ASSERT_TRUE(found.ok() && found->has_value());
  const auto& pages = (**found).documents.at(0).pages;
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].text, "one");
  EXPECT_EQ(pages[2].text, "three");
}

TEST_F(CatalogTest, StoringTheSameDossierAgainAddsNoDocuments) {
  Store(FullDossier());
  auto again = catalog_->StoreDossier(FullDossier());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, 0);
  auto found = catalog_->FindDossier(kCode);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((**found).documents.size(), 2u);
  EXPECT_EQ((**found).fields.size(), 2u);
}

TEST_F(CatalogTest, DocumentsFromOneStackFileAreAllKept) {
  // One scanned stack yields several documents with the same source file.
  DossierRecord d = MakeDossier(kCode);
  d.documents = {MakeDocument(kKindReceipt, FakeSha('5'), {"receipt"}),
                 MakeDocument(kKindForm, FakeSha('5'), {"form"}),
                 MakeDocument(kKindResult, FakeSha('5'), {"result"})};
  auto added = catalog_->StoreDossier(d);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 3);
}

TEST_F(CatalogTest, ALaterScanAppendsItsDocumentsAfterTheFirst) {
  Store(FullDossier());
  DossierRecord later = MakeDossier(kCode);
  later.documents = {MakeDocument(kKindResult, FakeSha('9'), {"GIẤY KHAI SINH"}),
                     MakeDocument(kKindForm, FakeSha('1'), {"already archived"})};
  auto added = catalog_->StoreDossier(later);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 1);
  auto found = catalog_->FindDossier(kCode);
  ASSERT_TRUE(found.ok() && found->has_value());
  const DossierRecord& got = **found;
  ASSERT_EQ(got.documents.size(), 3u);
  EXPECT_EQ(got.documents[2].kind, kKindResult);
  // What the later scan did not know is kept from the first.
  EXPECT_EQ(got.applicant, "NGUYỄN VĂN ĐỨC");
  EXPECT_EQ(got.procedure_code, "1.001193");
  EXPECT_EQ(got.received_date, "2023-06-20");
}

TEST_F(CatalogTest, AMoreConfidentLaterScanReclassifiesTheDossier) {
  Store(FullDossier());  // 1.001193 at 0.875
  DossierRecord unsure = MakeDossier(kCode, "", "1.000894", "Thủ tục đăng ký kết hôn");
  unsure.procedure_confidence = 0.5f;
  Store(unsure);
  EXPECT_EQ((**catalog_->FindDossier(kCode)).procedure_code, "1.001193");
  DossierRecord sure = unsure;
  sure.procedure_confidence = 0.95f;
  Store(sure);
  EXPECT_EQ((**catalog_->FindDossier(kCode)).procedure_code, "1.000894");
}

DossierRecord WithPdfs(DossierRecord d) {
  for (auto& doc : d.documents) doc.pdf_sha256 = FakeSha('p');
  return d;
}

TEST_F(CatalogTest, FindSourceNamesTheDossierHoldingAFileOnceItIsMarkedComplete) {
  Store(WithPdfs(FullDossier()));
  auto before = catalog_->FindSource(FakeSha('1'));
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->has_value()) << "stored, but its other dossiers may still be missing";
  ASSERT_TRUE(catalog_->MarkSourceComplete(FakeSha('1'), 1).ok());
  auto found = catalog_->FindSource(FakeSha('1'));
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(**found, kCode);
  auto unknown = catalog_->FindSource(FakeSha('7'));
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());
}

TEST_F(CatalogTest, AFileWithADocumentLackingItsSearchablePdfIsNotArchivedUntilARerunFillsItIn) {
  DossierRecord without = FullDossier();  // no searchable PDFs: the disk was full
  Store(without);
  ASSERT_TRUE(catalog_->MarkSourceComplete(FakeSha('1'), 1).ok());
  EXPECT_FALSE(catalog_->FindSource(FakeSha('1'))->has_value());
  EXPECT_TRUE(catalog_->DossiersHoldingSource(FakeSha('1'))->empty());

  auto added = catalog_->StoreDossier(WithPdfs(FullDossier()));  // the re-run
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(*added, 0) << "the documents were there; only their PDFs were missing";
  auto stored = catalog_->FindDossier(kCode);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  ASSERT_EQ((*stored)->documents.size(), 2u);
  for (const auto& doc : (*stored)->documents) EXPECT_EQ(doc.pdf_sha256, FakeSha('p')) << doc.title;
  EXPECT_TRUE(catalog_->FindSource(FakeSha('1'))->has_value());
  EXPECT_EQ(*catalog_->DossiersHoldingSource(FakeSha('1')), std::vector<std::string>{kCode});
}

TEST_F(CatalogTest, AnUnknownDossierIsNotThere) {
  auto found = catalog_->FindDossier("000.00.00.H32-240101-0001");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

TEST_F(CatalogTest, StoringAppendsAnIngestionEvent) {
  Store(FullDossier());
  Store(FullDossier());
  EventFilter ingestions;
  ingestions.object = kCode;
  ingestions.type = "ingestion";
  auto events = catalog_->Events(ingestions);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].outcome, "success");
  EXPECT_NE((*events)[0].detail.find("2 documents added"), std::string::npos)
      << (*events)[0].detail;
  EXPECT_NE((*events)[1].detail.find("2 already archived"), std::string::npos)
      << (*events)[1].detail;
}

TEST_F(CatalogTest, StoringNewOriginalsRecordsTheirPreservationEventsOnce) {
  DossierRecord dossier = FullDossier();
  Store(dossier);
  Store(dossier);  // nothing new: no second round of events
  auto events = catalog_->Events(kCode);
  ASSERT_TRUE(events.ok());
  std::map<std::string, std::vector<std::string>> by_type;
  for (const auto& e : *events) by_type[e.type].push_back(e.detail);

  std::set<std::string> sources;
  for (const auto& doc : dossier.documents) sources.insert(doc.source_sha256);
  ASSERT_EQ(by_type["message digest calculation"].size(), sources.size());
  for (const auto& detail : by_type["message digest calculation"]) {
    EXPECT_EQ(detail.rfind("sha256 ", 0), 0u) << detail;
  }
  ASSERT_EQ(by_type["format identification"].size(), sources.size());
  ASSERT_EQ(by_type["OCR"].size(), 1u);
  EXPECT_NE(by_type["OCR"][0].find("pages recognised"), std::string::npos) << by_type["OCR"][0];
  ASSERT_EQ(by_type["classification"].size(), 1u);
  EXPECT_NE(by_type["classification"][0].find(dossier.procedure_code), std::string::npos);
}

TEST_F(CatalogTest, ADossierWithoutACodeIsRefused) {
  auto added = catalog_->StoreDossier(MakeDossier(""));
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(CatalogTest, ADocumentWithTwoPagesNumberedAlikeIsRefusedAndNothingIsStored) {
  DossierRecord d = MakeDossier(kCode);
  DocumentRecord doc = MakeDocument(kKindForm, FakeSha('1'), {"a", "b"});
  doc.pages[1].number = 1;
  d.documents = {doc};
  auto added = catalog_->StoreDossier(d);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(added.status().message().find("page 1 appears twice"), std::string::npos)
      << added.status().message();
  EXPECT_FALSE(catalog_->FindDossier(kCode)->has_value());
}

}  // namespace
}  // namespace sohoa::archive
