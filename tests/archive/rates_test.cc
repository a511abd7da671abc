// The one-stop register, the portal's rates, explicit reuse and the book
// backlog, against a small fixture whose every figure is worked out by hand
// in the comments below.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "archive/agencies.h"
#include "archive/rates.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

// Procedures: P1 needs a paper result; P2 does not; the base of a local
// variant (1.011442.000.00.00.H38) needs one.
constexpr const char* kP1 = "1.001193";
constexpr const char* kP2 = "2.000001";
constexpr const char* kVariant = "1.011442.000.00.00.H38";
constexpr const char* kUnknown = "9.999999";

// Agencies: province H32; district 22 with communes 31 and 32; district 23
// with commune 41.
constexpr const char* kProvince = "000.00.00.H32";
constexpr const char* kDistrictA = "000.00.22.H32";
constexpr const char* kCommune31 = "000.31.22.H32";
constexpr const char* kCommune32 = "000.32.22.H32";
constexpr const char* kDistrictB = "000.00.23.H32";
constexpr const char* kCommune41 = "000.41.23.H32";

// Register rows (all archived unless said otherwise):
//   R1 c31 P1 2024-01-05 e=0  receipt + result scanned             digitized, e-result
//   R2 c31 P1 2024-01-10 e=1  form only: result issued electronically digitized, e-result
//   R3 c31 P1 2024-01-15 e=0  form only, no result                  -
//   R4 c32 P2 2024-02-01 -    pages; two components reused          digitized, reuse
//   R5 c32 P2 2024-02-02 -    never scanned; one component reused   reuse
//   R6 c41 variant 2024-03-03 e=0  form + result                    digitized, e-result
//   R7 c41 unknown 2024-03-04 -    form only (result not required)  digitized, missed reuse
//   R8 c41 P1 undated         archived                              left out, counted undated
//   R9 dB  P2 2024-03-20      a document without pages              archived, not digitized
// U1 c31 archived, not in the register.
constexpr const char* kR1 = "000.31.22.H32-240105-0001";
constexpr const char* kR2 = "000.31.22.H32-240110-0002";
constexpr const char* kR3 = "000.31.22.H32-240115-0003";
constexpr const char* kR4 = "000.32.22.H32-240201-0001";
constexpr const char* kR5 = "000.32.22.H32-240202-0002";
constexpr const char* kR6 = "000.41.23.H32-240303-0001";
constexpr const char* kR7 = "000.41.23.H32-240304-0002";
constexpr const char* kR8 = "000.41.23.H32-240305-0003";
constexpr const char* kR9 = "000.00.23.H32-240320-0001";
constexpr const char* kU1 = "000.31.22.H32-240107-0099";

RegisterRow Row(const std::string& code, const std::string& procedure, const std::string& received,
                std::optional<bool> e_result = std::nullopt) {
  RegisterRow row;
  row.dossier_code = code;
  row.procedure_code = procedure;
  row.received_date = received;
  row.e_result = e_result;
  return row;
}

struct Cell {
  std::int64_t numerator, denominator;
};

void ExpectCell(const RateCell& cell, Cell want, const std::string& what) {
  EXPECT_EQ(cell.numerator, want.numerator) << what;
  EXPECT_EQ(cell.denominator, want.denominator) << what;
}

// received, archived, digitization, e-result, reuse, missed reuse
struct Expected {
  std::int64_t received, archived;
  Cell digitization, e_result, reuse, missed;
};

void ExpectRow(const RateRow& row, const Expected& want, const std::string& what) {
  EXPECT_EQ(row.received, want.received) << what;
  EXPECT_EQ(row.archived, want.archived) << what;
  ExpectCell(row.digitization, want.digitization, what + " digitization");
  ExpectCell(row.e_result, want.e_result, what + " e-result");
  ExpectCell(row.reuse, want.reuse, what + " reuse");
  ExpectCell(row.missed_reuse, want.missed, what + " missed reuse");
}

class RatesTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto procedure = [](std::string code, std::string name, std::string field, bool result) {
      Procedure p;
      p.code = std::move(code);
      p.name = std::move(name);
      p.field = std::move(field);
      p.level = "xa";
      p.form_titles = {"TỜ KHAI"};
      p.requires_paper_result = result;
      return p;
    };
    Procedure p1 = procedure(kP1, "Thủ tục đăng ký khai sinh", "Hộ tịch", true);
    Procedure p2 = procedure(kP2, "Thủ tục cấp giấy xác nhận", "Đất đai", false);
    Procedure p3 = procedure("1.011442", "Chứng thực bản sao", "Chứng thực", true);
    ASSERT_TRUE(catalog_->ReplaceProcedures({p1, p2, p3}).ok());
  }

  // Stores dossier `code` with one document of each kind, each with a page
  // (none when `without_pages`); the first re-scans `reused_from` if set.
  void Archive(const std::string& code, const std::vector<std::string>& kinds,
               bool without_pages = false, const std::string& reused_from = "") {
    DossierRecord d = MakeDossier(code, "NGUYỄN VĂN A");
    d.agency_code = code.substr(0, 13);
    d.received_date = "20" + code.substr(14, 2) + "-" + code.substr(16, 2) + "-" + code.substr(18, 2);
    char sha = 'a';
    for (const std::string& kind : kinds) {
      d.documents.push_back(MakeDocument(kind, code + std::string(1, sha++),
                                         without_pages ? std::vector<std::string>{}
                                                       : std::vector<std::string>{"trang"}));
    }
    if (!reused_from.empty()) d.documents.front().reused_from = reused_from;
    Store(d);
  }

  void BuildFixture() {
    Archive(kR1, {"receipt", "result"});
    Archive(kR2, {"form"});
    Archive(kR3, {"form"});
    Archive(kR4, {"receipt", "form"});
    Archive(kR6, {"form", "result"});
    // A missed reuse: ingest found R7's form to be a re-scan of R6's.
    Archive(kR7, {"form"}, false, kR6 + std::string(".1"));
    Archive(kR8, {"form", "result"});
    Archive(kR9, {"form"}, /*without_pages=*/true);
    Archive(kU1, {"form"});
    RegisterRow r1 = Row(kR1, kP1, "2024-01-05", false);
    r1.agency_name = "UBND xã Vĩnh Phương";
    RegisterRow r7 = Row(kR7, kUnknown, "2024-03-04");
    r7.procedure_name = "Thủ tục địa phương";
    auto stored = StoreRegister(*catalog_,
                                {r1, Row(kR2, kP1, "2024-01-10", true), Row(kR3, kP1, "2024-01-15", false),
                                 Row(kR4, kP2, "2024-02-01"), Row(kR5, kP2, "2024-02-02"),
                                 Row(kR6, kVariant, "2024-03-03", false), r7, Row(kR8, kP1, ""),
                                 Row(kR9, kP2, "2024-03-20")},
                                "register.csv", "tester");
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    ASSERT_EQ(stored->added, 9);
    ASSERT_TRUE(RecordReuse(*catalog_, kR4, kR1 + std::string(".1"), "CCCD", "tester").ok());
    ASSERT_TRUE(RecordReuse(*catalog_, kR4, kR1 + std::string(".2"), "Giấy khai sinh", "tester").ok());
    ASSERT_TRUE(RecordReuse(*catalog_, kR5, kR2 + std::string(".1"), "", "tester").ok());
  }

  RatesReport Compute(std::vector<RateDimension> by, std::string from = "", std::string to = "") {
    RateQuery query;
    query.by = std::move(by);
    query.from = std::move(from);
    query.to = std::move(to);
    auto report = ComputeRates(*catalog_, query);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? std::move(report).value() : RatesReport{};
  }
};


TEST_F(RatesTest, TotalsMatchTheHandCountedFixture) {
  BuildFixture();
  RatesReport r = Compute({});
  EXPECT_TRUE(r.rows.empty());
  // Dated rows R1-R7 and R9: 8 received, all but R5 archived; digitized R1,
  // R2, R4, R6, R7; paper-result procedures R1, R2, R3, R6 of which R1, R2,
  // R6 have an electronic result; reuse R4, R5; missed R7.
  ExpectRow(r.total, {8, 7, {5, 8}, {3, 4}, {2, 8}, {1, 8}}, "total");
  EXPECT_EQ(r.register_rows, 9);
  EXPECT_EQ(r.undated, 1);  // R8, although archived
  EXPECT_EQ(r.unregistered, 1);
  EXPECT_EQ(r.unregistered_codes, std::vector<std::string>{kU1});
}

TEST_F(RatesTest, AgencyRowsRollCommunesUpIntoDistrictsAndTheProvince) {
  BuildFixture();
  RatesReport r = Compute({RateDimension::kAgency});
  std::vector<std::string> order;
  for (const auto& row : r.rows) order.push_back(row.keys.at(0));
  EXPECT_EQ(order, (std::vector<std::string>{kProvince, kDistrictA, kCommune31, kCommune32,
                                             kDistrictB, kCommune41}));
  ASSERT_EQ(r.rows.size(), 6u);
  ExpectRow(r.rows[0], {8, 7, {5, 8}, {3, 4}, {2, 8}, {1, 8}}, "province");
  ExpectRow(r.rows[1], {5, 4, {3, 5}, {2, 3}, {2, 5}, {0, 5}}, "district 22");
  ExpectRow(r.rows[2], {3, 3, {2, 3}, {2, 3}, {0, 3}, {0, 3}}, "commune 31");
  ExpectRow(r.rows[3], {2, 1, {1, 2}, {0, 0}, {2, 2}, {0, 2}}, "commune 32");
  // District 23 received R9 itself, besides its commune's R6 and R7.
  ExpectRow(r.rows[4], {3, 3, {2, 3}, {1, 1}, {0, 3}, {1, 3}}, "district 23");
  ExpectRow(r.rows[5], {2, 2, {2, 2}, {1, 1}, {0, 2}, {1, 2}}, "commune 41");
  EXPECT_EQ(r.rows[0].depth, 0);
  EXPECT_EQ(r.rows[1].depth, 1);
  EXPECT_EQ(r.rows[2].depth, 2);
  EXPECT_EQ(r.rows[2].labels.at(0), "UBND xã Vĩnh Phương");
  EXPECT_EQ(r.rows[3].labels.at(0), "");
  EXPECT_FALSE(r.rows[3].e_result.percent().has_value());  // N/A: no paper-result procedure
}

TEST_F(RatesTest, ProcedureRowsResolveALocalVariantToItsBaseCode) {
  BuildFixture();
  RatesReport r = Compute({RateDimension::kProcedure});
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[0].keys[0], kP1);
  ExpectRow(r.rows[0], {3, 3, {2, 3}, {2, 3}, {0, 3}, {0, 3}}, "P1");
  EXPECT_EQ(r.rows[0].labels[0], "Thủ tục đăng ký khai sinh");
  // The variant needs a paper result because its base does: R6's scanned
  // result counts for both rates.
  EXPECT_EQ(r.rows[1].keys[0], kVariant);
  EXPECT_EQ(r.rows[1].labels[0], "Chứng thực bản sao");
  ExpectRow(r.rows[1], {1, 1, {1, 1}, {1, 1}, {0, 1}, {0, 1}}, "variant");
  EXPECT_EQ(r.rows[2].keys[0], kP2);
  ExpectRow(r.rows[2], {3, 2, {1, 3}, {0, 0}, {2, 3}, {0, 3}}, "P2");
  // Unknown to the catalog: named as the register names it, no result required.
  EXPECT_EQ(r.rows[3].keys[0], kUnknown);
  EXPECT_EQ(r.rows[3].labels[0], "Thủ tục địa phương");
  ExpectRow(r.rows[3], {1, 1, {1, 1}, {0, 0}, {0, 1}, {1, 1}}, "unknown procedure");
}

TEST_F(RatesTest, FieldRowsComeFromTheCatalogWithTheUnknownFieldLast) {
  BuildFixture();
  RatesReport r = Compute({RateDimension::kField});
  std::vector<std::string> fields;
  for (const auto& row : r.rows) fields.push_back(row.keys.at(0));
  EXPECT_EQ(fields, (std::vector<std::string>{"Chứng thực", "Hộ tịch", "Đất đai", ""}));
  ASSERT_EQ(r.rows.size(), 4u);
  ExpectRow(r.rows[1], {3, 3, {2, 3}, {2, 3}, {0, 3}, {0, 3}}, "Hộ tịch");
  ExpectRow(r.rows[2], {3, 2, {1, 3}, {0, 0}, {2, 3}, {0, 3}}, "Đất đai");
}

TEST_F(RatesTest, MonthRowsFollowTheReceptionDate) {
  BuildFixture();
  RatesReport r = Compute({RateDimension::kMonth});
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].keys[0], "2024-01");
  ExpectRow(r.rows[0], {3, 3, {2, 3}, {2, 3}, {0, 3}, {0, 3}}, "January");
  EXPECT_EQ(r.rows[1].keys[0], "2024-02");
  ExpectRow(r.rows[1], {2, 1, {1, 2}, {0, 0}, {2, 2}, {0, 2}}, "February");
  EXPECT_EQ(r.rows[2].keys[0], "2024-03");
  ExpectRow(r.rows[2], {3, 3, {2, 3}, {1, 1}, {0, 3}, {1, 3}}, "March");
}

TEST_F(RatesTest, APeriodKeepsTheRowsReceivedInItBothEndsIncluded) {
  BuildFixture();
  RatesReport r = Compute({RateDimension::kMonth}, "2024-02-01", "2024-03-03");
  // R4, R5, R6.
  ExpectRow(r.total, {3, 2, {2, 3}, {1, 1}, {2, 3}, {0, 3}}, "period");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.undated, 1);
  // U1 was received on 2024-01-07, before the period.
  EXPECT_EQ(r.unregistered, 0);
  RatesReport open_start = Compute({}, "", "2024-01-10");
  ExpectRow(open_start.total, {2, 2, {2, 2}, {2, 2}, {0, 2}, {0, 2}}, "to 10 January");
  EXPECT_EQ(open_start.unregistered, 1);
}

TEST_F(RatesTest, SeveralDimensionsNestInTheOrderAsked) {
  BuildFixture();
  RatesReport r = Compute({RateDimension::kMonth, RateDimension::kAgency});
  std::vector<std::string> keys;
  for (const auto& row : r.rows) keys.push_back(row.keys.at(0) + " " + row.keys.at(1));
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "2024-01 000.00.00.H32", "2024-01 000.00.22.H32", "2024-01 000.31.22.H32",
                      "2024-02 000.00.00.H32", "2024-02 000.00.22.H32", "2024-02 000.32.22.H32",
                      "2024-03 000.00.00.H32", "2024-03 000.00.23.H32",
                      "2024-03 000.41.23.H32"}));
  ExpectRow(r.rows[7], {3, 3, {2, 3}, {1, 1}, {0, 3}, {1, 3}}, "March, district 23");
  EXPECT_EQ(r.rows[7].depth, 1);
  // A dimension named twice counts once, in the report's query too.
  RatesReport twice = Compute({RateDimension::kMonth, RateDimension::kMonth});
  EXPECT_EQ(twice.query.by.size(), 1u);
  ASSERT_EQ(twice.rows.size(), 3u);
  EXPECT_EQ(twice.rows[0].keys.size(), 1u);
}

TEST_F(RatesTest, AnEmptyRegisterGivesEmptyCellsThatReadNotApplicable) {
  Archive(kU1, {"form"});
  RatesReport r = Compute({RateDimension::kAgency});
  EXPECT_EQ(r.register_rows, 0);
  EXPECT_TRUE(r.rows.empty());
  EXPECT_EQ(r.total.digitization.denominator, 0);
  EXPECT_FALSE(r.total.digitization.percent().has_value());
  EXPECT_EQ(r.unregistered, 1);
}

TEST_F(RatesTest, ReimportingTheSameRowsChangesNothingAndNewValuesUpdate) {
  BuildFixture();
  std::vector<RegisterRow> again = {Row(kR1, kP1, "2024-01-05", false),
                                    Row(kR2, kP1, "2024-01-10", true)};
  auto second = StoreRegister(*catalog_, again, "register.csv", "tester");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->added, 0);
  EXPECT_EQ(second->updated, 0);
  EXPECT_EQ(second->unchanged, 2);
  // An export without the e-result column keeps what an earlier one said.
  auto partial = StoreRegister(*catalog_, {Row(kR2, kP1, "2024-01-10")}, "short.csv", "tester");
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->unchanged, 1);
  // R3's result arrives electronically: R3 becomes digitized.
  auto changed = StoreRegister(*catalog_, {Row(kR3, kP1, "2024-01-15", true)}, "late.csv", "tester");
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->updated, 1);
  RatesReport r = Compute({});
  ExpectRow(r.total, {8, 7, {6, 8}, {4, 4}, {2, 8}, {1, 8}}, "after the update");
  auto events = catalog_->Events(EventFilter{"", "", "import", "", 0});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 4u);
  EXPECT_NE(events->back().detail.find("1 updated"), std::string::npos) << events->back().detail;
}

TEST_F(RatesTest, ALaterScanOfTheResultMakesADossierDigitized) {
  BuildFixture();
  const RatesReport before = Compute({});
  // R3 came without its result; the result is scanned later (a new source
  // file, so StoreDossier appends it), and R9's unpaged document is joined
  // by one with a page.
  DossierRecord r3 = MakeDossier(kR3);
  r3.documents.push_back(MakeDocument("result", FakeSha('r'), {"GIẤY KHAI SINH"}));
  Store(r3);
  DossierRecord r9 = MakeDossier(kR9);
  r9.documents.push_back(MakeDocument("form", FakeSha('s'), {"ĐƠN"}));
  Store(r9);
  RatesReport r = Compute({});
  ExpectRow(r.total, {8, 7, {7, 8}, {4, 4}, {2, 8}, {1, 8}}, "after the later scans");
  // R3 and R9 became digitized; nothing else moved.
  EXPECT_EQ(r.total.digitization.numerator, before.total.digitization.numerator + 2);
  EXPECT_EQ(r.total.received, before.total.received);
}

TEST_F(RatesTest, ARowWithoutAnAgencyNeedsACodeThatNamesOne) {
  RegisterRow odd = Row("HS-2024-0001", kP1, "2024-01-05");
  auto refused = StoreRegister(*catalog_, {odd}, "x.csv", "tester");
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  odd.agency_code = kCommune31;
  auto stored = StoreRegister(*catalog_, {odd}, "x.csv", "tester");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  RatesReport r = Compute({RateDimension::kAgency});
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[2].keys[0], kCommune31);
}

TEST_F(RatesTest, ExplicitReuseIsRecordedOnceAndLogged) {
  Archive(kR1, {"receipt", "id_copy"});
  ASSERT_TRUE(RecordReuse(*catalog_, kR4, kR1 + std::string(".2"), "CCCD", "lan").ok());
  ASSERT_TRUE(RecordReuse(*catalog_, kR4, kR1 + std::string(".2"), "CCCD", "lan").ok());
  auto events = catalog_->Events(EventFilter{kR4, "", "reuse", "", 0});
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(events->front().actor, "lan");
  EXPECT_NE(events->front().detail.find(kR1 + std::string(".2")), std::string::npos);
  // Counted for the new dossier, which is in the register only.
  ASSERT_TRUE(StoreRegister(*catalog_, {Row(kR4, kP2, "2024-02-01")}, "r.csv", "t").ok());
  ExpectCell(Compute({}).total.reuse, {1, 1}, "reuse");
}

TEST_F(RatesTest, ReuseOfAnUnknownOrMalformedDocumentIsRefused) {
  Archive(kR1, {"receipt"});
  EXPECT_EQ(RecordReuse(*catalog_, kR4, kR1 + std::string(".7"), "", "t").code(),
            StatusCode::kNotFound);
  EXPECT_EQ(RecordReuse(*catalog_, kR4, "000.31.22.H32-240105-0404.1", "", "t").code(),
            StatusCode::kNotFound);
  EXPECT_EQ(RecordReuse(*catalog_, kR4, kR1, "", "t").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(RecordReuse(*catalog_, kR4, kR1 + std::string(".x"), "", "t").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(RecordReuse(*catalog_, kR1, kR1 + std::string(".1"), "", "t").code(),
            StatusCode::kInvalidArgument);
}

BookEntryRecord Entry(int position) {
  BookEntryRecord e;
  e.position = position;
  e.number = std::to_string(position);
  e.fields = {{"name", "Nguyễn Văn " + std::to_string(position), 90}};
  return e;
}

TEST_F(RatesTest, BacklogCountsEntriesAgainstEachBooksSize) {
  auto book = [&](const std::string& id, const std::string& type, int year,
                  std::optional<int> size, int entries) {
    BookRecord b;
    b.id = id;
    b.type = type;
    b.agency_code = kCommune31;
    b.year = year;
    b.entries_expected = size;
    ASSERT_TRUE(catalog_->StoreBook(b).ok());
    BookPageRecord page;
    page.book_id = id;
    page.number = 1;
    for (int i = 1; i <= entries; ++i) page.entries.push_back(Entry(i));
    if (entries > 0) {
      ASSERT_TRUE(catalog_->StoreBookPage(page).ok());
    }
  };
  book("KS-1", "khai_sinh", 2012, 10, 4);
  book("KS-2", "khai_sinh", 2012, 5, 7);  // read past its stated size
  book("KS-3", "khai_sinh", 2013, 20, 0);
  book("KH-1", "ket_hon", 2015, std::nullopt, 3);  // size unknown
  auto backlog = ComputeBacklog(*catalog_);
  ASSERT_TRUE(backlog.ok()) << backlog.status().ToString();
  ASSERT_EQ(backlog->size(), 3u);
  const BacklogRow& kh = (*backlog)[0];
  EXPECT_EQ(kh.type, "ket_hon");
  EXPECT_EQ(kh.entries_in_books, 0);
  EXPECT_EQ(kh.entries_digitized, 3);
  EXPECT_FALSE(kh.progress.percent().has_value());
  EXPECT_EQ(kh.remaining, 0);
  const BacklogRow& ks2012 = (*backlog)[1];
  EXPECT_EQ(ks2012.type, "khai_sinh");
  EXPECT_EQ(ks2012.year, 2012);
  EXPECT_EQ(ks2012.books, 2);
  EXPECT_EQ(ks2012.entries_in_books, 15);
  EXPECT_EQ(ks2012.entries_digitized, 11);
  ExpectCell(ks2012.progress, {9, 15}, "2012 progress");  // 4 + min(7, 5)
  EXPECT_EQ(ks2012.remaining, 6);
  const BacklogRow& ks2013 = (*backlog)[2];
  ExpectCell(ks2013.progress, {0, 20}, "2013 progress");
  EXPECT_EQ(ks2013.remaining, 20);
}


namespace explain {

// What ComputeRates says about each received dossier that is not digitized.
std::map<std::string, Shortfall> Reasons(const RatesReport& r) {
  std::map<std::string, Shortfall> reasons;
  for (const auto& group : r.shortfalls) {
    for (const auto& d : group.dossiers) reasons[d.dossier_code] = d.reason;
  }
  return reasons;
}

}  // namespace explain

TEST_F(RatesTest, ExplainSaysWhyEachReceivedDossierIsNotDigitized) {
  BuildFixture();
  RateQuery query;
  query.by = {RateDimension::kAgency};
  query.explain = true;
  auto r = ComputeRates(*catalog_, query);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Of the 8 dated rows, R1, R2, R4, R6, R7 are digitized; R3 has a form but
  // its procedure issues a paper result and none is electronic; R5 was never
  // scanned; R9's only document has no page. R8 (undated) is in no rate.
  EXPECT_EQ(explain::Reasons(*r), (std::map<std::string, Shortfall>{
                                      {kR3, Shortfall::kNoResult},
                                      {kR5, Shortfall::kNotArchived},
                                      {kR9, Shortfall::kNoPages}}));
  // One group per receiving unit, in the rows' order; never rolled up, so a
  // dossier is listed once.
  std::vector<std::string> units;
  for (const auto& g : r->shortfalls) units.push_back(g.keys.at(0));
  EXPECT_EQ(units, (std::vector<std::string>{kCommune31, kCommune32, kDistrictB}));
  const ShortfallGroup& c31 = r->shortfalls.at(0);
  EXPECT_EQ(c31.labels.at(0), "UBND xã Vĩnh Phương");
  EXPECT_EQ(c31.not_digitized, 1);
  EXPECT_EQ(c31.count[static_cast<int>(Shortfall::kNoResult)], 1);
  ASSERT_EQ(c31.dossiers.size(), 1u);
  EXPECT_EQ(c31.dossiers[0].received_date, "2024-01-15");
  EXPECT_EQ(c31.dossiers[0].procedure_code, kP1);
  EXPECT_EQ(c31.dossiers[0].procedure_name, "Thủ tục đăng ký khai sinh");
  // The counts add up to what the rates leave out.
  std::int64_t listed = 0;
  for (const auto& g : r->shortfalls) listed += g.not_digitized;
  EXPECT_EQ(listed, r->total.digitization.denominator - r->total.digitization.numerator);

  // Without --explain nothing is gathered; with a limit the counts stay whole.
  EXPECT_TRUE(Compute({RateDimension::kAgency}).shortfalls.empty());
  query.by = {};
  query.explain_limit = 1;
  auto limited = ComputeRates(*catalog_, query);
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->shortfalls.size(), 1u);
  EXPECT_EQ(limited->shortfalls[0].not_digitized, 3);
  EXPECT_EQ(limited->shortfalls[0].dossiers.size(), 1u);
}

TEST_F(RatesTest, AnAgencyListNamesUnitsAndARegisterExportDoesNotOverrideIt) {
  BuildFixture();
  auto label = [&](const std::string& code) {
    for (const auto& row : Compute({RateDimension::kAgency}).rows) {
      if (row.keys.at(0) == code) return row.labels.at(0);
    }
    return std::string("(no row)");
  };
  auto counts = StoreAgencyNames(*catalog_,
                                 {{kCommune31, "Ủy ban nhân dân phường Vĩnh Phước"},
                                  {kProvince, "Ủy ban nhân dân tỉnh Khánh Hòa"}},
                                 "co-quan.csv", "tester");
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->added, 1);    // the province
  EXPECT_EQ(counts->updated, 1);  // commune 31, named by the register before
  EXPECT_EQ(label(kCommune31), "Ủy ban nhân dân phường Vĩnh Phước");
  EXPECT_EQ(label(kProvince), "Ủy ban nhân dân tỉnh Khánh Hòa");

  // A later register export still calls it by its short name: the list wins.
  RegisterRow again = Row(kR1, kP1, "2024-01-05", false);
  again.agency_name = "UBND xã Vĩnh Phương";
  ASSERT_TRUE(StoreRegister(*catalog_, {again}, "register.csv", "tester").ok());
  EXPECT_EQ(label(kCommune31), "Ủy ban nhân dân phường Vĩnh Phước");
  // ...but names a unit the list left out.
  RegisterRow r4 = Row(kR4, kP2, "2024-02-01");
  r4.agency_name = "UBND xã Vĩnh Lương";
  ASSERT_TRUE(StoreRegister(*catalog_, {r4}, "register.csv", "tester").ok());
  EXPECT_EQ(label(kCommune32), "UBND xã Vĩnh Lương");

  // Importing the list again changes nothing; a new name replaces the old.
  auto same = StoreAgencyNames(*catalog_, {{kProvince, "Ủy ban nhân dân tỉnh Khánh Hòa"}},
                               "co-quan.csv", "tester");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->unchanged, 1);
  ASSERT_TRUE(StoreAgencyNames(*catalog_, {{kProvince, "UBND tỉnh Khánh Hòa"}}, "v2.csv", "tester")
                  .ok());
  EXPECT_EQ(label(kProvince), "UBND tỉnh Khánh Hòa");
  EXPECT_EQ(StoreAgencyNames(*catalog_, {{"H32", "x"}}, "bad.csv", "tester").status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(RatesTest, TheBacklogNamesItsAgencies) {
  BookRecord b;
  b.id = "KS-1";
  b.type = "khai_sinh";
  b.agency_code = kCommune31;
  b.year = 2012;
  b.entries_expected = 10;
  ASSERT_TRUE(catalog_->StoreBook(b).ok());
  ASSERT_TRUE(StoreAgencyNames(*catalog_, {{kCommune31, "Ủy ban nhân dân phường Vĩnh Phước"}},
                               "co-quan.csv", "tester")
                  .ok());
  auto backlog = ComputeBacklog(*catalog_);
  ASSERT_TRUE(backlog.ok());
  ASSERT_EQ(backlog->size(), 1u);
  EXPECT_EQ((*backlog)[0].agency_name, "Ủy ban nhân dân phường Vĩnh Phước");
}

}  // namespace
}  // namespace sohoa::archive
