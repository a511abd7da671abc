// The manager's figures as data: the JSON and CSV of `sohoa report`, the
// backlog and register entries as JSON, and the ReportDocument the HTML and
// PDF are drawn from. One writer for the command line and the HTTP API, so
// `sohoa report --json` and GET /api/report?format=json never drift apart.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/rates.h"
#include "schema/status.h"
#include "tools/report/report.h"

namespace sohoa::report {

// "agency", "procedure", "field", "month"; InvalidArgument naming the
// choices for anything else.
Result<archive::RateDimension> ParseDimension(const std::string& name);
std::string DimensionName(archive::RateDimension d);

// A rate query from what a person typed: dimensions by name (agency when
// none), a period of days or months (dd/mm/yyyy, yyyy-mm-dd, mm/yyyy,
// yyyy-mm; a month is its first day for `from`, its last for `to`).
// InvalidArgument naming `from_label` or `to_label` for a bad date or a
// period that ends before it starts.
Result<archive::RateQuery> MakeRateQuery(const std::vector<std::string>& by, const std::string& from,
                                         const std::string& to, const std::string& from_label,
                                         const std::string& to_label);

// "01/01/2024 – 30/06/2024", "từ ...", "đến ...", or "" for no period.
std::string PeriodText(const archive::RateQuery& query);

// {numerator, denominator, rate}: rate rounded to two decimals, null for N/A.
nlohmann::json RateJson(const archive::RateCell& cell);
nlohmann::json RatesToJson(const archive::RatesReport& report);
// RatesReport::shortfalls, as "not_digitized".
nlohmann::json ShortfallsToJson(const archive::RatesReport& report);
// The figures of the home alone (no register), under report --json's keys.
void AddHomeFigures(const archive::DigitizationReport& home, nlohmann::json& out);
// One header line, a line per row and the total (CRLF, RFC 4180 quoting).
std::string RatesCsv(const archive::RatesReport& report);

// The rates by unit with the monthly trend and the backlog, for RenderHtml
// and WritePdf, computed through `catalog` (and so within its scope).
Result<ReportDocument> BuildReportDocument(archive::Catalog& catalog, archive::RatesReport by_unit,
                                           const std::string& generated_at);

// The rows of ComputeBacklog summed.
archive::BacklogRow BacklogTotal(const std::vector<archive::BacklogRow>& rows);
nlohmann::json BacklogRowJson(const archive::BacklogRow& row);
// {"rows": [...], "total": {...}}.
nlohmann::json BacklogJson(const std::vector<archive::BacklogRow>& rows);

// A register entry: the usual keys first (no, registered, name, dob, sex,
// birthplace, mother, father), then the book's other columns, book, page
// and confidence.
nlohmann::json BookEntryJson(const archive::BookEntryRecord& entry);

// One book's entries in the layout a civil-status database import takes
// (CRLF, RFC 4180 quoting): the book (so_ky_hieu, loai_so, quyen_so, nam_so),
// where the entry is (trang, dong), then one column per field of the book
// type's keying form (schema/civil_record.h, its `column` names: so_dang_ky,
// ngay_dang_ky, ho_ten, ngay_sinh, ...), then trang_thai (da_xac_minh or
// chua_xac_minh) and anh_trang (the SHA-256 of the page scan in the archive).
std::string RecordsCsv(const archive::BookRecord& book, const std::vector<archive::BookEntryRecord>& entries);

}  // namespace sohoa::report
