// Internal to ocr/: the text Vietnamese administrative paper prints the
// same on every copy, mended where Tesseract read it a little wrong. The
// national heading and motto head every administrative document (Nghị
// định 30/2020/NĐ-CP); the one-stop shop's receipt is a form of Thông tư
// 01/2018/TT-VPCP; a citizen identity card prints its bilingual labels as
// Thông tư 06/2021/TT-BCA fixes them. The Vietnamese model reads English,
// bold capitals and italics worst: "VIET" given a tone mark,
// "Independenee", "Date oexpiry", "CỘNG HOA", "KẾT QUÁ", "(Ký và ghỉ rõ họ
// tên)". Nothing here runs Tesseract.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/dossier.h"

namespace sohoa::ocr {

// The fixed phrases looked for, as printed.
const std::vector<std::string_view>& FixedPhrases();

// Each run of words in `words` (in reading order, as `text` holds them)
// that reads as one of `phrases` but for at most one character in six (and
// at least one), one word more or fewer, is replaced by the phrase, in the
// word list and in the text alike. A word run matching no phrase that
// closely, or as closely two, is left as read.
void MendFixedText(std::string& text, std::vector<Word>& words,
                   const std::vector<std::string_view>& phrases = FixedPhrases());

}  // namespace sohoa::ocr
