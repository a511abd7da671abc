#include "archive/postgres/pg_db.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <utility>

namespace sohoa::archive::postgres {
namespace {

std::string Trimmed(const char* text) {
  std::string out = text == nullptr ? "" : text;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// What a failed connection attempt means for the person running sohoa.
Status ConnectFailure(pg_conn* conn, const std::string& display) {
  const std::string said = Trimmed(PQerrorMessage(conn));
  const std::string where = "the catalog database " + display;
  if (said.find("does not exist") != std::string::npos && said.find("database") != std::string::npos) {
    return NotFound(where + " does not exist (" + said + "): create it, or correct the catalog URL");
  }
  if (said.find("authentication failed") != std::string::npos || said.find("no pg_hba.conf entry") != std::string::npos ||
      said.find("password") != std::string::npos) {
    return PermissionDenied(where + " refused sohoa's login (" + said +
                            "): check the user and password, and the server's pg_hba.conf");
  }
  return Unavailable(where + " cannot be reached (" + said + "): check that PostgreSQL is running there");
}

}  // namespace

// --- Rows ---

Rows::Rows(Rows&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

Rows& Rows::operator=(Rows&& other) noexcept {
  if (this != &other) {
    if (result_ != nullptr) PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

Rows::~Rows() {
  if (result_ != nullptr) PQclear(result_);
}

int Rows::size() const { return result_ == nullptr ? 0 : PQntuples(result_); }

std::string Rows::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::int64_t Rows::Int(int row, int column) const { return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10); }

double Rows::Double(int row, int column) const { return std::strtod(PQgetvalue(result_, row, column), nullptr); }

bool Rows::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

std::int64_t Rows::Affected() const {
  const char* n = result_ == nullptr ? "" : PQcmdTuples(result_);
  return *n == '\0' ? 0 : std::strtoll(n, nullptr, 10);
}

// --- Connection ---

Result<Connection> Connection::Open(const std::string& url, const std::string& display) {
  pg_conn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) return Unavailable("out of memory connecting to the catalog database " + display);
  if (PQstatus(conn) != CONNECTION_OK) {
    Status failure = ConnectFailure(conn, display);
    PQfinish(conn);
    return failure;
  }
  // Notices (a CREATE ... IF NOT EXISTS that skipped) are not for the terminal.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  Connection connection(conn, display);
  // Times are read and written in UTC whatever the server's zone.
  SOHOA_RETURN_IF_ERROR(connection.Script("SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'"));
  return connection;
}

Connection::Connection(Connection&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)), display_(std::move(other.display_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = std::exchange(other.conn_, nullptr);
    display_ = std::move(other.display_);
  }
  return *this;
}

Connection::~Connection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

bool Connection::healthy() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

Status Connection::Failure(pg_result* result) const {
  const char* state = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const std::string code = state == nullptr ? "" : state;
  const std::string said =
      result != nullptr ? Trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) : Trimmed(PQerrorMessage(conn_));
  const std::string where = "the catalog database " + display_;
  const auto starts = [&](std::string_view prefix) { return code.rfind(prefix, 0) == 0; };
  if (code.empty() || starts("08") || starts("57P")) {
    return Unavailable(where + " went away (" + said + "): check that PostgreSQL is running, then try again");
  }
  if (code == "23505") return AlreadyExists(where + ": " + said);
  if (starts("23") || starts("22")) return InvalidArgument(where + " refused a value: " + said);
  if (code == "40001" || code == "40P01") {
    return Unavailable(where + ": another writer got in the way (" + said + "); try again");
  }
  if (code == "53100") {
    return IoError(where + ": the database server's disk is full (" + said +
                   "); nothing was written: free space on the server, then try again");
  }
  if (starts("53")) return Unavailable(where + " is out of resources (" + said + "); try again later");
  if (starts("28")) return PermissionDenied(where + " refused sohoa (" + said + ")");
  if (starts("42")) return Internal(where + ": a statement sohoa sent is wrong (" + said + "): this is a bug in sohoa");
  return IoError(where + ": " + said + " (SQLSTATE " + code + ")");
}

Result<Rows> Connection::Query(std::string_view sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  std::vector<int> lengths;
  values.reserve(params.size());
  lengths.reserve(params.size());
  for (const Param& p : params) {
    values.push_back(p ? p->data() : nullptr);
    lengths.push_back(p ? static_cast<int>(p->size()) : 0);
  }
  const std::string text(sql);
  pg_result* result = PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                                   lengths.data(), nullptr, 0);
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    Status failure = Failure(result);
    if (result != nullptr) PQclear(result);
    return failure;
  }
  return Rows(result);
}

Status Connection::Run(std::string_view sql, const std::vector<Param>& params) { return Query(sql, params).status(); }

Status Connection::Script(std::string_view sql) {
  const std::string text(sql);
  pg_result* result = PQexec(conn_, text.c_str());
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  Status outcome = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? Status::Ok() : Failure(result);
  if (result != nullptr) PQclear(result);
  return outcome;
}

// --- Transaction ---

Result<Transaction> Transaction::Begin(Connection& connection) {
  SOHOA_RETURN_IF_ERROR(connection.Run("BEGIN"));
  return Transaction(&connection);
}

Transaction::Transaction(Transaction&& other) noexcept : connection_(std::exchange(other.connection_, nullptr)) {}

Transaction::~Transaction() {
  if (connection_ != nullptr) (void)connection_->Run("ROLLBACK");
}

Status Transaction::Commit() {
  Connection* connection = std::exchange(connection_, nullptr);
  if (connection == nullptr) return Internal("a transaction committed twice: this is a bug in sohoa");
  Status committed = connection->Run("COMMIT");
  if (!committed.ok()) (void)connection->Run("ROLLBACK");
  return committed;
}

// --- Pool ---

Result<std::unique_ptr<Pool>> Pool::Open(const std::string& url, const std::string& display, int size) {
  if (size < 1) return InvalidArgument("a connection pool needs at least one connection");
  std::unique_ptr<Pool> pool(new Pool(url, display, size));
  // One connection at once, so that a wrong URL is said when the pool opens.
  SOHOA_ASSIGN_OR_RETURN(Connection first, Connection::Open(url, display));
  pool->idle_.push_back(std::make_unique<Connection>(std::move(first)));
  pool->open_ = 1;
  return pool;
}

Result<Pool::Lease> Pool::Acquire(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (idle_.empty() && open_ >= size_) {
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= size_) {
      return Unavailable("all " + std::to_string(size_) + " connections to the catalog database " + display_ +
                         " stayed busy: the server is overloaded, or its pool is too small");
    }
  }
  if (!idle_.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection));
  }
  ++open_;  // a slot taken before connecting, so others wait rather than overshoot
  lock.unlock();
  Result<Connection> opened = Connection::Open(url_, display_);
  if (!opened.ok()) {
    std::lock_guard<std::mutex> relock(mutex_);
    --open_;
    returned_.notify_one();
    return opened.status();
  }
  return Lease(this, std::make_unique<Connection>(std::move(opened).value()));
}

void Pool::Return(std::unique_ptr<Connection> connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (connection->healthy()) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;  // broken by a restart: the next Acquire opens a new one
  }
  returned_.notify_one();
}

Pool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}

Pool::Lease::~Lease() {
  if (pool_ != nullptr && connection_ != nullptr) pool_->Return(std::move(connection_));
}

}  // namespace sohoa::archive::postgres
