#include "archive/s3/s3_client.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <thread>

#include "archive/s3/s3_xml.h"

namespace sohoa::archive::s3 {
namespace {

struct CurlCleanup {
  void operator()(CURL* curl) const noexcept { curl_easy_cleanup(curl); }
};
using CurlPtr = std::unique_ptr<CURL, CurlCleanup>;

struct SlistFree {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistFree>;

// Idle handles kept for their open connections; more run at once if asked.
constexpr std::size_t kIdleHandles = 8;
// An answer larger than this is not an S3 answer to anything the store asks
// (a page of a listing is about 300 KB; a ranged GET, read_chunk).
constexpr std::size_t kSlack = std::size_t{4} << 20;
// A transfer slower than this for stall_timeout is abandoned.
constexpr long kStallBytesPerSecond = 1024;

constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// curl_global_init before the first handle of the program, once: it is not
// safe to race with other threads starting handles.
void CurlReady() {
  static const CURLcode initialised = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)initialised;  // a failure shows again as curl_easy_init's nullptr
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// The query as Signature V4 wants it, which curl 7.88 signs as written:
// each name and value encoded, sorted by name then value.
std::string CanonicalQuery(std::vector<std::pair<std::string, std::string>> query) {
  for (auto& [name, value] : query) {
    name = UriEncode(name, true);
    value = UriEncode(value, true);
  }
  std::sort(query.begin(), query.end());
  std::string out;
  for (const auto& [name, value] : query) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

bool Retryable(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

bool Retryable(long status) { return status >= 500 || status == 429; }

// The service found that the body did not hash to its x-amz-content-sha256
// (Swift says BadDigest, AWS XAmzContentSHA256Mismatch).
bool RefusedAsNotItsSha256(const Response& response) {
  if (response.status != 400) return false;
  const std::string code = ParseError(response.body).code;
  return code == "BadDigest" || code == "XAmzContentSHA256Mismatch";
}

// An object request told the bucket is not there. The store was opened on
// that bucket (Connect asks), so this is the service not seeing it for a
// moment: Swift's proxy, started before its container server, answers
// NoSuchBucket until that server is up. Retried like a 5xx; still so after
// the retries, the service is unavailable, not the object missing.
bool BucketNotSeen(const Request& request, const Response& response) {
  return !request.key.empty() && response.status == 404 && ParseError(response.body).code == "NoSuchBucket";
}

// "503 ServiceUnavailable (Please reduce your request rate.)"
std::string Describe(const Response& response) {
  const ErrorBody error = ParseError(response.body);
  std::string out = std::to_string(response.status);
  if (!error.code.empty()) out += " " + error.code;
  if (!error.message.empty()) out += " (" + error.message + ")";
  return out;
}

std::string Seconds(std::chrono::milliseconds wait) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(wait.count()) / 1000.0);
  return text;
}

}  // namespace

std::string UriEncode(std::string_view text, bool encode_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || (c == '/' && !encode_slash);
    if (unreserved) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

std::string Response::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

struct Client::Handle {
  CurlPtr curl;
};

// One try of a request: what curl said, and what came back.
struct Client::Attempt {
  CURLcode code = CURLE_OK;
  std::string error;        // curl's words for a failed transfer
  bool file_ended = false;  // a file body gave fewer bytes than its length
  int read_errno = 0;       // a file body could not be read
  Response response;
};

namespace {

// What the callbacks of one transfer share.
struct Transfer {
  const Body* body = nullptr;
  std::int64_t sent = 0;
  std::size_t max_response = 0;
  bool file_ended = false;
  int read_errno = 0;
  Response* response = nullptr;
};

std::size_t ReadBody(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const Body& body = *t->body;
  const auto want = static_cast<std::size_t>(
      std::min<std::int64_t>(static_cast<std::int64_t>(size * count), body.size() - t->sent));
  if (want == 0) return 0;
  if (body.fd == -1) {
    std::memcpy(buffer, body.bytes.data() + t->sent, want);
    t->sent += static_cast<std::int64_t>(want);
    return want;
  }
  ssize_t got;
  do {
    got = ::pread(body.fd, buffer, want, body.offset + t->sent);
  } while (got < 0 && errno == EINTR);
  if (got <= 0) {
    // Content-Length is sent already: a short body must end the request.
    if (got < 0) t->read_errno = errno;
    t->file_ended = got == 0;
    return CURL_READFUNC_ABORT;
  }
  t->sent += got;
  return static_cast<std::size_t>(got);
}

// curl rewinds a body it must send again (a connection that died at once).
int SeekBody(void* user, curl_off_t offset, int origin) {
  auto* t = static_cast<Transfer*>(user);
  if (origin != SEEK_SET || offset < 0 || offset > t->body->size()) return CURL_SEEKFUNC_FAIL;
  t->sent = offset;
  return CURL_SEEKFUNC_OK;
}

std::size_t WriteBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (t->response->body.size() + n > t->max_response) return 0;  // curl ends the transfer
  t->response->body.append(data, n);
  return n;
}

std::size_t WriteHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  if (line.substr(0, 5) == "HTTP/") {
    t->response->headers.clear();  // a new answer: a "100 Continue" came before it
  } else if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    t->response->headers[Lower(Trim(line.substr(0, colon)))] =
        std::string(Trim(line.substr(colon + 1)));
  }
  return n;
}

}  // namespace

Client::Client(S3Settings settings) : settings_(std::move(settings)) { CurlReady(); }

Client::~Client() = default;

std::string Client::UrlOf(std::string_view key) const {
  return "s3://" + settings_.bucket + "/" + std::string(key);
}

std::unique_ptr<Client::Handle> Client::TakeHandle() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Handle> handle = std::move(idle_.back());
      idle_.pop_back();
      return handle;
    }
  }
  auto handle = std::make_unique<Handle>();
  handle->curl.reset(curl_easy_init());
  return handle;
}

void Client::GiveBack(std::unique_ptr<Handle> handle) {
  // Options go, the connection stays for the next request.
  curl_easy_reset(handle->curl.get());
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < kIdleHandles) idle_.push_back(std::move(handle));
}

Client::Attempt Client::Perform(Handle& handle, const Request& request, const std::string& url) {
  Attempt attempt;
  CURL* curl = handle.curl.get();
  Transfer transfer;
  transfer.body = &request.body;
  transfer.max_response = static_cast<std::size_t>(settings_.read_chunk) + kSlack;
  transfer.response = &attempt.response;

  SlistPtr headers;
  const auto add_header = [&headers](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  // Swift's s3api refuses a request without it; the service checks the body
  // against it, and curl signs it rather than hashing the body itself.
  add_header("x-amz-content-sha256: " +
             (request.body.sha256.empty() ? std::string(kEmptySha256) : request.body.sha256));
  for (const std::string& line : request.headers) add_header(line);

  char error[CURL_ERROR_SIZE] = {0};
  const std::string sigv4 = "aws:amz:" + settings_.region + ":s3";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
  // Apart, not as "key:secret": an access key may hold a colon.
  curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.access_key.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.secret_key.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::chrono::milliseconds(settings_.connect_timeout).count()));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, kStallBytesPerSecond);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(settings_.stall_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT" || request.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
    curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, SeekBody);
    curl_easy_setopt(curl, CURLOPT_SEEKDATA, &transfer);
    if (request.method == "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "POST");
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  attempt.code = curl_easy_perform(curl);
  attempt.file_ended = transfer.file_ended;
  attempt.read_errno = transfer.read_errno;
  if (attempt.code != CURLE_OK) {
    attempt.error = error[0] != '\0' ? std::string(Trim(error)) : curl_easy_strerror(attempt.code);
  } else {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &attempt.response.status);
  }
  return attempt;
}

Result<Response> Client::Send(const Request& request) {
  const std::string what = request.method + " " + UrlOf(request.key);
  std::string url = settings_.endpoint + "/" + settings_.bucket;
  if (!request.key.empty()) url += "/" + UriEncode(request.key, false);
  if (!request.query.empty()) url += "?" + CanonicalQuery(request.query);

  static thread_local std::minstd_rand jitter(std::random_device{}());
  std::chrono::milliseconds ceiling = settings_.first_backoff;
  for (int attempt_number = 0;; ++attempt_number) {
    std::unique_ptr<Handle> handle = TakeHandle();
    if (!handle->curl) return Internal("libcurl could not start a request (out of memory?)");
    Attempt attempt = Perform(*handle, request, url);
    GiveBack(std::move(handle));

    if (request.body.fd != -1 && (attempt.file_ended || RefusedAsNotItsSha256(attempt.response))) {
      return Unavailable(request.body.file_name + " changed while it was being stored in " +
                         UrlOf(request.key) + "; store it again once it is complete");
    }
    if (attempt.read_errno != 0) {
      return IoError("cannot read " + request.body.file_name + ": " +
                     std::strerror(attempt.read_errno));
    }
    if (attempt.code == CURLE_WRITE_ERROR) {
      return IoError(
          what + ": the S3 service at " + settings_.endpoint + " answered with more than " +
          std::to_string(settings_.read_chunk + static_cast<std::int64_t>(kSlack)) + " bytes");
    }
    std::string failure;
    if (attempt.code != CURLE_OK) {
      if (!Retryable(attempt.code)) {
        return IoError(what + ": the request to the S3 service at " + settings_.endpoint +
                       " failed: " + attempt.error);
      }
      failure = "cannot reach the S3 service at " + settings_.endpoint + " (" + attempt.error + ")";
    } else if (Retryable(attempt.response.status) || BucketNotSeen(request, attempt.response)) {
      failure =
          "the S3 service at " + settings_.endpoint + " answered " + Describe(attempt.response);
      if (attempt.response.status == 404) {
        failure += " for bucket '" + settings_.bucket + "', which was there when the store opened";
      }
    } else {
      return std::move(attempt.response);
    }

    if (attempt_number >= settings_.retries) {
      const std::string tries =
          std::to_string(attempt_number + 1) + (attempt_number == 0 ? " attempt" : " attempts");
      if (attempt.code != CURLE_OK) {
        return Unavailable(what + ": " + failure + " after " + tries +
                           ": is the service running, and is AWS_ENDPOINT_URL right?");
      }
      return Unavailable(what + ": " + failure + " after " + tries + "; try again later");
    }
    const std::chrono::milliseconds wait(
        std::uniform_int_distribution<std::int64_t>(ceiling.count() / 2, ceiling.count())(jitter));
    if (settings_.on_retry)
      settings_.on_retry(what + ": " + failure + "; again in " + Seconds(wait));
    std::this_thread::sleep_for(wait);
    ceiling = std::min(ceiling * 2, settings_.max_backoff);
  }
}

Status Client::ErrorOf(const Response& response, std::string_view what) const {
  const ErrorBody error = ParseError(response.body);
  const std::string at = " at " + settings_.endpoint;
  const std::string said =
      std::string(what) + ": the S3 service" + at + " answered " + Describe(response);
  if (response.status == 401 || response.status == 403) {
    return PermissionDenied(
        said + ": check the access key and secret (" + settings_.credentials_source +
        "), that they may use bucket '" + settings_.bucket +
        "', and that this machine's clock is right (a signature holds for 15 minutes)");
  }
  if (response.status == 404) {
    if (error.code == "NoSuchBucket") {
      return NotFound("bucket '" + settings_.bucket + "' does not exist" + at +
                      ": make it, or correct the bucket in the store's URL (s3://bucket/prefix)");
    }
    return NotFound(std::string(what) + ": not found" + at +
                    (error.code.empty() ? "" : " (" + error.code + ")"));
  }
  // A signature for another region than the bucket's (AWS also redirects).
  if (error.code == "AuthorizationHeaderMalformed" || response.status == 301) {
    return InvalidArgument(said + ": set AWS_REGION to the region of bucket '" + settings_.bucket +
                           "' (the requests were signed for " + settings_.region + ")");
  }
  if (Retryable(response.status)) return Unavailable(said + "; try again later");
  return IoError(said);
}

}  // namespace sohoa::archive::s3
