// A thin owner of libpq connections for the PostgreSQL catalog: statements
// with bound text parameters (values are never spliced into SQL), results
// read by row and column, transactions that roll back unless committed, a
// pool for `sohoa serve` and many workers, and SQLSTATEs turned into Status
// messages a person can act on, without the password of the URL.
// Internal to archive/postgres/: libpq-fe.h stays out, PGconn is declared.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/status.h"

struct pg_conn;
struct pg_result;

namespace sohoa::archive::postgres {

// A statement parameter: text, or SQL NULL.
using Param = std::optional<std::string>;

// The rows of one statement, read as text (PostgreSQL's text format).
class Rows {
 public:
  Rows(Rows&& other) noexcept;
  Rows& operator=(Rows&& other) noexcept;
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;
  ~Rows();

  int size() const;
  bool empty() const { return size() == 0; }
  // Rows and columns are 0-based.
  std::string Text(int row, int column) const;
  std::int64_t Int(int row, int column) const;
  double Double(int row, int column) const;
  bool IsNull(int row, int column) const;
  // Rows changed by an INSERT, UPDATE or DELETE.
  std::int64_t Affected() const;

 private:
  friend class Connection;
  explicit Rows(pg_result* result) : result_(result) {}
  pg_result* result_ = nullptr;
};

class Connection {
 public:
  // Connects to a libpq connection URI ("postgresql://user@host/db",
  // "postgresql:///db?host=/run/sock&port=5433"). `display` names the
  // database in messages (archive/storage.h's ForDisplay: no password).
  // Unavailable when the server cannot be reached, PermissionDenied when it
  // refuses the login, NotFound when the database does not exist.
  static Result<Connection> Open(const std::string& url, const std::string& display);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one statement with $1, $2, ... bound to `params`.
  Result<Rows> Query(std::string_view sql, const std::vector<Param>& params = {});
  // Query for statements whose rows nobody reads.
  Status Run(std::string_view sql, const std::vector<Param>& params = {});
  // One or more statements without parameters (schema migrations).
  Status Script(std::string_view sql);

  // Is the connection still usable (not broken by a server restart)?
  bool healthy() const;
  const std::string& display() const { return display_; }

 private:
  Connection(pg_conn* conn, std::string display) : conn_(conn), display_(std::move(display)) {}
  Status Failure(pg_result* result) const;
  pg_conn* conn_ = nullptr;
  std::string display_;
};

// BEGIN ... COMMIT; rolls back unless Commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& connection);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}
  Connection* connection_ = nullptr;  // null once committed or rolled back
};

// A fixed number of connections shared by threads. A connection found
// broken when it comes back (the server restarted) is closed and a new one
// opened in its place on the next Acquire.
class Pool {
 public:
  static Result<std::unique_ptr<Pool>> Open(const std::string& url, const std::string& display, int size);

  // A connection for as long as the lease lives.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    friend class Pool;
    Lease(Pool* pool, std::unique_ptr<Connection> connection) : pool_(pool), connection_(std::move(connection)) {}
    Pool* pool_ = nullptr;
    std::unique_ptr<Connection> connection_;
  };

  // Waits up to `wait` for a free connection; Unavailable after that, saying
  // the pool's size (every connection busy: too few for the load).
  Result<Lease> Acquire(std::chrono::milliseconds wait = std::chrono::seconds(30));
  int size() const { return size_; }

 private:
  Pool(std::string url, std::string display, int size) : url_(std::move(url)), display_(std::move(display)), size_(size) {}
  void Return(std::unique_ptr<Connection> connection);

  const std::string url_;
  const std::string display_;
  const int size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // connections idle or leased
};

}  // namespace sohoa::archive::postgres
