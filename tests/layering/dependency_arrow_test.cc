// The dependency arrow of docs/architecture.md, enforced on the sources:
// tools -> ingest -> {ocr, archive} -> schema. CMake targets alone do not
// stop a header include that goes backwards.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::set<std::string>>& AllowedIncludes() {
  static const std::map<std::string, std::set<std::string>> allowed = {
      {"schema", {"schema"}},
      {"ocr", {"ocr", "schema"}},
      {"archive", {"archive", "schema"}},
      {"ingest", {"ingest", "ocr", "archive", "schema"}},
      {"tools", {"tools", "ingest", "ocr", "archive", "schema"}},
  };
  return allowed;
}

// Third-party headers that must not leak through another module's public
// header (only .h files are checked; .cc files may include anything).
// An entry ending in '/' (or "podofo") is a folder or name prefix; any other
// is a whole include path, so sohoa's own bag_archive.h is not libarchive's
// archive.h.
const std::vector<std::string>& ThirdPartyHeaders() {
  static const std::vector<std::string> headers = {
      "tesseract/", "leptonica/", "allheaders.h", "sqlite3.h", "archive.h", "archive_entry.h", "podofo", "ZXing/"};
  return headers;
}

bool IsThirdParty(const std::string& target) {
  for (const auto& h : ThirdPartyHeaders()) {
    const bool prefix = h.back() == '/' || h == "podofo";
    if (prefix ? target.rfind(h, 0) == 0 : target == h) return true;
  }
  return false;
}

std::vector<std::string> Violations(const fs::path& root) {
  std::vector<std::string> found;
  const std::regex include_re(R"(^\s*#\s*include\s*[<"]([^">]+)[">])");
  for (const auto& [module, allowed] : AllowedIncludes()) {
    fs::path dir = root / module;
    if (!fs::exists(dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      auto ext = entry.path().extension();
      if (ext != ".h" && ext != ".cc") continue;
      std::ifstream in(entry.path());
      std::string line;
      int number = 0;
      while (std::getline(in, line)) {
        ++number;
        std::smatch m;
        if (!std::regex_search(line, m, include_re)) continue;
        std::string target = m[1].str();
        std::string where = fs::relative(entry.path(), root).string() + ":" + std::to_string(number);
        auto slash = target.find('/');
        if (slash != std::string::npos) {
          std::string top = target.substr(0, slash);
          if (AllowedIncludes().count(top) && !allowed.count(top)) {
            found.push_back(where + " includes " + target + " against the arrow");
          }
        }
        // tools/ headers may use a third-party library only inside an
        // internal/ folder (tools/report keeps PoDoFo out of report.h).
        const bool public_header =
            module != "tools" || entry.path().parent_path().filename() != "internal";
        if (ext == ".h" && public_header && IsThirdParty(target)) {
          found.push_back(where + " exposes third-party header " + target + " in a public header");
        }
      }
    }
  }
  return found;
}

TEST(DependencyArrowTest, NoModuleIncludesAgainstTheArrow) {
  auto violations = Violations(testing::SourceDir());
  std::string all;
  for (const auto& v : violations) all += v + "\n";
  EXPECT_TRUE(violations.empty()) << all;
}

TEST(DependencyArrowTest, DetectsABackwardInclude) {
  testing::TempDir tmp;
  testing::WriteFile(tmp.path() / "archive" / "bad.cc", "#include \"ocr/page_source.h\"\n");
  testing::WriteFile(tmp.path() / "ocr" / "leak.h", "#include <tesseract/baseapi.h>\n");
  testing::WriteFile(tmp.path() / "ingest" / "fine.cc", "#include \"ocr/page_source.h\"\n");
  auto violations = Violations(tmp.path());
  ASSERT_EQ(violations.size(), 2u);
}

TEST(DependencyArrowTest, ToolsKeepThirdPartyHeadersInInternalFolders) {
  testing::TempDir tmp;
  testing::WriteFile(tmp.path() / "tools" / "report" / "report.h", "#include <podofo/podofo.h>\n");
  testing::WriteFile(tmp.path() / "tools" / "report" / "internal" / "pdf.h",
                     "#include <podofo/podofo.h>\n");
  testing::WriteFile(tmp.path() / "tools" / "report" / "pdf.cc", "#include <podofo/podofo.h>\n");
  auto violations = Violations(tmp.path());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_NE(violations[0].find("report.h"), std::string::npos) << violations[0];
}

}  // namespace
}  // namespace sohoa
