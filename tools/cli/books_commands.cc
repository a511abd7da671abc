// Civil-status register books: `sohoa records`, `sohoa books import` (the
// list of paper books and their sizes), `sohoa books backlog` (entries
// digitized against entries in the books), and `sohoa ingest --book ID
// FOLDER` (an option added to the ingest subcommand, so the dossier ingest
// code stays as it is).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "archive/catalog.h"
#include "archive/keying.h"
#include "archive/users.h"
#include "archive/rates.h"
#include "ingest/books.h"
#include "ingest/register_csv.h"
#include "tools/cli/common.h"
#include "tools/report/formats.h"
#include "tools/report/vocabulary.h"

namespace sohoa::cli {
namespace {

struct RecordsArgs {
  std::string book;
  std::string search;
  int limit = 1000;
  bool csv = false;
  bool all = false;  // with --csv: entries OCR read that nobody verified, too
};

struct AssignArgs {
  std::string book, pages, user, actor;
  bool remove = false;
};

struct BookIngestArgs {
  std::string book;
  bool ids_from_folders = false;
};

int RunRecordsCsv(archive::Catalog& catalog, const archive::BookRecord& book, bool all) {
  auto entries = catalog.BookEntries(book.id);
  if (!entries.ok()) return Fail(entries.status());
  std::vector<archive::BookEntryRecord> shown;
  for (auto& e : *entries) {
    if (all || e.status == "verified") shown.push_back(std::move(e));
  }
  (void)catalog.AppendEvent({"export", book.id, "cli", "success",
                             "sohoa records --csv: " + std::to_string(shown.size()) + " records", ""});
  std::cout << report::RecordsCsv(book, shown);
  std::cerr << Text(Msg::kRecordsCsvDone, {std::to_string(shown.size()), book.id,
                                           std::to_string(entries->size() - shown.size())})
            << "\n";
  return kExitOk;
}

int RunRecords(const GlobalOptions& options, const RecordsArgs& args) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  if (args.csv && args.book.empty()) return Fail(InvalidArgument(Text(Msg::kRecordsCsvNeedsBook)));
  if (!args.book.empty()) {
    auto book = (*catalog)->FindBook(args.book);
    if (!book.ok()) return Fail(book.status());
    if (!book->has_value()) return Fail(NotFound(Text(Msg::kNoBook, {args.book})));
    if (args.csv) return RunRecordsCsv(**catalog, **book, args.all);
  }
  auto entries = args.search.empty() ? (*catalog)->BookEntries(args.book)
                                     : (*catalog)->SearchBookEntries(args.search, args.limit);
  if (!entries.ok()) return Fail(entries.status());
  std::vector<archive::BookEntryRecord> shown;
  for (auto& e : *entries) {
    if (!args.book.empty() && e.book_id != args.book) continue;
    if (static_cast<int>(shown.size()) >= args.limit) break;
    shown.push_back(std::move(e));
  }
  (void)(*catalog)->AppendEvent({"view", args.book.empty() ? "records" : args.book, "cli",
                                 "success", "sohoa records", ""});
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : shown) out.push_back(report::BookEntryJson(e));
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (shown.empty()) {
    std::cout << (args.book.empty() ? Text(Msg::kRecordsNone) : Text(Msg::kRecordsNoneInBook, {args.book}))
              << "\n";
    return kExitOk;
  }
  for (const auto& e : shown) {
    std::string rest;
    for (const auto& f : e.fields) {
      if (f.name == "no" || f.name == "name" || f.name == "registered" || f.value.empty()) continue;
      rest += "  " + f.name + ": " + f.value;
    }
    std::string name = e.Get("name");
    if (name.empty()) name = e.Get("husband") + " + " + e.Get("wife");
    std::printf("%s  p.%-3d #%s  %s  %s  (%.0f)\n   %s\n", e.book_id.c_str(), e.page,
                Column(e.number, 5).c_str(), e.Get("registered").c_str(),
                Column(name, 28).c_str(), e.confidence, rest.c_str());
  }
  std::cout << Text(Msg::kRecordsCount, {std::to_string(shown.size())}) << "\n";
  return kExitOk;
}

int RunBookIngest(const GlobalOptions& options, const BookIngestArgs& args,
                  const std::vector<std::string>& paths, const std::string& tessdata) {
  auto created = ExistingHome(options);
  if (!created.ok()) return Fail(created.status());
  const archive::HomeLayout& home = *created;
  if (paths.size() != 1) {
    return Fail(InvalidArgument("--book takes exactly one folder: the book's page scans"));
  }
  ingest::BookIngestOptions book_options;
  book_options.tessdata_dir = tessdata;
  book_options.actor = "cli";
  auto ingester = ingest::BookIngester::Create(home, book_options);
  if (!ingester.ok()) return Fail(ingester.status());
  auto summary = (*ingester)->IngestFolder(paths.front(), args.book);
  if (!summary.ok()) return Fail(summary.status());
  const ingest::BookIngestSummary& s = *summary;
  if (options.json) {
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& f : s.failures) {
      failures.push_back({{"path", f.path.string()}, {"page", f.page}, {"reason", f.reason}});
    }
    nlohmann::json without_rows = nlohmann::json::array();
    for (const auto& f : s.pages_without_rows) {
      without_rows.push_back({{"path", f.path.string()}, {"page", f.page}, {"reason", f.reason}});
    }
    std::cout << nlohmann::json{{"book", s.book_id},
                                {"type", s.header.type},
                                {"commune", s.header.commune},
                                {"volume", s.header.volume},
                                {"year", s.header.year},
                                {"pages", s.pages},
                                {"entries", s.entries},
                                {"slots", s.slots},
                                {"pages_without_rows", without_rows},
                                {"failures", failures},
                                {"seconds", s.seconds}}
                     .dump(2)
              << "\n";
  } else {
    char seconds[32], per_page[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", s.seconds);
    std::snprintf(per_page, sizeof per_page, "%.2f", s.pages > 0 ? s.seconds / s.pages : 0.0);
    std::cout << Text(Msg::kBookRead, {s.book_id, std::to_string(s.pages), std::to_string(s.entries), seconds,
                                       per_page})
              << "\n";
    if (s.header.found()) {
      std::printf("  %s: %s, %s, quyển %s/%d\n", s.header.text.c_str(), s.header.type.c_str(),
                  s.header.commune.c_str(), s.header.volume.c_str(), s.header.year);
    }
    std::cout << "  " << Text(Msg::kBookSlots, {std::to_string(s.slots)}) << "\n";
    for (const auto& f : s.pages_without_rows) {
      std::printf("  %s: %s%s: %s\n", Text(Msg::kBookPageNoRows).c_str(), f.path.string().c_str(),
                  f.page > 0 ? (" page " + std::to_string(f.page)).c_str() : "", f.reason.c_str());
    }
    for (const auto& f : s.failures) {
      std::printf("  %s: %s%s: %s\n", Text(Msg::kBookNotRead).c_str(), f.path.string().c_str(),
                  f.page > 0 ? (" page " + std::to_string(f.page)).c_str() : "", f.reason.c_str());
    }
  }
  return s.failures.empty() ? kExitOk : kExitPartial;
}

std::string BookTypeName(const std::string& type) {
  if (type == "khai_sinh") return "Khai sinh";
  if (type == "ket_hon") return "Kết hôn";
  if (type == "khai_tu") return "Khai tử";
  return type.empty() ? "(chưa rõ loại)" : type;
}

bool SameBook(const archive::BookRecord& stored, const archive::BookRecord& in) {
  // StoreBook keeps the stored value where the new one is empty.
  auto same = [](const std::string& old, const std::string& now) {
    return now.empty() || now == old;
  };
  return same(stored.type, in.type) && same(stored.agency_code, in.agency_code) &&
         same(stored.volume, in.volume) && same(stored.commune, in.commune) &&
         (in.year == 0 || in.year == stored.year) &&
         (!in.entries_expected || in.entries_expected == stored.entries_expected);
}

int RunBooksImport(const GlobalOptions& options, const std::string& file, std::string user) {
  auto bytes = ReadWholeFile(file);
  if (!bytes.ok()) return Fail(bytes.status());
  auto parsed = ingest::ParseBookCsv(*bytes);
  if (!parsed.ok()) return Fail(parsed.status().WithContext(file));
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  user = UserOrEnv(user);
  int added = 0, updated = 0, unchanged = 0;
  for (const archive::BookRecord& book : parsed->books) {
    auto stored = (*catalog)->FindBook(book.id);
    if (!stored.ok()) return Fail(stored.status());
    if (stored->has_value() && SameBook(**stored, book)) {
      ++unchanged;
      continue;
    }
    if (Status s = (*catalog)->StoreBook(book); !s.ok()) return Fail(s.WithContext(book.id));
    ++(stored->has_value() ? updated : added);
  }
  const std::string summary = "book list: " + std::to_string(added) + " added, " +
                              std::to_string(updated) + " updated, " +
                              std::to_string(unchanged) + " unchanged, " +
                              std::to_string(parsed->errors.size()) + " bad row(s)";
  (void)(*catalog)->AppendEvent({"import", file, user, "success", summary, ""});
  if (options.json) {
    nlohmann::json bad = nlohmann::json::array();
    for (const auto& e : parsed->errors) bad.push_back({{"line", e.line}, {"reason", e.reason}});
    std::cout << nlohmann::json{{"file", file},     {"books", parsed->books.size()},
                                {"added", added},   {"updated", updated},
                                {"unchanged", unchanged}, {"bad", bad}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << Text(Msg::kBooksSummary, {file, std::to_string(parsed->books.size()), std::to_string(added),
                                           std::to_string(updated), std::to_string(unchanged)})
              << "\n";
    PrintBadRows(parsed->errors);
  }
  return parsed->errors.empty() ? kExitOk : kExitPartial;
}

int RunBacklog(const GlobalOptions& options) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto rows = archive::ComputeBacklog(**catalog);
  if (!rows.ok()) return Fail(rows.status());
  const archive::BacklogRow total = report::BacklogTotal(*rows);
  if (options.json) {
    std::cout << report::BacklogJson(*rows).dump(2) << "\n";
    return kExitOk;
  }
  if (rows->empty()) {
    std::cout << Text(Msg::kBooksNone) << "\n";
    return kExitOk;
  }
  std::cout << Text(Msg::kBacklogTitle) << "\n\n";
  // Agencies as every report names them, "Ủy ban nhân dân ... (000.31.22.H32)".
  size_t agency_width = 13;
  for (const auto& r : *rows) {
    size_t columns = 0;
    for (char c : report::AgencyLabel(r.agency_code, r.agency_name)) {
      columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    agency_width = std::max(agency_width, std::min<size_t>(60, columns));
  }
  auto line = [agency_width](std::string_view type, std::string_view agency, std::string_view year,
                             std::string_view books, std::string_view in_books,
                             std::string_view done, std::string_view keyed, std::string_view verified,
                             std::string_view progress, std::string_view remaining) {
    std::printf("%s %s %s %s %s %s %s %s %s %s\n", Column(type, 14).c_str(),
                Column(agency, agency_width).c_str(), Column(year, 5).c_str(),
                Column(books, 6, true).c_str(), Column(in_books, 10, true).c_str(),
                Column(done, 10, true).c_str(), Column(keyed, 8, true).c_str(),
                Column(verified, 11, true).c_str(), Column(progress, 22, true).c_str(),
                Column(remaining, 9, true).c_str());
  };
  line("Loại sổ", "Cơ quan", "Năm", "Số sổ", "Số mục", "Đã số hóa", "Đã nhập", "Đã xác minh", "Tiến độ",
       "Còn lại");
  for (const auto& r : *rows) {
    line(BookTypeName(r.type),
         r.agency_code.empty() ? "-" : report::AgencyLabel(r.agency_code, r.agency_name),
         r.year == 0 ? "-" : std::to_string(r.year), std::to_string(r.books),
         std::to_string(r.entries_in_books), std::to_string(r.entries_digitized),
         std::to_string(r.entries_keyed), std::to_string(r.entries_verified), RateText(r.progress),
         std::to_string(r.remaining));
  }
  line("Tổng cộng", "", "", std::to_string(total.books), std::to_string(total.entries_in_books),
       std::to_string(total.entries_digitized), std::to_string(total.entries_keyed),
       std::to_string(total.entries_verified), RateText(total.progress), std::to_string(total.remaining));
  return kExitOk;
}
// "12-40" or "7" → {12, 40} or {7, 7}; nullopt for anything else.
std::optional<std::pair<int, int>> ParsePages(const std::string& text) {
  const auto dash = text.find('-');
  try {
    std::size_t used = 0;
    const int first = std::stoi(text.substr(0, dash), &used);
    if (used != (dash == std::string::npos ? text.size() : dash)) return std::nullopt;
    int last = first;
    if (dash != std::string::npos) {
      const std::string rest = text.substr(dash + 1);
      last = std::stoi(rest, &used);
      if (used != rest.size()) return std::nullopt;
    }
    if (first < 1 || last < first) return std::nullopt;
    return std::make_pair(first, last);
  } catch (...) {
    return std::nullopt;
  }
}

int RunAssign(const GlobalOptions& options, const AssignArgs& args) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  archive::Keying keying(**catalog);
  if (args.remove) {
    auto list = keying.Assignments(args.book);
    if (!list.ok()) return Fail(list.status());
    int removed = 0;
    for (const archive::Assignment& a : *list) {
      if (a.user != args.user) continue;
      if (Status s = keying.Unassign(a.id, UserOrEnv(args.actor)); !s.ok()) return Fail(s);
      ++removed;
    }
    std::cout << Text(Msg::kAssignRemoved, {std::to_string(removed), args.book, args.user}) << "\n";
    return kExitOk;
  }
  const auto pages = ParsePages(args.pages);
  if (!pages) return Fail(InvalidArgument(Text(Msg::kAssignBadPages, {args.pages})));
  auto user = archive::FindUser(**catalog, args.user);
  if (!user.ok()) return Fail(user.status());
  if (!user->has_value()) return Fail(NotFound(Text(Msg::kKeyingNoSuchClerk, {args.user})));
  auto id = keying.Assign({0, args.book, pages->first, pages->second, args.user, UserOrEnv(args.actor), ""});
  if (!id.ok()) return Fail(id.status());
  std::cout << Text(Msg::kAssignDone, {args.book, std::to_string(pages->first), std::to_string(pages->second),
                                       args.user})
            << "\n";
  return kExitOk;
}

int RunMode(const GlobalOptions& options, const std::string& book, const std::string& mode_name,
            const std::string& actor) {
  const auto mode = archive::ParseKeyingMode(mode_name);
  if (!mode) return Fail(InvalidArgument("keying mode '" + mode_name + "': double or single"));
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  if (Status s = archive::Keying(**catalog).SetMode(book, *mode, UserOrEnv(actor)); !s.ok()) return Fail(s);
  std::cout << Text(*mode == archive::KeyingMode::kDouble ? Msg::kModeDouble : Msg::kModeSingle, {book}) << "\n";
  return kExitOk;
}

// `sohoa books keying [BOOK]`: each book's keying progress and each clerk's
// throughput and agreement.
int RunKeyingStatus(const GlobalOptions& options, const std::string& book) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  archive::Keying keying(**catalog);
  auto progress = keying.Progress(book);
  if (!progress.ok()) return Fail(progress.status());
  auto stats = keying.Stats(book);
  if (!stats.ok()) return Fail(stats.status());
  if (options.json) {
    nlohmann::json books = nlohmann::json::array(), clerks = nlohmann::json::array();
    for (const auto& p : *progress) {
      books.push_back({{"book", p.book_id}, {"mode", archive::KeyingModeName(p.mode)}, {"pages", p.pages},
                       {"slots", p.slots}, {"keyed_once", p.keyed_once}, {"differ", p.differ},
                       {"verified", p.verified},
                       {"entries_expected", p.entries_expected ? nlohmann::json(*p.entries_expected) : nullptr}});
    }
    for (const auto& c : *stats) {
      clerks.push_back({{"user", c.user}, {"keyed", c.keyed}, {"resolved", c.resolved}, {"compared", c.compared},
                        {"agreed", c.agreed}, {"seconds", c.seconds}, {"last_keyed_at", c.last_keyed_at}});
    }
    std::cout << nlohmann::json{{"books", books}, {"clerks", clerks}}.dump(2) << "\n";
    return kExitOk;
  }
  std::size_t id_width = 20;
  for (const auto& p : *progress) id_width = std::max(id_width, p.book_id.size());
  std::printf("%s %s %s %s %s %s %s\n", Column("Sổ", id_width).c_str(), Column("Cách nhập", 9).c_str(),
              Column("Trang", 6, true).c_str(), Column("Dòng", 7, true).c_str(),
              Column("Đã nhập 1 lần", 14, true).c_str(), Column("Khác nhau", 10, true).c_str(),
              Column("Đã xác minh", 12, true).c_str());
  for (const auto& p : *progress) {
    std::printf("%s %s %s %s %s %s %s\n", Column(p.book_id, id_width).c_str(),
                Column(p.mode == archive::KeyingMode::kDouble ? "2 lần" : "1 lần", 9).c_str(),
                Column(std::to_string(p.pages), 6, true).c_str(), Column(std::to_string(p.slots), 7, true).c_str(),
                Column(std::to_string(p.keyed_once), 14, true).c_str(),
                Column(std::to_string(p.differ), 10, true).c_str(),
                Column(std::to_string(p.verified), 12, true).c_str());
  }
  if (!stats->empty()) {
    std::printf("\n%s %s %s %s %s\n", Column("Người nhập", 16).c_str(), Column("Đã nhập", 8, true).c_str(),
                Column("Giây/mục", 9, true).c_str(), Column("Tỉ lệ khớp", 11, true).c_str(),
                Column("Quyết định", 11, true).c_str());
  }
  for (const auto& c : *stats) {
    char per[32] = "-", agree[32] = "-";
    if (c.keyed > 0) std::snprintf(per, sizeof per, "%.1f", c.seconds / static_cast<double>(c.keyed));
    if (c.compared > 0) {
      std::snprintf(agree, sizeof agree, "%.1f%%", 100.0 * static_cast<double>(c.agreed) / static_cast<double>(c.compared));
    }
    std::printf("%s %s %s %s %s\n", Column(c.user, 16).c_str(), Column(std::to_string(c.keyed), 8, true).c_str(),
                Column(per, 9, true).c_str(), Column(agree, 11, true).c_str(),
                Column(std::to_string(c.resolved), 11, true).c_str());
  }
  return kExitOk;
}

}  // namespace

void AddBooksCommands(CLI::App& app, GlobalOptions& options) {
  auto records = std::make_shared<RecordsArgs>();
  auto* cmd = app.add_subcommand(
      "records",
      "List civil-status register entries (one per registration) with their fields: no,\n"
      "registered, name, dob, sex, birthplace, mother, father, plus book, page, confidence.");
  cmd->add_option("--book", records->book, "Only the entries of this book");
  cmd->add_option("--search", records->search,
                  "Only entries whose fields hold these words (tone marks and đ optional)");
  cmd->add_option("--limit", records->limit, "At most this many entries")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_flag("--csv", records->csv,
                "With --book: the book's verified entries as CSV for a civil-status database\n"
                "import (so_ky_hieu, loai_so, quyen_so, nam_so, trang, dong, the form's fields:\n"
                "so_dang_ky, ngay_dang_ky, ho_ten, ngay_sinh, ..., trang_thai, anh_trang)");
  cmd->add_flag("--all", records->all, "With --csv: also the entries OCR read that nobody verified");
  AddJsonFlag(*cmd, options);
  cmd->callback([&options, records] {
    options.action = [&options, records] { return RunRecords(options, *records); };
  });

  auto* books = app.add_subcommand(
      "books", "Civil-status register books: the list of paper books and the backlog");
  books->require_subcommand(1);
  auto import_file = std::make_shared<std::string>();
  auto import_user = std::make_shared<std::string>();
  auto* import = books->add_subcommand(
      "import",
      "Load the list of paper register books with their sizes (CSV with a header row):\n"
      "ma_so (so_id, book_id: the id 'ingest --book' uses), so_muc (entries: entries in the\n"
      "book), and optionally loai (type: khai_sinh, ket_hon, khai_tu), co_quan (agency),\n"
      "nam (year), quyen (volume), xa (commune); Vietnamese headers (\"Mã sổ\", \"Số mục\")\n"
      "work too. A known book keeps what the file leaves empty. Bad rows are listed by\n"
      "line and skipped (exit code 1).");
  import->add_option("file", *import_file, "The list of books (CSV)")->required();
  import->add_option("--user", *import_user, "Who imports it (default: $USER)");
  AddJsonFlag(*import, options);
  import->callback([&options, import_file, import_user] {
    options.action = [&options, import_file, import_user] {
      return RunBooksImport(options, *import_file, *import_user);
    };
  });
  auto* backlog = books->add_subcommand(
      "backlog",
      "Civil-status backlog by book type, agency and year: entries digitized (read from\n"
      "scanned pages) against entries in the paper books ('books import' gives their sizes),\n"
      "as digitized/in books and a percentage, with what remains. Also part of\n"
      "'sohoa report --format html|pdf'.");
  AddJsonFlag(*backlog, options);
  backlog->callback([&options] { options.action = [&options] { return RunBacklog(options); }; });

  auto assign = std::make_shared<AssignArgs>();
  auto* assign_cmd = books->add_subcommand(
      "assign",
      "Hand pages of a book to a clerk for keying in the web workbench ('sohoa serve',\n"
      "Nhập liệu). Double keying (the default) needs the same pages given to two clerks;\n"
      "a third person decides where they differ. --remove takes the clerk's pages back.");
  assign_cmd->add_option("book", assign->book, "The book id")->required();
  assign_cmd->add_option("--pages", assign->pages, "Pages, e.g. 1-50 or 7");
  assign_cmd->add_option("--user", assign->user, "The clerk's user name")->required();
  assign_cmd->add_flag("--remove", assign->remove, "Take the clerk's pages of this book back");
  assign_cmd->add_option("--by", assign->actor, "Who hands them out (default: $USER)");
  assign_cmd->callback([&options, assign] {
    if (!assign->remove && assign->pages.empty()) {
      throw CLI::ValidationError("--pages", "give the pages (e.g. --pages 1-50), or --remove");
    }
    options.action = [&options, assign] { return RunAssign(options, *assign); };
  });

  auto mode_book = std::make_shared<std::string>();
  auto mode_name = std::make_shared<std::string>();
  auto mode_actor = std::make_shared<std::string>();
  auto* mode = books->add_subcommand(
      "mode",
      "Key a book twice by two clerks (double, the default: archive-grade) or once\n"
      "(single). Switching to single verifies the entries already keyed once.");
  mode->add_option("book", *mode_book, "The book id")->required();
  mode->add_option("mode", *mode_name, "double or single")->required()->check(CLI::IsMember({"double", "single"}));
  mode->add_option("--by", *mode_actor, "Who decides (default: $USER)");
  mode->callback([&options, mode_book, mode_name, mode_actor] {
    options.action = [&options, mode_book, mode_name, mode_actor] {
      return RunMode(options, *mode_book, *mode_name, *mode_actor);
    };
  });

  auto keying_book = std::make_shared<std::string>();
  auto* keying = books->add_subcommand(
      "keying",
      "Keying progress per book (entry rows, keyed once, differing, verified) and each\n"
      "clerk's entries, seconds per entry and agreement with the other keying.");
  keying->add_option("book", *keying_book, "Only this book");
  AddJsonFlag(*keying, options);
  keying->callback([&options, keying_book] {
    options.action = [&options, keying_book] { return RunKeyingStatus(options, *keying_book); };
  });

  // `sohoa ingest --book ID FOLDER`: the ingest subcommand sets its own
  // action; when --book was given, the app's callback (run after the
  // subcommand's) replaces it with the book ingest.
  CLI::App* ingest = app.get_subcommand_ptr("ingest").get();
  if (ingest == nullptr) return;
  auto book = std::make_shared<BookIngestArgs>();
  CLI::Option* book_option = ingest->add_option(
      "--book", book->book,
      "The folder is one civil-status register book with this id (pages in file-name order); "
      "its page header fills in type, commune, volume and year");
  app.callback([&options, book, book_option, ingest] {
    if (book_option->count() == 0) return;
    std::vector<std::string> paths;
    std::string tessdata;
    if (CLI::Option* p = ingest->get_option_no_throw("paths")) paths = p->as<std::vector<std::string>>();
    if (CLI::Option* t = ingest->get_option_no_throw("--tessdata"); t && t->count() > 0) {
      tessdata = t->as<std::string>();
    }
    options.action = [&options, book, paths, tessdata] {
      return RunBookIngest(options, *book, paths, tessdata);
    };
  });
}

}  // namespace sohoa::cli
