// What only the S3 store does (archive/s3/s3_blob_store.h), against the
// process's throwaway S3 endpoint (tests/archive/s3_server.h): its errors, its
// retries, its unfinished uploads, its keys and metadata.
#include "archive/s3/s3_blob_store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "archive/blob_store.h"
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

class S3BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SOHOA_NEED_S3_SERVER();
    settings_ = Server().Settings(testing::FreshS3Prefix("s3"));
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
  EXPECT_EQ(refused.message().find(Server().secret_key()), std::string::npos)
      << "the message shows the secret";

  auto store = Connect(settings_);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Describe(), "s3://sohoa-test/" + settings_.prefix + " at " + settings_.endpoint);
  EXPECT_EQ(store->Describe().find(Server().secret_key()), std::string::npos);
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
  EXPECT_EQ(status.message().find(Server().secret_key()), std::string::npos);
}

TEST_F(S3BlobStoreTest, AMissingBucketIsNotFoundAndNamed) {
  S3Settings missing = settings_;
  missing.bucket = "no-such-bucket-here";
  const Status status = ConnectStatus(missing);
  EXPECT_EQ(status.code(), StatusCode::kNotFound) << status.ToString();
  EXPECT_NE(status.message().find("'no-such-bucket-here'"), std::string::npos) << status.message();
}

TEST_F(S3BlobStoreTest, ARegionThatIsNotTheBucketsIsNamedAsTheSettingToFix) {
  S3Settings elsewhere = settings_;
  elsewhere.region = "ap-southeast-1";
  const Status status = ConnectStatus(elsewhere);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  EXPECT_NE(status.message().find("AWS_REGION"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("AuthorizationHeaderMalformed"), std::string::npos)
      << status.message();
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

  ASSERT_TRUE(Server().StopObjectServer());
  bool restarted = false;
  std::thread restart([&restarted] {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    restarted = Server().Restart();
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

// While Swift starts, its proxy may be up before its container server and
// answer a write with 404 NoSuchBucket. The bucket was there when the store
// opened: the store waits for the service as for a 503, and says the
// service is unavailable if it stays so, never that the blob is missing
// (a worker once set a good scan aside as "could not be made" on it).
TEST_F(S3BlobStoreTest, ABucketTheServiceCannotSeeWhileItStartsIsWaitedFor) {
  // Two stores opened while the service is whole: one with few retries,
  // for the answer when the service stays so, and one patient enough for
  // the rest of the service to come up.
  std::vector<std::string> retries;
  S3Settings impatient_settings = settings_;
  impatient_settings.on_retry = [&retries](const std::string& what) { retries.push_back(what); };
  auto impatient = Connect(impatient_settings);
  ASSERT_NE(impatient, nullptr);
  S3Settings patient_settings = settings_;
  patient_settings.retries = 30;
  patient_settings.first_backoff = std::chrono::milliseconds(200);
  patient_settings.max_backoff = std::chrono::milliseconds(1000);
  auto patient = Connect(patient_settings);
  ASSERT_NE(patient, nullptr);
  const std::string before = "Giấy khai sinh, bản sao";
  auto kept = patient->PutBytes(before);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();

  ASSERT_TRUE(Server().StartWithoutContainerServer());
  // While the proxy comes up it may answer 503 to every attempt of a write
  // (it did under AddressSanitizer with another suite on the second core):
  // the write is tried again until its attempts meet the 404, for at most a
  // minute. Every try must be refused as unavailable, never as missing.
  Result<std::string> refused = Status(StatusCode::kInternal, "not tried");
  const auto met_404 = [&retries, &refused] {
    return refused.status().message().find("NoSuchBucket") != std::string::npos &&
           std::any_of(retries.begin(), retries.end(),
                       [](const std::string& r) { return r.find("404") != std::string::npos; });
  };
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  do {
    retries.clear();
    refused = impatient->PutBytes("Tờ khai đăng ký kết hôn");
    ASSERT_FALSE(refused.ok());
    ASSERT_EQ(refused.status().code(), StatusCode::kUnavailable) << refused.status().ToString();
  } while (!met_404() && std::chrono::steady_clock::now() < give_up);
  ASSERT_TRUE(met_404()) << refused.status().message() << "; first retry: "
                         << (retries.empty() ? "none" : retries.front());

  bool restarted = false;
  std::thread restart([&restarted] {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    restarted = Server().Restart();
  });
  const std::string bytes = "Quyết định công nhận kết quả";
  auto sha = patient->PutBytes(bytes);
  restart.join();
  ASSERT_TRUE(restarted);
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  auto read = ReadBlob(*patient, *sha);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, bytes);
  auto old = ReadBlob(*patient, *kept);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(*old, before);
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
  settings_.prefix = "lưu trữ/hồ sơ 2024+bản sao " + testing::FreshS3Prefix("");
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

}  // namespace
}  // namespace sohoa::archive
