// The understanding stage on page text, without OCR: the generator's ground
// truth holds every page's drawn text, so whole stacks can be fed in.
#include "ingest/understand.h"

#include <gtest/gtest.h>

#include "ingest/fields.h"
#include "schema/procedure.h"
#include "tests/test_env.h"
#include "tools/gen/generator.h"

namespace sohoa::ingest {
namespace {

constexpr const char* kToday = "2024-06-01";

class UnderstandTest : public ::testing::Test {
 protected:
  UnderstandTest() : understander_(BuiltinProcedures(), {}) {}

  // A generated stack of `n` dossiers: ground truth only, its text as pages.
  gen::GroundTruth Stack(int n, std::uint64_t seed) {
    gen::Options options;
    options.seed = seed;
    options.dossiers = n;
    options.forms = {gen::Form::kStack};
    options.stack_dossiers = n;
    options.degrade = false;
    options.dpis = {100};
    auto truth = gen::Generate(options, dir_.path());
    EXPECT_TRUE(truth.ok()) << truth.status().ToString();
    return truth.ok() ? std::move(truth).value() : gen::GroundTruth{};
  }

  static std::vector<PageInput> Pages(const gen::GroundTruth& truth, bool with_barcodes) {
    std::vector<PageInput> pages;
    for (const auto& d : truth.dossiers) {
      for (const auto& doc : d.documents) {
        for (const auto& p : doc.pages) {
          PageInput in;
          in.text = p.text;
          if (with_barcodes) {
            for (const auto& b : p.barcodes) in.barcodes.push_back(b.text);
          }
          pages.push_back(std::move(in));
        }
      }
    }
    return pages;
  }

  testing::TempDir dir_;
  Understander understander_;
};

TEST_F(UnderstandTest, AStackOfFiveDossiersBecomesFiveEachLedByItsReceipt) {
  gen::GroundTruth truth = Stack(5, 3);
  ASSERT_EQ(truth.dossiers.size(), 5u);
  EXPECT_EQ(truth.dossiers[0].path, truth.dossiers[4].path) << "one file holds all five";
  Understanding u = understander_.Understand(Pages(truth, true), "stack-01.pdf", kToday);
  ASSERT_TRUE(u.failure.empty()) << u.failure;
  ASSERT_EQ(u.dossiers.size(), 5u);
  size_t first_page = 0;
  for (size_t i = 0; i < 5; ++i) {
    const auto& t = truth.dossiers[i];
    const auto& plan = u.dossiers[i];
    EXPECT_EQ(plan.record.code, t.code);
    EXPECT_EQ(plan.record.code_source, kSourceBarcode);
    EXPECT_EQ(plan.record.procedure_code, t.procedure_code);
    ASSERT_FALSE(plan.record.documents.empty());
    EXPECT_EQ(plan.record.documents.front().kind, kKindReceipt);
    EXPECT_EQ(plan.document_pages.front().front(), first_page) << t.code;
    size_t pages = 0;
    for (const auto& doc : t.documents) pages += doc.pages.size();
    size_t got = 0;
    for (const auto& members : plan.document_pages) got += members.size();
    EXPECT_EQ(got, pages) << t.code;
    first_page += pages;
  }
}

TEST_F(UnderstandTest, AStackWhoseQrCodesAreUnreadableIsSplitByTheReceiptText) {
  gen::GroundTruth truth = Stack(3, 8);
  Understanding u = understander_.Understand(Pages(truth, false), "stack-01.pdf", kToday);
  ASSERT_TRUE(u.failure.empty()) << u.failure;
  ASSERT_EQ(u.dossiers.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(u.dossiers[i].record.code, truth.dossiers[i].code);
    EXPECT_EQ(u.dossiers[i].record.code_source, kSourceOcr);
  }
}

TEST_F(UnderstandTest, FieldsAreReadFromTheReceiptFormAndIdCopy) {
  gen::GroundTruth truth = Stack(4, 12);
  Understanding u = understander_.Understand(Pages(truth, true), "x.pdf", kToday);
  ASSERT_EQ(u.dossiers.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    const auto& t = truth.dossiers[i];
    std::map<std::string, std::string> got;
    for (const auto& f : u.dossiers[i].record.fields) got[f.name] = f.value;
    EXPECT_EQ(got["applicant_name"], t.applicant);
    EXPECT_EQ(got["citizen_id"], t.citizen_id);
    EXPECT_EQ(got["applicant_birth_date"], t.applicant_birth_date);
    EXPECT_EQ(got["subject_name"], t.subject.name) << t.subject.kind;
    EXPECT_EQ(got["received_date"], t.received_date);
    EXPECT_EQ(got["appointment_date"], t.appointment_date);
    EXPECT_FALSE(u.dossiers[i].needs_review) << t.code;
  }
}

TEST_F(UnderstandTest, AnOZeroConfusionInThePrintedCodeIsReadAsTheCode) {
  std::string receipt =
      "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\nMã hồ sơ: OOO.31.22.H32-23O620-0017\n"
      "Ông/Bà: NGUYỄN VĂN ĐỨC\nNội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh\n";
  std::vector<PageInput> pages(1);
  pages[0].text = receipt;
  Understanding u = understander_.Understand(pages, "scan.pdf", kToday);
  ASSERT_EQ(u.dossiers.size(), 1u) << u.failure;
  const DossierRecord& r = u.dossiers[0].record;
  EXPECT_EQ(r.code, "000.31.22.H32-230620-0017");
  EXPECT_EQ(r.code_source, kSourceOcr);
  EXPECT_EQ(r.received_date, "2023-06-20");
  EXPECT_EQ(r.procedure_code, "1.001193");
}

TEST_F(UnderstandTest, AnIdWithAWrongCenturyDigitIsFlaggedForReview) {
  std::string form =
      "TỜ KHAI ĐĂNG KÝ KHAI SINH\nHọ, chữ đệm, tên người yêu cầu: TRẦN THỊ MAI\n"
      "Ngày, tháng, năm sinh: 14/05/1989\nSố định danh cá nhân: 056289004512\n";
  std::vector<Line> lines = LinesOf(form, {});
  std::vector<PageView> views = {{&lines, kKindForm, 1, 1}};
  std::vector<FieldValue> fields = ExtractFields(views, "2023-06-20");
  const FieldValue* id = nullptr;
  for (const auto& f : fields) {
    if (f.name == "citizen_id") id = &f;
  }
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->value, "056289004512");
  EXPECT_TRUE(id->needs_review);
  EXPECT_LT(id->confidence, kFieldReviewBelow);
  EXPECT_NE(id->evidence.find("century"), std::string::npos) << id->evidence;
}

TEST_F(UnderstandTest, AFieldKeepsThePageAndBoxOfItsWords) {
  std::string text = "Ông/Bà: NGUYỄN VĂN ĐỨC\n";
  std::vector<Word> words = {{"Ông/Bà:", {100, 200, 80, 30}, 90},
                             {"NGUYỄN", {190, 200, 120, 30}, 91},
                             {"VĂN", {320, 200, 60, 30}, 92},
                             {"ĐỨC", {390, 200, 60, 30}, 93}};
  std::vector<Line> lines = LinesOf(text, words);
  std::vector<PageView> views = {{&lines, kKindReceipt, 1, 1}};
  auto fields = ExtractFields(views, "");
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[0].name, "applicant_name");
  EXPECT_EQ(fields[0].value, "NGUYỄN VĂN ĐỨC");
  EXPECT_EQ(fields[0].document, 1);
  EXPECT_EQ(fields[0].page, 1);
  EXPECT_EQ(fields[0].box.x, 190);
  EXPECT_EQ(fields[0].box.w, 260);
}

TEST_F(UnderstandTest, ASurnameWhoseToneMarkOcrDroppedIsRestored) {
  std::vector<Line> lines = LinesOf("Ông/Bà: NGUYÊN VĂN ĐỨC\n", {});
  std::vector<PageView> views = {{&lines, kKindReceipt, 1, 1}};
  auto fields = ExtractFields(views, "");
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[0].value, "NGUYỄN VĂN ĐỨC");
  std::vector<Line> mixed = LinesOf("Ông/Bà: Tran Thị Mai\n", {});
  EXPECT_EQ(ExtractFields({{&mixed, kKindReceipt, 1, 1}}, "")[0].value, "Trần Thị Mai");
}

TEST_F(UnderstandTest, DatesAreReadInBothVietnameseForms) {
  EXPECT_EQ(FindDate("Khánh Hòa, ngày 14 tháng 5 năm 2023"), "2023-05-14");
  EXPECT_EQ(FindDate("ngay 04 thang 02 nam 2024"), "2024-02-04");
  EXPECT_EQ(FindDate("lúc 08 giờ, ngày 20/06/2023."), "2023-06-20");
  EXPECT_FALSE(FindDate("ngày 31 tháng 2 năm 2023").has_value());
}

}  // namespace
}  // namespace sohoa::ingest
