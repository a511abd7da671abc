// Places for the synthetic corpus: the receiving agencies of Khánh Hòa, the
// wards and communes people live in, and the provinces they come from.
// Agency codes follow the shape of QĐ 20/2020/QĐ-TTg under H32, but which
// number stands for which ward is made up for the sample, not the real register.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/gen/rng.h"

namespace sohoa::gen {

// A ward, commune or town inside Khánh Hòa.
struct Commune {
  std::string name;            // "phường Vĩnh Hải"
  std::string short_name;      // "Vĩnh Hải"
  std::string district;        // "thành phố Nha Trang"
  std::string district_short;  // "Nha Trang"
  std::string agency_code;     // 000.31.22.H32
  std::string district_code;   // 000.00.22.H32
  bool urban = false;
};

// The body that receives a dossier at its one-stop desk.
struct Agency {
  std::string code;   // 000.31.22.H32
  std::string level;  // xa | huyen | tinh, as in the procedure catalog
  std::string unit;   // "phường Vĩnh Hải", "thành phố Nha Trang", "tỉnh Khánh Hòa"
  std::string place;  // what precedes ", ngày …" on its papers: "Vĩnh Hải"
  std::string desk;   // the one-stop unit that prints the receipt
  const Commune* commune = nullptr;  // the commune for a commune-level agency
  std::string district;              // "thành phố Nha Trang", "" for the province
};

struct Address {
  std::string street;  // "Số 25 đường Trần Phú" or "Thôn Phú Ân Nam"
  const Commune* commune = nullptr;
  // "Số 25 đường Trần Phú, phường Lộc Thọ, thành phố Nha Trang, tỉnh Khánh Hòa"
  std::string Full() const;
  // As a CCCD prints it: "25 Trần Phú, Lộc Thọ, Nha Trang, Khánh Hòa"
  std::string Short() const;
};

struct Province {
  std::string code;                     // CCCD province code, 056 = Khánh Hòa
  std::string name;                     // "Khánh Hòa"
  std::vector<std::string> home_towns;  // "Nhơn Hưng, An Nhơn" (commune, district)
};

inline constexpr std::string_view kProvinceName = "tỉnh Khánh Hòa";

const std::vector<Commune>& Communes();
const std::vector<Province>& Provinces();
const Province& KhanhHoa();

// An agency at `level` (xa | huyen | tinh; anything else is treated as xa).
Agency PickAgency(Rng& rng, std::string_view level);
// A home in the agency's area: its commune, its district, or anywhere in the province.
Address PickAddress(Rng& rng, const Agency& agency);
const std::string& PickHospital(Rng& rng);

}  // namespace sohoa::gen
