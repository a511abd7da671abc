#include "archive/s3/s3_reader.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <limits>

namespace sohoa::archive::s3 {
namespace {

// "bytes 10-19/1000": the first and last byte sent, and the object's size.
bool ParseContentRange(const std::string& header, std::int64_t& first, std::int64_t& last,
                       std::int64_t& total) {
  return std::sscanf(header.c_str(), "bytes %" SCNd64 "-%" SCNd64 "/%" SCNd64, &first, &last,
                     &total) == 3 &&
         first >= 0 && first <= last && last < total;
}

}  // namespace

RangeReader::RangeReader(std::shared_ptr<Client> client, std::string key, std::string where,
                         std::int64_t offset, std::int64_t length)
    : client_(std::move(client)),
      key_(std::move(key)),
      where_(std::move(where)),
      // A length past what an offset can reach reads to the end.
      limit_(length < 0 || length > std::numeric_limits<std::int64_t>::max() - offset
                 ? -1
                 : offset + length),
      next_(offset) {}

Result<std::unique_ptr<RangeReader>> RangeReader::Open(std::shared_ptr<Client> client,
                                                       std::string key, std::string where,
                                                       std::int64_t offset, std::int64_t length) {
  std::unique_ptr<RangeReader> reader(
      new RangeReader(std::move(client), std::move(key), std::move(where), offset, length));
  if (length != 0) {
    // The first chunk now: a missing blob is told by Open, as the folder store does.
    SOHOA_RETURN_IF_ERROR(reader->Fetch());
    return reader;
  }
  Request head;
  head.method = "HEAD";
  head.key = reader->key_;
  SOHOA_ASSIGN_OR_RETURN(Response found, reader->client_->Send(head));
  if (found.status == 404) return NotFound("no blob at " + reader->where_);
  if (!found.ok()) return reader->client_->ErrorOf(found, "HEAD " + reader->where_);
  reader->end_ = offset;
  return reader;
}

Status RangeReader::Fetch() {
  std::int64_t stop = next_ + client_->settings().read_chunk;  // one past the last byte asked for
  if (limit_ >= 0) stop = std::min(stop, limit_);
  if (end_ >= 0) stop = std::min(stop, end_);
  Request get;
  get.key = key_;
  get.headers.push_back("Range: bytes=" + std::to_string(next_) + "-" + std::to_string(stop - 1));
  SOHOA_ASSIGN_OR_RETURN(Response got, client_->Send(get));
  if (got.status == 404) return NotFound("no blob at " + where_);
  if (got.status == 416) {  // the range starts at or past the end
    chunk_.clear();
    taken_ = 0;
    end_ = next_;
    return Status::Ok();
  }
  std::int64_t total = 0;
  if (got.status == 206) {
    std::int64_t first = 0;
    std::int64_t last = 0;
    if (!ParseContentRange(got.Header("content-range"), first, last, total) || first != next_ ||
        static_cast<std::int64_t>(got.body.size()) != last - first + 1) {
      return IoError(where_ + ": the S3 service sent other bytes than the range asked for (" +
                     got.Header("content-range") + ")");
    }
  } else if (got.status == 200) {
    // A service that ignores Range sends the whole object.
    total = static_cast<std::int64_t>(got.body.size());
    got.body.erase(0, static_cast<std::size_t>(std::min(next_, total)));
    got.body.resize(
        static_cast<std::size_t>(std::max<std::int64_t>(0, std::min(stop, total) - next_)));
  } else {
    return client_->ErrorOf(got, "GET " + where_);
  }
  if (object_size_ >= 0 && total != object_size_) {
    return IoError(where_ + " changed while it was being read: " + std::to_string(object_size_) +
                   " bytes, then " + std::to_string(total));
  }
  object_size_ = total;
  end_ = limit_ >= 0 ? std::min(limit_, total) : total;
  chunk_ = std::move(got.body);
  taken_ = 0;
  next_ += static_cast<std::int64_t>(chunk_.size());
  return Status::Ok();
}

Result<std::size_t> RangeReader::Read(char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    if (taken_ == chunk_.size()) {
      if (end_ >= 0 && next_ >= end_) break;
      SOHOA_RETURN_IF_ERROR(Fetch());
      if (chunk_.empty()) break;
    }
    const std::size_t n = std::min(size - done, chunk_.size() - taken_);
    std::memcpy(data + done, chunk_.data() + taken_, n);
    taken_ += n;
    done += n;
  }
  return done;
}

}  // namespace sohoa::archive::s3
