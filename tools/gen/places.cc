#include "tools/gen/places.h"

#include <string>

namespace sohoa::gen {
namespace {

Commune C(std::string name, std::string short_name, std::string district,
          std::string district_short, std::string commune_no, std::string district_no, bool urban) {
  return Commune{std::move(name),
                 std::move(short_name),
                 std::move(district),
                 std::move(district_short),
                 "000." + commune_no + "." + district_no + ".H32",
                 "000.00." + district_no + ".H32",
                 urban};
}

const std::vector<std::string>& Streets() {
  static const std::vector<std::string> streets = {"Trần Phú",
                                                   "Lê Thánh Tôn",
                                                   "Nguyễn Thiện Thuật",
                                                   "Hùng Vương",
                                                   "Yersin",
                                                   "Thống Nhất",
                                                   "2 Tháng 4",
                                                   "Lê Hồng Phong",
                                                   "Phạm Văn Đồng",
                                                   "Nguyễn Trãi",
                                                   "Quang Trung",
                                                   "Ngô Gia Tự",
                                                   "Hoàng Văn Thụ",
                                                   "Lý Tự Trọng",
                                                   "Trần Quang Khải",
                                                   "Nguyễn Thị Minh Khai",
                                                   "Phan Bội Châu",
                                                   "Hai Bà Trưng",
                                                   "Lê Lợi",
                                                   "Điện Biên Phủ"};
  return streets;
}

const std::vector<std::string>& Hamlets() {
  static const std::vector<std::string> hamlets = {
      "Phú Ân Nam", "Lễ Thạnh", "Xuân Phong", "Phước Lương", "Đông Dinh", "Tây Nam",
      "Trung",      "Đông Bắc", "Võ Cạnh",    "Vĩnh Châu",   "Hòn Nghê",  "Suối Cát"};
  return hamlets;
}

}  // namespace

std::string Address::Full() const {
  return street + ", " + commune->name + ", " + commune->district + ", " +
         std::string(kProvinceName);
}

std::string Address::Short() const {
  // A CCCD drops the "Số" and "đường" words: "25 Trần Phú, Lộc Thọ, Nha Trang, Khánh Hòa".
  std::string s = street;
  const std::string number = "Số ", road = " đường ";
  if (s.rfind(number, 0) == 0) s = s.substr(number.size());
  if (auto pos = s.find(road); pos != std::string::npos) {
    s = s.substr(0, pos) + " " + s.substr(pos + road.size());
  }
  return s + ", " + commune->short_name + ", " + commune->district_short + ", Khánh Hòa";
}

const std::vector<Commune>& Communes() {
  static const std::vector<Commune> communes = {
      C("phường Vĩnh Hải", "Vĩnh Hải", "thành phố Nha Trang", "Nha Trang", "31", "22", true),
      C("phường Lộc Thọ", "Lộc Thọ", "thành phố Nha Trang", "Nha Trang", "27", "22", true),
      C("phường Phước Hải", "Phước Hải", "thành phố Nha Trang", "Nha Trang", "35", "22", true),
      C("phường Vĩnh Phước", "Vĩnh Phước", "thành phố Nha Trang", "Nha Trang", "29", "22", true),
      C("xã Vĩnh Ngọc", "Vĩnh Ngọc", "thành phố Nha Trang", "Nha Trang", "41", "22", false),
      C("xã Diên An", "Diên An", "huyện Diên Khánh", "Diên Khánh", "20", "21", false),
      C("xã Diên Phú", "Diên Phú", "huyện Diên Khánh", "Diên Khánh", "22", "21", false),
      C("thị trấn Diên Khánh", "Diên Khánh", "huyện Diên Khánh", "Diên Khánh", "10", "21", true),
      C("phường Cam Lộc", "Cam Lộc", "thành phố Cam Ranh", "Cam Ranh", "12", "23", true),
      C("xã Cam Thịnh Đông", "Cam Thịnh Đông", "thành phố Cam Ranh", "Cam Ranh", "25", "23", false),
      C("phường Ninh Hiệp", "Ninh Hiệp", "thị xã Ninh Hòa", "Ninh Hòa", "15", "24", true),
      C("xã Ninh Đa", "Ninh Đa", "thị xã Ninh Hòa", "Ninh Hòa", "21", "24", false),
      C("thị trấn Cam Đức", "Cam Đức", "huyện Cam Lâm", "Cam Lâm", "10", "25", true),
      C("xã Suối Tân", "Suối Tân", "huyện Cam Lâm", "Cam Lâm", "18", "25", false),
      C("thị trấn Vạn Giã", "Vạn Giã", "huyện Vạn Ninh", "Vạn Ninh", "10", "26", true),
  };
  return communes;
}

const std::vector<Province>& Provinces() {
  static const std::vector<Province> provinces = {
      {"056",
       "Khánh Hòa",
       {"Diên An, Diên Khánh", "Vĩnh Hải, Nha Trang", "Ninh Hiệp, Ninh Hòa", "Cam Đức, Cam Lâm",
        "Vạn Giã, Vạn Ninh", "Cam Lộc, Cam Ranh"}},
      {"052", "Bình Định", {"Nhơn Hưng, An Nhơn", "Phước Lộc, Tuy Phước", "Hoài Thanh, Hoài Nhơn"}},
      {"054", "Phú Yên", {"Hòa Vinh, Đông Hòa", "An Ninh Đông, Tuy An"}},
      {"058", "Ninh Thuận", {"Phước Dân, Ninh Phước", "Tân Hải, Ninh Hải"}},
      {"048", "Đà Nẵng", {"Hòa Khánh Bắc, Liên Chiểu", "Hòa Vang"}},
      {"051", "Quảng Ngãi", {"Tịnh Ấn Tây, Sơn Tịnh", "Đức Phổ"}},
      {"040", "Nghệ An", {"Nghi Phong, Nghi Lộc", "Diễn Châu"}},
      {"038", "Thanh Hóa", {"Quảng Xương", "Hoằng Hóa"}},
      {"066", "Đắk Lắk", {"Ea Tu, Buôn Ma Thuột", "Krông Pắc"}},
      {"068", "Lâm Đồng", {"Phường 4, Đà Lạt", "Đức Trọng"}},
      {"001", "Hà Nội", {"Dịch Vọng, Cầu Giấy", "Thạch Thất"}},
      {"079", "Hồ Chí Minh", {"Phường 7, Quận 3", "Củ Chi"}},
  };
  return provinces;
}

const Province& KhanhHoa() { return Provinces().front(); }

Agency PickAgency(Rng& rng, std::string_view level) {
  const auto& communes = Communes();
  const Commune& c = communes[rng.Index(communes.size())];
  Agency a;
  if (level == "tinh") {
    a.code = "000.00.00.H32";
    a.level = "tinh";
    a.unit = std::string(kProvinceName);
    a.place = "Khánh Hòa";
    a.desk = "Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa";
  } else if (level == "huyen") {
    a.code = c.district_code;
    a.level = "huyen";
    a.unit = c.district;
    a.place = c.district_short;
    a.district = c.district;
    a.desk = "Bộ phận Tiếp nhận và Trả kết quả " + c.district;
  } else {
    a.code = c.agency_code;
    a.level = "xa";
    a.unit = c.name;
    a.place = c.short_name;
    a.district = c.district;
    a.commune = &c;
    a.desk = "Bộ phận Một cửa " + c.name;
  }
  return a;
}

Address PickAddress(Rng& rng, const Agency& agency) {
  const auto& communes = Communes();
  const Commune* c = agency.commune;
  if (c == nullptr || rng.Chance(0.1)) {
    std::vector<const Commune*> pool;
    for (const auto& x : communes) {
      if (agency.district.empty() || x.district == agency.district) pool.push_back(&x);
    }
    c = pool[rng.Index(pool.size())];
  }
  Address a;
  a.commune = c;
  if (c->urban) {
    if (rng.Chance(0.25)) {
      a.street = "Tổ dân phố " + std::to_string(rng.Int(1, 18));
    } else {
      std::string number = std::to_string(rng.Int(1, 240));
      if (rng.Chance(0.2)) number += "/" + std::to_string(rng.Int(1, 30));
      a.street = "Số " + number + " đường " + rng.Pick(Streets());
    }
  } else {
    a.street = "Thôn " + rng.Pick(Hamlets());
  }
  return a;
}

const std::string& PickHospital(Rng& rng) {
  static const std::vector<std::string> hospitals = {
      "Bệnh viện Đa khoa tỉnh Khánh Hòa", "Bệnh viện Sản - Nhi tỉnh Khánh Hòa",
      "Trung tâm Y tế huyện Diên Khánh",  "Bệnh viện Quân y 87",
      "Trung tâm Y tế thị xã Ninh Hòa",   "Bệnh viện Đa khoa khu vực Cam Ranh"};
  return rng.Pick(hospitals);
}

}  // namespace sohoa::gen
