// The manager's figures: GET /api/report (the same report as `sohoa
// report`), GET /api/books/backlog, and the register entries
// GET /api/records, their CSV export and the page scans they were keyed
// from. Each is computed through the scoped catalog.
#include <ctime>
#include <sstream>

#include "archive/blob_store.h"
#include "archive/keying.h"
#include "archive/rates.h"
#include "schema/date.h"
#include "tools/report/formats.h"
#include "tools/report/report.h"
#include "tools/server/internal/api.h"
#include "tools/server/internal/streaming.h"
#include "tools/server/page_png.h"

namespace sohoa::server {
namespace {

using archive::Role;

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

void Report(ApiRequest& r) {
  const std::string format = r.http.has_param("format") ? r.Query("format") : "json";
  if (format != "json" && format != "csv" && format != "html" && format != "pdf") {
    return SendStatus(r, InvalidArgument("format " + format + ": choose json, csv, html or pdf"));
  }
  const std::vector<std::string> by = SplitCommas(r.Query("by"));
  auto query = report::MakeRateQuery(by, r.Query("from"), r.Query("to"), "from", "to");
  if (!query.ok()) return SendStatus(r, query.status());
  query->explain = format != "csv";
  auto rates = archive::ComputeRates(r.catalog, *query);
  if (!rates.ok()) return SendStatus(r, rates.status());
  if (format == "json") {
    nlohmann::json body = report::RatesToJson(*rates);
    body["not_digitized"] = report::ShortfallsToJson(*rates);
    if (by.empty()) {
      auto home = r.catalog.Report();
      if (!home.ok()) return SendStatus(r, home.status());
      report::AddHomeFigures(*home, body);
    }
    return SendJson(r.res, 200, body);
  }
  if (format == "csv") {
    r.res.set_header("Content-Disposition", AttachmentHeader("bao-cao-so-hoa.csv"));
    // Excel reads a UTF-8 file as such only with a BOM.
    r.res.set_content("\xEF\xBB\xBF" + report::RatesCsv(*rates), "text/csv; charset=utf-8");
    return;
  }
  auto doc = report::BuildReportDocument(r.catalog, std::move(rates).value(), ShownDateTime(std::time(nullptr)));
  if (!doc.ok()) return SendStatus(r, doc.status());
  if (format == "html") {
    r.res.set_header("Content-Disposition", AttachmentHeader("bao-cao-so-hoa.html"));
    r.res.set_content(report::RenderHtml(*doc), "text/html; charset=utf-8");
    return;
  }
  const std::filesystem::path out = TemporaryPath(".pdf");
  if (Status s = report::WritePdf(*doc, out); !s.ok()) return SendStatus(r, s);
  r.res.set_header("Content-Disposition", AttachmentHeader("bao-cao-so-hoa.pdf"));
  StreamFile(r.res, out, "application/pdf", out);
}

void Backlog(ApiRequest& r) {
  auto rows = archive::ComputeBacklog(r.catalog);
  if (!rows.ok()) return SendStatus(r, rows.status());
  SendJson(r.res, 200, report::BacklogJson(*rows));
}

void Records(ApiRequest& r) {
  const std::string book = r.Query("book");
  const std::string q = r.Query("q");
  const auto limit = IntParam(r, "limit", 1000, 1, 10000);
  if (!limit) return;
  if (!book.empty()) {
    auto found = r.catalog.FindBook(book);
    if (!found.ok()) return SendStatus(r, found.status());
    if (!found->has_value()) return Deny(r, 404, book, "no such book in scope");
  }
  const bool verified_only = r.Query("verified") == "1";
  auto entries = q.empty() ? r.catalog.BookEntries(book) : r.catalog.SearchBookEntries(q, *limit);
  if (!entries.ok()) return SendStatus(r, entries.status());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : *entries) {
    if (!book.empty() && e.book_id != book) continue;
    if (verified_only && e.status != "verified") continue;
    if (static_cast<int>(out.size()) >= *limit) break;
    out.push_back(report::BookEntryJson(e));
  }
  Audit(r, "view", book.empty() ? "records" : book, q.empty() ? "records" : "records matching " + q);
  SendJson(r.res, 200, out);
}

// GET /api/records.csv?book=ID[&all=1]: one book's entries in the import
// layout of tools/report/formats.h RecordsCsv; verified ones unless all=1.
void RecordsCsv(ApiRequest& r) {
  const std::string id = r.Query("book");
  if (id.empty()) return SendStatus(r, InvalidArgument("book: the book to export"));
  auto book = r.catalog.FindBook(id);
  if (!book.ok()) return SendStatus(r, book.status());
  if (!book->has_value()) return Deny(r, 404, id, "no such book in scope");
  auto entries = r.catalog.BookEntries(id);
  if (!entries.ok()) return SendStatus(r, entries.status());
  const bool all = r.Query("all") == "1";
  std::vector<archive::BookEntryRecord> shown;
  for (auto& e : *entries) {
    if (all || e.status == "verified") shown.push_back(std::move(e));
  }
  Audit(r, "export", id, std::to_string(shown.size()) + (all ? " records" : " verified records") + " as CSV");
  r.res.set_header("Content-Disposition", AttachmentHeader("so-ho-tich-" + id + ".csv"));
  r.res.set_content("\xEF\xBB\xBF" + report::RecordsCsv(**book, shown), "text/csv; charset=utf-8");
}

// GET /api/books/{id}/pages/{n}/image[?width=N]: the scan a record was read from.
void BookPageImage(ApiRequest& r) {
  auto book = r.catalog.FindBook(r.Param(1));
  if (!book.ok()) return SendStatus(r, book.status());
  if (!book->has_value()) return Deny(r, 404, r.Param(1), "no such book in scope");
  const auto number = PositiveInt(r.Param(2));
  if (!number) return Deny(r, 404, r.Param(1), "no page " + r.Param(2));
  const auto width = IntParam(r, "width", 1200, kMinImageWidth, kMaxImageWidth);
  if (!width) return;
  auto page = archive::Keying(r.catalog).Page(r.Param(1), *number);
  if (!page.ok()) return SendStatus(r, page.status());
  if (!page->has_value() || (*page)->image_sha256.empty()) {
    return Deny(r, 404, r.Param(1), "no page " + r.Param(2));
  }
  auto png = PagePng(r.blobs, (*page)->image_sha256, (*page)->source_page, 0, *width);
  if (!png.ok()) {
    return SendStatus(r, png.status().code() == StatusCode::kNotFound ? Internal(png.status().message())
                                                                       : png.status());
  }
  Audit(r, "page", r.Param(1), "page " + r.Param(2) + " image");
  r.res.set_content(*png, "image/png");
}

}  // namespace

void AddReportRoutes(Router& router) {
  router.Add({"GET", "/api/report", Auth::kRoles, {Role::kManager, Role::kArchivist}, Report});
  router.Add({"GET", "/api/books/backlog", Auth::kRoles, {Role::kManager, Role::kArchivist}, Backlog});
  router.Add({"GET", "/api/records", Auth::kRoles, {Role::kArchivist}, Records});
  router.Add({"GET", "/api/records.csv", Auth::kRoles, {Role::kArchivist}, RecordsCsv});
  router.Add({"GET", "/api/books/{id}/pages/{n}/image", Auth::kRoles, {Role::kArchivist}, BookPageImage});
}

}  // namespace sohoa::server
