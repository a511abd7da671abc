// People for the synthetic corpus: Vietnamese names with full diacritics,
// citizen IDs (CCCD) consistent with sex and birth year, home towns, homes.
#pragma once

#include <string>
#include <string_view>

#include "tools/gen/calendar.h"
#include "tools/gen/places.h"
#include "tools/gen/rng.h"

namespace sohoa::gen {

struct Person {
  std::string name;  // "Nguyễn Văn Đức", title case, NFC
  bool female = false;
  Date birth;
  std::string citizen_id;  // 12 digits, PPP G YY RRRRRR
  std::string home_town;  // quê quán, long form: "xã Diên An, huyện Diên Khánh, tỉnh Khánh Hòa"
  std::string home_town_short;  // as a CCCD prints it: "Diên An, Diên Khánh, Khánh Hòa"
  Address residence;
  std::string ethnicity = "Kinh";
  std::string phone;

  std::string Sex() const { return female ? "Nữ" : "Nam"; }
};

// A full name; `surname` empty picks one by its frequency in Vietnam.
std::string MakeName(Rng& rng, bool female, std::string_view surname = "");
std::string Surname(std::string_view full_name);

// PPP G YY RRRRRR: province of birth registration, century and sex
// (0/1 = 1900s male/female, 2/3 = 2000s), the birth year's last two digits.
std::string MakeCitizenId(Rng& rng, std::string_view province_code, bool female, int birth_year);

// Someone born in [born_from, born_to] who lives in `agency`'s area.
Person MakePerson(Rng& rng, bool female, const Date& born_from, const Date& born_to,
                  const Agency& agency);

// Vietnamese upper case: "Nguyễn Văn Đức" → "NGUYỄN VĂN ĐỨC". Handles the
// Latin letters Vietnamese uses, in NFC.
std::string UpperVi(std::string_view utf8);
// ASCII upper case without marks, đ → D: what a machine-readable zone prints.
std::string AsciiUpper(std::string_view utf8);

}  // namespace sohoa::gen
