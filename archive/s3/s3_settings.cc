#include "archive/s3/s3_settings.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace sohoa::archive {
namespace {

constexpr std::string_view kScheme = "s3://";
constexpr std::int64_t kMinPartSize = std::int64_t{5} << 20;  // S3's smallest part but the last

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::string_view Trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// S3's rule for bucket names, which also keeps a name safe in a URL path.
bool IsBucketName(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  }
  return name.front() != '-' && name.front() != '.' && name.back() != '-' && name.back() != '.';
}

// The endpoint as requests use it. The value itself is left out of the
// messages: a URL with a password in it must not be echoed.
Result<std::string> NormalizedEndpoint(std::string endpoint) {
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  const std::size_t scheme_end = endpoint.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : endpoint.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    return InvalidArgument("AWS_ENDPOINT_URL must start with http:// or https://");
  }
  const std::string authority = endpoint.substr(scheme_end + 3);
  if (authority.empty()) return InvalidArgument("AWS_ENDPOINT_URL names no host");
  if (authority.find('@') != std::string::npos) {
    return InvalidArgument(
        "AWS_ENDPOINT_URL holds credentials: give the keys in AWS_ACCESS_KEY_ID and "
        "AWS_SECRET_ACCESS_KEY or in the file named by SOHOA_S3_CREDENTIALS");
  }
  if (authority.find_first_of("?#") != std::string::npos) {
    return InvalidArgument("AWS_ENDPOINT_URL must be a scheme, a host and a port, without a query");
  }
  return endpoint;
}

}  // namespace

Status ParseS3Url(std::string_view url, S3Settings& settings) {
  const auto wrong = [&](const std::string& why) {
    return InvalidArgument(
        "'" + std::string(url) + "' is not an S3 store: " + why +
        " (a store is s3://bucket or s3://bucket/prefix, in a bucket that exists)");
  };
  if (url.substr(0, kScheme.size()) != kScheme) return wrong("it does not start with s3://");
  std::string_view rest = url.substr(kScheme.size());
  const std::size_t slash = rest.find('/');
  const std::string_view bucket = rest.substr(0, slash);
  if (!IsBucketName(bucket)) {
    return wrong(
        "a bucket name is 3 to 63 of a-z, 0-9, '-' and '.', starting and ending with a letter or "
        "digit");
  }
  std::string prefix(slash == std::string_view::npos ? "" : rest.substr(slash + 1));
  if (!prefix.empty() && prefix.front() == '/') return wrong("its prefix starts with '/'");
  if (prefix.find("//") != std::string::npos) return wrong("its prefix has an empty part ('//')");
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  settings.bucket = std::string(bucket);
  settings.prefix = std::move(prefix);
  return Status::Ok();
}

Status ReadS3CredentialsFile(const std::string& path, const std::string& profile,
                             S3Settings& settings) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return NotFound("cannot read the S3 credentials file " + path +
                    " (SOHOA_S3_CREDENTIALS): " + std::strerror(errno));
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return FailedPrecondition(
        "the S3 credentials file " + path + " may be read by others (mode " + mode +
        "): it holds a secret, so it must be readable by its owner alone; run chmod 600 " + path);
  }
  std::ifstream in(path);
  if (!in) return IoError("cannot read the S3 credentials file " + path);
  std::string line;
  std::string section;
  std::string key;
  std::string secret;
  while (std::getline(in, line)) {
    std::string_view text = Trim(line);
    if (text.empty() || text.front() == '#' || text.front() == ';') continue;
    if (text.front() == '[' && text.back() == ']') {
      section = std::string(Trim(text.substr(1, text.size() - 2)));
      continue;
    }
    const std::size_t equals = text.find('=');
    if (section != profile || equals == std::string_view::npos) continue;
    const std::string_view name = Trim(text.substr(0, equals));
    const std::string_view value = Trim(text.substr(equals + 1));
    if (name == "aws_access_key_id") key = std::string(value);
    if (name == "aws_secret_access_key") secret = std::string(value);
  }
  if (key.empty() || secret.empty()) {
    return InvalidArgument("the S3 credentials file " + path +
                           " has no aws_access_key_id and aws_secret_access_key in [" + profile +
                           "]");
  }
  settings.access_key = std::move(key);
  settings.secret_key = std::move(secret);
  settings.credentials_source = path + " [" + profile + "]";
  return Status::Ok();
}

Result<S3Settings> S3SettingsFromEnvironment(std::string_view url) {
  S3Settings settings;
  SOHOA_RETURN_IF_ERROR(ParseS3Url(url, settings));
  if (std::string region = Env("AWS_REGION"); !region.empty()) settings.region = std::move(region);
  std::string endpoint = Env("AWS_ENDPOINT_URL");
  if (endpoint.empty()) endpoint = "https://s3." + settings.region + ".amazonaws.com";
  settings.endpoint = std::move(endpoint);

  if (const std::string file = Env("SOHOA_S3_CREDENTIALS"); !file.empty()) {
    std::string profile = Env("AWS_PROFILE");
    if (profile.empty()) profile = "default";
    SOHOA_RETURN_IF_ERROR(ReadS3CredentialsFile(file, profile, settings));
    SOHOA_RETURN_IF_ERROR(NormalizeS3Settings(settings));
    return settings;
  }
  settings.access_key = Env("AWS_ACCESS_KEY_ID");
  settings.secret_key = Env("AWS_SECRET_ACCESS_KEY");
  if (settings.access_key.empty() || settings.secret_key.empty()) {
    return InvalidArgument(
        "no credentials for " + std::string(url) +
        ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a credentials file "
        "readable by this service alone in SOHOA_S3_CREDENTIALS");
  }
  settings.credentials_source = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
  SOHOA_RETURN_IF_ERROR(NormalizeS3Settings(settings));
  return settings;
}

Status NormalizeS3Settings(S3Settings& settings) {
  SOHOA_ASSIGN_OR_RETURN(settings.endpoint, NormalizedEndpoint(std::move(settings.endpoint)));
  SOHOA_RETURN_IF_ERROR(
      ParseS3Url(std::string(kScheme) + settings.bucket + "/" + settings.prefix, settings));
  if (settings.region.empty())
    return InvalidArgument("no S3 region: set AWS_REGION (us-east-1 if unsure)");
  if (settings.access_key.empty() || settings.secret_key.empty()) {
    return InvalidArgument("no S3 access key or secret for s3://" + settings.bucket);
  }
  if (settings.part_size < kMinPartSize || settings.multipart_threshold < 0 ||
      settings.read_chunk <= 0) {
    return InvalidArgument("S3 parts are 5 MiB or more, and reads of at least a byte");
  }
  if (settings.retries < 0 || settings.first_backoff.count() < 0 ||
      settings.max_backoff < settings.first_backoff) {
    return InvalidArgument(
        "S3 retries and their waits cannot be negative, nor the longest wait below the first");
  }
  return Status::Ok();
}

}  // namespace sohoa::archive
