// The words of the manager's report, in one place: every format (the
// terminal table, CSV and JSON, whose keys stay English, HTML and PDF) takes
// its headers, unit names and explanations from here, so a count reads one
// way wherever a manager meets it. "Đã lưu trữ" is always the dossiers sohoa
// holds; "Số hóa" always the dossiers that count as digitized (4.2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "archive/rates.h"

namespace sohoa::report {

// A quantity of the rates table.
struct Measure {
  std::string_view key;        // JSON and CSV key: "archived"
  std::string_view name;       // its header: "Đã lưu trữ"; for a rate, of its count "n / d"
  std::string_view rate_name;  // header of the rate itself ("Tỷ lệ số hóa"); "" for a count
  std::string_view meaning;    // one sentence for a manager, after "name: "
};

namespace words {

inline constexpr Measure kReceived{
    "received", "Tiếp nhận", "",
    "hồ sơ trong sổ tiếp nhận của bộ phận một cửa có ngày tiếp nhận trong kỳ (mẫu số của mọi "
    "tỷ lệ, trừ kết quả điện tử)."};
inline constexpr Measure kArchived{
    "archived", "Đã lưu trữ", "",
    "trong số hồ sơ tiếp nhận, hồ sơ sohoa đã lưu trữ; hồ sơ đã lưu trữ chưa chắc đã được "
    "tính là số hóa."};
inline constexpr Measure kDigitization{
    "digitization", "Số hóa", "Tỷ lệ số hóa",
    "hồ sơ đã lưu trữ có ít nhất một trang và, nếu thủ tục có kết quả giấy, có kết quả điện "
    "tử (đã quét kết quả, hoặc sổ tiếp nhận ghi kết quả điện tử) / hồ sơ tiếp nhận "
    "(chỉ tiêu 4.2)."};
inline constexpr Measure kEResult{
    "e_result", "Kết quả điện tử", "Tỷ lệ kết quả điện tử",
    "hồ sơ có kết quả điện tử / hồ sơ tiếp nhận của các thủ tục có kết quả giấy (chỉ tiêu "
    "4.1)."};
inline constexpr Measure kReuse{
    "reuse", "Tái sử dụng", "Tỷ lệ tái sử dụng",
    "hồ sơ có ít nhất một thành phần lấy lại từ dữ liệu đã số hóa / hồ sơ tiếp nhận (chỉ "
    "tiêu 4.3)."};
inline constexpr Measure kMissedReuse{
    "missed_reuse", "Tái sử dụng bị bỏ lỡ", "Tỷ lệ bỏ lỡ",
    "hồ sơ đã quét lại một giấy tờ đã được số hóa trước đó / hồ sơ tiếp nhận."};

// Section titles and fixed words.
inline constexpr std::string_view kDefaultTitle = "Báo cáo số hóa hồ sơ TTHC";
inline constexpr std::string_view kPeriod = "Kỳ báo cáo";
inline constexpr std::string_view kGenerated = "Lập lúc";
inline constexpr std::string_view kByUnit = "Tỷ lệ số hóa, kết quả điện tử và tái sử dụng";
inline constexpr std::string_view kUnitChart = "Tỷ lệ theo đơn vị (%)";
inline constexpr std::string_view kTrend = "Diễn biến theo tháng";
inline constexpr std::string_view kTrendChart = "Tỷ lệ theo tháng (%)";
inline constexpr std::string_view kBacklog = "Tiến độ số hóa sổ hộ tịch";
inline constexpr std::string_view kBacklogChart = "Số mục trong sổ: đã số hóa và còn lại";
inline constexpr std::string_view kDigitized = "Đã số hóa";
inline constexpr std::string_view kRemaining = "Còn lại";
inline constexpr std::string_view kNotes = "Ghi chú";
inline constexpr std::string_view kNoRows = "Không có số liệu trong kỳ này.";
inline constexpr std::string_view kNoBooks = "Chưa có sổ hộ tịch nào được ghi nhận.";
inline constexpr std::string_view kContinued = "(tiếp theo)";
// "Biểu đồ không hiện 12 dòng; bảng dưới đây có đủ."
std::string LeftOut(std::size_t rows);
inline constexpr std::string_view kNotDigitized = "Chưa số hóa";
inline constexpr std::string_view kExplain = "Hồ sơ chưa được tính là số hóa và lý do";
inline constexpr std::string_view kExplainSummary = "Số hồ sơ chưa số hóa theo lý do";
inline constexpr std::string_view kExplainList = "Danh sách hồ sơ";
inline constexpr std::string_view kExplainNone =
    "Mọi hồ sơ tiếp nhận trong kỳ đều đã được tính là số hóa.";
inline constexpr std::string_view kWhatToDo = "Cần làm gì";

}  // namespace words

// The rates of a row, in the order every format lists them.
struct RateMeasure {
  const Measure* words;
  archive::RateCell archive::RateRow::*cell;
};
inline constexpr RateMeasure kRateMeasures[] = {
    {&words::kDigitization, &archive::RateRow::digitization},
    {&words::kEResult, &archive::RateRow::e_result},
    {&words::kReuse, &archive::RateRow::reuse},
    {&words::kMissedReuse, &archive::RateRow::missed_reuse},
};

// "name: meaning", the line that explains a term under every table.
std::string Definition(const Measure& m);
// The definitions of received, archived and each rate, in column order.
std::vector<std::string> RateTerms();
// Every sentence under a rates table, in every format: the terms, the N/A
// rule, register rows without a reception date, and archived dossiers
// missing from the register (with the first codes).
std::vector<std::string> RateNotes(const archive::RatesReport& report);

// "Đơn vị", "Thủ tục", "Lĩnh vực", "Tháng".
std::string_view DimensionLabel(archive::RateDimension d);
// "agency", "procedure", "field", "month": JSON and CSV keys.
std::string_view DimensionKey(archive::RateDimension d);

// A unit as every format names it: "Ủy ban nhân dân phường Vĩnh Phước
// (000.31.22.H32)" for an agency with a known name, the bare code
// otherwise; "1.001193 Đăng ký khai sinh" for a procedure; "06/2024" for a
// month; "Không rõ ..." for an empty key.
std::string UnitLabel(archive::RateDimension d, const std::string& key, const std::string& label);
// The agency alone, as UnitLabel names it.
std::string AgencyLabel(const std::string& code, const std::string& name);
// A label for a chart row (every row, so they read alike; tables keep the
// full names), shortened the way Vietnamese offices shorten
// it themselves: "Ủy ban nhân dân" as UBND, "thành phố" as TP., "thị xã" as
// TX., so what is cut after is not the name ("UBND phường Vĩnh Phước", not
// "Ủy ban nhân dân phường …").
std::string AbbreviatedLabel(std::string_view label);
// The keys of a row (or shortfall group) read as one label, " · " between
// dimensions.
std::string RowLabel(const archive::RateQuery& query, const std::vector<std::string>& keys,
                     const std::vector<std::string>& labels);

// Why a dossier is not digitized, as a manager reads it ("Chưa lưu trữ"),
// and what to do about it.
std::string_view ShortfallLabel(archive::Shortfall s);
std::string_view ShortfallAdvice(archive::Shortfall s);
// "not_archived", "no_pages", "no_result": JSON keys.
std::string_view ShortfallKey(archive::Shortfall s);
// The reason of one dossier: its label, and "; thiếu cả kết quả" when,
// not archived, it will also lack its result.
std::string ShortfallText(const archive::ShortfallDossier& d);

// "dd/mm/yyyy" for an ISO date; anything else unchanged.
std::string VietnameseDate(const std::string& iso);

}  // namespace sohoa::report
