// A blob of the S3 store read as a stream: ranged GETs of read_chunk bytes,
// one at a time, each retried on its own by the client, so a long read
// survives a dropped connection and holds one chunk in memory. Internal to
// archive/s3/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "archive/blob_store.h"
#include "archive/s3/s3_client.h"

namespace sohoa::archive::s3 {

class RangeReader final : public BlobReader {
 public:
  // Reads `length` bytes (negative: to the end) of object `key` from
  // `offset`. `where` names the blob in messages.
  static Result<std::unique_ptr<RangeReader>> Open(std::shared_ptr<Client> client, std::string key,
                                                   std::string where, std::int64_t offset,
                                                   std::int64_t length);

  Result<std::size_t> Read(char* data, std::size_t size) override;

 private:
  RangeReader(std::shared_ptr<Client> client, std::string key, std::string where,
              std::int64_t offset, std::int64_t length);
  // Replaces the chunk held by the next one. NotFound when the object is not
  // there, an IoError when it is no longer the size it was.
  Status Fetch();

  std::shared_ptr<Client> client_;
  const std::string key_;
  const std::string where_;
  const std::int64_t limit_;  // one past the last byte asked for; -1: the object's end
  std::int64_t next_;         // the first byte not fetched yet
  std::int64_t end_ = -1;     // one past the last byte to give, once an answer has told the size
  std::int64_t object_size_ = -1;
  std::string chunk_;
  std::size_t taken_ = 0;  // bytes of chunk_ given already
};

}  // namespace sohoa::archive::s3
