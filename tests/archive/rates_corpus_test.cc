// One register, archive and reuse record made alike in an SQLite catalog and
// a PostgreSQL catalog, and the same reports asked of both: every grouping,
// periods with whole and partial months, scopes from a commune to another
// province, explanations, the backlog, retention and agency names. The two
// must say the same, row for row, down to labels, order and the dossiers an
// explanation lists. The corpus is drawn from a fixed seed, with the corners
// the rates have: undated rows, rows received outside the period, dossiers
// the register lacks or received elsewhere, local variants of procedures,
// procedures the catalog lacks, codes that name no agency, later scans,
// deletions and a catalog import changing what a procedure requires.
// The PostgreSQL side needs a cluster (tests/postgres_cluster.h); without
// one the test is skipped, saying why.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "archive/agencies.h"
#include "archive/postgres/registers.h"
#include "archive/rates.h"
#include "archive/retention.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

// SplitMix64: the same corpus on every run.
struct Rng {
  std::uint64_t state;
  std::uint64_t Next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& from) {
    return from[static_cast<size_t>(Below(static_cast<int>(from.size())))];
  }
};

// Two provinces: districts 22 and 23 of H32 with communes, a unit of a
// commune; a district and a commune of H33.
const std::vector<std::string> kAgencies = {
    "000.31.22.H32", "000.32.22.H32", "001.31.22.H32", "000.00.22.H32", "000.41.23.H32",
    "000.00.23.H32", "000.00.00.H32", "000.11.05.H33", "000.00.05.H33"};

// Procedures: the catalog's, a local variant of 1.011442, two the catalog
// lacks, and none at all.
const std::vector<std::string> kRegisterProcedures = {
    "1.001193", "1.001193", "1.000894", "2.000001", "1.011442.000.00.22.H32", "1.011442.000.00.05.H33",
    "9.999999", "9.888888", ""};

std::vector<Procedure> Procedures(bool later) {
  auto procedure = [](std::string code, std::string name, std::string field, bool result) {
    Procedure p;
    p.code = std::move(code);
    p.name = std::move(name);
    p.field = std::move(field);
    p.level = "xa";
    p.form_titles = {"TỜ KHAI"};
    p.requires_paper_result = result;
    return p;
  };
  // The later import: 1.000894 no longer issues a paper result, 2.000001
  // now does, and 2.000001 moves to another field.
  return {procedure("1.001193", "Đăng ký khai sinh", "Hộ tịch", true),
          procedure("1.000894", "Đăng ký kết hôn", "Hộ tịch", !later),
          procedure("2.000001", "Cấp giấy xác nhận", later ? "Chứng thực" : "Đất đai", later),
          procedure("1.011442", "Chứng thực bản sao", "Chứng thực", true),
          procedure("3.000003", "Thủ tục không có lĩnh vực", "", false)};
}

std::string Day(int offset) {  // days from 2023-11-01, about six months
  static const int kMonthDays[] = {30, 31, 31, 29, 31, 30, 31};
  static const char* kMonths[] = {"2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05"};
  int month = 0;
  while (offset >= kMonthDays[month]) offset -= kMonthDays[month++];
  char day[16];
  std::snprintf(day, sizeof day, "%s-%02d", kMonths[month], offset + 1);
  return day;
}

struct Corpus {
  std::vector<DossierRecord> dossiers, later_scans;
  std::vector<RegisterRow> register_rows, reimport;
  std::vector<std::pair<std::string, std::string>> explicit_reuse;  // dossier, source document
  std::vector<std::string> deleted;
  std::vector<BookRecord> books;
  std::vector<BookPageRecord> book_pages;
};

Corpus Draw() {
  Rng rng{20240315};
  Corpus c;
  int serial = 0;
  auto sha = [&serial] {
    char text[65];
    std::snprintf(text, sizeof text, "%064d", ++serial);
    return std::string(text);
  };
  std::vector<std::string> archived;
  for (int i = 0; i < 160; ++i) {
    const std::string agency = rng.Pick(kAgencies);
    const std::string received = Day(rng.Below(190));
    const std::string code = agency + "-" + received.substr(2, 2) + received.substr(5, 2) + received.substr(8, 2) +
                             "-" + std::to_string(1000 + i);
    const std::string procedure = rng.Pick(kRegisterProcedures);
    if (rng.Chance(75)) {
      DossierRecord d = MakeDossier(code, "Nguyễn Văn " + std::to_string(i));
      d.procedure_code = procedure;
      d.agency_code = rng.Chance(10) ? "" : rng.Chance(5) ? rng.Pick(kAgencies) : agency;
      d.received_date = rng.Chance(10) ? "" : rng.Chance(10) ? Day(rng.Below(190)) : received;
      const int documents = rng.Below(4);
      for (int n = 0; n < documents; ++n) {
        static const std::vector<std::string> kKinds = {kKindForm, kKindReceipt, kKindResult, kKindIdCopy};
        std::vector<std::string> pages;
        if (rng.Chance(80)) pages.push_back("trang " + std::to_string(n));
        d.documents.push_back(MakeDocument(rng.Pick(kKinds), sha(), pages));
        // A re-scan of a document another dossier holds: a missed reuse.
        if (!archived.empty() && rng.Chance(8)) d.documents.back().reused_from = rng.Pick(archived) + ".1";
      }
      c.dossiers.push_back(d);
      if (!d.documents.empty()) archived.push_back(code);
      if (rng.Chance(10)) {
        DossierRecord later = MakeDossier(code);
        later.documents.push_back(MakeDocument(kKindResult, sha(), {"kết quả"}));
        c.later_scans.push_back(later);
      }
      if (rng.Chance(4)) c.deleted.push_back(code);
    }
    if (rng.Chance(80)) {
      RegisterRow row;
      row.dossier_code = code;
      row.procedure_code = procedure;
      if (!procedure.empty() && procedure[0] == '9' && rng.Chance(70)) {
        row.procedure_name = "Thủ tục địa phương " + std::to_string(rng.Below(3));
      }
      row.agency_code = rng.Chance(8) ? "" : rng.Chance(5) ? rng.Pick(kAgencies) : rng.Chance(3) ? "UBND-KHAC" : agency;
      row.received_date = rng.Chance(6) ? "" : rng.Chance(8) ? Day(rng.Below(190)) : received;
      if (rng.Chance(60)) row.e_result = rng.Chance(40);
      if (rng.Chance(20)) row.agency_name = "UBND " + row.agency_code.substr(0, 6);
      c.register_rows.push_back(row);
      if (rng.Chance(15)) {
        RegisterRow again = row;
        again.e_result = rng.Chance(50) ? std::optional<bool>() : std::optional<bool>(rng.Chance(50));
        if (rng.Chance(30)) again.received_date = rng.Chance(30) ? "" : Day(rng.Below(190));
        c.reimport.push_back(again);
      }
    }
    if (!archived.empty() && rng.Chance(10)) {
      c.explicit_reuse.push_back({code, rng.Pick(archived) + ".1"});
    }
  }
  // A register export naming one code twice: the second row merges with the first.
  if (!c.register_rows.empty()) {
    RegisterRow twice = c.register_rows.front();
    twice.e_result = true;
    twice.procedure_name = "Tên lặp lại";
    c.register_rows.push_back(twice);
  }
  for (int b = 0; b < 8; ++b) {
    BookRecord book;
    book.id = "book-" + std::to_string(b);
    book.type = b % 4 == 3 ? "" : b % 2 == 0 ? "khai_sinh" : "ket_hon";
    book.agency_code = kAgencies[static_cast<size_t>(b % 4)];
    book.year = 2010 + b % 3;
    if (b % 3 != 0) book.entries_expected = 3 + b;
    c.books.push_back(book);
    BookPageRecord page;
    page.book_id = book.id;
    page.number = 1;
    page.image_sha256 = sha();
    for (int e = 1; e <= b + 1; ++e) {
      BookEntryRecord entry;
      entry.position = e;
      entry.number = std::to_string(e);
      entry.fields = {{"name", "Trần Thị " + std::to_string(e), 90}};
      page.entries.push_back(entry);
    }
    c.book_pages.push_back(page);
  }
  return c;
}

// Everything a report says, one line per fact, for a readable diff.
std::string Render(const Result<RatesReport>& result) {
  if (!result.ok()) return "error " + result.status().ToString();
  const RatesReport& r = *result;
  std::ostringstream out;
  auto cell = [](const RateCell& c) { return std::to_string(c.numerator) + "/" + std::to_string(c.denominator); };
  auto row = [&](const RateRow& w) {
    for (size_t i = 0; i < w.keys.size(); ++i) out << w.keys[i] << " [" << w.labels[i] << "] ";
    out << "depth " << w.depth << ": " << w.received << " received, " << w.archived << " archived, digitized "
        << cell(w.digitization) << ", e-result " << cell(w.e_result) << ", reuse " << cell(w.reuse) << ", missed "
        << cell(w.missed_reuse) << "\n";
  };
  out << "by";
  for (RateDimension d : r.query.by) out << " " << static_cast<int>(d);
  out << "\nregister " << r.register_rows << ", undated " << r.undated << ", unregistered " << r.unregistered << ":";
  for (const std::string& code : r.unregistered_codes) out << " " << code;
  out << "\ntotal ";
  row(r.total);
  for (const RateRow& w : r.rows) row(w);
  for (const ShortfallGroup& g : r.shortfalls) {
    out << "shortfall";
    for (size_t i = 0; i < g.keys.size(); ++i) out << " " << g.keys[i] << " [" << g.labels[i] << "]";
    out << " depth " << g.depth << ": " << g.not_digitized << " (" << g.count[0] << ", " << g.count[1] << ", "
        << g.count[2] << ")\n";
    for (const ShortfallDossier& d : g.dossiers) {
      out << "  " << d.dossier_code << " " << d.received_date << " " << d.procedure_code << " [" << d.procedure_name
          << "] " << static_cast<int>(d.reason) << (d.result_missing ? " result missing" : "") << "\n";
    }
  }
  return out.str();
}

std::string Render(const Result<std::vector<BacklogRow>>& result) {
  if (!result.ok()) return "error " + result.status().ToString();
  std::ostringstream out;
  for (const BacklogRow& b : *result) {
    out << b.type << " " << b.agency_code << " [" << b.agency_name << "] " << b.year << ": " << b.books << " books, "
        << b.entries_in_books << " in books, " << b.entries_digitized << " digitized, " << b.progress.numerator << "/"
        << b.progress.denominator << ", " << b.remaining << " remaining, " << b.entries_keyed << " keyed, "
        << b.entries_verified << " verified\n";
  }
  return out.str();
}

class RatesCorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_.root = dir_.path() / "home";
    ASSERT_TRUE(InitHome(home_).ok());
    auto lite = Catalog::Open(home_.catalog(), false);
    ASSERT_TRUE(lite.ok()) << lite.status().ToString();
    sqlite_ = std::move(lite).value();
    auto& shared = TestCluster::Get();
    if (!shared.cluster) GTEST_SKIP() << "no PostgreSQL catalog to compare with: " << shared.why;
    auto url = shared.FreshDatabase();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
    auto pg = postgres::OpenPgCatalog(*url, "the corpus database");
    ASSERT_TRUE(pg.ok()) << pg.status().ToString();
    postgres_ = std::move(pg).value();
  }

  // The same writes, in the same order, on both catalogs.
  void Fill(bool with_later_changes) {
    const Corpus corpus = Draw();
    for (Catalog* catalog : {sqlite_.get(), postgres_.get()}) {
      ASSERT_TRUE(catalog->ReplaceProcedures(Procedures(false)).ok());
      ASSERT_TRUE(SetRetention(*catalog, "1.001193", "1", "test").ok());
      for (const DossierRecord& d : corpus.dossiers) {
        auto stored = catalog->StoreDossier(d);
        ASSERT_TRUE(stored.ok()) << d.code << ": " << stored.status().ToString();
      }
      // Due on a 29 February's anniversary: the day after the 28th.
      DossierRecord leap = MakeDossier("000.31.22.H32-160229-0001", "", "1.001193");
      leap.received_date = "2016-02-29";
      ASSERT_TRUE(catalog->StoreDossier(leap).ok());
      auto stored = StoreRegister(*catalog, corpus.register_rows, "register.csv", "test");
      ASSERT_TRUE(stored.ok()) << stored.status().ToString();
      for (const auto& [dossier, source] : corpus.explicit_reuse) {
        Status reused = RecordReuse(*catalog, dossier, source, "CCCD", "test");
        ASSERT_TRUE(reused.ok() || reused.code() == StatusCode::kNotFound || reused.code() == StatusCode::kInvalidArgument)
            << reused.ToString();
      }
      ASSERT_TRUE(StoreAgencyNames(*catalog, {{"000.31.22.H32", "Ủy ban nhân dân phường Vĩnh Phước"},
                                              {"000.00.22.H32", "Ủy ban nhân dân thành phố Nha Trang"}},
                                   "co-quan.csv", "test")
                      .ok());
      for (const BookRecord& b : corpus.books) ASSERT_TRUE(catalog->StoreBook(b).ok());
      for (const BookPageRecord& p : corpus.book_pages) ASSERT_TRUE(catalog->StoreBookPage(p).ok());
      // PostgreSQL sums rows into rate_counts now and then, and adds those
      // written since at report time: the later changes are of that kind.
      if (catalog == postgres_.get()) RefreshRateCounts();
      if (!with_later_changes) continue;
      auto again = StoreRegister(*catalog, corpus.reimport, "register-2.csv", "test");
      ASSERT_TRUE(again.ok()) << again.status().ToString();
      for (const DossierRecord& d : corpus.later_scans) ASSERT_TRUE(catalog->StoreDossier(d).ok()) << d.code;
      for (const std::string& code : corpus.deleted) {
        auto deleted = catalog->retention().DeleteDossierRows({code, "test", "corpus", "2024-06-01", true});
        ASSERT_TRUE(deleted.ok()) << code << ": " << deleted.status().ToString();
      }
      ASSERT_TRUE(catalog->ReplaceProcedures(Procedures(true)).ok());
    }
    // What the triggers kept is what the tables say.
    auto db = postgres::Connection::Open(url_, "the corpus database");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto differ = postgres::RateRowsOutOfStep(*db);
    ASSERT_TRUE(differ.ok()) << differ.status().ToString();
    EXPECT_EQ(*differ, 0);
  }

  void RefreshRateCounts() {
    auto db = postgres::Connection::Open(url_, "the corpus database");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    Status moved = postgres::RefreshRateCounts(*db, 1);
    ASSERT_TRUE(moved.ok()) << moved.ToString();
  }

  static std::vector<RateQuery> Queries() {
    using D = RateDimension;
    const std::vector<std::vector<D>> groupings = {
        {}, {D::kAgency}, {D::kProcedure}, {D::kField}, {D::kMonth}, {D::kMonth, D::kAgency},
        {D::kAgency, D::kProcedure}, {D::kField, D::kMonth, D::kAgency}, {D::kAgency, D::kAgency}};
    const std::vector<std::pair<std::string, std::string>> periods = {
        {"", ""}, {"2024-01-01", "2024-01-31"}, {"2023-12-15", "2024-02-10"}, {"2024-02-01", ""}, {"", "2023-12-31"}};
    std::vector<RateQuery> queries;
    for (const auto& by : groupings) {
      for (const auto& [from, to] : periods) {
        RateQuery q;
        q.by = by;
        q.from = from;
        q.to = to;
        q.unregistered_limit = 4;
        queries.push_back(q);
      }
      RateQuery explained;
      explained.by = by;
      explained.explain = true;
      explained.explain_limit = by.empty() ? 50 : 2;
      queries.push_back(explained);
    }
    return queries;
  }

  void ExpectSameReports() {
    const std::vector<Scope> scopes = {Scope::Everything(),
                                       Scope::Of({"000.31.22.H32"}),
                                       Scope::Of({"000.00.22.H32"}),
                                       Scope::Of({"000.00.00.H32"}),
                                       Scope::Of({"000.41.23.H32", "000.00.05.H33"}),
                                       Scope::Of({}),
                                       Scope::Of({"UBND-KHAC"})};
    for (const Scope& scope : scopes) {
      sqlite_->SetScope(scope);
      postgres_->SetScope(scope);
      std::string name = "scope";
      for (const std::string& a : scope.agencies.value_or(std::vector<std::string>{"(all)"})) name += " " + a;
      for (const RateQuery& q : Queries()) {
        const std::string lite = Render(ComputeRates(*sqlite_, q));
        EXPECT_EQ(Render(ComputeRates(*postgres_, q)), lite) << name << ", from " << q.from << " to " << q.to;
        EXPECT_EQ(lite.rfind("error", 0), std::string::npos) << lite;
      }
      EXPECT_EQ(Render(ComputeBacklog(*postgres_)), Render(ComputeBacklog(*sqlite_))) << name;
    }
    sqlite_->SetScope(Scope::Everything());
    postgres_->SetScope(Scope::Everything());
  }

  testing::TempDir dir_;
  HomeLayout home_;
  std::string url_;
  std::unique_ptr<Catalog> sqlite_, postgres_;
};

TEST_F(RatesCorpusTest, EveryReportSaysTheSameOnBothBackends) {
  Fill(false);
  ExpectSameReports();
  // Not a vacuous comparison: the corpus has every kind of row.
  RateQuery explained;
  explained.by = {RateDimension::kAgency, RateDimension::kProcedure};
  explained.explain = true;
  auto r = ComputeRates(*sqlite_, explained);
  ASSERT_TRUE(r.ok());
  if (std::getenv("SOHOA_SHOW_CORPUS") != nullptr) std::printf("%s", Render(r).c_str());
  EXPECT_GT(r->total.received, 80);
  EXPECT_GT(r->total.archived, 40);
  EXPECT_GT(r->total.digitization.numerator, 10);
  EXPECT_GT(r->total.e_result.numerator, 5);
  EXPECT_GT(r->total.reuse.numerator, 3);
  EXPECT_GT(r->total.missed_reuse.numerator, 1);
  EXPECT_GT(r->undated, 0);
  EXPECT_GT(r->unregistered, 5);
}

TEST_F(RatesCorpusTest, LaterImportsScansDeletionsAndACatalogChangeKeepThemTheSame) {
  Fill(true);
  if (HasFatalFailure() || IsSkipped()) return;
  // The corpus is not empty: the comparison below compares something.
  auto total = ComputeRates(*postgres_, RateQuery{});
  ASSERT_TRUE(total.ok()) << total.status().ToString();
  EXPECT_GT(total->total.received, 0);
  ExpectSameReports();
}

TEST_F(RatesCorpusTest, RetentionAndAgencyNamesAreTheSameOnBothBackends) {
  Fill(true);
  for (const char* as_of : {"2017-02-28", "2017-03-01", "2024-12-31", "2026-01-01"}) {
    auto render = [&](Catalog& catalog) {
      auto due = DossiersPastRetention(catalog, as_of);
      if (!due.ok()) return "error " + due.status().ToString();
      std::string out;
      for (const RetentionDue& d : *due) {
        out += d.code + " " + d.procedure_code + " " + d.received_date + " " + d.retention + " " + d.due_date + "\n";
      }
      return out;
    };
    EXPECT_EQ(render(*postgres_), render(*sqlite_)) << as_of;
  }
  auto leap = DossiersPastRetention(*postgres_, "2017-03-01");
  ASSERT_TRUE(leap.ok());
  ASSERT_FALSE(leap->empty());
  EXPECT_EQ(leap->front().due_date, "2017-03-01");
  auto names = [](Catalog& catalog) {
    auto listed = ListAgencies(catalog);
    if (!listed.ok()) return "error " + listed.status().ToString();
    std::string out;
    for (const AgencyEntry& a : *listed) out += a.code + " " + a.name + " " + a.source + "\n";
    return out;
  };
  EXPECT_EQ(names(*postgres_), names(*sqlite_));
  auto deletions = [](Catalog& catalog) {
    auto listed = Deletions(catalog);
    if (!listed.ok()) return "error " + listed.status().ToString();
    std::string out;
    for (const DeletionRecord& d : *listed) {
      out += d.code + " " + d.procedure_code + " " + d.received_date + " " + d.retention + " " + d.deleted_by + " " +
             d.reason + "\n";
    }
    return out;
  };
  EXPECT_EQ(deletions(*postgres_), deletions(*sqlite_));
}

}  // namespace
}  // namespace sohoa::archive
