#include "tools/server/internal/streaming.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <vector>

namespace sohoa::server {

namespace fs = std::filesystem;

void StreamFile(httplib::Response& res, const fs::path& file, const std::string& media_type,
                const fs::path& remove_after) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  auto in = std::make_shared<std::ifstream>(file, std::ios::binary);
  res.set_content_provider(
      ec ? 0 : static_cast<std::size_t>(size), media_type,
      [in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        std::vector<char> buffer(std::min<std::size_t>(length, 64 * 1024));
        in->seekg(static_cast<std::streamoff>(offset));
        in->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in->gcount();
        if (got <= 0) return false;
        return sink.write(buffer.data(), static_cast<std::size_t>(got));
      },
      [in, remove_after](bool) {
        in->close();
        if (!remove_after.empty()) {
          std::error_code ignored;
          fs::remove_all(remove_after, ignored);
        }
      });
}

Status StreamBlob(httplib::Response& res, archive::BlobStore& blobs, const std::string& sha256,
                  const std::string& media_type) {
  SOHOA_ASSIGN_OR_RETURN(const std::int64_t size, blobs.Size(sha256));
  // The reader and where it stands: httplib asks for the body in order, so
  // one reader serves it; a jump (a client's retry) opens another there.
  struct Position {
    std::unique_ptr<archive::BlobReader> reader;
    std::size_t at = 0;
  };
  auto position = std::make_shared<Position>();
  res.set_content_provider(
      static_cast<std::size_t>(size), media_type,
      [&blobs, sha256, position](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        if (position->reader == nullptr || position->at != offset) {
          auto opened = blobs.Open(sha256, static_cast<std::int64_t>(offset));
          if (!opened.ok()) return false;
          position->reader = std::move(*opened);
          position->at = offset;
        }
        std::vector<char> buffer(std::min<std::size_t>(length, 64 * 1024));
        auto got = position->reader->Read(buffer.data(), buffer.size());
        if (!got.ok() || *got == 0) return false;
        position->at += *got;
        return sink.write(buffer.data(), *got);
      },
      [position](bool) { position->reader.reset(); });
  return Status::Ok();
}

std::string PercentEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 && c < 0x80) {
      out += static_cast<char>(c);
    } else if (c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string AttachmentHeader(const std::string& name) {
  std::string ascii;
  for (unsigned char c : name) {
    ascii += c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? static_cast<char>(c) : '_';
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + PercentEncode(name);
}

fs::path TemporaryPath(const std::string& suffix) {
  std::random_device random;
  char name[40];
  std::snprintf(name, sizeof name, "sohoa-%08x%08x", random(), random());
  std::error_code ec;
  fs::path dir = fs::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  return dir / (std::string(name) + suffix);
}

}  // namespace sohoa::server
