// A test's catalog reached past the Catalog, on the backend under test
// (SOHOA_TEST_CATALOG): opened a second time, as a reopened home or another
// worker does, or read and written with SQL, as any other program could.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "archive/sqlite/sqlite_db.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {

// The URL of the PostgreSQL database SOHOA_OPEN_TEST_CATALOG made for this
// test: the cluster's newest (tests of one process run one at a time; a
// test that made another since, with OpenFreshCatalog, must not ask).
inline std::string TestDatabaseUrl() {
  auto& shared = TestCluster::Get();
  return shared.cluster->UrlOf("catalog_" + std::to_string(shared.databases.load()));
}

// Another catalog on the test's.
inline Result<std::unique_ptr<Catalog>> OpenAgain(const HomeLayout& home) {
  if (OnPostgres()) return postgres::OpenPgCatalog(TestDatabaseUrl(), "the test database", false);
  return Catalog::Open(home.catalog(), false);
}

// A new, empty catalog for another home of the test (an import's target):
// its catalog.db, made by InitHome, or a fresh PostgreSQL database.
inline Result<std::unique_ptr<Catalog>> OpenFreshCatalog(const HomeLayout& home) {
  if (!OnPostgres()) return Catalog::Open(home.catalog(), false);
  auto& shared = TestCluster::Get();
  if (!shared.cluster) return Unavailable(shared.why);
  auto url = shared.FreshDatabase();
  if (!url.ok()) return url.status();
  return postgres::OpenPgCatalog(*url, "the test database");
}

// Runs one statement on the test's catalog.
inline Status RawExec(const HomeLayout& home, const std::string& sql) {
  if (OnPostgres()) {
    auto db = postgres::Connection::Open(TestDatabaseUrl(), "the test database");
    return db.ok() ? db->Run(sql) : db.status();
  }
  auto db = internal::Db::Open(home.catalog(), false);
  return db.ok() ? db->Exec(sql) : db.status();
}

// The first `columns` columns of every row of `sql`, as text, with $1, $2,
// ... bound to `params` in order (SQLite reads "$1" as a parameter too).
inline Result<std::vector<std::vector<std::string>>> RawQuery(const HomeLayout& home, const std::string& sql,
                                                              const std::vector<std::string>& params, int columns) {
  std::vector<std::vector<std::string>> out;
  if (OnPostgres()) {
    auto db = postgres::Connection::Open(TestDatabaseUrl(), "the test database");
    if (!db.ok()) return db.status();
    auto rows = db->Query(sql, std::vector<postgres::Param>(params.begin(), params.end()));
    if (!rows.ok()) return rows.status();
    for (int r = 0; r < rows->size(); ++r) {
      out.emplace_back();
      for (int c = 0; c < columns; ++c) out.back().push_back(rows->Text(r, c));
    }
    return out;
  }
  auto db = internal::Db::Open(home.catalog(), false);
  if (!db.ok()) return db.status();
  auto select = db->Prepare(sql);
  if (!select.ok()) return select.status();
  for (std::size_t i = 0; i < params.size(); ++i) select->Bind(static_cast<int>(i + 1), params[i]);
  while (true) {
    auto row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.emplace_back();
    for (int c = 0; c < columns; ++c) out.back().push_back(select->Text(c));
  }
}

}  // namespace sohoa::archive
