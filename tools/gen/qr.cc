#include "tools/gen/qr.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace sohoa::gen {
namespace {

struct QrCodeDeleter {
  void operator()(QRcode* q) const noexcept { QRcode_free(q); }
};
using QrCodePtr = std::unique_ptr<QRcode, QrCodeDeleter>;

}  // namespace

Result<QrMatrix> EncodeQr(std::string_view text) {
  std::string data(text);
  QrCodePtr code(QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M));
  if (!code) return InvalidArgument("cannot encode a QR code for \"" + data + "\"");
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<size_t>(m.size) * static_cast<size_t>(m.size));
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  return m;
}

}  // namespace sohoa::gen
