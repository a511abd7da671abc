#include "ingest/classify.h"
#include "ingest/fields.h"

#include <map>

#include <gtest/gtest.h>

namespace sohoa::ingest {
namespace {

class ClassifyTest : public ::testing::Test {
 protected:
  ProcedureClassifier classifier_{BuiltinProcedures()};
};

TEST_F(ClassifyTest, ReceiptNamingTheProcedureDecides) {
  auto match = classifier_.Classify({"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\nThủ tục: Thủ tục đăng ký\nkết hôn\n"});
  ASSERT_NE(match.procedure, nullptr);
  EXPECT_EQ(match.procedure->code, "1.000894");
  EXPECT_GT(match.confidence, 0.9f);
}

TEST_F(ClassifyTest, TitlesDecideWhenNoNameIsPrinted) {
  auto match = classifier_.Classify({"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỜ KHAI ĐĂNG KÝ KHAI TỬ\n", "TRÍCH LỤC KHAI TỬ\nSố: 12"});
  ASSERT_NE(match.procedure, nullptr);
  EXPECT_EQ(match.procedure->code, "1.000656");
  EXPECT_NE(match.evidence.find("TRÍCH LỤC KHAI TỬ"), std::string::npos);
}

TEST_F(ClassifyTest, OcrTextWithoutDiacriticsStillMatches) {
  auto match = classifier_.Classify({"DON DE NGHI DOI GIAY PHEP\nLAI XE"});
  ASSERT_NE(match.procedure, nullptr);
  EXPECT_EQ(match.procedure->code, "1.002804");
}

TEST_F(ClassifyTest, TheSmallerTitleSetWinsATieOfTitles) {
  // Both 1.001193 and the liên thông 2.000986 list these two titles; only the
  // first is fully present.
  auto match = classifier_.Classify({"TỜ KHAI ĐĂNG KÝ KHAI SINH", "GIẤY KHAI SINH"});
  ASSERT_NE(match.procedure, nullptr);
  EXPECT_EQ(match.procedure->code, "1.001193");
}

TEST_F(ClassifyTest, NothingRecognisableIsNotGuessed) {
  auto match = classifier_.Classify({"Lorem ipsum dolor sit amet"});
  EXPECT_EQ(match.procedure, nullptr);
  EXPECT_EQ(match.confidence, 0);
}

TEST_F(ClassifyTest, PageKinds) {
  EXPECT_EQ(classifier_.KindOfPage("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\n1. Tờ khai đăng ký khai sinh").kind, kKindReceipt);
  EXPECT_EQ(classifier_.KindOfPage("CỘNG HÒA XÃ HỘI\nTỜ KHAI ĐĂNG KÝ KHAI SINH\nKính gửi").kind, kKindForm);
  EXPECT_EQ(classifier_.KindOfPage("CĂN CƯỚC CÔNG DÂN\nSố: 056189004512").kind, kKindIdCopy);
  EXPECT_EQ(classifier_.KindOfPage("GIẤY KHAI SINH\nSố: 123/2023").kind, kKindResult);
  EXPECT_EQ(classifier_.KindOfPage("trang hai, không tiêu đề").kind, kKindOther);
}

TEST(ExtractFieldsTest, FindsApplicantAndCitizenIdOnLabelledLines) {
  std::vector<Line> receipt = LinesOf(
      "Mã hồ sơ: 000.31.22.H32-230620-0017\nÔng/Bà: NGUYỄN VĂN ĐỨC\n"
      "Số định danh cá nhân: 056189004512\n",
      {});
  auto fields = ExtractFields({{&receipt, kKindReceipt, 1, 1}}, "");
  ASSERT_GE(fields.size(), 2u);
  std::map<std::string, std::string> got;
  for (const auto& f : fields) got[f.name] = f.value;
  EXPECT_EQ(got["applicant_name"], "NGUYỄN VĂN ĐỨC");
  EXPECT_EQ(got["citizen_id"], "056189004512");
}

TEST(ExtractFieldsTest, ThirteenDigitsAreNotACitizenId) {
  EXPECT_EQ(CitizenIdFrom("0561890045123"), "");
  EXPECT_EQ(CitizenIdFrom("056 189 OO4 512"), "056189004512");
}

}  // namespace
}  // namespace sohoa::ingest
