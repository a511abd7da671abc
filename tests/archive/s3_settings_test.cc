// The S3 store's settings (archive/s3/s3_settings.h): a store URL, the
// environment, a credentials file. No server needed.
#include "archive/s3/s3_settings.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "tests/test_env.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

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
