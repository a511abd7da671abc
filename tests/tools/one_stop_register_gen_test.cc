// sohoa-gen's register.csv: the one-stop register export beside a corpus.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "schema/dossier_code.h"
#include "tests/test_env.h"
#include "tools/gen/generator.h"
#include "tools/gen/one_stop_register.h"

namespace sohoa::gen {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A plain RFC 4180 reader, independent of the one sohoa imports with.
std::vector<std::vector<std::string>> ReadCsv(std::string_view csv) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

std::string Dmy(const std::string& iso) {
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

struct Generated {
  testing::TempDir dir;
  GroundTruth truth;
  std::string csv;
};

const Generated& Corpus() {
  static Generated g;
  static const bool done = [] {
    Options o;
    o.seed = 5;
    o.dossiers = 9;
    o.dpis = {100};
    o.forms = {Form::kFolder};
    o.degrade = false;
    Result<GroundTruth> truth = Generate(o, g.dir.path());
    EXPECT_TRUE(truth.ok()) << truth.status().ToString();
    if (truth.ok()) g.truth = *truth;
    g.csv = testing::ReadFile(g.dir.path() / "register.csv");
    return true;
  }();
  (void)done;
  return g;
}

TEST(OneStopRegisterGenTest, ListsEveryDossierWithItsProcedureAgencyAndDates) {
  const Generated& g = Corpus();
  ASSERT_EQ(g.csv.substr(0, 3), kBom);
  auto rows = ReadCsv(std::string_view(g.csv).substr(3));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (std::vector<std::string>{"ma_ho_so", "ma_thu_tuc", "ten_thu_tuc", "co_quan",
                                               "ngay_tiep_nhan", "ngay_hen_tra", "kenh",
                                               "ket_qua_dien_tu"}));
  std::map<std::string, std::vector<std::string>> by_code;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 8u) << "row " << i;
    EXPECT_TRUE(by_code.emplace(rows[i][0], rows[i]).second) << rows[i][0] << " twice";
    EXPECT_TRUE(rows[i][7] == "0" || rows[i][7] == "1") << rows[i][7];
  }
  ASSERT_EQ(g.truth.dossiers.size(), 9u);
  for (const DossierTruth& d : g.truth.dossiers) {
    auto it = by_code.find(d.code);
    ASSERT_NE(it, by_code.end()) << d.code;
    EXPECT_EQ(it->second[1], d.procedure_code);
    EXPECT_EQ(it->second[2], d.procedure_name);
    EXPECT_EQ(it->second[3], d.agency_code);
    EXPECT_EQ(it->second[4], Dmy(d.received_date));
    EXPECT_EQ(it->second[5], Dmy(d.appointment_date));
  }
}

TEST(OneStopRegisterGenTest, AddsDossiersNeverScannedAndOneWithoutAReceptionDate) {
  const Generated& g = Corpus();
  auto rows = ReadCsv(std::string_view(g.csv).substr(3));
  std::set<std::string> scanned;
  for (const DossierTruth& d : g.truth.dossiers) scanned.insert(d.code);
  int unscanned = 0, undated = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i][4].empty()) ++undated;
    if (scanned.count(rows[i][0])) continue;
    ++unscanned;
    std::optional<DossierCode> code = ParseDossierCode(rows[i][0]);
    ASSERT_TRUE(code.has_value()) << rows[i][0];
    EXPECT_EQ(code->agency_code, rows[i][3]);
    if (!rows[i][4].empty()) {
      EXPECT_EQ(rows[i][4], Dmy(code->received_date));
    }
  }
  EXPECT_EQ(unscanned, 9 / 4 + 1);  // at least two, a quarter as many, plus the undated one
  EXPECT_EQ(undated, 1);
}

TEST(OneStopRegisterGenTest, IsDeterministicAndLeavesTheGroundTruthAlone) {
  const Generated& g = Corpus();
  EXPECT_EQ(OneStopRegisterCsv(g.truth, 5, BuiltinProcedures()), g.csv);
  EXPECT_NE(OneStopRegisterCsv(g.truth, 6, BuiltinProcedures()), g.csv);
  EXPECT_EQ(testing::ReadFile(g.dir.path() / "ground-truth.json").find("register.csv"),
            std::string::npos);
  GroundTruth none;
  EXPECT_EQ(OneStopRegisterCsv(none, 5, BuiltinProcedures()),
            std::string(kBom) +
                "ma_ho_so,ma_thu_tuc,ten_thu_tuc,co_quan,ngay_tiep_nhan,ngay_hen_tra,kenh,"
                "ket_qua_dien_tu\r\n");
}

}  // namespace
}  // namespace sohoa::gen
