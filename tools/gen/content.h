// What one synthetic dossier is about: the procedure, the receiving agency,
// the applicant, the subject (the child born, the couple married, the land
// parcel, …), the dates and numbers. Chosen once, then printed on every page.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "schema/procedure.h"
#include "tools/gen/calendar.h"
#include "tools/gen/people.h"
#include "tools/gen/places.h"
#include "tools/gen/rng.h"

namespace sohoa::gen {

// One labelled line of a form or result: "Ngày, tháng, năm sinh: 10/05/2023".
struct SubjectField {
  std::string key;  // "birth_date"; empty for a heading line ("Bên nữ:")
  std::string label;
  std::string value;
  bool on_form = true;
  bool on_result = true;
  bool same_line = false;  // printed after the previous field, past a tab stop
};

struct Subject {
  // birth | marriage | death | criminal_record | driving_licence | land | business | generic
  std::string kind;
  std::string name;  // the person, business or parcel the dossier is about, as printed
  std::string date;  // ISO date of the event, "" when there is none
  std::vector<SubjectField> fields;
  std::string relation;  // "Quan hệ với người được khai sinh: Cha"
  std::string intro;     // "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"
  std::vector<std::string> pledge;
  std::string authority;                   // after "Kính gửi: "
  std::vector<std::string> issuer_header;  // top-left of the result, upper case
  std::vector<std::string> signer_title;   // above the signature of the result
  std::string number_suffix;               // "KS" in "Số: 125/2023/KS"
  std::vector<std::string> components;     // supporting papers the receipt lists
  int working_days = 3;
};

struct DossierContent {
  const Procedure* procedure = nullptr;
  Agency agency;
  std::string code;  // 000.31.22.H32-230620-0017
  int sequence = 0;
  Date received;
  int received_hour = 8, received_minute = 0;
  Date appointment;
  int appointment_hour = 10;
  Date form_date;
  Date result_date;
  bool caps = true;  // names printed in capitals
  Person applicant;
  std::string applicant_printed;
  Subject subject;
  std::string form_title;
  std::string result_title;
  bool has_result = true;
  int result_number = 1;
  std::string officer;  // who received the dossier
  std::string signer;   // who signed the result
  Date id_issued;
  std::optional<Date> id_expiry;  // none: "Không thời hạn"
  std::string id_feature;         // đặc điểm nhân dạng
  std::string delivery;           // where the result is collected
  int book_number = 1, book_sequence = 1;
  bool print_procedure_code = true;

  std::string Show(const std::string& name) const { return caps ? UpperVi(name) : name; }
};

// Everything about a dossier of `procedure`, received on a weekday of 2023.
DossierContent MakeContent(Rng& rng, const Procedure& procedure);

// Fills applicant and subject according to what the procedure is about,
// recognised from its name, field and titles; unknown procedures get a
// generic request.
void MakeParties(Rng& rng, DossierContent* content);

// "TỜ KHAI ĐĂNG KÝ KHAI SINH" → "Tờ khai đăng ký khai sinh".
std::string SentenceCase(const std::string& upper);

}  // namespace sohoa::gen
