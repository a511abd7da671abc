// Signed HTTP requests to one bucket of an S3-compatible service, over
// libcurl (AWS Signature V4 by CURLOPT_AWS_SIGV4), with the retries and the
// error messages every operation of the S3 blob store shares. Internal to
// archive/s3/: libcurl stays inside s3_client.cc.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/s3/s3_settings.h"
#include "schema/status.h"

namespace sohoa::archive::s3 {

// What a request sends: nothing, bytes in memory, or a range of an open file
// read as it is sent (and read again if the request is).
struct Body {
  std::string_view bytes;
  int fd = -1;  // when not -1: `length` bytes of this file from `offset`
  std::int64_t offset = 0;
  std::int64_t length = 0;
  std::string file_name;  // that file, for a message when it changes under us
  // Lower-case hex SHA-256 of what is sent (x-amz-content-sha256): the
  // service checks the body against it, so a body that is not the bytes
  // hashed is refused rather than stored. Empty: the empty body's.
  std::string sha256;

  static Body Bytes(std::string_view bytes, std::string sha256) {
    Body body;
    body.bytes = bytes;
    body.sha256 = std::move(sha256);
    return body;
  }
  static Body File(int fd, std::int64_t offset, std::int64_t length, std::string file_name,
                   std::string sha256) {
    Body body;
    body.fd = fd;
    body.offset = offset;
    body.length = length;
    body.file_name = std::move(file_name);
    body.sha256 = std::move(sha256);
    return body;
  }
  std::int64_t size() const { return fd != -1 ? length : static_cast<std::int64_t>(bytes.size()); }
};

struct Request {
  std::string method = "GET";  // GET, HEAD, PUT, POST, DELETE
  std::string key;             // the object; empty: the bucket itself
  // Query parameters as they are: encoded and sorted when sent, as the
  // signature needs them ("uploads" is {"uploads", ""}).
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::string> headers;  // "name: value"
  Body body;
};

struct Response {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  bool ok() const { return status >= 200 && status < 300; }
  // A header's value, "" when absent; `name` in lower case.
  std::string Header(const std::string& name) const;
};

// Sends requests to settings.bucket at settings.endpoint. Thread-safe: each
// request takes a curl handle from a small pool, so connections are reused
// between requests without being shared by two at once.
class Client {
 public:
  // `settings` as NormalizeS3Settings leaves them.
  explicit Client(S3Settings settings);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends `request`, and again after a 5xx, a 429, a timeout or a failed
  // connection, up to settings().retries more times, waiting as the
  // settings say. Returns the answer whatever its status otherwise (a 4xx
  // is never retried); Unavailable once the retries are spent, saying what
  // the last attempt met. Unavailable too, naming the file, when a file body
  // ended early or did not hash to body.sha256: it changed while being sent.
  Result<Response> Send(const Request& request);

  // The error a response that is not a success means, for `what`
  // ("GET s3://bucket/key"): PermissionDenied for 401 and 403 (saying to
  // check the keys, their rights on the bucket and the clock), NotFound for
  // 404 (naming a missing bucket), InvalidArgument for a request signed for
  // another region than the bucket's, Unavailable for a 5xx or 429, IoError
  // for the rest; each with the endpoint and S3's error code. Never the secret.
  Status ErrorOf(const Response& response, std::string_view what) const;

  // "s3://bucket/key", for messages.
  std::string UrlOf(std::string_view key) const;
  const S3Settings& settings() const { return settings_; }

 private:
  struct Handle;
  struct Attempt;

  std::unique_ptr<Handle> TakeHandle();
  void GiveBack(std::unique_ptr<Handle> handle);
  Attempt Perform(Handle& handle, const Request& request, const std::string& url);

  const S3Settings settings_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Handle>> idle_;  // guarded by mutex_
};

// S3's URI encoding: every byte but A-Z a-z 0-9 - . _ ~ as %XX, and '/'
// too when `encode_slash` (a query value; a key's path keeps its slashes).
std::string UriEncode(std::string_view text, bool encode_slash);

}  // namespace sohoa::archive::s3
