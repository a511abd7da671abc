// Civil-status register books (sổ đăng ký hộ tịch: khai sinh, kết hôn, khai
// tử) for sohoa-gen: landscape A4 ledger pages with a page header, a ruled
// table with column headings and several typed, numbered entries per page.
// They are scanned like dossier pages (skew, light, blur, noise, JPEG) but
// never turned by a quarter.
#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "schema/status.h"
#include "tools/gen/generator.h"
#include "tools/gen/ground_truth.h"

namespace sohoa::gen {

// One column of a register table: the key ground-truth.json and sohoa's
// catalog use, the heading printed above it, and its width.
struct BookColumn {
  std::string key;    // no, registered, name, dob, sex, birthplace, mother, father, ...
  std::string title;  // "Họ tên mẹ"
  double width_mm = 0;
};

// khai_sinh | ket_hon | khai_tu, in the order books cycle through them.
const std::vector<std::string>& BookTypes();
// The columns of a book type; empty for an unknown type.
const std::vector<BookColumn>& BookColumns(std::string_view type);
// "KHAI SINH", "KẾT HÔN", "KHAI TỬ".
std::string BookTypeTitle(std::string_view type);

// Writes book number `index` (0-based) of the run under
// out_dir/books/<id>/01.jpg, 02.jpg, ... and returns its truth. Book 0 is a
// khai sinh book. Its content and look come from their own random streams,
// so adding books never changes the dossiers or the earlier books. `taken`
// holds the ids of the run's books so far: a book whose commune, type and
// year match an earlier one's takes the next free volume (quyển), as a
// registry does, instead of writing over its pages.
Result<BookTruth> WriteBook(const Options& options, int index,
                            const std::filesystem::path& out_dir, std::set<std::string>* taken);

}  // namespace sohoa::gen
