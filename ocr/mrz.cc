#include "ocr/mrz.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <limits>
#include <optional>
#include <sstream>
#include <string_view>

#include "schema/text.h"

namespace sohoa::ocr {
namespace {

bool IsMrzChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'; }
bool IsLetter(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool AllDigits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit); }

// A name line has at most this many characters read as digits (its letters
// misread); the first two lines have 10 or more true digits.
constexpr int kNameLineDigitsAtMost = 3;

// ICAO 9303's check digit: values weighted 7, 3, 1 in turn, modulo 10;
// '<' counts 0, A-Z count 10-35.
int CheckDigit(std::string_view s) {
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const int v = IsDigit(c) ? c - '0' : IsLetter(c) ? c - 'A' + 10 : 0;
    sum += v * kWeights[i % 3];
  }
  return sum % 10;
}

// What it costs to believe digit `d` where `read` was read. In OCR-B the
// round digits pass for each other (a "0" read "6", "8" or "9") and so do
// the straight ones, and a "0" for a round letter; any other slip is rarer.
int Cost(char read, int d) {
  if (read == '0' + d) return 0;
  if (read == 'O' || read == 'o' || read == 'D' || read == 'Q') return d == 0 ? 1 : 2;
  static constexpr std::string_view kRound = "035689", kStraight = "147";
  const char c = static_cast<char>('0' + d);
  const bool alike = (kRound.find(read) != std::string_view::npos && kRound.find(c) != std::string_view::npos) ||
                     (kStraight.find(read) != std::string_view::npos && kStraight.find(c) != std::string_view::npos);
  return alike ? 1 : 2;
}

// A value is taken in place of what was read only when it is the one value
// that costs least, and costs at most this many (about three slips).
constexpr int kMostCost = 6;

// The first line as Vietnam's card writes it: "ID" "VNM", the document
// number (the citizen ID number's last 9 digits) and its check digit, then
// the 12-digit ID number, "<<" and its check digit.
bool IsVietnameseFirstLine(std::string_view l) {
  return l.size() == 30 && l.substr(0, 5) == "IDVNM" && AllDigits(l.substr(5, 10)) &&
         AllDigits(l.substr(15, 12)) && l.substr(27, 2) == "<<" && IsDigit(l[29]);
}

// A number printed on the card's face counts as two readings of the zone's:
// it is set large in the card's own type, where the zone's OCR-B round
// digits pass for each other so well that a "0" read "6" twice, in both
// copies of a number, can even leave both check digits right (6x7 + 6x3).
constexpr int kPrintedWeight = 2;

// The ID number that the first line's two copies, its two check digits and
// the 12-digit numbers printed elsewhere on the card agree on best: a search
// over the 12 digits keeping the two check sums.
struct Agreed {
  std::string value;
  int cost = 0;
};

std::optional<Agreed> BestCitizenId(std::string_view line, const std::vector<std::string>& printed) {
  static constexpr int kWeights[3] = {7, 3, 1};
  constexpr int kInf = std::numeric_limits<int>::max() / 4;
  struct Cell {
    int cost = kInf, ways = 0, from = -1, digit = -1;
  };
  // State: (document number's check sum, ID number's check sum), mod 10.
  std::array<std::array<Cell, 100>, 13> dp{};
  dp[0][0] = {0, 1, -1, -1};
  for (int i = 0; i < 12; ++i) {
    for (int s = 0; s < 100; ++s) {
      const Cell& at = dp[i][s];
      if (at.cost >= kInf) continue;
      for (int d = 0; d <= 9; ++d) {
        int cost = at.cost + Cost(line[15 + i], d);
        int doc_sum = s / 10, id_sum = s % 10;
        if (i >= 3) {
          cost += Cost(line[5 + i - 3], d);
          doc_sum = (doc_sum + d * kWeights[(i - 3) % 3]) % 10;
        }
        for (const std::string& p : printed) cost += kPrintedWeight * Cost(p[i], d);
        id_sum = (id_sum + d * kWeights[i % 3]) % 10;
        Cell& next = dp[i + 1][doc_sum * 10 + id_sum];
        if (cost < next.cost) {
          next = {cost, at.ways, s, d};
        } else if (cost == next.cost) {
          next.ways = std::min(2, next.ways + at.ways);
        }
      }
    }
  }
  int best = kInf, ways = 0, end = -1;
  for (int s = 0; s < 100; ++s) {
    if (dp[12][s].cost >= kInf) continue;
    const int cost = dp[12][s].cost + Cost(line[14], s / 10) + Cost(line[29], s % 10);
    if (cost < best) {
      best = cost, ways = dp[12][s].ways, end = s;
    } else if (cost == best) {
      ways += dp[12][s].ways;
    }
  }
  if (end < 0 || ways != 1 || best > kMostCost) return std::nullopt;
  std::string id(12, '0');
  for (int i = 12, s = end; i > 0; --i) {
    id[i - 1] = static_cast<char>('0' + dp[i][s].digit);
    s = dp[i][s].from;
  }
  return Agreed{id, best};
}

// The date (YYMMDD) that the six digits read, their check digit and the
// dates printed on the card (the nearest one counted, up to 3) agree on
// best, or nullopt.
std::optional<Agreed> BestDate(std::string_view read, char read_check,
                               const std::vector<std::string>& printed) {
  int best = std::numeric_limits<int>::max(), ways = 0;
  std::string best_date;
  char date[7] = {};
  for (int y = 0; y <= 99; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= 31; ++d) {
        std::snprintf(date, sizeof date, "%02d%02d%02d", y, m, d);
        int cost = Cost(read_check, CheckDigit(date));
        for (int k = 0; k < 6; ++k) cost += Cost(read[k], date[k] - '0');
        int nearest = 3;
        for (const std::string& p : printed) {
          int c = 0;
          for (int k = 0; k < 6; ++k) c += Cost(p[k], date[k] - '0');
          nearest = std::min(nearest, c);
        }
        cost += nearest;
        if (cost < best) {
          best = cost, ways = 1, best_date = date;
        } else if (cost == best) {
          ++ways;
        }
      }
    }
  }
  if (ways != 1 || best > kMostCost) return std::nullopt;
  return Agreed{best_date, best};
}

// A full name printed in capitals ("LÊ HỮU PHONG") written as the name line
// writes it: folded, "LE<<HUU<PHONG", padded with '<' to 30.
std::optional<std::string> NameLineOf(std::string_view printed) {
  if (UpperKeepMarks(printed) != printed) return std::nullopt;
  std::istringstream in(FoldForSearch(printed));
  std::vector<std::string> words;
  for (std::string w; in >> w;) {
    if (!std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return std::nullopt;
    words.push_back(w);
  }
  if (words.size() < 2 || words.size() > 7) return std::nullopt;
  std::string line = words[0] + "<";
  for (std::size_t i = 1; i < words.size(); ++i) line += "<" + words[i];
  for (char& c : line) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  line.resize(30, '<');
  return line;
}

// A word as a name line would read without the model's slips: digits as
// the letters they pass for, and whatever no zone holds (a Vietnamese
// letter the model made up, punctuation) dropped.
std::string AsNameLine(std::string_view w) {
  std::string out;
  for (char c : w) {
    if (c == '0') c = 'O';
    if (c == '1') c = 'I';
    if (c == '5') c = 'S';
    if (c == '8') c = 'B';
    if (IsLetter(c) || c == '<') out += c;
  }
  return out;
}

// A word that looks like a name line as read: near 30 long, letters, '<'
// and a few slips, "<<" inside and a tail of '<'.
bool LooksLikeNameLine(std::string_view w) {
  const std::string line = AsNameLine(w);
  if (line.size() < 26 || line.size() > 34 || line.find("<<") == std::string::npos ||
      line.substr(line.size() - 3) != "<<<" || !IsLetter(w[0])) {
    return false;
  }
  const auto digits = std::count_if(w.begin(), w.end(), IsDigit);
  return digits <= kNameLineDigitsAtMost && w.size() - line.size() <= 8;
}

// What the card prints besides its zone: 12-digit numbers, dates as YYMMDD,
// and lines that could be a full name, as name lines.
struct Printed {
  std::vector<std::string> numbers, dates, names;
};

Printed ReadPrinted(const std::string& text) {
  Printed out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    // Any run of two to seven words in capitals may be the name: the line
    // may hold a speck read as a word before it ("đế TRẦN THANH MINH").
    std::istringstream split(line);
    std::vector<std::string> line_words;
    for (std::string w; split >> w;) line_words.push_back(w);
    for (std::size_t first = 0; first < line_words.size(); ++first) {
      std::string run = line_words[first];
      for (std::size_t last = first + 1; last < line_words.size() && last < first + 7; ++last) {
        run += " " + line_words[last];
        if (auto name = NameLineOf(run)) out.names.push_back(*name);
      }
    }
    std::istringstream words(line);
    for (std::string w; words >> w;) {
      while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.back())) && w.back() != '<') w.pop_back();
      if (w.size() == 12 && AllDigits(w)) out.numbers.push_back(w);
      // dd/mm/yyyy
      if (w.size() == 10 && w[2] == '/' && w[5] == '/' && AllDigits(w.substr(0, 2)) &&
          AllDigits(w.substr(3, 2)) && AllDigits(w.substr(6, 4))) {
        out.dates.push_back(w.substr(8, 2) + w.substr(3, 2) + w.substr(0, 2));
      }
    }
  }
  return out;
}

// A word as the zone's characters: a Vietnamese vowel the model put in
// for a round "0" is an "O", any other letter outside the zone a '?'.
std::string AsZoneChars(std::string_view word) {
  static constexpr std::u32string_view kRoundVowels = U"ÔôÒòÓóÕõỌọỎỏƠơÖö";
  std::string out;
  for (char32_t c : CodePoints(word)) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += kRoundVowels.find(c) != std::u32string_view::npos ? 'O' : '?';
    }
  }
  return out;
}

// The line as read, and with each one character dropped: Tesseract now and
// then reads one more character than the zone's 30 ("6" twice).
std::vector<std::pair<std::string, int>> Readings(const std::string& line, std::size_t drop_from,
                                                  std::size_t drop_to) {
  std::vector<std::pair<std::string, int>> out;
  if (line.size() == 30) out.emplace_back(line, 0);
  if (line.size() == 31) {
    for (std::size_t at = drop_from; at <= drop_to && at < line.size(); ++at) {
      std::string dropped = line;
      dropped.erase(at, 1);
      out.emplace_back(std::move(dropped), 1);
    }
  }
  return out;
}

// The first line, roughly: "IDVNM" ("I" read "T", "1" or "L"), mostly
// digits, 30 characters or one more.
bool LooksLikeFirstLine(std::string_view z) {
  return (z.size() == 30 || z.size() == 31) && z.substr(1, 4) == "DVNM" &&
         std::string_view("ITL1").find(z[0]) != std::string_view::npos &&
         std::count_if(z.begin() + 5, z.end(), IsDigit) >= 20;
}

void MendFirstLine(std::string& word, const Printed& printed) {
  const std::string z = AsZoneChars(word);
  if (!LooksLikeFirstLine(z)) return;
  std::optional<Agreed> best;
  bool tie = false;
  for (const auto& [line, dropped] : Readings(z, 5, 28)) {
    if (line.substr(27, 2) != "<<") continue;
    std::vector<std::string> near;
    for (const std::string& p : printed.numbers) {
      int cost = 0;
      for (int i = 0; i < 12; ++i) cost += Cost(line[15 + i], p[i] - '0');
      if (cost <= kMostCost) near.push_back(p);
    }
    auto id = BestCitizenId(line, near);
    if (!id) continue;
    id->cost += dropped;
    if (!best || id->cost < best->cost) {
      best = id, tie = false;
    } else if (id->cost == best->cost && id->value != best->value) {
      tie = true;
    }
  }
  if (!best || tie || best->cost > kMostCost) return;
  const std::string& id = best->value;
  const std::string document = id.substr(3);
  word = "IDVNM" + document + static_cast<char>('0' + CheckDigit(document)) + id + "<<" +
         static_cast<char>('0' + CheckDigit(id));
}

// The second line: birth date and check, sex, expiry and check, "VNM",
// optional data, then the check over both lines' numbers.
bool IsDatesLine(std::string_view l) {
  return l.size() == 30 && AllDigits(l.substr(0, 7)) && AllDigits(l.substr(8, 7)) &&
         IsLetter(l[15]) && IsDigit(l[29]);
}

// The second line, roughly: its dates, sex and nationality where they
// belong, 30 characters or one more.
bool LooksLikeDatesLine(std::string_view z) {
  if (z.size() != 30 && z.size() != 31) return false;
  const std::size_t state = z.find("VNM");
  return (state == 15 || state == 16) && std::count_if(z.begin(), z.begin() + static_cast<long>(state), IsDigit) >= 11;
}

void MendDatesLine(std::string& word, const Printed& printed) {
  const std::string z = AsZoneChars(word);
  if (!LooksLikeDatesLine(z)) return;
  std::optional<Agreed> best;
  bool tie = false;
  for (const auto& [line, dropped] : Readings(z, 0, 15)) {
    if (line.substr(15, 3) != "VNM" || std::string_view("MF<").find(line[7]) == std::string_view::npos) {
      continue;
    }
    std::string mended = line;
    int cost = dropped;
    bool whole = true;
    for (std::size_t at : {std::size_t{0}, std::size_t{8}}) {
      const auto date = BestDate(std::string_view(line).substr(at, 6), line[at + 6], printed.dates);
      if (!date) {
        // Left as read: only a line of the zone's own length.
        whole = false;
        if (dropped) break;
        continue;
      }
      mended.replace(at, 6, date->value);
      mended[at + 6] = static_cast<char>('0' + CheckDigit(date->value));
      cost += date->cost;
    }
    if (!whole && dropped) continue;
    if (!best || cost < best->cost) {
      best = Agreed{mended, cost}, tie = false;
    } else if (cost == best->cost && mended != best->value) {
      tie = true;
    }
  }
  if (!best || tie) return;
  word = best->value;
}

// The check over both lines, once each of their fields checks.
void MendCompositeCheck(const std::string& first, std::string& dates) {
  if (!IsVietnameseFirstLine(first) || !IsDatesLine(dates)) return;
  const bool fields_check = first[14] - '0' == CheckDigit(std::string_view(first).substr(5, 9)) &&
                            first[29] - '0' == CheckDigit(std::string_view(first).substr(15, 12)) &&
                            dates[6] - '0' == CheckDigit(std::string_view(dates).substr(0, 6)) &&
                            dates[14] - '0' == CheckDigit(std::string_view(dates).substr(8, 6));
  if (!fields_check) return;
  const int composite = CheckDigit(first.substr(5) + dates.substr(0, 7) + dates.substr(8, 7) + dates.substr(18, 11));
  if (Cost(dates[29], composite) <= 1) dates[29] = static_cast<char>('0' + composite);
}

void MendNameLine(std::string& line, const Printed& printed) {
  if (!LooksLikeNameLine(line)) return;
  int best = std::numeric_limits<int>::max(), ways = 0;
  const std::string* best_name = nullptr;
  const std::string read = AsNameLine(line);
  for (const std::string& name : printed.names) {
    const int d = EditDistance(read, name);
    if (d < best) {
      best = d, ways = 1, best_name = &name;
    } else if (d == best && name != *best_name) {
      ++ways;
    }
  }
  if (!best_name || ways != 1 || *best_name == line) return;
  const auto letters = std::count_if(best_name->begin(), best_name->end(), IsLetter);
  if (best > std::max<long>(2, letters / 4)) return;
  line = *best_name;
}

}  // namespace

std::string MendMrzLine(const std::string& word) {
  const std::size_t n = word.size();
  if ((n != 30 && n != 36 && n != 44) || !std::all_of(word.begin(), word.end(), IsMrzChar) ||
      word.find("<<") == std::string::npos) {
    return word;
  }
  std::string out = word;
  const auto digits = std::count_if(out.begin(), out.end(), IsDigit);
  if (digits <= kNameLineDigitsAtMost) {
    for (char& c : out) {
      if (c == '0') c = 'O';
      if (c == '1') c = 'I';
      if (c == '5') c = 'S';
      if (c == '8') c = 'B';
    }
    return out;
  }
  // The first line: a document code (a letter, then a letter or '<'), the
  // issuing state's three letters, then the document number.
  const bool first_line = (IsLetter(out[1]) || out[1] == '<') && IsLetter(out[2]) &&
                          IsLetter(out[3]) && IsLetter(out[4]);
  if (first_line && (out[0] == 'T' || out[0] == '1' || out[0] == 'L')) out[0] = 'I';
  return out;
}

void MendMrz(std::string& text, std::vector<Word>& words) {
  std::vector<std::string> mended;
  mended.reserve(words.size());
  for (const Word& w : words) mended.push_back(MendMrzLine(w.text));
  // What the card prints is read once, and only on a page with a zone.
  std::optional<Printed> read;
  auto printed = [&]() -> const Printed& {
    if (!read) read = ReadPrinted(text);
    return *read;
  };
  std::string* first = nullptr;
  for (std::string& m : mended) {
    const std::string z = AsZoneChars(m);
    if (LooksLikeFirstLine(z)) {
      MendFirstLine(m, printed());
      first = &m;
    } else if (LooksLikeDatesLine(z)) {
      MendDatesLine(m, printed());
      if (first) MendCompositeCheck(*first, m);
    } else if (LooksLikeNameLine(m)) {
      MendNameLine(m, printed());
    }
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    Word& w = words[i];
    if (mended[i] == w.text) continue;
    // The word stands whole in the text: between spaces or line ends.
    for (std::size_t at = text.find(w.text); at != std::string::npos; at = text.find(w.text, at + 1)) {
      const std::size_t end = at + w.text.size();
      const bool whole = (at == 0 || text[at - 1] == ' ' || text[at - 1] == '\n') &&
                         (end == text.size() || text[end] == ' ' || text[end] == '\n');
      if (whole) {
        text.replace(at, w.text.size(), mended[i]);
        break;
      }
    }
    w.text = std::move(mended[i]);
  }
}

}  // namespace sohoa::ocr
