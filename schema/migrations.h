// The catalog's SQL schema as an ordered list of migrations, compiled in from
// schema/migrations/NNNN_name.sql. Plain text only: applying them is the
// archive's job (archive/catalog.cc), so schema/ never links SQLite.
#pragma once

#include <string_view>
#include <vector>

namespace sohoa {

struct Migration {
  int version = 0;        // becomes PRAGMA user_version once applied: 1, 2, 3, ...
  std::string_view name;  // "initial", from 0001_initial.sql
  std::string_view sql;   // statements to run inside one transaction, no BEGIN/COMMIT
};

// Every catalog migration, ordered by version, numbered from 1 without gaps.
const std::vector<Migration>& CatalogMigrations();

// The schema version this binary writes: the last migration's version.
int LatestCatalogVersion();

}  // namespace sohoa
