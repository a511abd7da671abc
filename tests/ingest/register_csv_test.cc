// Reading the one-stop register export and the book list: header variants,
// BOM, CRLF, quoting, dates, flags and bad rows reported by line.
#include <gtest/gtest.h>

#include "ingest/register_csv.h"

namespace sohoa::ingest {
namespace {

RegisterCsv Parse(std::string_view csv) {
  Result<RegisterCsv> parsed = ParseRegisterCsv(csv);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? std::move(parsed).value() : RegisterCsv{};
}

std::string Errors(const RegisterCsv& csv) {
  std::string out;
  for (const auto& e : csv.errors) out += std::to_string(e.line) + ": " + e.reason + "\n";
  return out;
}

TEST(RegisterCsvTest, ReadsTheCanonicalColumns) {
  RegisterCsv csv = Parse(
      "ma_ho_so,ma_thu_tuc,ten_thu_tuc,co_quan,ngay_tiep_nhan,ngay_hen_tra,kenh,ket_qua_dien_tu\n"
      "000.31.22.H32-240105-0001,1.001193,Đăng ký khai sinh,000.31.22.H32,05/01/2024,"
      "08/01/2024,Trực tuyến,1\n");
  ASSERT_EQ(csv.rows.size(), 1u) << Errors(csv);
  const archive::RegisterRow& r = csv.rows[0];
  EXPECT_EQ(r.dossier_code, "000.31.22.H32-240105-0001");
  EXPECT_EQ(r.procedure_code, "1.001193");
  EXPECT_EQ(r.procedure_name, "Đăng ký khai sinh");
  EXPECT_EQ(r.agency_code, "000.31.22.H32");
  EXPECT_EQ(r.received_date, "2024-01-05");
  EXPECT_EQ(r.due_date, "2024-01-08");
  EXPECT_EQ(r.channel, "Trực tuyến");
  ASSERT_TRUE(r.e_result.has_value());
  EXPECT_TRUE(*r.e_result);
  EXPECT_EQ(csv.lines, std::vector<int>{2});
}

TEST(RegisterCsvTest, AcceptsVietnameseHeadersWithBomCrlfAndColumnsInAnyOrder) {
  RegisterCsv csv = Parse(
      "\xEF\xBB\xBF\"Ngày tiếp nhận\",\"Mã hồ sơ\",\"Mã thủ tục\",\"Tên thủ tục\",\"Cơ quan\","
      "\"Kết quả điện tử\"\r\n"
      "2024-02-01,000.32.22.H32-240201-0001,2.000001,\"Cấp giấy, xác nhận\",000.32.22.H32,có\r\n");
  ASSERT_EQ(csv.rows.size(), 1u) << Errors(csv);
  EXPECT_EQ(csv.rows[0].dossier_code, "000.32.22.H32-240201-0001");
  EXPECT_EQ(csv.rows[0].received_date, "2024-02-01");
  EXPECT_EQ(csv.rows[0].procedure_name, "Cấp giấy, xác nhận");
  EXPECT_TRUE(csv.rows[0].e_result.value_or(false));
}

TEST(RegisterCsvTest, AcceptsEnglishAliases) {
  RegisterCsv csv = Parse(
      "dossier_code,procedure_code,procedure_name,agency,received_date,due_date,channel,e_result\n"
      "000.31.22.H32-240105-0001,1.001193,Birth,000.31.22.H32,2024-01-05,,counter,false\n");
  ASSERT_EQ(csv.rows.size(), 1u) << Errors(csv);
  EXPECT_EQ(csv.rows[0].agency_code, "000.31.22.H32");
  EXPECT_EQ(csv.rows[0].due_date, "");
  EXPECT_FALSE(csv.rows[0].e_result.value_or(true));
  RegisterCsv agency_code = Parse(
      "Dossier code,Procedure code,Agency code,Received date\n"
      "000.31.22.H32-240105-0001,1.001193,000.31.22.H32,5/1/2024\n");
  ASSERT_EQ(agency_code.rows.size(), 1u) << Errors(agency_code);
  EXPECT_EQ(agency_code.rows[0].received_date, "2024-01-05");
  // No ket_qua_dien_tu column: the flag is unset, not false.
  EXPECT_FALSE(agency_code.rows[0].e_result.has_value());
}

TEST(RegisterCsvTest, QuotedFieldsMayHoldCommasQuotesAndLineBreaks) {
  RegisterCsv csv = Parse(
      "ma_ho_so,ma_thu_tuc,ten_thu_tuc,ngay_tiep_nhan\n"
      "000.31.22.H32-240105-0001,1.001193,\"Đăng ký \"\"khai sinh\"\",\nlưu động\",05/01/2024\n"
      "000.31.22.H32-240105-0002,1.001193,x,31/02/2024\n");
  ASSERT_EQ(csv.rows.size(), 1u);
  EXPECT_EQ(csv.rows[0].procedure_name, "Đăng ký \"khai sinh\",\nlưu động");
  // The bad row is named by the line it starts on, after the quoted break.
  ASSERT_EQ(csv.errors.size(), 1u);
  EXPECT_EQ(csv.errors[0].line, 4);
  EXPECT_NE(csv.errors[0].reason.find("31/02/2024"), std::string::npos) << csv.errors[0].reason;
}

TEST(RegisterCsvTest, ElectronicResultFlagsInEveryAcceptedSpelling) {
  RegisterCsv csv = Parse(
      "ma_ho_so,ma_thu_tuc,ngay_tiep_nhan,ket_qua_dien_tu\n"
      "000.31.22.H32-240105-0001,1.001193,05/01/2024,1\n"
      "000.31.22.H32-240105-0002,1.001193,05/01/2024,0\n"
      "000.31.22.H32-240105-0003,1.001193,05/01/2024,TRUE\n"
      "000.31.22.H32-240105-0004,1.001193,05/01/2024,false\n"
      "000.31.22.H32-240105-0005,1.001193,05/01/2024,Có\n"
      "000.31.22.H32-240105-0006,1.001193,05/01/2024,không\n"
      "000.31.22.H32-240105-0007,1.001193,05/01/2024,x\n"
      "000.31.22.H32-240105-0008,1.001193,05/01/2024,\n"
      "000.31.22.H32-240105-0009,1.001193,05/01/2024,maybe\n");
  ASSERT_EQ(csv.rows.size(), 8u) << Errors(csv);
  std::vector<bool> flags;
  for (const auto& r : csv.rows) flags.push_back(r.e_result.value());
  EXPECT_EQ(flags, (std::vector<bool>{true, false, true, false, true, false, true, false}));
  ASSERT_EQ(csv.errors.size(), 1u);
  EXPECT_EQ(csv.errors[0].line, 10);
  EXPECT_NE(csv.errors[0].reason.find("maybe"), std::string::npos);
}

TEST(RegisterCsvTest, BadRowsAreReportedByLineAndTheOthersKept) {
  RegisterCsv csv = Parse(
      "ma_ho_so,ma_thu_tuc,co_quan,ngay_tiep_nhan\n"
      "000.31.22.H32-240105-0001,1.001193,,05/01/2024\n"        // 2: fine, agency from the code
      ",1.001193,000.31.22.H32,05/01/2024\n"                   // 3: no code
      "000.31.22.H32-240105-0003,1.001193,000.31.22.H32\n"     // 4: a column short
      "000.31.22.H32-240105-0004,1.001193,000.31.22.H32,2024-13-01\n"  // 5: no such month
      "HS-0005,1.001193,,05/01/2024\n"                         // 6: no agency anywhere
      "000.31.22.H32-240105-0001,1.001193,,06/01/2024\n"       // 7: the code again
      "\n"                                                     // 8: blank: skipped
      "000.31.22.H32-240105-0008,1.001193,,\n"                 // 9: undated: kept
      "HS-0010,1.001193,000.41.23.H32,05/01/2024,,\n"          // 10: trailing empty cells
      "000.31.22.H32-240105-0011,1.001193,\xC3\x28,05/01/2024\n");  // 11: not UTF-8
  ASSERT_EQ(csv.rows.size(), 3u) << Errors(csv);
  EXPECT_EQ(csv.lines, (std::vector<int>{2, 9, 10}));
  EXPECT_EQ(csv.rows[0].agency_code, "");  // the store takes it from the code
  EXPECT_EQ(csv.rows[1].received_date, "");
  EXPECT_EQ(csv.rows[2].agency_code, "000.41.23.H32");
  std::vector<int> lines;
  for (const auto& e : csv.errors) lines.push_back(e.line);
  EXPECT_EQ(lines, (std::vector<int>{3, 4, 5, 6, 7, 11})) << Errors(csv);
  EXPECT_NE(csv.errors[0].reason.find("ma_ho_so"), std::string::npos);
  EXPECT_NE(csv.errors[1].reason.find("columns"), std::string::npos);
  EXPECT_NE(csv.errors[4].reason.find("line 2"), std::string::npos);
  EXPECT_NE(csv.errors[5].reason.find("UTF-8"), std::string::npos);
}

TEST(RegisterCsvTest, AnAgencyGivenByNameTakesItsCodeFromTheDossierCode) {
  RegisterCsv csv = Parse(
      "ma_ho_so,ma_thu_tuc,co_quan,ngay_tiep_nhan\n"
      "000.31.22.H32-240105-0001,1.001193,UBND xã Vĩnh Phương,05/01/2024 08:30\n"
      "HS-7,1.001193,UBND xã Vĩnh Phương,05/01/2024\n");
  ASSERT_EQ(csv.rows.size(), 1u);
  EXPECT_EQ(csv.rows[0].agency_code, "");
  EXPECT_EQ(csv.rows[0].agency_name, "UBND xã Vĩnh Phương");
  EXPECT_EQ(csv.rows[0].received_date, "2024-01-05");
  ASSERT_EQ(csv.errors.size(), 1u);
  EXPECT_EQ(csv.errors[0].line, 3);
}

TEST(RegisterCsvTest, AFileWithoutTheRequiredColumnsIsRefusedSayingWhatItHas) {
  Result<RegisterCsv> parsed = ParseRegisterCsv("code,date\nA,05/01/2024\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("ma_ho_so"), std::string::npos);
  EXPECT_NE(parsed.status().message().find("code, date"), std::string::npos);
  EXPECT_FALSE(ParseRegisterCsv("").ok());
  EXPECT_FALSE(ParseRegisterCsv("ma_ho_so,Mã hồ sơ,ma_thu_tuc,ngay_tiep_nhan\n").ok());
}

TEST(RegisterCsvTest, AnUnclosedQuoteStopsReadingAndSaysWhere) {
  RegisterCsv csv = Parse(
      "ma_ho_so,ma_thu_tuc,ngay_tiep_nhan\n"
      "000.31.22.H32-240105-0001,1.001193,05/01/2024\n"
      "000.31.22.H32-240105-0002,\"1.001193,05/01/2024\n"
      "000.31.22.H32-240105-0003,1.001193,05/01/2024\n");
  EXPECT_EQ(csv.rows.size(), 1u);
  ASSERT_EQ(csv.errors.size(), 1u);
  EXPECT_EQ(csv.errors[0].line, 3);
  EXPECT_NE(csv.errors[0].reason.find("never closed"), std::string::npos);
}

TEST(RegisterCsvTest, DatesInEveryAcceptedFormAndNoOther) {
  EXPECT_EQ(ParseRegisterDate("14/05/2023").value(), "2023-05-14");
  EXPECT_EQ(ParseRegisterDate("4/5/2023").value(), "2023-05-04");
  EXPECT_EQ(ParseRegisterDate("2023-05-14").value(), "2023-05-14");
  EXPECT_EQ(ParseRegisterDate(" 2023-05-14T08:30:00 ").value(), "2023-05-14");
  EXPECT_EQ(ParseRegisterDate("29/02/2024").value(), "2024-02-29");
  EXPECT_FALSE(ParseRegisterDate("29/02/2023").ok());
  EXPECT_FALSE(ParseRegisterDate("14/05/23").ok());
  EXPECT_FALSE(ParseRegisterDate("2023/05/14").ok());
  EXPECT_FALSE(ParseRegisterDate("hôm qua").ok());
  EXPECT_FALSE(ParseRegisterDate("").ok());
}

TEST(RegisterCsvTest, ColumnNamesFoldToTheirCanonicalForm) {
  EXPECT_EQ(CanonicalColumnName("Mã hồ sơ"), "ma_ho_so");
  EXPECT_EQ(CanonicalColumnName(" NGÀY TIẾP NHẬN "), "ngay_tiep_nhan");
  EXPECT_EQ(CanonicalColumnName("Kết quả điện tử"), "ket_qua_dien_tu");
  EXPECT_EQ(CanonicalColumnName("Received-Date"), "received_date");
  EXPECT_EQ(CanonicalColumnName("Số mục"), "so_muc");
}

TEST(BookCsvTest, ReadsBooksWithVietnameseOrEnglishHeaders) {
  Result<BookCsv> vi = ParseBookCsv(
      "\xEF\xBB\xBFMã sổ,Loại,Cơ quan,Năm,Quyển,Số mục\r\n"
      "KS-000.31.22.H32-2012-01,Khai sinh,000.31.22.H32,2012,1,250\r\n"
      "KH-000.31.22.H32-2015-01,KH,000.31.22.H32,2015,01,\r\n");
  ASSERT_TRUE(vi.ok()) << vi.status().ToString();
  ASSERT_EQ(vi->books.size(), 2u);
  const archive::BookRecord& b = vi->books[0];
  EXPECT_EQ(b.id, "KS-000.31.22.H32-2012-01");
  EXPECT_EQ(b.type, "khai_sinh");
  EXPECT_EQ(b.agency_code, "000.31.22.H32");
  EXPECT_EQ(b.year, 2012);
  EXPECT_EQ(b.volume, "01");
  EXPECT_EQ(b.entries_expected, 250);
  EXPECT_EQ(vi->books[1].type, "ket_hon");
  EXPECT_FALSE(vi->books[1].entries_expected.has_value());

  Result<BookCsv> en = ParseBookCsv(
      "book_id,type,agency,year,volume,entries\n"
      "KT-1,khai_tu,000.41.23.H32,2019,02,120\n");
  ASSERT_TRUE(en.ok());
  ASSERT_EQ(en->books.size(), 1u);
  EXPECT_EQ(en->books[0].type, "khai_tu");
  EXPECT_EQ(en->books[0].entries_expected, 120);
  Result<BookCsv> so_id = ParseBookCsv("so_id,so_muc\nA,3\n");
  ASSERT_TRUE(so_id.ok());
  EXPECT_EQ(so_id->books.at(0).id, "A");
}

TEST(BookCsvTest, BadBookRowsAreReportedByLine) {
  Result<BookCsv> csv = ParseBookCsv(
      "ma_so,loai,nam,so_muc,co_quan\n"
      "A,khai_sinh,2012,250,000.31.22.H32\n"
      "B,khai sinh,12,250,000.31.22.H32\n"    // a two-digit year
      "C,nhận nuôi,2012,250,000.31.22.H32\n"  // not a book type
      "D,khai_sinh,2012,nhiều,000.31.22.H32\n"
      "E,khai_sinh,2012,250,Xã Vĩnh Phương\n"
      ",khai_sinh,2012,250,000.31.22.H32\n"
      "A,khai_sinh,2012,251,000.31.22.H32\n");
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->books.size(), 1u);
  std::vector<int> lines;
  for (const auto& e : csv->errors) lines.push_back(e.line);
  EXPECT_EQ(lines, (std::vector<int>{3, 4, 5, 6, 7, 8}));
  EXPECT_FALSE(ParseBookCsv("loai,nam\nkhai_sinh,2012\n").ok());
}

}  // namespace
}  // namespace sohoa::ingest
