#include "archive/storage.h"

#include <fstream>
#include <sstream>
#include <system_error>

#include "archive/durable_file.h"
#include "archive/s3/s3_blob_store.h"
#include "archive/s3/s3_settings.h"
#include "schema/messages.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSettingsFile = "sohoa.toml";

std::string Trim(std::string_view text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t' || text[begin] == '\r')) ++begin;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) --end;
  return std::string(text.substr(begin, end - begin));
}

// A TOML basic string "..." with the escapes \" \\ \t \n; the rest of the
// line may only be a comment. nullopt when the value is anything else.
std::optional<std::string> QuotedValue(std::string_view text) {
  if (text.empty() || text.front() != '"') return std::nullopt;
  std::string value;
  std::size_t i = 1;
  for (; i < text.size() && text[i] != '"'; ++i) {
    if (text[i] != '\\') {
      value += text[i];
      continue;
    }
    if (++i == text.size()) return std::nullopt;
    switch (text[i]) {
      case '"': value += '"'; break;
      case '\\': value += '\\'; break;
      case 't': value += '\t'; break;
      case 'n': value += '\n'; break;
      default: return std::nullopt;
    }
  }
  if (i == text.size()) return std::nullopt;  // no closing quote
  const std::string rest = Trim(text.substr(i + 1));
  if (!rest.empty() && rest.front() != '#') return std::nullopt;
  return value;
}

std::string Quoted(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool StartsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace

Result<StorageSettings> ReadStorageSettings(const HomeLayout& home) {
  const fs::path file = home.root / kSettingsFile;
  std::error_code ec;
  if (!fs::exists(file, ec)) return StorageSettings{};
  std::ifstream in(file);
  if (!in) return ErrnoStatus(errno, "reading " + file.string());
  StorageSettings settings;
  std::string section, line;
  int number = 0;
  const auto bad = [&](Msg what) {
    return InvalidArgument(Text(what, {file.string(), std::to_string(number), line}));
  };
  while (std::getline(in, line)) {
    ++number;
    const std::string text = Trim(line);
    if (text.empty() || text.front() == '#') continue;
    if (text.front() == '[') {
      const std::size_t close = text.find(']');
      const std::string after = close == std::string::npos ? "" : Trim(text.substr(close + 1));
      section = close == std::string::npos ? "" : Trim(text.substr(1, close - 1));
      if (close == std::string::npos || (!after.empty() && after.front() != '#') ||
          (section != "catalog" && section != "blobs")) {
        return bad(Msg::kSettingsUnknownSection);
      }
      continue;
    }
    const std::size_t equals = text.find('=');
    if (equals == std::string::npos || section.empty() || Trim(text.substr(0, equals)) != "url") {
      return bad(Msg::kSettingsUnknownKey);
    }
    const std::optional<std::string> value = QuotedValue(Trim(text.substr(equals + 1)));
    if (!value) return bad(Msg::kSettingsNotAString);
    (section == "catalog" ? settings.catalog_url : settings.blobs_url) = *value;
  }
  return settings;
}

Status WriteStorageSettings(const HomeLayout& home, const StorageSettings& settings) {
  std::ostringstream text;
  text << "# Where this sohoa home keeps its catalog and blobs (archive/storage.h).\n"
          "# Without a setting: catalog.db and blobs/ in this folder.\n";
  if (!settings.catalog_url.empty()) text << "[catalog]\nurl = " << Quoted(settings.catalog_url) << "\n";
  if (!settings.blobs_url.empty()) text << "[blobs]\nurl = " << Quoted(settings.blobs_url) << "\n";
  // A catalog URL may hold a password: the file is for the service alone.
  auto file = DurableFile::Create(home.root / kSettingsFile);
  if (!file.ok()) return file.status();
  SOHOA_RETURN_IF_ERROR(file->Write(text.str()));
  return file->Commit(0600);
}

std::string CatalogLocation::ForDisplay() const {
  if (kind == Kind::kSqlite) return sqlite_file.string();
  // postgresql://user:secret@host/db: the password never reaches a log.
  const std::size_t scheme = postgres_url.find("://");
  const std::size_t at = postgres_url.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos) return postgres_url;
  const std::size_t colon = postgres_url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return postgres_url;
  return postgres_url.substr(0, colon) + postgres_url.substr(at);
}

Result<CatalogLocation> ParseCatalogUrl(std::string_view url, const fs::path& folder) {
  CatalogLocation location;
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    location.kind = CatalogLocation::Kind::kPostgres;
    location.postgres_url = std::string(url);
    return location;
  }
  std::string_view path = url;
  if (StartsWith(path, "sqlite:")) {
    path.remove_prefix(7);
  } else if (path.size() < 3 || path.substr(path.size() - 3) != ".db") {
    return InvalidArgument(Text(Msg::kCatalogUrlUnknown, {url}));
  }
  if (path.empty()) return InvalidArgument(Text(Msg::kCatalogUrlUnknown, {url}));
  const fs::path file(path);
  location.sqlite_file = file.is_absolute() ? file : (folder / file).lexically_normal();
  return location;
}

std::string AbsoluteCatalogUrl(std::string_view url, const fs::path& folder) {
  Result<CatalogLocation> location = ParseCatalogUrl(url, folder);
  if (!location.ok() || location->kind != CatalogLocation::Kind::kSqlite) return std::string(url);
  return "sqlite:" + location->sqlite_file.string();
}

Result<CatalogLocation> LocateCatalog(const HomeLayout& home) {
  if (!home.catalog_url.empty()) {
    SOHOA_ASSIGN_OR_RETURN(CatalogLocation location, ParseCatalogUrl(home.catalog_url, home.root));
    location.chosen_by = home.catalog_url_from.empty() ? "--catalog" : home.catalog_url_from;
    return location;
  }
  SOHOA_ASSIGN_OR_RETURN(StorageSettings settings, ReadStorageSettings(home));
  if (!settings.catalog_url.empty()) {
    SOHOA_ASSIGN_OR_RETURN(CatalogLocation location, ParseCatalogUrl(settings.catalog_url, home.root));
    location.chosen_by = (home.root / kSettingsFile).string();
    return location;
  }
  CatalogLocation location;
  location.sqlite_file = home.catalog();
  return location;
}

std::string BlobLocation::ForDisplay() const { return kind == Kind::kS3 ? s3_url : folder.string(); }

Result<BlobLocation> ParseBlobUrl(std::string_view url, const fs::path& folder, const std::string& chosen_by) {
  BlobLocation location;
  location.chosen_by = chosen_by;
  if (StartsWith(url, "s3://")) {
    location.kind = BlobLocation::Kind::kS3;
    location.s3_url = std::string(url);
    S3Settings parsed;  // the bucket and prefix are checked now, the rest when opened
    SOHOA_RETURN_IF_ERROR(ParseS3Url(url, parsed));
    return location;
  }
  std::string_view path = url;
  if (StartsWith(path, "file:")) path.remove_prefix(5);
  if (path.empty() || path.find("://") != std::string_view::npos) {
    return InvalidArgument(Text(Msg::kBlobsUrlUnknown, {std::string(url), chosen_by}));
  }
  location.folder = fs::path(path).is_absolute() ? fs::path(path) : folder / fs::path(path);
  return location;
}

Result<BlobLocation> LocateBlobs(const HomeLayout& home) {
  if (!home.blobs_url.empty()) {
    std::error_code ec;
    const fs::path here = fs::current_path(ec);
    return ParseBlobUrl(home.blobs_url, ec ? home.root : here,
                        home.blobs_url_from.empty() ? "--blobs" : home.blobs_url_from);
  }
  SOHOA_ASSIGN_OR_RETURN(StorageSettings settings, ReadStorageSettings(home));
  if (!settings.blobs_url.empty()) {
    return ParseBlobUrl(settings.blobs_url, home.root, (home.root / kSettingsFile).string());
  }
  BlobLocation location;
  location.folder = home.blobs();
  return location;
}

Result<std::unique_ptr<Catalog>> OpenCatalog(const HomeLayout& home, bool create) {
  SOHOA_ASSIGN_OR_RETURN(CatalogLocation location, LocateCatalog(home));
  if (location.kind == CatalogLocation::Kind::kPostgres) {
    return Catalog::OpenPostgres(location.postgres_url, location.ForDisplay(), create);
  }
  return Catalog::Open(location.sqlite_file, create);
}

Result<std::unique_ptr<BlobStore>> OpenBlobStore(const BlobLocation& location) {
  if (location.kind == BlobLocation::Kind::kS3) return OpenS3BlobStore(location.s3_url);
  return std::unique_ptr<BlobStore>(std::make_unique<FolderBlobStore>(location.folder));
}

Result<std::unique_ptr<BlobStore>> OpenBlobStore(const HomeLayout& home) {
  SOHOA_ASSIGN_OR_RETURN(const BlobLocation location, LocateBlobs(home));
  return OpenBlobStore(location);
}

}  // namespace sohoa::archive
