// One corpus of dossiers stored in an SQLite catalog and a PostgreSQL
// catalog, and a list of queries (every operator and filter of
// archive/query.h, scopes, paging) run on both: the same hits in the same
// order, with the same snippets and scores, the same dossiers and counts.
// It runs when the archive suite runs on PostgreSQL and needs its cluster
// (tests/postgres_cluster.h); otherwise it is skipped, saying why.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/postgres/search.h"
#include "archive/postgres/search_slices.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

struct Spec {
  std::string code;
  std::vector<std::vector<std::string>> documents;  // page texts, one list per document
  std::vector<std::string> kinds = {};               // per document; form when missing
  std::string applicant = "";
  std::string procedure_code = "", procedure_name = "", field = "";
  std::string agency = "";    // "" leaves it to the code
  std::string received = "";  // YYYY-MM-DD
  std::vector<FieldValue> fields = {};
};

DossierRecord Build(const Spec& s, int& serial) {
  DossierRecord d = MakeDossier(s.code, s.applicant, s.procedure_code, s.procedure_name);
  d.field = s.field;
  d.agency_code = s.agency;
  d.received_date = s.received;
  d.fields = s.fields;
  for (std::size_t i = 0; i < s.documents.size(); ++i) {
    char sha[65];
    std::snprintf(sha, sizeof sha, "%064d", ++serial);
    DocumentRecord doc = MakeDocument(i < s.kinds.size() ? s.kinds[i] : kKindForm, sha, s.documents[i]);
    doc.title = i == 0 ? "Tờ khai" : "Giấy tờ " + std::to_string(i + 1);
    d.documents.push_back(std::move(doc));
  }
  return d;
}

FieldValue Field(const std::string& name, const std::string& value) {
  return {.name = name, .value = value, .confidence = 0.9f, .source = kSourceOcr};
}

// Hand-written dossiers: names with and without their marks, đ and d, old
// and new tone placement, phrases, beginnings, citizen IDs printed and
// recorded, codes on pages, several agencies, provinces, kinds and dates.
std::vector<Spec> HandWritten() {
  const std::string kh = "1.001193", kh_name = "Thủ tục đăng ký khai sinh", ht = "Hộ tịch";
  const std::string ket = "1.000894", ket_name = "Thủ tục đăng ký kết hôn";
  const std::string dat = "1.004227", dat_name = "Cấp giấy chứng nhận quyền sử dụng đất", dd = "Đất đai";
  return {
      {.code = "000.31.22.H32-230620-0001",
       .documents = {{"Trang bìa", "TỜ KHAI ĐĂNG KÝ KHAI SINH\nHọ, chữ đệm, tên người yêu cầu: NGUYỄN VĂN ĐỨC\n"
                                   "Nơi cư trú: Nha Trang\nSố định danh cá nhân: 056189004512"},
                     {"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ\nMã hồ sơ: 000.31.22.H32-230620-0001"}},
       .kinds = {kKindForm, kKindReceipt},
       .applicant = "Nguyễn Văn Đức", .procedure_code = kh, .procedure_name = kh_name, .field = ht,
       .agency = "000.31.22.H32", .received = "2023-06-20",
       .fields = {Field("citizen_id", "056189004512"), Field("applicant_name", "Nguyễn Văn Đức")}},
      {.code = "000.31.22.H32-230620-0002",
       .documents = {{"Người làm chứng: Lê Văn Dục, ghi chú: duc", "nguyen van duc ky ten"}},
       .applicant = "Lê Văn Dục", .procedure_code = kh, .procedure_name = kh_name, .field = ht,
       .agency = "000.31.22.H32", .received = "2023-06-20"},
      {.code = "000.31.22.H32-230301-0003",
       .documents = {{"Người yêu cầu: Trần Thị Lan, Nha Trang. Đăng ký khai sinh cho bé Lan."},
                     {"GIẤY KHAI SINH\nHọ và tên: TRẦN THỊ LAN"}},
       .kinds = {kKindForm, kKindResult},
       .applicant = "Trần Thị Lan", .procedure_code = kh, .procedure_name = kh_name, .field = ht,
       .received = "2023-03-01"},
      {.code = "000.31.22.H32-230302-0004",
       .documents = {{"Lan làm chứng; Trần Văn Thị ký tên. Đăng ký khai tử."}},
       .applicant = "Trần Văn Thị", .procedure_code = "1.000656", .procedure_name = "Thủ tục đăng ký khai tử",
       .field = ht, .agency = "000.31.22.H32", .received = "2023-03-02"},
      {.code = "000.00.22.H32-230101-0005",
       .documents = {{"Người yêu cầu: Nguyễn Công Danh, số 12. Đăng ký kết hôn với Đặng Thị Hương."}},
       .applicant = "Nguyễn Công Danh", .procedure_code = ket, .procedure_name = ket_name, .field = ht,
       .agency = "000.00.22.H32", .received = "2023-01-01",
       .fields = {Field("spouse_name", "Đặng Thị Hương")}},
      {.code = "000.40.23.H32-221231-0006",
       .documents = {{"Nguyễn Công Huy và Đào Văn Dũng", "Dũng, Nguyễn Công"}},
       .applicant = "Nguyễn Công Huy", .procedure_code = ket, .procedure_name = ket_name, .field = ht,
       .agency = "000.40.23.H32", .received = "2022-12-31"},
      {.code = "001.31.22.H32-230630-0007",
       .documents = {{"Nguyễn Công Danh Đức, phường Vĩnh Hoà, Khánh Hòa", "CĂN CƯỚC CÔNG DÂN 056 189 004 512"}},
       .kinds = {kKindIdCopy},
       .applicant = "NGUYỄN CÔNG DANH ĐỨC", .procedure_code = kh, .procedure_name = "Khai sinh", .field = ht,
       .agency = "001.31.22.H32", .received = "2023-06-30"},
      {.code = "000.00.00.H32-230701-0008",
       .documents = {{"ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA. Cấp giấy chứng nhận quyền sử dụng đất cho hộ "
                      "Phạm Phương Uyên, phường Vĩnh Phước."}},
       .applicant = "Phạm Phương Uyên", .procedure_code = dat, .procedure_name = dat_name, .field = dd,
       .agency = "000.00.00.H32", .received = "2023-07-01"},
      {.code = "000.12.05.H33-240229-0009",
       .documents = {{"Đặng Thị Hương đăng ký khai sinh cho con: Hồ Ngọc Kim Trinh"},
                     {"dang thi huong, ho ngoc kim trinh"}},
       .kinds = {kKindForm, kKindOther},
       .applicant = "Đặng Thị Hương", .procedure_code = "1.001193.000.00.00.H33",
       .procedure_name = "Đăng ký khai sinh (địa phương)", .field = ht, .agency = "000.12.05.H33",
       .received = "2024-02-29", .fields = {Field("subject_name", "Hồ Ngọc Kim Trinh")}},
      {.code = "000.07.01.H01-230315-0010",
       .documents = {{"Hồ sơ đăng ký kết hôn: Hoàng Minh Đức và Vũ Thị Hòa, Hà Nội."}},
       .applicant = "Hoàng Minh Đức", .procedure_code = ket, .procedure_name = ket_name, .field = ht,
       .agency = "000.07.01.H01", .received = "2023-03-15",
       .fields = {Field("spouse_name", "Vũ Thị Hoà"), Field("citizen_id", "001090000002")}},
      {.code = "000.32.22.H32-230615-0011",
       .documents = {{"near the market: (ward 3) - \"quoted\" *star* NEAR khai sinh"}},
       .applicant = "", .received = ""},
      {.code = "000.31.22.H32-230620-0012",
       .documents = {{"Đức Đức Đức, duc", "Dục Dục", "Đức và nhiều chữ khác nữa trên trang khai sinh"}},
       .kinds = {kKindForm},
       .applicant = "Ngô Thị Ba", .procedure_code = kh, .procedure_name = kh_name, .field = ht,
       .agency = "000.31.22.H32", .received = "2023-06-20"},
  };
}

// Many pages of common words, with names drawn in turn: more matches than
// one ranking window (200 pages) and more rows than the exact count of a
// phrase's rows (1,000), so that windows and the estimate are compared too.
std::vector<Spec> Generated() {
  const std::vector<std::string> surnames = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Hồ"};
  const std::vector<std::string> middles = {"Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc"};
  const std::vector<std::string> givens = {"An", "Bình", "Cường", "Dũng", "Đức", "Hà", "Lan", "Nam", "Trinh"};
  const std::vector<std::string> agencies = {"000.31.22.H32", "000.40.23.H32", "000.12.05.H33", ""};
  std::vector<Spec> out;
  for (int i = 0; i < 300; ++i) {
    const std::string name = surnames[i % surnames.size()] + " " + middles[(i / 3) % middles.size()] + " " +
                             givens[(i * 7) % givens.size()];
    char code[40];
    std::snprintf(code, sizeof code, "%s-2401%02d-%04d",
                  agencies[i % agencies.size()].empty() ? "000.33.22.H32" : agencies[i % agencies.size()].c_str(),
                  1 + i % 28, 100 + i);
    char day[16];
    std::snprintf(day, sizeof day, "2024-01-%02d", 1 + i % 28);
    Spec s{.code = code,
           .documents = {{"Tờ khai khai sinh của " + name + (i % 5 == 0 ? " khai khai" : ""),
                          "khai sinh cho bé, người làm chứng " + name,
                          i % 2 ? "kết hôn khai" : "khai tử, chứng tử",
                          "Số định danh cá nhân: 0560" + std::to_string(10000000 + i)}},
           .kinds = {i % 3 ? kKindForm : kKindReceipt},
           .applicant = name,
           .procedure_code = i % 2 ? "1.000894" : "1.001193",
           .procedure_name = i % 2 ? "Thủ tục đăng ký kết hôn" : "Thủ tục đăng ký khai sinh",
           .field = "Hộ tịch",
           .agency = agencies[i % agencies.size()],
           .received = i % 9 == 0 ? "" : day};
    out.push_back(std::move(s));
  }
  return out;
}

// Stores the corpus in both catalogs: the same writes in the same order,
// one dossier at a time, a batch, and a dossier stored again with more (a
// later scan). "" when done, else what failed.
std::string StoreCorpus(Catalog& catalog) {
  int serial = 0;
  for (const Spec& s : HandWritten()) {
    auto stored = catalog.StoreDossier(Build(s, serial));
    if (!stored.ok()) return s.code + ": " + stored.status().ToString();
  }
  std::vector<DossierRecord> batch;
  for (const Spec& s : Generated()) batch.push_back(Build(s, serial));
  auto stored = catalog.StoreDossiers(batch);
  if (!stored.ok()) return stored.status().ToString();
  Spec later{.code = "000.31.22.H32-230620-0002",
             .documents = {{"Bổ sung: Lê Văn Dục, con của Lê Văn Đức"}},
             .kinds = {kKindOther},
             .fields = {Field("father_name", "Lê Văn Đức")}};
  auto again = catalog.StoreDossier(Build(later, serial));
  return again.ok() ? "" : again.status().ToString();
}

// Both catalogs with the corpus, made once for the suite. The comparison
// runs when the archive suite runs on PostgreSQL (ctest's
// archive_on_postgresql, SOHOA_TEST_CATALOG=postgresql), so that it is not
// paid twice, and needs the cluster that run starts.
class SearchCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new Shared;
    if (!OnPostgres()) {
      shared_->why = "compared when the suite runs on PostgreSQL (SOHOA_TEST_CATALOG=postgresql)";
      return;
    }
    auto& cluster = TestCluster::Get();
    if (!cluster.cluster) {
      shared_->why = "no PostgreSQL catalog to compare with: " + cluster.why;
      return;
    }
    shared_->home.root = shared_->dir.path() / "home";
    if (Status made = InitHome(shared_->home); !made.ok()) {
      shared_->failed = made.ToString();
      return;
    }
    auto lite = Catalog::Open(shared_->home.catalog(), false);
    auto url = cluster.FreshDatabase();
    if (!lite.ok() || !url.ok()) {
      shared_->failed = (lite.ok() ? url.status() : lite.status()).ToString();
      return;
    }
    auto pg = postgres::OpenPgCatalog(*url, "the corpus database");
    if (!pg.ok()) {
      shared_->failed = pg.status().ToString();
      return;
    }
    shared_->sqlite = std::move(lite).value();
    shared_->postgres = std::move(pg).value();
    for (Catalog* catalog : {shared_->sqlite.get(), shared_->postgres.get()}) {
      shared_->failed = StoreCorpus(*catalog);
      if (!shared_->failed.empty()) return;
    }
  }

  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }

  void SetUp() override {
    if (!shared_->why.empty()) GTEST_SKIP() << shared_->why;
    ASSERT_TRUE(shared_->failed.empty()) << "storing the corpus: " << shared_->failed;
    sqlite_ = shared_->sqlite.get();
    postgres_ = shared_->postgres.get();
    SetScope(Scope::Everything());
  }

  // A hit as a line to compare: where, what, how it scored, its snippet.
  static std::string Line(const SearchHit& h) {
    char score[32];
    std::snprintf(score, sizeof score, "%.9f", h.score);
    return h.dossier_code + " " + std::to_string(h.document) + "." + std::to_string(h.page) + " " + score + " " +
           h.received_date + " " + h.procedure_code + " | " + h.applicant + " | " + h.snippet;
  }

  static std::vector<std::string> Lines(const Result<std::vector<SearchHit>>& hits) {
    if (!hits.ok()) return {"error " + hits.status().ToString()};
    std::vector<std::string> out;
    for (const SearchHit& h : *hits) out.push_back(Line(h));
    return out;
  }

  static std::vector<std::string> Lines(const Result<DossierSearch>& found) {
    if (!found.ok()) return {"error " + found.status().ToString()};
    std::vector<std::string> out = {"total " + std::to_string(found->total) + (found->total_exact ? "" : "+")};
    for (const DossierHit& h : found->hits) out.push_back(Line(h.best) + " pages " + std::to_string(h.matching_pages));
    return out;
  }

  static std::vector<std::string> Lines(const Result<std::vector<std::string>>& codes) {
    if (!codes.ok()) return {"error " + codes.status().ToString()};
    return *codes;
  }

  // Runs `query` every way on both catalogs; returns how many hits SQLite
  // found, so that a query finding nothing on both is noticed.
  std::size_t Compare(const std::string& query) {
    SCOPED_TRACE("query [" + query + "]");
    const auto lite = Lines(sqlite_->Search(query, 60));
    EXPECT_EQ(Lines(postgres_->Search(query, 60)), lite);
    EXPECT_EQ(Lines(postgres_->Search(query, 4, 3)), Lines(sqlite_->Search(query, 4, 3)));
    EXPECT_EQ(Lines(postgres_->SearchDossiers(query, 15)), Lines(sqlite_->SearchDossiers(query, 15)));
    EXPECT_EQ(Lines(postgres_->SearchDossiers(query, 5, 4)), Lines(sqlite_->SearchDossiers(query, 5, 4)));
    EXPECT_EQ(Lines(postgres_->MatchingDossiers(query)), Lines(sqlite_->MatchingDossiers(query)));
    return lite.size() == 1 && lite[0].rfind("error ", 0) == 0 ? 0 : lite.size();
  }

  void SetScope(const Scope& scope) {
    sqlite_->SetScope(scope);
    postgres_->SetScope(scope);
  }

  struct Shared {
    testing::TempDir dir;
    HomeLayout home;
    std::unique_ptr<Catalog> sqlite, postgres;
    std::string why;     // the comparison does not run: why
    std::string failed;  // making the catalogs failed: how
  };
  static Shared* shared_;
  Catalog* sqlite_ = nullptr;
  Catalog* postgres_ = nullptr;
};

SearchCorpusTest::Shared* SearchCorpusTest::shared_ = nullptr;

const std::vector<std::string>& Queries() {
  static const std::vector<std::string> queries = {
      // Words, folded and as typed; đ and d; old and new tone placement.
      "nguyen van duc", "Nguyễn Văn Đức", "NGUYEN", "Đức", "duc", "dục", "Dục", "đức", "hoa", "hòa", "hoà",
      "Hòa", "khánh hòa", "tran thi lan", "Trần Thị Lan", "lan", "khai", "sinh", "khai sinh", "kết hôn", "ket hon",
      "chứng", "ho ngoc kim trinh", "Hồ Ngọc Kim Trinh", "dang thi huong", "Đặng Thị Hương", "nguyen lan",
      "ủy ban nhân dân", "pham phuong uyen", "bé", "12",
      // Phrases.
      "\"tran thi lan\"", "\"lan tran thi\"", "\"trần thị lan\"", "\"Văn Đức\"", "\"van duc\"", "\"khai sinh\"",
      "\"sinh khai\"", "\"kết hôn khai\"", "\"đăng ký khai tử\"", "\"quyền sử dụng đất\"", "\"khai sinh\" lan",
      // Beginnings.
      "nguy", "nguy*", "ng*", "ngu*", "nguyễ*", "Ng*", "\"nguyen van a\"*", "\"tran van t\"*", "nguyen cong d*",
      "Nguyễn Công Da*", "nguyen cong dan*", "nguyen d*", "cong d*", "Nguyễn Công D*", "kh* si*", "khai s*",
      // Exclusions.
      "dang ky -lan", "dang ky -\"khai tu\"", "dang ky -lan -binh", "dang ky -la*", "khai sinh -hon",
      "khai -sinh", "nguyen -van", "đức -dục",
      // Codes and citizen IDs alone.
      "000.31.22.H32-230620-0001", "  000.31.22.h32-230620-0001 ", "000.31.22.H32-230620-0002",
      "000.31.22.H32-230620", "056189004512", "001090000002", "056010000007", "056 189 004 512",
      // Every filter, alone, with words, excluded, twice.
      "khai code:000.31.22.H32-230620-0001", "khai code:000.31.22.h32-230620", "khai code:000.31.22.H32-230620-000*",
      "khai -code:000.31.22.H32-230620", "khai code:000.31.22.H32-230620-0001 code:000.31.22.H32-230620-0002",
      "code:000.12.05.H33", "procedure:1.001193", "khai procedure:1.001193", "procedure:1.001193.000.00.00.H33",
      "khai procedure:\"khai sinh\"", "procedure:KET-HON", "khai procedure:\"khai hon\"", "khai -procedure:1.001193",
      "field:\"ho tich\"", "khai field:\"hộ tịch\"", "field:đất", "field:\"tư pháp\"", "agency:000.00.22.H32",
      "khai agency:000.00.22.H32", "khai agency:000.31.22.H32", "agency:000.00.00.H32", "agency:000.00.00.H33",
      "khai agency:000.00.22.H32 agency:000.00.23.H32", "khai -agency:000.00.22.H32", "agency:000.00.00.H01",
      "cccd:056189004512", "trang cccd:056189004512", "cccd:\"056 189 004 512\"", "khai -cccd:056189004512",
      "name:\"nguyen van duc\"", "name:\"Nguyễn Văn Đức\"", "khai name:duc", "khai -name:duc", "name:\"ho ngoc\"",
      "khai name:lan name:\"dang thi huong\"", "kind:receipt", "khai kind:result", "khai kind:\"tờ khai\"",
      "khai kind:receipt kind:result", "khai -kind:form", "-kind:receipt kind:form",
      "received:2023-01-01..2023-06-30", "received:2023-06-30", "khai received:2023-06-30..",
      "khai received:..2023-01-01", "khai -received:2023-01-01..2023-12-31", "received:2023-03-01..2023-03-31 -lan",
      "received:2024-01-01..2024-01-31 -khai", "khai received:2024-01-05..2024-01-20",
      "lan agency:000.00.22.H32 received:2023-01-01..2023-12-31 kind:form procedure:1.001193",
      "khai agency:000.00.22.H32 received:2024-01-01..2024-01-31",
      "an field:\"ho tich\" -\"ket hon\" received:2024-01-01..2024-01-28",
      "name:\"nguyen van an\" agency:000.00.22.H32", "kind:result procedure:1.001193 received:2023-03-01..2023-03-28",
      // Search syntax typed as text, and what is refused.
      "NEAR", "(ward 3)", "đức 😀", "\"", "\"đức", "*", "(", "-", ":", "exact:đức", "{folded}:x", "đức AND",
      "NOT đức", "^đức", "\\", "…", "a\tb\nc", "%_", "foo:bar", "-trang", "received:2023", "code:", "", "   "};
  return queries;
}

TEST_F(SearchCorpusTest, EveryQueryFindsTheSameOnBothBackends) {
  std::size_t found = 0;
  for (const std::string& query : Queries()) found += Compare(query) > 0 ? 1 : 0;
  // Most queries find something: the corpus is not beside the point.
  EXPECT_GT(found, Queries().size() * 3 / 4);
}

TEST_F(SearchCorpusTest, EveryScopeFindsTheSameOnBothBackends) {
  const std::vector<std::string> queries = {"khai sinh", "Nguyễn Văn Đức", "duc", "\"khai sinh\"", "ng*",
                                            "000.31.22.H32-230620-0001", "056189004512", "cccd:056189004512",
                                            "agency:000.00.22.H32", "khai agency:000.40.23.H32",
                                            "received:2023-01-01..2024-12-31", "dang ky -lan", ""};
  for (const Scope& scope : {Scope::Of({"000.00.22.H32"}), Scope::Of({"000.31.22.H32"}),
                             Scope::Of({"000.00.00.H33"}), Scope::Of({"000.00.00.H32", "000.07.01.H01"}),
                             Scope::Of({"000.40.23.H32", "000.12.05.H33"}), Scope::Of({})}) {
    SCOPED_TRACE("scope " + (scope.agencies->empty() ? std::string("(none)") : scope.agencies->front()));
    SetScope(scope);
    for (const std::string& query : queries) Compare(query);
  }
  // The last scope covers no agency: neither backend shows anything in it.
  auto none = postgres_->Search("khai sinh", 10);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
}

TEST_F(SearchCorpusTest, PagingThroughACommonWordKeepsOneOrderOnBoth) {
  // "khai" is on more pages than a ranking window holds and than the exact
  // count of a phrase's rows: windows and the estimate on both.
  for (const std::string query : {"khai", "khai sinh", "Đức", "chứng"}) {
    SCOPED_TRACE(query);
    for (int offset = 0; offset < 1300; offset += 250) {
      EXPECT_EQ(Lines(postgres_->Search(query, 250, offset)), Lines(sqlite_->Search(query, 250, offset)))
          << "offset " << offset;
    }
    EXPECT_EQ(Lines(postgres_->SearchDossiers(query, 40, 180)), Lines(sqlite_->SearchDossiers(query, 40, 180)));
  }
}

// What other concerns look a word up with in the PostgreSQL index
// (DocumentsOfCitizen): the word cut and folded as search cuts it.
TEST(SearchSlicesTest, AWordIsLookedUpAsSearchFoldsIt) {
  EXPECT_EQ(postgres::WordQuery("056189004512"), "'056189004512'");
  EXPECT_EQ(postgres::WordQuery("Đức"), "'duc'");
  EXPECT_EQ(postgres::WordQuery("o'neil"), "'+o neil'");  // two words: their pair
  EXPECT_EQ(postgres::WordQuery("--"), "");
}

// The page id slices the PostgreSQL search walks (search_slices.h): every
// page in exactly one slice, in order, and a slice's tsquery naming one of
// the buckets of each of its pages and none of any other page's; slices
// grow fast where nothing is found and stay small where much is.
TEST(SearchSlicesTest, SlicesCoverEveryPageOnceInOrderAndNameTheirBuckets) {
  for (std::int64_t max_page : {1, 4095, 4096, 4097, 70000, 3000000}) {
    SCOPED_TRACE(max_page);
    for (bool newest : {true, false}) {
      for (std::int64_t density : {0, 1, 50}) {  // rows found per 100 pages
        postgres::SliceWalk walk(max_page, newest);
        std::int64_t expect = newest ? max_page : 1, found = 0;
        int slices = 0;
        while (const std::optional<postgres::PageSlice> slice = walk.Next(found, 100)) {
          ++slices;
          ASSERT_LE(slice->first, slice->last);
          EXPECT_EQ(newest ? slice->last : slice->first, expect);
          expect = newest ? slice->first - 1 : slice->last + 1;
          found = (slice->last - slice->first + 1) * density / 100;
          // A page's buckets are in its slice's query, a neighbour's are not.
          auto named = [&slice](std::int64_t page) {
            for (const std::string& bucket : postgres::BucketLexemes(page)) {
              if (slice->tsquery.find("'" + bucket + "'") != std::string::npos) return true;
            }
            return false;
          };
          for (std::int64_t page : {slice->first, slice->last, (slice->first + slice->last) / 2}) {
            EXPECT_TRUE(named(page)) << page << " in " << slice->tsquery;
          }
          if (slice->first > 1) {
            EXPECT_FALSE(named(slice->first - 1)) << slice->tsquery;
          }
          if (slice->last < max_page) {
            EXPECT_FALSE(named(slice->last + 1)) << slice->tsquery;
          }
        }
        EXPECT_EQ(expect, newest ? 0 : max_page + 1);
        // Nothing found: a few slices reach back over millions of pages.
        if (density == 0) {
          EXPECT_LE(slices, 7);
        }
      }
    }
  }
}

}  // namespace
}  // namespace sohoa::archive
