#include "ingest/page_lines.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "schema/date.h"
#include "schema/text.h"

namespace sohoa::ingest {
namespace {

std::vector<std::string> SplitSpaces(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ' ' || c == '\t' || c == '\r') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// A day of the calendar, in the years a register book can be from.
bool IsRealDate(int y, int m, int d) { return y >= 1900 && y <= 2100 && IsRealDay(y, m, d); }

std::string Iso(int y, int m, int d) { return IsoDay({y, m, d}); }

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string Normalize(std::string_view text) {
  std::string folded = FoldForSearch(text);
  std::string out;
  for (char c : folded) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Box Union(const Box& a, const Box& b) {
  if (a.w <= 0 || a.h <= 0) return b;
  if (b.w <= 0 || b.h <= 0) return a;
  int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  int x1 = std::max(a.x + a.w, b.x + b.w), y1 = std::max(a.y + a.h, b.y + b.h);
  return {x0, y0, x1 - x0, y1 - y0};
}

std::string Line::Value() const {
  std::string out;
  for (size_t i = value_start; i < tokens.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += tokens[i].text;
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ';' || out.back() == ',')) {
    out.pop_back();
  }
  return ToNfc(out);
}

Box Line::ValueBox() const {
  Box box;
  for (size_t i = value_start; i < tokens.size(); ++i) box = Union(box, tokens[i].box);
  return box;
}

float Line::ValueConfidence() const {
  float sum = 0;
  int n = 0;
  for (size_t i = value_start; i < tokens.size(); ++i) {
    if (tokens[i].box.w <= 0) continue;
    sum += tokens[i].confidence;
    ++n;
  }
  return n == 0 ? 0.8f : sum / static_cast<float>(n) / 100.0f;
}

std::vector<Line> LinesOf(std::string_view text, std::span<const Word> words) {
  std::vector<Line> lines;
  size_t next_word = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    Line line;
    line.text = std::string(raw);
    for (auto& t : SplitSpaces(raw)) {
      Token token;
      token.text = std::move(t);
      // Words come in the order the text was written; look a little ahead
      // so one unmatched word does not lose the rest of the page.
      for (size_t k = next_word; k < words.size() && k < next_word + 6; ++k) {
        if (words[k].text == token.text) {
          token.box = words[k].box;
          token.confidence = words[k].confidence;
          next_word = k + 1;
          break;
        }
      }
      line.tokens.push_back(std::move(token));
    }
    line.value_start = line.tokens.size();
    size_t colon = line.text.find(':');
    if (colon != std::string::npos) {
      line.label = Normalize(std::string_view(line.text).substr(0, colon));
      // The value begins at the first token after the one holding the ':'.
      size_t seen = 0;
      for (size_t i = 0; i < line.tokens.size(); ++i) {
        seen = line.text.find(line.tokens[i].text, seen);
        size_t token_end = seen + line.tokens[i].text.size();
        if (token_end > colon) {
          // "Bà:NGUYỄN" keeps its value glued to the colon.
          const std::string& tt = line.tokens[i].text;
          size_t in = colon - seen;
          if (in + 1 < tt.size()) {
            line.tokens[i].text = tt.substr(in + 1);
            line.value_start = i;
          } else {
            line.value_start = i + 1;
          }
          break;
        }
        seen = token_end;
      }
    }
    if (!line.tokens.empty()) lines.push_back(std::move(line));
    if (end == text.size()) break;
  }
  return lines;
}

std::optional<std::string> FindDate(std::string_view text) {
  // dd/mm/yyyy (also with '-' or '.')
  for (size_t i = 0; i + 10 <= text.size(); ++i) {
    std::string_view s = text.substr(i, 10);
    if ((s[2] == '/' || s[2] == '-' || s[2] == '.') && s[5] == s[2] && AllDigits(s.substr(0, 2)) &&
        AllDigits(s.substr(3, 2)) && AllDigits(s.substr(6, 4))) {
      if (i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1]))) continue;
      int d = std::stoi(std::string(s.substr(0, 2))), m = std::stoi(std::string(s.substr(3, 2)));
      int y = std::stoi(std::string(s.substr(6, 4)));
      if (IsRealDate(y, m, d)) return Iso(y, m, d);
    }
  }
  // ngày 14 tháng 5 năm 2023
  std::string n = Normalize(text);
  std::vector<std::string> t = SplitSpaces(n);
  for (size_t i = 0; i + 5 < t.size(); ++i) {
    if (t[i] == "ngay" && AllDigits(t[i + 1]) && t[i + 2] == "thang" && AllDigits(t[i + 3]) &&
        t[i + 4] == "nam" && AllDigits(t[i + 5]) && t[i + 1].size() <= 2 && t[i + 3].size() <= 2 &&
        t[i + 5].size() == 4) {
      int d = std::stoi(t[i + 1]), m = std::stoi(t[i + 3]), y = std::stoi(t[i + 5]);
      if (IsRealDate(y, m, d)) return Iso(y, m, d);
    }
  }
  return std::nullopt;
}

int EditDistance(std::string_view a, std::string_view b, int cap) {
  if (static_cast<int>(a.size()) - static_cast<int>(b.size()) > cap ||
      static_cast<int>(b.size()) - static_cast<int>(a.size()) > cap) {
    return cap + 1;
  }
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], cap + 1);
}

}  // namespace sohoa::ingest
