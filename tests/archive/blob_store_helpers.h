// Helpers of the blob-store suites (blob_store_contract_test.cc,
// s3_blob_store_test.cc).
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "archive/blob_store.h"

namespace sohoa::archive {

// `size` bytes of noise, the same for the same seed.
inline std::string RandomBytes(std::size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
  return bytes;
}

// Everything the store's listing shows.
inline std::vector<BlobEntry> ListAll(BlobStore& store) {
  std::vector<BlobEntry> entries;
  const Status listed = store.List([&](const BlobEntry& entry) {
    entries.push_back(entry);
    return Status::Ok();
  });
  EXPECT_TRUE(listed.ok()) << listed.ToString();
  return entries;
}

inline std::vector<BlobEntry> OfKind(const std::vector<BlobEntry>& entries, BlobEntry::Kind kind) {
  std::vector<BlobEntry> out;
  for (const BlobEntry& entry : entries) {
    if (entry.kind == kind) out.push_back(entry);
  }
  return out;
}

}  // namespace sohoa::archive
