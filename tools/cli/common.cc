#include "tools/cli/common.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "archive/package.h"
#include "archive/storage.h"
#include "schema/date.h"
#include "schema/messages.h"
#include "tools/report/formats.h"

namespace sohoa::cli {

namespace {

// A relative SQLite file on the command line is taken from where the
// command runs, as any path argument is, not from the home.
std::string FromWorkingDirectory(const std::string& url) {
  std::error_code ec;
  const std::filesystem::path here = std::filesystem::current_path(ec);
  return ec ? url : archive::AbsoluteCatalogUrl(url, here);
}

}  // namespace

archive::HomeLayout ResolveHome(const GlobalOptions& options) {
  archive::HomeLayout home;
  if (!options.home.empty()) {
    home.root = options.home;
  } else if (const char* env = std::getenv("SOHOA_HOME"); env != nullptr && *env != '\0') {
    home.root = env;
  } else {
    home.root = "sohoa-home";
  }
  if (!options.catalog.empty()) {
    home.catalog_url = FromWorkingDirectory(options.catalog);
    home.catalog_url_from = "--catalog";
  } else if (const char* env = std::getenv("SOHOA_CATALOG"); env != nullptr && *env != '\0') {
    home.catalog_url = FromWorkingDirectory(env);
    home.catalog_url_from = "SOHOA_CATALOG";
  }
  if (!options.blobs.empty()) {
    home.blobs_url = options.blobs;
    home.blobs_url_from = "--blobs";
  } else if (const char* env = std::getenv("SOHOA_BLOBS"); env != nullptr && *env != '\0') {
    home.blobs_url = env;
    home.blobs_url_from = "SOHOA_BLOBS";
  }
  return home;
}

Result<archive::HomeLayout> ExistingHome(const GlobalOptions& options) {
  archive::HomeLayout home = ResolveHome(options);
  if (!archive::HomeExists(home)) return NotFound(Text(Msg::kNoHome, {home.root.string()}));
  return home;
}

std::string ForTerminal(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if ((c < 0x20 && c != '\t' && !(keep_newlines && c == '\n')) || c == 0x7F || c1) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      if (c1) ++i;
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

int Fail(const Status& status) {
  std::cerr << "sohoa: " << ForTerminal(status.message()) << "\n";
  switch (status.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kInvalidArgument: return kExitUsage;
    case StatusCode::kNotFound: return kExitNotFound;
    default: return kExitError;
  }
}

std::string Codes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ", ") + c;
  return out;
}

std::string Megabytes(std::int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

std::string RateText(const archive::RateCell& cell) {
  const auto percent = cell.percent();
  char rate[32];
  if (percent) {
    std::snprintf(rate, sizeof rate, "%.2f%%", *percent);
  } else {
    std::snprintf(rate, sizeof rate, "N/A");
  }
  return std::to_string(cell.numerator) + "/" + std::to_string(cell.denominator) + " " + rate;
}

nlohmann::json RateJson(const archive::RateCell& cell) { return report::RateJson(cell); }

CLI::Validator DayOption() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        Result<DayRange> day = ParseDayOrMonth(value);
        if (!day.ok()) return day.status().message();
        if (day->from != day->to) return "'" + value + "' is a month: give one day, dd/mm/yyyy or yyyy-mm-dd";
        value = day->from;
        return "";
      },
      "DAY");
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(Text(Msg::kNoFile, {path}));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return IoError("cannot read " + path);
  return bytes.str();
}

std::string UserOrEnv(const std::string& user) {
  if (!user.empty()) return user;
  const char* env = std::getenv("USER");
  return env != nullptr && *env != '\0' ? env : "unknown";
}

void AddJsonFlag(CLI::App& command, GlobalOptions& options) {
  command.add_flag("--json", options.json, "Print the result as JSON");
}

nlohmann::json DossierToJson(const DossierRecord& d, bool with_words,
                             const ArchivalMetadata* metadata) {
  // One writer for the JSON of show, get and packages: they never drift apart.
  return nlohmann::json::parse(archive::DossierJson(d, metadata, with_words));
}

std::string Column(std::string_view utf8, size_t width, bool align_right) {
  auto is_start = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  size_t columns = 0;
  for (char c : utf8) columns += is_start(c);
  std::string out;
  if (columns <= width) {
    std::string pad(width - columns, ' ');
    return align_right ? pad + std::string(utf8) : std::string(utf8) + pad;
  }
  size_t kept = 0;
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (is_start(utf8[i]) && ++kept > width - 1) break;
    out += utf8[i];
  }
  return out + "\u2026";
}

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

Result<std::unique_ptr<archive::Catalog>> OpenCatalog(const GlobalOptions& options) {
  SOHOA_ASSIGN_OR_RETURN(archive::HomeLayout home, ExistingHome(options));
  return archive::OpenCatalog(home);
}

}  // namespace sohoa::cli
