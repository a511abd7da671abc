// Where an S3 blob store is and how to reach it: a bucket and prefix from a
// store URL, the endpoint and credentials from the environment as every S3
// client reads them. The secret lives here and in the signing of requests
// only: no message, log or error built from these settings ever holds it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "schema/status.h"

namespace sohoa::archive {

struct S3Settings {
  // "http://127.0.0.1:8080" or "https://s3.eu-west-1.amazonaws.com": scheme,
  // host and port, no trailing '/'. Requests address the bucket by path
  // (endpoint/bucket/key), which every S3-compatible service accepts.
  std::string endpoint;
  std::string region = "us-east-1";
  std::string access_key;  // may hold a colon (Swift's tempauth: "account:user")
  std::string secret_key;
  // For messages about a refused signature: where the keys came from
  // ("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", or the file), never them.
  std::string credentials_source;
  std::string bucket;
  std::string prefix;  // "" or ending in '/': the store's objects are <prefix>sha256/...

  // A request that met a 5xx, a 429, a timeout or a failed connection is
  // sent again up to `retries` times, after first_backoff, doubling up to
  // max_backoff, each wait drawn between its half and its whole (jitter, so
  // that many workers do not come back at the same instant).
  int retries = 6;
  std::chrono::milliseconds first_backoff{250};
  std::chrono::milliseconds max_backoff{8000};
  // No total timeout, which would cut a large upload on a slow line: a
  // connection must open within connect_timeout, and a transfer that moves
  // less than 1 KiB/s for stall_timeout is abandoned (and retried).
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds stall_timeout{60};

  // Files of multipart_threshold bytes or more go up in parts of part_size
  // (S3 takes parts of 5 MiB or more, at most 10,000 of them: the part size
  // grows for a file that would need more).
  std::int64_t multipart_threshold = std::int64_t{16} << 20;
  std::int64_t part_size = std::int64_t{16} << 20;
  // A blob is read in ranged GETs of this many bytes, one held in memory at
  // a time per open reader.
  std::int64_t read_chunk = std::int64_t{8} << 20;

  // Told of each retry before its wait ("PUT s3://b/k: 503 ServiceUnavailable
  // ...; again in 0.4 s"), for a log; from whichever thread made the request,
  // so perhaps from several at once. May be empty.
  std::function<void(const std::string&)> on_retry;
};

// Fills settings.bucket and settings.prefix from "s3://bucket" or
// "s3://bucket/prefix" (the prefix then ends in '/'). InvalidArgument,
// saying what a store URL looks like, for anything else.
Status ParseS3Url(std::string_view url, S3Settings& settings);

// The settings of the store at `url` from the environment:
//   AWS_ENDPOINT_URL   default https://s3.<region>.amazonaws.com
//   AWS_REGION         default us-east-1
//   SOHOA_S3_CREDENTIALS  a file in the AWS shared-credentials format
//                      ([default] or the section named by AWS_PROFILE, with
//                      aws_access_key_id and aws_secret_access_key), readable
//                      by its owner alone (0600 or stricter: FailedPrecondition
//                      otherwise); when set, it is the only source of keys;
//   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY  otherwise.
// InvalidArgument for a malformed URL or endpoint, or no credentials.
Result<S3Settings> S3SettingsFromEnvironment(std::string_view url);

// Checks settings made by hand or read above, and puts them in the form
// requests use: the endpoint without a trailing '/', the prefix ending in
// '/'. InvalidArgument, saying which, for a malformed endpoint, a bucket name
// S3 does not allow, no keys, a part under 5 MiB, negative retries or waits.
Status NormalizeS3Settings(S3Settings& settings);

// Reads the keys of `profile` from an AWS shared-credentials file into
// `settings`, refusing a file that others may read.
Status ReadS3CredentialsFile(const std::string& path, const std::string& profile,
                             S3Settings& settings);

}  // namespace sohoa::archive
