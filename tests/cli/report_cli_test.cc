// sohoa register import, sohoa report, sohoa reuse and sohoa books
// import/backlog as a manager runs them: exit codes, bad rows by line, the
// rates in every format, and a generated corpus end to end.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

std::string Sohoa() { return testing::Program("sohoa"); }
std::string Gen() { return testing::Program("sohoa-gen"); }

class ReportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = (dir_.path() / "home").string();
    ASSERT_EQ(Run("init").exit_code, 0);
  }

  CommandResult Run(const std::string& args) {
    return testing::RunCommand(Sohoa() + " --home " + home_ + " " + args);
  }

  nlohmann::json Json(const std::string& args) {
    CommandResult run = Run(args);
    EXPECT_EQ(run.exit_code, 0) << args << "\n" << run.out;
    return nlohmann::json::parse(run.out, nullptr, false);
  }

  // Register rows (line: what it is):
  //   2 commune 31, 1.001193 (paper result), 05/01/2024, e-result "có"
  //   3 commune 31, 1.000894 (paper result), 2024-01-06, no e-result; quoted name with a comma
  //   4 district 22 itself, a procedure the catalog lacks, 10/02/2024
  //   5 commune 32, undated
  //   6 commune 32, 31/02/2024: no such day
  std::string WriteRegister() {
    const fs::path file = dir_.path() / "so-tiep-nhan.csv";
    testing::WriteFile(
        file,
        "\xEF\xBB\xBF\"Mã hồ sơ\",\"Mã thủ tục\",\"Tên thủ tục\",\"Cơ quan\",\"Ngày tiếp nhận\","
        "\"Ngày hẹn trả\",\"Kênh\",\"Kết quả điện tử\"\r\n"
        "000.31.22.H32-240105-0001,1.001193,Đăng ký khai sinh,000.31.22.H32,05/01/2024,"
        "08/01/2024,Trực tiếp,có\r\n"
        "000.31.22.H32-240106-0002,1.000894,\"Đăng ký kết hôn, lưu động\",,2024-01-06,,,0\r\n"
        "000.00.22.H32-240210-0001,9.999999,Thủ tục địa phương,000.00.22.H32,10/02/2024,,,\r\n"
        "000.32.22.H32-240301-0001,1.001193,,000.32.22.H32,,,,1\r\n"
        "000.32.22.H32-240301-0002,1.001193,,000.32.22.H32,31/02/2024,,,1\r\n");
    return file.string();
  }

  testing::TempDir dir_;
  std::string home_;
};

TEST_F(ReportCliTest, RegisterImportNamesBadRowsByLineAndAReimportChangesNothing) {
  const std::string file = WriteRegister();
  CommandResult first = Run("register import " + file);
  EXPECT_EQ(first.exit_code, 1) << first.out;
  EXPECT_NE(first.out.find("4 added"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("line 6:"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("31/02/2024"), std::string::npos) << first.out;

  CommandResult again = Run("register import --json " + file);
  EXPECT_EQ(again.exit_code, 1);
  auto json = nlohmann::json::parse(again.out);
  EXPECT_EQ(json["added"], 0);
  EXPECT_EQ(json["updated"], 0);
  EXPECT_EQ(json["unchanged"], 4);
  EXPECT_EQ(json["undated"], 1);
  ASSERT_EQ(json["bad"].size(), 1u);
  EXPECT_EQ(json["bad"][0]["line"], 6);

  EXPECT_EQ(Run("register import " + (dir_.path() / "missing.csv").string()).exit_code, 3);
  testing::WriteFile(dir_.path() / "wrong.csv", "code,date\nA,05/01/2024\n");
  EXPECT_EQ(Run("register import " + (dir_.path() / "wrong.csv").string()).exit_code, 2);
}

TEST_F(ReportCliTest, ReportByAgencyRollsUpAndKeepsNumeratorAndDenominator) {
  Run("register import " + WriteRegister());
  auto r = Json("report --json --by agency");
  EXPECT_EQ(r["register_rows"], 4);
  EXPECT_EQ(r["undated"], 1);
  EXPECT_EQ(r["unregistered"], 0);
  // Nothing is archived: 0/3 digitized. Paper-result procedures: lines 2 and
  // 3, of which line 2 has an electronic result.
  EXPECT_EQ(r["total"]["received"], 3);
  EXPECT_EQ(r["total"]["digitization"]["numerator"], 0);
  EXPECT_EQ(r["total"]["digitization"]["denominator"], 3);
  EXPECT_EQ(r["total"]["e_result"]["numerator"], 1);
  EXPECT_EQ(r["total"]["e_result"]["denominator"], 2);
  EXPECT_EQ(r["total"]["e_result"]["rate"], 50.0);
  ASSERT_EQ(r["rows"].size(), 3u) << r.dump(1);
  EXPECT_EQ(r["rows"][0]["agency"], "000.00.00.H32");
  EXPECT_EQ(r["rows"][0]["depth"], 0);
  EXPECT_EQ(r["rows"][1]["agency"], "000.00.22.H32");
  EXPECT_EQ(r["rows"][1]["received"], 3);
  EXPECT_EQ(r["rows"][2]["agency"], "000.31.22.H32");
  EXPECT_EQ(r["rows"][2]["received"], 2);
  EXPECT_EQ(r["rows"][2]["depth"], 2);

  auto months = Json("report --json --by month --from 01/02/2024 --to 2024-12-31");
  ASSERT_EQ(months["rows"].size(), 1u);
  EXPECT_EQ(months["rows"][0]["month"], "2024-02");
  EXPECT_EQ(months["total"]["received"], 1);
  EXPECT_TRUE(months["total"]["e_result"]["rate"].is_null());  // N/A
  // A month names its days: --from its first, --to its last.
  auto february = Json("report --json --by month --from 2024-02 --to 02/2024");
  EXPECT_EQ(february["total"]["received"], 1) << february.dump();
  auto january = Json("report --json --from 01/2024 --to 2024-01");
  EXPECT_EQ(january["total"]["received"], 2) << january.dump();
  CommandResult impossible = Run("report --from 30/02/2024 2>&1");
  EXPECT_EQ(impossible.exit_code, 2) << impossible.out;
  EXPECT_NE(impossible.out.find("not a day of the calendar"), std::string::npos) << impossible.out;

  CommandResult table = Run("report --by procedure");
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("Thủ tục"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("Tỷ lệ số hóa"), std::string::npos);
  EXPECT_NE(table.out.find("1/2 50.00%"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("0/3 0.00%"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("không có ngày tiếp nhận"), std::string::npos) << table.out;
}

TEST_F(ReportCliTest, ReportWritesCsvHtmlAndPdfAndRefusesBadOptions) {
  Run("register import " + WriteRegister());
  CommandResult csv = Run("report --format csv --by agency,month");
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.out.rfind("row,agency,agency_name,depth,month,received,archived,"
                          "digitization_numerator",
                          0),
            0u)
      << csv.out;
  EXPECT_NE(csv.out.find("\r\ntotal,,,,,3,0,0,3,0.00,1,2,50.00,"), std::string::npos) << csv.out;
  const fs::path csv_file = dir_.path() / "r.csv";
  ASSERT_EQ(Run("report --format csv --out " + csv_file.string()).exit_code, 0);
  EXPECT_EQ(testing::ReadFile(csv_file).substr(0, 3), "\xEF\xBB\xBF");

  EXPECT_EQ(Run("report --format html").exit_code, 2);
  const fs::path html = dir_.path() / "r.html";
  ASSERT_EQ(Run("report --format html --out " + html.string()).exit_code, 0);
  EXPECT_NE(testing::ReadFile(html).find("000.31.22.H32"), std::string::npos);
  const fs::path pdf = dir_.path() / "r.pdf";
  ASSERT_EQ(Run("report --format pdf --by month --out " + pdf.string()).exit_code, 0);
  EXPECT_EQ(testing::ReadFile(pdf).substr(0, 5), "%PDF-");

  EXPECT_EQ(Run("report --by commune").exit_code, 2);
  EXPECT_EQ(Run("report --from 31/02/2024").exit_code, 2);
  EXPECT_EQ(Run("report --from 2024-03-01 --to 2024-01-01").exit_code, 2);
  EXPECT_EQ(Run("report --format docx").exit_code, 2);
}

TEST_F(ReportCliTest, WithoutARegisterTheReportShowsTheHomeAndKeepsItsJsonKeys) {
  CommandResult table = Run("report");
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("sohoa register import"), std::string::npos) << table.out;
  auto json = Json("report --json");
  for (const char* key : {"dossiers", "documents", "pages", "unclassified", "digitization",
                          "by_procedure", "register_rows", "total"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_EQ(json["register_rows"], 0);
  EXPECT_TRUE(json["total"]["digitization"]["rate"].is_null());
  EXPECT_FALSE(Json("report --json --by month").contains("dossiers"));
}

TEST_F(ReportCliTest, BooksImportSetsSizesAndTheBacklogCountsAgainstThem) {
  const fs::path books = dir_.path() / "so.csv";
  testing::WriteFile(books,
                     "Mã sổ,Loại,Cơ quan,Năm,Quyển,Số mục\n"
                     "KS-1,Khai sinh,000.31.22.H32,2012,1,250\n"
                     "KS-2,khai_sinh,000.31.22.H32,2012,2,150\n"
                     "KT-1,Khai tử,000.31.22.H32,2013,1,nhiều\n");
  CommandResult imported = Run("books import " + books.string());
  EXPECT_EQ(imported.exit_code, 1) << imported.out;
  EXPECT_NE(imported.out.find("line 4:"), std::string::npos) << imported.out;
  auto backlog = Json("books backlog --json");
  ASSERT_EQ(backlog["rows"].size(), 1u) << backlog.dump(1);
  EXPECT_EQ(backlog["rows"][0]["books"], 2);
  EXPECT_EQ(backlog["rows"][0]["entries_in_books"], 400);
  EXPECT_EQ(backlog["rows"][0]["remaining"], 400);
  EXPECT_EQ(backlog["total"]["progress"]["denominator"], 400);
  CommandResult table = Run("books backlog");
  EXPECT_NE(table.out.find("0/400 0.00%"), std::string::npos) << table.out;
}

TEST_F(ReportCliTest, NestedSubcommandsAnswerHelp) {
  for (const char* sub : {"register import", "books import", "books backlog"}) {
    CommandResult run = Run(std::string(sub) + " --help");
    EXPECT_EQ(run.exit_code, 0) << sub;
    EXPECT_NE(run.out.find("Usage"), std::string::npos) << sub << ": " << run.out;
  }
  EXPECT_NE(Run("report --help").out.find("books backlog"), std::string::npos);
}

// The terminal table's header cells: the line starting with `first`, split
// where two spaces or more part the columns.
std::vector<std::string> HeaderCells(const std::string& out, const std::string& first) {
  std::vector<std::string> cells;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(first, 0) != 0) continue;
    std::string cell;
    for (size_t i = 0; i <= line.size(); ++i) {
      const bool gap = i == line.size() || (line[i] == ' ' && i + 1 < line.size() && line[i + 1] == ' ');
      if (!gap) {
        cell += line[i];
        continue;
      }
      while (!cell.empty() && cell.front() == ' ') cell.erase(0, 1);
      if (!cell.empty()) cells.push_back(cell);
      cell.clear();
    }
    break;
  }
  return cells;
}

// The <th> texts of the first table of an HTML report.
std::vector<std::string> HtmlHeaders(const std::string& html) {
  std::vector<std::string> headers;
  const size_t end = html.find("</thead>");
  for (size_t at = html.find("<th"); at != std::string::npos && at < end;
       at = html.find("<th", at + 1)) {
    const size_t open = html.find('>', at) + 1;
    headers.push_back(html.substr(open, html.find("</th>", open) - open));
  }
  return headers;
}

TEST_F(ReportCliTest, EveryFormatCallsEachCountByTheSameName) {
  Run("register import " + WriteRegister());
  CommandResult table = Run("report");
  ASSERT_EQ(table.exit_code, 0);
  const std::vector<std::string> terminal = HeaderCells(table.out, "Đơn vị");
  ASSERT_FALSE(terminal.empty()) << table.out;
  const fs::path html_file = dir_.path() / "r.html";
  ASSERT_EQ(Run("report --format html --out " + html_file.string()).exit_code, 0);
  const std::string html = testing::ReadFile(html_file);
  const std::vector<std::string> html_headers = HtmlHeaders(html);
  // The archived count is "Đã lưu trữ" everywhere; "Số hóa" names the
  // digitized dossiers, never the archived ones.
  EXPECT_NE(std::find(terminal.begin(), terminal.end(), "Đã lưu trữ"), terminal.end())
      << table.out;
  EXPECT_EQ(std::find(terminal.begin(), terminal.end(), "Số hóa"), terminal.end()) << table.out;
  for (const std::string& header : terminal) {
    EXPECT_NE(std::find(html_headers.begin(), html_headers.end(), header), html_headers.end())
        << "the terminal's \"" << header << "\" is not a column of the HTML report";
  }
  // Each term is explained in the same words under the table and in the HTML.
  for (const char* term : {"Tiếp nhận: ", "Đã lưu trữ: ", "Số hóa: "}) {
    const size_t at = table.out.find(std::string("\n") + term);
    ASSERT_NE(at, std::string::npos) << term << "\n" << table.out;
    const std::string line = table.out.substr(at + 1, table.out.find('\n', at + 1) - at - 1);
    EXPECT_NE(html.find(line), std::string::npos) << line;
  }
}

TEST_F(ReportCliTest, ExplainListsTheDossiersNotDigitizedAndWhy) {
  Run("register import " + WriteRegister());
  CommandResult plain = Run("report");
  EXPECT_EQ(plain.out.find("000.31.22.H32-240106-0002"), std::string::npos);
  CommandResult explained = Run("report --explain");
  ASSERT_EQ(explained.exit_code, 0) << explained.out;
  // Nothing is archived: the three dated rows are listed, the undated one is
  // in no rate and not listed.
  for (const char* code : {"000.31.22.H32-240105-0001", "000.31.22.H32-240106-0002",
                           "000.00.22.H32-240210-0001"}) {
    EXPECT_NE(explained.out.find(code), std::string::npos) << code << "\n" << explained.out;
  }
  EXPECT_EQ(explained.out.find("000.32.22.H32-240301-0001"), std::string::npos);
  EXPECT_NE(explained.out.find("Chưa lưu trữ"), std::string::npos) << explained.out;
  EXPECT_NE(explained.out.find("06/01/2024"), std::string::npos) << explained.out;

  auto json = Json("report --json --explain");
  ASSERT_TRUE(json.contains("not_digitized")) << json.dump(1);
  std::int64_t listed = 0;
  for (const auto& group : json["not_digitized"]) {
    listed += group["count"].get<std::int64_t>();
    for (const auto& d : group["dossiers"]) EXPECT_EQ(d["reason"], "not_archived") << d.dump();
  }
  EXPECT_EQ(listed, 3);

  const fs::path html = dir_.path() / "r.html";
  ASSERT_EQ(Run("report --format html --out " + html.string()).exit_code, 0);
  const std::string page = testing::ReadFile(html);
  const size_t section = page.find("id=\"chua-so-hoa\"");
  ASSERT_NE(section, std::string::npos);
  EXPECT_NE(page.find("000.31.22.H32-240106-0002", section), std::string::npos);
}

TEST_F(ReportCliTest, AgencyNamesComeFromAListAndTheRegisterAndShowInEveryReport) {
  const fs::path list = dir_.path() / "co-quan.csv";
  testing::WriteFile(list,
                     "code,name\n"
                     "000.31.22.H32,Ủy ban nhân dân phường Vĩnh Phước\n"
                     "000.31.22,Ủy ban nhân dân xã Thiếu\n"
                     "000.00.22.H32,\n"
                     "000.00.00.H32,Ủy ban nhân dân tỉnh Khánh Hòa\n");
  CommandResult imported = Run("agencies import " + list.string());
  EXPECT_EQ(imported.exit_code, 1) << imported.out;
  EXPECT_NE(imported.out.find("2 added"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("line 3: code \"000.31.22\""), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("line 4: "), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("name"), std::string::npos) << imported.out;

  // The register's ten_co_quan names a unit the list does not.
  const fs::path reg = dir_.path() / "so.csv";
  testing::WriteFile(reg,
                     "ma_ho_so,ma_thu_tuc,co_quan,ten_co_quan,ngay_tiep_nhan\n"
                     "000.31.22.H32-240105-0001,1.001193,000.31.22.H32,UBND P. Vĩnh Phước,"
                     "05/01/2024\n"
                     "000.32.22.H32-240105-0001,1.001193,000.32.22.H32,Ủy ban nhân dân xã Vĩnh "
                     "Lương,05/01/2024\n");
  ASSERT_EQ(Run("register import " + reg.string()).exit_code, 0);

  const std::string named = "Ủy ban nhân dân phường Vĩnh Phước (000.31.22.H32)";
  CommandResult table = Run("report");
  EXPECT_NE(table.out.find(named), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("Ủy ban nhân dân xã Vĩnh Lương (000.32.22.H32)"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("Ủy ban nhân dân tỉnh Khánh Hòa (000.00.00.H32)"), std::string::npos)
      << table.out;
  const fs::path html = dir_.path() / "r.html";
  ASSERT_EQ(Run("report --format html --out " + html.string()).exit_code, 0);
  EXPECT_NE(testing::ReadFile(html).find(named), std::string::npos);
  EXPECT_NE(Run("report --format csv").out.find("Ủy ban nhân dân phường Vĩnh Phước"),
            std::string::npos);
  EXPECT_NE(Run("report --explain").out.find(named), std::string::npos);

  // Importing the list again updates a changed name.
  testing::WriteFile(list, "Mã cơ quan,Tên cơ quan\n000.31.22.H32,Ủy ban nhân dân phường Vĩnh Phước mới\n");
  CommandResult again = Run("agencies import " + list.string());
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("1 updated"), std::string::npos) << again.out;
  EXPECT_NE(Run("report").out.find("phường Vĩnh Phước mới (000.31.22.H32)"), std::string::npos);

  testing::WriteFile(dir_.path() / "wrong.csv", "ma_so,ten_goi\nx,y\n");
  CommandResult wrong = Run("agencies import " + (dir_.path() / "wrong.csv").string() + " 2>&1");
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.out.find("lacks code"), std::string::npos) << wrong.out;
  EXPECT_EQ(Run("agencies import " + (dir_.path() / "missing.csv").string()).exit_code, 3);
  CommandResult help = Run("agencies import --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("code,name"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("ten_co_quan"), std::string::npos) << help.out;
}

// The sample as tools/run-sample.sh runs it: a generated corpus with its
// register.csv, ingested, imported and reported, then an explicit reuse.
TEST_F(ReportCliTest, AGeneratedCorpusAndItsRegisterReconcile) {
  const fs::path sample = dir_.path() / "sample";
  ASSERT_EQ(testing::RunCommand(Gen() + " --out " + sample.string() +
                                " --seed 12 --dossiers 2 --formats folder --dpi 200 --no-degrade "
                                ">/dev/null")
                .exit_code,
            0);
  auto truth = nlohmann::json::parse(testing::ReadFile(sample / "ground-truth.json"));
  std::string paths;
  for (const auto& d : truth["dossiers"]) paths += " " + (sample / d["path"].get<std::string>()).string();
  ASSERT_EQ(Run("ingest --quiet" + paths).exit_code, 0);
  CommandResult imported = Run("register import --json " + (sample / "register.csv").string());
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  auto counts = nlohmann::json::parse(imported.out);
  EXPECT_EQ(counts["bad"].size(), 0u);
  EXPECT_EQ(counts["undated"], 1);

  // What the register says about each generated dossier, read from the file
  // itself: its e-result flag is the last column.
  const std::string csv = testing::ReadFile(sample / "register.csv");
  int expected_digitized = 0;
  for (const auto& d : truth["dossiers"]) {
    const std::string code = d["code"];
    const size_t at = csv.find(code + ",");
    ASSERT_NE(at, std::string::npos) << code;
    const bool e_result = csv[csv.find("\r\n", at) - 1] == '1';
    bool result_scanned = false;
    for (const auto& doc : d["documents"]) result_scanned = result_scanned || doc["kind"] == "result";
    // Every built-in procedure issues a paper result.
    expected_digitized += result_scanned || e_result ? 1 : 0;
  }
  auto r = Json("report --json");
  const int registered = counts["rows"].get<int>() - 1;  // the undated row is left out
  EXPECT_EQ(r["total"]["received"], registered);
  EXPECT_EQ(r["total"]["archived"], 2);
  EXPECT_EQ(r["total"]["digitization"]["numerator"], expected_digitized) << r.dump(1);
  EXPECT_EQ(r["total"]["digitization"]["denominator"], registered);
  EXPECT_EQ(r["unregistered"], 0);
  EXPECT_EQ(r["undated"], 1);

  const std::string first = truth["dossiers"][0]["code"];
  const std::string second = truth["dossiers"][1]["code"];
  CommandResult reuse = Run("reuse " + second + " --from " + first + ".1 --component CCCD");
  EXPECT_EQ(reuse.exit_code, 0) << reuse.out;
  EXPECT_EQ(Run("reuse " + second + " --from " + first + ".1 --component CCCD").exit_code, 0);
  EXPECT_EQ(Run("reuse " + second + " --from " + first + ".99").exit_code, 3);
  auto after = Json("report --json");
  EXPECT_EQ(after["total"]["reuse"]["numerator"], 1);
  int explicit_events = 0;
  for (const auto& e : Json("log --type reuse --object " + second + " --json")) {
    explicit_events += e["detail"].get<std::string>().find(first + ".1") != std::string::npos &&
                       e["detail"].get<std::string>().find("CCCD") != std::string::npos;
  }
  EXPECT_EQ(explicit_events, 1);
}

}  // namespace
}  // namespace sohoa
