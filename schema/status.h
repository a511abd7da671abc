// Errors as values. Every fallible function in sohoa returns a Status or a
// Result<T>; only tools/ turns one into an exit code or an HTTP status.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace sohoa {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is wrong: a bad query, an unknown option
  kNotFound,         // a dossier, file or model that does not exist
  kAlreadyExists,    // the same content or code is already archived
  kCorrupt,          // bytes that cannot be decoded: truncated JPEG, broken PDF
  kUnsupported,      // a well-formed input sohoa cannot handle (yet)
  kIoError,          // the file system or database failed
  kUnavailable,      // a resource is busy or missing at run time
  kInternal,         // a bug in sohoa
  kUnauthenticated,  // who is asking is not known: no, a wrong or an expired credential
  kPermissionDenied, // who is asking may not do this
  kFailedPrecondition, // not in the state it must be in: an entry already verified
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "Corrupt: page 3: JPEG data truncated"
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context`, for errors that
  // travel up through layers ("scan_01.jpg: " + "JPEG data truncated").
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status Corrupt(std::string m) { return {StatusCode::kCorrupt, std::move(m)}; }
inline Status Unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
inline Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}

// A value or the Status saying why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "a Result built from a Status must carry an error");
    if (status_.ok()) status_ = Internal("Result built from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace sohoa

#define SOHOA_CONCAT_INNER_(a, b) a##b
#define SOHOA_CONCAT_(a, b) SOHOA_CONCAT_INNER_(a, b)

#define SOHOA_RETURN_IF_ERROR(expr)              \
  do {                                           \
    ::sohoa::Status sohoa_status_ = (expr);      \
    if (!sohoa_status_.ok()) return sohoa_status_; \
  } while (false)

#define SOHOA_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

#define SOHOA_ASSIGN_OR_RETURN(lhs, expr) \
  SOHOA_ASSIGN_OR_RETURN_IMPL_(SOHOA_CONCAT_(sohoa_result_, __LINE__), lhs, expr)
