// The search benchmark: fills a home with synthetic pages of the text the
// sample generator prints (receipts, declaration forms, CCCD copies, results
// of Khánh Hòa dossiers: names, addresses, dates, 12-digit IDs, procedure
// boilerplate), no OCR, then times a mix of queries people type.
// Prints indexing pages/s, the home's size and latency percentiles per query
// class. Goals (issue 5): indexing >= 2,000 pages/s, p95 <= 20 ms at 1M pages.
// search_bench.sh builds and runs it.
#include <CLI/CLI.hpp>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/storage.h"
#include "archive/home.h"
#include "schema/procedure.h"
#include "schema/text.h"
#include "tools/gen/calendar.h"
#include "tools/gen/content.h"
#include "tools/gen/documents.h"
#include "tools/gen/rng.h"

namespace {

using namespace sohoa;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU seconds: the machine the benchmark runs on may be shared, so wall
// times are printed beside the CPU time the work itself took.
double ProcessCpu() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double ThreadCpu() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// The text a page of `layout` prints, paragraph per line (QR codes left out).
std::string PageText(const gen::DocumentLayout& layout) {
  std::string text;
  auto add_cells = [&text](const std::vector<gen::Cell>& cells) {
    for (const gen::Cell& cell : cells) {
      for (const gen::Para& para : cell.paras) {
        if (para.text.empty()) continue;
        std::string line = para.text;
        std::replace(line.begin(), line.end(), '\t', ' ');
        text += line;
        text += '\n';
      }
    }
  };
  for (const gen::Element& element : layout.elements) {
    if (const auto* row = std::get_if<gen::Row>(&element)) add_cells(row->cells);
    if (const auto* card = std::get_if<gen::Card>(&element)) add_cells(card->cells);
  }
  return text;
}

std::string FakeSha(std::uint64_t n) {
  char buf[65];
  std::snprintf(buf, sizeof buf, "%016llx%048llx", static_cast<unsigned long long>(n), 0ULL);
  return buf;
}

// What the queries are made from: a uniform sample of the stored dossiers.
struct Sampled {
  std::string code, applicant, citizen_id, agency, district, received, procedure_code;
  std::string subject, street;
};

// Builds dossiers with unique codes: the generator's sequence numbers are
// for a small corpus and would repeat over hundreds of thousands.
class Source {
 public:
  explicit Source(std::uint64_t seed) : rng_(seed), procedures_(BuiltinProcedures()) {}

  DossierRecord Next(Sampled& sampled) {
    const Procedure& procedure = procedures_[rng_.Index(procedures_.size())];
    gen::DossierContent c = gen::MakeContent(rng_, procedure);
    const std::string day = c.agency.code + "-" + gen::FormatYyMmDd(c.received);
    c.sequence = ++sequences_[day];
    char seq[8];
    std::snprintf(seq, sizeof seq, "%04d", c.sequence % 10000);
    c.code = day + "-" + seq;

    DossierRecord d;
    d.code = c.code;
    d.code_source = kSourceBarcode;
    d.agency_code = c.agency.code;
    d.received_date = gen::FormatIso(c.received);
    d.procedure_code = procedure.code;
    d.procedure_name = procedure.name;
    d.field = procedure.field;
    d.procedure_confidence = 0.95f;
    d.applicant = c.Show(c.applicant.name);
    d.fields = {{"applicant_name", d.applicant, 0.9f, kSourceOcr},
                {"citizen_id", c.applicant.citizen_id, 0.95f, kSourceOcr},
                {"received_date", d.received_date, 0.95f, kSourceBarcode}};
    if (!c.subject.name.empty() && c.subject.name != c.applicant.name) {
      d.fields.push_back({"subject_name", c.Show(c.subject.name), 0.9f, kSourceOcr});
    }
    for (gen::DocumentPlan& plan : gen::BuildDocuments(rng_, c)) {
      DocumentRecord doc;
      doc.kind = plan.kind;
      doc.title = plan.title;
      doc.source_sha256 = FakeSha(++documents_);
      doc.source_name = "scan.pdf";
      doc.media_type = "application/pdf";
      PageRecord page;
      page.number = 1;
      page.text = PageText(plan.layout);
      page.confidence = 90;
      page.dpi = 300;
      doc.pages.push_back(std::move(page));
      d.documents.push_back(std::move(doc));
    }
    sampled = {d.code,
               c.applicant.name,
               c.applicant.citizen_id,
               c.agency.code,
               c.agency.commune ? c.agency.commune->district_code : c.agency.code,
               d.received_date,
               procedure.code,
               c.subject.name,
               c.applicant.residence.street};
    return d;
  }

  gen::Rng& rng() { return rng_; }

 private:
  gen::Rng rng_;
  const std::vector<Procedure>& procedures_;
  std::map<std::string, int> sequences_;
  std::uint64_t documents_ = 0;
};

std::string Folded(const std::string& s) { return FoldForSearch(s); }

// "2023-06-14" → the month around it, as a received: range.
std::string MonthOf(const std::string& iso) {
  return "received:" + iso.substr(0, 8) + "01.." + iso.substr(0, 8) + "28";
}

struct QueryClass {
  std::string name;
  bool in_mix = true;  // counted in the "overall" line
  std::vector<std::string> queries;
  std::vector<double> ms, cpu_ms;
  std::size_t hits = 0, empty = 0;
};

// Queries of each class, built from sampled dossiers the way people type them.
std::vector<QueryClass> MakeQueries(gen::Rng& rng, const std::vector<Sampled>& sample, int n) {
  std::vector<QueryClass> classes(5);
  classes[0].name = "name";
  classes[1].name = "code";
  classes[2].name = "phrase";
  classes[3].name = "prefix";
  classes[3].in_mix = false;  // the mix is names, codes, phrases and filters
  classes[4].name = "filtered";
  auto pick = [&]() -> const Sampled& { return sample[rng.Index(sample.size())]; };
  for (int i = 0; i < n; ++i) {
    const Sampled& a = pick();
    // Half typed without diacritics, half as printed.
    classes[0].queries.push_back(i % 2 ? Folded(a.applicant) : a.applicant);
    classes[1].queries.push_back(i % 4 == 3 ? a.citizen_id : pick().code);
    const Sampled& b = pick();
    if (i % 2 == 0 || b.street.empty()) {
      classes[2].queries.push_back("\"" + (b.subject.empty() ? b.applicant : b.subject) + "\"");
    } else {
      classes[2].queries.push_back("\"" + b.street + "\"");
    }
    const Sampled& c = pick();
    std::string folded = Folded(c.applicant);
    const std::size_t last = folded.rfind(' ');
    classes[3].queries.push_back(last == std::string::npos
                                     ? folded.substr(0, 3) + "*"
                                     : folded.substr(0, last + 2) + "*");
    const Sampled& d = pick();
    const std::string given = Folded(d.applicant.substr(d.applicant.rfind(' ') + 1));
    switch (i % 5) {
      case 0:
        classes[4].queries.push_back(Folded(d.applicant) + " " + MonthOf(d.received) +
                                     " agency:" + d.district);
        break;
      case 1:
        classes[4].queries.push_back("cccd:" + d.citizen_id);
        break;
      case 2:
        classes[4].queries.push_back("kind:result procedure:" + d.procedure_code + " " +
                                     MonthOf(d.received));
        break;
      case 3:
        classes[4].queries.push_back(given + " field:\"ho tich\" -\"ket hon\" " +
                                     MonthOf(d.received));
        break;
      default:
        classes[4].queries.push_back("name:\"" + Folded(d.applicant) + "\" agency:" + d.district);
        break;
    }
  }
  return classes;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t i =
      std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size())));
  return v[i];
}

std::uintmax_t HomeBytes(const fs::path& root) {
  std::uintmax_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  std::string home_dir;
  long long pages_wanted = 1000000;
  int queries_per_class = 200;
  int limit = 20;
  int batch_size = 1000;
  std::uint64_t seed = 5;
  bool reuse = false;
  bool verbose = false;
  bool by_dossier = false;
  std::string write_queries;
  std::string catalog_url;
  bool compact = false;
  CLI::App app{"Times indexing and search on a home of synthetic pages"};
  app.add_option("--home", home_dir, "Where to build the home (made empty first)")->required();
  app.add_option("--catalog", catalog_url,
                 "The home's catalog, as sohoa --catalog takes it: a PostgreSQL database "
                 "(postgresql://...) to time that backend; it must be empty (default: the "
                 "home's SQLite catalog.db)");
  app.add_option("--pages", pages_wanted, "Pages to index (default 1000000)");
  app.add_option("--queries", queries_per_class, "Queries per class (default 200)");
  app.add_option("--limit", limit, "Hits per query (default 20)");
  app.add_option("--batch", batch_size,
                 "Dossiers stored per transaction (Catalog::StoreDossiers); 1 stores each "
                 "with StoreDossier, one commit per dossier as ingest does (default 1000)")
      ->check(CLI::PositiveNumber);
  app.add_option("--seed", seed, "Seed of the synthetic text");
  app.add_flag("--compact", compact,
               "After indexing, tidy the index as an operator would after a bulk load "
               "(Catalog::CompactSearchIndex: SQLite merges its segments into one, PostgreSQL "
               "refreshes the planner's statistics), timed apart");
  app.add_flag("--reuse", reuse, "Search a home an earlier run built (same --seed), skip indexing");
  app.add_flag("--verbose", verbose, "Print each query with its time and hit count");
  app.add_flag("--by-dossier", by_dossier,
               "Time SearchDossiers (one hit per dossier and the total, as sohoa search and the "
               "HTTP API show them) instead of Search");
  app.add_option("--write-queries", write_queries,
                 "Also write the overall mix of queries to this file, one per line, for the "
                 "HTTP benchmark (api_bench.sh)");
  CLI11_PARSE(app, argc, argv);

  archive::HomeLayout home;
  home.root = home_dir;
  home.catalog_url = catalog_url;
  home.catalog_url_from = "--catalog";
  if (!reuse) {
    std::error_code ec;
    fs::remove_all(home.root, ec);
    if (Status s = archive::InitHome(home); !s.ok()) {
      std::fprintf(stderr, "search_bench: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  auto opened = archive::OpenCatalog(home);
  if (!opened.ok()) {
    std::fprintf(stderr, "search_bench: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  std::unique_ptr<archive::Catalog> catalog = std::move(opened).value();

  // Dossiers are generated the same way with or without --reuse, so the
  // sample (and the queries) match the stored home.
  Source source(seed);
  std::vector<Sampled> sample;
  constexpr std::size_t kSample = 4000;
  long long pages = 0, dossiers = 0;
  Clock::duration storing{}, generating{};
  double storing_cpu = 0;
  const Clock::time_point started = Clock::now();
  std::vector<DossierRecord> batch;
  auto flush = [&]() -> bool {
    if (batch.empty()) return true;
    const Clock::time_point t0 = Clock::now();
    const double cpu0 = ProcessCpu();
    auto added = batch.size() == 1 ? catalog->StoreDossier(batch[0]) : catalog->StoreDossiers(batch);
    storing += Clock::now() - t0;
    storing_cpu += ProcessCpu() - cpu0;
    batch.clear();
    if (!added.ok()) {
      std::fprintf(stderr, "search_bench: %s\n", added.status().ToString().c_str());
      return false;
    }
    return true;
  };
  long long reported = 0;
  while (pages < pages_wanted) {
    Sampled s;
    const Clock::time_point t0 = Clock::now();
    DossierRecord d = source.Next(s);
    generating += Clock::now() - t0;
    for (const DocumentRecord& doc : d.documents) pages += static_cast<long long>(doc.pages.size());
    ++dossiers;
    if (!reuse) {
      batch.push_back(std::move(d));
      if (static_cast<int>(batch.size()) >= batch_size && !flush()) return 1;
    }
    // Reservoir sampling keeps a uniform sample of every dossier stored.
    if (sample.size() < kSample) {
      sample.push_back(std::move(s));
    } else {
      const std::size_t j = source.rng().Index(static_cast<std::size_t>(dossiers));
      if (j < kSample) sample[j] = std::move(s);
    }
    if (!reuse && pages - reported >= 100000) {
      reported = pages;
      std::fprintf(stderr, "  %lld pages, %.0f pages/s stored\n", pages,
                   static_cast<double>(pages) / Seconds(storing));
    }
  }
  if (!flush()) return 1;
  const double wall = Seconds(Clock::now() - started);
  catalog.reset();  // checkpoints SQLite's WAL into catalog.db
  opened = archive::OpenCatalog(home);
  if (!opened.ok()) {
    std::fprintf(stderr, "search_bench: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  catalog = std::move(opened).value();

  double compact_seconds = -1;
  if (compact) {
    const Clock::time_point t0 = Clock::now();
    auto steps = catalog->CompactSearchIndex();
    if (!steps.ok()) {
      std::fprintf(stderr, "search_bench: %s\n", steps.status().ToString().c_str());
      return 1;
    }
    compact_seconds = Seconds(Clock::now() - t0);
  }

  std::printf("pages                %lld in %lld dossiers\n", pages, dossiers);
  if (compact_seconds >= 0) std::printf("compacting           %.1f s\n", compact_seconds);
  if (!reuse) {
    std::printf("indexing             %.0f pages/s wall, %.0f pages/s of CPU (storing, %d "
                "dossiers per transaction; %.0f pages/s wall with text generation, %.0f s in "
                "all)\n",
                static_cast<double>(pages) / Seconds(storing),
                static_cast<double>(pages) / storing_cpu, batch_size,
                static_cast<double>(pages) / wall, wall);
  }
  std::printf("home size            %.0f MB (%.2f KB per page)%s\n",
              static_cast<double>(HomeBytes(home.root)) / 1e6,
              static_cast<double>(HomeBytes(home.root)) / 1e3 / static_cast<double>(pages),
              catalog_url.empty() ? "" : ", the catalog's database not included");

  gen::Rng query_rng(seed * 7919 + 1);
  std::vector<QueryClass> classes = MakeQueries(query_rng, sample, queries_per_class);
  if (!write_queries.empty()) {
    std::FILE* out = std::fopen(write_queries.c_str(), "w");
    if (out == nullptr) {
      std::fprintf(stderr, "search_bench: cannot write %s\n", write_queries.c_str());
      return 1;
    }
    for (int i = 0; i < queries_per_class; ++i) {
      for (const QueryClass& c : classes) {
        if (c.in_mix) std::fprintf(out, "%s\n", c.queries[static_cast<std::size_t>(i)].c_str());
      }
    }
    std::fclose(out);
  }
  // What one query costs: its hits, counted the way the caller shows them.
  auto search = [&](const std::string& q) -> Result<std::size_t> {
    if (by_dossier) {
      SOHOA_ASSIGN_OR_RETURN(archive::DossierSearch found, catalog->SearchDossiers(q, limit));
      return found.hits.size();
    }
    SOHOA_ASSIGN_OR_RETURN(std::vector<archive::SearchHit> hits, catalog->Search(q, limit));
    return hits.size();
  };
  // One untimed pass over a few queries of each class: the first queries
  // after opening pay for reading the schema and the index roots.
  for (QueryClass& c : classes) {
    for (std::size_t i = 0; i < std::min<std::size_t>(5, c.queries.size()); ++i) {
      (void)search(c.queries[i]);
    }
  }
  // Classes interleaved, so that no class has the cache to itself.
  std::vector<double> all, all_cpu;
  for (int i = 0; i < queries_per_class; ++i) {
    for (QueryClass& c : classes) {
      const std::string& q = c.queries[static_cast<std::size_t>(i)];
      const double cpu0 = ThreadCpu();
      const Clock::time_point t0 = Clock::now();
      auto hits = search(q);
      const double ms = Seconds(Clock::now() - t0) * 1000;
      const double cpu_ms = (ThreadCpu() - cpu0) * 1000;
      if (!hits.ok()) {
        std::fprintf(stderr, "search_bench: [%s]: %s\n", q.c_str(),
                     hits.status().ToString().c_str());
        return 1;
      }
      c.ms.push_back(ms);
      c.cpu_ms.push_back(cpu_ms);
      if (c.in_mix) {
        all.push_back(ms);
        all_cpu.push_back(cpu_ms);
      }
      c.hits += *hits;
      if (*hits == 0) ++c.empty;
      if (verbose) {
        std::printf("  %8.2f ms %8.2f ms CPU %3zu hits  %s\n", ms, cpu_ms, *hits, q.c_str());
      }
    }
  }
  std::printf("query latency (ms), %d %s asked, wall clock | CPU time of the query\n", limit,
              by_dossier ? "dossiers (SearchDossiers, with the total)" : "hits");
  std::printf("  %-10s %7s %7s %7s %7s | %7s %7s %7s %6s  example\n", "class", "p50", "p95",
              "p99", "max", "p50", "p95", "p99", "hits");
  auto line = [](const std::string& name, const std::vector<double>& wall_ms,
                 const std::vector<double>& cpu) {
    std::printf("  %-10s %7.2f %7.2f %7.2f %7.2f | %7.2f %7.2f %7.2f", name.c_str(),
                Percentile(wall_ms, 50), Percentile(wall_ms, 95), Percentile(wall_ms, 99),
                Percentile(wall_ms, 100), Percentile(cpu, 50), Percentile(cpu, 95),
                Percentile(cpu, 99));
  };
  for (const QueryClass& c : classes) {
    line(c.name + (c.in_mix ? "" : " *"), c.ms, c.cpu_ms);
    std::printf(" %6.1f  %s\n", static_cast<double>(c.hits) / static_cast<double>(c.ms.size()),
                c.queries.front().c_str());
  }
  line("overall", all, all_cpu);
  std::printf("\n  * not in the overall mix (names, codes, phrases, filters)\n");
  std::printf("goals                indexing >= 2000 pages/s, p95 <= 20 ms\n");
  return 0;
}
