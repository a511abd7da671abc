// Vietnamese text helpers shared by every module.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sohoa {

// Canonical composed form (NFC). Invalid UTF-8 bytes are replaced by U+FFFD.
std::string ToNfc(std::string_view utf8);

// Folds case, tone marks and other diacritics, and đ/Đ → d, so that
// "NGUYỄN VĂN ĐỨC" and "nguyen van duc" fold to the same string.
// đ has no Unicode decomposition, hence the explicit mapping.
std::string FoldForSearch(std::string_view utf8);

// Lower-cases with diacritics kept ("ĐỨC" → "đức").
std::string LowerKeepMarks(std::string_view utf8);

// Upper-cases with diacritics kept ("Nguyễn" → "NGUYỄN"), NFC.
std::string UpperKeepMarks(std::string_view utf8);

// UTF-8 to code points; a malformed byte becomes U+FFFD.
std::vector<char32_t> CodePoints(std::string_view utf8);

// Levenshtein distance (an insertion, deletion or substitution costs 1)
// between two strings' bytes, or between two runs of code points.
int EditDistance(std::string_view a, std::string_view b);
int EditDistance(const std::vector<char32_t>& a, const std::vector<char32_t>& b);

// Text for XML, XHTML and SVG content and attribute values: & < > " ' as
// references, CR as &#13; (a parser would turn a literal CR into LF), and
// the other control characters XML 1.0 cannot hold dropped (\n, \t kept).
std::string EscapeXml(std::string_view text);

}  // namespace sohoa
