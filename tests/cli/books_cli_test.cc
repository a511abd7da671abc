// `sohoa ingest --book` and `sohoa records` as a user runs them.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>


#include <cstdio>

#include "tests/test_env.h"

namespace sohoa {
namespace {

std::string Shell(const std::string& command, int* exit_code) {
  testing::CommandResult run = testing::RunCommand(command);
  *exit_code = run.exit_code;
  return run.out;
}

std::string Binary(const char* name) { return (testing::BinaryDir() / name).string(); }

// Runs sohoa-gen into `dir` with `args` and returns its ground truth.
nlohmann::json Generate(const std::filesystem::path& dir, const std::string& args) {
  testing::CommandResult run =
      testing::RunCommand(Binary("sohoa-gen") + " --out " + dir.string() + " " + args + " >/dev/null");
  EXPECT_EQ(run.exit_code, 0) << args;
  return nlohmann::json::parse(testing::ReadFile(dir / "ground-truth.json"));
}

TEST(BooksCliTest, RecordsJsonListsEveryEntryWithTheDocumentedKeys) {
  testing::TempDir tmp;
  const std::string sohoa = Binary("sohoa");
  const std::string home = (tmp.path() / "home").string();
  int code = -1;
  auto truth = Generate(tmp.path() / "c", "--dossiers 0 --books 1 --book-pages 1 --no-degrade --seed 9");
  const std::string folder = (tmp.path() / "c" / truth["books"][0]["path"].get<std::string>()).string();
  Shell(sohoa + " --home " + home + " init", &code);
  ASSERT_EQ(code, 0);
  std::string out = Shell(sohoa + " --home " + home + " ingest --book KS-TEST " + folder, &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("KS-TEST"), std::string::npos) << out;

  out = Shell(sohoa + " --home " + home + " records --book KS-TEST --json", &code);
  ASSERT_EQ(code, 0) << out;
  auto records = nlohmann::json::parse(out);
  ASSERT_EQ(records.size(), 8u);
  for (const char* key : {"no", "registered", "name", "dob", "sex", "birthplace", "mother",
                          "father", "book", "page", "confidence"}) {
    EXPECT_TRUE(records[0].contains(key)) << key;
  }
  EXPECT_EQ(records[0]["book"], "KS-TEST");
  EXPECT_EQ(records[0]["page"], 1);
  EXPECT_EQ(records[7]["no"], "8");
  EXPECT_EQ(records[0]["name"], truth["books"][0]["pages"][0]["entries"][0]["name"]);

  Shell(sohoa + " --home " + home + " records --book NOPE 2>/dev/null", &code);
  EXPECT_EQ(code, 3);
  out = Shell(sohoa + " records --help", &code);
  EXPECT_EQ(code, 0);
  EXPECT_NE(out.find("--book"), std::string::npos);
}

// A book folder given to plain `sohoa ingest` (as it would sit in a batch of
// dossiers) is recognised by its header and read as a book, not a dossier.
TEST(BooksCliTest, PlainIngestRecognisesABookFolderBesideDossiers) {
  testing::TempDir tmp;
  const std::string sohoa = Binary("sohoa");
  const std::string home = (tmp.path() / "home").string();
  int code = -1;
  auto truth = Generate(tmp.path() / "c",
                        "--dossiers 1 --formats folder --books 1 --book-pages 1 --no-degrade --seed 5");
  const auto book = tmp.path() / "c" / truth["books"][0]["path"].get<std::string>();
  const auto dossier = tmp.path() / "c" / truth["dossiers"][0]["path"].get<std::string>();
  Shell(sohoa + " --home " + home + " init", &code);
  ASSERT_EQ(code, 0);
  std::string out =
      Shell(sohoa + " --home " + home + " ingest --quiet " + book.string() + " " + dossier.string(), &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("Ingested 1 dossier(s)"), std::string::npos) << out;

  out = Shell(sohoa + " --home " + home + " records --json", &code);
  ASSERT_EQ(code, 0) << out;
  auto records = nlohmann::json::parse(out);
  ASSERT_EQ(records.size(), 8u) << out;
  EXPECT_EQ(records[0]["book"], book.filename().string());
}

}  // namespace
}  // namespace sohoa
