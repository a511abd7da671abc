#include "archive/sqlite/search_tokenizer.h"

#include <sqlite3.h>

#include <string_view>

#include "archive/sqlite/search_rank.h"

namespace sohoa::archive::internal {
namespace {

// The tokenizer has no state: every instance is this one object.
int the_tokenizer = 0;

int Create(void*, const char**, int nargs, Fts5Tokenizer** out) {
  if (nargs != 0) return SQLITE_ERROR;
  *out = reinterpret_cast<Fts5Tokenizer*>(&the_tokenizer);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer*) {}

int Run(Fts5Tokenizer*, void* ctx, int flags, const char* text, int size,
        int (*token)(void*, int, const char*, int, int, int)) {
  const std::string_view input(text, static_cast<std::size_t>(size));
  auto emit = [&](const std::string& t, std::size_t begin, std::size_t end, bool colocated) {
    return token(ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, t.data(), static_cast<int>(t.size()),
                 static_cast<int>(begin), static_cast<int>(end));
  };
  const int rc = (flags & FTS5_TOKENIZE_QUERY) ? ForEachQueryToken(input, emit)
                                               : ForEachStoredToken(input, emit);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

}  // namespace

Status RegisterSearchTokenizer(Db& db) {
  SOHOA_ASSIGN_OR_RETURN(fts5_api * api, Fts5Api(db));
  static fts5_tokenizer tokenizer{Create, Delete, Run};
  if (api->xCreateTokenizer(api, "sohoa", nullptr, &tokenizer, nullptr) != SQLITE_OK) {
    return Internal("could not register the search tokenizer");
  }
  return Status::Ok();
}

}  // namespace sohoa::archive::internal
