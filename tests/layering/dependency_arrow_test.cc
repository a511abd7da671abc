// The dependency arrow of docs/architecture.md, enforced on the sources:
// tools -> ingest -> {ocr, archive} -> schema. CMake targets alone do not
// stop a header include that goes backwards.
#include <gtest/gtest.h>

#include <algorithm>
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
      "tesseract/", "leptonica/", "allheaders.h", "sqlite3.h", "archive.h", "archive_entry.h", "podofo", "ZXing/",
      "curl/"};
  return headers;
}

bool IsThirdParty(const std::string& target) {
  for (const auto& h : ThirdPartyHeaders()) {
    const bool prefix = h.back() == '/' || h == "podofo";
    if (prefix ? target.rfind(h, 0) == 0 : target == h) return true;
  }
  return false;
}

// The catalog's backends (archive/storage.h): each database's client library
// and its folder are spoken only inside that folder. The files listed after
// it have not yet been cut behind an interface of their own: each is a debt
// that issue 15 pays off, and the list only shrinks.
struct Backend {
  std::string folder;                 // "archive/sqlite/"
  std::vector<std::string> headers;   // whole include paths, or prefixes ending in '/'
  std::set<std::string> not_yet_cut;  // files still speaking it from outside
};

const std::vector<Backend>& Backends() {
  static const std::vector<Backend> backends = {
      {"archive/sqlite/",
       {"sqlite3.h", "archive/sqlite/"},
       {"tools/bench/rates_bench.cc", "tools/bench/keying_scale_bench.cc"}},
      {"archive/postgres/", {"libpq-fe.h", "pqxx/", "archive/postgres/"}, {}},
  };
  return backends;
}

std::string BackendViolation(const std::string& file, const std::string& target) {
  for (const Backend& backend : Backends()) {
    const bool speaks = std::any_of(backend.headers.begin(), backend.headers.end(), [&](const std::string& h) {
      return h.back() == '/' ? target.rfind(h, 0) == 0 : target == h;
    });
    if (!speaks || file.rfind(backend.folder, 0) == 0 || backend.not_yet_cut.count(file)) continue;
    return " includes " + target + ": only " + backend.folder + " speaks to that database (archive/storage.h)";
  }
  return "";
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
        const std::string file = fs::relative(entry.path(), root).string();
        std::string where = file + ":" + std::to_string(number);
        if (const std::string backend = BackendViolation(file, target); !backend.empty()) {
          found.push_back(where + backend);
        }
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

TEST(DependencyArrowTest, OnlyABackendsFolderSpeaksToItsDatabase) {
  testing::TempDir tmp;
  testing::WriteFile(tmp.path() / "archive" / "sqlite" / "store.cc",
                     "#include <sqlite3.h>\n#include \"archive/sqlite/sqlite_db.h\"\n");
  testing::WriteFile(tmp.path() / "archive" / "postgres" / "store.cc", "#include <libpq-fe.h>\n");
  testing::WriteFile(tmp.path() / "archive" / "new_service.cc", "#include \"archive/sqlite/catalog.h\"\n");
  testing::WriteFile(tmp.path() / "ingest" / "shortcut.cc", "#include <sqlite3.h>\n");
  testing::WriteFile(tmp.path() / "tools" / "server" / "direct.cc", "#include <libpq-fe.h>\n");
  testing::WriteFile(tmp.path() / "archive" / "sqlite" / "peek.cc", "#include \"archive/postgres/pg.h\"\n");
  auto violations = Violations(tmp.path());
  std::string all;
  for (const auto& v : violations) all += v + "\n";
  ASSERT_EQ(violations.size(), 4u) << all;
  for (const char* file : {"new_service.cc", "shortcut.cc", "direct.cc", "peek.cc"}) {
    EXPECT_NE(all.find(file), std::string::npos) << file << " in:\n" << all;
  }
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
