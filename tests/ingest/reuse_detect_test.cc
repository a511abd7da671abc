// Missed reuse: text similarity (on made-up text and on real OCR output kept
// in tests/data/reuse), the citizen IDs a document is looked up by, the
// choice among candidates, and the whole pipeline on generated ID copies.
#include "ingest/reuse_detect.h"

#include <gtest/gtest.h>

#include "archive/home.h"
#include "ingest/pipeline.h"
#include "schema/procedure.h"
#include "tests/test_env.h"
#include "tools/gen/content.h"
#include "tools/gen/documents.h"
#include "tools/gen/image_files.h"
#include "tools/gen/raster.h"
#include "tools/gen/render.h"
#include "tools/gen/rng.h"

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;

double TextSimilarity(std::string_view a, std::string_view b) {
  return Similarity(Fingerprint(a), Fingerprint(b));
}

double WordSimilarity(std::string_view a, std::string_view b) {
  return Overlap(Fingerprint(a).shingles, Fingerprint(b).shingles);
}

// Real OCR output of generated ID copies (sohoa-reuse-eval --seed 60611
// --dump): person 0 scanned (a), the same sheet re-scanned (b), and another
// photocopy of the same card in a later dossier (c); person 1's ID copy.
// noto-p4-*: --seed 7331 --fonts "Noto Serif", the pair of photocopies
// that measured least alike.
std::string Fixture(const std::string& name) {
  return testing::ReadFile(testing::SourceDir() / "tests/data/reuse" / (name + ".txt"));
}

DocumentRecord Document(const std::string& kind, const std::vector<std::string>& texts) {
  DocumentRecord doc;
  doc.kind = kind;
  int n = 0;
  for (const auto& text : texts) {
    PageRecord page;
    page.number = ++n;
    page.text = text;
    doc.pages.push_back(std::move(page));
  }
  return doc;
}

archive::ArchivedDocument Archived(const std::string& code, int number, const std::string& kind,
                                   const std::string& text, const std::string& reused_from = "") {
  archive::ArchivedDocument doc;
  doc.dossier_code = code;
  doc.number = number;
  doc.identifier = code + "." + std::to_string(number);
  doc.kind = kind;
  doc.reused_from = reused_from;
  doc.page_texts = {text};
  doc.page_image_sha256s = {std::string(64, 'a')};
  return doc;
}

// Fifty-odd words and six numbers: enough to be compared at all.
constexpr const char* kLetter =
    "Kính gửi Ủy ban nhân dân xã Vĩnh Phương thành phố Nha Trang tỉnh Khánh Hòa. Tôi tên là "
    "Nguyễn Văn Đức sinh ngày 14 tháng 5 năm 1989 cư trú tại tổ 12 thôn Như Xuân, điện thoại "
    "0905123456, đề nghị cấp bản sao "
    "trích lục khai sinh số 125/2023/KS cho con tôi là Nguyễn Minh Khang sinh tại bệnh viện đa "
    "khoa tỉnh.";

TEST(ReuseSimilarityTest, CaseToneMarksAndDStrokeAreFolded) {
  TextFingerprint upper = Fingerprint("NGUYỄN VĂN ĐỨC sinh năm 1989 tại Khánh Hòa");
  TextFingerprint lower = Fingerprint("nguyen van duc sinh nam 1989 tai khanh hoa");
  EXPECT_EQ(upper.shingles, lower.shingles);
  EXPECT_EQ(upper.numbers, lower.numbers);
  EXPECT_EQ(upper.shingles.size(), 8u);
}

TEST(ReuseSimilarityTest, PunctuationLineBreaksAndOneLetterDebrisAreIgnored) {
  EXPECT_DOUBLE_EQ(TextSimilarity("Số / No.: 056089004512\nHọ và tên: NGUYỄN VĂN ĐỨC",
                                  "Số No 056089004512 Họ và ' tên , NGUYỄN VĂN ĐỨC"),
                   1.0);
}

TEST(ReuseSimilarityTest, NumbersAreTheWordsOfDigitsOnly) {
  // 17, 02, 1948 and the ID; "5" is one character, dropped; "2cm" is not a
  // number, nor is a line of the card's machine-readable zone, which OCR
  // reads differently on every scan.
  EXPECT_EQ(Fingerprint("Ngày 17/02/1948, số 040048236992, nốt ruồi 2cm, tổ 5").numbers.size(), 4u);
  EXPECT_EQ(Fingerprint("IDVNM0760986163056076098616<<1 7607095M3607097VNM<<<").numbers.size(), 0u);
  EXPECT_TRUE(Fingerprint("CĂN CƯỚC CÔNG DÂN").numbers.empty());
}

TEST(ReuseSimilarityTest, ARescanWhoseMachineReadableLinesReadOtherwiseIsStillTheSameCard) {
  // Two scans of one card (seed 4242's p7, the content moved on the glass):
  // every printed number alike, the MRZ and "1cm" read differently.
  const std::string a =
      "Số định danh cá nhân 056076098616 Ngày sinh 26/09/1976 nốt ruồi 1cm Ngày 07/01/2022 "
      "có giá trị đến 26/09/2036 IDVNM0760986163056076098616<<1 7607095M3607097VNM<<<";
  const std::string b =
      "Số định danh cá nhân 056076098616 Ngày sinh 26/09/1976 nốt ruồi 1em Ngày 07/01/2022 "
      "có giá trị đến 26/09/2036 IDVNM0760986163056676998616<<1 7697095M3667097VNM<<<";
  EXPECT_EQ(Overlap(Fingerprint(a).numbers, Fingerprint(b).numbers), 1.0);
}

TEST(ReuseSimilarityTest, ItIsTheLowerOfTheWordAndTheNumberSimilarity) {
  const std::string card = "CĂN CƯỚC CÔNG DÂN Số 040048236992 Ngày sinh 17/02/1948 Giới tính Nam";
  const std::string other_person =
      "CĂN CƯỚC CÔNG DÂN Số 056070176229 Ngày sinh 29/05/1970 Giới tính Nam";
  const std::string other_paper = "Giấy khai sinh bản chính ngày 17/02/1948 của 040048236992";
  EXPECT_GT(WordSimilarity(card, other_person), 0.3);
  EXPECT_EQ(TextSimilarity(card, other_person), 0.0);
  EXPECT_EQ(Overlap(Fingerprint(card).numbers, Fingerprint(other_paper).numbers), 1.0);
  EXPECT_LE(TextSimilarity(card, other_paper), 0.2);
  EXPECT_DOUBLE_EQ(TextSimilarity(card, card), 1.0);
}

TEST(ReuseSimilarityTest, WordOrderMattersAndEmptyTextsMatchNothing) {
  EXPECT_LT(WordSimilarity("nguyen van duc tran thi hoa", "tran thi hoa nguyen van duc"), 1.0);
  EXPECT_GT(WordSimilarity("nguyen van duc tran thi hoa", "tran thi hoa nguyen van duc"), 0.5);
  EXPECT_EQ(TextSimilarity("", ""), 0.0);
  EXPECT_EQ(TextSimilarity(kLetter, ""), 0.0);
}

TEST(ReuseSimilarityTest, AReScannedIdCopyIsAboveTheThresholdAndAnotherPersonsIsBelow) {
  const std::string first = Fixture("p0-a-id_copy");
  const std::string rescan = Fixture("p0-b-id_copy");
  const std::string other_copy = Fixture("p0-c-id_copy");
  const std::string other_person = Fixture("p1-b-id_copy");
  ASSERT_FALSE(first.empty() || rescan.empty() || other_copy.empty() || other_person.empty());
  EXPECT_GE(TextSimilarity(first, rescan), kReuseSimilarityAtLeast);
  EXPECT_GE(TextSimilarity(first, other_copy), kReuseSimilarityAtLeast);
  EXPECT_LT(TextSimilarity(first, other_person), kReuseSimilarityAtLeast);
  EXPECT_LT(TextSimilarity(rescan, other_person), kReuseSimilarityAtLeast);
  // The same person's other papers are not their ID copy either.
  EXPECT_LT(TextSimilarity(first, Fixture("p0-a-form")), kReuseSimilarityAtLeast);
}

TEST(ReuseSimilarityTest, EvenABadlyDegradedSecondPhotocopyIsAboveTheThreshold) {
  const std::string first = Fixture("noto-p4-a-id_copy");
  const std::string garbled = Fixture("noto-p4-c-id_copy");
  ASSERT_FALSE(first.empty() || garbled.empty());
  EXPECT_GE(TextSimilarity(first, garbled), kReuseSimilarityAtLeast);
  EXPECT_LT(TextSimilarity(garbled, Fixture("p1-b-id_copy")), kReuseSimilarityAtLeast);
}

TEST(CitizenIdsTest, TheDossierFieldAndValidNumbersOnThePagesInThatOrder) {
  DossierRecord dossier;
  dossier.fields = {{"applicant_name", "NGUYỄN VĂN ĐỨC", 0.9f, kSourceOcr},
                    {"citizen_id", "079190001234", 0.4f, kSourceOcr},
                    {"citizen_id", "0791900", 0.4f, kSourceOcr}};
  dossier.fields[1].needs_review = true;
  DocumentRecord doc =
      Document(kKindIdCopy, {"Số / No.: 056089004512 và 079190001234",
                             // not a province, 13 digits, inside the MRZ, a date: none is an ID
                             "999089004512 0560890045120 IDVNM0890045121056089004512<<2 14/05/1989",
                             "lại 056089004512"});
  EXPECT_EQ(CitizenIdsOf(dossier, doc), (std::vector<std::string>{"079190001234", "056089004512"}));
}

TEST(FindRescannedTest, TheMostSimilarCandidateOfAnotherDossierAboveTheThreshold) {
  const std::string first = Fixture("p0-a-id_copy");
  const std::string other_person = Fixture("p1-b-id_copy");
  DocumentRecord rescan = Document(kKindIdCopy, {Fixture("p0-b-id_copy")});
  std::vector<archive::ArchivedDocument> candidates = {
      Archived("000.31.22.H32-230105-0001", 1, kKindIdCopy, other_person),
      Archived("000.31.22.H32-230220-0004", 2, kKindForm, Fixture("p0-a-form")),
      Archived("000.31.22.H32-230220-0004", 3, kKindIdCopy, first),
  };
  auto match = FindRescanned(rescan, "000.31.22.H32-230901-0002", "056089004512", candidates);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->source, "000.31.22.H32-230220-0004.3");
  EXPECT_GE(match->similarity, kReuseSimilarityAtLeast);
  EXPECT_NE(match->evidence.find("000.31.22.H32-230220-0004.3 (id_copy)"), std::string::npos)
      << match->evidence;
  EXPECT_NE(match->evidence.find("056089004512"), std::string::npos) << match->evidence;

  // Its own dossier's copy is no reuse.
  EXPECT_FALSE(FindRescanned(rescan, "000.31.22.H32-230220-0004", "056089004512", candidates));
  // Another person's card on the same template is not a re-scan, even when
  // a misread number put it among the candidates.
  candidates.pop_back();
  EXPECT_FALSE(FindRescanned(rescan, "000.31.22.H32-230901-0002", "056089004512", candidates));
}

TEST(FindRescannedTest, ACandidateThatIsItselfARescanLeadsToTheFirstCopy) {
  DocumentRecord rescan = Document(kKindIdCopy, {kLetter});
  std::vector<archive::ArchivedDocument> candidates = {
      Archived("000.31.22.H32-230501-0009", 2, kKindOther, kLetter, "000.31.22.H32-230105-0001.4")};
  auto match = FindRescanned(rescan, "000.31.22.H32-230901-0002", "056089004512", candidates);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->source, "000.31.22.H32-230105-0001.4");
  EXPECT_NE(match->evidence.find("itself a re-scan of 000.31.22.H32-230105-0001.4"),
            std::string::npos);
  // ... unless the first copy is in the new document's own dossier.
  match = FindRescanned(rescan, "000.31.22.H32-230105-0001", "056089004512", candidates);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->source, "000.31.22.H32-230501-0009.2");
}

TEST(FindRescannedTest, ATextThatSaysTooLittleIsNeverMatched) {
  const std::string few_words = "CĂN CƯỚC CÔNG DÂN Số 056089004512 17/02/1948 28/03/2022";
  ASSERT_LT(Fingerprint(few_words).shingles.size(), kReuseMinShingles);
  std::string few_numbers = kLetter;
  const std::string number = "số 125/2023/KS";
  few_numbers.erase(few_numbers.find(number), number.size());
  ASSERT_LT(Fingerprint(few_numbers).numbers.size(), kReuseMinNumbers);
  for (const std::string& text : {few_words, few_numbers}) {
    DocumentRecord doc = Document(kKindIdCopy, {text});
    std::vector<archive::ArchivedDocument> candidates = {
        Archived("000.31.22.H32-230501-0009", 1, kKindIdCopy, text)};
    EXPECT_FALSE(FindRescanned(doc, "000.31.22.H32-230901-0002", "056089004512", candidates))
        << text;
  }
  DocumentRecord enough = Document(kKindIdCopy, {kLetter});
  EXPECT_TRUE(FindRescanned(enough, "000.31.22.H32-230901-0002", "056089004512",
                            {Archived("000.31.22.H32-230501-0009", 1, kKindIdCopy, kLetter)}));
}

class MarkMissedReuseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_.root = dir_.path() / "home";
    ASSERT_TRUE(archive::InitHome(home_).ok());
    auto opened = archive::Catalog::Open(home_.catalog(), false);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    catalog_ = std::move(opened).value();
  }

  static DossierRecord Dossier(const std::string& code, const std::string& citizen_id,
                               std::vector<DocumentRecord> documents) {
    DossierRecord d;
    d.code = code;
    d.code_source = kSourceFilename;
    d.fields = {{"citizen_id", citizen_id, 0.9f, kSourceOcr}};
    char sha = 'a';
    for (auto& doc : documents) {
      doc.source_sha256 = std::string(64, sha++);
      d.documents.push_back(std::move(doc));
    }
    return d;
  }

  testing::TempDir dir_;
  archive::HomeLayout home_;
  std::unique_ptr<archive::Catalog> catalog_;
};

TEST_F(MarkMissedReuseTest, MarksTheReScanButNotAFormNorAnotherPerson) {
  const std::string form = std::string("TỜ KHAI ĐĂNG KÝ ") + kLetter;
  DossierRecord first =
      Dossier("000.31.22.H32-230220-0004", "056089004512",
              {Document(kKindReceipt, {form}), Document(kKindForm, {form}),
               Document(kKindIdCopy, {Fixture("p0-a-id_copy")}), Document(kKindOther, {kLetter})});
  ASSERT_TRUE(catalog_->StoreDossier(first).ok());

  // A later dossier: its receipt and form read like the first one's, but
  // they are made for each dossier; its ID copy is the same card re-scanned
  // and its supporting paper the same paper brought again.
  DossierRecord later =
      Dossier("000.31.22.H32-230901-0002", "056089004512",
              {Document(kKindReceipt, {form}), Document(kKindForm, {form}),
               Document(kKindIdCopy, {Fixture("p0-b-id_copy")}), Document(kKindOther, {kLetter})});
  auto marked = MarkMissedReuse(*catalog_, later);
  ASSERT_TRUE(marked.ok()) << marked.status().ToString();
  EXPECT_EQ(*marked, 2);
  EXPECT_EQ(later.documents[0].reused_from, "");
  EXPECT_EQ(later.documents[1].reused_from, "");
  EXPECT_EQ(later.documents[2].reused_from, "000.31.22.H32-230220-0004.3");
  EXPECT_NE(later.documents[2].reuse_evidence.find("similarity"), std::string::npos);
  EXPECT_EQ(later.documents[3].reused_from, "000.31.22.H32-230220-0004.4");
  ASSERT_TRUE(catalog_->StoreDossier(later).ok());

  // Another person's ID copy, under another citizen ID: nothing to compare.
  DossierRecord stranger = Dossier("000.31.22.H32-231002-0021", "079190001234",
                                   {Document(kKindIdCopy, {Fixture("p1-b-id_copy")})});
  marked = MarkMissedReuse(*catalog_, stranger);
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(*marked, 0);
  EXPECT_EQ(stranger.documents[0].reused_from, "");

  // A third scan of the card points at the first copy, not at the re-scan.
  DossierRecord third = Dossier("000.31.22.H32-231115-0007", "056089004512",
                                {Document(kKindIdCopy, {Fixture("p0-b-id_copy")})});
  marked = MarkMissedReuse(*catalog_, third);
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(*marked, 1);
  EXPECT_EQ(third.documents[0].reused_from, "000.31.22.H32-230220-0004.3");
}

// Scans generated person `seed`'s ID copy: one JPEG page at `dpi` with the
// scanner's `effects`. The card's text depends on `seed` only.
std::string ScanIdCopy(std::uint64_t seed, int dpi, const gen::PageEffects& effects, int quality,
                       const fs::path& file) {
  gen::Rng rng(seed);
  gen::DossierContent content = gen::MakeContent(rng, BuiltinProcedures().front());
  gen::DocumentLayout layout = gen::BuildIdCopy(rng, content);
  auto fonts = gen::FontSession::Create({"DejaVu Serif"});
  EXPECT_TRUE(fonts.ok()) << fonts.status().ToString();
  if (!fonts.ok()) return "";
  gen::RenderStyle style;
  style.font = "DejaVu Serif";
  style.dpi = dpi;
  auto pages = gen::RenderDocument(layout, style, *fonts);
  EXPECT_TRUE(pages.ok() && pages->size() == 1u);
  if (!pages.ok() || pages->empty()) return "";
  gen::PageLook look;
  look.paper = 238;
  look.ink = 30;
  auto pix = gen::ApplyEffects(gen::Compose(pages->front(), look), effects, seed);
  EXPECT_TRUE(pix.ok());
  if (!pix.ok()) return "";
  auto jpeg = gen::EncodeJpeg(pix->get(), quality);
  EXPECT_TRUE(jpeg.ok());
  fs::create_directories(file.parent_path());
  EXPECT_TRUE(gen::WriteFileBytes(file, *jpeg).ok());
  return content.applicant.citizen_id;
}

// The acceptance of issue 6, through OCR: three one-page dossiers, each a
// folder named by its code.
TEST(ReuseDetectOcrTest, AReScannedIdCopyIsAMissedReuseAndAnotherPersonsIsNot) {
  testing::TempDir dir;
  const std::string first = "000.31.22.H32-230220-0004";
  const std::string rescan = "000.31.22.H32-230901-0002";
  const std::string stranger = "000.31.22.H32-231002-0021";
  gen::PageEffects scan1;
  scan1.skew_degrees = 1.1;
  scan1.noise_sigma = 4;
  gen::PageEffects scan2;
  scan2.skew_degrees = -2.3;
  scan2.blur = true;
  scan2.lighting = 0.2;
  scan2.lighting_angle = 2.0;
  scan2.noise_sigma = 6;
  const std::string id_a = ScanIdCopy(7, 300, scan1, 85, dir.path() / first / "01.jpg");
  ASSERT_EQ(ScanIdCopy(7, 250, scan2, 65, dir.path() / rescan / "01.jpg"), id_a);
  const std::string id_b = ScanIdCopy(8, 250, scan2, 65, dir.path() / stranger / "01.jpg");
  ASSERT_NE(id_a, id_b);

  archive::HomeLayout home{dir.path() / "home"};
  ASSERT_TRUE(archive::InitHome(home).ok());
  IngestOptions options;
  options.workers = 2;
  auto pipeline = Pipeline::Create(home, options);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  auto summary =
      (*pipeline)->Ingest({dir.path() / first, dir.path() / rescan, dir.path() / stranger});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  ASSERT_TRUE(summary->failures.empty()) << summary->failures.front().reason;
  ASSERT_EQ(summary->dossiers, 3);

  auto catalog = archive::Catalog::Open(home.catalog(), false);
  ASSERT_TRUE(catalog.ok());
  auto original = (*catalog)->FindDossier(first);
  auto again = (*catalog)->FindDossier(rescan);
  auto other = (*catalog)->FindDossier(stranger);
  ASSERT_TRUE(original.ok() && original->has_value());
  ASSERT_TRUE(again.ok() && again->has_value());
  ASSERT_TRUE(other.ok() && other->has_value());
  ASSERT_EQ((*again)->documents.size(), 1u);
  ASSERT_EQ((*other)->documents.size(), 1u);

  // Stored all the same, its own scan kept, but linked to the first copy.
  const DocumentRecord& copy = (*again)->documents[0];
  EXPECT_EQ(copy.reused_from, first + ".1")
      << "similarity "
      << Similarity(Fingerprint(copy.pages[0].text),
                    Fingerprint((*original)->documents[0].pages[0].text));
  EXPECT_NE(copy.source_sha256, (*original)->documents[0].source_sha256);
  EXPECT_NE(copy.reuse_evidence.find(id_a), std::string::npos) << copy.reuse_evidence;
  EXPECT_EQ((*original)->documents[0].reused_from, "");
  EXPECT_EQ((*other)->documents[0].reused_from, "");
  // Even compared head to head, the other person's card is below the line.
  EXPECT_LT(Similarity(Fingerprint((*other)->documents[0].pages[0].text),
                       Fingerprint((*original)->documents[0].pages[0].text)),
            kReuseSimilarityAtLeast);

  auto events = (*catalog)->Events(archive::EventFilter{.type = "reuse"});
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].object, rescan);
  EXPECT_EQ((*events)[0].detail.rfind("missed: re-scanned although already digitized", 0), 0u);
}

}  // namespace
}  // namespace sohoa::ingest
