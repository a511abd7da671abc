// What every BlobStore must do (archive/blob_store.h), on the folder store
// and on the S3 store against a real S3 endpoint that checks signatures
// (tests/archive/s3_server.h: Swift's s3api, started once for the process;
// the S3 cases skip, saying so, where Swift is not installed). Then what only
// the S3 store has: its errors, its retries, its unfinished uploads, its
// settings.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <optional>
#include <random>
#include <thread>
#include <tuple>
#include <vector>

#include "archive/blob_store.h"
#include "archive/s3/s3_blob_store.h"
#include "archive/s3/s3_client.h"
#include "archive/s3/s3_settings.h"
#include "tests/archive/s3_server.h"
#include "tests/test_env.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

testing::S3Server* server = nullptr;
std::string no_server_because;
bool swift_installed = true;
std::atomic<int> prefixes{0};

// The server is started by the first test that needs it and stopped when
// every test has run.
class S3ServerEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    delete server;
    server = nullptr;
  }
};
::testing::Environment* const kS3ServerEnvironment =
    ::testing::AddGlobalTestEnvironment(new S3ServerEnvironment);

testing::S3Server* SharedServer() {
  if (server == nullptr && no_server_because.empty()) {
    server = testing::S3Server::Start(&no_server_because, &swift_installed).release();
  }
  return server;
}

// Skips where Swift is not installed; fails where it is but would not start.
#define SOHOA_NEED_S3_SERVER()                                 \
  do {                                                         \
    if (SharedServer() == nullptr) {                           \
      if (!swift_installed) GTEST_SKIP() << no_server_because; \
      FAIL() << no_server_because;                             \
    }                                                          \
  } while (false)

// A prefix no other test writes under, so that each lists only its own.
std::string FreshPrefix(const std::string& name) {
  return name + "-" + std::to_string(++prefixes) + "/";
}

std::string RandomBytes(std::size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
  return bytes;
}

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

std::vector<BlobEntry> ListAll(BlobStore& store) {
  std::vector<BlobEntry> entries;
  const Status listed = store.List([&](const BlobEntry& entry) {
    entries.push_back(entry);
    return Status::Ok();
  });
  EXPECT_TRUE(listed.ok()) << listed.ToString();
  return entries;
}

std::vector<BlobEntry> OfKind(const std::vector<BlobEntry>& entries, BlobEntry::Kind kind) {
  std::vector<BlobEntry> out;
  for (const BlobEntry& entry : entries) {
    if (entry.kind == kind) out.push_back(entry);
  }
  return out;
}

// A request of the store's own client, made by hand: what the store would
// never send (a stray object, a tampered blob, an upload left unfinished).
Result<s3::Response> SendRaw(const S3Settings& settings, s3::Request request) {
  S3Settings normalized = settings;
  SOHOA_RETURN_IF_ERROR(NormalizeS3Settings(normalized));
  s3::Client client(normalized);
  return client.Send(request);
}

class BlobStoreContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "folder") {
      store_ = std::make_unique<FolderBlobStore>(dir_.path() / "blobs");
      return;
    }
    SOHOA_NEED_S3_SERVER();
    settings_ = server->Settings(FreshPrefix("contract"));
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
      {990, 100, bytes.substr(990)}, {1000, 5, ""}, {5000, -1, ""}, {5, 0, ""}, {0, 1000, bytes}};
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

// What only the S3 store does, against the same server.
class S3BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SOHOA_NEED_S3_SERVER();
    settings_ = server->Settings(FreshPrefix("s3"));
  }

  std::unique_ptr<S3BlobStore> Connect(const S3Settings& settings) {
    auto opened = S3BlobStore::Connect(settings);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  // The status a request of `settings` gets when it opens a store.
  static Status ConnectStatus(const S3Settings& settings) {
    auto opened = S3BlobStore::Connect(settings);
    return opened.ok() ? Status::Ok() : opened.status();
  }

  S3Settings settings_;
};

TEST_F(S3BlobStoreTest, AWrongSecretIsPermissionDeniedAndNoMessageHoldsASecret) {
  S3Settings wrong = settings_;
  wrong.secret_key = "Wr0ngSecretThatMustNeverBePrinted";
  const Status refused = ConnectStatus(wrong);
  EXPECT_EQ(refused.code(), StatusCode::kPermissionDenied) << refused.ToString();
  EXPECT_NE(refused.message().find("403"), std::string::npos) << refused.message();
  EXPECT_NE(refused.message().find("clock"), std::string::npos) << refused.message();
  EXPECT_NE(refused.message().find(testing::S3Server::kBucket), std::string::npos)
      << refused.message();
  EXPECT_EQ(refused.message().find(wrong.secret_key), std::string::npos)
      << "the message shows the secret";
  EXPECT_EQ(refused.message().find(server->secret_key()), std::string::npos)
      << "the message shows the secret";

  auto store = Connect(settings_);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Describe(), "s3://sohoa-test/" + settings_.prefix + " at " + settings_.endpoint);
  EXPECT_EQ(store->Describe().find(server->secret_key()), std::string::npos);
}

TEST_F(S3BlobStoreTest, AnUnreachableEndpointIsUnavailableAfterItsRetries) {
  // A port that was free a moment ago: nothing listens there.
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(probe);

  S3Settings unreachable = settings_;
  unreachable.endpoint = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  std::vector<std::string> retries;
  unreachable.on_retry = [&retries](const std::string& what) { retries.push_back(what); };
  const Status status = ConnectStatus(unreachable);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable) << status.ToString();
  EXPECT_EQ(retries.size(), 2u);
  EXPECT_NE(status.message().find(unreachable.endpoint), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("after 3 attempts"), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find(server->secret_key()), std::string::npos);
}

TEST_F(S3BlobStoreTest, AMissingBucketIsNotFoundAndNamed) {
  S3Settings missing = settings_;
  missing.bucket = "no-such-bucket-here";
  const Status status = ConnectStatus(missing);
  EXPECT_EQ(status.code(), StatusCode::kNotFound) << status.ToString();
  EXPECT_NE(status.message().find("'no-such-bucket-here'"), std::string::npos) << status.message();
}

// The object server stopped, the proxy answers 503 to every object request
// (a real 5xx, not a mock); the store keeps trying until it is back.
TEST_F(S3BlobStoreTest, A503IsRetriedUntilTheServiceIsBack) {
  settings_.retries = 30;  // ~20 s of waits: the restart takes 5-10 s
  settings_.first_backoff = std::chrono::milliseconds(200);
  settings_.max_backoff = std::chrono::milliseconds(1000);
  std::vector<std::string> retries;
  settings_.on_retry = [&retries](const std::string& what) { retries.push_back(what); };
  auto store = Connect(settings_);
  ASSERT_NE(store, nullptr);

  ASSERT_TRUE(server->StopObjectServer());
  bool restarted = false;
  std::thread restart([&restarted] {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    restarted = server->Restart();
  });
  const std::string bytes = "Quyết định công nhận kết quả";
  auto sha = store->PutBytes(bytes);
  restart.join();
  ASSERT_TRUE(restarted);
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  ASSERT_FALSE(retries.empty());
  EXPECT_NE(retries.front().find("503"), std::string::npos) << retries.front();
  auto read = ReadBlob(*store, *sha);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, bytes);
}

TEST_F(S3BlobStoreTest, AnUploadLeftUnfinishedIsALeftoverUntilRemoveLeftoverAbortsIt) {
  auto store = Connect(settings_);
  ASSERT_NE(store, nullptr);
  auto kept = store->PutBytes("kept");
  ASSERT_TRUE(kept.ok());
  // An upload begun and given one part, as a worker killed mid-upload leaves it.
  const std::string sha = Sha256OfBytes("never finished");
  s3::Request create;
  create.method = "POST";
  create.key = store->KeyOf(sha);
  create.query = {{"uploads", ""}};
  auto created = SendRaw(settings_, create);
  ASSERT_TRUE(created.ok() && created->ok()) << created.status().ToString();
  const std::string id = created->body.substr(
      created->body.find("<UploadId>") + 10,
      created->body.find("</UploadId>") - created->body.find("<UploadId>") - 10);
  s3::Request part;
  part.method = "PUT";
  part.key = create.key;
  part.query = {{"partNumber", "1"}, {"uploadId", id}};
  part.body = s3::Body::Bytes("never", Sha256OfBytes("never"));
  auto sent = SendRaw(settings_, part);
  ASSERT_TRUE(sent.ok() && sent->ok()) << sent.status().ToString();

  std::vector<BlobEntry> leftovers = OfKind(ListAll(*store), BlobEntry::Kind::kLeftover);
  ASSERT_EQ(leftovers.size(), 1u);
  EXPECT_EQ(leftovers[0].sha256, sha);
  EXPECT_NE(leftovers[0].where.find(id), std::string::npos) << leftovers[0].where;
  const auto age = std::chrono::system_clock::now() - leftovers[0].modified;
  EXPECT_LT(std::chrono::abs(age), std::chrono::minutes(5)) << "modified is when the upload began";

  const Status removed = store->RemoveLeftover(leftovers[0]);
  ASSERT_TRUE(removed.ok()) << removed.ToString();
  const std::vector<BlobEntry> after = ListAll(*store);
  EXPECT_TRUE(OfKind(after, BlobEntry::Kind::kLeftover).empty());
  ASSERT_EQ(OfKind(after, BlobEntry::Kind::kBlob).size(), 1u);
  EXPECT_TRUE(store->RemoveLeftover(leftovers[0]).ok()) << "an upload aborted already is fine";
}

TEST_F(S3BlobStoreTest, RemoveLeftoverRefusesABlobAStrayAndAnUploadOutsideTheStore) {
  auto store = Connect(settings_);
  ASSERT_NE(store, nullptr);
  auto sha = store->PutBytes("a blob");
  ASSERT_TRUE(sha.ok());
  const std::vector<BlobEntry> entries = ListAll(*store);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(store->RemoveLeftover(entries[0]).code(), StatusCode::kInvalidArgument);
  BlobEntry outside;
  outside.kind = BlobEntry::Kind::kLeftover;
  outside.where = "s3://sohoa-test/elsewhere/sha256/ab/cd/x?uploadId=abc";
  EXPECT_EQ(store->RemoveLeftover(outside).code(), StatusCode::kInvalidArgument);
  auto size = store->Size(*sha);
  ASSERT_TRUE(size.ok()) << "the blob is still there";
}

TEST_F(S3BlobStoreTest, APrefixWithSpacesAndVietnameseLettersIsEncodedAndSigned) {
  settings_.prefix = "lưu trữ " + std::to_string(++prefixes) + "/hồ sơ 2024+bản sao/";
  auto store = Connect(settings_);
  ASSERT_NE(store, nullptr);
  auto sha = store->PutBytes("Sổ đăng ký khai sinh");
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  auto read = ReadBlob(*store, *sha);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, "Sổ đăng ký khai sinh");
  const std::vector<BlobEntry> entries = ListAll(*store);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].kind, BlobEntry::Kind::kBlob);
  EXPECT_EQ(entries[0].where, "s3://sohoa-test/" + settings_.prefix + "sha256/" +
                                  sha->substr(0, 2) + "/" + sha->substr(2, 2) + "/" + *sha);
  EXPECT_TRUE(store->Remove(*sha).ok());
}

TEST_F(S3BlobStoreTest, AnObjectOfAnotherSizeAtAnAddressIsReplacedByTheBlob) {
  auto store = Connect(settings_);
  ASSERT_NE(store, nullptr);
  const std::string bytes = RandomBytes(5000, 7);
  const std::string sha = Sha256OfBytes(bytes);
  s3::Request cut_short;
  cut_short.method = "PUT";
  cut_short.key = store->KeyOf(sha);
  cut_short.body =
      s3::Body::Bytes(std::string_view(bytes).substr(0, 100), Sha256OfBytes(bytes.substr(0, 100)));
  auto sent = SendRaw(settings_, cut_short);
  ASSERT_TRUE(sent.ok() && sent->ok());
  auto stored = store->PutBytes(bytes);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  auto digest = HashBlob(*store, sha);
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(digest->sha256, sha);
}

TEST_F(S3BlobStoreTest, EveryObjectCarriesItsSha256InItsMetadata) {
  auto store = Connect(settings_);
  ASSERT_NE(store, nullptr);
  testing::TempDir dir;
  const fs::path large = dir.path() / "large.bin";
  testing::WriteFile(large, RandomBytes((std::size_t{6} << 20) + 7, 8));
  auto small_sha = store->PutBytes("small");
  auto large_sha = store->PutFile(large);
  ASSERT_TRUE(small_sha.ok() && large_sha.ok()) << large_sha.status().ToString();
  for (const std::string& sha : {*small_sha, *large_sha}) {
    s3::Request head;
    head.method = "HEAD";
    head.key = store->KeyOf(sha);
    auto found = SendRaw(settings_, head);
    ASSERT_TRUE(found.ok() && found->ok());
    EXPECT_EQ(found->Header("x-amz-meta-sha256"), sha);
  }
}

// The file changing while it is sent cannot be timed from outside the
// store; what the store relies on to see it can: the service refuses a body
// that is not the bytes whose SHA-256 the request carries, and a file that
// ends before its length ends the request. Either way nothing is stored.
TEST_F(S3BlobStoreTest, AFileThatIsNotWhatWasHashedIsRefusedAsChangedAndNothingIsStored) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "being-scanned.pdf";
  testing::WriteFile(file, "the bytes now");
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  const std::string key = settings_.prefix + "sha256/changed";
  const std::int64_t size = 13;
  for (const s3::Body& body :
       {s3::Body::File(fd, 0, size, file.string(), Sha256OfBytes("the bytes then")),
        s3::Body::File(fd, 0, size + 100, file.string(), Sha256OfBytes("the bytes now"))}) {
    s3::Request put;
    put.method = "PUT";
    put.key = key;
    put.body = body;
    auto sent = SendRaw(settings_, put);
    EXPECT_EQ(sent.status().code(), StatusCode::kUnavailable) << sent.status().ToString();
    EXPECT_NE(sent.status().message().find(file.string() + " changed while it was being stored"),
              std::string::npos)
        << sent.status().message();
  }
  ::close(fd);
  s3::Request head;
  head.method = "HEAD";
  head.key = key;
  auto found = SendRaw(settings_, head);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->status, 404);
}

// Reading the settings needs no server.
class S3SettingsTest : public ::testing::Test {
 protected:
  // The variables a test sets, put back as they were afterwards.
  void Set(const char* name, const std::string& value) {
    if (!saved_.count(name)) {
      const char* old = std::getenv(name);
      saved_[name] =
          old == nullptr ? std::optional<std::string>() : std::optional<std::string>(old);
    }
    ::setenv(name, value.c_str(), 1);
  }
  void Unset(const char* name) {
    Set(name, "");
    ::unsetenv(name);
  }
  void TearDown() override {
    for (const auto& [name, value] : saved_) {
      if (value) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }
  void UseKeysFromTheEnvironment() {
    Set("AWS_ENDPOINT_URL", "http://127.0.0.1:8080/");
    Set("AWS_REGION", "ap-southeast-1");
    Set("AWS_ACCESS_KEY_ID", "sohoa:tester");
    Set("AWS_SECRET_ACCESS_KEY", kSecret);
    Unset("SOHOA_S3_CREDENTIALS");
    Unset("AWS_PROFILE");
  }

  static constexpr const char* kSecret = "s3cr3t-Never-In-A-Message";
  std::map<std::string, std::optional<std::string>> saved_;
  testing::TempDir dir_;
};

TEST_F(S3SettingsTest, AStoreUrlNamesABucketAndAPrefixEndingInASlash) {
  S3Settings settings;
  ASSERT_TRUE(ParseS3Url("s3://sohoa-blobs", settings).ok());
  EXPECT_EQ(settings.bucket, "sohoa-blobs");
  EXPECT_EQ(settings.prefix, "");
  ASSERT_TRUE(ParseS3Url("s3://sohoa-blobs/khanh-hoa/2024", settings).ok());
  EXPECT_EQ(settings.prefix, "khanh-hoa/2024/");
  ASSERT_TRUE(ParseS3Url("s3://sohoa-blobs/khanh-hoa/", settings).ok());
  EXPECT_EQ(settings.prefix, "khanh-hoa/");
  for (const char* wrong : {"sohoa-blobs", "https://sohoa-blobs/x", "s3://", "s3://ab",
                            "s3://Sohoa_Blobs", "s3://sohoa-blobs//x", "s3://-sohoa"}) {
    const Status status = ParseS3Url(wrong, settings);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << wrong;
    EXPECT_NE(status.message().find("s3://bucket/prefix"), std::string::npos) << status.message();
  }
}

TEST_F(S3SettingsTest, TheEnvironmentGivesEndpointRegionAndKeys) {
  UseKeysFromTheEnvironment();
  auto settings = S3SettingsFromEnvironment("s3://sohoa-blobs/tinh");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->endpoint, "http://127.0.0.1:8080");
  EXPECT_EQ(settings->region, "ap-southeast-1");
  EXPECT_EQ(settings->access_key, "sohoa:tester");
  EXPECT_EQ(settings->secret_key, kSecret);
  EXPECT_EQ(settings->prefix, "tinh/");
  Unset("AWS_ENDPOINT_URL");
  settings = S3SettingsFromEnvironment("s3://sohoa-blobs");
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->endpoint, "https://s3.ap-southeast-1.amazonaws.com");
  Unset("AWS_SECRET_ACCESS_KEY");
  settings = S3SettingsFromEnvironment("s3://sohoa-blobs");
  EXPECT_EQ(settings.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(settings.status().message().find("SOHOA_S3_CREDENTIALS"), std::string::npos);
}

TEST_F(S3SettingsTest, AnEndpointWithAPasswordInItIsRefusedWithoutEchoingIt) {
  UseKeysFromTheEnvironment();
  Set("AWS_ENDPOINT_URL", std::string("https://admin:") + kSecret + "@s3.example.vn");
  auto settings = S3SettingsFromEnvironment("s3://sohoa-blobs");
  EXPECT_EQ(settings.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(settings.status().message().find(kSecret), std::string::npos)
      << settings.status().message();
}

TEST_F(S3SettingsTest, ACredentialsFileOthersMayReadIsRefusedSayingHowToFixIt) {
  UseKeysFromTheEnvironment();
  const fs::path file = dir_.path() / "s3.credentials";
  testing::WriteFile(
      file, std::string("[default]\naws_access_key_id = sohoa:worker\naws_secret_access_key = ") +
                kSecret + "\n");
  ::chmod(file.c_str(), 0644);
  Set("SOHOA_S3_CREDENTIALS", file.string());
  auto settings = S3SettingsFromEnvironment("s3://sohoa-blobs");
  EXPECT_EQ(settings.status().code(), StatusCode::kFailedPrecondition)
      << settings.status().ToString();
  EXPECT_NE(settings.status().message().find("chmod 600 " + file.string()), std::string::npos)
      << settings.status().message();
  EXPECT_EQ(settings.status().message().find(kSecret), std::string::npos);
}

TEST_F(S3SettingsTest, ACredentialsFileOfItsOwnerAloneGivesTheKeysOfItsProfile) {
  UseKeysFromTheEnvironment();
  const fs::path file = dir_.path() / "s3.credentials";
  testing::WriteFile(
      file,
      "# keys of the province's archive\n"
      "[default]\naws_access_key_id = sohoa:reader\naws_secret_access_key = not-this-one\n\n"
      "[khanh-hoa]\naws_access_key_id = sohoa:worker\naws_secret_access_key = from-the-file\n");
  ::chmod(file.c_str(), 0600);
  Set("SOHOA_S3_CREDENTIALS", file.string());
  Set("AWS_PROFILE", "khanh-hoa");
  auto settings = S3SettingsFromEnvironment("s3://sohoa-blobs");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->access_key, "sohoa:worker");
  EXPECT_EQ(settings->secret_key, "from-the-file");
  Set("AWS_PROFILE", "ha-noi");
  settings = S3SettingsFromEnvironment("s3://sohoa-blobs");
  EXPECT_EQ(settings.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(settings.status().message().find("[ha-noi]"), std::string::npos)
      << settings.status().message();
}

}  // namespace
}  // namespace sohoa::archive
