// sohoa catalog import/list and sohoa review / review set, as a user runs them.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>


#include <cstdio>

#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using CliRun = testing::CommandResult;

CliRun Shell(const std::string& command) { return testing::RunCommand(command); }

std::string Sohoa(const fs::path& home) {
  return (testing::BinaryDir() / "sohoa").string() + " --home " + home.string();
}

TEST(UnderstandCliTest, CatalogImportReplacesTheProcedureCatalog) {
  testing::TempDir tmp;
  fs::path home = tmp.path() / "home";
  ASSERT_EQ(Shell(Sohoa(home) + " init >/dev/null").exit_code, 0);
  testing::WriteFile(tmp.path() / "tthc.csv",
                     "code,name,field,level,form_titles,result_titles,requires_paper_result\n"
                     "1.001193,Thủ tục đăng ký khai sinh,Hộ tịch,xa,TỜ KHAI ĐĂNG KÝ KHAI SINH,"
                     "GIẤY KHAI SINH,1\n"
                     "1.004873,Thủ tục cấp bản sao trích lục hộ tịch,Hộ tịch,xa,"
                     "TỜ KHAI CẤP BẢN SAO TRÍCH LỤC HỘ TỊCH,BẢN SAO TRÍCH LỤC,0\n");
  CliRun import = Shell(Sohoa(home) + " catalog import " + (tmp.path() / "tthc.csv").string());
  ASSERT_EQ(import.exit_code, 0) << import.out;
  CliRun list = Shell(Sohoa(home) + " catalog list --json");
  ASSERT_EQ(list.exit_code, 0);
  auto json = nlohmann::json::parse(list.out);
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[1]["code"], "1.004873");
  EXPECT_EQ(json[1]["requires_paper_result"], false);

  testing::WriteFile(tmp.path() / "bad.csv", "code,name\n1.0,\n");
  EXPECT_EQ(Shell(Sohoa(home) + " catalog import " + (tmp.path() / "bad.csv").string() +
                  " 2>/dev/null").exit_code,
            2);
  EXPECT_EQ(nlohmann::json::parse(Shell(Sohoa(home) + " catalog list --json").out).size(), 2u)
      << "a bad file leaves the catalog as it was";
}

TEST(UnderstandCliTest, ReviewListsWhatNeedsAPersonAndReviewSetCorrectsIt) {
  testing::TempDir tmp;
  fs::path sample = tmp.path() / "sample", home = tmp.path() / "home";
  std::string gen = (testing::BinaryDir() / "sohoa-gen").string();
  ASSERT_EQ(Shell(gen + " --out " + sample.string() +
                  " --seed 4 --dossiers 1 --formats folder --no-degrade >/dev/null")
                .exit_code,
            0);
  auto truth = nlohmann::json::parse(testing::ReadFile(sample / "ground-truth.json"));
  const auto& d = truth["dossiers"][0];
  std::string code = d["code"];
  // Only the ID copy reaches the archive, in a folder named by the code: the
  // code is known, the procedure is not.
  fs::path unit = tmp.path() / code;
  fs::create_directories(unit);
  for (const auto& doc : d["documents"]) {
    if (doc["kind"] != "id_copy") continue;
    fs::path page = sample / doc["pages"][0]["file"].get<std::string>();
    fs::copy_file(page, unit / page.filename());
  }
  ASSERT_EQ(Shell(Sohoa(home) + " init >/dev/null").exit_code, 0);
  CliRun ingest = Shell(Sohoa(home) + " ingest --quiet --workers 1 " + unit.string());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out;

  CliRun review = Shell(Sohoa(home) + " review --json");
  ASSERT_EQ(review.exit_code, 0) << review.out;
  auto items = nlohmann::json::parse(review.out);
  bool procedure_flagged = false;
  for (const auto& item : items) {
    procedure_flagged = procedure_flagged || (item["code"] == code && item["field"] == "procedure");
  }
  ASSERT_TRUE(procedure_flagged) << review.out;

  std::string procedure = d["procedure_code"];
  CliRun set = Shell(Sohoa(home) + " review set " + code + " procedure=" + procedure +
                  " --user lan");
  ASSERT_EQ(set.exit_code, 0) << set.out;
  EXPECT_EQ(Shell(Sohoa(home) + " review set " + code + " procedure=9.999999 2>/dev/null")
                .exit_code,
            2);

  auto shown = nlohmann::json::parse(Shell(Sohoa(home) + " show --json " + code).out);
  EXPECT_EQ(shown["procedure_code"], procedure);
  bool manual = false;
  for (const auto& f : shown["fields"]) {
    if (f["name"] == "procedure") {
      manual = f["source"] == "manual" && f["changed_by"] == "lan" && f["needs_review"] == false;
    }
  }
  EXPECT_TRUE(manual) << shown["fields"].dump();
  for (const auto& item : nlohmann::json::parse(Shell(Sohoa(home) + " review --json").out)) {
    EXPECT_FALSE(item["code"] == code && item["field"] == "procedure");
  }
}

}  // namespace
}  // namespace sohoa
