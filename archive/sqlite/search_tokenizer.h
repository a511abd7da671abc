// The FTS5 tokenizer of sohoa's search index (page_search, schema 6),
// "sohoa": the tokens of archive/internal/search_tokens.h, which says what
// a stored text and a MATCH's quoted strings give, handed to FTS5.
// Internal to archive/: registered on each catalog connection before the
// schema is touched.
#pragma once

#include "archive/internal/search_tokens.h"
#include "archive/sqlite/sqlite_db.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

// Registers "sohoa" with the connection's FTS5.
Status RegisterSearchTokenizer(Db& db);

}  // namespace sohoa::archive::internal
