#include "archive/internal/search_facets.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "schema/agency.h"
#include "schema/text.h"

namespace sohoa::archive::internal {
namespace {

// The most facets one filter becomes before it is left to SQL alone.
constexpr int kMaxFacets = 36;

// A filter naming more facets than this (procedure: words matching most of
// the catalog) is left to SQL alone: its facets would narrow little.
constexpr std::size_t kMaxFacetsPerFilter = 40;

// `kind` and the letters and digits of `value`, lower case: one FTS5 word.
std::string Facet(char kind, std::string_view value) {
  std::string out(1, kind);
  for (char c : value) {
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    }
  }
  return out;
}

// The agency and every agency code whose agency: filter includes it: the
// code with its groups below L1, L2 and L3 set to zero in turn (the same
// reading as AgencyGlob in search_filters.cc).
std::set<std::string> AgencyAndAbove(std::string_view agency) {
  std::set<std::string> out{std::string(agency)};
  if (!IsAgencyCode(agency)) return out;
  std::string code(agency);
  static constexpr std::pair<std::size_t, std::size_t> kUp[] = {{0, 3}, {4, 2}, {7, 2}};
  for (const auto& [at, size] : kUp) {
    code.replace(at, size, std::string(size, '0'));
    out.insert(code);
  }
  return out;
}

bool ParseYearMonth(std::string_view iso, int& year, int& month) {
  if (iso.size() < 7 || iso[4] != '-') return false;
  return std::sscanf(std::string(iso.substr(0, 7)).c_str(), "%4d-%2d", &year, &month) == 2 &&
         month >= 1 && month <= 12;
}

}  // namespace

std::string AgencyFacet(std::string_view agency) { return Facet('a', agency); }
std::string ProcedureFacet(std::string_view procedure_code) { return Facet('p', procedure_code); }
std::string FieldFacet(std::string_view field) { return Facet('f', FoldForSearch(field)); }
std::string KindFacet(std::string_view kind) { return Facet('k', kind); }

std::string AgencyMonthFacet(std::string_view agency_facet, std::string_view month_facet) {
  return "c" + std::string(agency_facet.substr(1)) + std::string(month_facet.substr(1));
}

std::string FacetWords(const FacetSource& s) {
  std::string out;
  auto add = [&out](const std::string& word) {
    if (word.size() <= 1) return;  // the kind letter alone: nothing known
    if (!out.empty()) out += ' ';
    out += word;
  };
  const std::string agency =
      !s.agency_code.empty() ? s.agency_code : s.dossier_code.substr(0, 13);
  std::vector<std::string> agencies;
  for (const std::string& a : AgencyAndAbove(agency)) agencies.push_back(AgencyFacet(a));
  for (const std::string& a : agencies) add(a);
  add(ProcedureFacet(s.procedure_code));
  // A local variant (1.001193.000.00.00.H32) is also found by its national code.
  const std::size_t first_dot = s.procedure_code.find('.');
  const std::size_t second_dot =
      first_dot == std::string::npos ? first_dot : s.procedure_code.find('.', first_dot + 1);
  if (second_dot != std::string::npos) {
    add(ProcedureFacet(std::string_view(s.procedure_code).substr(0, second_dot)));
  }
  add(FieldFacet(s.field));
  add(KindFacet(s.kind));
  int year = 0, month = 0;
  if (ParseYearMonth(s.received_date, year, month)) {
    char ym[16];
    std::snprintf(ym, sizeof ym, "m%04d%02d", year, month);
    add(ym);
    add("y" + std::to_string(year));
    for (const std::string& a : agencies) {
      if (a.size() > 1) add(AgencyMonthFacet(a, ym));
    }
  }
  return out;
}

std::optional<std::vector<std::string>> ReceivedFacets(std::string_view from,
                                                       std::string_view until) {
  int y0 = 0, m0 = 0, y1 = 0, m1 = 0;
  if (!ParseYearMonth(from, y0, m0) || !ParseYearMonth(until, y1, m1)) return std::nullopt;
  std::vector<std::string> out;
  if (y1 * 12 + m1 < y0 * 12 + m0) return std::nullopt;  // an empty span: SQL finds nothing
  if ((y1 * 12 + m1) - (y0 * 12 + m0) < kMaxFacets) {
    for (int y = y0, m = m0; y * 12 + m <= y1 * 12 + m1; m == 12 ? (m = 1, ++y) : ++m) {
      char ym[16];
      std::snprintf(ym, sizeof ym, "m%04d%02d", y, m);
      out.push_back(ym);
    }
    return out;
  }
  if (y1 - y0 >= kMaxFacets) return std::nullopt;
  for (int y = y0; y <= y1; ++y) out.push_back("y" + std::to_string(y));
  return out;
}

void FacetNarrowing::Add(const QueryFilter& filter, std::optional<std::vector<std::string>> some) {
  if (filter.negated) return;
  const auto at = facets_.try_emplace(filter.kind, std::vector<std::string>{}).first;
  if (!some || !at->second) {
    at->second = std::nullopt;
    return;
  }
  at->second->insert(at->second->end(), some->begin(), some->end());
}

std::string FacetNarrowing::Expression(const Scope& scope) const {
  auto facets = facets_;
  // An agency with a month range becomes their product, one rarer facet
  // list in place of two common ones (see above).
  const auto agencies = facets.find(FilterKind::kAgency);
  const auto months = facets.find(FilterKind::kReceived);
  if (agencies != facets.end() && months != facets.end() && agencies->second &&
      months->second &&
      agencies->second->size() * months->second->size() <= kMaxFacetsPerFilter &&
      std::all_of(months->second->begin(), months->second->end(),
                  [](const std::string& m) { return m[0] == 'm'; })) {
    std::vector<std::string> both;
    for (const std::string& a : *agencies->second) {
      for (const std::string& m : *months->second) both.push_back(AgencyMonthFacet(a, m));
    }
    agencies->second = std::move(both);
    facets.erase(months);
  }
  std::string out;
  for (const auto& [kind, some] : facets) {
    if (!some || some->empty() || some->size() > kMaxFacetsPerFilter) continue;
    std::string any;
    for (const std::string& facet : *some) {
      any += (any.empty() ? "facets : \"" : " OR facets : \"") + facet + "\"";
    }
    out += (out.empty() ? "(" : " AND (") + any + ")";
  }
  if (const std::string in_scope = ScopeFacets(scope); !in_scope.empty()) {
    out += (out.empty() ? "" : " AND ") + in_scope;
  }
  return out;
}

std::string ScopeFacets(const Scope& scope) {
  if (scope.unrestricted()) return "";
  std::string any;
  for (const std::string& agency : *scope.agencies) {
    if (!IsAgencyCode(agency)) continue;
    // A province's facet is on every page of a province's home: ANDing it
    // narrows nothing and costs the walk of its posting list (at 1,000,000
    // pages, a third of a search's time). The SQL condition still decides.
    if (AgencyDepth(agency) == 0) return "";
    any += (any.empty() ? "facets : \"" : " OR facets : \"") + AgencyFacet(agency) + "\"";
  }
  // No agency at all: a facet word that no page holds.
  if (any.empty()) any = "facets : \"anone\"";
  return "(" + any + ")";
}

}  // namespace sohoa::archive::internal
