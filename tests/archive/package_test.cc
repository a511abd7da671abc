// Packages: BagIt bags checked file by file by tools that are not sohoa's
// (tar, unzip, sha256sum), crafted bad bags refused before anything is
// taken, and export → import → export giving the same bytes.
#include "archive/package.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "archive/blob_store.h"
#include "archive/fixity.h"
#include "archive/retention.h"
#include "tests/archive/raw_catalog.h"
#include "tests/test_env.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

constexpr const char* kCode = "000.31.22.H32-230620-0017";
constexpr const char* kCode2 = "000.31.22.H32-230621-0003";

std::string RandomBytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

// A tar file written byte by byte (POSIX ustar), independent of libarchive
// and of the exporter, so that a test can make any entry it likes.
class TarBuilder {
 public:
  void File(const std::string& name, const std::string& bytes, char type = '0',
            const std::string& link = "") {
    std::string h(512, '\0');
    auto put = [&h](std::size_t at, std::size_t len, const std::string& s) {
      std::memcpy(&h[at], s.data(), std::min(len, s.size()));
    };
    EXPECT_LE(name.size(), 100u) << name;
    put(0, 100, name);
    put(100, 8, type == '5' ? "0000755" : "0000644");
    put(108, 8, "0000000");
    put(116, 8, "0000000");
    char size[13];
    std::snprintf(size, sizeof size, "%011llo", static_cast<unsigned long long>(bytes.size()));
    put(124, 12, size);
    put(136, 12, "14605044000");
    std::memset(&h[148], ' ', 8);
    h[156] = type;
    put(157, 100, link);
    put(257, 6, std::string("ustar\0", 6));
    put(263, 2, "00");
    unsigned sum = 0;
    for (char c : h) sum += static_cast<unsigned char>(c);
    char check[8];
    std::snprintf(check, sizeof check, "%06o", sum);
    put(148, 6, check);
    h[154] = '\0';
    data_ += h + bytes + std::string((512 - bytes.size() % 512) % 512, '\0');
  }
  void Dir(const std::string& name) { File(name, "", '5'); }
  void Write(const fs::path& path) const { WriteFile(path, data_ + std::string(1024, '\0')); }

 private:
  std::string data_;
};

// Every file under `root`, as "a/b/c" paths relative to it.
std::map<std::string, std::string> FilesUnder(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file())
      out[fs::relative(e.path(), root).generic_string()] = ReadFile(e.path());
  }
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// RFC 8493 checked without sohoa's code: bagit.txt's bytes, sha256sum on
// both manifests from inside the bag, every payload file listed exactly
// once, Payload-Oxum against the sizes of the extracted files.
void ExpectValidBag(const fs::path& bag) {
  ASSERT_TRUE(fs::is_directory(bag)) << bag;
  EXPECT_EQ(ReadFile(bag / "bagit.txt"),
            "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
  auto check = RunCommand("cd '" + bag.string() + "' && sha256sum --strict -c manifest-sha256.txt");
  EXPECT_EQ(check.exit_code, 0) << check.out;
  check = RunCommand("cd '" + bag.string() + "' && sha256sum --strict -c tagmanifest-sha256.txt");
  EXPECT_EQ(check.exit_code, 0) << check.out;

  std::map<std::string, int> listed;
  for (const std::string& line : Lines(ReadFile(bag / "manifest-sha256.txt"))) {
    ASSERT_GT(line.size(), 66u) << line;
    EXPECT_EQ(line.substr(64, 2), "  ") << line;
    ++listed[line.substr(66)];
  }
  std::int64_t octets = 0, files = 0;
  for (const auto& [path, bytes] : FilesUnder(bag)) {
    if (path.rfind("data/", 0) != 0) {
      EXPECT_TRUE(path == "bagit.txt" || path == "bag-info.txt" || path == "manifest-sha256.txt" ||
                  path == "tagmanifest-sha256.txt")
          << "unexpected tag file " << path;
      continue;
    }
    EXPECT_EQ(listed[path], 1) << path << " must be listed exactly once";
    listed.erase(path);
    octets += static_cast<std::int64_t>(bytes.size());
    ++files;
  }
  EXPECT_TRUE(listed.empty()) << "the manifest lists files the bag lacks: "
                              << listed.begin()->first;
  const std::string info = ReadFile(bag / "bag-info.txt");
  EXPECT_NE(
      info.find("Payload-Oxum: " + std::to_string(octets) + "." + std::to_string(files) + "\n"),
      std::string::npos)
      << info;
  EXPECT_NE(info.find("Bag-Software-Agent: sohoa\n"), std::string::npos) << info;
  EXPECT_NE(info.find("Bag-Count: 1 of 1\n"), std::string::npos) << info;
  EXPECT_NE(info.find("Bagging-Date: 20"), std::string::npos) << info;
}

class PackageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_.root = dir_.path() / "home";
    ASSERT_TRUE(InitHome(home_).ok());
    SOHOA_OPEN_TEST_CATALOG(home_, catalog_);
  }

  std::string Put(const HomeLayout& home, const std::string& bytes) {
    auto sha = FolderBlobStore(home.blobs()).PutBytes(bytes);
    EXPECT_TRUE(sha.ok()) << sha.status().ToString();
    return sha.ok() ? *sha : "";
  }

  // A birth-registration dossier with real blobs: two originals both named
  // scan.jpg, a stack file feeding two documents, PDFs, words, a barcode.
  DossierRecord StoreDossier(const std::string& code, unsigned seed,
                             const std::string& id_copy_rescans = "") {
    DossierRecord d;
    d.code = code;
    d.code_source = kSourceBarcode;
    d.agency_code = "000.31.22.H32";
    d.received_date = "2023-06-20";
    d.procedure_code = "1.001193";
    d.procedure_name = "Thủ tục đăng ký khai sinh";
    d.field = "Hộ tịch";
    d.procedure_confidence = 0.875f;
    d.procedure_evidence = "code 1.001193 printed on the receipt";
    d.applicant = "NGUYỄN VĂN ĐỨC";
    const std::string receipt = Put(home_, "\xFF\xD8\xFF" + RandomBytes(30000, seed));
    const std::string stack = Put(home_, "%PDF-1.4\n" + RandomBytes(50000, seed + 1));
    const std::string result = Put(home_, "\xFF\xD8\xFF" + RandomBytes(20000, seed + 2));
    const std::string pdf1 = Put(home_, "%PDF-1.7\n" + RandomBytes(9000, seed + 3));
    const std::string pdf3 = Put(home_, "%PDF-1.7\n" + RandomBytes(7000, seed + 4));
    auto doc = [](std::string kind, std::string title, std::string sha, std::string name,
                  std::string media, std::string pdf, int pages) {
      DocumentRecord r;
      r.kind = std::move(kind);
      r.title = std::move(title);
      r.source_sha256 = sha;
      r.source_name = std::move(name);
      r.media_type = std::move(media);
      r.source_bytes = 1234;
      r.pdf_sha256 = std::move(pdf);
      for (int p = 1; p <= pages; ++p) {
        PageRecord page;
        page.number = p;
        page.image_sha256 = sha;
        page.source_page = p - 1;
        page.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTrang " + std::to_string(p) + "\tđ & <x>";
        page.confidence = 87.25f;
        page.rotation = 90;
        page.skew_degrees = -1.3f;
        page.dpi = 300;
        page.width = 2480;
        page.height = 3508;
        page.words = {{"CỘNG", {10, 20, 80, 30}, 91.5f}, {"HÒA", {95, 20, 60, 30}, 88.123f}};
        r.pages.push_back(std::move(page));
      }
      return r;
    };
    d.documents.push_back(doc(kKindReceipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", receipt,
                              "scan.jpg", "image/jpeg", pdf1, 1));
    d.documents.push_back(doc(kKindForm, "TỜ KHAI ĐĂNG KÝ KHAI SINH", stack, "Tờ khai: bản 1.pdf",
                              "application/pdf", "", 2));
    d.documents.push_back(
        doc(kKindIdCopy, "", stack, "Tờ khai: bản 1.pdf", "application/pdf", "", 1));
    d.documents.push_back(
        doc(kKindResult, "GIẤY KHAI SINH", result, "scan.jpg", "image/jpeg", pdf3, 1));
    d.documents[0].pages[0].barcodes.push_back({"QRCode", code, {5, 6, 7, 8}});
    d.documents[2].reused_from = id_copy_rescans;
    if (!id_copy_rescans.empty()) d.documents[2].reuse_evidence = "text similarity 0.91";
    FieldValue name{"applicant_name", "NGUYỄN VĂN ĐỨC",          0.93f, kSourceOcr, 2, 1,
                    {1, 2, 3, 4},     "label 'Họ, chữ đệm, tên'"};
    FieldValue number{"result_number", "125/2023/KS", 0.81f, kSourceOcr, 4, 1,
                      {9, 9, 50, 20},  "result 'Số:'"};
    FieldValue date{"result_date", "2023-06-23", 0.7f, kSourceOcr, 4, 1, {}, "", false};
    FieldValue manual{"citizen_id",
                      "056189004512",
                      1.0f,
                      kSourceManual,
                      0,
                      0,
                      {},
                      "",
                      false,
                      "archivist",
                      "2023-06-24T08:00:00.000Z"};
    FieldValue review{"subject_name", "", 0.2f, kSourceOcr, 0, 0, {}, "nothing read", true};
    d.fields = {name, number, date, manual, review};
    auto stored = catalog_->StoreDossier(d);
    EXPECT_TRUE(stored.ok()) << stored.status().ToString();
    auto found = catalog_->FindDossier(code);
    EXPECT_TRUE(found.ok() && found->has_value());
    return found.ok() && found->has_value() ? **found : d;
  }

  ExportSummary Export(const std::vector<std::string>& codes, const fs::path& out,
                       Catalog* catalog = nullptr, const HomeLayout* home = nullptr) {
    ExportOptions options;
    options.source_organization = "Bộ phận Một cửa huyện Cam Lâm";
    options.description = "test export";
    options.actor = "tester";
    auto summary =
        ExportBag(home ? *home : home_, catalog ? *catalog : *catalog_, codes, out, options);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ExportSummary{};
  }

  fs::path Extract(const fs::path& file, const std::string& how) {
    fs::path into = dir_.path() / ("x-" + file.filename().string());
    fs::create_directories(into);
    auto run =
        RunCommand(how + " '" + file.string() + "' " +
                   (how.rfind("unzip", 0) == 0 ? "-d '" : "-C '") + into.string() + "' 2>&1");
    EXPECT_EQ(run.exit_code, 0) << how << ": " << run.out;
    return into;
  }

  struct OtherHome {
    HomeLayout home;
    std::unique_ptr<Catalog> catalog;
  };
  OtherHome NewHome(const std::string& name) {
    OtherHome h;
    h.home.root = dir_.path() / name;
    EXPECT_TRUE(InitHome(h.home).ok());
    auto opened = OpenFreshCatalog(h.home);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    if (opened.ok()) h.catalog = std::move(opened).value();
    return h;
  }

  TempDir dir_;
  HomeLayout home_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(PackageTest, DossierFilesAreSafeUniqueAndKeepTheNamesTheyArrivedWith) {
  DossierRecord d;
  d.code = kCode;
  auto doc = [](std::string name, char sha, std::string pdf = "") {
    DocumentRecord r;
    r.source_name = std::move(name);
    r.source_sha256 = std::string(64, sha);
    r.media_type = "image/jpeg";
    r.pdf_sha256 = std::move(pdf);
    return r;
  };
  d.documents = {doc("Tờ khai.jpg", 'a', std::string(64, 'p')),
                 doc("SCAN.jpg", 'b'),
                 doc("scan.jpg", 'c'),
                 doc("../../etc/passwd", 'd'),
                 doc("CON.jpg", 'e'),
                 doc("METS.xml", 'f'),
                 doc(std::string(kCode) + ".1.pdf", '1'),
                 doc("a\nb?.jpg", '2'),
                 doc("", '3'),
                 doc("Tờ khai.jpg", 'a')};
  d.documents[2].pages.push_back(PageRecord{});
  d.documents[2].pages[0].number = 1;
  d.documents[2].pages[0].image_sha256 = std::string(64, '9');
  std::vector<std::string> names;
  for (const DossierFile& f : DossierFiles(d)) names.push_back(f.name);
  const std::string code = kCode;
  EXPECT_EQ(names,
            (std::vector<std::string>{"Tờ khai.jpg", "SCAN.jpg", "scan-2.jpg", "passwd", "_CON.jpg",
                                      "METS-2.xml", code + ".1-2.pdf", "a_b_.jpg", "original-9.jpg",
                                      code + ".1.pdf", code + ".3.p1"}));
}

TEST_F(PackageTest, MetadataJsonRebuildsTheDossierExactly) {
  DossierRecord d = StoreDossier(kCode, 1);
  auto metadata = ArchivalMetadataOf(*catalog_, d);
  ASSERT_TRUE(metadata.ok());
  const std::string json = DossierJson(d, &*metadata, true);
  auto back = DossierFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(DossierJson(*back, &*metadata, true), json);
  EXPECT_EQ(back->procedure_confidence, d.procedure_confidence);
  ASSERT_EQ(back->documents.size(), 4u);
  EXPECT_EQ(back->documents[1].pages[1].words[1].confidence, 88.123f);
  EXPECT_EQ(back->documents[1].pages[1].skew_degrees, -1.3f);
  EXPECT_EQ(back->documents[0].pages[0].barcodes[0].text, kCode);
  EXPECT_EQ(back->fields[3].changed_by, "archivist");
  EXPECT_TRUE(back->fields[4].needs_review);
  EXPECT_NE(json.find("\"ma_ho_so\": \"000.31.22.H32-230620-0017\""), std::string::npos);
  EXPECT_NE(json.find("\"ten_thu_tuc\": \"Thủ tục đăng ký khai sinh\""), std::string::npos);
  EXPECT_NE(json.find("\"so_va_ky_hieu\": \"125/2023/KS\""), std::string::npos);
  EXPECT_NE(json.find("\"file\": \"scan-2.jpg\""), std::string::npos);
}

TEST_F(PackageTest, MetadataJsonCarriesTheProcedureRetention) {
  DossierRecord d = StoreDossier(kCode, 1);
  ASSERT_TRUE(SetRetention(*catalog_, "1.001193", "permanent", "tester").ok());
  auto metadata = ArchivalMetadataOf(*catalog_, d);
  ASSERT_TRUE(metadata.ok());
  EXPECT_EQ(metadata->Dossier("thoi_han_bao_quan"), "Vĩnh viễn");
}

TEST_F(PackageTest, DossierFromJsonNamesWhatIsMissing) {
  EXPECT_EQ(DossierFromJson("{").status().code(), StatusCode::kCorrupt);
  auto no_code = DossierFromJson(R"({"documents": [], "fields": []})");
  ASSERT_FALSE(no_code.ok());
  EXPECT_NE(no_code.status().message().find("\"code\""), std::string::npos)
      << no_code.status().message();
  auto bad_page = DossierFromJson(
      R"({"code": "X", "fields": [], "documents": [{"kind": "form", "pages": [{"number": "one"}]}]})");
  ASSERT_FALSE(bad_page.ok());
  EXPECT_NE(bad_page.status().message().find("documents[0].pages[0].number"), std::string::npos)
      << bad_page.status().message();
}

TEST_F(PackageTest, TarExportIsAValidBagByAnIndependentCheck) {
  DossierRecord d = StoreDossier(kCode, 1);
  StoreDossier(kCode2, 7);
  ASSERT_TRUE(VerifyFixity(home_, *catalog_, 100).ok());
  fs::path out = dir_.path() / "chuyen-giao.tar";
  ExportSummary summary = Export({kCode2, kCode, kCode}, out);
  EXPECT_EQ(summary.dossiers, 2);
  EXPECT_EQ(summary.bag_name, "chuyen-giao");
  EXPECT_FALSE(fs::exists(dir_.path() / ".chuyen-giao.tar.part"));

  fs::path bag = Extract(out, "tar -xf") / "chuyen-giao";
  ExpectValidBag(bag);
  fs::path folder = bag / "data" / kCode;
  // Originals byte for byte, under the names they arrived with.
  FolderBlobStore blobs(home_.blobs());
  auto same = [&](const std::string& name, const std::string& sha) {
    // Not EXPECT_EQ: gtest would diff the bytes of a scan.
    EXPECT_TRUE(ReadFile(folder / name) == ReadFile(blobs.PathOf(sha))) << name;
  };
  same("scan.jpg", d.documents[0].source_sha256);
  same("scan-2.jpg", d.documents[3].source_sha256);
  same("Tờ khai_ bản 1.pdf", d.documents[1].source_sha256);
  same(std::string(kCode) + ".4.pdf", d.documents[3].pdf_sha256);
  EXPECT_EQ(FilesUnder(folder).size(), 7u);  // METS, JSON, 3 originals, 2 PDFs

  const std::string mets = ReadFile(folder / "METS.xml");
  for (const char* needle : {"<premis:eventType>ingestion</premis:eventType>",
                             "<premis:eventType>message digest calculation</premis:eventType>",
                             "<premis:eventType>fixity check</premis:eventType>",
                             "<premis:messageDigest>" /* objects carry their SHA-256 */,
                             "OBJID=\"000.31.22.H32-230620-0017\"",
                             "key=\"ma_ho_so\" label=\"Mã hồ sơ\">000.31.22.H32-230620-0017<",
                             "xlink:href=\"T%E1%BB%9D%20kha", "CHECKSUMTYPE=\"SHA-256\""}) {
    EXPECT_NE(mets.find(needle), std::string::npos) << needle;
  }
  EXPECT_EQ(mets.find("<premis:eventType>export"), std::string::npos);
  auto json = DossierFromJson(ReadFile(folder / (std::string(kCode) + ".json")));
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->applicant, "NGUYỄN VĂN ĐỨC");

  auto exports = catalog_->Events(EventFilter{kCode, "", "export", "", 0});
  ASSERT_TRUE(exports.ok());
  ASSERT_EQ(exports->size(), 1u);
  EXPECT_EQ((*exports)[0].actor, "tester");
  EXPECT_NE((*exports)[0].detail.find("chuyen-giao"), std::string::npos);
}

TEST_F(PackageTest, ZipExportIsAValidBagByAnIndependentCheck) {
  StoreDossier(kCode, 1);
  fs::path out = dir_.path() / "bag-zip.zip";
  auto summary = ExportBag(home_, *catalog_, {kCode}, out, ExportOptions{});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  fs::path bag = Extract(out, "unzip -q") / "bag-zip";
  ExpectValidBag(bag);
  // Without an organization, the receiving agency the dossier code names.
  EXPECT_NE(ReadFile(bag / "bag-info.txt").find("Source-Organization: 000.31.22.H32\n"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(bag / "data" / kCode / "Tờ khai_ bản 1.pdf"));
}

TEST_F(PackageTest, CompressedTarExportsAreValidBags) {
  StoreDossier(kCode, 1);
  Export({kCode}, dir_.path() / "bag-plain.tar");
  const std::string manifest =
      ReadFile(Extract(dir_.path() / "bag-plain.tar", "tar -xf") / "bag-plain" / "manifest-sha256.txt");
  Export({kCode}, dir_.path() / "bag-gz.tar.gz");
  const fs::path gz = Extract(dir_.path() / "bag-gz.tar.gz", "tar -xzf") / "bag-gz";
  ExpectValidBag(gz);
  // Compression changes the container, never the payload.
  EXPECT_EQ(ReadFile(gz / "manifest-sha256.txt"), manifest);
  if (RunCommand("command -v zstd >/dev/null").exit_code != 0) {
    GTEST_SKIP() << "zstd is not installed (tools/install-deps.sh installs it)";
  }
  Export({kCode}, dir_.path() / "bag-zst.tar.zst");
  const fs::path zst = Extract(dir_.path() / "bag-zst.tar.zst", "tar --zstd -xf") / "bag-zst";
  ExpectValidBag(zst);
  EXPECT_EQ(ReadFile(zst / "manifest-sha256.txt"), manifest);
}

TEST_F(PackageTest, ExportImportExportGivesTheSamePayloadAndManifest) {
  DossierRecord d = StoreDossier(kCode, 1);
  StoreDossier(kCode2, 7);
  ASSERT_TRUE(catalog_->AppendEvent({"view", kCode, "cli", "success", "sohoa show", ""}).ok());
  ASSERT_TRUE(VerifyFixity(home_, *catalog_, 100).ok());
  fs::path first = dir_.path() / "first.tar.zst";
  if (RunCommand("command -v zstd >/dev/null").exit_code != 0) first = dir_.path() / "first.tar.gz";
  Export({kCode, kCode2}, first);

  OtherHome other = NewHome("other");
  auto imported = ImportBag(other.home, *other.catalog, first, ImportOptions{"importer"});
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  ASSERT_TRUE(imported->check.ok())
      << imported->check.problems[0].entry << ": " << imported->check.problems[0].message;
  EXPECT_EQ(imported->imported, (std::vector<std::string>{kCode, kCode2}));
  EXPECT_EQ(imported->blobs_added, 10);

  // The other home holds the same dossier, blobs that pass a fixity check,
  // the original history with its times, and the import.
  auto back = other.catalog->FindDossier(kCode);
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_EQ(DossierJson(**back, nullptr, true), DossierJson(d, nullptr, true));
  auto original_events = catalog_->Events(kCode);
  auto events = other.catalog->Events(kCode);
  ASSERT_TRUE(original_events.ok() && events.ok());
  auto has = [](const std::vector<Event>& list, const std::string& type, const std::string& at) {
    return std::any_of(list.begin(), list.end(), [&](const Event& e) {
      return e.type == type && (at.empty() || e.at == at);
    });
  };
  EXPECT_TRUE(has(*events, "ingestion", (*original_events)[0].at));
  EXPECT_FALSE(has(*events, "view", ""));  // access, not preservation: stays in the first home
  EXPECT_TRUE(has(*events, "fixity check", ""));
  EXPECT_TRUE(has(*events, "import", ""));

  fs::path second = dir_.path() / "second.tar";
  Export({kCode, kCode2}, second, other.catalog.get(), &other.home);
  fs::path a =
      Extract(first, first.extension() == ".zst" ? "tar --zstd -xf" : "tar -xzf") / "first";
  fs::path b = Extract(second, "tar -xf") / "second";
  ExpectValidBag(b);
  EXPECT_EQ(ReadFile(a / "manifest-sha256.txt"), ReadFile(b / "manifest-sha256.txt"));
  auto payload_a = FilesUnder(a / "data");
  auto payload_b = FilesUnder(b / "data");
  ASSERT_EQ(payload_a.size(), payload_b.size());
  for (const auto& [path, bytes] : payload_a) {
    EXPECT_TRUE(payload_b.count(path) && payload_b[path] == bytes)
        << path << " differs:\n"
        << RunCommand("diff '" + (a / "data" / path).string() + "' '" +
                      (b / "data" / path).string() + "'")
               .out;
  }

  // A whole-store fixity check passes (it is a new event: a later export
  // carries it, as it should).
  auto fixity = VerifyFixity(other.home, *other.catalog, 100);
  ASSERT_TRUE(fixity.ok());
  EXPECT_TRUE(fixity->ok()) << fixity->Summary();

  // A second import of the same bag takes nothing and says so.
  auto again = ImportBag(other.home, *other.catalog, second, ImportOptions{"importer"});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->imported.empty());
  EXPECT_EQ(again->check.already_archived, (std::vector<std::string>{kCode, kCode2}));
}

TEST_F(PackageTest, ReScanLinksSurviveWhenTheirSourceTravelsInTheSameBag) {
  // kCode sorts first but re-scans a document of kCode2: it waits for it.
  StoreDossier(kCode2, 7);
  StoreDossier(kCode, 1, std::string(kCode2) + ".3");
  Export({kCode, kCode2}, dir_.path() / "both.tar");
  Export({kCode}, dir_.path() / "alone.tar");

  OtherHome both = NewHome("both");
  auto imported = ImportBag(both.home, *both.catalog, dir_.path() / "both.tar", ImportOptions{});
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(imported->imported, (std::vector<std::string>{kCode, kCode2}));
  auto kept = both.catalog->FindDossier(kCode);
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ((*kept)->documents[2].reused_from, std::string(kCode2) + ".3");
  EXPECT_EQ((*kept)->documents[2].reuse_evidence, "text similarity 0.91");

  OtherHome alone = NewHome("alone");
  imported = ImportBag(alone.home, *alone.catalog, dir_.path() / "alone.tar", ImportOptions{});
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(imported->imported, std::vector<std::string>{kCode});
  auto dropped = alone.catalog->FindDossier(kCode);
  ASSERT_TRUE(dropped.ok() && dropped->has_value());
  EXPECT_EQ((*dropped)->documents[2].reused_from, "");
  auto events = alone.catalog->Events(EventFilter{kCode, "", "import", "", 0});
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_NE((*events)[0].detail.find(std::string(kCode2) + ".3"), std::string::npos)
      << (*events)[0].detail;
}

TEST_F(PackageTest, ZipBagsImportToo) {
  StoreDossier(kCode, 1);
  Export({kCode}, dir_.path() / "z.zip");
  OtherHome other = NewHome("other");
  auto imported = ImportBag(other.home, *other.catalog, dir_.path() / "z.zip", ImportOptions{});
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_TRUE(imported->check.ok());
  EXPECT_EQ(imported->imported, std::vector<std::string>{kCode});
}

TEST_F(PackageTest, ExportOfADossierWithAMissingBlobFailsAndLeavesNoFile) {
  DossierRecord d = StoreDossier(kCode, 1);
  fs::path blob = FolderBlobStore(home_.blobs()).PathOf(d.documents[3].pdf_sha256);
  fs::permissions(blob.parent_path(), fs::perms::owner_all, fs::perm_options::add);
  ASSERT_TRUE(fs::remove(blob));
  fs::path out = dir_.path() / "broken.tar";
  auto summary = ExportBag(home_, *catalog_, {kCode}, out, ExportOptions{});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kNotFound);
  EXPECT_NE(summary.status().message().find("sohoa verify"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(dir_.path() / ".broken.tar.part"));
  auto exports = catalog_->Events(EventFilter{kCode, "", "export", "", 0});
  ASSERT_TRUE(exports.ok());
  EXPECT_TRUE(exports->empty());
}

TEST_F(PackageTest, ExportRefusesUnknownCodesAndFileTypes) {
  StoreDossier(kCode, 1);
  EXPECT_EQ(ExportBag(home_, *catalog_, {"000.31.22.H32-990101-0001"}, dir_.path() / "a.tar", {})
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ExportBag(home_, *catalog_, {kCode}, dir_.path() / "a.rar", {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ExportBag(home_, *catalog_, {}, dir_.path() / "a.tar", {}).status().code(),
            StatusCode::kInvalidArgument);
  Export({kCode}, dir_.path() / "once.tar");
  EXPECT_EQ(ExportBag(home_, *catalog_, {kCode}, dir_.path() / "once.tar", {}).status().code(),
            StatusCode::kAlreadyExists);
}

class CraftedBagTest : public PackageTest {
 protected:
  void SetUp() override {
    PackageTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    StoreDossier(kCode, 1);
    Export({kCode}, dir_.path() / "good.tar");
    files_ = FilesUnder(Extract(dir_.path() / "good.tar", "tar -xf") / "good");
  }

  // A tar of the good bag's files with `edit` applied, under "good/".
  fs::path Craft(
      const std::string& name,
      const std::function<void(std::map<std::string, std::string>&, TarBuilder&)>& edit) {
    std::map<std::string, std::string> files = files_;
    TarBuilder tar;
    edit(files, tar);
    for (const auto& [path, bytes] : files) tar.File("good/" + path, bytes);
    fs::path out = dir_.path() / (name + ".tar");
    tar.Write(out);
    return out;
  }

  // Checks the bag refused with a problem on `entry` whose message holds
  // `words`, and that importing it takes nothing at all.
  // Importing `bag` into a fresh home is refused with a problem on `entry`
  // naming `words`, and the home stays empty.
  ::testing::AssertionResult Refused(const fs::path& bag, const std::string& entry,
                                     const std::string& words) {
    OtherHome other = NewHome("target-" + bag.stem().string());
    auto result = ImportBag(other.home, *other.catalog, bag, ImportOptions{});
    if (!result.ok()) return ::testing::AssertionFailure() << result.status().ToString();
    std::string all;
    bool found = false;
    for (const BagProblem& p : result->check.problems) {
      all += p.entry + ": " + p.message + "\n";
      found |= p.entry == entry && p.message.find(words) != std::string::npos;
    }
    if (!found) {
      return ::testing::AssertionFailure()
             << "no problem on " << entry << " with '" << words << "' in:\n" << all;
    }
    if (!result->imported.empty()) {
      return ::testing::AssertionFailure() << "imported " << result->imported.front();
    }
    auto dossier = other.catalog->FindDossier(kCode);
    if (!dossier.ok() || dossier->has_value()) {
      return ::testing::AssertionFailure() << "the refused bag's dossier is in the target home";
    }
    if (fs::exists(other.home.blobs() / "sha256") && !fs::is_empty(other.home.blobs() / "sha256")) {
      return ::testing::AssertionFailure() << "the refused bag left blobs in the target home";
    }
    return ::testing::AssertionSuccess();
  }

  std::string Json() const { return "data/" + std::string(kCode) + "/" + kCode + ".json"; }
  std::string Original() const { return "data/" + std::string(kCode) + "/scan.jpg"; }

  std::map<std::string, std::string> files_;
};

TEST_F(CraftedBagTest, TheUneditedCopyIsAccepted) {
  fs::path bag = Craft("same", [](auto&, TarBuilder& tar) { tar.Dir("good/"); });
  OtherHome other = NewHome("target");
  auto result = ImportBag(other.home, *other.catalog, bag, ImportOptions{});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->check.ok()) << result->check.problems[0].entry << ": "
                                  << result->check.problems[0].message;
  EXPECT_EQ(result->imported, std::vector<std::string>{kCode});
}

TEST_F(CraftedBagTest, AParentFolderPathIsRefused) {
  fs::path bag =
      Craft("dotdot", [](auto&, TarBuilder& tar) { tar.File("good/../evil.sh", "rm -rf ~\n"); });
  EXPECT_TRUE(Refused(bag, "good/../evil.sh", "'..'"));
}

TEST_F(CraftedBagTest, AbsolutePathsAndDriveLettersAreRefused) {
  EXPECT_TRUE(Refused(Craft("absolute", [](auto&, TarBuilder& tar) { tar.File("/good/data/x", "x"); }),
                "/good/data/x", "absolute path"));
  EXPECT_TRUE(Refused(Craft("drive", [](auto&, TarBuilder& tar) { tar.File("C:/good/x", "x"); }),
                "C:/good/x", "drive letter"));
}

TEST_F(CraftedBagTest, LinksAreRefused) {
  EXPECT_TRUE(Refused(
      Craft("symlink",
            [](auto&, TarBuilder& tar) { tar.File("good/data/link", "", '2', "/etc/passwd"); }),
      "good/data/link", "symbolic link"));
  EXPECT_TRUE(Refused(
      Craft("hardlink",
            [](auto&, TarBuilder& tar) { tar.File("good/data/hard", "", '1', "good/bagit.txt"); }),
      "good/data/hard", "hard link"));
}

TEST_F(CraftedBagTest, AFileOutsideTheTopFolderIsRefused) {
  EXPECT_TRUE(Refused(
      Craft("outside", [](auto&, TarBuilder& tar) { tar.File("other/readme.txt", "hi"); }),
      "other/readme.txt", "outside the top folder"));
}

TEST_F(CraftedBagTest, ADuplicateEntryIsRefused) {
  fs::path bag = Craft("duplicate", [this](auto& files, TarBuilder& tar) {
    tar.File("good/" + Json(), files.at(Json()));
  });
  EXPECT_TRUE(Refused(bag, "good/" + Json(), "appears twice"));
}

TEST_F(CraftedBagTest, AMissingManifestLineIsRefused) {
  fs::path bag = Craft("unlisted", [this](auto& files, TarBuilder&) {
    std::string kept;
    for (const std::string& line : Lines(files.at("manifest-sha256.txt"))) {
      if (line.find(Original()) == std::string::npos) kept += line + "\n";
    }
    files["manifest-sha256.txt"] = kept;
  });
  EXPECT_TRUE(Refused(bag, "good/" + Original(), "not listed in manifest-sha256.txt"));
}

TEST_F(CraftedBagTest, AManifestLineWithoutItsFileIsRefused) {
  fs::path bag = Craft("missing", [this](auto& files, TarBuilder&) { files.erase(Original()); });
  EXPECT_TRUE(Refused(bag, "good/" + Original(), "not in the bag"));
}

TEST_F(CraftedBagTest, AWrongChecksumIsRefused) {
  fs::path bag =
      Craft("changed", [this](auto& files, TarBuilder&) { files[Original()][100] ^= 0x01; });
  EXPECT_TRUE(Refused(bag, "good/" + Original(), "the manifest says"));
}

TEST_F(CraftedBagTest, AMissingBagitTxtOrManifestIsRefused) {
  EXPECT_TRUE(Refused(Craft("nobagit", [](auto& files, TarBuilder&) { files.erase("bagit.txt"); }),
                "good/bagit.txt", "missing"));
  EXPECT_TRUE(Refused(
      Craft("nomanifest", [](auto& files, TarBuilder&) { files.erase("manifest-sha256.txt"); }),
      "good/manifest-sha256.txt", "missing"));
}

TEST_F(CraftedBagTest, APayloadOxumMismatchIsRefused) {
  fs::path bag = Craft("oxum", [](auto& files, TarBuilder&) {
    std::string& info = files["bag-info.txt"];
    std::size_t at = info.find("Payload-Oxum: ");
    info.insert(at + 14, "1");
  });
  EXPECT_TRUE(Refused(bag, "good/bag-info.txt", "Payload-Oxum"));
}

TEST_F(CraftedBagTest, AFileTheMetadataDoesNotDescribeIsRefused) {
  fs::path bag = Craft("extra", [](auto& files, TarBuilder&) {
    const std::string path = "data/" + std::string(kCode) + "/notes.txt";
    files[path] = "not a scan";
    files["manifest-sha256.txt"] += Sha256OfBytes("not a scan") + "  " + path + "\n";
  });
  EXPECT_TRUE(Refused(bag, "good/data/" + std::string(kCode) + "/notes.txt", "not described by"));
}

}  // namespace
}  // namespace sohoa::archive
