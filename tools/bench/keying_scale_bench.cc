// The keying workbench's catalog work at province scale: a catalog holding a
// province's civil-status backlog as entry rows (default 2,500 books of 510
// rows: 1,275,000, the 1.27 million entries still on paper in the seed
// province), most of them already verified, and a clerk 400 entries ahead of
// her partner on her book. Times what each keystroke-visible request costs:
// the next slot (NextSlot), saving a keying (SaveKeying), the book context
// the checks read (EntryNumbers), and the pages a manager opens (Progress and
// ComputeBacklog over every book). The floor, timed in the same run, is a
// slot read by its id (FindSlot).
//
// Books, pages and slots are written with plain SQL: ingest is not what is
// measured, and 75,000 page transactions would take minutes.
#include <sqlite3.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/storage.h"
#include "archive/home.h"
#include "archive/keying.h"
#include "archive/rates.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Timing {
  double p50 = 0, p95 = 0, max = 0;
};

Timing Summary(std::vector<double> ms) {
  if (ms.empty()) return {};
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)], ms.back()};
}

Timing Time(int runs, const std::function<void(int)>& run) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    run(i);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  return Summary(std::move(ms));
}

bool Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "keying-scale-bench: %s\n", error ? error : "sqlite error");
    sqlite3_free(error);
    return false;
  }
  return true;
}

// Fills the catalog: `books` books of `rows` slots on pages of 17 rows; a
// `verified` share of each other book's slots verified.
bool Fill(const fs::path& catalog, int books, int rows, double verified) {
  sqlite3* db = nullptr;
  if (sqlite3_open(catalog.c_str(), &db) != SQLITE_OK) return false;
  bool ok = Exec(db, "PRAGMA synchronous=OFF; BEGIN");
  sqlite3_stmt *book = nullptr, *page = nullptr, *slot = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO books (id, type, agency_code, year, entries_expected, created_at, updated_at) "
                     "VALUES (?1, 'khai_sinh', '000.31.22.H32', 2000, ?2, '', '')",
                     -1, &book, nullptr);
  sqlite3_prepare_v2(db,
                     "INSERT INTO book_pages (book_id, number, image_sha256, created_at) VALUES (?1, ?2, '', '')",
                     -1, &page, nullptr);
  sqlite3_prepare_v2(db,
                     "INSERT INTO book_slots (book_id, page, position, box, state) VALUES (?1, ?2, ?3, "
                     "'100,200,3000,80', ?4)",
                     -1, &slot, nullptr);
  std::uint64_t seed = 42;
  for (int b = 0; b < books && ok; ++b) {
    char id[32];
    std::snprintf(id, sizeof id, "KS-%05d", b);
    sqlite3_bind_text(book, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(book, 2, rows);
    ok = sqlite3_step(book) == SQLITE_DONE;
    sqlite3_reset(book);
    for (int p = 1; p <= (rows + 16) / 17 && ok; ++p) {
      sqlite3_bind_text(page, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int(page, 2, p);
      ok = sqlite3_step(page) == SQLITE_DONE;
      sqlite3_reset(page);
    }
    for (int r = 0; r < rows && ok; ++r) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      const bool done = b != 100 && static_cast<double>(seed >> 11) / 9007199254740992.0 < verified;
      sqlite3_bind_text(slot, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int(slot, 2, r / 17 + 1);
      sqlite3_bind_int(slot, 3, r % 17 + 1);
      sqlite3_bind_text(slot, 4, done ? "verified" : "open", -1, SQLITE_STATIC);
      ok = sqlite3_step(slot) == SQLITE_DONE;
      sqlite3_reset(slot);
    }
  }
  sqlite3_finalize(book);
  sqlite3_finalize(page);
  sqlite3_finalize(slot);
  ok = ok && Exec(db, "COMMIT; ANALYZE");
  sqlite3_close(db);
  return ok;
}

void Print(const char* what, const Timing& t, const Timing& floor) {
  std::printf("%-44s p50 %8.2f ms  p95 %8.2f ms  max %8.2f ms  (p50 %6.1f× the floor)\n", what, t.p50, t.p95,
              t.max, floor.p50 > 0 ? t.p50 / floor.p50 : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Keying at province scale: the catalog work behind each workbench request"};
  int books = 2500, rows = 510, runs = 200;
  double verified = 0.6;
  std::string dir;
  app.add_option("--books", books, "Books in the catalog")->capture_default_str()->check(CLI::Range(101, 100000));
  app.add_option("--rows", rows, "Entry rows per book")->capture_default_str()->check(CLI::Range(450, 5000));
  app.add_option("--verified", verified, "Share of the other books' rows verified")->capture_default_str();
  app.add_option("--runs", runs, "Timed runs of each request")->capture_default_str()->check(CLI::Range(10, 100000));
  app.add_option("--dir", dir, "Where to build the catalog (default: a temporary folder, removed)");
  CLI11_PARSE(app, argc, argv);

  const bool keep = !dir.empty();
  const fs::path root = keep ? fs::path(dir) : fs::temp_directory_path() / ("sohoa-keying-scale-" + std::to_string(::getpid()));
  fs::create_directories(root);
  sohoa::archive::HomeLayout home;
  home.root = root / "home";
  if (!sohoa::archive::InitHome(home).ok()) return 1;
  const auto fill_start = Clock::now();
  if (!Fill(home.catalog(), books, rows, verified)) return 1;
  auto opened = sohoa::archive::OpenCatalog(home);
  if (!opened.ok()) return 1;
  sohoa::archive::Catalog& catalog = **opened;
  // As the server runs it: every request with the user's scope.
  catalog.SetScope(sohoa::archive::Scope::Of({"000.00.22.H32"}));
  sohoa::archive::Keying keying(catalog);
  const std::string book = "KS-00100";
  // Lan and Minh double-key the book; Lan is 400 entries ahead.
  (void)keying.Assign({0, book, 1, 1000, "lan", "bench", ""});
  (void)keying.Assign({0, book, 1, 1000, "minh", "bench", ""});
  const sohoa::archive::KeyedValues values = {{"no", "1"}, {"registered", "10/04/2000"}, {"name", "Nguyễn Văn An"},
                                              {"dob", "03/04/2000"}, {"sex", "Nam"}};
  for (int i = 0; i < 400; ++i) {
    auto slot = keying.NextSlot("lan", book);
    if (!slot.ok() || !slot->has_value()) return 1;
    if (!keying.SaveKeying({(*slot)->id, "lan", false, values, {}, 5, ""}).ok()) return 1;
  }
  std::printf("catalog: %d books × %d rows = %lld entry rows (%.0f%% of the other books verified), filled in %.1f s\n",
              books, rows, static_cast<long long>(books) * rows, verified * 100,
              std::chrono::duration<double>(Clock::now() - fill_start).count());

  auto first = keying.NextSlot("minh", book);
  if (!first.ok() || !first->has_value()) return 1;
  const std::int64_t some_slot = (*first)->id;
  const Timing floor = Time(runs, [&](int) { (void)keying.FindSlot(some_slot); });
  Print("floor: one slot by id (FindSlot)", floor, floor);
  // Lan keys on, 400 rows ahead of Minh: each NextSlot walks past her 400
  // keyed rows still waiting for Minh; each save is a first keying.
  std::vector<double> next_ms, save_ms;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    auto slot = keying.NextSlot("lan", book);
    next_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!slot.ok() || !slot->has_value()) break;
    start = Clock::now();
    (void)keying.SaveKeying({(*slot)->id, "lan", false, values, {}, 5, ""});
    save_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  Print("next slot, 400+ keyed rows to skip (NextSlot)", Summary(next_ms), floor);
  Print("save a first keying (SaveKeying)", Summary(save_ms), floor);
  Print("next slot held by the clerk (a reopened browser)",
        Time(runs, [&](int) { (void)keying.NextSlot("minh", book); }), floor);
  Print("book context for the checks (EntryNumbers)",
        Time(std::min(runs, 50), [&](int) { (void)keying.EntryNumbers(book, "lan"); }), floor);
  Print("next + save of a second keying that agrees", Time(std::min(runs, 300), [&](int) {
          auto slot = keying.NextSlot("minh", book);
          if (slot.ok() && slot->has_value()) (void)keying.SaveKeying({(*slot)->id, "minh", false, values, {}, 5, ""});
        }), floor);
  Print("one book's progress (Progress(book))", Time(runs, [&](int) { (void)keying.Progress(book); }), floor);
  Print("every book's progress (Progress())", Time(5, [&](int) { (void)keying.Progress(); }), floor);
  Print("the backlog report (ComputeBacklog)", Time(5, [&](int) { (void)sohoa::archive::ComputeBacklog(catalog); }),
        floor);
  Print("clerk statistics (Stats)", Time(5, [&](int) { (void)keying.Stats(); }), floor);
  if (!keep) fs::remove_all(root);
  return 0;
}
