#include "ocr/fixed_text.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <sstream>

#include "schema/text.h"

namespace sohoa::ocr {
namespace {

// Phrases shorter than this (in characters) are too short to tell from a
// value by one slip.
constexpr std::size_t kShortestPhrase = 9;
// One character in this many may differ.
constexpr std::size_t kCharactersPerSlip = 6;
// A run of one word more or fewer than its phrase differs in length by at
// most this many characters.
constexpr long kMostSpacesMoved = 2;

std::vector<std::string> SplitWords(std::string_view phrase) {
  std::istringstream in{std::string(phrase)};
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

struct Phrase {
  std::vector<std::string> words;
  std::vector<char32_t> points;
  int most_slips = 0;
};

// Word for word, each word read is within half its length of the phrase's
// (at least one slip): "VIẾT" for "VIET", never another word in its place
// ("HUYỆN" for "NAM", the heading's last word read on the next line).
bool EachWordNear(const std::vector<Word>& words, std::size_t start, const Phrase& phrase) {
  for (std::size_t k = 0; k < phrase.words.size(); ++k) {
    const std::vector<char32_t> want = CodePoints(phrase.words[k]);
    const int most = std::max<int>(1, static_cast<int>(want.size() / 2));
    if (EditDistance(CodePoints(words[start + k].text), want) > most) return false;
  }
  return true;
}

// A word more or fewer: the run and the phrase differ, spaces aside, by at
// most kMostSpacesMoved characters ("Date oexpiry", "fìn ger"), never by a
// word read in place of the phrase's own ("BẢN TM. ỦY" for "BẢN CHÍNH").
bool SameBarSpaces(const std::vector<char32_t>& run, const std::vector<char32_t>& phrase) {
  auto unspaced = [](const std::vector<char32_t>& points) {
    std::vector<char32_t> out;
    for (char32_t c : points) {
      if (c != U' ') out.push_back(c);
    }
    return out;
  };
  return EditDistance(unspaced(run), unspaced(phrase)) <= kMostSpacesMoved;
}

// Where each word stands in the text, read in order; npos for a word the
// text does not hold whole after the one before.
std::vector<std::size_t> WordOffsets(const std::string& text, const std::vector<Word>& words) {
  std::vector<std::size_t> at(words.size(), std::string::npos);
  std::size_t cursor = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i].text;
    for (std::size_t p = text.find(w, cursor); p != std::string::npos; p = text.find(w, p + 1)) {
      const std::size_t end = p + w.size();
      const bool whole = (p == 0 || std::isspace(static_cast<unsigned char>(text[p - 1]))) &&
                         (end == text.size() || std::isspace(static_cast<unsigned char>(text[end])));
      if (whole) {
        at[i] = p;
        cursor = end;
        break;
      }
    }
  }
  return at;
}

struct Match {
  std::size_t start = 0, count = 0;
  const Phrase* phrase = nullptr;
};

}  // namespace

const std::vector<std::string_view>& FixedPhrases() {
  static const std::vector<std::string_view> kPhrases = {
      // Every administrative document's heading, and a commune's signer
      // (Nghị định 30/2020/NĐ-CP).
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "TM. ỦY BAN NHÂN DÂN",
      // The one-stop shop's receipt, Mẫu số 01 (Thông tư 01/2018/TT-VPCP).
      "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
      "Nội dung yêu cầu giải quyết:",
      "Thành phần hồ sơ nộp gồm:",
      "Số lượng hồ sơ:",
      "Thời gian giải quyết hồ sơ theo quy định là:",
      "Thời gian nhận hồ sơ:",
      "Thời gian trả kết quả giải quyết hồ sơ:",
      "Đăng ký nhận kết quả tại:",
      "Vào Sổ theo dõi hồ sơ,",
      "NGƯỜI NỘP HỒ SƠ",
      "NGƯỜI TIẾP NHẬN HỒ SƠ",
      "(Ký và ghi rõ họ tên)",
      // A request's signature line (civil status forms, Thông tư
      // 04/2020/TT-BTP) and a certified copy's (Nghị định 23/2015/NĐ-CP).
      "(Ký, ghi rõ họ, chữ đệm, tên)",
      "CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH",
      // The citizen identity card, front and back (Thông tư 06/2021/TT-BCA).
      "SOCIALIST REPUBLIC OF VIET NAM",
      "Independence - Freedom - Happiness",
      "CĂN CƯỚC CÔNG DÂN",
      "Citizen Identity Card",
      "Họ và tên / Full name:",
      "Ngày sinh / Date of birth:",
      "Giới tính / Sex:",
      "Quốc tịch / Nationality:",
      "Quê quán / Place of origin:",
      "Nơi thường trú / Place of residence:",
      "Có giá trị đến:",
      "Date of expiry",
      "Đặc điểm nhân dạng / Personal identification:",
      "Ngày, tháng, năm / Date, month, year:",
      "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
      "Ngón trỏ trái",
      "Ngón trỏ phải",
      "Left index finger",
      "Right index finger",
  };
  return kPhrases;
}

void MendFixedText(std::string& text, std::vector<Word>& words,
                   const std::vector<std::string_view>& phrases) {
  std::vector<Phrase> known;
  for (std::string_view p : phrases) {
    Phrase phrase{SplitWords(p), CodePoints(ToNfc(p)), 0};
    if (phrase.points.size() < kShortestPhrase || phrase.words.empty()) continue;
    phrase.most_slips = static_cast<int>(phrase.points.size() / kCharactersPerSlip);
    known.push_back(std::move(phrase));
  }
  // The closest phrase to a run of words from `start`, if any is close.
  struct Best {
    Match match;
    int distance = 0, ties = 0;
  };
  // Each word's characters, decoded once: most runs are told apart from
  // every phrase by their length alone.
  std::vector<std::vector<char32_t>> word_points;
  word_points.reserve(words.size());
  for (const Word& w : words) word_points.push_back(CodePoints(w.text));
  auto best_at = [&](std::size_t start) {
    Best best;
    for (const Phrase& phrase : known) {
      const std::size_t m = phrase.words.size();
      long length = -1;  // the run's characters, with a space between words
      for (std::size_t count = 1; count <= m + 1 && start + count <= words.size(); ++count) {
        length += 1 + static_cast<long>(word_points[start + count - 1].size());
        if (count + 1 < m) continue;
        const auto length_gap = std::labs(length - static_cast<long>(phrase.points.size()));
        if (length_gap > phrase.most_slips) continue;
        // A word more or fewer is a word broken or run together, a space
        // or two, never a word dropped or read elsewhere on the page.
        if (count != m && length_gap > kMostSpacesMoved) continue;
        std::vector<char32_t> points = word_points[start];
        for (std::size_t k = start + 1; k < start + count; ++k) {
          points.push_back(U' ');
          points.insert(points.end(), word_points[k].begin(), word_points[k].end());
        }
        const int distance = EditDistance(points, phrase.points);
        if (distance > phrase.most_slips) continue;
        if (count == m ? !EachWordNear(words, start, phrase) : !SameBarSpaces(points, phrase.points)) continue;
        if (!best.match.phrase || distance < best.distance) {
          best = {{start, count, &phrase}, distance, 0};
        } else if (distance == best.distance && &phrase != best.match.phrase) {
          ++best.ties;
        }
      }
    }
    return best;
  };
  // The runs to replace, found left to right, none overlapping. A run is
  // not begun on a word the next run fits better without (a word read
  // before the phrase is not swallowed by it).
  std::vector<Match> matches;
  for (std::size_t start = 0; start < words.size();) {
    const Best best = best_at(start);
    if (!best.match.phrase) {
      ++start;
      continue;
    }
    if (best.distance > 0 && start + 1 < words.size()) {
      const Best next = best_at(start + 1);
      if (next.match.phrase && next.distance < best.distance) {
        ++start;
        continue;
      }
    }
    if (best.distance > 0 && best.ties == 0) matches.push_back(best.match);
    start += best.match.count;
  }
  if (matches.empty()) return;
  const std::vector<std::size_t> offsets = WordOffsets(text, words);
  // From the last run back, so that earlier offsets stay right.
  for (auto it = matches.rbegin(); it != matches.rend(); ++it) {
    const Match& match = *it;
    const std::vector<std::string>& phrase = match.phrase->words;
    const std::size_t first = match.start, last = match.start + match.count - 1;
    bool placed = true;
    for (std::size_t k = first; k <= last; ++k) placed = placed && offsets[k] != std::string::npos;
    if (match.count == phrase.size()) {
      // Word for word; the text keeps its spaces and line ends.
      for (std::size_t k = last + 1; k-- > first;) {
        if (placed) text.replace(offsets[k], words[k].text.size(), phrase[k - first]);
        words[k].text = phrase[k - first];
      }
      continue;
    }
    std::string whole = phrase[0];
    for (std::size_t k = 1; k < phrase.size(); ++k) whole += " " + phrase[k];
    if (placed) text.replace(offsets[first], offsets[last] + words[last].text.size() - offsets[first], whole);
    // The run's words become the phrase's: the last takes what is left over,
    // or the run's last words are merged into it.
    if (match.count < phrase.size()) {
      for (std::size_t k = first; k < last; ++k) words[k].text = phrase[k - first];
      std::string rest = phrase[match.count - 1];
      for (std::size_t k = match.count; k < phrase.size(); ++k) rest += " " + phrase[k];
      words[last].text = rest;
    } else {
      for (std::size_t k = first; k < last; ++k) words[k].text = phrase[k - first];
      Word& end = words[last - 1];
      const Box& extra = words[last].box;
      const int right = std::max(end.box.x + end.box.w, extra.x + extra.w);
      const int bottom = std::max(end.box.y + end.box.h, extra.y + extra.h);
      end.box.x = std::min(end.box.x, extra.x);
      end.box.y = std::min(end.box.y, extra.y);
      end.box.w = right - end.box.x;
      end.box.h = bottom - end.box.y;
      words.erase(words.begin() + static_cast<std::ptrdiff_t>(last));
    }
  }
}

}  // namespace sohoa::ocr
