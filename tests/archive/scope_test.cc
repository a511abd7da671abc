// Catalog::SetScope: a user of one agency reads nothing of another, whether
// they ask by words, code, citizen ID, filter, report, review or book.
#include <gtest/gtest.h>

#include <algorithm>

#include "archive/catalog.h"
#include "archive/rates.h"
#include "schema/agency.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

constexpr char kOurs[] = "000.31.22.H32";    // a commune of district 22
constexpr char kTheirs[] = "000.32.23.H32";  // a commune of district 23
constexpr char kOurDistrict[] = "000.00.22.H32";

DossierRecord Dossier(const std::string& agency, const std::string& number,
                      const std::string& applicant, const std::string& text,
                      const std::string& citizen_id) {
  DossierRecord d = MakeDossier(agency + "-240315-" + number, applicant, "1.001193",
                                "Đăng ký khai sinh");
  d.agency_code = agency;
  d.received_date = "2024-03-15";
  d.field = "Hộ tịch";
  d.documents.push_back(MakeDocument(kKindForm, FakeSha(number.back()), {text}));
  FieldValue id{.name = "citizen_id", .value = citizen_id, .confidence = 0.5f, .source = kSourceOcr};
  id.needs_review = true;
  d.fields.push_back(id);
  return d;
}

class ScopeTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Store(Dossier(kOurs, "0001", "Nguyễn Văn An", "Tờ khai đăng ký khai sinh Nguyễn Văn An",
                  "001090000001"));
    // Only the other agency's page holds "Trần Thị Bích".
    Store(Dossier(kTheirs, "0002", "Trần Thị Bích", "Tờ khai đăng ký khai sinh Trần Thị Bích",
                  "001090000002"));
  }

  std::string Ours() const { return std::string(kOurs) + "-240315-0001"; }
  std::string Theirs() const { return std::string(kTheirs) + "-240315-0002"; }

  static std::vector<std::string> Codes(const std::vector<SearchHit>& hits) {
    std::vector<std::string> codes;
    for (const SearchHit& h : hits) codes.push_back(h.dossier_code);
    return codes;
  }
};

TEST_F(ScopeTest, EverythingIsTheDefault) {
  EXPECT_TRUE(catalog_->scope().unrestricted());
  EXPECT_EQ(Search("khai sinh").size(), 2u);
}

TEST_F(ScopeTest, WordsOnAnotherAgencysPagesFindNothingAndCountNothing) {
  catalog_->SetScope(Scope::Of({kOurs}));
  EXPECT_TRUE(Search("Trần Thị Bích").empty());
  EXPECT_TRUE(Search("tran thi bich").empty());
  auto dossiers = catalog_->SearchDossiers("bich", 20);
  ASSERT_TRUE(dossiers.ok()) << dossiers.status().ToString();
  EXPECT_EQ(dossiers->total, 0) << "the total must not leak the other agency's count";
  auto shared = catalog_->SearchDossiers("khai sinh", 20);
  ASSERT_TRUE(shared.ok());
  EXPECT_EQ(shared->total, 1);
  ASSERT_EQ(shared->hits.size(), 1u);
  EXPECT_EQ(shared->hits[0].best.dossier_code, Ours());
}

TEST_F(ScopeTest, ACodeOrCitizenIdOfAnotherAgencyFindsNothing) {
  catalog_->SetScope(Scope::Of({kOurs}));
  EXPECT_TRUE(Search(Theirs()).empty());
  EXPECT_TRUE(Search("001090000002").empty());
  EXPECT_TRUE(Search("cccd:001090000002").empty());
  const std::vector<std::string> own = Codes(Search(Ours()));
  ASSERT_FALSE(own.empty());
  EXPECT_TRUE(std::all_of(own.begin(), own.end(), [&](const std::string& c) { return c == Ours(); }));
  auto counted = catalog_->SearchDossiers(Theirs(), 20);
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted->total, 0);
}

TEST_F(ScopeTest, AnAgencyFilterNeverWidensTheScope) {
  catalog_->SetScope(Scope::Of({kOurs}));
  EXPECT_TRUE(Search(std::string("agency:") + kTheirs).empty());
  EXPECT_TRUE(Search(std::string("khai sinh agency:") + kTheirs).empty());
  // Two agency: filters widen each other, but not past the scope.
  EXPECT_EQ(Codes(Search(std::string("agency:") + kOurs + " agency:" + kTheirs)),
            std::vector<std::string>{Ours()});
  auto codes = catalog_->MatchingDossiers(std::string("agency:") + kTheirs);
  ASSERT_TRUE(codes.ok());
  EXPECT_TRUE(codes->empty());
  auto all = catalog_->MatchingDossiers("");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, std::vector<std::string>{Ours()});
}

TEST_F(ScopeTest, ADossierOutsideTheScopeReadsAsMissing) {
  catalog_->SetScope(Scope::Of({kOurs}));
  auto theirs = catalog_->FindDossier(Theirs());
  ASSERT_TRUE(theirs.ok());
  EXPECT_FALSE(theirs->has_value());
  auto ours = catalog_->FindDossier(Ours());
  ASSERT_TRUE(ours.ok());
  EXPECT_TRUE(ours->has_value());
  EXPECT_EQ(catalog_->CorrectField(Theirs(), "citizen_id", "001090000009", "an").code(),
            StatusCode::kNotFound);
  auto docs = catalog_->DocumentsOfCitizen("001090000002");
  ASSERT_TRUE(docs.ok());
  EXPECT_TRUE(docs->empty());
}

TEST_F(ScopeTest, ADistrictCoversItsCommunesAndAnEmptyScopeNothing) {
  catalog_->SetScope(Scope::Of({kOurDistrict}));
  EXPECT_EQ(Codes(Search("khai sinh")), std::vector<std::string>{Ours()});
  catalog_->SetScope(Scope::Of({}));
  EXPECT_TRUE(Search("khai sinh").empty());
  EXPECT_TRUE(Search(Ours()).empty());
  catalog_->SetScope(Scope::Everything());
  EXPECT_EQ(Search("khai sinh").size(), 2u);
}

TEST_F(ScopeTest, ReportsAndReviewCountOnlyTheScope) {
  catalog_->SetScope(Scope::Of({kOurs}));
  auto report = catalog_->Report();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->dossiers, 1);
  EXPECT_EQ(report->documents, 1);
  EXPECT_EQ(report->pages, 1);
  auto queue = catalog_->ReviewQueue();
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ((*queue)[0].dossier_code, Ours());
}

TEST_F(ScopeTest, RatesAndTheRegisterCountOnlyTheScope) {
  std::vector<RegisterRow> rows;
  for (const auto& [code, agency] : {std::pair{Ours(), kOurs}, std::pair{Theirs(), kTheirs}}) {
    RegisterRow row;
    row.dossier_code = code;
    row.procedure_code = "1.001193";
    row.agency_code = agency;
    row.received_date = "2024-03-15";
    rows.push_back(row);
  }
  ASSERT_TRUE(StoreRegister(*catalog_, rows, "register.csv", "test").ok());
  catalog_->SetScope(Scope::Of({kOurs}));
  RateQuery query;
  query.by = {RateDimension::kAgency};
  auto rates = ComputeRates(*catalog_, query);
  ASSERT_TRUE(rates.ok()) << rates.status().ToString();
  EXPECT_EQ(rates->register_rows, 1);
  EXPECT_EQ(rates->total.received, 1);
  for (const RateRow& row : rates->rows) {
    EXPECT_FALSE(AgencyIncludes(row.keys[0], kTheirs) && !AgencyIncludes(row.keys[0], kOurs))
        << "a row of the other agency: " << row.keys[0];
  }
}

TEST_F(ScopeTest, BooksOfAnotherAgencyAreNotThere) {
  BookRecord ours;
  ours.id = "ks-ours";
  ours.type = "khai_sinh";
  ours.agency_code = kOurs;
  BookRecord theirs = ours;
  theirs.id = "ks-theirs";
  theirs.agency_code = kTheirs;
  ASSERT_TRUE(catalog_->StoreBook(ours).ok());
  ASSERT_TRUE(catalog_->StoreBook(theirs).ok());
  for (const std::string& id : {std::string("ks-ours"), std::string("ks-theirs")}) {
    BookPageRecord page;
    page.book_id = id;
    page.number = 1;
    page.image_sha256 = FakeSha('b');
    BookEntryRecord entry;
    entry.position = 1;
    entry.number = "1";
    entry.fields = {{"name", id == "ks-ours" ? "Lê Văn Cường" : "Phạm Thị Dung", 0.9f}};
    page.entries.push_back(entry);
    ASSERT_TRUE(catalog_->StoreBookPage(page).ok());
  }
  catalog_->SetScope(Scope::Of({kOurs}));
  auto books = catalog_->Books();
  ASSERT_TRUE(books.ok());
  ASSERT_EQ(books->size(), 1u);
  EXPECT_EQ((*books)[0].id, "ks-ours");
  auto found = catalog_->FindBook("ks-theirs");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  auto entries = catalog_->BookEntries("");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].book_id, "ks-ours");
  auto named = catalog_->SearchBookEntries("pham thi dung", 10);
  ASSERT_TRUE(named.ok());
  EXPECT_TRUE(named->empty());
  auto backlog = ComputeBacklog(*catalog_);
  ASSERT_TRUE(backlog.ok());
  ASSERT_EQ(backlog->size(), 1u);
  EXPECT_EQ((*backlog)[0].agency_code, kOurs);
}

}  // namespace
}  // namespace sohoa::archive
