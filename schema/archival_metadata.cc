#include "schema/archival_metadata.h"

#include <algorithm>
#include <array>

#include "schema/text.h"
#include "schema/date.h"

namespace sohoa {
namespace {

using L = MetadataLevel;

// TT 02/2019 Phụ lục I (hồ sơ), then sohoa's additions.
constexpr std::array<MetadataField, 18> kDossierFields{{
    {"ma_ho_so", "Mã hồ sơ", 30, L::kDossier, false},
    {"tieu_de", "Tiêu đề hồ sơ", 1000, L::kDossier, false},
    {"thoi_han_bao_quan", "Thời hạn bảo quản", 30, L::kDossier, false},
    {"che_do_su_dung", "Chế độ sử dụng", 30, L::kDossier, false},
    {"ngon_ngu", "Ngôn ngữ", 100, L::kDossier, false},
    {"thoi_gian_bat_dau", "Thời gian bắt đầu", 10, L::kDossier, false},
    {"thoi_gian_ket_thuc", "Thời gian kết thúc", 10, L::kDossier, false},
    {"tong_so_van_ban", "Tổng số văn bản trong hồ sơ", 10, L::kDossier, false},
    {"chu_giai", "Chú giải", 2000, L::kDossier, false},
    {"ky_hieu_thong_tin", "Ký hiệu thông tin", 30, L::kDossier, false},
    {"tu_khoa", "Từ khóa", 100, L::kDossier, false},
    {"so_luong_to", "Số lượng tờ", 10, L::kDossier, false},
    {"so_luong_trang", "Số lượng trang", 10, L::kDossier, false},
    {"tinh_trang_vat_ly", "Tình trạng vật lý", 50, L::kDossier, false},
    {"muc_do_tin_cay", "Mức độ tin cậy", 30, L::kDossier, false},
    {"ma_thu_tuc", "Mã thủ tục hành chính", 50, L::kDossier, true},
    {"ten_thu_tuc", "Tên thủ tục hành chính", 500, L::kDossier, true},
    {"linh_vuc", "Lĩnh vực", 200, L::kDossier, true},
}};

// TT 02/2019 Phụ lục II (văn bản).
constexpr std::array<MetadataField, 9> kDocumentFields{{
    {"ma_dinh_danh", "Mã định danh văn bản", 50, L::kDocument, false},
    {"so_thu_tu", "Số thứ tự văn bản trong hồ sơ", 10, L::kDocument, false},
    {"ten_loai_van_ban", "Tên loại văn bản", 100, L::kDocument, false},
    {"so_va_ky_hieu", "Số và ký hiệu văn bản", 50, L::kDocument, false},
    {"ngay_van_ban", "Ngày, tháng, năm văn bản", 10, L::kDocument, false},
    {"co_quan_ban_hanh", "Tên cơ quan, tổ chức ban hành văn bản", 200, L::kDocument, false},
    {"trich_yeu", "Trích yếu nội dung", 500, L::kDocument, false},
    {"so_luong_trang", "Số lượng trang", 10, L::kDocument, false},
    {"but_tich", "Bút tích", 2000, L::kDocument, false},
}};

std::size_t IndexOf(MetadataLevel level, std::string_view key) {
  auto fields = ArchivalFields(level);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].key == key) return i;
  }
  return fields.size();
}

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Cuts `text` to `max` code points, the last one "…" when something was cut.
std::string Fit(std::string text, std::size_t max) {
  std::size_t points = 0;
  for (char c : text) points += !IsContinuation(c);
  if (points <= max || max == 0) return text;
  std::size_t kept = 0, i = 0;
  for (; i < text.size(); ++i) {
    if (!IsContinuation(text[i]) && ++kept > max - 1) break;
  }
  text.resize(i);
  return text + "\u2026";
}

bool IsIsoDate(std::string_view s) { return ParseIsoDay(s).has_value(); }

// "Thủ tục đăng ký khai sinh" → "Hồ sơ đăng ký khai sinh".
std::string DossierTitle(const std::string& procedure_name, const std::string& code,
                         const std::string& applicant) {
  static constexpr std::string_view kProcedureWord = "Thủ tục ";
  std::string title;
  if (procedure_name.empty()) {
    title = "Hồ sơ " + code;
  } else {
    std::string_view name = procedure_name;
    if (name.substr(0, kProcedureWord.size()) == kProcedureWord) {
      name.remove_prefix(kProcedureWord.size());
    }
    std::size_t first_word = std::min(name.find(' '), name.size());
    title = "Hồ sơ " + LowerKeepMarks(name.substr(0, first_word)) +
            std::string(name.substr(first_word));
  }
  if (!applicant.empty()) title += " - " + applicant;
  return title;
}

std::string KindName(const std::string& kind) {
  if (kind == kKindReceipt) return "Giấy tiếp nhận hồ sơ và hẹn trả kết quả";
  if (kind == kKindForm) return "Tờ khai";
  if (kind == kKindIdCopy) return "Bản sao giấy tờ tùy thân";
  if (kind == kKindResult) return "Kết quả giải quyết thủ tục hành chính";
  return "";
}

bool IsDateField(const std::string& name) {
  return name == "received_date" || name == "form_date" || name == "result_date";
}

}  // namespace

std::span<const MetadataField> ArchivalFields(MetadataLevel level) {
  if (level == MetadataLevel::kDossier) return kDossierFields;
  return kDocumentFields;
}

std::string_view ArchivalMetadata::Dossier(std::string_view key) const {
  std::size_t i = IndexOf(MetadataLevel::kDossier, key);
  return i < dossier.size() ? std::string_view(dossier[i]) : std::string_view();
}

std::string_view ArchivalMetadata::Document(std::size_t index, std::string_view key) const {
  if (index >= documents.size()) return {};
  std::size_t i = IndexOf(MetadataLevel::kDocument, key);
  return i < documents[index].size() ? std::string_view(documents[index][i]) : std::string_view();
}

std::string RetentionLabel(std::string_view retention) {
  if (retention.empty()) return "";
  if (retention == "permanent") return "Vĩnh viễn";
  if (std::all_of(retention.begin(), retention.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    return std::string(retention) + " năm";
  }
  return std::string(retention);
}

std::string IsoToVietnameseDate(std::string_view iso) {
  if (!IsIsoDate(iso)) return "";
  return std::string(iso.substr(8, 2)) + "/" + std::string(iso.substr(5, 2)) + "/" +
         std::string(iso.substr(0, 4));
}

ArchivalMetadata BuildArchivalMetadata(const DossierRecord& d, const Procedure* procedure,
                                       std::string_view retention) {
  const std::string procedure_name =
      !d.procedure_name.empty() || procedure == nullptr ? d.procedure_name : procedure->name;
  const std::string field = !d.field.empty() || procedure == nullptr ? d.field : procedure->field;

  // ISO dates sort as text.
  std::vector<std::string> dates;
  if (IsIsoDate(d.received_date)) dates.push_back(d.received_date);
  for (const FieldValue& f : d.fields) {
    if (IsDateField(f.name) && !f.needs_review && IsIsoDate(f.value)) dates.push_back(f.value);
  }
  std::sort(dates.begin(), dates.end());
  std::size_t pages = 0;
  for (const DocumentRecord& doc : d.documents) pages += doc.pages.size();

  ArchivalMetadata out;
  auto set = [](std::vector<std::string>& values, MetadataLevel level, std::string_view key,
                std::string value) {
    std::size_t i = IndexOf(level, key);
    values[i] = Fit(std::move(value), ArchivalFields(level)[i].max_length);
  };
  out.dossier.resize(ArchivalFields(L::kDossier).size());
  auto& dv = out.dossier;
  set(dv, L::kDossier, "ma_ho_so", d.code);
  set(dv, L::kDossier, "tieu_de", DossierTitle(procedure_name, d.code, d.applicant));
  set(dv, L::kDossier, "thoi_han_bao_quan", RetentionLabel(retention));
  set(dv, L::kDossier, "ngon_ngu", "Tiếng Việt");
  if (!dates.empty()) {
    set(dv, L::kDossier, "thoi_gian_bat_dau", IsoToVietnameseDate(dates.front()));
    set(dv, L::kDossier, "thoi_gian_ket_thuc", IsoToVietnameseDate(dates.back()));
  }
  set(dv, L::kDossier, "tong_so_van_ban", std::to_string(d.documents.size()));
  set(dv, L::kDossier, "so_luong_trang", std::to_string(pages));
  // Every page sohoa archives was scanned from paper.
  set(dv, L::kDossier, "muc_do_tin_cay", "Số hóa");
  set(dv, L::kDossier, "ma_thu_tuc", d.procedure_code);
  set(dv, L::kDossier, "ten_thu_tuc", procedure_name);
  set(dv, L::kDossier, "linh_vuc", field);

  for (std::size_t n = 0; n < d.documents.size(); ++n) {
    const DocumentRecord& doc = d.documents[n];
    const int number = static_cast<int>(n + 1);
    std::vector<std::string> v(ArchivalFields(L::kDocument).size());
    set(v, L::kDocument, "ma_dinh_danh", d.code + "." + std::to_string(number));
    set(v, L::kDocument, "so_thu_tu", std::to_string(number));
    set(v, L::kDocument, "ten_loai_van_ban", doc.title.empty() ? KindName(doc.kind) : doc.title);
    for (const FieldValue& f : d.fields) {
      if (f.document != number || f.needs_review || f.value.empty()) continue;
      if (f.name == "result_number" && v[IndexOf(L::kDocument, "so_va_ky_hieu")].empty()) {
        set(v, L::kDocument, "so_va_ky_hieu", f.value);
      }
      if (IsDateField(f.name) && v[IndexOf(L::kDocument, "ngay_van_ban")].empty()) {
        set(v, L::kDocument, "ngay_van_ban", IsoToVietnameseDate(f.value));
      }
    }
    set(v, L::kDocument, "so_luong_trang", std::to_string(doc.pages.size()));
    out.documents.push_back(std::move(v));
  }
  return out;
}

}  // namespace sohoa
