// The sohoa binary as a user runs it: exit codes, the summary, bad input set
// aside without stopping the batch, and the OpenMP re-exec.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "schema/text.h"
#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

CommandResult Shell(const std::string& command) { return testing::RunCommand(command); }

std::string Sohoa() { return testing::Program("sohoa"); }
std::string Gen() { return testing::Program("sohoa-gen"); }

TEST(SohoaCliTest, ReExecutesItselfWithOpenMpLimitedToOneThread) {
  CommandResult run = Shell("env -u OMP_THREAD_LIMIT " + Sohoa() + " --home /nonexistent doctor --json");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["omp_thread_limit"], "1");
  EXPECT_TRUE(json["openmp_limited"].get<bool>());
}

TEST(SohoaCliTest, AnExplicitOpenMpLimitIsRespected) {
  CommandResult run = Shell("OMP_THREAD_LIMIT=3 " + Sohoa() + " --home /nonexistent doctor --json");
  auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["omp_thread_limit"], "3");
  EXPECT_EQ(run.exit_code, 1);  // doctor warns: Tesseract will be slow
}

// The subcommands are read from `sohoa --help`, so a new one is checked
// without anyone remembering to list it here.
TEST(SohoaCliTest, EverySubcommandHasHelp) {
  CommandResult top = Shell(Sohoa() + " --help");
  ASSERT_EQ(top.exit_code, 0);
  std::vector<std::string> subcommands;
  std::istringstream lines(top.out.substr(top.out.find("Subcommands:")));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    // "  name    description"; continuation lines start with many spaces.
    if (line.size() < 3 || line[0] != ' ' || line[1] != ' ' || line[2] == ' ') continue;
    subcommands.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  for (const char* expected : {"init", "ingest", "search", "get", "report", "verify", "log", "retention", "export", "import", "register", "reuse", "books"}) {
    EXPECT_NE(std::find(subcommands.begin(), subcommands.end(), expected), subcommands.end()) << expected;
  }
  for (const std::string& sub : subcommands) {
    CommandResult run = Shell(Sohoa() + " " + sub + " --help");
    EXPECT_EQ(run.exit_code, 0) << sub;
    EXPECT_NE(run.out.find("Usage"), std::string::npos) << sub << ": " << run.out;
  }
}

TEST(SohoaCliTest, QueriesOnAMissingHomeSayWhatToDo) {
  testing::TempDir tmp;
  CommandResult run = Shell(Sohoa() + " --home " + (tmp.path() / "none").string() + " report 2>&1");
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.out.find("sohoa init"), std::string::npos) << run.out;
}

// One behaviour for a missing home: only init makes one.
TEST(SohoaCliTest, CommandsThatBringScansInWantAHomeMadeByInitToo) {
  testing::TempDir tmp;
  const fs::path none = tmp.path() / "typo";
  testing::WriteFile(tmp.path() / "scan.jpg", "not really");
  for (const std::string& command : {"ingest " + (tmp.path() / "scan.jpg").string(), std::string("watch --once"),
                                     "ingest --book KS-1 " + tmp.path().string()}) {
    CommandResult run = Shell(Sohoa() + " --home " + none.string() + " " + command + " 2>&1");
    EXPECT_EQ(run.exit_code, 3) << command << "\n" << run.out;
    EXPECT_NE(run.out.find("run 'sohoa init'"), std::string::npos) << command << "\n" << run.out;
    EXPECT_FALSE(fs::exists(none)) << command << " made a home";
  }
  CommandResult help = Shell(Sohoa() + " --help");
  EXPECT_NE(help.out.find("'sohoa init' makes it"), std::string::npos) << help.out;
}

TEST(SohoaCliTest, AMistypedCommandIsNamedWithTheNearestOne) {
  CommandResult run = Shell(Sohoa() + " serch foo 2>&1");
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.out.find("'serch' is not a sohoa command. Did you mean 'sohoa search'?"), std::string::npos)
      << run.out;
  CommandResult far = Shell(Sohoa() + " zzzzzzzz 2>&1");
  EXPECT_EQ(far.exit_code, 2) << far.out;
  EXPECT_NE(far.out.find("The commands are: init, ingest"), std::string::npos) << far.out;
  CommandResult vietnamese = Shell("env -u SOHOA_LANG LANG=vi_VN.UTF-8 " + Sohoa() + " exprot 2>&1");
  EXPECT_NE(vietnamese.out.find("Có phải ý bạn là 'sohoa export'?"), std::string::npos) << vietnamese.out;
}

TEST(SohoaCliTest, WatchOnceOnAnEmptyInboxStillSaysItIsDone) {
  testing::TempDir tmp;
  const std::string sohoa = Sohoa() + " --home " + (tmp.path() / "home").string();
  ASSERT_EQ(Shell(sohoa + " init").exit_code, 0);
  CommandResult run = Shell(sohoa + " watch --once --json");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  auto line = nlohmann::json::parse(run.out);
  EXPECT_EQ(line["event"], "done");
  EXPECT_EQ(line["taken"], 0);
  EXPECT_EQ(line["set_aside"], 0);
  EXPECT_NE(line["at"].get<std::string>().find("+07:00"), std::string::npos) << "Vietnam's time";
}

// sohoa-gen writes ground-truth.json and register.csv beside the scans:
// staff keep such lists too. They are no scans, and no failures.
TEST(SohoaCliTest, DataFilesBesideTheScansAreSkippedAndSaidSo) {
  testing::TempDir tmp;
  fs::path sample = tmp.path() / "sample";
  const std::string sohoa = Sohoa() + " --home " + (tmp.path() / "home").string();
  ASSERT_EQ(Shell(Gen() + " --out " + sample.string() + " --seed 3 --dossiers 1 --formats folder >/dev/null").exit_code, 0);
  ASSERT_TRUE(fs::exists(sample / "ground-truth.json"));
  ASSERT_EQ(Shell(sohoa + " init").exit_code, 0);
  CommandResult run = Shell(sohoa + " --lang en ingest --quiet " + sample.string());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("Ingested 1 dossier(s)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Skipped, not scans: "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("ground-truth.json"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("Set aside"), std::string::npos) << run.out;
  EXPECT_FALSE(fs::exists(tmp.path() / "home" / "failed" / "ground-truth.json"));
}

TEST(SohoaCliTest, TheNoteOfASetAsideFileIsInVietnameseWithTheDetailAfter) {
  testing::TempDir tmp;
  const std::string sohoa = "env -u SOHOA_LANG LANG=C.UTF-8 " + Sohoa() + " --home " + (tmp.path() / "home").string();
  testing::WriteFile(tmp.path() / "in" / "notes.pdf", std::string("PK\x03\x04 this is a zip, not a PDF", 34));
  ASSERT_EQ(Shell(sohoa + " init").exit_code, 0);
  CommandResult run = Shell(sohoa + " ingest --quiet " + (tmp.path() / "in" / "notes.pdf").string());
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_NE(run.out.find("Để riêng: 1 tệp"), std::string::npos) << run.out;
  const std::string note = testing::ReadFile(tmp.path() / "home" / "failed" / "notes.pdf.error.txt");
  EXPECT_EQ(note.rfind("sohoa không nhận được tệp này.", 0), 0u) << note;
  const std::size_t reason = note.find("lý do:   sohoa không đọc được loại tệp này");
  const std::size_t detail = note.find("(chi tiết kỹ thuật: ");
  EXPECT_NE(reason, std::string::npos) << note;
  EXPECT_NE(detail, std::string::npos) << note;
  EXPECT_LT(reason, detail) << "the explanation first, the library's words after";
}

// Everything an archivist or manager reads after the ingest is Vietnamese
// by default too: register import, verify, export, get, show, the book and
// agency lists, the event log, and the command line's own complaints.
TEST(SohoaCliTest, AnArchivistsDayReadsInVietnamese) {
  testing::TempDir tmp;
  fs::path sample = tmp.path() / "sample";
  const std::string sohoa = "env -u SOHOA_LANG LANG=C.UTF-8 " + Sohoa() + " --home " + (tmp.path() / "home").string();
  ASSERT_EQ(Shell(Gen() + " --out " + sample.string() + " --seed 3 --dossiers 1 --formats folder >/dev/null").exit_code, 0);
  ASSERT_EQ(Shell(sohoa + " init").exit_code, 0);
  ASSERT_EQ(Shell(sohoa + " ingest --quiet " + sample.string()).exit_code, 0);
  testing::WriteFile(tmp.path() / "register.csv", testing::ReadFile(sample / "register.csv") + "not,a,row\n");
  const std::vector<std::pair<std::string, std::string>> said = {
      {"register import " + (tmp.path() / "register.csv").string(), "Sổ tiếp nhận "},
      {"register import " + (tmp.path() / "register.csv").string(), "dòng lỗi không được nhập"},
      {"verify", "Kiểm tra toàn vẹn: ĐẠT. Đã kiểm "},
      {"export --all --out " + (tmp.path() / "all.tar").string(), "Đã xuất 1 hồ sơ"},
      {"import --check " + (tmp.path() / "all.tar").string(), "đầy đủ và hợp lệ"},
      {"show 000.00.00.H32-990101-0001", "không có hồ sơ nào mang mã 000.00.00.H32-990101-0001"},
      {"get 000.00.00.H32-990101-0001", "không có hồ sơ nào mang mã"},
      {"export zzzzqqq --out " + (tmp.path() / "none.tar").string(), "không có hồ sơ nào khớp 'zzzzqqq'"},
      {"records", "Không có mục đăng ký hộ tịch nào khớp."},
      {"books backlog", "Chưa có sổ hộ tịch nào"},
      {"agencies list", "Chưa có tên cơ quan nào"},
      {"log --type nothing-like-this", "Không có sự kiện nào khớp."},
      {"books", "'sohoa books' cần thêm một lệnh con: "},
      {"search --limit x ket", "Dòng lệnh chưa đúng; xem 'sohoa search --help'."},
      {"register import " + (tmp.path() / "absent.csv").string(), "không mở được "},
  };
  for (const auto& [command, expected] : said) {
    CommandResult run = Shell(sohoa + " " + command + " 2>&1");
    EXPECT_NE(run.out.find(expected), std::string::npos) << "sohoa " << command << " said:\n" << run.out;
    for (const char* english : {"Fixity", "Exported", "Register ", "row(s)", "dossier(s)", "no dossier",
                                "A subcommand is required", "Run with --help", "cannot open"}) {
      EXPECT_EQ(run.out.find(english), std::string::npos) << "sohoa " << command << " said:\n" << run.out;
    }
  }
}

TEST(SohoaCliTest, BadFilesAreSetAsideAndTheRestOfTheBatchIsArchived) {
  testing::TempDir tmp;
  fs::path sample = tmp.path() / "sample";
  fs::path home = tmp.path() / "home";
  ASSERT_EQ(Shell(Gen() + " --out " + sample.string() + " --seed 7 --dossiers 2 --formats folder >/dev/null").exit_code, 0);
  auto truth = nlohmann::json::parse(testing::ReadFile(sample / "ground-truth.json"));

  // A file that is neither image nor PDF, and a JPEG cut in half.
  fs::path bad = tmp.path() / "bad";
  testing::WriteFile(bad / "notes.pdf", "PK\x03\x04 this is a zip, not a PDF");
  std::string jpeg;
  for (const auto& entry : fs::recursive_directory_iterator(sample)) {
    if (entry.path().extension() == ".jpg") {
      jpeg = testing::ReadFile(entry.path());
      break;
    }
  }
  ASSERT_GT(jpeg.size(), 1000u) << "the generator wrote no JPEG page";
  testing::WriteFile(bad / "cut.jpg", jpeg.substr(0, jpeg.size() / 2));

  std::string paths;
  for (const auto& d : truth["dossiers"]) paths += " " + (sample / d["path"].get<std::string>()).string();
  ASSERT_EQ(Shell(Sohoa() + " --home " + home.string() + " init").exit_code, 0);
  CommandResult run = Shell(Sohoa() + " --home " + home.string() + " ingest --quiet " + (bad / "notes.pdf").string() + " " +
                  (bad / "cut.jpg").string() + paths);
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_NE(run.out.find("Ingested 2 dossier(s)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("notes.pdf: not an image or PDF"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("cut.jpg: "), std::string::npos) << run.out;
  // The originals are untouched and a copy with its reason sits in failed/.
  EXPECT_TRUE(fs::exists(bad / "notes.pdf"));
  EXPECT_TRUE(fs::exists(bad / "cut.jpg"));
  EXPECT_TRUE(fs::exists(home / "failed" / "cut.jpg"));
  EXPECT_NE(testing::ReadFile(home / "failed" / "cut.jpg.error.txt").find("reason: "), std::string::npos);

  for (const auto& d : truth["dossiers"]) {
    std::string code = d["code"];
    CommandResult show = Shell(Sohoa() + " --home " + home.string() + " show --json " + code);
    ASSERT_EQ(show.exit_code, 0) << code;
    auto json = nlohmann::json::parse(show.out);
    EXPECT_EQ(json["code"], code);
    EXPECT_EQ(json["agency"], d["agency_code"]);
    EXPECT_EQ(json["received_date"], d["received_date"]);
    ASSERT_FALSE(json["documents"].empty());
    EXPECT_TRUE(json["documents"][0]["pages"][0].contains("confidence"));
  }

  // get hands back the originals byte for byte, and searchable PDFs whose
  // text layer holds the applicant's name with its diacritics.
  const auto& first = truth["dossiers"][0];
  fs::path out = tmp.path() / "out";
  CommandResult get = Shell(Sohoa() + " --home " + home.string() + " get " + first["code"].get<std::string>() +
                            " --out " + out.string());
  ASSERT_EQ(get.exit_code, 0) << get.out;
  for (const auto& entry : fs::directory_iterator(sample / first["path"].get<std::string>())) {
    EXPECT_EQ(testing::ReadFile(out / entry.path().filename()), testing::ReadFile(entry.path()))
        << entry.path().filename();
  }
  EXPECT_TRUE(fs::exists(out / (first["code"].get<std::string>() + ".json")));
  std::string all_pdf_text;
  for (const auto& entry : fs::directory_iterator(out)) {
    if (entry.path().extension() != ".pdf") continue;
    all_pdf_text += Shell("pdftotext -q " + entry.path().string() + " - 2>/dev/null").out;
  }
  // Folded: OCR may miss a tone mark ("NGUYÊN" for "NGUYỄN"); the test is
  // whether the text layer is there and extractable, not Tesseract's accuracy.
  EXPECT_NE(FoldForSearch(all_pdf_text).find(FoldForSearch(first["applicant"].get<std::string>())),
            std::string::npos)
      << "searchable PDFs of " << first["code"] << " lack " << first["applicant"] << ":\n" << all_pdf_text;

  // Ingesting the same files again stores nothing twice.
  CommandResult again = Shell(Sohoa() + " --home " + home.string() + " ingest --json" + paths);
  ASSERT_EQ(again.exit_code, 0) << again.out;
  auto summary = nlohmann::json::parse(again.out);
  EXPECT_EQ(summary["dossiers"], 0);
  EXPECT_GE(summary["duplicates"].get<int>(), 2);
}

}  // namespace
}  // namespace sohoa
