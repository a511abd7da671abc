// Civil-status register books: `sohoa records`, and `sohoa ingest --book ID
// FOLDER` (an option added to the ingest subcommand, so the dossier ingest
// code stays as it is).
#include <cstdio>
#include <iostream>

#include "archive/catalog.h"
#include "ingest/books.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

// The keys every record has in --json, in this order; a book's other
// columns (husband, wife, died, ...) follow.
constexpr const char* kRecordKeys[] = {"no",  "registered", "name",   "dob",
                                       "sex", "birthplace", "mother", "father"};

struct RecordsArgs {
  std::string book;
  std::string search;
  int limit = 1000;
};

struct BookIngestArgs {
  std::string book;
  bool ids_from_folders = false;
};

nlohmann::json RecordToJson(const archive::BookEntryRecord& e) {
  nlohmann::json j = nlohmann::json::object();
  for (const char* key : kRecordKeys) j[key] = e.Get(key);
  j["no"] = e.number.empty() ? e.Get("no") : e.number;
  for (const auto& f : e.fields) {
    if (!j.contains(f.name)) j[f.name] = f.value;
  }
  j["book"] = e.book_id;
  j["page"] = e.page;
  j["confidence"] = e.confidence;
  return j;
}

int RunRecords(const GlobalOptions& options, const RecordsArgs& args) {
  auto home = ResolveHome(options);
  if (!archive::HomeExists(home)) {
    return Fail(NotFound("no archive home at " + home.root.string() +
                         ": run 'sohoa init' or pass --home DIR (or set SOHOA_HOME)"));
  }
  auto catalog = archive::Catalog::Open(home.catalog(), false);
  if (!catalog.ok()) return Fail(catalog.status());
  if (!args.book.empty()) {
    auto book = (*catalog)->FindBook(args.book);
    if (!book.ok()) return Fail(book.status());
    if (!book->has_value()) return Fail(NotFound("no register book " + args.book));
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
    for (const auto& e : shown) out.push_back(RecordToJson(e));
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (shown.empty()) {
    std::cout << "No register entries" << (args.book.empty() ? "" : " in book " + args.book)
              << ".\n";
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
  std::printf("%zu entr%s\n", shown.size(), shown.size() == 1 ? "y" : "ies");
  return kExitOk;
}

int RunBookIngest(const GlobalOptions& options, const BookIngestArgs& args,
                  const std::vector<std::string>& paths, const std::string& tessdata) {
  auto home = ResolveHome(options);
  if (!archive::HomeExists(home)) {
    if (Status s = archive::InitHome(home); !s.ok()) return Fail(s);
    std::cerr << "Created home " << home.root.string() << "\n";
  }
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
    std::cout << nlohmann::json{{"book", s.book_id},
                                {"type", s.header.type},
                                {"commune", s.header.commune},
                                {"volume", s.header.volume},
                                {"year", s.header.year},
                                {"pages", s.pages},
                                {"entries", s.entries},
                                {"failures", failures},
                                {"seconds", s.seconds}}
                     .dump(2)
              << "\n";
  } else {
    std::printf("Book %s: %d page(s), %d entr%s in %.1f s (%.2f s/page)\n", s.book_id.c_str(),
                s.pages, s.entries, s.entries == 1 ? "y" : "ies", s.seconds,
                s.pages > 0 ? s.seconds / s.pages : 0.0);
    if (s.header.found()) {
      std::printf("  %s: %s, %s, quyển %s/%d\n", s.header.text.c_str(), s.header.type.c_str(),
                  s.header.commune.c_str(), s.header.volume.c_str(), s.header.year);
    }
    for (const auto& f : s.failures) {
      std::printf("  not read: %s%s: %s\n", f.path.string().c_str(),
                  f.page > 0 ? (" page " + std::to_string(f.page)).c_str() : "", f.reason.c_str());
    }
  }
  return s.failures.empty() ? kExitOk : kExitPartial;
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
  AddJsonFlag(*cmd, options);
  cmd->callback([&options, records] {
    options.action = [&options, records] { return RunRecords(options, *records); };
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
