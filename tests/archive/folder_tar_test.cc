// A folder packed as one tar and unpacked elsewhere is the same folder, its
// Vietnamese names included; the same files always make the same bytes; a
// tar whose members could land outside the folder is refused.
#include "archive/folder_tar.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>

#include "archive/blob_store.h"
#include "archive/internal/bag_archive.h"
#include "tests/test_env.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

// Every file under `root` by relative name, with its bytes; folders as "/".
std::map<std::string, std::string> Tree(const fs::path& root) {
  std::map<std::string, std::string> tree;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string name = e.path().lexically_relative(root).string();
    tree[name] = e.is_directory() ? "/" : testing::ReadFile(e.path());
  }
  return tree;
}

class FolderTarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = tmp_.path() / "hồ sơ khai sinh";
    testing::WriteFile(folder_ / "trang 1 - tờ khai.jpg", "\xff\xd8 page one");
    testing::WriteFile(folder_ / "Giấy chứng sinh.pdf", "%PDF-1.4 birth");
    testing::WriteFile(folder_ / ".so-ho-tich", "KS-2012-01\n");
    testing::WriteFile(folder_ / "lô 2" / "Đơn đề nghị.png", "\x89PNG form");
    fs::create_directories(folder_ / "trống");
  }

  testing::TempDir tmp_;
  fs::path folder_;
};

TEST_F(FolderTarTest, AFolderUnpacksAsItWasPackedWithItsVietnameseNames) {
  const fs::path tar = tmp_.path() / "packed.tar";
  auto packed = PackFolder(folder_, tar);
  ASSERT_TRUE(packed.ok()) << packed.status().ToString();
  EXPECT_EQ(packed->files, 4);
  EXPECT_TRUE(packed->left_out.empty());
  const fs::path into = tmp_.path() / "unpacked" / "hồ sơ khai sinh";
  auto unpacked = UnpackTar(tar, into);
  ASSERT_TRUE(unpacked.ok()) << unpacked.status().ToString();
  EXPECT_EQ(*unpacked, 4);
  EXPECT_EQ(Tree(into), Tree(folder_));
  EXPECT_EQ(testing::ReadFile(into / "lô 2" / "Đơn đề nghị.png"), "\x89PNG form");
}

TEST_F(FolderTarTest, TheSameFilesMakeTheSameBytesWhateverTheirTimesAndModes) {
  const fs::path first = tmp_.path() / "first.tar", second = tmp_.path() / "second.tar";
  ASSERT_TRUE(PackFolder(folder_, first).ok());
  fs::last_write_time(folder_ / "Giấy chứng sinh.pdf", fs::file_time_type::clock::now() - std::chrono::hours(30));
  fs::permissions(folder_ / "trang 1 - tờ khai.jpg", fs::perms::owner_read);
  ASSERT_TRUE(PackFolder(folder_, second).ok());
  EXPECT_EQ(*Sha256OfFile(first), *Sha256OfFile(second));

  testing::WriteFile(folder_ / "Giấy chứng sinh.pdf", "%PDF-1.4 birth, rescanned");
  ASSERT_TRUE(PackFolder(folder_, second).ok());
  EXPECT_NE(*Sha256OfFile(first), *Sha256OfFile(second)) << "other bytes, another tar";
}

TEST_F(FolderTarTest, LinksAndPipesAreLeftOutAndNamedNeverFollowed) {
  fs::create_symlink("/etc/passwd", folder_ / "mật khẩu");
  ASSERT_EQ(::mkfifo((folder_ / "lô 2" / "ống").c_str(), 0600), 0);
  const fs::path tar = tmp_.path() / "packed.tar";
  auto packed = PackFolder(folder_, tar);
  ASSERT_TRUE(packed.ok()) << packed.status().ToString();
  EXPECT_EQ(packed->files, 4);
  EXPECT_EQ(packed->left_out, (std::vector<fs::path>{"lô 2/ống", "mật khẩu"}));
  const fs::path into = tmp_.path() / "unpacked";
  ASSERT_TRUE(UnpackTar(tar, into).ok());
  EXPECT_FALSE(fs::exists(fs::symlink_status(into / "mật khẩu")));
}

TEST_F(FolderTarTest, ANameThatIsNotUtf8IsRefusedSayingWhich) {
  testing::WriteFile(folder_ / "h\xf4 s\xa1.jpg", "latin-1 name");
  auto packed = PackFolder(folder_, tmp_.path() / "packed.tar");
  EXPECT_EQ(packed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(packed.status().message().find("not UTF-8"), std::string::npos) << packed.status().message();
}

TEST_F(FolderTarTest, ATarWhoseMembersCouldLandOutsideIsRefused) {
  const fs::path outside = tmp_.path() / "outside.txt";
  auto tar_with = [&](const std::string& name) {
    const fs::path tar = tmp_.path() / "evil.tar";
    auto writer = internal::ArchiveWriter::Create(tar, BagFormat::kTar, 0);
    EXPECT_TRUE(writer.ok());
    EXPECT_TRUE(writer->AddFile("fine.jpg", "ok").ok());
    EXPECT_TRUE(writer->AddFile(name, "gotcha").ok());
    EXPECT_TRUE(writer->Close().ok());
    return tar;
  };
  for (const std::string& name : {std::string("../outside.txt"), std::string("a/../../outside.txt"),
                                  outside.string()}) {
    const fs::path into = tmp_.path() / "into";
    auto unpacked = UnpackTar(tar_with(name), into);
    EXPECT_EQ(unpacked.status().code(), StatusCode::kCorrupt) << name;
    EXPECT_FALSE(fs::exists(outside)) << name;
    fs::remove_all(into);
  }

  // A symbolic link made by tar(1): refused, not created.
  const fs::path linked = tmp_.path() / "linked";
  fs::create_directories(linked);
  fs::create_symlink("/etc", linked / "etc");
  const fs::path tar = tmp_.path() / "link.tar";
  ASSERT_EQ(testing::RunCommand("tar -cf '" + tar.string() + "' -C '" + linked.string() + "' etc").exit_code, 0);
  const fs::path into = tmp_.path() / "into";
  EXPECT_EQ(UnpackTar(tar, into).status().code(), StatusCode::kCorrupt);
  EXPECT_FALSE(fs::exists(fs::symlink_status(into / "etc")));

  testing::WriteFile(tmp_.path() / "not-a.tar", "these bytes are no tar at all, not even close");
  EXPECT_EQ(UnpackTar(tmp_.path() / "not-a.tar", into).status().code(), StatusCode::kCorrupt);
}

}  // namespace
}  // namespace sohoa::archive
