// The procedure catalog (thủ tục hành chính, TTHC): data, never constants in
// code. Loaded from schema/procedures.csv or a file the user imports.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "schema/status.h"

namespace sohoa {

struct Procedure {
  std::string code;             // 1.001193
  std::string name;
  std::string field;            // lĩnh vực: Hộ tịch, Đất đai, ...
  std::string level;            // xa | huyen | tinh
  std::vector<std::string> form_titles;
  std::vector<std::string> result_titles;
  bool requires_paper_result = false;
  std::string code_status;
  // Thời hạn bảo quản: "" not set, "permanent", or whole years ("20") from
  // the dossier's received date. See NormalizeRetention.
  std::string retention;
};

// Parses the catalog CSV (header: code,name,field,level,form_titles,
// result_titles,requires_paper_result[,code_status[,retention]]); titles are
// separated by '|'; a retention is checked by NormalizeRetention. Returns InvalidArgument naming the line of the first bad row.
Result<std::vector<Procedure>> ParseProcedureCsv(std::string_view csv);
Result<std::vector<Procedure>> LoadProcedureCsv(const std::filesystem::path& path);

// A retention period as people write it — "permanent", "vĩnh viễn" (any
// case, with or without tone marks), "20", "20 năm", "20 years" — as stored:
// "permanent" or the number of years. "" stays "" (not set).
// InvalidArgument for anything else, or for 0 or more than 200 years.
Result<std::string> NormalizeRetention(std::string_view text);

// The catalog compiled into the binary from schema/procedures.csv, so a new
// home works with no file beside it.
const std::vector<Procedure>& BuiltinProcedures();

}  // namespace sohoa
