#include "archive/blob_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/test_env.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

constexpr const char* kShaOfAbc =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* kShaOfEmpty =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

int CountFiles(const fs::path& root) {
  int n = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) n += e.is_regular_file() ? 1 : 0;
  return n;
}

TEST(BlobStoreTest, HashesKnownBytesToTheirPublishedDigests) {
  EXPECT_EQ(Sha256OfBytes("abc"), kShaOfAbc);
  EXPECT_EQ(Sha256OfBytes(""), kShaOfEmpty);
}

TEST(BlobStoreTest, HashesAFileLargerThanOneReadChunkLikeItsBytes) {
  testing::TempDir dir;
  std::string bytes;
  for (int i = 0; i < 300000; ++i) bytes += static_cast<char>(i * 7 % 251);
  testing::WriteFile(dir.path() / "big.bin", bytes);
  auto sha = Sha256OfFile(dir.path() / "big.bin");
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  EXPECT_EQ(*sha, Sha256OfBytes(bytes));
}

TEST(BlobStoreTest, StoresAFileUnderItsShardedDigest) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "scan.jpg", "abc");
  FolderBlobStore blobs(dir.path() / "blobs");
  auto sha = blobs.PutFile(dir.path() / "scan.jpg");
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  EXPECT_EQ(*sha, kShaOfAbc);
  fs::path expected = dir.path() / "blobs" / "sha256" / "ba" / "78" / kShaOfAbc;
  EXPECT_EQ(blobs.PathOf(*sha), expected);
  EXPECT_TRUE(*blobs.Contains(*sha));
  EXPECT_EQ(testing::ReadFile(expected), "abc");
}

TEST(BlobStoreTest, StoringTheSameBytesTwiceKeepsOneFile) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "a.pdf", "abc");
  testing::WriteFile(dir.path() / "copy of a.pdf", "abc");
  FolderBlobStore blobs(dir.path() / "blobs");
  auto first = blobs.PutFile(dir.path() / "a.pdf");
  ASSERT_TRUE(first.ok());
  auto mtime = fs::last_write_time(blobs.PathOf(*first));
  auto second = blobs.PutFile(dir.path() / "copy of a.pdf");
  auto third = blobs.PutBytes("abc");
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(*first, *third);
  EXPECT_EQ(CountFiles(dir.path() / "blobs"), 1);  // no temporary file left behind either
  EXPECT_EQ(fs::last_write_time(blobs.PathOf(*first)), mtime);
}

TEST(BlobStoreTest, StoredBlobsAreReadOnly) {
  testing::TempDir dir;
  FolderBlobStore blobs(dir.path() / "blobs");
  auto sha = blobs.PutBytes("searchable pdf bytes");
  ASSERT_TRUE(sha.ok());
  struct stat st {};
  ASSERT_EQ(::stat(blobs.PathOf(*sha).c_str(), &st), 0);
  // Checked on the mode bits: root (CI) could write to a 0444 file anyway.
  EXPECT_EQ(st.st_mode & 0777, 0444u);
}

TEST(BlobStoreTest, PutBytesStoresExactlyTheBytes) {
  testing::TempDir dir;
  FolderBlobStore blobs(dir.path() / "blobs");
  std::string bytes("\0binary\xff\x00tail", 13);
  auto sha = blobs.PutBytes(bytes);
  ASSERT_TRUE(sha.ok());
  EXPECT_EQ(*sha, Sha256OfBytes(bytes));
  EXPECT_EQ(testing::ReadFile(blobs.PathOf(*sha)), bytes);
}

TEST(BlobStoreTest, AMissingFileIsNotFound) {
  testing::TempDir dir;
  FolderBlobStore blobs(dir.path() / "blobs");
  auto sha = blobs.PutFile(dir.path() / "nope.pdf");
  ASSERT_FALSE(sha.ok());
  EXPECT_EQ(sha.status().code(), StatusCode::kNotFound);
  EXPECT_NE(sha.status().message().find("nope.pdf"), std::string::npos);
  EXPECT_EQ(Sha256OfFile(dir.path() / "nope.pdf").status().code(), StatusCode::kNotFound);
}

TEST(BlobStoreTest, AFolderIsNotStored) {
  testing::TempDir dir;
  FolderBlobStore blobs(dir.path() / "blobs");
  auto sha = blobs.PutFile(dir.path());
  ASSERT_FALSE(sha.ok());
  EXPECT_EQ(sha.status().code(), StatusCode::kInvalidArgument);
}

TEST(BlobStoreTest, SomethingThatIsNotADigestHasNoPath) {
  FolderBlobStore blobs("/tmp/blobs");
  EXPECT_TRUE(blobs.PathOf("../../etc/passwd").empty());
  EXPECT_TRUE(blobs.PathOf("ab").empty());
  EXPECT_FALSE(*blobs.Contains("../../etc/passwd"));
  EXPECT_EQ(blobs.PathOf("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"),
            blobs.PathOf(kShaOfAbc));
}

}  // namespace
}  // namespace sohoa::archive
