#include "archive/postgres/store_rows.h"

#include <charconv>
#include <cstdlib>

#include "archive/internal/catalog_checks.h"
#include "archive/postgres/catalog.h"

namespace sohoa::archive::postgres {

std::vector<Param> RowBatch::Params() const {
  std::vector<Param> params;
  params.reserve(columns_.size());
  for (const std::vector<std::string>& column : columns_) params.emplace_back(TextArray(column));
  return params;
}

std::string RealText(float value) {
  char text[32];
  const auto written = std::to_chars(text, text + sizeof text, value);
  return std::string(text, written.ptr);
}

float ReadReal(const Rows& rows, int row, int column) {
  return std::strtof(rows.Text(row, column).c_str(), nullptr);
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

Result<std::string> Unhex(std::string_view hex) {
  auto digit = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return Corrupt("bytes read back as hex of odd length");
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = digit(hex[i]), low = digit(hex[i + 1]);
    if (high < 0 || low < 0) return Corrupt("bytes read back with a character that is not hex");
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

Status InsertEvents(Connection& db, const std::vector<Event>& events) {
  RowBatch rows(5);
  for (const Event& event : events) {
    SOHOA_ASSIGN_OR_RETURN(std::string outcome, internal::CheckEvent(event));
    rows.Add(event.type, event.object, event.actor.empty() ? "sohoa" : event.actor, outcome, event.detail);
  }
  if (rows.empty()) return Status::Ok();
  return db.Run(
      "INSERT INTO events (type, object, actor, outcome, detail) "
      "SELECT type, object, actor, outcome, detail FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], "
      "$5::text[]) WITH ORDINALITY AS e(type, object, actor, outcome, detail, ord) ORDER BY ord",
      rows.Params());
}

}  // namespace sohoa::archive::postgres
