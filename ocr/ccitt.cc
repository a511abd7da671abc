#include "ocr/ccitt.h"

#include <leptonica/allheaders.h>

#include <cstdint>
#include <vector>

#include "ocr/leptonica_ptr.h"
#include "ocr/raster_decode.h"

namespace sohoa::ocr {
namespace {

// TIFF 6.0 field types and tags used below.
constexpr std::uint16_t kShort = 3;
constexpr std::uint16_t kLong = 4;

struct Entry {
  std::uint16_t tag;
  std::uint16_t type;
  std::uint32_t value;
};

void PutU16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

void PutU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace

std::string WrapCcittInTiff(std::string_view data, const CcittParams& params) {
  std::uint16_t compression = 3;  // T.4 (Group 3)
  std::uint32_t t4_options = 0;
  if (params.k < 0) {
    compression = 4;  // T.6 (Group 4)
  } else if (params.k == 0 && params.encoded_byte_align && !params.end_of_line) {
    compression = 2;  // Modified Huffman: 1-D, byte-aligned rows, no EOLs
  } else {
    if (params.k > 0) t4_options |= 1;               // 2-D coding
    if (params.encoded_byte_align) t4_options |= 4;  // fill bits before EOL
  }
  const auto rows = static_cast<std::uint32_t>(params.rows);
  std::vector<Entry> entries = {
      {256, kLong, static_cast<std::uint32_t>(params.columns)},  // ImageWidth
      {257, kLong, rows},                                        // ImageLength
      {258, kShort, 1},                                          // BitsPerSample
      {259, kShort, compression},                                // Compression
      {262, kShort, 0},                                          // Photometric: WhiteIsZero
      {266, kShort, 1},                                          // FillOrder: MSB first
      {273, kLong, 0},                                           // StripOffsets (set below)
      {277, kShort, 1},                                          // SamplesPerPixel
      {278, kLong, rows},                                        // RowsPerStrip
      {279, kLong, static_cast<std::uint32_t>(data.size())},     // StripByteCounts
  };
  if (compression == 3) entries.push_back({292, kLong, t4_options});  // T4Options
  if (compression == 4) entries.push_back({293, kLong, 0});           // T6Options

  const std::uint32_t ifd_size = 2 + 12 * static_cast<std::uint32_t>(entries.size()) + 4;
  const std::uint32_t data_offset = 8 + ifd_size;
  for (Entry& e : entries) {
    if (e.tag == 273) e.value = data_offset;
  }

  std::string tiff;
  tiff.reserve(data_offset + data.size());
  tiff += "II";
  PutU16(tiff, 42);
  PutU32(tiff, 8);
  PutU16(tiff, static_cast<std::uint16_t>(entries.size()));
  for (const Entry& e : entries) {
    PutU16(tiff, e.tag);
    PutU16(tiff, e.type);
    PutU32(tiff, 1);
    if (e.type == kShort) {
      PutU16(tiff, static_cast<std::uint16_t>(e.value));  // left-justified in the field
      PutU16(tiff, 0);
    } else {
      PutU32(tiff, e.value);
    }
  }
  PutU32(tiff, 0);  // no next IFD
  tiff.append(data);
  return tiff;
}

Result<PixPtr> DecodeCcitt(std::string_view data, const CcittParams& params) {
  if (params.columns <= 0 || params.rows <= 0) {
    return Corrupt("CCITT image has no size (" + std::to_string(params.columns) + " columns, " +
                   std::to_string(params.rows) + " rows)");
  }
  SOHOA_RETURN_IF_ERROR(CheckImageSize(params.columns, params.rows));
  const std::string tiff = WrapCcittInTiff(data, params);
  LeptonicaMessages messages;
  PixPtr pix(pixReadMemTiff(reinterpret_cast<const l_uint8*>(tiff.data()), tiff.size(), 0));
  if (!pix) {
    std::string why = messages.Summary();
    return Corrupt(std::string(params.k < 0 ? "CCITT G4" : "CCITT G3") + " data cannot be decoded" +
                   (why.empty() ? "" : " (" + why + ")"));
  }
  if (pixGetDepth(pix.get()) != 1) return Internal("CCITT decoder returned a non-binary image");
  // With WhiteIsZero, Leptonica gives 1 for the code's black runs. BlackIs1
  // means those runs are sample value 1, which DeviceGray paints white.
  if (params.black_is_1) pixInvert(pix.get(), pix.get());
  pixSetResolution(pix.get(), 0, 0);
  return pix;
}

}  // namespace sohoa::ocr
