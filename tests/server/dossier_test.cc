// GET /api/dossiers/{code} and what it links to: files, page images, words,
// the package.
#include "tests/server/api_fixture.h"

namespace sohoa::server {
namespace {

class DossierTest : public ApiTest {};

const std::string kBase = std::string("/api/dossiers/") + kDossierA;

TEST_F(DossierTest, TheDossierListsItsFilesAndPagesWithTheirUrls) {
  auto res = Get(kBase, "staff-a");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto body = Json(res);
  EXPECT_EQ(body["code"], kDossierA);
  ASSERT_EQ(body["files"].size(), 2u) << body["files"].dump();
  std::set<std::string> uses;
  for (const auto& f : body["files"]) {
    uses.insert(f["use"]);
    EXPECT_EQ(f["url"], kBase + "/files/" + f["name"].get<std::string>());
  }
  EXPECT_EQ(uses, (std::set<std::string>{"original", "pdf"}));
  ASSERT_EQ(body["pages"].size(), 1u);
  EXPECT_EQ(body["pages"][0]["image"], kBase + "/documents/1/pages/1/image");
  EXPECT_EQ(body["pages"][0]["words"], kBase + "/documents/1/pages/1/words");
  EXPECT_EQ(body["pages"][0]["width"], 400);
}

TEST_F(DossierTest, AFileDownloadsByteForByteAsAnAttachment) {
  auto res = Get(kBase + "/files/" + kDossierA + ".1.pdf", "archivist-a");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "%PDF-1.4 searchable pdf of dossier A\n");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(res->get_header_value("Content-Disposition").rfind("attachment;", 0), 0u);
  auto original = Get(kBase + "/files/to-khai.png", "archivist-a");
  ASSERT_TRUE(original);
  ASSERT_EQ(original->status, 200);
  EXPECT_EQ(original->body, PagePngBytes(400, 300));
}

TEST_F(DossierTest, APageImageIsAPngOfTheWidthAsked) {
  auto res = Get(kBase + "/documents/1/pages/1/image?width=100", "archivist-a");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "image/png");
  ASSERT_GT(res->body.size(), 24u);
  EXPECT_EQ(res->body.substr(1, 3), "PNG");
  Pix* pix = pixReadMem(reinterpret_cast<const l_uint8*>(res->body.data()), res->body.size());
  ASSERT_NE(pix, nullptr);
  EXPECT_EQ(pixGetWidth(pix), 100);
  EXPECT_EQ(pixGetHeight(pix), 75);
  pixDestroy(&pix);
  auto full = Get(kBase + "/documents/1/pages/1/image", "archivist-a");
  ASSERT_TRUE(full);
  ASSERT_EQ(full->status, 200);
  Pix* whole = pixReadMem(reinterpret_cast<const l_uint8*>(full->body.data()), full->body.size());
  ASSERT_NE(whole, nullptr);
  EXPECT_EQ(pixGetWidth(whole), 400);
  pixDestroy(&whole);
  for (const char* bad : {"63", "2001", "wide"}) {
    auto refused = Get(kBase + "/documents/1/pages/1/image?width=" + bad, "archivist-a");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad;
  }
}

TEST_F(DossierTest, ThePagesWordsComeWithTheirBoxes) {
  auto res = Get(kBase + "/documents/1/pages/1/words", "archivist-a");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const auto body = Json(res);
  EXPECT_EQ(body["width"], 400);
  EXPECT_EQ(body["height"], 300);
  ASSERT_EQ(body["words"].size(), 2u);
  EXPECT_EQ(body["words"][1]["text"], "khai");
  EXPECT_EQ(body["words"][1]["x"], 50);
  EXPECT_EQ(body["words"][1]["w"], 40);
}

TEST_F(DossierTest, ThePackageIsAZipBagOfTheDossier) {
  auto res = Get(kBase + "/package", "archivist-a");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/zip");
  EXPECT_EQ(res->body.substr(0, 2), "PK");
  EXPECT_NE(res->body.find("bagit.txt"), std::string::npos);
  EXPECT_NE(res->body.find(std::string(kDossierA) + ".json"), std::string::npos);
}

TEST_F(DossierTest, AnExportStreamsTheBagOfWhatTheQueryMatches) {
  auto res = Get("/api/export?q=khai", "archivist-all");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body.substr(0, 2), "PK");
  EXPECT_NE(res->body.find(std::string(kDossierA) + ".json"), std::string::npos);
  EXPECT_NE(res->body.find(std::string(kDossierB) + ".json"), std::string::npos);
  auto own = Get("/api/export?q=khai", "archivist-a");
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 200);
  EXPECT_EQ(own->body.find(std::string(kDossierB) + ".json"), std::string::npos);
}

}  // namespace
}  // namespace sohoa::server
