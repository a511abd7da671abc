// The sample-corpus generator, checked on what it writes to disk.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "schema/dossier_code.h"
#include "schema/procedure.h"
#include "schema/text.h"
#include "tests/test_env.h"
#include "tools/gen/generator.h"
#include "tools/gen/inspect.h"
#include "tools/gen/qr.h"

namespace sohoa::gen {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::TempDir;

// One small corpus shared by the read-only tests of a process: every form,
// named and neutral dossiers, 200 dpi to keep it quick.
struct Corpus {
  TempDir dir;
  GroundTruth truth;
};

const Corpus& Shared() {
  static Corpus corpus;
  static const bool generated = [] {
    Options options;
    options.seed = 7;
    options.dossiers = 6;
    options.dpis = {200};
    Result<GroundTruth> truth = Generate(options, corpus.dir.path());
    EXPECT_TRUE(truth.ok()) << truth.status().ToString();
    if (truth.ok()) corpus.truth = *truth;
    return truth.ok();
  }();
  (void)generated;
  return corpus;
}

std::map<std::string, std::string> ReadTree(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), root).generic_string()] = ReadFile(entry.path());
    }
  }
  return files;
}

// Walks the IFD chain of a TIFF by hand, so the count does not come from the
// library that wrote it.
int CountTiffDirectories(const std::string& bytes) {
  if (bytes.size() < 8) return -1;
  bool little = bytes[0] == 'I';
  auto u16 = [&](size_t at) -> std::uint32_t {
    auto b0 = static_cast<std::uint8_t>(bytes[at]), b1 = static_cast<std::uint8_t>(bytes[at + 1]);
    return little ? (b0 | b1 << 8) : (b0 << 8 | b1);
  };
  auto u32 = [&](size_t at) -> std::uint32_t {
    return little ? (u16(at) | u16(at + 2) << 16) : (u16(at) << 16 | u16(at + 2));
  };
  if (u16(2) != 42) return -1;
  int count = 0;
  for (std::uint32_t offset = u32(4); offset != 0 && offset + 2 <= bytes.size(); ++count) {
    std::uint32_t entries = u16(offset);
    offset = u32(offset + 2 + 12 * entries);
    if (count > 1000) return -1;
  }
  return count;
}

int Occurrences(const std::string& text, const std::regex& re) {
  return static_cast<int>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

TEST(GenCorpusTest, SameSeedAndOptionsGiveByteIdenticalFilesAndGroundTruth) {
  TempDir a, b;
  Options options;
  options.seed = 11;
  options.dossiers = 3;  // one of each form
  options.dpis = {200};
  ASSERT_TRUE(Generate(options, a.path()).ok());
  ASSERT_TRUE(Generate(options, b.path()).ok());
  auto first = ReadTree(a.path()), second = ReadTree(b.path());
  ASSERT_EQ(first.size(), second.size());
  EXPECT_GT(first.size(), 3u);
  for (const auto& [name, bytes] : first) {
    ASSERT_TRUE(second.count(name)) << name;
    EXPECT_TRUE(bytes == second[name]) << name << " differs";
  }
}

TEST(GenCorpusTest, ADifferentSeedGivesADifferentCorpus) {
  TempDir a, b;
  Options options;
  options.dossiers = 2;
  options.dpis = {100};
  options.seed = 1;
  ASSERT_TRUE(Generate(options, a.path()).ok());
  options.seed = 2;
  ASSERT_TRUE(Generate(options, b.path()).ok());
  std::string ta = ReadFile(a.path() / "ground-truth.json");
  std::string tb = ReadFile(b.path() / "ground-truth.json");
  EXPECT_NE(ta, tb);
  auto pa = ParseGroundTruth(ta), pb = ParseGroundTruth(tb);
  ASSERT_TRUE(pa.ok() && pb.ok());
  EXPECT_NE(pa->dossiers[0].code, pb->dossiers[0].code);
}

TEST(GenCorpusTest, GroundTruthOnDiskMatchesTheReturnedOneAndRoundTrips) {
  const Corpus& c = Shared();
  std::string json = ReadFile(c.dir.path() / "ground-truth.json");
  EXPECT_EQ(json, ToJson(c.truth));
  Result<GroundTruth> parsed = ParseGroundTruth(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(ToJson(*parsed), json);
  EXPECT_EQ(parsed->seed, 7u);
  EXPECT_EQ(parsed->dossiers.size(), 6u);
}

TEST(GenCorpusTest, EveryDossierExistsOnDiskInItsStatedForm) {
  const Corpus& c = Shared();
  std::set<std::string> forms;
  for (const auto& d : c.truth.dossiers) {
    forms.insert(d.form);
    fs::path path = c.dir.path() / d.path;
    if (d.form == "folder") {
      EXPECT_TRUE(fs::is_directory(path)) << d.path;
    } else if (d.form == "pdf") {
      EXPECT_EQ(path.extension(), ".pdf");
      EXPECT_EQ(ReadFile(path).substr(0, 5), "%PDF-") << d.path;
    } else {
      ASSERT_EQ(d.form, "tiff");
      EXPECT_EQ(path.extension(), ".tif");
      std::string head = ReadFile(path).substr(0, 2);
      EXPECT_TRUE(head == "II" || head == "MM") << d.path;
    }
    for (const auto& doc : d.documents) {
      for (const auto& p : doc.pages) EXPECT_TRUE(fs::exists(c.dir.path() / p.file)) << p.file;
    }
  }
  EXPECT_EQ(forms, (std::set<std::string>{"folder", "pdf", "tiff"}));
}

TEST(GenCorpusTest, PdfAndTiffPageCountsMatchTheGroundTruth) {
  const Corpus& c = Shared();
  for (const auto& d : c.truth.dossiers) {
    if (d.form == "folder") continue;
    std::vector<int> indexes;
    for (const auto& doc : d.documents) {
      for (const auto& p : doc.pages) {
        EXPECT_EQ(p.file, d.path);
        indexes.push_back(p.page_index);
      }
    }
    for (size_t i = 0; i < indexes.size(); ++i) EXPECT_EQ(indexes[i], static_cast<int>(i));
    fs::path path = c.dir.path() / d.path;
    const int expected = static_cast<int>(indexes.size());
    if (d.form == "pdf") {
      Result<int> pages = CountPdfPages(path);
      ASSERT_TRUE(pages.ok()) << pages.status().ToString();
      EXPECT_EQ(*pages, expected) << d.path;
      std::string bytes = ReadFile(path);
      EXPECT_EQ(Occurrences(bytes, std::regex("/DCTDecode")), expected) << d.path;
    } else {
      Result<int> pages = CountTiffPages(path);
      ASSERT_TRUE(pages.ok()) << pages.status().ToString();
      EXPECT_EQ(*pages, expected) << d.path;
      EXPECT_EQ(CountTiffDirectories(ReadFile(path)), expected) << d.path;
    }
  }
}

TEST(GenCorpusTest, FolderPagesAreJpegOrPngOfTheStatedSize) {
  const Corpus& c = Shared();
  int checked = 0;
  for (const auto& d : c.truth.dossiers) {
    if (d.form != "folder") continue;
    for (const auto& doc : d.documents) {
      for (const auto& p : doc.pages) {
        Result<ImageInfo> info = ReadImageInfo(c.dir.path() / p.file);
        ASSERT_TRUE(info.ok()) << info.status().ToString();
        bool jpeg = fs::path(p.file).extension() == ".jpg";
        EXPECT_EQ(info->jpeg, jpeg) << p.file;
        EXPECT_EQ(info->png, !jpeg) << p.file;
        EXPECT_EQ(p.jpeg_quality > 0, jpeg) << p.file;
        EXPECT_EQ(info->width, p.width) << p.file;
        EXPECT_EQ(info->height, p.height) << p.file;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 0);
}

TEST(GenCorpusTest, PagesAreA4AtTheirDpiAndDegradedWithinBounds) {
  const Corpus& c = Shared();
  for (const auto& d : c.truth.dossiers) {
    for (const auto& doc : d.documents) {
      for (const auto& p : doc.pages) {
        int w = static_cast<int>(std::lround(210 / 25.4 * p.dpi));
        int h = static_cast<int>(std::lround(297 / 25.4 * p.dpi));
        bool turned = p.rotation == 90 || p.rotation == 270;
        EXPECT_EQ(p.width, turned ? h : w) << p.file;
        EXPECT_EQ(p.height, turned ? w : h) << p.file;
        EXPECT_TRUE(p.rotation == 0 || p.rotation == 90 || p.rotation == 180 || p.rotation == 270);
        EXPECT_LE(std::abs(p.skew_degrees), 3.0);
        if (p.jpeg_quality > 0) {
          EXPECT_GE(p.jpeg_quality, 60);
          EXPECT_LE(p.jpeg_quality, 92);
        }
        EXPECT_FALSE(p.font.empty());
        EXPECT_NE(p.font, "Noto Serif") << "reserved for evaluation, not in the default list";
      }
    }
  }
}

TEST(GenCorpusTest, DossierCodesAreWellFormedAndNameMostDossiers) {
  const Corpus& c = Shared();
  int named = 0, neutral = 0;
  std::set<std::string> codes;
  for (const auto& d : c.truth.dossiers) {
    std::optional<DossierCode> code = ParseDossierCode(d.code);
    ASSERT_TRUE(code.has_value()) << d.code;
    EXPECT_EQ(code->agency_code, d.agency_code);
    EXPECT_EQ(code->received_date, d.received_date);
    EXPECT_TRUE(d.agency_code.ends_with(".H32")) << d.agency_code;
    EXPECT_TRUE(codes.insert(d.code).second) << "duplicate " << d.code;
    std::string stem = fs::path(d.path).stem().string();
    if (d.form == "folder") stem = d.path;
    if (d.named_by_code) {
      EXPECT_EQ(stem, d.code);
      ++named;
    } else {
      EXPECT_TRUE(std::regex_match(stem, std::regex(R"(ho-so-\d{4})"))) << stem;
      ++neutral;
    }
  }
  EXPECT_GT(named, neutral);
  EXPECT_GT(neutral, 0);
}

TEST(GenCorpusTest, CitizenIdsHaveTwelveDigitsConsistentWithBirthYearAndSex) {
  const Corpus& c = Shared();
  const std::regex twelve(R"(\d{12})");
  for (const auto& d : c.truth.dossiers) {
    ASSERT_TRUE(std::regex_match(d.citizen_id, twelve)) << d.citizen_id;
    int year = std::stoi(d.applicant_birth_date.substr(0, 4));
    bool female = d.applicant_sex == "Nữ";
    int century_sex = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
    EXPECT_EQ(d.citizen_id[3] - '0', century_sex) << d.citizen_id << " " << d.applicant_birth_date;
    EXPECT_EQ(std::stoi(d.citizen_id.substr(4, 2)), year % 100) << d.citizen_id;
    if (d.subject.kind == "birth") {
      // The child registered now was born this century.
      for (const auto& [key, value] : d.subject.details) {
        if (key != "citizen_id") continue;
        ASSERT_TRUE(std::regex_match(value, twelve));
        EXPECT_TRUE(value[3] == '2' || value[3] == '3') << value;
        EXPECT_EQ(value.substr(4, 2), d.subject.date.substr(2, 2));
      }
    }
  }
}

TEST(GenCorpusTest, PagesPrintTheFactsTheGroundTruthStates) {
  const Corpus& c = Shared();
  for (const auto& d : c.truth.dossiers) {
    ASSERT_GE(d.documents.size(), 3u);
    EXPECT_EQ(d.documents[0].kind, "receipt");
    EXPECT_EQ(d.documents[1].kind, "form");
    EXPECT_EQ(d.documents[2].kind, "id_copy");
    for (const auto& doc : d.documents) {
      std::string all;
      for (const auto& p : doc.pages) {
        EXPECT_EQ(ToNfc(p.text), p.text);
        EXPECT_EQ(p.text.find("\n\n"), std::string::npos);
        all += p.text + "\n";
      }
      if (doc.kind == "receipt") {
        EXPECT_NE(all.find("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), std::string::npos);
        EXPECT_NE(all.find("Mã hồ sơ: " + d.code), std::string::npos) << d.code;
        EXPECT_NE(all.find("Ông/Bà: " + d.applicant), std::string::npos) << d.applicant;
        EXPECT_NE(all.find(d.procedure_name.substr(0, 40)), std::string::npos);
      } else if (doc.kind == "form") {
        EXPECT_NE(all.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos);
        EXPECT_NE(all.find("Độc lập - Tự do - Hạnh phúc"), std::string::npos);
        EXPECT_NE(all.find(doc.title), std::string::npos) << doc.title;
        EXPECT_NE(all.find("Số định danh cá nhân: " + d.citizen_id), std::string::npos);
        // A long place name may wrap the date line.
        EXPECT_TRUE(std::regex_search(all, std::regex(R"(ngày \d{2} tháng \d{1,2} năm\s\d{4})")));
      } else if (doc.kind == "id_copy") {
        EXPECT_NE(all.find("CĂN CƯỚC CÔNG DÂN"), std::string::npos);
        EXPECT_NE(all.find("Số / No.: " + d.citizen_id), std::string::npos);
      } else {
        EXPECT_EQ(doc.kind, "result");
        EXPECT_NE(all.find(doc.title), std::string::npos) << doc.title;
        EXPECT_TRUE(std::regex_search(all, std::regex(R"(Số: \d+/\d{4})")));
      }
    }
  }
}

TEST(GenCorpusTest, ReceiptCarriesTheCodeAsAQrCode) {
  const Corpus& c = Shared();
  for (const auto& d : c.truth.dossiers) {
    const PageTruth& receipt = d.documents[0].pages[0];
    ASSERT_EQ(receipt.barcodes.size(), 1u) << d.code;
    EXPECT_EQ(receipt.barcodes[0].format, "QR_CODE");
    EXPECT_EQ(receipt.barcodes[0].text, d.code);
    EXPECT_GT(receipt.barcodes[0].w, 100);
    Result<QrMatrix> qr = EncodeQr(d.code);
    ASSERT_TRUE(qr.ok());
    EXPECT_GE(qr->size, 21);
  }
}

TEST(GenCorpusTest, QrModulesAreWhereTheGroundTruthPutsThemOnACleanReceipt) {
  TempDir dir;
  Options options;
  options.seed = 3;
  options.dossiers = 1;
  options.dpis = {200};
  options.forms = {Form::kFolder};
  options.degrade = false;
  Result<GroundTruth> truth = Generate(options, dir.path());
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  const PageTruth& page = truth->dossiers[0].documents[0].pages[0];
  ASSERT_EQ(page.barcodes.size(), 1u);
  const BarcodeTruth& box = page.barcodes[0];
  Result<QrMatrix> qr = EncodeQr(box.text);
  ASSERT_TRUE(qr.ok());
  Result<GreyImage> image = ReadGrey(dir.path() / page.file, page.page_index);
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  double module = static_cast<double>(box.w) / qr->size;
  int agree = 0;
  for (int j = 0; j < qr->size; ++j) {
    for (int i = 0; i < qr->size; ++i) {
      int x = box.x + static_cast<int>((i + 0.5) * module);
      int y = box.y + static_cast<int>((j + 0.5) * module);
      bool dark = image->At(x, y) < 128;
      agree += dark == qr->Dark(i, j);
    }
  }
  EXPECT_EQ(agree, qr->size * qr->size);
  EXPECT_TRUE(page.degradations.empty());
  EXPECT_EQ(page.rotation, 0);
  EXPECT_EQ(page.skew_degrees, 0);
}

TEST(GenCorpusTest, QrBoxFollowsSkewAndTurnOnDegradedReceipts) {
  const Corpus& c = Shared();
  int checked = 0;
  for (const auto& d : c.truth.dossiers) {
    if (d.form == "pdf") continue;  // Leptonica does not read PDF
    const PageTruth& page = d.documents[0].pages[0];
    const BarcodeTruth& box = page.barcodes.at(0);
    Result<GreyImage> image = ReadGrey(c.dir.path() / page.file, page.page_index);
    ASSERT_TRUE(image.ok()) << image.status().ToString();
    ASSERT_EQ(image->width, page.width);
    ASSERT_GE(box.x, 0);
    ASSERT_LE(box.x + box.w, image->width);
    auto dark_fraction = [&](int x0, int y0, int w, int h) {
      int dark = 0, all = 0;
      for (int y = std::max(0, y0); y < std::min(image->height, y0 + h); ++y) {
        for (int x = std::max(0, x0); x < std::min(image->width, x0 + w); ++x) {
          dark += image->At(x, y) < 128;
          ++all;
        }
      }
      return all == 0 ? 0.0 : static_cast<double>(dark) / all;
    };
    // A QR code is about half dark; a ring around it is mostly paper.
    double inside = dark_fraction(box.x + box.w / 4, box.y + box.h / 4, box.w / 2, box.h / 2);
    EXPECT_GT(inside, 0.3) << page.file;
    EXPECT_LT(inside, 0.75) << page.file;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

TEST(GenCorpusTest, ProceduresSpreadOverTheWholeCatalog) {
  const auto& catalog = BuiltinProcedures();
  TempDir dir;
  Options options;
  options.dossiers = static_cast<int>(catalog.size());
  options.dpis = {100};
  options.forms = {Form::kTiff};
  Result<GroundTruth> truth = Generate(options, dir.path());
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  std::set<std::string> seen;
  for (const auto& d : truth->dossiers) {
    seen.insert(d.procedure_code);
    bool known = false;
    for (const auto& p : catalog) {
      if (p.code == d.procedure_code) {
        known = true;
        EXPECT_EQ(p.name, d.procedure_name);
        EXPECT_EQ(p.field, d.field);
        bool form_title_from_catalog = false;
        for (const auto& t : p.form_titles) form_title_from_catalog |= t == d.documents[1].title;
        EXPECT_TRUE(form_title_from_catalog) << d.documents[1].title;
      }
    }
    EXPECT_TRUE(known) << d.procedure_code;
  }
  EXPECT_EQ(seen.size(), catalog.size());
}

TEST(GenCorpusTest, AnImportedCatalogIsUsedInsteadOfTheBuiltinOne) {
  Procedure custom;
  custom.code = "9.999999";
  custom.name = "Thủ tục thử nghiệm cấp giấy xác nhận";
  custom.field = "Thử nghiệm";
  custom.level = "xa";
  custom.form_titles = {"ĐƠN ĐỀ NGHỊ CẤP GIẤY XÁC NHẬN"};
  custom.result_titles = {"GIẤY XÁC NHẬN"};
  std::vector<Procedure> catalog = {custom};
  TempDir dir;
  Options options;
  options.dossiers = 2;
  options.dpis = {100};
  options.catalog = &catalog;
  Result<GroundTruth> truth = Generate(options, dir.path());
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  for (const auto& d : truth->dossiers) {
    EXPECT_EQ(d.procedure_code, "9.999999");
    EXPECT_EQ(d.subject.kind, "generic");
    EXPECT_EQ(d.documents[1].title, "ĐƠN ĐỀ NGHỊ CẤP GIẤY XÁC NHẬN");
  }
}

TEST(GenCorpusTest, ARerunRemovesTheDossiersOfThePreviousRun) {
  TempDir dir;
  Options options;
  options.dpis = {100};
  options.dossiers = 4;
  options.seed = 21;
  Result<GroundTruth> first = Generate(options, dir.path());
  ASSERT_TRUE(first.ok());
  testing::WriteFile(dir.path() / "notes.txt", "kept");
  options.dossiers = 1;
  options.seed = 22;
  Result<GroundTruth> second = Generate(options, dir.path());
  ASSERT_TRUE(second.ok());
  std::set<std::string> now;
  for (const auto& d : second->dossiers) now.insert(d.path);
  for (const auto& d : first->dossiers) {
    if (!now.count(d.path)) {
      EXPECT_FALSE(fs::exists(dir.path() / d.path)) << d.path;
    }
  }
  EXPECT_TRUE(fs::exists(dir.path() / "notes.txt"));
}

TEST(GenCorpusTest, AFontThatIsNotInstalledIsRefused) {
  TempDir dir;
  Options options;
  options.fonts = {"No Such Font Family"};
  Result<GroundTruth> truth = Generate(options, dir.path());
  ASSERT_FALSE(truth.ok());
  EXPECT_EQ(truth.status().code(), StatusCode::kNotFound);
  EXPECT_NE(truth.status().message().find("No Such Font Family"), std::string::npos);
}

TEST(GenCorpusTest, TheReservedEvaluationFontCanBeChosenExplicitly) {
  TempDir dir;
  Options options;
  options.dossiers = 1;
  options.dpis = {100};
  options.fonts = {"Noto Serif"};
  Result<GroundTruth> truth = Generate(options, dir.path());
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  for (const auto& doc : truth->dossiers[0].documents) {
    for (const auto& p : doc.pages) EXPECT_EQ(p.font, "Noto Serif");
  }
  for (const auto& f : DefaultFonts()) EXPECT_NE(f, "Noto Serif");
}

}  // namespace
}  // namespace sohoa::gen
