// A register entry's readings checked against the book's own rules: the
// checks alone on text (LedgerRowDoubts), and a ruled page drawn with Cairo
// whose cells break them, read back: such cells are read again and, when the
// ink itself breaks the rule, kept in doubt and never offered as a pre-fill.
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ocr/ledger.h"
#include "ocr/ledger_text.h"
#include "tests/ocr/render.h"

namespace sohoa::ocr {
namespace {

using Doubts = std::map<std::string, std::string>;

std::map<std::string, std::string> Birth(std::string registered, std::string name,
                                         std::string dob) {
  return {{"no", "7"},
          {"registered", std::move(registered)},
          {"name", std::move(name)},
          {"dob", std::move(dob)},
          {"sex", "Nữ"},
          {"mother", "Võ Thị Hạnh"}};
}

TEST(LedgerRowDoubtsTest, AnEntryThatKeepsTheBooksRulesHasNone) {
  EXPECT_EQ(LedgerRowDoubts("khai_sinh", 2013, Birth("05/03/2013", "VŨ THỊ MAI", "27/02/2013")),
            Doubts{});
  EXPECT_EQ(LedgerRowDoubts("", 0, Birth("05/03/2013", "Lê Thị Mai", "27/02/2013")), Doubts{});
}

TEST(LedgerRowDoubtsTest, ARegistrationOutsideTheBooksYearIsDoubted) {
  EXPECT_EQ(LedgerRowDoubts("khai_sinh", 2013, Birth("05/03/2015", "Lê Thị Mai", "27/02/2013")),
            (Doubts{{"registered", "year_outside_book"}}));
  // Also after today: either rule names it.
  EXPECT_TRUE(LedgerRowDoubts("khai_sinh", 2013, Birth("05/03/2913", "Lê Thị Mai", "27/02/2013"))
                  .contains("registered"));
  // A book whose year is not known bounds nothing.
  EXPECT_EQ(LedgerRowDoubts("khai_sinh", 0, Birth("05/03/2015", "Lê Thị Mai", "27/02/2013")),
            Doubts{});
}

TEST(LedgerRowDoubtsTest, ADateThatCannotExistIsDoubted) {
  EXPECT_EQ(LedgerRowDoubts("khai_sinh", 2013, Birth("09/71/2013", "Lê Thị Mai", "27/02/2013")),
            (Doubts{{"registered", "bad_date"}}));
  EXPECT_EQ(LedgerRowDoubts("khai_sinh", 2013, Birth("05/03/2013", "Lê Thị Mai", "31/02/2013")),
            (Doubts{{"dob", "bad_date"}}));
  // The keying checks would pad these; a printed cell is read whole or not at all.
  EXPECT_EQ(LedgerRowDoubts("khai_sinh", 2013, Birth("05/03/2013", "Lê Thị Mai", "2/12/2012")),
            (Doubts{{"dob", "bad_date"}}));
  EXPECT_EQ(LedgerRowDoubts("khai_sinh", 2013, Birth("05/03/2013", "Lê Thị Mai", "27/710/2012")),
            (Doubts{{"dob", "bad_date"}}));
}

TEST(LedgerRowDoubtsTest, ABirthAfterItsRegistrationDoubtsBothDates) {
  EXPECT_EQ(LedgerRowDoubts("khai_sinh", 2013, Birth("05/03/2013", "Lê Thị Mai", "27/10/2013")),
            (Doubts{{"dob", "born_after_registered"}, {"registered", "born_after_registered"}}));
  const std::map<std::string, std::string> death = {{"registered", "05/03/2013"},
                                                    {"name", "Trần Văn Ba"},
                                                    {"dob", "01/01/1940"},
                                                    {"died", "09/03/2013"}};
  EXPECT_EQ(LedgerRowDoubts("khai_tu", 2013, death),
            (Doubts{{"died", "born_after_registered"}, {"registered", "born_after_registered"}}));
  const std::map<std::string, std::string> marriage = {{"registered", "05/03/2013"},
                                                       {"husband", "Trần Văn Ba"},
                                                       {"husband_dob", "01/01/2014"},
                                                       {"wife", "Lê Thị Mai"}};
  EXPECT_EQ(LedgerRowDoubts("", 2013, marriage), (Doubts{{"husband_dob", "born_after_registered"},
                                                         {"registered", "born_after_registered"}}));
}

TEST(LedgerRowDoubtsTest, NoOneIsRegisteredMoreThan120YearsAfterBirth) {
  const std::map<std::string, std::string> death = {{"registered", "05/03/2015"},
                                                    {"name", "Trần Văn Ba"},
                                                    {"dob", "20/02/1333"},
                                                    {"died", "01/03/2015"}};
  EXPECT_EQ(LedgerRowDoubts("khai_tu", 2015, death), (Doubts{{"dob", "too_old"}}));
  const std::map<std::string, std::string> marriage = {{"registered", "05/03/2021"},
                                                       {"husband", "Trần Văn Ba"},
                                                       {"wife", "Lê Thị Mai"},
                                                       {"wife_dob", "20/02/1102"}};
  EXPECT_EQ(LedgerRowDoubts("ket_hon", 2021, marriage), (Doubts{{"wife_dob", "too_old"}}));
  EXPECT_EQ(LedgerRowDoubts("khai_tu", 2015, {{"registered", "05/03/2015"}, {"dob", "01/01/1900"}}),
            Doubts{});
}

TEST(LedgerRowDoubtsTest, ANameOfOtherThanVietnameseSyllablesIsDoubted) {
  EXPECT_EQ(
      LedgerRowDoubts("khai_sinh", 2013, Birth("05/03/2013", "PHẠM MINH.KHÁNH", "27/02/2013")),
      (Doubts{{"name", "name_characters"}}));
  EXPECT_EQ(LedgerRowDoubts("khai_sinh", 2013, Birth("05/03/2013", "LÊ THỊ MAT", "27/02/2013")),
            (Doubts{{"name", "name_syllable"}}));
  EXPECT_EQ(
      LedgerRowDoubts("khai_sinh", 2013, Birth("05/03/2013", "NÑgô Ngọc Cường", "27/02/2013")),
      (Doubts{{"name", "name_syllable"}}));
}

TEST(LedgerRowDoubtsTest, StrayPunctuationAtAWordsEdgeIsNoPartOfAName) {
  EXPECT_EQ(NormalizeLedgerValue("name", "PHẠM MINH. KHÁNH"), "PHẠM MINH KHÁNH");
  EXPECT_EQ(NormalizeLedgerValue("mother", "TRẦN DIỆU: THẢO"), "TRẦN DIỆU THẢO");
  EXPECT_EQ(NormalizeLedgerValue("wife", "HUỲNH .THANH. LINH"), "HUỲNH THANH LINH");
  // Inside a word it may be ink of a letter: kept, for the check to refuse.
  EXPECT_EQ(NormalizeLedgerValue("name", "PHẠM MINH.KHÁNH"), "PHẠM MINH.KHÁNH");
  EXPECT_EQ(NormalizeLedgerValue("name", "H'Hen Niê"), "H'Hen Niê");
  EXPECT_EQ(NormalizeLedgerValue("father", "Lê Quốc Long -"), "Lê Quốc Long");
  EXPECT_EQ(NormalizeLedgerValue("name", "Hoàng-Anh"), "Hoàng-Anh");
  // A place keeps its punctuation but what is set apart at its end.
  EXPECT_EQ(NormalizeLedgerValue("birthplace", "Bệnh viện Sản - Nhi tỉnh Khánh Hòa :"),
            "Bệnh viện Sản - Nhi tỉnh Khánh Hòa");
  EXPECT_EQ(NormalizeLedgerValue("death_place", "Tại nhà, phường Vĩnh Hải - _"),
            "Tại nhà, phường Vĩnh Hải");
  EXPECT_EQ(NormalizeLedgerValue("residence", "Tổ 5, phường Lộc Thọ."), "Tổ 5, phường Lộc Thọ.");
}

TEST(LedgerRowDoubtsTest, APlaceEndingInAMarkIsDoubted) {
  auto with_place = [](std::string place) {
    auto values = Birth("05/03/2013", "Lê Thị Mai", "27/02/2013");
    values["birthplace"] = std::move(place);
    return values;
  };
  EXPECT_EQ(LedgerRowDoubts("khai_sinh", 2013, with_place("huyện Diên Khánh:")),
            (Doubts{{"birthplace", "place_mark"}}));
  EXPECT_EQ(LedgerRowDoubts("khai_sinh", 2013, with_place("Bệnh viện Sản - Nhi tỉnh Khánh Hòa")),
            Doubts{});
}

TEST(LedgerRowDoubtsTest, ACellInDoubtIsNotOffered) {
  LedgerCell cell{"registered", "05/03/2013", 96, {}};
  EXPECT_TRUE(OfferAsPrefill(cell));
  cell.doubt = "year_outside_book";
  EXPECT_FALSE(OfferAsPrefill(cell));
}

TEST(LedgerRowDoubtsTest, TheBooksYearIsReadWhenTheSlashIsReadAsAnI) {
  EXPECT_EQ(ParseRegisterHeader("SỐ ĐĂNG KÝ KHAI TỬ - XÃ SUỐI TÂN - QUYỂN SỐ 02I2007").year, 2007);
  EXPECT_EQ(ParseRegisterHeader("SỐ ĐĂNG KÝ KHAI TỬ - XÃ SUỐI TÂN - QUYỂN SỐ 02I2007").volume,
            "02");
}

TEST(RegistrationOrderTest, TheDateThatGoesBackFromItsPageIsNamed) {
  using Flags = std::vector<bool>;
  // In order, equal days included: none.
  EXPECT_EQ(RegistrationsOutOfOrder({"02/01/2012", "05/01/2012", "05/01/2012", "11/01/2012"}),
            (Flags{false, false, false, false}));
  // 27/10 read for 27/01 between 16/01 and 30/01: that one, not its neighbours.
  EXPECT_EQ(RegistrationsOutOfOrder({"09/01/2012", "16/01/2012", "27/10/2012", "30/01/2012",
                                     "02/02/2012"}),
            (Flags{false, false, true, false, false}));
  // The first and the last entries too, and a month read 07 for 01.
  EXPECT_EQ(RegistrationsOutOfOrder({"02/07/2012", "05/01/2012", "09/01/2012", "11/01/2012"}),
            (Flags{true, false, false, false}));
  EXPECT_EQ(RegistrationsOutOfOrder({"02/01/2012", "05/01/2012", "09/01/2012", "01/01/2012"}),
            (Flags{false, false, false, true}));
  // Two dates the wrong way round: either may be the misreading.
  EXPECT_EQ(RegistrationsOutOfOrder({"02/01/2012", "19/01/2012", "11/01/2012", "25/01/2012"}),
            (Flags{false, true, true, false}));
  // Cells not read as dates are not judged, and do not break the order.
  EXPECT_EQ(RegistrationsOutOfOrder({"02/01/2012", "", "27/10/20I2", "09/01/2012", "11/01/2012"}),
            (Flags{false, false, false, false, false}));
  // A lone date has nothing to be out of order with.
  EXPECT_EQ(RegistrationsOutOfOrder({"", "27/10/2012", ""}), (Flags{false, false, false}));
}

// The register page of a 2012 birth book, its columns number, registration,
// name, birth and mother.
PixPtr DrawBirthRegister(const std::vector<std::vector<std::string>>& rows) {
  return testing::DrawRegister(rows, {180, 330, 730, 1530, 1930, 3330});
}

const LedgerCell& CellOf(const LedgerRow& row, std::string_view field) {
  static const LedgerCell none;
  for (const LedgerCell& c : row.cells) {
    if (c.field == field) return c;
  }
  return none;
}

const std::vector<std::vector<std::string>>& BrokenRows() {
  static const std::vector<std::vector<std::string>> rows = {
      {"Số", "Ngày đăng ký", "Họ và tên", "Ngày sinh", "Họ tên mẹ"},
      {"1", "02/01/2012", "Nguyễn Văn Đức", "28/12/2011", "Phạm Thị Lan"},
      {"2", "05/01/2015", "Lê Thị Mai", "01/01/2012", "Võ Thị Hạnh"},  // not the book's year
      {"3", "09/01/2012", "Trần Minh.Khang", "03/01/2012", "Đặng Thu Trang"},  // a period in a name
      {"4", "11/01/2012", "Hoàng Văn Nam", "31/02/2011", "Lý Thị Hoa"},        // no 31 February
      {"5", "16/01/2012", "Đỗ Thị Hằng", "20/01/2012", "Bùi Thị Yến"}};  // born after registered
  return rows;
}

TEST(LedgerRulesCheckTest, WithoutTheChecksAReadingOutsideTheBookWouldBeOffered) {
  PageImage page;
  page.pix = DrawBirthRegister(BrokenRows());
  page.dpi = 300;
  LedgerOptions options;
  options.check_book_rules = false;
  auto reader = LedgerReader::Create(options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto read = (*reader)->Read(page);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->rows.size(), 5u);
  const LedgerCell& cell = CellOf(read->rows[1], "registered");
  EXPECT_EQ(cell.text, "05/01/2015");
  EXPECT_TRUE(OfferAsPrefill(cell));
}

TEST(LedgerRulesCheckTest, CellsWhoseInkBreaksABookRuleAreReadAgainAndNotOffered) {
  PageImage page;
  page.pix = DrawBirthRegister(BrokenRows());
  page.dpi = 300;
  auto reader = LedgerReader::Create({});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto read = (*reader)->Read(page);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->header.year, 2012);
  ASSERT_EQ(read->rows.size(), 5u);

  // A good reading is left alone: not read again, not in doubt.
  for (const LedgerCell& cell : read->rows[0].cells) {
    EXPECT_FALSE(cell.reread) << cell.field << " '" << cell.text << "'";
    EXPECT_EQ(cell.doubt, "") << cell.field;
  }
  EXPECT_EQ(read->rows[0].Get("registered"), "02/01/2012");
  EXPECT_TRUE(OfferAsPrefill(CellOf(read->rows[0], "registered")));
  EXPECT_TRUE(OfferAsPrefill(CellOf(read->rows[0], "dob")));
  struct Want {
    size_t row;
    const char* field;
    const char* doubt;
  };
  for (const Want& want :
       {Want{1, "registered", "year_outside_book"}, Want{2, "name", "name_characters"},
        Want{3, "dob", "bad_date"}, Want{4, "dob", "born_after_registered"},
        Want{4, "registered", "born_after_registered"}}) {
    const LedgerCell& cell = CellOf(read->rows[want.row], want.field);
    EXPECT_TRUE(cell.reread) << want.row << " " << want.field;
    EXPECT_EQ(cell.doubt, want.doubt) << want.row << " " << want.field << " '" << cell.text << "'";
    EXPECT_FALSE(OfferAsPrefill(cell)) << want.row << " " << want.field;
    EXPECT_LT(cell.confidence, PrefillMinConfidence(want.field));
  }
  // The row's other cells keep the rules and are offered.
  EXPECT_TRUE(OfferAsPrefill(CellOf(read->rows[1], "dob")));
  EXPECT_EQ(CellOf(read->rows[2], "mother").text, "Đặng Thu Trang");
  EXPECT_FALSE(CellOf(read->rows[2], "mother").reread);
}

// Each row keeps the book's rules; the third entry's registration, printed
// in October between two January ones, breaks the order of the page.
TEST(LedgerRulesCheckTest, ARegistrationThatGoesBackFromThePageIsReadAgainAndNotOffered) {
  const std::vector<std::vector<std::string>> rows = {
      {"Số", "Ngày đăng ký", "Họ và tên", "Ngày sinh", "Họ tên mẹ"},
      {"1", "09/01/2012", "Nguyễn Văn Đức", "28/12/2011", "Phạm Thị Lan"},
      {"2", "16/01/2012", "Lê Thị Mai", "01/01/2012", "Võ Thị Hạnh"},
      {"3", "27/10/2012", "Trần Minh Khang", "03/01/2012", "Đặng Thu Trang"},
      {"4", "30/01/2012", "Hoàng Văn Nam", "21/01/2012", "Lý Thị Hoa"},
      {"5", "02/02/2012", "Đỗ Thị Hằng", "20/01/2012", "Bùi Thị Yến"}};
  PageImage page;
  page.pix = DrawBirthRegister(rows);
  page.dpi = 300;
  auto reader = LedgerReader::Create({});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto read = (*reader)->Read(page);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->rows.size(), 5u);
  for (size_t r = 0; r < read->rows.size(); ++r) {
    const LedgerCell& cell = CellOf(read->rows[r], "registered");
    ASSERT_EQ(cell.text, rows[r + 1][1]) << r;
    if (r == 2) {
      EXPECT_TRUE(cell.reread);
      EXPECT_EQ(cell.doubt, "out_of_order");
      EXPECT_FALSE(OfferAsPrefill(cell));
    } else {
      EXPECT_FALSE(cell.reread) << r;
      EXPECT_EQ(cell.doubt, "") << r;
      EXPECT_TRUE(OfferAsPrefill(cell)) << r;
    }
  }
}

}  // namespace
}  // namespace sohoa::ocr
