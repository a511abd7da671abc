// The catalog's SQL schema as ordered lists of migrations, one per backend,
// compiled in from schema/migrations/NNNN_name.sql (SQLite) and
// schema/migrations_postgres/NNNN_name.sql (PostgreSQL). Plain text only:
// applying them is the archive's job (archive/sqlite/catalog.cc,
// archive/postgres/migrate.cc), so schema/ never links a database.
#pragma once

#include <string_view>
#include <vector>

namespace sohoa {

struct Migration {
  int version = 0;        // SQLite: becomes PRAGMA user_version once applied: 1, 2, 3, ...
  std::string_view name;  // "initial", from 0001_initial.sql
  std::string_view sql;   // statements to run inside one transaction, no BEGIN/COMMIT
};

// Every catalog migration, ordered by version, numbered from 1 without gaps.
const std::vector<Migration>& CatalogMigrations();

// The schema version this binary writes: the last migration's version.
int LatestCatalogVersion();

// The same for the PostgreSQL catalog: its own versions, from 1.
const std::vector<Migration>& PostgresCatalogMigrations();
int LatestPostgresCatalogVersion();

}  // namespace sohoa
