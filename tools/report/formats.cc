#include "tools/report/formats.h"

#include <cmath>
#include <cstdio>

#include "schema/civil_record.h"
#include "schema/date.h"
#include "tools/report/vocabulary.h"

namespace sohoa::report {

using archive::RateDimension;

std::string DimensionName(RateDimension d) { return std::string(DimensionKey(d)); }

nlohmann::json RateJson(const archive::RateCell& cell) {
  const auto percent = cell.percent();
  return {{"numerator", cell.numerator},
          {"denominator", cell.denominator},
          {"rate", percent ? nlohmann::json(std::round(*percent * 100) / 100)
                           : nlohmann::json(nullptr)}};
}

Result<RateDimension> ParseDimension(const std::string& name) {
  if (name == "agency") return RateDimension::kAgency;
  if (name == "procedure") return RateDimension::kProcedure;
  if (name == "field") return RateDimension::kField;
  if (name == "month") return RateDimension::kMonth;
  return InvalidArgument("--by " + name + ": choose agency, procedure, field or month");
}

std::string PeriodText(const archive::RateQuery& q) {
  if (q.from.empty() && q.to.empty()) return "";
  if (q.to.empty()) return "từ " + VietnameseDate(q.from);
  if (q.from.empty()) return "đến " + VietnameseDate(q.to);
  return VietnameseDate(q.from) + " – " + VietnameseDate(q.to);
}

nlohmann::json ShortfallsToJson(const archive::RatesReport& r) {
  nlohmann::json groups = nlohmann::json::array();
  for (const archive::ShortfallGroup& g : r.shortfalls) {
    nlohmann::json j = nlohmann::json::object();
    for (size_t i = 0; i < r.query.by.size() && i < g.keys.size(); ++i) {
      j[DimensionName(r.query.by[i])] = g.keys[i];
      if (r.query.by[i] == RateDimension::kAgency) {
        j["agency_name"] = g.labels[i];
        j["depth"] = g.depth;
      } else if (r.query.by[i] == RateDimension::kProcedure) {
        j["procedure_name"] = g.labels[i];
      }
    }
    j["label"] = report::RowLabel(r.query, g.keys, g.labels);
    j["count"] = g.not_digitized;
    nlohmann::json reasons = nlohmann::json::object();
    for (int k = 0; k < archive::kShortfallKinds; ++k) {
      reasons[std::string(report::ShortfallKey(static_cast<archive::Shortfall>(k)))] = g.count[k];
    }
    j["reasons"] = reasons;
    nlohmann::json dossiers = nlohmann::json::array();
    for (const archive::ShortfallDossier& d : g.dossiers) {
      dossiers.push_back({{"code", d.dossier_code},
                          {"received_date", d.received_date},
                          {"procedure_code", d.procedure_code},
                          {"procedure_name", d.procedure_name},
                          {"reason", report::ShortfallKey(d.reason)},
                          {"reason_text", report::ShortfallText(d)},
                          {"result_missing", d.result_missing}});
    }
    j["dossiers"] = dossiers;
    groups.push_back(std::move(j));
  }
  return groups;
}

namespace {

nlohmann::json RowToJson(const archive::RatesReport& r, const archive::RateRow& row) {
  nlohmann::json j = nlohmann::json::object();
  // The total row has no keys.
  for (size_t i = 0; i < r.query.by.size() && i < row.keys.size(); ++i) {
    const std::string name = DimensionName(r.query.by[i]);
    j[name] = row.keys[i];
    if (r.query.by[i] == RateDimension::kAgency) {
      j["agency_name"] = row.labels[i];
      j["depth"] = row.depth;
    } else if (r.query.by[i] == RateDimension::kProcedure) {
      j["procedure_name"] = row.labels[i];
    }
  }
  j[std::string(report::words::kReceived.key)] = row.received;
  j[std::string(report::words::kArchived.key)] = row.archived;
  for (const report::RateMeasure& m : report::kRateMeasures) {
    j[std::string(m.words->key)] = RateJson(row.*m.cell);
  }
  return j;
}

}  // namespace

nlohmann::json RatesToJson(const archive::RatesReport& r) {
  nlohmann::json by = nlohmann::json::array();
  for (RateDimension d : r.query.by) by.push_back(DimensionName(d));
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : r.rows) rows.push_back(RowToJson(r, row));
  nlohmann::json total = RowToJson(r, r.total);
  return {{"from", r.query.from},
          {"to", r.query.to},
          {"by", by},
          {"register_rows", r.register_rows},
          {"undated", r.undated},
          {"unregistered", r.unregistered},
          {"unregistered_codes", r.unregistered_codes},
          {"rows", rows},
          {"total", total}};
}

// The figures of the home alone (no register): what `report --json` gave
// before the register existed, kept under the same keys.
void AddHomeFigures(const archive::DigitizationReport& h, nlohmann::json& j) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& p : h.by_procedure) {
    rows.push_back({{"procedure_code", p.procedure_code},
                    {"procedure_name", p.procedure_name},
                    {"field", p.field},
                    {"digitization", RateJson(p.digitization)}});
  }
  j["dossiers"] = h.dossiers;
  j["documents"] = h.documents;
  j["pages"] = h.pages;
  j["unclassified"] = h.unclassified;
  j["digitization"] = RateJson(h.digitization);
  j["by_procedure"] = rows;
}

namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string RatesCsv(const archive::RatesReport& r) {
  std::vector<std::string> header = {"row"};
  for (RateDimension d : r.query.by) {
    header.push_back(DimensionName(d));
    if (d == RateDimension::kAgency) {
      header.push_back("agency_name");
      header.push_back("depth");
    } else if (d == RateDimension::kProcedure) {
      header.push_back("procedure_name");
    }
  }
  header.emplace_back(report::words::kReceived.key);
  header.emplace_back(report::words::kArchived.key);
  for (const report::RateMeasure& m : report::kRateMeasures) {
    for (const char* part : {"_numerator", "_denominator", "_rate"}) {
      header.push_back(std::string(m.words->key) + part);
    }
  }
  auto join = [](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + CsvField(cells[i]);
    return line + "\r\n";
  };
  auto cells = [&](const archive::RateRow& row, bool total) {
    std::vector<std::string> c = {total ? "total" : "group"};
    for (size_t i = 0; i < r.query.by.size(); ++i) {
      c.push_back(total ? "" : row.keys[i]);
      if (r.query.by[i] == RateDimension::kAgency) {
        c.push_back(total ? "" : row.labels[i]);
        c.push_back(total ? "" : std::to_string(row.depth));
      } else if (r.query.by[i] == RateDimension::kProcedure) {
        c.push_back(total ? "" : row.labels[i]);
      }
    }
    c.push_back(std::to_string(row.received));
    c.push_back(std::to_string(row.archived));
    for (const report::RateMeasure& m : report::kRateMeasures) {
      const archive::RateCell* cell = &(row.*m.cell);
      c.push_back(std::to_string(cell->numerator));
      c.push_back(std::to_string(cell->denominator));
      const auto p = cell->percent();
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f", p.value_or(0));
      c.push_back(p ? buf : "N/A");
    }
    return c;
  };
  std::string csv = join(header);
  for (const auto& row : r.rows) csv += join(cells(row, false));
  csv += join(cells(r.total, true));
  return csv;
}

Result<archive::RateQuery> MakeRateQuery(const std::vector<std::string>& by, const std::string& from,
                                         const std::string& to, const std::string& from_label,
                                         const std::string& to_label) {
  archive::RateQuery query;
  for (const std::string& name : by) {
    SOHOA_ASSIGN_OR_RETURN(RateDimension d, ParseDimension(name));
    query.by.push_back(d);
  }
  if (query.by.empty()) query.by.push_back(RateDimension::kAgency);
  for (auto [given, iso, label] : {std::tuple{&from, &query.from, &from_label}, std::tuple{&to, &query.to, &to_label}}) {
    if (given->empty()) continue;
    // A month is its first day for the start, its last for the end.
    auto parsed = ParseDayOrMonth(*given);
    if (!parsed.ok()) return parsed.status().WithContext(*label);
    *iso = given == &from ? parsed->from : parsed->to;
  }
  if (!query.from.empty() && !query.to.empty() && query.from > query.to) {
    return InvalidArgument(from_label + " " + from + " is after " + to_label + " " + to);
  }
  return query;
}

Result<ReportDocument> BuildReportDocument(archive::Catalog& catalog, archive::RatesReport by_unit,
                                           const std::string& generated_at) {
  ReportDocument doc;
  doc.title = "Báo cáo số hóa hồ sơ TTHC";
  doc.period = PeriodText(by_unit.query);
  doc.generated_at = generated_at;
  archive::RateQuery monthly = by_unit.query;
  monthly.by = {RateDimension::kMonth};
  monthly.explain = false;
  doc.by_unit = std::move(by_unit);
  SOHOA_ASSIGN_OR_RETURN(doc.by_month, archive::ComputeRates(catalog, monthly));
  SOHOA_ASSIGN_OR_RETURN(doc.backlog, archive::ComputeBacklog(catalog));
  return doc;
}

archive::BacklogRow BacklogTotal(const std::vector<archive::BacklogRow>& rows) {
  archive::BacklogRow total;
  for (const auto& r : rows) {
    total.books += r.books;
    total.entries_in_books += r.entries_in_books;
    total.entries_digitized += r.entries_digitized;
    total.entries_keyed += r.entries_keyed;
    total.entries_verified += r.entries_verified;
    total.progress.numerator += r.progress.numerator;
    total.progress.denominator += r.progress.denominator;
    total.remaining += r.remaining;
  }
  return total;
}

nlohmann::json BacklogJson(const std::vector<archive::BacklogRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) out.push_back(BacklogRowJson(r));
  nlohmann::json t = BacklogRowJson(BacklogTotal(rows));
  t.erase("type");
  t.erase("agency");
  t.erase("agency_name");
  t.erase("year");
  return {{"rows", out}, {"total", t}};
}

namespace {

// The keys every record has, in this order; a book's other columns
// (husband, wife, died, ...) follow.
constexpr const char* kRecordKeys[] = {"no",  "registered", "name",   "dob",
                                       "sex", "birthplace", "mother", "father"};

}  // namespace

nlohmann::json BookEntryJson(const archive::BookEntryRecord& e) {
  nlohmann::json j = nlohmann::json::object();
  for (const char* key : kRecordKeys) j[key] = e.Get(key);
  j["no"] = e.number.empty() ? e.Get("no") : e.number;
  for (const auto& f : e.fields) {
    if (!j.contains(f.name)) j[f.name] = f.value;
  }
  j["book"] = e.book_id;
  j["page"] = e.page;
  j["position"] = e.position;
  j["confidence"] = e.confidence;
  j["status"] = e.status;
  j["id"] = e.id;
  return j;
}

std::string RecordsCsv(const archive::BookRecord& book, const std::vector<archive::BookEntryRecord>& entries) {
  const std::vector<FormField>& form = KeyingForm(book.type);
  std::vector<std::string> header = {"so_ky_hieu", "loai_so", "quyen_so", "nam_so", "trang", "dong"};
  for (const FormField& f : form) header.push_back(f.column);
  header.push_back("trang_thai");
  header.push_back("anh_trang");
  auto line = [](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + CsvField(cells[i]);
    return out + "\r\n";
  };
  std::string csv = line(header);
  for (const archive::BookEntryRecord& e : entries) {
    std::vector<std::string> cells = {book.id, book.type, book.volume, book.year > 0 ? std::to_string(book.year) : "",
                                      std::to_string(e.page), std::to_string(e.position)};
    for (const FormField& f : form) cells.push_back(f.key == "no" && !e.number.empty() ? e.number : e.Get(f.key));
    cells.push_back(e.status == "verified" ? "da_xac_minh" : "chua_xac_minh");
    cells.push_back(e.source_sha256);
    csv += line(cells);
  }
  return csv;
}

nlohmann::json BacklogRowJson(const archive::BacklogRow& r) {
  return {{"type", r.type},
          {"agency", r.agency_code},
          {"agency_name", r.agency_name},
          {"year", r.year},
          {"books", r.books},
          {"entries_in_books", r.entries_in_books},
          {"entries_digitized", r.entries_digitized},
          {"entries_keyed", r.entries_keyed},
          {"entries_verified", r.entries_verified},
          {"progress", RateJson(r.progress)},
          {"remaining", r.remaining}};
}

}  // namespace sohoa::report
