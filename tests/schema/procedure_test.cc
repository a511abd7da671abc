#include "schema/procedure.h"

#include <gtest/gtest.h>

namespace sohoa {
namespace {

TEST(ProcedureTest, BuiltinCatalogHoldsTheShippedProcedures) {
  const auto& procedures = BuiltinProcedures();
  ASSERT_GE(procedures.size(), 8u);
  EXPECT_EQ(procedures[0].code, "1.001193");
  EXPECT_EQ(procedures[0].field, "Hộ tịch");
  ASSERT_EQ(procedures[0].result_titles.size(), 1u);
  EXPECT_EQ(procedures[0].result_titles[0], "GIẤY KHAI SINH");
  EXPECT_TRUE(procedures[0].requires_paper_result);
}

TEST(ProcedureTest, QuotedFieldsKeepCommasAndTitlesSplitOnBars) {
  auto parsed = ParseProcedureCsv(
      "\xEF\xBB\xBF" "code,name,field,level,form_titles,result_titles,requires_paper_result\r\n"
      "1.000001,\"Thủ tục A, B\",Hộ tịch,xa,TỜ KHAI A|TỜ KHAI B,\"GIẤY \"\"A\"\"\",0\r\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].name, "Thủ tục A, B");
  EXPECT_EQ((*parsed)[0].form_titles.size(), 2u);
  EXPECT_EQ((*parsed)[0].result_titles[0], "GIẤY \"A\"");
  EXPECT_FALSE((*parsed)[0].requires_paper_result);
}

TEST(ProcedureTest, ABadRowIsReportedWithItsLine) {
  auto parsed = ParseProcedureCsv(
      "code,name,field,level,form_titles,result_titles,requires_paper_result\n"
      "1.000001,A,F,xa,T,R,1\n"
      "1.000002,B\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("line 3"), std::string::npos) << parsed.status().message();
}

TEST(ProcedureTest, AMissingHeaderIsRefused) {
  EXPECT_FALSE(ParseProcedureCsv("1.000001,A,F,xa,T,R,1\n").ok());
}

}  // namespace
}  // namespace sohoa
