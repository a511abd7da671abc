// A temporary home with an open catalog, and small dossiers to store in it.
// The archive suite runs on both catalog backends: SQLite by default, and
// PostgreSQL when SOHOA_TEST_CATALOG=postgresql (ctest runs it so, on a
// throwaway cluster the process starts once, tests/postgres_cluster.h).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/home.h"
#include "archive/postgres/catalog.h"
#include "schema/dossier.h"
#include "tests/postgres_cluster.h"
#include "tests/test_env.h"

namespace sohoa::archive {

// Does this run of the suite test the PostgreSQL catalog?
inline bool OnPostgres() {
  const char* backend = std::getenv("SOHOA_TEST_CATALOG");
  return backend != nullptr && std::string(backend) == "postgresql";
}

// The PostgreSQL cluster of this test process, and a database migrated once
// that every test's fresh database is copied from. The cluster stops when
// the process exits.
struct TestCluster {
  std::unique_ptr<testing::PostgresCluster> cluster;
  std::string why;  // when no cluster could be started
  std::atomic<int> databases{0};

  static TestCluster& Get() {
    static TestCluster shared;
    static std::once_flag started;
    std::call_once(started, [] {
      shared.cluster = testing::PostgresCluster::Start(&shared.why);
      if (!shared.cluster) return;
      auto admin = postgres::Connection::Open(shared.cluster->UrlOf("postgres"), "the test cluster");
      Status made = admin.ok() ? admin->Run("CREATE DATABASE sohoa_template") : admin.status();
      if (made.ok()) {
        auto migrated = postgres::OpenPgCatalog(shared.cluster->UrlOf("sohoa_template"), "the template database", true, 1);
        made = migrated.status();
      }
      if (!made.ok()) {
        shared.why = "could not make the template catalog: " + made.ToString();
        shared.cluster.reset();
      }
    });
    return shared;
  }

  // A new, migrated, empty catalog database; its URL.
  Result<std::string> FreshDatabase() {
    auto admin = postgres::Connection::Open(cluster->UrlOf("postgres"), "the test cluster");
    if (!admin.ok()) return admin.status();
    const std::string name = "catalog_" + std::to_string(++databases);
    SOHOA_RETURN_IF_ERROR(admin->Run("CREATE DATABASE " + name + " TEMPLATE sohoa_template"));
    return cluster->UrlOf(name);
  }
};

// A fresh catalog on the backend under test: `home`'s catalog.db on SQLite
// (InitHome made it), a new database on PostgreSQL. Skips the test, saying
// why, when PostgreSQL is asked for and cannot be had.
#define SOHOA_OPEN_TEST_CATALOG(home_layout, out)                                              \
  do {                                                                                      \
    if (::sohoa::archive::OnPostgres()) {                                                   \
      auto& shared = ::sohoa::archive::TestCluster::Get();                                  \
      if (!shared.cluster) GTEST_SKIP() << shared.why;                                      \
      auto url = shared.FreshDatabase();                                                    \
      ASSERT_TRUE(url.ok()) << url.status().ToString();                                     \
      auto opened = ::sohoa::archive::postgres::OpenPgCatalog(*url, "the test database"); \
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();                               \
      out = std::move(opened).value();                                                  \
    } else {                                                                                \
      auto opened = ::sohoa::archive::Catalog::Open((home_layout).catalog(), false);               \
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();                               \
      out = std::move(opened).value();                                                  \
    }                                                                                       \
  } while (0)

// For a test of what only the SQLite catalog has (its file, PRAGMAs, FTS5).
#define SOHOA_SQLITE_ONLY() \
  if (::sohoa::archive::OnPostgres()) GTEST_SKIP() << "a test of the SQLite catalog itself"

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
    SOHOA_OPEN_TEST_CATALOG(home_, catalog_);
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
