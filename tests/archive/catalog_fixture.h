// A temporary home with an open catalog, and small dossiers to store in it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/home.h"
#include "schema/dossier.h"
#include "tests/test_env.h"

namespace sohoa::archive {

inline PageRecord MakePage(int number, std::string text) {
  PageRecord page;
  page.number = number;
  page.text = std::move(text);
  page.image_sha256 = std::string(64, 'a');
  page.confidence = 91.5f;
  page.dpi = 300;
  page.width = 2480;
  page.height = 3508;
  return page;
}

// One document whose source is `source_sha256`, with one page per text.
inline DocumentRecord MakeDocument(std::string kind, std::string source_sha256,
                                   const std::vector<std::string>& page_texts) {
  DocumentRecord doc;
  doc.kind = std::move(kind);
  doc.title = "document";
  doc.source_sha256 = std::move(source_sha256);
  doc.source_name = "scan.pdf";
  doc.media_type = "application/pdf";
  doc.source_bytes = 1000;
  int n = 0;
  for (const std::string& text : page_texts) doc.pages.push_back(MakePage(++n, text));
  return doc;
}

inline DossierRecord MakeDossier(std::string code, std::string applicant = "",
                                 std::string procedure_code = "", std::string procedure_name = "") {
  DossierRecord d;
  d.code = std::move(code);
  d.code_source = kSourceFilename;
  d.applicant = std::move(applicant);
  d.procedure_code = std::move(procedure_code);
  d.procedure_name = std::move(procedure_name);
  d.procedure_confidence = d.procedure_code.empty() ? 0.0f : 0.9f;
  return d;
}

// A 64-hex-digit stand-in for a source file's sha256.
inline std::string FakeSha(char c) { return std::string(64, c); }

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_.root = dir_.path() / "home";
    ASSERT_TRUE(InitHome(home_).ok());
    auto opened = Catalog::Open(home_.catalog(), false);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    catalog_ = std::move(opened).value();
  }

  void Store(const DossierRecord& dossier) {
    auto added = catalog_->StoreDossier(dossier);
    ASSERT_TRUE(added.ok()) << added.status().ToString();
  }

  std::vector<SearchHit> Search(const std::string& query, int limit = 20) {
    auto hits = catalog_->Search(query, limit);
    EXPECT_TRUE(hits.ok()) << query << ": " << hits.status().ToString();
    return hits.ok() ? std::move(hits).value() : std::vector<SearchHit>{};
  }

  testing::TempDir dir_;
  HomeLayout home_;
  std::unique_ptr<Catalog> catalog_;
};

}  // namespace sohoa::archive
