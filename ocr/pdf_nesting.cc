#include "ocr/pdf_nesting.h"

#include <string>

namespace sohoa::ocr {
namespace {

bool IsDelimiterOrSpace(char c) {
  switch (c) {
    case ' ': case '\t': case '\r': case '\n': case '\f': case '\0':
    case '(': case ')': case '<': case '>': case '[': case ']': case '{': case '}':
    case '/': case '%':
      return true;
    default:
      return false;
  }
}

// Does the keyword `word` stand at `i` as a token of its own?
bool KeywordAt(std::string_view s, size_t i, std::string_view word) {
  if (s.compare(i, word.size(), word) != 0) return false;
  if (i > 0 && !IsDelimiterOrSpace(s[i - 1])) return false;
  const size_t end = i + word.size();
  return end >= s.size() || IsDelimiterOrSpace(s[end]);
}

// The index just past the literal string that opens at `i` ("(...)", with
// balanced parentheses and backslash escapes).
size_t SkipLiteralString(std::string_view s, size_t i) {
  int depth = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') {
      ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return i + 1;
    }
  }
  return s.size();
}

}  // namespace

Status CheckPdfNesting(std::string_view s, int max_depth) {
  int depth = 0;
  int deepest = 0;
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '%') {
      while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
    } else if (c == '(') {
      i = SkipLiteralString(s, i);
    } else if (c == '<' && i + 1 < s.size() && s[i + 1] == '<') {
      ++depth;
      i += 2;
    } else if (c == '>' && i + 1 < s.size() && s[i + 1] == '>') {
      if (depth > 0) --depth;
      i += 2;
    } else if (c == '<') {
      const size_t close = s.find('>', i + 1);  // a hex string
      i = close == std::string_view::npos ? s.size() : close + 1;
    } else if (c == '[') {
      ++depth;
      ++i;
    } else if (c == ']') {
      if (depth > 0) --depth;
      ++i;
    } else if (c == 's' && KeywordAt(s, i, "stream")) {
      // A stream's bytes are data, not syntax: go to its end marker.
      const size_t end = s.find("endstream", i + 6);
      i = end == std::string_view::npos ? s.size() : end + 9;
    } else if (c == 'e' && KeywordAt(s, i, "endobj")) {
      depth = 0;  // whatever a damaged object left open ends with it
      i += 6;
    } else {
      ++i;
    }
    if (depth > deepest) {
      deepest = depth;
      if (deepest > max_depth) {
        return Corrupt("the PDF is malformed: its objects are nested too deeply (more than " +
                       std::to_string(max_depth) +
                       " levels; scans use fewer than ten), as in files built to crash PDF "
                       "readers. Print or export the document to a new PDF, or scan the paper "
                       "again, and drop the new file in the inbox");
      }
    }
  }
  return Status::Ok();
}

}  // namespace sohoa::ocr
