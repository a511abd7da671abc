#include "tools/gen/people.h"

#include <array>
#include <cstdint>
#include <vector>

#include "schema/text.h"

namespace sohoa::gen {
namespace {

struct WeightedName {
  const char* name;
  double weight;  // rough share of the population, in percent
};

constexpr std::array<WeightedName, 16> kSurnames = {{
    {"Nguyễn", 38},
    {"Trần", 11},
    {"Lê", 9.5},
    {"Phạm", 7},
    {"Hoàng", 5},
    {"Huỳnh", 5},
    {"Phan", 4.5},
    {"Vũ", 3.9},
    {"Võ", 3.9},
    {"Đặng", 2.1},
    {"Bùi", 2},
    {"Đỗ", 1.4},
    {"Hồ", 1.3},
    {"Ngô", 1.3},
    {"Dương", 1},
    {"Lý", 0.5},
}};

const std::vector<std::string> kMaleMiddle = {"Văn",  "Hữu",   "Đức",   "Minh", "Quốc",
                                              "Công", "Thanh", "Ngọc",  "Xuân", "Đình",
                                              "Anh",  "Gia",   "Trọng", "Tấn"};
const std::vector<std::string> kFemaleMiddle = {"Thị", "Thị",  "Thị",  "Ngọc", "Thanh",
                                                "Thu", "Minh", "Kim",  "Thùy", "Phương",
                                                "Bảo", "Mỹ",   "Diệu", "Hoài"};
const std::vector<std::string> kMaleGiven = {
    "Hùng",  "Dũng",  "Tuấn", "Đức",  "Khánh", "Minh",  "Long",  "Nam",   "Phúc",  "Quân",
    "Thắng", "Trung", "Việt", "Hiếu", "Huy",   "Khang", "Lộc",   "Nghĩa", "Sơn",   "Tài",
    "Thành", "Vinh",  "Bảo",  "Đạt",  "Phong", "Kiên",  "Cường", "Hải",   "Thịnh", "Toàn"};
const std::vector<std::string> kFemaleGiven = {
    "Lan",   "Hương", "Phương", "Thảo",  "Hạnh",  "Quỳnh", "Nguyệt", "Hoa",  "Mai",   "Linh",
    "Trang", "Ngân",  "Yến",    "Nhung", "Oanh",  "Diệp",  "Hằng",   "Thủy", "Trinh", "Uyên",
    "Vân",   "Xuân",  "Ánh",    "Châu",  "Giang", "Khánh", "My",     "Nhi",  "Hà",    "Loan"};

// Decodes one UTF-8 code point; returns its byte length (1 on a bad byte).
int Decode(std::string_view s, size_t i, char32_t* cp) {
  auto b = static_cast<unsigned char>(s[i]);
  int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
  if (i + static_cast<size_t>(n) > s.size()) n = 1;
  char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *cp = c;
  return n;
}

void Encode(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

char32_t UpperCodePoint(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 0x20;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;  // à á â ã è é ê ì í ò ó ô õ ù ú ý
  if (c >= 0x100 && c <= 0x17F && (c & 1)) return c - 1;    // ă đ ĩ ũ (Latin Extended-A)
  if (c == 0x1A1 || c == 0x1B0) return c - 1;               // ơ ư
  if (c >= 0x1EA0 && c <= 0x1EF9 && (c & 1)) return c - 1;  // ạ ả ấ … ỹ
  return c;
}

}  // namespace

std::string UpperVi(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    char32_t c = 0;
    i += static_cast<size_t>(Decode(utf8, i, &c));
    Encode(UpperCodePoint(c), &out);
  }
  return out;
}

std::string AsciiUpper(std::string_view utf8) {
  std::string folded = FoldForSearch(utf8);
  for (char& ch : folded) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 0x20);
  }
  return folded;
}

std::string MakeName(Rng& rng, bool female, std::string_view surname) {
  std::string name;
  if (surname.empty()) {
    std::array<double, kSurnames.size()> weights{};
    for (size_t i = 0; i < kSurnames.size(); ++i) weights[i] = kSurnames[i].weight;
    name = kSurnames[rng.Weighted(weights)].name;
  } else {
    name = std::string(surname);
  }
  const auto& middles = female ? kFemaleMiddle : kMaleMiddle;
  const auto& givens = female ? kFemaleGiven : kMaleGiven;
  name += " " + rng.Pick(middles);
  if (rng.Chance(0.15)) {
    // Four-word names take a second middle name: "Nguyễn Thị Ngọc Ánh".
    const std::string& second = rng.Pick(middles);
    if (second != "Thị" && second != "Văn" && name.find(second) == std::string::npos) {
      name += " " + second;
    }
  }
  std::string given = rng.Pick(givens);
  while (name.ends_with(" " + given)) given = rng.Pick(givens);
  return name + " " + given;
}

std::string Surname(std::string_view full_name) {
  return std::string(full_name.substr(0, full_name.find(' ')));
}

std::string MakeCitizenId(Rng& rng, std::string_view province_code, bool female, int birth_year) {
  int century = birth_year >= 2000 ? 2 : 0;
  std::string id(province_code);
  id += static_cast<char>('0' + century + (female ? 1 : 0));
  int yy = birth_year % 100;
  id += static_cast<char>('0' + yy / 10);
  id += static_cast<char>('0' + yy % 10);
  for (int i = 0; i < 6; ++i) id += static_cast<char>('0' + rng.Int(0, 9));
  return id;
}

Person MakePerson(Rng& rng, bool female, const Date& born_from, const Date& born_to,
                  const Agency& agency) {
  Person p;
  p.female = female;
  p.name = MakeName(rng, female);
  p.birth = RandomDate(rng, born_from, born_to);
  const auto& provinces = Provinces();
  const Province& province =
      rng.Chance(0.7) ? KhanhHoa() : provinces[1 + rng.Index(provinces.size() - 1)];
  p.citizen_id = MakeCitizenId(rng, province.code, female, YearOf(p.birth));
  std::string town = rng.Pick(province.home_towns);
  p.home_town_short = town + ", " + province.name;
  p.home_town =
      town + ", " +
      (province.name == "Hà Nội" || province.name == "Hồ Chí Minh" || province.name == "Đà Nẵng"
           ? "thành phố "
           : "tỉnh ") +
      province.name;
  p.residence = PickAddress(rng, agency);
  p.ethnicity = rng.Chance(0.94) ? "Kinh"
                                 : rng.Pick({std::string("Raglai"), std::string("Ê Đê"),
                                             std::string("Chăm"), std::string("Hoa")});
  p.phone = "0" + std::to_string(rng.Pick({3, 5, 7, 8, 9}));
  for (int i = 0; i < 8; ++i) p.phone += static_cast<char>('0' + rng.Int(0, 9));
  return p;
}

}  // namespace sohoa::gen
