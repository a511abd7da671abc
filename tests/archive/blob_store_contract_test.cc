// What every BlobStore must do (archive/blob_store.h), on the folder store
// and on the S3 store against a real S3 endpoint that checks signatures
// (tests/archive/s3_server.h: Swift's s3api, started once for the process;
// the S3 cases skip, saying so, where Swift is not installed).
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "archive/blob_store.h"
#include "archive/s3/s3_blob_store.h"
#include "archive/s3/s3_client.h"
#include "tests/archive/blob_store_helpers.h"
#include "tests/archive/s3_server.h"
#include "tests/test_env.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;
using testing::SendRaw;

// The shared server (SOHOA_NEED_S3_SERVER in SetUp makes sure there is one).
testing::S3Server& Server() { return *testing::SharedS3Server(); }

// Reads all of `reader` in pieces of `piece` bytes, checking that no piece
// but the last comes short (BlobReader's promise).
std::string ReadAll(BlobReader& reader, std::size_t piece) {
  std::string out;
  std::vector<char> buffer(piece);
  bool ended = false;
  while (true) {
    Result<std::size_t> n = reader.Read(buffer.data(), buffer.size());
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    if (!n.ok() || *n == 0) return out;
    EXPECT_FALSE(ended) << "a short read came before the end";
    ended = *n < piece;
    out.append(buffer.data(), *n);
  }
}

class BlobStoreContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "folder") {
      store_ = std::make_unique<FolderBlobStore>(dir_.path() / "blobs");
      return;
    }
    SOHOA_NEED_S3_SERVER();
    settings_ = Server().Settings(testing::FreshS3Prefix("contract"));
    auto opened = S3BlobStore::Connect(settings_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  // Writes `bytes` at `relative` below the store's root (its folder, or its
  // prefix in the bucket) behind the store's back.
  void WriteBehindTheStore(const std::string& relative, const std::string& bytes) {
    if (GetParam() == "folder") {
      const fs::path path = dir_.path() / "blobs" / relative;
      std::error_code ec;
      fs::permissions(path, fs::perms::owner_write, fs::perm_options::add, ec);  // blobs are 0444
      testing::WriteFile(path, bytes);
      return;
    }
    s3::Request put;
    put.method = "PUT";
    put.key = settings_.prefix + relative;
    put.body = s3::Body::Bytes(bytes, Sha256OfBytes(bytes));
    auto sent = SendRaw(settings_, put);
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
    ASSERT_TRUE(sent->ok()) << sent->status << " " << sent->body;
  }

  static std::string RelativeOf(const std::string& sha) {
    return "sha256/" + sha.substr(0, 2) + "/" + sha.substr(2, 2) + "/" + sha;
  }

  testing::TempDir dir_;
  S3Settings settings_;
  std::unique_ptr<BlobStore> store_;
};

TEST_P(BlobStoreContractTest, PutFileAnswersTheSha256AndTheBlobReadsBackWhole) {
  const std::string bytes = RandomBytes(150'000, 1);
  const fs::path file = dir_.path() / "scan.pdf";
  testing::WriteFile(file, bytes);
  auto sha = store_->PutFile(file);
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  EXPECT_EQ(*sha, Sha256OfBytes(bytes));
  auto size = store_->Size(*sha);
  ASSERT_TRUE(size.ok()) << size.status().ToString();
  EXPECT_EQ(*size, 150'000);
  auto contains = store_->Contains(*sha);
  ASSERT_TRUE(contains.ok());
  EXPECT_TRUE(*contains);
  auto read = ReadBlob(*store_, *sha);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_TRUE(*read == bytes);
  EXPECT_NE(store_->Where(*sha).find(*sha), std::string::npos);
}

TEST_P(BlobStoreContractTest, TheSameBytesStoredThriceAreOneBlob) {
  const std::string bytes = "Giấy khai sinh — Nguyễn Văn Đức";
  const fs::path file = dir_.path() / "khai-sinh.txt";
  testing::WriteFile(file, bytes);
  auto first = store_->PutBytes(bytes);
  auto second = store_->PutBytes(bytes);
  auto third = store_->PutFile(file);
  ASSERT_TRUE(first.ok() && second.ok() && third.ok())
      << first.status().ToString() << third.status().ToString();
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(*first, *third);
  const std::vector<BlobEntry> entries = ListAll(*store_);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].kind, BlobEntry::Kind::kBlob);
  EXPECT_EQ(entries[0].sha256, *first);
  EXPECT_EQ(entries[0].size, static_cast<std::int64_t>(bytes.size()));
}

TEST_P(BlobStoreContractTest, AnEmptyBlobIsStoredAndReadsBackEmpty) {
  auto sha = store_->PutBytes("");
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  EXPECT_EQ(*sha, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  auto size = store_->Size(*sha);
  ASSERT_TRUE(size.ok()) << size.status().ToString();
  EXPECT_EQ(*size, 0);
  auto read = ReadBlob(*store_, *sha);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, "");
}

TEST_P(BlobStoreContractTest, ARangeReadsFromItsOffsetAcrossChunksInPiecesOfAnySize) {
  // 200 KB: several of the S3 store's 64 KiB test chunks.
  const std::string bytes = RandomBytes(200'000, 2);
  auto sha = store_->PutBytes(bytes);
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  auto range = store_->Open(*sha, 70'000, 100'000);
  ASSERT_TRUE(range.ok()) << range.status().ToString();
  EXPECT_TRUE(ReadAll(**range, 4097) == bytes.substr(70'000, 100'000));
  auto rest = store_->Open(*sha, 123'456);
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  EXPECT_TRUE(ReadAll(**rest, 65'536) == bytes.substr(123'456));
  auto whole = store_->Open(*sha);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_TRUE(ReadAll(**whole, 1'000'000) == bytes);
}

TEST_P(BlobStoreContractTest, ARangePastTheEndStopsAtTheEnd) {
  const std::string bytes = RandomBytes(1000, 3);
  auto sha = store_->PutBytes(bytes);
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  const std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> cases = {
      {990, 100, bytes.substr(990)},
      {1000, 5, ""},
      {5000, -1, ""},
      {5, 0, ""},
      {0, 1000, bytes},
      {10, std::numeric_limits<std::int64_t>::max(), bytes.substr(10)}};
  for (const auto& [offset, length, expected] : cases) {
    auto reader = store_->Open(*sha, offset, length);
    ASSERT_TRUE(reader.ok()) << offset << "+" << length << ": " << reader.status().ToString();
    EXPECT_TRUE(ReadAll(**reader, 64) == expected) << offset << "+" << length;
  }
  EXPECT_EQ(store_->Open(*sha, -1).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(BlobStoreContractTest, ABlobThatIsNotThereIsNotFound) {
  const std::string absent = Sha256OfBytes("never stored");
  EXPECT_EQ(store_->Size(absent).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Open(absent).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Open(absent, 10, 10).status().code(), StatusCode::kNotFound);
  auto contains = store_->Contains(absent);
  ASSERT_TRUE(contains.ok()) << contains.status().ToString();
  EXPECT_FALSE(*contains);
  EXPECT_EQ(HashBlob(*store_, absent).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(CopyBlobTo(*store_, absent, dir_.path() / "copy").code(), StatusCode::kNotFound);
}

TEST_P(BlobStoreContractTest, AStringThatIsNotAnAddressIsRefusedAndReachesNothing) {
  for (const std::string& not_address :
       std::vector<std::string>{"../../etc/passwd", "abc", std::string(64, 'g'), ""}) {
    EXPECT_EQ(store_->Size(not_address).status().code(), StatusCode::kInvalidArgument)
        << not_address;
    EXPECT_EQ(store_->Open(not_address).status().code(), StatusCode::kInvalidArgument)
        << not_address;
    EXPECT_EQ(store_->Remove(not_address).code(), StatusCode::kInvalidArgument) << not_address;
    auto contains = store_->Contains(not_address);
    ASSERT_TRUE(contains.ok());
    EXPECT_FALSE(*contains);
  }
}

TEST_P(BlobStoreContractTest, AMissingFileIsNotFoundAndAFolderIsNotAFile) {
  EXPECT_EQ(store_->PutFile(dir_.path() / "no-such-scan.pdf").status().code(),
            StatusCode::kNotFound);
  fs::create_directories(dir_.path() / "a-folder");
  EXPECT_EQ(store_->PutFile(dir_.path() / "a-folder").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(ListAll(*store_).empty());
}

TEST_P(BlobStoreContractTest, ListingShowsBlobsAndWhatElseLiesUnderTheRootAsStray) {
  auto one = store_->PutBytes("one");
  auto two = store_->PutBytes(RandomBytes(70'000, 4));
  ASSERT_TRUE(one.ok() && two.ok());
  WriteBehindTheStore("sha256/ab/notes.txt", "not a blob");
  // An address, but not where its address puts it.
  const std::string misplaced = Sha256OfBytes("misplaced");
  WriteBehindTheStore("sha256/00/00/" + misplaced, "misplaced");

  const std::vector<BlobEntry> entries = ListAll(*store_);
  const std::vector<BlobEntry> blobs = OfKind(entries, BlobEntry::Kind::kBlob);
  const std::vector<BlobEntry> strays = OfKind(entries, BlobEntry::Kind::kStray);
  EXPECT_TRUE(OfKind(entries, BlobEntry::Kind::kLeftover).empty());
  ASSERT_EQ(blobs.size(), 2u);
  ASSERT_EQ(strays.size(), 2u);
  for (const BlobEntry& blob : blobs) {
    EXPECT_TRUE(blob.sha256 == *one || blob.sha256 == *two) << blob.where;
    EXPECT_EQ(blob.size, blob.sha256 == *one ? 3 : 70'000);
    EXPECT_EQ(blob.where, store_->Where(blob.sha256));
  }
  for (const BlobEntry& stray : strays) {
    if (stray.where.find("notes.txt") != std::string::npos) {
      EXPECT_EQ(stray.sha256, "");
    } else {
      EXPECT_EQ(stray.sha256, misplaced) << stray.where;
    }
  }
}

TEST_P(BlobStoreContractTest, RemovedBlobsAreGoneAndRemovingAnAbsentOneIsFine) {
  auto sha = store_->PutBytes("to be removed");
  ASSERT_TRUE(sha.ok());
  ASSERT_TRUE(store_->Remove(*sha).ok());
  EXPECT_EQ(store_->Size(*sha).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(ListAll(*store_).empty());
  const Status again = store_->Remove(*sha);
  EXPECT_TRUE(again.ok()) << again.ToString();
}

TEST_P(BlobStoreContractTest, AFileAboveTheMultipartThresholdIsStoredWhole) {
  // 11 MiB and a bit: two 5 MiB parts and a short last one on S3.
  const std::string bytes = RandomBytes((std::size_t{11} << 20) + 1234, 5);
  const fs::path file = dir_.path() / "so-ho-tich.tif";
  testing::WriteFile(file, bytes);
  auto sha = store_->PutFile(file);
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  EXPECT_EQ(*sha, Sha256OfBytes(bytes));
  auto digest = HashBlob(*store_, *sha);
  ASSERT_TRUE(digest.ok()) << digest.status().ToString();
  EXPECT_EQ(digest->sha256, *sha);
  EXPECT_EQ(digest->bytes, static_cast<std::int64_t>(bytes.size()));
  auto again = store_->PutFile(file);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *sha);
  const std::vector<BlobEntry> entries = ListAll(*store_);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].kind, BlobEntry::Kind::kBlob);
}

TEST_P(BlobStoreContractTest, HashBlobCopyBlobToAndReadBlobGiveTheStoredBytes) {
  const std::string bytes = RandomBytes(100'000, 6);
  auto sha = store_->PutBytes(bytes);
  ASSERT_TRUE(sha.ok());
  auto digest = HashBlob(*store_, *sha);
  ASSERT_TRUE(digest.ok()) << digest.status().ToString();
  EXPECT_EQ(digest->sha256, *sha);
  EXPECT_EQ(digest->bytes, 100'000);
  const fs::path target = dir_.path() / "out" / "copy.bin";
  fs::create_directories(target.parent_path());
  testing::WriteFile(target, "an older file in the way");
  const Status copied = CopyBlobTo(*store_, *sha, target);
  ASSERT_TRUE(copied.ok()) << copied.ToString();
  EXPECT_TRUE(testing::ReadFile(target) == bytes);
  auto read = ReadBlob(*store_, *sha);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(*read == bytes);
}

TEST_P(BlobStoreContractTest, BytesThatNoLongerMatchTheirAddressAreCorruptAndNotCopied) {
  const std::string bytes = "Tờ khai đăng ký kết hôn";
  auto sha = store_->PutBytes(bytes);
  ASSERT_TRUE(sha.ok());
  WriteBehindTheStore(RelativeOf(*sha), "Tờ khai đăng ký kết hôn!");
  auto digest = HashBlob(*store_, *sha);
  ASSERT_TRUE(digest.ok()) << digest.status().ToString();
  EXPECT_NE(digest->sha256, *sha);
  const fs::path target = dir_.path() / "copy.txt";
  const Status copied = CopyBlobTo(*store_, *sha, target);
  EXPECT_EQ(copied.code(), StatusCode::kCorrupt) << copied.ToString();
  EXPECT_FALSE(fs::exists(target));
}

INSTANTIATE_TEST_SUITE_P(Stores, BlobStoreContractTest, ::testing::Values("folder", "s3"),
                         [](const ::testing::TestParamInfo<std::string>& store) {
                           return store.param;
                         });

}  // namespace
}  // namespace sohoa::archive
