// The keying workbench over HTTP: handing out, blind double keying, a third
// person's decision, the checks, the row image, scope, and the records that
// come out of it.
#include "archive/keying.h"

#include "tests/server/api_fixture.h"

namespace sohoa::server {
namespace {

class KeyingApiTest : public ApiTest {
 protected:
  // A handwritten book of agency A with `pages` pages of 3 rows, each page
  // a 1200×900 scan; each test makes its own so that they do not meet.
  std::string MakeBook(const std::string& id, int pages, const archive::KeyedValues& prefill = {}) {
    archive::Catalog& catalog = env().catalog();
    archive::BookRecord book;
    book.id = id;
    book.type = "khai_sinh";
    book.agency_code = kAgencyA;
    book.year = 1998;
    book.entries_expected = 300;
    EXPECT_TRUE(catalog.StoreBook(book).ok());
    auto sha = archive::FolderBlobStore(env().home().blobs()).PutBytes(PagePngBytes(1200, 900));
    EXPECT_TRUE(sha.ok());
    archive::Keying keying(catalog);
    for (int p = 1; p <= pages; ++p) {
      archive::BookPageRecord page;
      page.book_id = id;
      page.number = p;
      page.image_sha256 = *sha;
      page.width = 1200;
      page.height = 900;
      EXPECT_TRUE(catalog.StoreBookPage(page).ok());
      archive::PageSlots slots;
      slots.book_id = id;
      slots.page = p;
      for (int r = 0; r < 3; ++r) slots.rows.push_back({Box{50, 200 + 150 * r, 1100, 100}, prefill});
      EXPECT_TRUE(keying.StoreSlots(slots).ok());
    }
    return id;
  }

  void Assign(const std::string& book, const std::string& user, int first, int last) {
    auto res = Post("/api/keying/assignments",
                    nlohmann::json{{"book", book}, {"first_page", first}, {"last_page", last}, {"user", user}}.dump(),
                    "manager-a");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
  }

  nlohmann::json Next(const std::string& user, const std::string& book) {
    auto res = Get("/api/keying/next?book=" + book, user);
    EXPECT_TRUE(res);
    EXPECT_EQ(res ? res->status : 0, 200) << (res ? res->body : "");
    return Json(res);
  }

  httplib::Result Save(const std::string& user, std::int64_t slot, const nlohmann::json& values,
                       const nlohmann::json& confirmed = nlohmann::json::array()) {
    return Post("/api/keying/slots/" + std::to_string(slot),
                nlohmann::json{{"values", values}, {"seconds", 7.5}, {"confirmed", confirmed}}.dump(), user);
  }

  static nlohmann::json Birth(const std::string& no, const std::string& name) {
    return {{"no", no}, {"registered", "10/04/1998"}, {"name", name}, {"dob", "03/04/1998"}, {"sex", "Nam"}};
  }
};

TEST_F(KeyingApiTest, TwoClerksDisagreeOnceAndAThirdDecides) {
  const std::string book = MakeBook("KS-API-1", 1, {{"no", "1"}});
  Assign(book, "staff-a", 1, 1);
  Assign(book, "archivist-a", 1, 1);

  // The first clerk is offered OCR's pre-fill; the second keys blind.
  nlohmann::json first = Next("staff-a", book);
  ASSERT_FALSE(first["slot"].is_null()) << first.dump();
  EXPECT_EQ(first["values"]["no"], "1");
  EXPECT_EQ(first["prefilled"], nlohmann::json::array({"no"}));
  EXPECT_EQ(first["form"][0]["key"], "no");
  const std::int64_t slot1 = first["slot"]["id"];
  auto saved = Save("staff-a", slot1, Birth("1", "Nguyễn Văn An"));
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 200) << saved->body;
  EXPECT_EQ(Json(saved)["state"], "open");

  nlohmann::json second = Next("archivist-a", book);
  ASSERT_EQ(second["slot"]["id"], slot1);
  EXPECT_TRUE(second["values"].empty()) << "the second keyer must not see the pre-fill: " << second.dump();
  saved = Save("archivist-a", slot1, Birth("1", "NGUYỄN VĂN AN"));
  ASSERT_EQ(saved->status, 200) << saved->body;
  EXPECT_EQ(Json(saved)["state"], "verified");

  // Row 2: one tone mark apart.
  const std::int64_t slot2 = Next("staff-a", book)["slot"]["id"];
  ASSERT_EQ(Save("staff-a", slot2, Birth("2", "Trần Diệu Thảo"))->status, 200);
  ASSERT_EQ(Next("archivist-a", book)["slot"]["id"], slot2);
  saved = Save("archivist-a", slot2, Birth("2", "Trần Diệu Thao"));
  ASSERT_EQ(saved->status, 200) << saved->body;
  EXPECT_EQ(Json(saved)["state"], "differ");

  // Neither keyer is offered the decision; the third is.
  EXPECT_TRUE(Json(Get("/api/keying/conflicts?book=" + book, "staff-a"))["items"].empty());
  auto conflicts = Json(Get("/api/keying/conflicts?book=" + book, "victim"));
  ASSERT_EQ(conflicts["items"].size(), 1u) << conflicts.dump();
  EXPECT_EQ(conflicts["items"][0]["id"], slot2);
  auto forbidden = Get("/api/keying/conflicts/" + std::to_string(slot2), "archivist-a");
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(forbidden->status, 403);
  auto shown = Json(Get("/api/keying/conflicts/" + std::to_string(slot2), "victim"));
  EXPECT_EQ(shown["differing"], nlohmann::json::array({"name"}));
  ASSERT_EQ(shown["keyings"].size(), 2u);
  EXPECT_EQ(shown["keyings"][1]["values"]["name"], "Trần Diệu Thao");
  auto decided = Post("/api/keying/conflicts/" + std::to_string(slot2),
                      nlohmann::json{{"values", Birth("2", "Trần Diệu Thảo")}}.dump(), "victim");
  ASSERT_TRUE(decided);
  ASSERT_EQ(decided->status, 200) << decided->body;
  auto again = Post("/api/keying/conflicts/" + std::to_string(slot2),
                    nlohmann::json{{"values", Birth("2", "X")}}.dump(), "archivist-all");
  EXPECT_EQ(again->status, 409);

  auto records = Json(Get("/api/records?verified=1&book=" + book, "archivist-a"));
  ASSERT_EQ(records.size(), 2u) << records.dump();
  EXPECT_EQ(records[1]["name"], "Trần Diệu Thảo");
  EXPECT_EQ(records[1]["status"], "verified");
  auto csv = Get("/api/records.csv?book=" + book, "archivist-a");
  ASSERT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find("so_ky_hieu,loai_so,quyen_so,nam_so,trang,dong,so_dang_ky,ngay_dang_ky,ho_ten"),
            std::string::npos)
      << csv->body;
  EXPECT_NE(csv->body.find("KS-API-1,khai_sinh,,1998,1,2,2,10/04/1998,Trần Diệu Thảo"), std::string::npos)
      << csv->body;
  EXPECT_FALSE(EventsOf("export", "archivist-a", book).empty());

  auto stats = Json(Get("/api/keying/stats?book=" + book, "manager-a"));
  ASSERT_EQ(stats.size(), 3u) << stats.dump();
  EXPECT_EQ(stats[1]["user"], "staff-a");
  EXPECT_EQ(stats[1]["keyed"], 2);
  EXPECT_DOUBLE_EQ(stats[1]["agreement_rate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(stats[1]["seconds_per_entry"].get<double>(), 7.5);
}

TEST_F(KeyingApiTest, ChecksAreShownAndOnlyConfirmableOnesMayBeKept) {
  const std::string book = MakeBook("KS-API-2", 1);
  Assign(book, "staff-a", 1, 1);
  const std::int64_t slot = Next("staff-a", book)["slot"]["id"];
  nlohmann::json values = Birth("1", "Lê Thị Mai");
  values["dob"] = "03/05/1998";  // after the registration on 10/04/1998
  auto checked = Json(Post("/api/keying/check", nlohmann::json{{"slot", slot}, {"values", values}}.dump(), "staff-a"));
  ASSERT_EQ(checked["issues"].size(), 1u) << checked.dump();
  EXPECT_EQ(checked["issues"][0]["field"], "dob");
  EXPECT_EQ(checked["issues"][0]["code"], "born_after_registered");
  EXPECT_TRUE(checked["issues"][0]["confirmable"].get<bool>());

  auto refused = Save("staff-a", slot, values);
  ASSERT_EQ(refused->status, 422) << refused->body;
  EXPECT_EQ(Json(refused)["issues"][0]["code"], "born_after_registered");
  // An empty name cannot be confirmed away.
  nlohmann::json no_name = values;
  no_name["name"] = "";
  auto missing = Save("staff-a", slot, no_name, {"born_after_registered", "required"});
  ASSERT_EQ(missing->status, 422) << missing->body;
  // As the book says it, confirmed: saved, with the warning kept.
  auto kept = Save("staff-a", slot, values, {"born_after_registered"});
  ASSERT_EQ(kept->status, 200) << kept->body;
  auto keyings = archive::Keying(env().catalog()).KeyingsOf(slot);
  ASSERT_TRUE(keyings.ok());
  ASSERT_EQ(keyings->size(), 1u);
  EXPECT_EQ(keyings->front().warnings, std::vector<std::string>{"born_after_registered"});

  // A row that is no entry skips the checks, and says so.
  const std::int64_t blank = Next("staff-a", book)["slot"]["id"];
  auto none = Post("/api/keying/slots/" + std::to_string(blank), nlohmann::json{{"not_an_entry", true}}.dump(),
                   "staff-a");
  ASSERT_EQ(none->status, 200) << none->body;

  // The next row repeats the number: flagged against the clerk's own keying.
  const std::int64_t next = Next("staff-a", book)["slot"]["id"];
  auto repeated = Json(Post("/api/keying/check",
                            nlohmann::json{{"slot", next}, {"values", Birth("1", "Lê Văn Tám")}}.dump(), "staff-a"));
  bool found = false;
  for (const auto& i : repeated["issues"]) found = found || i["code"] == "number_repeated";
  EXPECT_TRUE(found) << repeated.dump();
  auto skipped = Json(Post("/api/keying/check",
                           nlohmann::json{{"slot", next}, {"values", Birth("5", "Lê Văn Tám")}}.dump(), "staff-a"));
  found = false;
  for (const auto& i : skipped["issues"]) found = found || i["code"] == "number_out_of_sequence";
  EXPECT_TRUE(found) << skipped.dump();
}

TEST_F(KeyingApiTest, AClerkKeysOnlyTheirPagesAndSeesNothingOutsideTheirAgency) {
  const std::string book = MakeBook("KS-API-3", 2);
  auto nothing = Json(Get("/api/keying/next?book=" + book, "staff-a"));
  EXPECT_TRUE(nothing["slot"].is_null());
  EXPECT_FALSE(nothing["message"].get<std::string>().empty());

  Assign(book, "staff-a", 2, 2);
  auto slots = archive::Keying(env().catalog()).Slots(book, 1);
  ASSERT_TRUE(slots.ok());
  ASSERT_FALSE(slots->empty());
  auto refused = Save("staff-a", slots->front().id, Birth("1", "Phan Văn Hùng"));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(Json(Get("/api/keying/next?book=" + book, "staff-a"))["slot"]["page"], 2);

  // Agency B's archivist: the book does not exist for them.
  EXPECT_EQ(Get("/api/keying/next?book=" + book, "archivist-b")->status, 404);
  EXPECT_EQ(Get("/api/keying/slots/" + std::to_string(slots->front().id) + "/image", "archivist-b")->status, 404);
  auto books = Json(Get("/api/keying/books", "archivist-b"));
  for (const auto& b : books) EXPECT_NE(b["id"], book);
  // Nor may the manager hand it to them.
  auto bad = Post("/api/keying/assignments",
                  nlohmann::json{{"book", book}, {"first_page", 1}, {"last_page", 1}, {"user", "archivist-b"}}.dump(),
                  "manager-a");
  EXPECT_EQ(bad->status, 400) << bad->body;
  // A manager reads counts, never entries.
  EXPECT_EQ(Get("/api/keying/next?book=" + book, "manager-a")->status, 403);
}

TEST_F(KeyingApiTest, TheRowImageIsTheRowWithAMarginAndEachViewIsRecorded) {
  const std::string book = MakeBook("KS-API-4", 1);
  Assign(book, "staff-a", 1, 1);
  const nlohmann::json next = Next("staff-a", book);
  const std::int64_t slot = next["slot"]["id"];
  EXPECT_EQ(next["slot"]["page_width"], 1200);
  auto row = Get("/api/keying/slots/" + std::to_string(slot) + "/image", "staff-a");
  ASSERT_TRUE(row);
  ASSERT_EQ(row->status, 200);
  EXPECT_EQ(row->get_header_value("Content-Type"), "image/png");
  Pix* pix = pixReadMem(reinterpret_cast<const l_uint8*>(row->body.data()), row->body.size());
  ASSERT_NE(pix, nullptr);
  // Row 1 is 1100×100 at (50, 200); 40 px above and below, clipped at the sides.
  EXPECT_EQ(pixGetHeight(pix), 180);
  EXPECT_EQ(pixGetWidth(pix), 1180);
  pixDestroy(&pix);
  auto whole = Get("/api/keying/slots/" + std::to_string(slot) + "/image?page=1&width=600", "staff-a");
  ASSERT_EQ(whole->status, 200);
  pix = pixReadMem(reinterpret_cast<const l_uint8*>(whole->body.data()), whole->body.size());
  ASSERT_NE(pix, nullptr);
  EXPECT_EQ(pixGetWidth(pix), 600);
  pixDestroy(&pix);
  EXPECT_GE(EventsOf("page", "staff-a", book).size(), 2u);
}

TEST_F(KeyingApiTest, SingleKeyingIsTheManagersChoicePerBook) {
  const std::string book = MakeBook("KS-API-5", 1);
  auto set = Post("/api/keying/books/" + book + "/mode", nlohmann::json{{"mode", "single"}}.dump(), "manager-a");
  ASSERT_EQ(set->status, 200) << set->body;
  EXPECT_EQ(Post("/api/keying/books/" + book + "/mode", nlohmann::json{{"mode", "single"}}.dump(), "staff-a")->status,
            403);
  Assign(book, "staff-a", 1, 1);
  const std::int64_t slot = Next("staff-a", book)["slot"]["id"];
  auto saved = Save("staff-a", slot, Birth("1", "Huỳnh Thanh Linh"));
  ASSERT_EQ(saved->status, 200) << saved->body;
  EXPECT_EQ(Json(saved)["state"], "verified");
  auto books = Json(Get("/api/keying/books", "manager-a"));
  bool seen = false;
  for (const auto& b : books) {
    if (b["id"] != book) continue;
    seen = true;
    EXPECT_EQ(b["mode"], "single");
    EXPECT_EQ(b["verified"], 1);
    EXPECT_EQ(b["slots"], 3);
  }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace sohoa::server
