// Catalog::Search and Catalog::MatchingDossiers with the query language:
// phrases, prefixes, exclusions, every filter, paging, listings, errors.
#include <gtest/gtest.h>

#include <set>

#include <algorithm>

#include "archive/catalog.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

using Codes = std::vector<std::string>;

class SearchQueryTest : public CatalogTest {
 protected:
  struct Spec {
    std::string code;
    std::string text = "trang";
    std::string kind = kKindForm;
    std::string applicant = "";
    std::string procedure_code = "", procedure_name = "", field = "";
    std::string agency = "";    // "" leaves the dossier's agency unknown
    std::string received = "";  // YYYY-MM-DD
    std::vector<FieldValue> fields = {};
  };

  void Add(const Spec& s) {
    DossierRecord d = MakeDossier(s.code, s.applicant, s.procedure_code, s.procedure_name);
    d.field = s.field;
    d.agency_code = s.agency;
    d.received_date = s.received;
    d.fields = s.fields;
    d.documents.push_back(MakeDocument(s.kind, FakeSha(static_cast<char>('a' + serial_++ % 6)),
                                       {s.text}));
    Store(d);
  }

  // The dossier codes of the hits, in order.
  Codes CodesOf(const std::string& query, int limit = 50, int offset = 0) {
    auto hits = catalog_->Search(query, limit, offset);
    EXPECT_TRUE(hits.ok()) << query << ": " << hits.status().ToString();
    Codes out;
    if (hits.ok()) {
      for (const SearchHit& h : *hits) out.push_back(h.dossier_code);
    }
    return out;
  }

  // Sorted, for assertions on sets.
  Codes SetOf(const std::string& query) {
    Codes c = CodesOf(query);
    std::sort(c.begin(), c.end());
    return c;
  }

  Codes Matching(const std::string& query) {
    auto codes = catalog_->MatchingDossiers(query);
    EXPECT_TRUE(codes.ok()) << query << ": " << codes.status().ToString();
    return codes.ok() ? std::move(codes).value() : Codes{};
  }

  std::string SearchError(const std::string& query) {
    auto hits = catalog_->Search(query, 10);
    EXPECT_FALSE(hits.ok()) << query;
    if (hits.ok()) return "";
    EXPECT_EQ(hits.status().code(), StatusCode::kInvalidArgument) << hits.status().ToString();
    return hits.status().message();
  }

  int serial_ = 0;
};

// Codes of one agency (000.31.22.H32, commune 31 of district 22), received
// on 20 June 2023, numbered 1..9.
std::string C(int n) { return "000.31.22.H32-230620-000" + std::to_string(n); }

TEST_F(SearchQueryTest, APhraseNeedsItsWordsTogetherAndInOrder) {
  Add({.code = C(1), .text = "Người yêu cầu: Trần Thị Lan, Nha Trang"});
  Add({.code = C(2), .text = "Lan làm chứng; Trần Văn Thị ký tên"});
  EXPECT_EQ(SetOf("tran thi lan"), (Codes{C(1), C(2)}));
  EXPECT_EQ(CodesOf("\"tran thi lan\""), Codes{C(1)});
  EXPECT_EQ(CodesOf("\"lan tran thi\""), Codes{});
  auto hits = Search("\"trần thị lan\"");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].snippet.find("[Trần] [Thị] [Lan]"), std::string::npos) << hits[0].snippet;
}

TEST_F(SearchQueryTest, AStarFindsWordsByTheirBeginning) {
  Add({.code = C(1), .text = "Họ và tên: NGUYỄN VĂN AN"});
  Add({.code = C(2), .text = "Họ và tên: NGÔ THỊ BA"});
  EXPECT_EQ(CodesOf("nguy"), Codes{});
  EXPECT_EQ(CodesOf("nguy*"), Codes{C(1)});
  EXPECT_EQ(SetOf("ng*"), (Codes{C(1), C(2)}));
  EXPECT_EQ(CodesOf("\"nguyen van a\"*"), Codes{C(1)});
  auto hits = Search("nguy*");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].snippet.find("[NGUYỄN]"), std::string::npos) << hits[0].snippet;
}

TEST_F(SearchQueryTest, NameWordsEndingInABeginningFindTheNameBeforeThePagesHoldingThemApart) {
  // The dossiers whose hits hold the words together (tiers 3 and 2).
  auto Together = [this](const std::string& query) {
    std::set<std::string> codes;
    for (const SearchHit& h : Search(query, 20)) {
      if (h.score >= 2) codes.insert(h.dossier_code);
    }
    return Codes(codes.begin(), codes.end());
  };
  // "nguyen cong d*" typed as words: the name (a short beginning after a
  // phrase, checked by sohoa_follows) first, then pages with the words apart.
  Add({.code = C(1), .text = "Người yêu cầu: Nguyễn Công Danh, số 12"});
  Add({.code = C(2), .text = "Nguyễn Công Huy và Đào Văn Dũng"});   // d-word, but not next
  Add({.code = C(3), .text = "Dũng, Nguyễn Công"});                 // d-word before, not after
  Add({.code = C(4), .text = "Nguyễn Công Danh Đức", .procedure_code = "1.001193",
       .procedure_name = "Khai sinh", .field = "Hộ tịch"});
  Add({.code = C(5), .text = "Trần Công Danh"});                    // not the name
  auto hits = Search("nguyen cong d*", 10);
  ASSERT_EQ(hits.size(), 4u);
  std::set<std::string> together, apart;
  for (const SearchHit& h : hits) (h.score >= 2 ? together : apart).insert(h.dossier_code);
  EXPECT_EQ(together, (std::set<std::string>{C(1), C(4)}));
  EXPECT_EQ(apart, (std::set<std::string>{C(2), C(3)}));
  EXPECT_GE(hits[1].score, 2);
  // The same with marks typed, with two or three letters, and with filters.
  EXPECT_EQ(Together("Nguyễn Công Da*"), (Codes{C(1), C(4)}));
  EXPECT_EQ(Together("nguyen cong dan*"), (Codes{C(1), C(4)}));
  EXPECT_EQ(Together("nguyen d*"), Codes{});  // "Nguyễn Công": no d-word right after
  EXPECT_EQ(Together("cong d*"), (Codes{C(1), C(4), C(5)}));
  EXPECT_EQ(Together("cong d* field:\"ho tich\""), Codes{C(4)});
  hits = Search("Nguyễn Công D*", 10);
  ASSERT_GE(hits.size(), 2u);
  EXPECT_GE(hits[0].score, 3);  // as typed, together
}

TEST_F(SearchQueryTest, AnExcludedWordOrPhraseLeavesPagesOut) {
  Add({.code = C(1), .text = "đăng ký khai sinh cho Trần Thị Lan"});
  Add({.code = C(2), .text = "đăng ký khai sinh cho Lê Văn Bình"});
  Add({.code = C(3), .text = "đăng ký khai tử, Lan"});
  EXPECT_EQ(SetOf("dang ky"), (Codes{C(1), C(2), C(3)}));
  EXPECT_EQ(SetOf("dang ky -lan"), Codes{C(2)});
  EXPECT_EQ(SetOf("dang ky -\"khai tu\""), (Codes{C(1), C(2)}));
  EXPECT_EQ(SetOf("dang ky -lan -binh"), Codes{});
  EXPECT_EQ(SetOf("dang ky -la*"), Codes{C(2)});
}

TEST_F(SearchQueryTest, AnExactPhraseRanksAboveAFoldedOne) {
  Add({.code = C(1), .text = "ghi chú: Lê Văn Dục"});
  Add({.code = C(2), .text = "ghi chú: Lê Văn Đức"});
  auto hits = Search("\"Văn Đức\"");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].dossier_code, C(2));
  EXPECT_GT(hits[0].score, 1.0);
  EXPECT_LT(hits[1].score, 1.0);
}

TEST_F(SearchQueryTest, OffsetPagesThroughTheSameOrderAcrossTiers) {
  // Exact hits ("Đức" with its marks) and folded-only ones ("Dục", "duc").
  Add({.code = C(1), .text = "Đức"});
  Add({.code = C(2), .text = "Dục Dục"});
  Add({.code = C(3), .text = "Đức Đức Đức, duc"});
  Add({.code = C(4), .text = "duc"});
  Add({.code = C(5), .text = "Đức và nhiều chữ khác nữa trên trang"});
  const Codes all = CodesOf("đức");
  ASSERT_EQ(all.size(), 5u);
  Codes paged;
  for (int offset = 0; offset < 6; offset += 2) {
    Codes page = CodesOf("đức", 2, offset);
    EXPECT_LE(page.size(), 2u);
    paged.insert(paged.end(), page.begin(), page.end());
  }
  EXPECT_EQ(paged, all);
  EXPECT_EQ(CodesOf("đức", 3, 2), Codes(all.begin() + 2, all.end()));
  EXPECT_TRUE(CodesOf("đức", 10, 5).empty());
  auto bad = catalog_->Search("đức", 10, -1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SearchQueryTest, OffsetAlsoPagesADossierCodeHitAndItsPages) {
  Add({.code = C(1), .text = "Mã hồ sơ 000.31.22.H32-230620-0001"});
  const Codes all = CodesOf(C(1));
  ASSERT_EQ(all.size(), 2u);  // the dossier itself, then its page
  auto second = catalog_->Search(C(1), 1, 1);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].page, 1);
}

TEST_F(SearchQueryTest, CodeFindsADossierOrEveryDossierBeginningSo) {
  Add({.code = C(1), .text = "khai sinh"});
  Add({.code = C(2), .text = "khai sinh"});
  Add({.code = "000.31.22.H32-230621-0001", .text = "khai sinh"});
  EXPECT_EQ(CodesOf("khai code:" + C(2)), Codes{C(2)});
  EXPECT_EQ(SetOf("khai code:000.31.22.h32-230620"), (Codes{C(1), C(2)}));
  EXPECT_EQ(SetOf("khai code:000.31.22.H32-230620-000*"), (Codes{C(1), C(2)}));
  EXPECT_EQ(SetOf("khai -code:000.31.22.H32-230620"), Codes{"000.31.22.H32-230621-0001"});
  EXPECT_EQ(SetOf("khai code:" + C(1) + " code:" + C(2)), (Codes{C(1), C(2)}));
}

TEST_F(SearchQueryTest, ProcedureTakesACodeOrWordsOfItsName) {
  Add({.code = C(1), .procedure_code = "1.001193", .procedure_name = "Thủ tục đăng ký khai sinh"});
  Add({.code = C(2), .procedure_code = "1.000894", .procedure_name = "Thủ tục đăng ký kết hôn"});
  Add({.code = C(3), .procedure_code = "1.001193.000.00.00.H32",
       .procedure_name = "Đăng ký khai sinh (địa phương)"});
  Add({.code = C(4)});
  EXPECT_EQ(SetOf("trang procedure:1.001193"), (Codes{C(1), C(3)}));
  EXPECT_EQ(SetOf("trang procedure:1.001193.000.00.00.H32"), Codes{C(3)});
  EXPECT_EQ(SetOf("trang procedure:\"khai sinh\""), (Codes{C(1), C(3)}));
  EXPECT_EQ(SetOf("trang procedure:KET-HON"), Codes{C(2)});
  EXPECT_EQ(SetOf("trang procedure:\"khai hon\""), Codes{});  // every word must be in the name
  EXPECT_EQ(SetOf("trang -procedure:1.001193"), (Codes{C(2), C(4)}));
}

TEST_F(SearchQueryTest, FieldMatchesWordsOfTheProceduresField) {
  Add({.code = C(1), .procedure_code = "1.001193", .procedure_name = "Khai sinh", .field = "Hộ tịch"});
  Add({.code = C(2), .procedure_code = "1.004227", .procedure_name = "Đất", .field = "Đất đai"});
  EXPECT_EQ(SetOf("trang field:\"ho tich\""), Codes{C(1)});
  EXPECT_EQ(SetOf("field:đất"), Codes{C(2)});
  EXPECT_EQ(SetOf("trang field:\"tư pháp\""), Codes{});
}

TEST_F(SearchQueryTest, AnAgencyIncludesTheAgenciesUnderIt) {
  Add({.code = "000.00.00.H32-230620-0001", .agency = "000.00.00.H32"});  // province
  Add({.code = "000.00.22.H32-230620-0001", .agency = "000.00.22.H32"});  // district 22
  Add({.code = "000.31.22.H32-230620-0001", .agency = "000.31.22.H32"});  // a commune of it
  Add({.code = "001.31.22.H32-230620-0001", .agency = "001.31.22.H32"});  // a unit of that
  Add({.code = "000.40.23.H32-230620-0001", .agency = "000.40.23.H32"});  // district 23's commune
  Add({.code = "000.00.22.H33-230620-0001", .agency = "000.00.22.H33"});  // another province
  Add({.code = "000.32.22.H32-230620-0001"});  // agency unknown: the code's
  const Codes district = {"000.00.22.H32-230620-0001", "000.31.22.H32-230620-0001",
                          "000.32.22.H32-230620-0001", "001.31.22.H32-230620-0001"};
  EXPECT_EQ(SetOf("trang agency:000.00.22.H32"), district);
  EXPECT_EQ(Matching("agency:000.00.22.h32"), district);
  EXPECT_EQ(SetOf("trang agency:000.31.22.H32"),
            (Codes{"000.31.22.H32-230620-0001", "001.31.22.H32-230620-0001"}));
  EXPECT_EQ(SetOf("trang agency:000.00.00.H32").size(), 6u);
  EXPECT_EQ(SetOf("trang agency:000.00.00.H33"), Codes{"000.00.22.H33-230620-0001"});
  EXPECT_EQ(SetOf("trang agency:000.00.22.H32 agency:000.00.23.H32").size(), 5u);
}

TEST_F(SearchQueryTest, ADossierStoredAgainUnderAnotherAgencyIsFoundUnderThatOne) {
  Add({.code = C(1), .text = "khai sinh", .agency = "000.31.22.H32", .received = "2023-06-20"});
  EXPECT_EQ(SetOf("khai agency:000.00.22.H32"), Codes{C(1)});
  // A later scan reads the receiving agency of another province.
  DossierRecord again = MakeDossier(C(1));
  again.agency_code = "000.12.05.H33";
  Store(again);
  EXPECT_EQ(SetOf("khai agency:000.00.22.H32"), Codes{});
  EXPECT_EQ(SetOf("khai agency:000.00.00.H33"), Codes{C(1)});
  EXPECT_EQ(SetOf("khai"), Codes{C(1)});  // its page once
  catalog_->SetScope(Scope::Of({"000.00.00.H33"}));
  EXPECT_EQ(SetOf("khai"), Codes{C(1)});
  catalog_->SetScope(Scope::Of({"000.00.00.H32"}));
  EXPECT_EQ(SetOf("khai"), Codes{});
}

TEST_F(SearchQueryTest, CccdFindsDossiersThatRecordOrPrintTheNumber) {
  Add({.code = C(1), .fields = {{"citizen_id", "056189004512", 0.9f, kSourceOcr}}});
  Add({.code = C(2), .text = "Số định danh: 056189004512", .kind = kKindIdCopy});
  Add({.code = C(3), .text = "Số định danh: 056189004513"});
  EXPECT_EQ(SetOf("trang cccd:056189004512"), Codes{C(1)});
  EXPECT_EQ(Matching("cccd:056189004512"), (Codes{C(1), C(2)}));
  EXPECT_EQ(SetOf("cccd:\"056 189 004 512\""), (Codes{C(1), C(2)}));
}

TEST_F(SearchQueryTest, NameMatchesTheApplicantWithItsWordsInOrder) {
  Add({.code = C(1), .applicant = "NGUYỄN VĂN ĐỨC"});
  Add({.code = C(2), .applicant = "ĐỨC VĂN NGUYỄN"});
  Add({.code = C(3), .text = "trang: Nguyễn Văn Đức làm chứng"});  // on the page only
  Add({.code = C(4), .fields = {{"subject_name", "Nguyễn Văn Đức", 0.9f, kSourceOcr}}});
  EXPECT_EQ(SetOf("trang name:\"nguyen van duc\""), (Codes{C(1), C(4)}));
  EXPECT_EQ(Matching("name:\"Nguyễn Văn Đức\""), (Codes{C(1), C(4)}));
  EXPECT_EQ(SetOf("trang name:duc"), (Codes{C(1), C(2), C(4)}));
  EXPECT_EQ(SetOf("trang -name:duc"), Codes{C(3)});
  auto hits = Search("name:\"nguyen van duc\"");
  ASSERT_EQ(hits.size(), 2u);
  ASSERT_EQ(hits[1].dossier_code, C(1));  // listed newest first
  EXPECT_NE(hits[1].snippet.find("[NGUYỄN] [VĂN] [ĐỨC]"), std::string::npos) << hits[1].snippet;
}

TEST_F(SearchQueryTest, KindKeepsPagesOfThatKindOfDocument) {
  DossierRecord d = MakeDossier(C(1));
  d.documents.push_back(MakeDocument(kKindReceipt, FakeSha('a'), {"GIẤY TIẾP NHẬN khai sinh"}));
  d.documents.push_back(MakeDocument(kKindForm, FakeSha('b'), {"TỜ KHAI khai sinh"}));
  d.documents.push_back(MakeDocument(kKindResult, FakeSha('c'), {"GIẤY KHAI SINH"}));
  Store(d);
  Add({.code = C(2), .text = "khai sinh", .kind = kKindForm});
  auto hits = Search("khai sinh kind:result");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].document, 3);
  EXPECT_EQ(Search("khai sinh kind:\"tờ khai\"").size(), 2u);
  EXPECT_EQ(Search("khai sinh kind:receipt kind:result").size(), 2u);
  EXPECT_EQ(Search("khai sinh -kind:form").size(), 2u);
  EXPECT_EQ(Matching("kind:receipt"), Codes{C(1)});
  EXPECT_EQ(Matching("kind:form"), (Codes{C(1), C(2)}));
  EXPECT_EQ(Matching("-kind:receipt kind:form"), Codes{C(2)});
}

TEST_F(SearchQueryTest, TheReceivedRangeIncludesBothEnds) {
  Add({.code = C(1), .received = "2022-12-31"});
  Add({.code = C(2), .received = "2023-01-01"});
  Add({.code = C(3), .received = "2023-03-15"});
  Add({.code = C(4), .received = "2023-06-30"});
  Add({.code = C(5), .received = "2023-07-01"});
  Add({.code = C(6)});  // received date unknown: in no range
  EXPECT_EQ(SetOf("trang received:2023-01-01..2023-06-30"), (Codes{C(2), C(3), C(4)}));
  EXPECT_EQ(SetOf("trang received:2023-06-30"), Codes{C(4)});
  EXPECT_EQ(SetOf("trang received:2023-06-30.."), (Codes{C(4), C(5)}));
  EXPECT_EQ(SetOf("trang received:..2023-01-01"), (Codes{C(1), C(2)}));
  EXPECT_EQ(SetOf("trang -received:2023-01-01..2023-12-31"), (Codes{C(1), C(6)}));
}

TEST_F(SearchQueryTest, FiltersAloneListDossiersNewestFirst) {
  Add({.code = C(1), .applicant = "Trần Thị Lan", .procedure_code = "1.001193",
       .procedure_name = "Thủ tục đăng ký khai sinh", .received = "2023-03-01"});
  Add({.code = C(2), .received = "2023-06-01"});
  Add({.code = C(3), .received = "2023-01-01"});
  Add({.code = C(4), .received = "2024-01-01"});
  auto hits = Search("received:2023-01-01..2023-12-31");
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].dossier_code, C(2));
  EXPECT_EQ(hits[1].dossier_code, C(1));
  EXPECT_EQ(hits[2].dossier_code, C(3));
  for (const SearchHit& h : hits) {
    EXPECT_EQ(h.document, 0);
    EXPECT_EQ(h.page, 0);
  }
  EXPECT_NE(hits[1].snippet.find("2023-03-01"), std::string::npos) << hits[1].snippet;
  EXPECT_NE(hits[1].snippet.find("Trần Thị Lan"), std::string::npos) << hits[1].snippet;
  EXPECT_EQ(hits[1].procedure_code, "1.001193");
  EXPECT_EQ(CodesOf("received:2023-01-01..2023-12-31", 2, 1), (Codes{C(1), C(3)}));
}

TEST_F(SearchQueryTest, FiltersWithExclusionsListDossiersWithoutThoseWords) {
  Add({.code = C(1), .text = "khai sinh cho bé Lan", .received = "2023-03-01"});
  Add({.code = C(2), .text = "khai sinh cho bé Bình", .received = "2023-03-02"});
  EXPECT_EQ(CodesOf("received:2023-03-01..2023-03-31 -lan"), Codes{C(2)});
  EXPECT_EQ(Matching("received:2023-03-01..2023-03-31 -lan"), Codes{C(2)});
}

TEST_F(SearchQueryTest, FiltersAndWordsAllHold) {
  Add({.code = "000.00.22.H32-230301-0001", .text = "khai sinh Lan", .kind = kKindForm,
       .procedure_code = "1.001193", .agency = "000.00.22.H32", .received = "2023-03-01"});
  Add({.code = "000.00.22.H32-230301-0002", .text = "khai sinh Lan", .kind = kKindForm,
       .procedure_code = "1.001193", .agency = "000.00.22.H32", .received = "2022-03-01"});
  Add({.code = "000.00.23.H32-230301-0001", .text = "khai sinh Lan", .kind = kKindForm,
       .procedure_code = "1.001193", .agency = "000.00.23.H32", .received = "2023-03-01"});
  EXPECT_EQ(CodesOf("lan agency:000.00.22.H32 received:2023-01-01..2023-12-31 kind:form "
                    "procedure:1.001193"),
            Codes{"000.00.22.H32-230301-0001"});
}

TEST_F(SearchQueryTest, MatchingDossiersListsEveryMatchingCodeSorted) {
  for (int n : {3, 1, 2}) Add({.code = C(n), .text = n == 2 ? "kết hôn, khai sinh" : "khai sinh"});
  EXPECT_EQ(Matching(""), (Codes{C(1), C(2), C(3)}));
  EXPECT_EQ(Matching("   "), (Codes{C(1), C(2), C(3)}));
  EXPECT_EQ(Matching("khai sinh"), (Codes{C(1), C(2), C(3)}));
  EXPECT_EQ(Matching("khai sinh -hon"), (Codes{C(1), C(3)}));
  EXPECT_EQ(Matching("\"sinh khai\""), Codes{});
  EXPECT_EQ(Matching("code:" + C(2)), Codes{C(2)});
  auto bad = catalog_->MatchingDossiers("code:");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SearchQueryTest, MatchingDossiersFindsEveryMatchNotTheFirstPage) {
  for (int n = 0; n < 30; ++n) {
    Add({.code = "000.31.22.H32-230620-" + std::string(n < 10 ? "000" : "00") + std::to_string(n),
         .text = "khai sinh"});
  }
  EXPECT_EQ(Matching("khai sinh").size(), 30u);
}

TEST_F(SearchQueryTest, BadSyntaxIsAnInvalidArgumentThatPointsAtIt) {
  Add({.code = C(1)});
  EXPECT_NE(SearchError("nguyen \"van").find("unclosed quote at column 8"), std::string::npos);
  EXPECT_NE(SearchError("foo:bar").find("unknown filter \"foo:\""), std::string::npos);
  EXPECT_NE(SearchError("received:2023").find("wants a day (yyyy-mm-dd or dd/mm/yyyy)"), std::string::npos);
  EXPECT_NE(SearchError("-trang").find("add a word or a filter"), std::string::npos);
  EXPECT_NE(SearchError("agency:1").find("agency:"), std::string::npos);
}

TEST_F(SearchQueryTest, AFilterMatchingNothingFindsNothing) {
  Add({.code = C(1)});
  EXPECT_TRUE(CodesOf("trang procedure:\"khong co\"").empty());
  EXPECT_TRUE(CodesOf("field:nothing").empty());
  EXPECT_TRUE(Matching("agency:000.00.00.H01").empty());
}

}  // namespace
}  // namespace sohoa::archive
