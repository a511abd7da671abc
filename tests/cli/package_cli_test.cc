// sohoa get, export and import as a user runs them on scanned dossiers: the
// TT 02/2019 metadata beside the originals, bags checked by tar, unzip and
// sha256sum, import into another home and back out byte for byte, and a
// tampered bag refused with nothing taken.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::ReadFile;
using testing::RunCommand;

std::string Sohoa() { return testing::Program("sohoa"); }
std::string Gen() { return testing::Program("sohoa-gen"); }

std::map<std::string, std::string> FilesUnder(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file())
      out[fs::relative(e.path(), root).generic_string()] = ReadFile(e.path());
  }
  return out;
}

// RFC 8493 by tools that are not sohoa: bagit.txt, sha256sum on both
// manifests, every payload file listed once, Payload-Oxum.
void ExpectValidBag(const fs::path& bag) {
  EXPECT_EQ(ReadFile(bag / "bagit.txt"),
            "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
  for (const char* manifest : {"manifest-sha256.txt", "tagmanifest-sha256.txt"}) {
    CommandResult check =
        RunCommand("cd '" + bag.string() + "' && sha256sum --strict -c " + manifest + " 2>&1");
    EXPECT_EQ(check.exit_code, 0) << manifest << ":\n" << check.out;
  }
  std::map<std::string, int> listed;
  std::istringstream lines(ReadFile(bag / "manifest-sha256.txt"));
  for (std::string line; std::getline(lines, line);) ++listed[line.substr(66)];
  std::int64_t octets = 0, files = 0;
  for (const auto& [path, bytes] : FilesUnder(bag / "data")) {
    EXPECT_EQ(listed["data/" + path], 1) << path;
    octets += static_cast<std::int64_t>(bytes.size());
    ++files;
  }
  EXPECT_EQ(listed.size(), static_cast<std::size_t>(files));
  EXPECT_NE(ReadFile(bag / "bag-info.txt")
                .find("Payload-Oxum: " + std::to_string(octets) + "." + std::to_string(files)),
            std::string::npos);
}

// Two scanned dossiers, OCRed once for every test of the suite.
class PackageCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    fs::path sample = dir_->path() / "sample";
    ASSERT_EQ(RunCommand(Gen() + " --out " + sample.string() +
                         " --seed 11 --dossiers 2 --formats folder >/dev/null")
                  .exit_code,
              0);
    truth_ = new nlohmann::json(nlohmann::json::parse(ReadFile(sample / "ground-truth.json")));
    std::string paths;
    for (const auto& d : (*truth_)["dossiers"])
      paths += " " + (sample / d["path"].get<std::string>()).string();
    ASSERT_EQ(RunCommand(Sohoa() + " --home " + Home().string() + " init").exit_code, 0);
    CommandResult ingest =
        RunCommand(Sohoa() + " --home " + Home().string() + " ingest --quiet" + paths);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
  }
  static void TearDownTestSuite() {
    delete truth_;
    delete dir_;
  }

  static fs::path Home() { return dir_->path() / "home"; }
  static std::string Code(int i) { return (*truth_)["dossiers"][i]["code"]; }
  static fs::path SampleOf(int i) {
    return dir_->path() / "sample" / (*truth_)["dossiers"][i]["path"].get<std::string>();
  }
  static CommandResult Run(const fs::path& home, const std::string& args) {
    return RunCommand(Sohoa() + " --home " + home.string() + " " + args + " 2>&1");
  }
  fs::path Extract(const fs::path& file, const std::string& how) {
    fs::path into = tmp_.path() / ("x-" + file.filename().string());
    fs::create_directories(into);
    CommandResult run =
        RunCommand(how + " '" + file.string() + "' " +
                   (how.rfind("unzip", 0) == 0 ? "-d '" : "-C '") + into.string() + "'");
    EXPECT_EQ(run.exit_code, 0) << how << " " << file;
    return into;
  }

  static testing::TempDir* dir_;
  static nlohmann::json* truth_;
  testing::TempDir tmp_;
};

testing::TempDir* PackageCliTest::dir_ = nullptr;
nlohmann::json* PackageCliTest::truth_ = nullptr;

TEST_F(PackageCliTest, GetWritesTheArchivalMetadataBesideTheOriginals) {
  fs::path out = tmp_.path() / "get";
  CommandResult get = Run(Home(), "get " + Code(0) + " --out " + out.string());
  ASSERT_EQ(get.exit_code, 0) << get.out;
  for (const auto& entry : fs::directory_iterator(SampleOf(0))) {
    EXPECT_TRUE(ReadFile(out / entry.path().filename()) == ReadFile(entry.path()))
        << entry.path().filename();
  }
  auto json = nlohmann::json::parse(ReadFile(out / (Code(0) + ".json")));
  EXPECT_EQ(json["code"], Code(0));  // the keys it always had are kept
  ASSERT_TRUE(json["documents"].is_array());
  const auto& metadata = json["archival_metadata"];
  EXPECT_EQ(metadata["standard"], "TT 02/2019/TT-BNV");
  EXPECT_EQ(metadata["dossier"]["ma_ho_so"], Code(0));
  EXPECT_EQ(metadata["dossier"]["ngon_ngu"], "Tiếng Việt");
  EXPECT_EQ(metadata["dossier"]["muc_do_tin_cay"], "Số hóa");
  EXPECT_EQ(metadata["dossier"]["tong_so_van_ban"], std::to_string(json["documents"].size()));
  EXPECT_EQ(metadata["dossier"]["ma_thu_tuc"], json["procedure_code"]);
  EXPECT_FALSE(metadata["dossier"]["tieu_de"].get<std::string>().empty());
  ASSERT_EQ(metadata["documents"].size(), json["documents"].size());
  EXPECT_EQ(metadata["documents"][0]["ma_dinh_danh"], Code(0) + ".1");
  EXPECT_EQ(metadata["documents"][0]["so_luong_trang"],
            std::to_string(json["documents"][0]["pages"].size()));
}

TEST_F(PackageCliTest, ExportedBagsAreValidAndComeBackOutOfAnotherHomeTheSame) {
  fs::path zip = tmp_.path() / "transfer.zip";
  CommandResult exported =
      Run(Home(), "export --all --organization 'UBND xã Cam Hải Đông' --out " + zip.string());
  ASSERT_EQ(exported.exit_code, 0) << exported.out;
  EXPECT_NE(exported.out.find("Exported 2 dossier(s)"), std::string::npos) << exported.out;
  fs::path bag = Extract(zip, "unzip -q") / "transfer";
  ExpectValidBag(bag);
  EXPECT_NE(ReadFile(bag / "bag-info.txt").find("Source-Organization: UBND xã Cam Hải Đông\n"),
            std::string::npos);
  for (int i = 0; i < 2; ++i) {
    for (const auto& entry : fs::directory_iterator(SampleOf(i))) {
      EXPECT_TRUE(ReadFile(bag / "data" / Code(i) / entry.path().filename()) ==
                  ReadFile(entry.path()))
          << entry.path().filename();
    }
    EXPECT_TRUE(fs::exists(bag / "data" / Code(i) / "METS.xml"));
  }

  fs::path other = tmp_.path() / "other";
  ASSERT_EQ(Run(other, "init").exit_code, 0);
  CommandResult check = Run(other, "import --check " + zip.string());
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_NE(check.out.find("complete and valid"), std::string::npos) << check.out;
  CommandResult imported = Run(other, "import --json " + zip.string());
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  auto summary = nlohmann::json::parse(imported.out);
  EXPECT_EQ(summary["imported"].size(), 2u);
  EXPECT_EQ(Run(other, "show " + Code(1)).exit_code, 0);

  fs::path tar = tmp_.path() / "back.tar";
  ASSERT_EQ(Run(other, "export --all --out " + tar.string()).exit_code, 0);
  fs::path back = Extract(tar, "tar -xf") / "back";
  ExpectValidBag(back);
  EXPECT_EQ(ReadFile(back / "manifest-sha256.txt"), ReadFile(bag / "manifest-sha256.txt"));
  auto payload = FilesUnder(bag / "data");
  auto payload_back = FilesUnder(back / "data");
  ASSERT_EQ(payload.size(), payload_back.size());
  for (const auto& [path, bytes] : payload) {
    // Not EXPECT_EQ: gtest would diff megabytes of scan bytes.
    EXPECT_TRUE(payload_back[path] == bytes) << path << " differs after export, import, export";
  }
  // The imported blobs pass a fixity check (a new event, so it comes last).
  EXPECT_EQ(Run(other, "verify").exit_code, 0);

  CommandResult again = Run(other, "import " + tar.string());
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("Imported 0 dossier(s)"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("already in this home"), std::string::npos) << again.out;
}

TEST_F(PackageCliTest, ExportTakesCodesOrASearchQuery) {
  fs::path one = tmp_.path() / "one.tar.gz";
  ASSERT_EQ(Run(Home(), "export --code " + Code(0) + " --out " + one.string()).exit_code, 0);
  auto files = FilesUnder(Extract(one, "tar -xzf") / "one" / "data");
  ASSERT_FALSE(files.empty());
  for (const auto& [path, bytes] : files) EXPECT_EQ(path.rfind(Code(0) + "/", 0), 0u) << path;

  fs::path queried = tmp_.path() / "queried.tar";
  CommandResult run = Run(Home(), "export code:" + Code(1) + " --out " + queried.string());
  ASSERT_EQ(run.exit_code, 0) << run.out;
  files = FilesUnder(Extract(queried, "tar -xf") / "queried" / "data");
  ASSERT_FALSE(files.empty());
  for (const auto& [path, bytes] : files) EXPECT_EQ(path.rfind(Code(1) + "/", 0), 0u) << path;

  // A word starting with '-' excludes, wherever it stands, as in search:
  // every page of dossier 0 names its applicant, so -"<applicant 0>" leaves
  // only dossier 1.
  fs::path excluded = tmp_.path() / "excluded.tar";
  const std::string applicant = (*truth_)["dossiers"][0]["applicant"].get<std::string>();
  run = Run(Home(), "export kind:receipt '-\"" + applicant + "\"' --out " + excluded.string());
  ASSERT_EQ(run.exit_code, 0) << run.out;
  files = FilesUnder(Extract(excluded, "tar -xf") / "excluded" / "data");
  ASSERT_FALSE(files.empty());
  for (const auto& [path, bytes] : files) EXPECT_EQ(path.rfind(Code(1) + "/", 0), 0u) << path;

  EXPECT_EQ(Run(Home(), "export --out " + (tmp_.path() / "none.tar").string()).exit_code, 2);
  EXPECT_EQ(Run(Home(), "export --all --out " + (tmp_.path() / "x.rar").string()).exit_code, 2);
  CommandResult log = Run(Home(), "log --type export --object " + Code(1) + " --json");
  ASSERT_EQ(log.exit_code, 0);
  EXPECT_FALSE(nlohmann::json::parse(log.out).empty());
}

TEST_F(PackageCliTest, ATamperedBagIsRefusedAndNothingIsTaken) {
  fs::path good = tmp_.path() / "good.tar";
  ASSERT_EQ(Run(Home(), "export --code " + Code(0) + " --out " + good.string()).exit_code, 0);
  fs::path root = Extract(good, "tar -xf");
  fs::path victim;
  for (const auto& entry : fs::directory_iterator(root / "good" / "data" / Code(0))) {
    if (entry.path().extension() == ".pdf") victim = entry.path();
  }
  ASSERT_FALSE(victim.empty());
  {
    std::fstream f(victim, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(200);
    char c = static_cast<char>(f.get());
    f.seekp(200);
    f.put(static_cast<char>(c ^ 0x01));
  }
  fs::path bad = tmp_.path() / "bad.tar";
  ASSERT_EQ(RunCommand("tar -cf '" + bad.string() + "' -C '" + root.string() + "' good").exit_code,
            0);

  fs::path other = tmp_.path() / "other";
  ASSERT_EQ(Run(other, "init").exit_code, 0);
  CommandResult imported = Run(other, "import " + bad.string());
  EXPECT_EQ(imported.exit_code, 1) << imported.out;
  EXPECT_NE(imported.out.find(victim.filename().string() + ": has SHA-256"), std::string::npos)
      << imported.out;
  EXPECT_NE(imported.out.find("nothing was imported"), std::string::npos) << imported.out;
  EXPECT_EQ(Run(other, "show " + Code(0)).exit_code, 3);
  EXPECT_TRUE(!fs::exists(other / "blobs" / "sha256") || fs::is_empty(other / "blobs" / "sha256"));
}

}  // namespace
}  // namespace sohoa
