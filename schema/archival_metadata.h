// Archival metadata of TT 02/2019/TT-BNV (thông tin đầu vào của hồ sơ và văn
// bản lưu trữ): the dossier (hồ sơ) and document (văn bản) fields an archive
// expects with a digitized dossier, plus what that standard lacks and sohoa
// adds (procedure code, procedure name, field). See docs/domain.md
// "Archival metadata": the field lists are believed, not read in the
// standard's text; maximum lengths it does not give are our reading.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "schema/dossier.h"
#include "schema/procedure.h"

namespace sohoa {

enum class MetadataLevel { kDossier, kDocument };

struct MetadataField {
  std::string_view key;    // ASCII, stable: JSON keys and METS attributes use it
  std::string_view label;  // the Vietnamese name in the standard
  std::size_t max_length;  // in characters (Unicode code points)
  MetadataLevel level;
  bool sohoa_addition;  // not in TT 02/2019: procedure code, name and field
};

// The fields of one level, in the standard's order.
std::span<const MetadataField> ArchivalFields(MetadataLevel level);

// One value per field of ArchivalFields(level), in that order; "" when sohoa
// does not know it (nothing is invented to fill a field).
struct ArchivalMetadata {
  std::vector<std::string> dossier;
  std::vector<std::vector<std::string>> documents;  // one per document of the dossier

  // The value of `key`, "" for an unknown key or index.
  std::string_view Dossier(std::string_view key) const;
  std::string_view Document(std::size_t index, std::string_view key) const;
};

// What the standard calls the retention period (Thời hạn bảo quản), from a
// procedure's retention setting: "" unset, "permanent", or whole years ("20").
// Returns "Vĩnh viễn", "20 năm", or "" for unset; anything else is kept as is.
std::string RetentionLabel(std::string_view retention);

// "2024-03-15" → "15/03/2024"; "" for anything that is not an ISO date.
std::string IsoToVietnameseDate(std::string_view iso);

// Builds the metadata of a stored dossier. `procedure` (may be null) fills
// the procedure name and field where the dossier lacks them; `retention` is
// that procedure's retention setting (see RetentionLabel). Derived: Mã hồ sơ
// (the code), Tiêu đề (procedure name and applicant), Thời hạn bảo quản,
// Ngôn ngữ (Tiếng Việt), start and end dates (the earliest and latest of the
// received, form and result dates, dd/mm/yyyy), Tổng số văn bản, Số lượng
// trang, Mức độ tin cậy (Số hóa), the procedure fields; per document Mã định
// danh (<code>.<n>), Số thứ tự, Tên loại văn bản (its title, else its kind),
// Số và ký hiệu (a result number read on it), Ngày văn bản (a date read on
// it) and Số lượng trang. Field values flagged for review are not used.
// Values longer than their field are cut, with "…", to fit.
ArchivalMetadata BuildArchivalMetadata(const DossierRecord& dossier, const Procedure* procedure,
                                       std::string_view retention);

}  // namespace sohoa
