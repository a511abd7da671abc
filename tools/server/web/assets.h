// The web interface's files (HTML, CSS, JS), compiled into the binary so the
// server needs nothing beside it. tools/server/web/CMakeLists.txt generates
// the table from the files in this folder; editing one rebuilds it.
#pragma once

#include <string_view>

namespace sohoa::server::web {

struct Asset {
  std::string_view path;        // as requested: "/", "/static/app.js"
  std::string_view media_type;  // "text/javascript; charset=utf-8"
  std::string_view body;
};

// The asset served at `path`: "/" and "/index.html" are the page,
// "/static/..." the files under static/. nullptr if there is none (the query
// string, if any, must be cut off before).
const Asset* FindAsset(std::string_view path);

}  // namespace sohoa::server::web
