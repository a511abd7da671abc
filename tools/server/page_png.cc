#include "tools/server/page_png.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstdlib>
#include <list>
#include <memory>
#include <mutex>
#include <tuple>

#include "ocr/isolated_reader.h"
#include "tools/server/internal/streaming.h"

namespace sohoa::server {
namespace {

// Pages decoded lately, so that the rows of one page (a clerk keys 15 to 25
// of them in turn) and a page's image after its rows cost one decode in the
// isolated decoder, not one each: the decode was 110 ms of the 115 ms a row
// image took (tools/bench/keying_bench.sh). Shared by every thread: a Pix
// here is only ever read (a Leptonica refcount is not atomic, so nothing
// clones it); each request copies or cuts out what it sends.
class DecodedPages {
 public:
  using Key = std::tuple<std::string, int>;  // blob address, page in the file
  using Page = std::shared_ptr<Pix>;

  Page Find(const Key& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = pages_.begin(); it != pages_.end(); ++it) {
      if (it->first != key) continue;
      pages_.splice(pages_.begin(), pages_, it);  // most recent first
      return it->second;
    }
    return nullptr;
  }

  void Keep(const Key& key, Page page) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = pages_.begin(); it != pages_.end(); ++it) {
      if (it->first == key) {
        pages_.erase(it);
        break;
      }
    }
    pages_.emplace_front(key, std::move(page));
    while (pages_.size() > kPages) pages_.pop_back();
  }

 private:
  // A 300 dpi A4 page in colour is 35 MB decoded; most are grey (9 MB).
  static constexpr std::size_t kPages = 8;
  std::mutex mutex_;
  std::list<std::pair<Key, Page>> pages_;
};

DecodedPages& Cache() {
  static DecodedPages* cache = new DecodedPages;
  return *cache;
}

// The decoder reads a file: the blob is copied to a temporary one (checked
// against its address on the way), which goes once it is decoded. A copy
// costs a few milliseconds of a decode's hundred, and works the same for a
// blob in a folder or in S3.
Result<DecodedPages::Page> Decoded(archive::BlobStore& blobs, const std::string& sha256, int source_page) {
  const DecodedPages::Key key{archive::CanonicalAddress(sha256), source_page};
  if (auto page = Cache().Find(key)) return page;
  const std::filesystem::path file = TemporaryPath(".scan");
  struct Remove {
    const std::filesystem::path& file;
    ~Remove() {
      std::error_code ignored;
      std::filesystem::remove(file, ignored);
    }
  } remove{file};
  SOHOA_RETURN_IF_ERROR(archive::CopyBlobTo(blobs, sha256, file));
  SOHOA_ASSIGN_OR_RETURN(auto reader, ocr::OpenIsolated(file));
  if (source_page < 0 || source_page >= reader->page_count()) return NotFound("no such page in the scan");
  SOHOA_ASSIGN_OR_RETURN(ocr::PageImage image, reader->Read(source_page));
  if (image.pix == nullptr) return Corrupt("the page has no image");
  DecodedPages::Page page(image.pix.release(), [](Pix* p) { pixDestroy(&p); });
  Cache().Keep(key, page);
  return page;
}

// `crop` clipped to the page, as a new Pix (nullptr on failure).
ocr::PixPtr Cut(Pix* page, const Box& crop) {
  const int page_w = pixGetWidth(page), page_h = pixGetHeight(page);
  const int x = std::clamp(crop.x, 0, page_w - 1), y = std::clamp(crop.y, 0, page_h - 1);
  const int w = std::clamp(crop.w, 1, page_w - x), h = std::clamp(crop.h, 1, page_h - y);
  BOX* box = boxCreate(x, y, w, h);
  ocr::PixPtr cut(pixClipRectangle(page, box, nullptr));
  boxDestroy(&box);
  return cut;
}

}  // namespace

Result<std::string> PagePng(archive::BlobStore& blobs, const std::string& sha256, int source_page, int rotation,
                            int width, const Box* crop) {
  SOHOA_ASSIGN_OR_RETURN(DecodedPages::Page decoded, Decoded(blobs, sha256, source_page));
  // This request's own pixels: the decoded page is shared. A row is cut
  // straight out of it (pixClipRectangle writes a new Pix by raster
  // operation); anything else starts from a copy, because Leptonica's
  // transforms may clone their source, and a clone changes its refcount.
  const int quarters = ((rotation / 90) % 4 + 4) % 4;
  Pix* source = decoded.get();
  ocr::PixPtr pix;
  if (crop != nullptr && quarters == 0) {
    pix = Cut(source, *crop);
    if (pix == nullptr) return Internal("cannot cut the row out of the page");
    crop = nullptr;
  } else {
    pix.reset(pixCopy(nullptr, source));
    if (pix == nullptr) return Internal("cannot copy the page");
  }
  if (quarters != 0) {
    pix.reset(pixRotateOrth(pix.get(), quarters));
    if (pix == nullptr) return Internal("cannot turn the page");
  }
  if (crop != nullptr) {
    pix = Cut(pix.get(), *crop);
    if (pix == nullptr) return Internal("cannot cut the row out of the page");
  }
  const int own = pixGetWidth(pix.get());
  const int target = width > 0 ? width : std::min(own, kMaxImageWidth);
  if (target != own && own > 0) {
    const float scale = static_cast<float>(target) / static_cast<float>(own);
    // Grey text stays readable when shrunk (pixScale smooths; 1 bpp becomes grey).
    pix.reset(pixScale(pix.get(), scale, scale));
    if (pix == nullptr) return Internal("cannot scale the page");
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixWriteMem(&data, &size, pix.get(), IFF_PNG) != 0 || data == nullptr) {
    return Internal("cannot encode the page as PNG");
  }
  std::string png(reinterpret_cast<const char*>(data), size);
  std::free(data);
  return png;
}

}  // namespace sohoa::server
