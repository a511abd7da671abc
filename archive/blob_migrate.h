// Moving a home's blobs into another store (`sohoa migrate --blobs
// s3://bucket/prefix`): every blob of the home's store, and every one the
// catalog points at, copied to the target unless it is there already with
// its size, so that a run stopped at any moment goes on where it stopped;
// each copy checked against its address on the way out (CopyBlobTo) and on
// the way in (the target hashes what it stores). Then every blob read back
// from the target and hashed. Only a verified move points the home's
// sohoa.toml at the target; the old folder is left as it was, the way back,
// for the operator to remove once satisfied. The catalog is not touched
// beyond one "migration" event.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/home.h"
#include "schema/status.h"

namespace sohoa::archive {

struct BlobMigrationProgress {
  enum class Step { kCopy, kVerify };
  Step step = Step::kCopy;
  std::int64_t done = 0, total = 0;  // blobs
  std::int64_t bytes = 0;            // copied or read back so far
};

struct BlobMigrationOptions {
  // Stop after copying this many blobs (0: never), to move a large store a
  // slice at a time; the next run goes on.
  std::int64_t max_blobs = 0;
  // Copy nothing: read every blob back from the target and compare.
  bool verify_only = false;
  std::function<void(const BlobMigrationProgress&)> progress{};
};

struct BlobMigration {
  std::string source, target;  // for messages (no credentials)
  std::int64_t blobs = 0;          // to move: the source's and those the catalog points at
  std::int64_t copied = 0;         // by this run
  std::int64_t already_there = 0;  // found in the target with their size
  std::int64_t bytes_copied = 0;
  bool stopped = false;            // max_blobs reached before the end: run again to go on
  std::int64_t verified_blobs = 0, verified_bytes = 0;
  // What stops the switch: a blob the catalog points at that the source
  // does not have, or one the target does not give back whole.
  std::vector<std::string> problems;
  bool verified = false;
  bool switched = false;           // the home's sohoa.toml now names the target
};

// Moves `home`'s blobs (as archive/storage.h locates them) to the store at
// `url`; `catalog` is the home's, which says what the blobs must include
// and records the move. InvalidArgument for a URL that is not a blob store or is the
// home's store already; what opening either store says when it cannot be
// reached.
Result<BlobMigration> MigrateBlobs(const HomeLayout& home, Catalog& catalog, const std::string& url,
                                   const BlobMigrationOptions& options);

}  // namespace sohoa::archive
