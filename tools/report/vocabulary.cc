#include "tools/report/vocabulary.h"

#include <utility>

namespace sohoa::report {

using archive::RateDimension;
using archive::Shortfall;

std::string Definition(const Measure& m) {
  return std::string(m.name) + ": " + std::string(m.meaning);
}

std::vector<std::string> RateTerms() {
  std::vector<std::string> terms = {Definition(words::kReceived), Definition(words::kArchived)};
  for (const RateMeasure& m : kRateMeasures) terms.push_back(Definition(*m.words));
  return terms;
}

std::string_view DimensionLabel(RateDimension d) {
  switch (d) {
    case RateDimension::kAgency: return "Đơn vị";
    case RateDimension::kProcedure: return "Thủ tục";
    case RateDimension::kField: return "Lĩnh vực";
    case RateDimension::kMonth: return "Tháng";
  }
  return "Nhóm";
}

std::string_view DimensionKey(RateDimension d) {
  switch (d) {
    case RateDimension::kAgency: return "agency";
    case RateDimension::kProcedure: return "procedure";
    case RateDimension::kField: return "field";
    case RateDimension::kMonth: return "month";
  }
  return "";
}

std::string AgencyLabel(const std::string& code, const std::string& name) {
  if (code.empty()) return name.empty() ? "Không rõ đơn vị" : name;
  return name.empty() ? code : name + " (" + code + ")";
}

std::string AbbreviatedLabel(std::string_view label) {
  static constexpr std::pair<std::string_view, std::string_view> kShort[] = {
      {"Ủy ban nhân dân", "UBND"}, {"Uỷ ban nhân dân", "UBND"}, {"ỦY BAN NHÂN DÂN", "UBND"},
      {"Hội đồng nhân dân", "HĐND"}, {"thành phố", "TP."},     {"Thành phố", "TP."},
      {"thị xã", "TX."},             {"Thị xã", "TX."}};
  std::string out(label);
  for (const auto& [longer, shorter] : kShort) {
    for (std::size_t at = out.find(longer); at != std::string::npos; at = out.find(longer, at + shorter.size())) {
      out.replace(at, longer.size(), shorter);
    }
  }
  return out;
}

std::string UnitLabel(RateDimension d, const std::string& key, const std::string& label) {
  switch (d) {
    case RateDimension::kAgency:
      return AgencyLabel(key, label);
    case RateDimension::kProcedure:
      if (key.empty()) return label.empty() ? "Không rõ thủ tục" : label;
      return label.empty() ? key : key + " " + label;
    case RateDimension::kField:
      return key.empty() ? "Không rõ lĩnh vực" : key;
    case RateDimension::kMonth:
      if (key.empty()) return "Không rõ";
      if (key.size() == 7 && key[4] == '-') return key.substr(5, 2) + "/" + key.substr(0, 4);
      return key;
  }
  return key;
}

std::string RowLabel(const archive::RateQuery& query, const std::vector<std::string>& keys,
                     const std::vector<std::string>& labels) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string& label = i < labels.size() ? labels[i] : std::string();
    std::string part = i < query.by.size() ? UnitLabel(query.by[i], keys[i], label)
                                           : (label.empty() ? keys[i] : label);
    if (!out.empty()) out += " · ";
    out += part;
  }
  return out.empty() ? "Toàn bộ" : out;
}

std::string_view ShortfallLabel(Shortfall s) {
  switch (s) {
    case Shortfall::kNotArchived: return "Chưa lưu trữ";
    case Shortfall::kNoPages: return "Đã lưu trữ nhưng không có trang nào";
    case Shortfall::kNoResult: return "Đã lưu trữ nhưng chưa có kết quả điện tử";
  }
  return "";
}

std::string_view ShortfallAdvice(Shortfall s) {
  switch (s) {
    case Shortfall::kNotArchived:
      return "sohoa chưa có hồ sơ này: quét hồ sơ và đưa vào thư mục inbox.";
    case Shortfall::kNoPages:
      return "các tệp đã nhận không có trang ảnh nào: quét lại hồ sơ.";
    case Shortfall::kNoResult:
      return "thủ tục có kết quả giấy: quét kết quả (giấy chứng nhận, trích lục...) vào hồ sơ, "
             "hoặc ghi kết quả điện tử trong sổ tiếp nhận nếu kết quả đã cấp bản điện tử.";
  }
  return "";
}

std::string_view ShortfallKey(Shortfall s) {
  switch (s) {
    case Shortfall::kNotArchived: return "not_archived";
    case Shortfall::kNoPages: return "no_pages";
    case Shortfall::kNoResult: return "no_result";
  }
  return "";
}

std::string ShortfallText(const archive::ShortfallDossier& d) {
  std::string text(ShortfallLabel(d.reason));
  if (d.result_missing) text += "; khi lưu trữ cần có cả kết quả";
  return text;
}

std::string words::LeftOut(std::size_t rows) {
  return "Biểu đồ không hiện " + std::to_string(rows) + " dòng; bảng dưới đây có đủ.";
}

std::string VietnameseDate(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

}  // namespace sohoa::report
