// The subject of each kind of procedure: who or what the dossier is about and
// the labelled lines its form and result print. The kind is recognised from
// the catalog's words, so an imported catalog still gets sensible papers.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "schema/text.h"
#include "tools/gen/content.h"

namespace sohoa::gen {
namespace {

std::string Kind(const Procedure& p) {
  std::string words = p.name + " | " + p.field;
  for (const auto& t : p.form_titles) words += " | " + t;
  for (const auto& t : p.result_titles) words += " | " + t;
  std::string f = FoldForSearch(words);
  auto has = [&f](const char* w) { return f.find(w) != std::string::npos; };
  if (has("khai sinh")) return "birth";
  if (has("ket hon")) return "marriage";
  if (has("khai tu")) return "death";
  if (has("ly lich tu phap")) return "criminal_record";
  if (has("lai xe")) return "driving_licence";
  if (has("kinh doanh")) return "business";
  if (has("dat dai") || has("su dung dat")) return "land";
  return "generic";
}

SubjectField F(std::string key, std::string label, std::string value, bool on_form = true,
               bool on_result = true) {
  return {std::move(key), std::move(label), std::move(value), on_form, on_result};
}
// A field printed on the same line as the one before it.
SubjectField Inline(std::string key, std::string label, std::string value, bool on_form = true,
                    bool on_result = true) {
  SubjectField f{std::move(key), std::move(label), std::move(value), on_form, on_result};
  f.same_line = true;
  return f;
}
SubjectField Heading(std::string label, bool on_form = true, bool on_result = true) {
  return {"", std::move(label), "", on_form, on_result};
}

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Int(0, 9));
  return s;
}

std::string Thousands(long long v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ".");
  return s;
}

// The People's Committee that receives the dossier issues its result.
void CommitteeIssuer(Rng& rng, DossierContent* c) {
  Subject& s = c->subject;
  s.authority = "Ủy ban nhân dân " + c->agency.unit;
  s.issuer_header = {"ỦY BAN NHÂN DÂN", UpperVi(c->agency.unit)};
  if (rng.Chance(0.5)) {
    s.signer_title = {"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"};
  } else {
    s.signer_title = {"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"};
  }
}

void Birth(Rng& rng, DossierContent* c) {
  Subject& s = c->subject;
  bool mother_applies = rng.Chance(0.4);
  Person applicant =
      MakePerson(rng, mother_applies, MakeDate(1983, 1, 1), MakeDate(2002, 12, 31), c->agency);
  Person other = MakePerson(rng, !mother_applies, AddDays(applicant.birth, -5 * 365),
                            AddDays(applicant.birth, 3 * 365), c->agency);
  other.residence = applicant.residence;
  const Person& father = mother_applies ? other : applicant;
  const Person& mother = mother_applies ? applicant : other;
  bool girl = rng.Chance(0.5);
  std::string child = MakeName(rng, girl, Surname(father.name));
  Date born = AddDays(c->received, -static_cast<int>(rng.Int(3, 55)));
  std::string child_id = MakeCitizenId(rng, "056", girl, YearOf(born));

  s.name = c->Show(child);
  s.date = FormatIso(born);
  s.relation = std::string("Quan hệ với người được khai sinh: ") + (mother_applies ? "Mẹ" : "Cha");
  s.intro = "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:";
  s.fields = {
      F("name", "Họ, chữ đệm, tên", c->Show(child)),
      F("birth_date", "Ngày, tháng, năm sinh", FormatDmy(born)),
      F("sex", "Giới tính", girl ? "Nữ" : "Nam"),
      Inline("ethnicity", "Dân tộc", father.ethnicity),
      Inline("nationality", "Quốc tịch", "Việt Nam"),
      F("birth_place", "Nơi sinh", PickHospital(rng) + ", " + std::string(kProvinceName)),
      F("home_town", "Quê quán", father.home_town),
      F("citizen_id", "Số định danh cá nhân", child_id, false, true),
      F("mother_name", "Họ, chữ đệm, tên người mẹ", c->Show(mother.name)),
      Inline("mother_birth_year", "Năm sinh", std::to_string(YearOf(mother.birth))),
      F("mother_residence", "Nơi cư trú", mother.residence.Full()),
      F("father_name", "Họ, chữ đệm, tên người cha", c->Show(father.name)),
      Inline("father_birth_year", "Năm sinh", std::to_string(YearOf(father.birth))),
      F("father_residence", "Nơi cư trú", father.residence.Full()),
      F("registered_at", "Nơi đăng ký", "Ủy ban nhân dân " + c->agency.unit, false, true),
  };
  s.pledge = {
      "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa "
      "thuận nhất trí của các bên liên quan theo quy định pháp luật.",
      "Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình."};
  s.components = {"Giấy chứng sinh", "Bản sao Giấy chứng nhận kết hôn của cha, mẹ"};
  s.number_suffix = "KS";
  s.working_days = 1;
  c->applicant = applicant;
  CommitteeIssuer(rng, c);
}

void Marriage(Rng& rng, DossierContent* c) {
  Subject& s = c->subject;
  bool woman_applies = rng.Chance(0.5);
  Person applicant =
      MakePerson(rng, woman_applies, MakeDate(1985, 1, 1), MakeDate(2003, 6, 30), c->agency);
  Date spouse_to = AddDays(applicant.birth, 4 * 365);
  if (std::chrono::sys_days{spouse_to} > std::chrono::sys_days{MakeDate(2003, 6, 30)}) {
    spouse_to = MakeDate(2003, 6, 30);
  }
  Person spouse =
      MakePerson(rng, !woman_applies, AddDays(applicant.birth, -6 * 365), spouse_to, c->agency);
  const Person& wife = woman_applies ? applicant : spouse;
  const Person& husband = woman_applies ? spouse : applicant;
  s.name = c->Show(spouse.name);
  s.date = "";  // set to the registration (result) date by the caller's dates
  s.intro = "Đề nghị cơ quan đăng ký kết hôn cho chúng tôi với thông tin như sau:";
  auto side = [&](const char* key, const char* heading, const Person& p) {
    std::string k(key);
    s.fields.push_back(Heading(heading));
    s.fields.push_back(F(k + "_name", "Họ, chữ đệm, tên", c->Show(p.name)));
    s.fields.push_back(F(k + "_birth_date", "Ngày, tháng, năm sinh", FormatDmy(p.birth)));
    s.fields.push_back(F(k + "_ethnicity", "Dân tộc", p.ethnicity));
    s.fields.push_back(Inline(k + "_nationality", "Quốc tịch", "Việt Nam"));
    s.fields.push_back(F(k + "_residence", "Nơi cư trú", p.residence.Full()));
    s.fields.push_back(F(k + "_citizen_id", "Số định danh cá nhân", p.citizen_id));
  };
  side("wife", "Bên nữ:", wife);
  side("husband", "Bên nam:", husband);
  s.fields.push_back(
      F("registered_at", "Nơi đăng ký", "Ủy ban nhân dân " + c->agency.unit, false, true));
  s.pledge = {
      "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là "
      "tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam.",
      "Chúng tôi chịu trách nhiệm trước pháp luật về cam đoan của mình."};
  s.components = {"Giấy xác nhận tình trạng hôn nhân", "Bản sao Căn cước công dân của hai bên"};
  s.number_suffix = "KH";
  s.working_days = 1;
  c->applicant = applicant;
  CommitteeIssuer(rng, c);
}

void Death(Rng& rng, DossierContent* c) {
  Subject& s = c->subject;
  bool spouse_applies = rng.Chance(0.25);
  bool female_applicant = rng.Chance(0.5);
  Person applicant = MakePerson(
      rng, female_applicant, spouse_applies ? MakeDate(1940, 1, 1) : MakeDate(1962, 1, 1),
      spouse_applies ? MakeDate(1962, 12, 31) : MakeDate(1995, 12, 31), c->agency);
  bool female_deceased = spouse_applies ? !female_applicant : rng.Chance(0.45);
  Date born_from =
      spouse_applies ? AddDays(applicant.birth, -6 * 365) : AddDays(applicant.birth, -38 * 365);
  Date born_to =
      spouse_applies ? AddDays(applicant.birth, 3 * 365) : AddDays(applicant.birth, -20 * 365);
  Person deceased = MakePerson(rng, female_deceased, born_from, born_to, c->agency);
  if (spouse_applies) deceased.residence = applicant.residence;
  Date died = AddDays(c->received, -static_cast<int>(rng.Int(1, 14)));
  // Each draw is its own statement: argument evaluation order is unspecified.
  int hour = static_cast<int>(rng.Int(0, 23));
  int minute = static_cast<int>(rng.Int(0, 59));
  char when[64];
  std::snprintf(when, sizeof when, "%02d giờ %02d phút, ngày %s", hour, minute,
                FormatDmy(died).c_str());
  std::string place = rng.Chance(0.5) ? "Tại nhà, " + deceased.residence.Full()
                                      : PickHospital(rng) + ", " + std::string(kProvinceName);
  std::string relation = spouse_applies ? (female_applicant ? "Vợ" : "Chồng") : "Con";

  s.name = c->Show(deceased.name);
  s.date = FormatIso(died);
  s.relation = "Quan hệ với người đã chết: " + relation;
  s.intro = "Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:";
  s.fields = {
      F("name", "Họ, chữ đệm, tên", c->Show(deceased.name)),
      F("birth_date", "Ngày, tháng, năm sinh", FormatDmy(deceased.birth)),
      F("sex", "Giới tính", deceased.Sex()),
      Inline("ethnicity", "Dân tộc", deceased.ethnicity),
      Inline("nationality", "Quốc tịch", "Việt Nam"),
      F("citizen_id", "Số định danh cá nhân", deceased.citizen_id),
      F("residence", "Nơi cư trú cuối cùng", deceased.residence.Full()),
      F("death_time", "Đã chết vào lúc", when),
      F("death_place", "Nơi chết", place),
      F("death_cause", "Nguyên nhân chết",
        rng.Pick(
            {std::string("Bệnh"), std::string("Già yếu"), std::string("Tai biến mạch máu não")})),
      F("death_notice", "Số Giấy báo tử", std::to_string(rng.Int(10, 999)) + "/GBT", true, false),
  };
  s.pledge = {
      "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm "
      "trước pháp luật về cam đoan của mình."};
  s.components = {"Giấy báo tử"};
  s.number_suffix = "TLKT-BS";
  s.working_days = 1;
  c->applicant = applicant;
  CommitteeIssuer(rng, c);
}

void CriminalRecord(Rng& rng, DossierContent* c) {
  Subject& s = c->subject;
  Person a =
      MakePerson(rng, rng.Chance(0.5), MakeDate(1965, 1, 1), MakeDate(2004, 12, 31), c->agency);
  std::string father = MakeName(rng, false, Surname(a.name));
  std::string mother = MakeName(rng, true);
  s.name = c->Show(a.name);
  s.intro = "Đề nghị cấp Phiếu lý lịch tư pháp cho người có thông tin dưới đây:";
  s.fields = {
      F("name", "Họ, chữ đệm, tên", c->Show(a.name)),
      F("sex", "Giới tính", a.Sex()),
      F("birth_date", "Ngày, tháng, năm sinh", FormatDmy(a.birth)),
      F("birth_place", "Nơi sinh", a.home_town),
      F("nationality", "Quốc tịch", "Việt Nam"),
      Inline("ethnicity", "Dân tộc", a.ethnicity),
      F("residence", "Nơi thường trú", a.residence.Full()),
      F("citizen_id", "Số định danh cá nhân", a.citizen_id),
      F("father_name", "Họ, chữ đệm, tên cha", c->Show(father)),
      F("mother_name", "Họ, chữ đệm, tên mẹ", c->Show(mother)),
      F("record_type", "Yêu cầu cấp Phiếu lý lịch tư pháp", rng.Chance(0.8) ? "Số 1" : "Số 2", true,
        false),
      F("purpose", "Mục đích sử dụng",
        rng.Pick({std::string("Bổ sung hồ sơ xin việc"), std::string("Đi học tập ở nước ngoài"),
                  std::string("Hồ sơ xuất khẩu lao động"),
                  std::string("Bổ sung hồ sơ thành lập doanh nghiệp")}),
        true, false),
      F("copies", "Số lượng Phiếu yêu cầu cấp", "01 bản", true, false),
      F("conviction", "Tình trạng án tích", "Không có án tích", false, true),
      F("ban", "Thông tin về cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp",
        "Không bị cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã", false, true),
  };
  s.pledge = {
      "Tôi xin cam đoan những lời khai trên là đúng sự thật và chịu trách nhiệm về lời "
      "khai của mình."};
  s.components = {"Bản chụp Căn cước công dân",
                  "Bản chụp sổ hộ khẩu hoặc xác nhận thông tin cư trú"};
  s.authority = "Sở Tư pháp tỉnh Khánh Hòa";
  s.issuer_header = {"ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "SỞ TƯ PHÁP"};
  s.signer_title = {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"};
  s.number_suffix = "STP-LLTP";
  s.working_days = 10;
  c->applicant = a;
}

void DrivingLicence(Rng& rng, DossierContent* c) {
  Subject& s = c->subject;
  Person a =
      MakePerson(rng, rng.Chance(0.3), MakeDate(1960, 1, 1), MakeDate(2003, 12, 31), c->agency);
  std::string old_number = "56" + Digits(rng, 10);
  std::string new_number = "56" + Digits(rng, 10);
  std::string klass = rng.Pick({std::string("B2"), std::string("B2"), std::string("C"),
                                std::string("A1"), std::string("B1"), std::string("D")});
  Date old_issue = RandomDate(rng, MakeDate(2010, 1, 1), MakeDate(2018, 12, 31));
  s.name = c->Show(a.name);
  s.date = "";
  s.intro = "Đề nghị cho tôi được đổi Giấy phép lái xe theo thông tin dưới đây:";
  s.fields = {
      F("name", "Họ, chữ đệm, tên", c->Show(a.name), false, true),
      F("birth_date", "Ngày, tháng, năm sinh", FormatDmy(a.birth), false, true),
      F("nationality", "Quốc tịch", "Việt Nam"),
      F("residence", "Nơi cư trú", a.residence.Full(), false, true),
      F("old_licence_number", "Số Giấy phép lái xe đang sử dụng", old_number, true, false),
      F("licence_class", "Hạng", klass),
      F("old_issuer", "Cơ quan cấp", "Sở Giao thông vận tải tỉnh Khánh Hòa", true, false),
      F("old_issue_date", "Ngày cấp", FormatDmy(old_issue), true, false),
      F("reason", "Lý do đổi",
        rng.Pick({std::string("Giấy phép lái xe hết thời hạn sử dụng"),
                  std::string("Đổi Giấy phép lái xe bằng giấy bìa sang vật liệu PET"),
                  std::string("Giấy phép lái xe bị hỏng")}),
        true, false),
      F("licence_number", "Số Giấy phép lái xe mới", new_number, false, true),
      F("expiry", "Có giá trị đến", FormatDmy(AddDays(c->received, 10 * 365 + 2)), false, true),
  };
  s.pledge = {
      "Tôi xin cam đoan những điều ghi trên đây là đúng sự thật, nếu sai tôi xin hoàn "
      "toàn chịu trách nhiệm."};
  s.components = {"Giấy khám sức khỏe của người lái xe", "Bản chính Giấy phép lái xe"};
  s.authority = "Sở Giao thông vận tải tỉnh Khánh Hòa";
  s.issuer_header = {"ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "SỞ GIAO THÔNG VẬN TẢI"};
  s.signer_title = {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"};
  s.number_suffix = "GPLX";
  s.working_days = 5;
  c->applicant = a;
}

void Land(Rng& rng, DossierContent* c) {
  Subject& s = c->subject;
  Person a =
      MakePerson(rng, rng.Chance(0.45), MakeDate(1958, 1, 1), MakeDate(2000, 12, 31), c->agency);
  std::string parcel = std::to_string(rng.Int(12, 980));
  std::string sheet = std::to_string(rng.Int(1, 68));
  Address where = PickAddress(rng, c->agency);
  int whole = static_cast<int>(rng.Int(45, 950));
  int tenths = static_cast<int>(rng.Int(0, 9));
  char area[32];
  std::snprintf(area, sizeof area, "%d,%d m²", whole, tenths);
  std::string series = rng.Pick({std::string("CS "), std::string("DA "), std::string("CK ")});
  std::string certificate = series + Digits(rng, 6);
  std::string counterpart = c->Show(MakeName(rng, rng.Chance(0.5)));
  std::string change = rng.Pick({std::string("Chuyển nhượng quyền sử dụng đất"),
                                 std::string("Tặng cho quyền sử dụng đất"),
                                 std::string("Thừa kế quyền sử dụng đất")});
  std::string district = c->agency.district.empty() ? where.commune->district : c->agency.district;
  s.name = "Thửa đất số " + parcel + ", tờ bản đồ số " + sheet;
  s.intro = "Đề nghị đăng ký biến động đối với thửa đất có thông tin như sau:";
  s.fields = {
      F("parcel", "Thửa đất số", parcel),
      F("map_sheet", "Tờ bản đồ số", sheet),
      F("address", "Địa chỉ thửa đất", where.Full()),
      F("area", "Diện tích", area),
      F("land_use", "Mục đích sử dụng",
        where.commune->urban ? "Đất ở tại đô thị" : "Đất ở tại nông thôn"),
      F("certificate", "Số phát hành Giấy chứng nhận", certificate),
      F("change", "Nội dung biến động", change + " cho ông (bà) " + counterpart),
      F("counterpart", "Bên nhận", counterpart, false, true),
  };
  s.pledge = {
      "Tôi cam đoan nội dung kê khai trên đơn là đúng sự thật, nếu sai tôi hoàn toàn "
      "chịu trách nhiệm trước pháp luật."};
  s.components = {"Bản gốc Giấy chứng nhận quyền sử dụng đất",
                  "Hợp đồng chuyển nhượng quyền sử dụng đất đã được công chứng"};
  s.authority = "Chi nhánh Văn phòng đăng ký đất đai " + district;
  s.issuer_header = {"VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI", "CHI NHÁNH " + UpperVi(district)};
  s.signer_title = {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"};
  s.number_suffix = "VPĐKĐĐ";
  s.working_days = 10;
  c->applicant = a;
}

void Business(Rng& rng, DossierContent* c) {
  Subject& s = c->subject;
  Person a =
      MakePerson(rng, rng.Chance(0.5), MakeDate(1965, 1, 1), MakeDate(2003, 12, 31), c->agency);
  std::string trade =
      rng.Pick({std::string("TẠP HÓA"), std::string("CÀ PHÊ"), std::string("QUÁN ĂN"),
                std::string("SỬA XE"), std::string("VẬT LIỆU XÂY DỰNG")});
  std::string given = a.name.substr(a.name.rfind(' ') + 1);
  std::string name =
      "HỘ KINH DOANH " + trade + " " + UpperVi(given) + " " +
      rng.Pick({std::string("PHÁT"), std::string("HƯNG"), std::string("AN"), std::string("THỊNH")});
  const char* activity = trade == "CÀ PHÊ" ? "Dịch vụ phục vụ đồ uống"
                         : trade == "QUÁN ĂN" ? "Nhà hàng và các dịch vụ ăn uống phục vụ lưu động"
                         : trade == "SỬA XE" ? "Bảo dưỡng, sửa chữa mô tô, xe máy"
                         : trade == "TẠP HÓA" ? "Bán lẻ lương thực, thực phẩm, đồ uống"
                                              : "Bán lẻ vật liệu xây dựng";
  long long capital = rng.Int(5, 60) * 10'000'000LL;
  std::string district =
      c->agency.district.empty() ? a.residence.commune->district : c->agency.district;
  s.name = name;
  s.intro = "Đăng ký hộ kinh doanh với các nội dung sau:";
  s.fields = {
      F("business_name", "Tên hộ kinh doanh", name),
      F("address", "Địa chỉ trụ sở hộ kinh doanh", a.residence.Full()),
      F("phone", "Điện thoại", a.phone),
      F("activity", "Ngành, nghề kinh doanh", activity),
      F("capital", "Vốn kinh doanh", Thousands(capital) + " đồng"),
      F("workers", "Số lượng lao động", std::to_string(rng.Int(1, 6)) + " người", true, false),
      F("owner", "Chủ hộ kinh doanh", c->Show(a.name), false, true),
      F("registration_number", "Mã số hộ kinh doanh", "37A8" + Digits(rng, 6), false, true),
  };
  s.pledge = {
      "Tôi cam kết bản thân không thuộc diện quy định tại khoản 2 Điều 80 Nghị định số "
      "01/2021/NĐ-CP và chịu trách nhiệm về tính hợp pháp, chính xác, trung thực của nội "
      "dung đăng ký trên."};
  s.components = {"Bản sao hợp đồng thuê địa điểm kinh doanh"};
  s.authority = "Phòng Tài chính - Kế hoạch " + district;
  s.issuer_header = {"ỦY BAN NHÂN DÂN", UpperVi(district), "PHÒNG TÀI CHÍNH - KẾ HOẠCH"};
  s.signer_title = {"TRƯỞNG PHÒNG"};
  s.number_suffix = "ĐKHKD";
  s.working_days = 3;
  c->applicant = a;
}

void Generic(Rng& rng, DossierContent* c) {
  Subject& s = c->subject;
  Person a =
      MakePerson(rng, rng.Chance(0.5), MakeDate(1958, 1, 1), MakeDate(2003, 12, 31), c->agency);
  s.name = c->Show(a.name);
  s.intro = "Đề nghị cơ quan có thẩm quyền giải quyết yêu cầu sau:";
  s.fields = {
      F("request", "Nội dung đề nghị", c->procedure->name),
      F("reason", "Lý do", "Theo nhu cầu của cá nhân", true, false),
  };
  s.pledge = {
      "Tôi cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp "
      "luật."};
  s.working_days = 5;
  c->applicant = a;
  CommitteeIssuer(rng, c);
}

}  // namespace

void MakeParties(Rng& rng, DossierContent* c) {
  c->subject = Subject{};
  c->subject.kind = Kind(*c->procedure);
  const std::string& kind = c->subject.kind;
  if (kind == "birth")
    Birth(rng, c);
  else if (kind == "marriage")
    Marriage(rng, c);
  else if (kind == "death")
    Death(rng, c);
  else if (kind == "criminal_record")
    CriminalRecord(rng, c);
  else if (kind == "driving_licence")
    DrivingLicence(rng, c);
  else if (kind == "land")
    Land(rng, c);
  else if (kind == "business")
    Business(rng, c);
  else
    Generic(rng, c);
}

}  // namespace sohoa::gen
