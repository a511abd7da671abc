// The generator's building blocks: names, IDs, dates, the card's
// machine-readable zone, QR codes, and what each dossier is about.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "schema/dossier_code.h"
#include "schema/procedure.h"
#include "tools/gen/calendar.h"
#include "tools/gen/content.h"
#include "tools/gen/documents.h"
#include "tools/gen/people.h"
#include "tools/gen/qr.h"
#include "tools/gen/rng.h"

namespace sohoa::gen {
namespace {

TEST(GenContentTest, UpperCasesVietnameseNamesWithTheirMarks) {
  EXPECT_EQ(UpperVi("Nguyễn Văn Đức"), "NGUYỄN VĂN ĐỨC");
  EXPECT_EQ(UpperVi("Huỳnh Thị Ngọc Ánh"), "HUỲNH THỊ NGỌC ÁNH");
  EXPECT_EQ(UpperVi("ơ ư ă â ê ô ĩ ũ ỹ ậ ở"), "Ơ Ư Ă Â Ê Ô Ĩ Ũ Ỹ Ậ Ở");
  EXPECT_EQ(AsciiUpper("Nguyễn Văn Đức"), "NGUYEN VAN DUC");
}

TEST(GenContentTest, CitizenIdEncodesCenturySexAndBirthYear) {
  Rng rng(5);
  std::string woman_1989 = MakeCitizenId(rng, "056", true, 1989);
  EXPECT_TRUE(std::regex_match(woman_1989, std::regex(R"(056189\d{6})"))) << woman_1989;
  std::string boy_2005 = MakeCitizenId(rng, "079", false, 2005);
  EXPECT_TRUE(std::regex_match(boy_2005, std::regex(R"(079205\d{6})"))) << boy_2005;
}

TEST(GenContentTest, PrintsDatesTheWayAdministrativePapersDo) {
  EXPECT_EQ(FormatLong(MakeDate(2023, 5, 14)), "ngày 14 tháng 5 năm 2023");
  EXPECT_EQ(FormatLong(MakeDate(2023, 1, 5)), "ngày 05 tháng 01 năm 2023");
  EXPECT_EQ(FormatDmy(MakeDate(2023, 6, 2)), "02/06/2023");
  EXPECT_EQ(FormatIso(MakeDate(2023, 6, 2)), "2023-06-02");
  EXPECT_EQ(FormatYyMmDd(MakeDate(2023, 6, 20)), "230620");
  // Friday 16 June 2023 plus one working day is Monday 19 June.
  EXPECT_EQ(FormatIso(AddWorkingDays(MakeDate(2023, 6, 16), 1)), "2023-06-19");
}

TEST(GenContentTest, RandomStreamsAreReproducibleAndCoverTheirRange) {
  Rng a(42), b(42), c(43);
  EXPECT_EQ(a.Next(), b.Next());
  EXPECT_NE(a.Next(), c.Next());
  std::set<std::int64_t> seen;
  Rng r(1);
  for (int i = 0; i < 2000; ++i) {
    std::int64_t v = r.Int(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_NE(Rng::Derive(1, 2), Rng::Derive(1, 3));
  EXPECT_NE(Rng::Derive(1, 2), Rng::Derive(2, 2));
}

int MrzDigit(const std::string& s) {
  static const int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'A' && ch <= 'Z' ? ch - 'A' + 10 : 0;
    sum += v * kWeights[i % 3];
  }
  return sum % 10;
}

TEST(GenContentTest, MachineReadableZoneHasValidCheckDigits) {
  Person p;
  p.name = "Nguyễn Văn Đức";
  p.female = false;
  p.birth = MakeDate(1989, 5, 14);
  p.citizen_id = "056089004512";
  auto mrz = MachineReadableZone(p, MakeDate(2029, 5, 14));
  ASSERT_EQ(mrz.size(), 3u);
  for (const auto& line : mrz) EXPECT_EQ(line.size(), 30u) << line;
  EXPECT_EQ(mrz[0].substr(0, 5), "IDVNM");
  EXPECT_EQ(mrz[0][14] - '0', MrzDigit(mrz[0].substr(5, 9)));
  EXPECT_EQ(mrz[1].substr(0, 6), "890514");
  EXPECT_EQ(mrz[1][6] - '0', MrzDigit("890514"));
  EXPECT_EQ(mrz[1][7], 'M');
  EXPECT_EQ(mrz[1][14] - '0', MrzDigit("290514"));
  EXPECT_EQ(mrz[2], "NGUYEN<<VAN<DUC<<<<<<<<<<<<<<<");
}

TEST(GenContentTest, QrCodeOfADossierCodeHasModules) {
  Result<QrMatrix> qr = EncodeQr("000.31.22.H32-230620-0017");
  ASSERT_TRUE(qr.ok());
  EXPECT_GE(qr->size, 21);
  EXPECT_EQ((qr->size - 17) % 4, 0);
  int dark = 0;
  for (auto d : qr->dark) dark += d;
  EXPECT_GT(dark, qr->size * qr->size / 4);
  EXPECT_TRUE(qr->Dark(0, 0));  // a finder pattern corner
}

TEST(GenContentTest, EveryBuiltinProcedureGetsAConsistentDossier) {
  const std::map<std::string, std::string> kinds = {
      {"1.001193", "birth"}, {"1.000894", "marriage"},        {"1.000656", "death"},
      {"2.000986", "birth"}, {"2.000505", "criminal_record"}, {"1.002804", "driving_licence"},
      {"1.013831", "land"},  {"2.000720", "business"}};
  for (const Procedure& p : BuiltinProcedures()) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      Rng rng(seed);
      DossierContent c = MakeContent(rng, p);
      auto code = ParseDossierCode(c.code);
      ASSERT_TRUE(code.has_value()) << c.code;
      EXPECT_EQ(code->agency_code, c.agency.code);
      if (kinds.count(p.code)) {
        EXPECT_EQ(c.subject.kind, kinds.at(p.code)) << p.code;
      }
      if (p.level == "tinh") {
        EXPECT_EQ(c.agency.code, "000.00.00.H32");
      }
      EXPECT_FALSE(IsWeekend(c.received));
      EXPECT_GE(std::chrono::sys_days{c.appointment}, std::chrono::sys_days{c.received});
      EXPECT_LT(AgeOn(c.applicant.birth, c.received), 100);
      EXPECT_GE(AgeOn(c.applicant.birth, c.received), 18) << c.applicant.name;
      auto docs = BuildDocuments(rng, c);
      ASSERT_GE(docs.size(), 3u);
      std::string qr;
      for (const auto& element : docs[0].layout.elements) {
        if (const Row* row = std::get_if<Row>(&element)) {
          for (const auto& cell : row->cells) qr += cell.qr_text;
        }
      }
      EXPECT_EQ(qr, c.code);
      EXPECT_EQ(docs[1].title, c.form_title);
    }
  }
}

TEST(GenContentTest, TitlesBecomeSentenceCaseInReceiptLists) {
  EXPECT_EQ(SentenceCase("TỜ KHAI ĐĂNG KÝ KHAI SINH"), "Tờ khai đăng ký khai sinh");
  EXPECT_EQ(SentenceCase("ĐƠN ĐỀ NGHỊ ĐỔI GIẤY PHÉP LÁI XE"), "Đơn đề nghị đổi giấy phép lái xe");
}

}  // namespace
}  // namespace sohoa::gen
