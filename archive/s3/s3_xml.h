// The few S3 XML documents the blob store reads and writes: error bodies,
// object and upload listings, a new upload's id, the list of parts that
// completes an upload. Read with pugixml, by element name, ignoring what it
// does not know, so a service that adds elements (or namespaces) still reads.
// Internal to archive/s3/.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "schema/status.h"

namespace sohoa::archive::s3 {

// <Error><Code>NoSuchBucket</Code><Message>...</Message></Error>; both
// empty when `body` is not one (HEAD answers have no body).
struct ErrorBody {
  std::string code;
  std::string message;
};
ErrorBody ParseError(std::string_view body);

// A page of ListObjectsV2.
struct ObjectPage {
  struct Object {
    std::string key;
    std::int64_t size = 0;
    std::chrono::system_clock::time_point modified;
  };
  std::vector<Object> objects;
  std::string next_token;  // continuation-token of the next page; empty on the last
};
Result<ObjectPage> ParseObjectPage(std::string_view body);

// A page of ListMultipartUploads.
struct UploadPage {
  struct Upload {
    std::string key;
    std::string upload_id;
    std::chrono::system_clock::time_point initiated;
  };
  std::vector<Upload> uploads;
  bool truncated = false;
  std::string next_key_marker;
  std::string next_upload_id_marker;
};
Result<UploadPage> ParseUploadPage(std::string_view body);

// The UploadId of CreateMultipartUpload's answer.
Result<std::string> ParseUploadId(std::string_view body);

// The body of CompleteMultipartUpload: parts 1..n with their ETags.
std::string CompleteUploadBody(const std::vector<std::string>& etags);

// "2026-12-07T04:31:50.000Z" (S3's times are UTC); the epoch when it is not one.
std::chrono::system_clock::time_point ParseIsoTime(std::string_view text);

}  // namespace sohoa::archive::s3
