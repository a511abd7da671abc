#include "schema/surnames.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "schema/text.h"

namespace sohoa {
namespace {

// The surnames of the Kinh and of the Hoa and other peoples who write
// their names as Vietnamese syllables: the fourteen that most Vietnamese
// bear (Nguyễn alone about 38%) and the rarer ones that share their letters
// but not their marks (Ngọ beside Ngô, Lường beside Lương, Đàng beside
// Đặng, Hạ beside Hà, Lã beside La), so that a rare one read right is
// never "mended" into a common one.
const std::vector<std::string>& Surnames() {
  static const std::vector<std::string> list = {
      "Nguyễn", "Trần",  "Lê",    "Phạm",  "Hoàng", "Huỳnh", "Phan",  "Vũ",    "Võ",    "Đặng",
      "Bùi",    "Đỗ",    "Hồ",    "Ngô",   "Dương", "Lý",    "Lương", "Đinh",  "Trương", "Lâm",
      "Mai",    "Trịnh", "Đoàn",  "Đào",   "Cao",   "Hà",    "Lưu",   "Tô",    "Tạ",    "Chu",
      "Châu",   "Quách", "Thái",  "Văn",   "Vương", "Kiều",  "Triệu", "Lại",   "Khúc",  "Tăng",
      "Mạc",    "La",    "Lã",    "Thân",  "Giang", "Lò",    "Quàng", "Hứa",   "Phùng", "Tôn",
      "Từ",     "Diệp",  "Âu",    "Ông",   "Bạch",  "Nông",  "Lục",   "Hầu",   "Đàm",   "Lăng",
      "Nghiêm", "Vi",    "Kim",   "Lữ",    "Nhâm",  "Khổng", "Phí",   "Trình", "Thạch", "Sơn",
      "Danh",   "Đồng",  "Tống",  "Thiều", "Ninh",  "Doãn",  "Khuất", "Khương", "Lạc",  "Liêu",
      "Mẫn",    "Nhan",  "Phó",   "Quản",  "Tiêu",  "Trầm",  "Ung",   "Viên",  "Hạ",    "Bế",
      "Cù",     "Cung",  "Giáp",  "Hàn",   "Hoa",   "Kha",   "Mã",    "Mạch",  "Ngọ",   "Phương",
      "Quan",   "Sầm",   "Tiết",  "Ứng",   "Chế",   "Chử",   "Đậu",   "Đới",   "Đường", "Hình",
      "Lô",     "Lỗ",    "Mạnh",  "Nhữ",   "Ôn",    "Phi",   "Tào",   "Thang", "Thi",   "Tiền",
      "Trang",  "Trà",   "Tưởng", "Vy",    "Xa",    "Đan",   "Điền",  "Giản",  "Lam",   "Lư",
      "Lường",  "Đàng",  "Vòng",  "Tất",   "Nhạc",  "Lều",   "Ma",    "Mông",  "Đông"};
  return list;
}

// Folded form (no marks, lower case, đ as d) → the surnames folding to it.
const std::map<std::string, std::vector<std::string>>& ByFold() {
  static const std::map<std::string, std::vector<std::string>> by_fold = [] {
    std::map<std::string, std::vector<std::string>> m;
    for (const std::string& s : Surnames()) {
      std::vector<std::string>& same = m[FoldForSearch(s)];
      if (std::find(same.begin(), same.end(), s) == same.end()) same.push_back(s);
    }
    return m;
  }();
  return by_fold;
}

}  // namespace

bool IsKnownSurname(std::string_view word) {
  const std::string lower = LowerKeepMarks(ToNfc(word));
  const auto it = ByFold().find(FoldForSearch(lower));
  if (it == ByFold().end()) return false;
  for (const std::string& s : it->second) {
    if (LowerKeepMarks(s) == lower) return true;
  }
  return false;
}

std::optional<std::string> SurnameMeant(std::string_view word) {
  if (word.empty() || word.find(' ') != std::string_view::npos || IsKnownSurname(word)) {
    return std::nullopt;
  }
  const std::string nfc = ToNfc(word);
  const auto it = ByFold().find(FoldForSearch(nfc));
  if (it == ByFold().end() || it->second.size() != 1) return std::nullopt;
  const std::string& surname = it->second.front();
  // In the word's case: "TRÂN" → "TRẦN", "Trân" and "trân" → "Trần".
  const std::vector<char32_t> letters = CodePoints(nfc);
  const bool all_capitals = letters.size() > 1 && UpperKeepMarks(nfc) == nfc;
  return all_capitals ? UpperKeepMarks(surname) : surname;
}

}  // namespace sohoa
