#include "ingest/page_cache.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

#include "archive/durable_file.h"

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t kMagic = 0x53435031;  // "SCP1"

class Out {
 public:
  void U32(std::uint32_t v) { s_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void I32(std::int32_t v) { s_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void F32(float v) { s_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void Str(const std::string& v) {
    U32(static_cast<std::uint32_t>(v.size()));
    s_ += v;
  }
  void Box(const sohoa::Box& b) {
    I32(b.x);
    I32(b.y);
    I32(b.w);
    I32(b.h);
  }
  const std::string& bytes() const { return s_; }

 private:
  std::string s_;
};

class In {
 public:
  explicit In(const std::string& s) : s_(s) {}
  bool U32(std::uint32_t* v) { return Raw(v, sizeof *v); }
  bool I32(std::int32_t* v) { return Raw(v, sizeof *v); }
  bool F32(float* v) { return Raw(v, sizeof *v); }
  bool Str(std::string* v) {
    std::uint32_t n = 0;
    if (!U32(&n) || n > s_.size() - at_) return false;
    v->assign(s_, at_, n);
    at_ += n;
    return true;
  }
  bool Box(sohoa::Box* b) { return I32(&b->x) && I32(&b->y) && I32(&b->w) && I32(&b->h); }
  bool done() const { return at_ == s_.size(); }

 private:
  bool Raw(void* p, size_t n) {
    if (n > s_.size() - at_) return false;
    std::memcpy(p, s_.data() + at_, n);
    at_ += n;
    return true;
  }
  const std::string& s_;
  size_t at_ = 0;
};

}  // namespace

std::optional<ocr::RecognizedPage> PageCache::Load(const std::string& sha256, int index) const {
  std::ifstream file(dir_ / sha256 / std::to_string(index), std::ios::binary);
  if (!file) return std::nullopt;
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  In in(bytes);
  ocr::RecognizedPage page;
  std::uint32_t magic = 0, words = 0, codes = 0;
  if (!in.U32(&magic) || magic != kMagic || !in.Str(&page.text) || !in.F32(&page.confidence) ||
      !in.I32(&page.rotation) || !in.F32(&page.skew_degrees) || !in.I32(&page.dpi) || !in.I32(&page.width) ||
      !in.I32(&page.height) || !in.U32(&words) || words > bytes.size()) {
    return std::nullopt;
  }
  page.words.resize(words);
  for (Word& w : page.words) {
    if (!in.Str(&w.text) || !in.Box(&w.box) || !in.F32(&w.confidence)) return std::nullopt;
  }
  if (!in.U32(&codes) || codes > bytes.size()) return std::nullopt;
  page.barcodes.resize(codes);
  for (ocr::Barcode& b : page.barcodes) {
    if (!in.Str(&b.format) || !in.Str(&b.text) || !in.Box(&b.box)) return std::nullopt;
  }
  if (!in.done()) return std::nullopt;
  return page;
}

void PageCache::Store(const std::string& sha256, int index, const ocr::RecognizedPage& page) const {
  Out out;
  out.U32(kMagic);
  out.Str(page.text);
  out.F32(page.confidence);
  out.I32(page.rotation);
  out.F32(page.skew_degrees);
  out.I32(page.dpi);
  out.I32(page.width);
  out.I32(page.height);
  out.U32(static_cast<std::uint32_t>(page.words.size()));
  for (const Word& w : page.words) {
    out.Str(w.text);
    out.Box(w.box);
    out.F32(w.confidence);
  }
  out.U32(static_cast<std::uint32_t>(page.barcodes.size()));
  for (const ocr::Barcode& b : page.barcodes) {
    out.Str(b.format);
    out.Str(b.text);
    out.Box(b.box);
  }
  std::error_code ec;
  fs::create_directories(dir_ / sha256, ec);
  // Renamed into place whole, so a kill never leaves half a record.
  (void)archive::WriteFileDurably(dir_ / sha256 / std::to_string(index), out.bytes());
}

int PageCache::Count() const {
  int n = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && !archive::IsTemporaryName(it->path().filename().string())) ++n;
  }
  return n;
}

}  // namespace sohoa::ingest
