#include "tools/gen/content.h"

#include <cstdio>

#include "schema/text.h"

namespace sohoa::gen {
namespace {

Date AddYears(const Date& d, int years) {
  Date out{d.year() + std::chrono::years{years}, d.month(), d.day()};
  if (!out.ok()) out = Date{out.year(), out.month(), std::chrono::day{28}};
  return out;
}

// A CCCD is valid until its holder turns 25, 40 or 60; one issued within two
// years of such a birthday runs to the next, and from 58 on it never expires.
std::optional<Date> IdExpiry(const Date& birth, const Date& issued) {
  for (int age : {25, 40, 60}) {
    Date milestone = AddYears(birth, age);
    if (std::chrono::sys_days{milestone} > std::chrono::sys_days{AddYears(issued, 2)}) {
      return milestone;
    }
  }
  return std::nullopt;
}

Date Latest(const Date& a, const Date& b) {
  return std::chrono::sys_days{a} > std::chrono::sys_days{b} ? a : b;
}
Date Earliest(const Date& a, const Date& b) {
  return std::chrono::sys_days{a} < std::chrono::sys_days{b} ? a : b;
}

}  // namespace

std::string SentenceCase(const std::string& upper) {
  std::string lower = LowerKeepMarks(upper);
  if (lower.empty()) return lower;
  size_t first = 1;
  while (first < lower.size() && (static_cast<unsigned char>(lower[first]) & 0xC0) == 0x80) ++first;
  return UpperVi(lower.substr(0, first)) + lower.substr(first);
}

DossierContent MakeContent(Rng& rng, const Procedure& procedure) {
  DossierContent c;
  c.procedure = &procedure;
  c.agency = PickAgency(rng, procedure.level);
  do {
    c.received = RandomDate(rng, MakeDate(2023, 1, 3), MakeDate(2023, 12, 28));
  } while (IsWeekend(c.received));
  c.received_hour = static_cast<int>(rng.Pick({7, 8, 8, 9, 9, 10, 10, 13, 14, 14, 15, 16}));
  c.received_minute = static_cast<int>(rng.Int(c.received_hour == 7 ? 30 : 0, 59));
  c.sequence = static_cast<int>(rng.Int(1, c.agency.level == "tinh" ? 180 : 45));
  char seq[8];
  std::snprintf(seq, sizeof seq, "%04d", c.sequence % 10000);
  c.code = c.agency.code + "-" + FormatYyMmDd(c.received) + "-" + seq;
  c.caps = rng.Chance(0.8);
  c.form_title = procedure.form_titles.empty() ? "ĐƠN ĐỀ NGHỊ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
                                               : rng.Pick(procedure.form_titles);
  c.result_title = procedure.result_titles.empty() ? "THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ"
                                                   : rng.Pick(procedure.result_titles);
  c.has_result = rng.Chance(0.8);
  c.result_number = static_cast<int>(rng.Int(12, 980));
  c.print_procedure_code = rng.Chance(0.6);

  MakeParties(rng, &c);
  c.applicant_printed = c.Show(c.applicant.name);

  c.appointment = AddWorkingDays(c.received, c.subject.working_days);
  c.appointment_hour = static_cast<int>(rng.Pick({8, 9, 10, 14, 15, 16}));
  c.form_date = AddDays(c.received, -static_cast<int>(rng.Int(0, 2)));
  c.result_date = AddWorkingDays(c.received, static_cast<int>(rng.Int(0, c.subject.working_days)));
  if (c.subject.kind == "marriage") c.subject.date = FormatIso(c.result_date);
  c.officer = MakeName(rng, rng.Chance(0.6));
  c.signer = MakeName(rng, rng.Chance(0.4));
  c.delivery = rng.Pick({std::string("Bộ phận Một cửa"), std::string("Bộ phận Một cửa"),
                         std::string("Dịch vụ bưu chính công ích"),
                         std::string("Cổng Dịch vụ công quốc gia (bản điện tử)")});
  c.book_number = static_cast<int>(rng.Int(1, 4));
  c.book_sequence = c.sequence + static_cast<int>(rng.Int(0, 400));

  Date earliest_issue = Latest(MakeDate(2021, 1, 15), AddYears(c.applicant.birth, 14));
  Date latest_issue = Earliest(MakeDate(2022, 12, 30), AddDays(c.received, -7));
  c.id_issued = RandomDate(rng, earliest_issue, Latest(earliest_issue, latest_issue));
  c.id_expiry = IdExpiry(c.applicant.birth, c.id_issued);
  c.id_feature = rng.Pick({std::string("Nốt ruồi C: 1cm dưới sau mép trái"),
                           std::string("Sẹo chấm C: 2cm trên trước đầu mày phải"),
                           std::string("Nốt ruồi C: 1,5cm trên sau cánh mũi trái"),
                           std::string("Sẹo chấm C: 1cm dưới trước đuôi mắt phải"),
                           std::string("Nốt ruồi C: 2cm trên sau đuôi mắt trái")});
  return c;
}

}  // namespace sohoa::gen
