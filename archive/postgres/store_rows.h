// What the dossier store's files (store.cc, store_read.cc, review.cc,
// packages.cc, report.cc) share to move many rows in one statement and to
// read values back exactly as the SQLite catalog gives them. Internal to
// archive/postgres/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "archive/catalog.h"
#include "archive/postgres/pg_db.h"
#include "schema/status.h"

namespace sohoa::archive::postgres {

// The rows of a multi-row statement, one array parameter per column, for
// INSERT ... SELECT FROM unnest($1::bigint[], $2::text[], ...): a batch of
// a thousand dossiers' pages is one statement, not one per page. Values are
// given as text (numbers as RealText or std::to_string, booleans as
// "true"/"false").
class RowBatch {
 public:
  explicit RowBatch(std::size_t columns) : columns_(columns) {}

  template <typename... Values>
  void Add(Values&&... values) {
    static_assert(sizeof...(values) > 0);
    std::size_t column = 0;
    (columns_.at(column++).emplace_back(std::forward<Values>(values)), ...);
  }

  bool empty() const { return columns_.front().empty(); }
  std::size_t rows() const { return columns_.front().size(); }
  // One "{...}" array per column, in column order.
  std::vector<Param> Params() const;

 private:
  std::vector<std::vector<std::string>> columns_;
};

// A float as the shortest text that reads back as the same float: a real
// column then holds exactly what the SQLite catalog's REAL would.
std::string RealText(float value);
// A real column's text read back as the float it holds (as a double it
// would differ: "0.9" is not 0.9f).
float ReadReal(const Rows& rows, int row, int column);

// Bytes as lower-case hex, for decode($n, 'hex') into bytea, and back from
// encode(column, 'hex'). Corrupt for text that is not hex.
std::string Hex(std::string_view bytes);
Result<std::string> Unhex(std::string_view hex);

// InsertEvent for many events, in one statement inside the caller's
// transaction, in their order.
Status InsertEvents(Connection& db, const std::vector<Event>& events);

// " COLLATE \"C\"": text ordered by its bytes, as SQLite orders it,
// whatever the database's collation.
inline constexpr const char* kByBytes = " COLLATE \"C\"";

}  // namespace sohoa::archive::postgres
