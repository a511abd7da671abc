// Danh mục tiếng Việt, mặc định. Mỗi Msg một câu; {1}, {2} ... là các đối
// số theo thứ tự (schema/messages.h).
#include <iterator>

#include "schema/messages.h"

namespace sohoa {
namespace {

constexpr MessageEntry kVietnamese[] = {
    {Msg::kUnknownCommand, "'{1}' không phải là lệnh của sohoa."},
    {Msg::kDidYouMean, "Có phải ý bạn là 'sohoa {1}'?"},
    {Msg::kCommandsAre, "Các lệnh: {1}."},
    {Msg::kSeeHelp, "(sohoa --help liệt kê các lệnh và công dụng)"},
    {Msg::kNoHome,
     "chưa có kho lưu trữ tại {1}: chạy 'sohoa init', hoặc chỉ ra kho bằng --home THƯ_MỤC (hay biến "
     "SOHOA_HOME)"},
    {Msg::kHomeCreated, "Đã tạo kho lưu trữ {1}"},
    {Msg::kHomeExists, "Kho lưu trữ {1} đã có sẵn; không thay đổi gì"},
    {Msg::kUnquotedFilter,
     "gợi ý: '{1}:{2} {3}' được hiểu là bộ lọc {1}:{2} và từ '{3}'. Muốn lọc {1} '{4}', đặt giá trị "
     "trong ngoặc kép: '{1}:\"{4}\"'"},
    {Msg::kProblem, "sohoa: {1}"},
    {Msg::kSearchNone, "Không có hồ sơ nào khớp '{1}'."},
    {Msg::kSearchNoMore, "Không còn hồ sơ nào khác khớp '{1}'."},
    {Msg::kSearchDossierTotal, "{1} hồ sơ khớp"},
    {Msg::kSearchShowing, "; hiện {1}-{2}"},
    {Msg::kSearchMore, "; xem tiếp với --offset {1}"},
    {Msg::kSearchMatchingPages, "{1} trang khớp"},
    {Msg::kSearchOnDossier, "chính hồ sơ"},
    {Msg::kSearchWhere, "văn bản {1} tr.{2}"},
    {Msg::kIngestSummary, "Đã lưu {1} hồ sơ, {2} văn bản, {3} trang trong {4} giây ({5} trang/giây)"},
    {Msg::kIngestAlreadyArchived, "Đã có trong kho, không lưu lại: {1} tệp"},
    {Msg::kIngestResumed,
     "Đã lưu từ lần chạy trước bị gián đoạn: {1} hồ sơ; các tệp còn lại của chúng được lưu lần này"},
    {Msg::kIngestSetAside,
     "Để riêng: {1} tệp (bản sao và lý do trong thư mục failed/; bản gốc không bị thay đổi)"},
    {Msg::kIngestSkipped, "Bỏ qua, không phải bản quét: {1} tệp ({2})"},
    {Msg::kIngestStopped,
     "đã dừng; không mất gì (bản gốc còn nguyên, những gì đã lưu vẫn còn): khắc phục lỗi này rồi chạy "
     "lại đúng lệnh đó, sohoa sẽ làm tiếp từ chỗ đã dừng"},
    {Msg::kBookSummary, "Sổ {1}: {2} trang, {3} mục ({4})"},
    {Msg::kWatchWatching,
     "Đang theo dõi {1} (nhận một mục khi nó không đổi trong {2} giây, hoặc ngay khi thư mục có tệp "
     ".ready); Ctrl-C dừng sau khi xong mục đang làm"},
    {Msg::kWatchResuming, "Làm tiếp các mục mà lần chạy trước đã nhận nhưng chưa xong: {1}"},
    {Msg::kWatchTook, "nhận {1}"},
    {Msg::kWatchArchived, "đã lưu {1}: {2} ({3} trang)"},
    {Msg::kWatchArchivedResumed, "đã lưu {1}: {2} ({3} trang; {4} hồ sơ đã lưu trước khi bị gián đoạn)"},
    {Msg::kWatchAlreadyArchived, "đã có trong kho {1}"},
    {Msg::kWatchBook, "sổ {1} từ {2}: {3} trang, {4} mục"},
    {Msg::kWatchSetAside, "để riêng {1}: {2} (bản sao và ghi chú trong failed/)"},
    {Msg::kWatchWaiting,
     "chưa lưu được lúc này: {1}. Không mất gì: các mục vẫn nằm trong work/ và sẽ được thử lại sau {2} "
     "giây"},
    {Msg::kWatchStopSoon,
     "sohoa watch: đã nhận lệnh dừng; đang làm nốt mục đang xử lý (bấm Ctrl-C lần nữa để dừng ngay)"},
    {Msg::kWatchStopNow,
     "sohoa watch: dừng ngay; các mục chưa xong vẫn nằm trong work/ và sẽ được làm tiếp ở lần chạy sau"},
    {Msg::kWatchNothingLost, "không mất gì: các mục vẫn nằm trong work/ cho lần chạy sau"},
    {Msg::kWatchDone, "Xong: đã nhận {1} mục, để riêng {2} mục"},
    {Msg::kNoteTitleFile, "sohoa không nhận được tệp này."},
    {Msg::kNoteTitleEntry, "sohoa không nhận được mục này."},
    {Msg::kNoteFile, "tệp:     {1}"},
    {Msg::kNoteWhat, "là:      {1}"},
    {Msg::kNoteCopy, "bản sao: {1}"},
    {Msg::kNoteCopyExact, "bản sao: {1}  (giống hệt từng byte tệp đã thả vào)"},
    {Msg::kNoteWhen, "lúc:     {1}"},
    {Msg::kNoteReason, "lý do:   {1}"},
    {Msg::kNoteDetail, "(chi tiết kỹ thuật: {1})"},
    {Msg::kNoteOriginalStays,
     "Bản gốc không bị thay đổi. Khắc phục theo lý do ở trên rồi đưa vào lại."},
    {Msg::kNoteTakenOut,
     "Tệp đã được lấy ra khỏi thư mục inbox; bản sao ở đây chính là tệp đã thả vào. Khắc phục theo lý "
     "do ở trên rồi thả lại vào thư mục inbox."},
    {Msg::kReasonCorrupt,
     "Tệp bị hỏng hoặc không đầy đủ. Mở tệp trên máy quét: nếu hiển thị đúng, lưu hoặc in ra một tệp "
     "mới; nếu không, quét lại giấy tờ. Sau đó thả tệp mới vào thư mục inbox."},
    {Msg::kReasonUnsupported,
     "sohoa không đọc được loại tệp này (chỉ nhận bản quét JPEG, PNG, TIFF và PDF). Lưu hoặc quét lại "
     "thành một trong các loại đó rồi thả vào thư mục inbox."},
    {Msg::kReasonInvalid, "Tệp không đúng như sohoa cần ở đây."},
    {Msg::kReasonNotFound, "Tệp đã biến mất trước khi sohoa kịp đọc: hãy thả lại vào thư mục inbox."},
    {Msg::kReasonIo, "Không đọc được tệp từ ổ đĩa: kiểm tra ổ đĩa rồi thả lại vào thư mục inbox."},
    {Msg::kReasonOther,
     "sohoa không nhận được tệp. Báo cho người quản trị sohoa, kèm ghi chú này."},
    {Msg::kReasonNoPages, "Tệp không có trang nào: quét lại giấy tờ rồi thả tệp mới vào thư mục inbox."},
    {Msg::kReasonNoSuchFile, "Không có tệp hay thư mục này."},
    {Msg::kReasonNotAFile,
     "Đây là {1}: sohoa chỉ nhận tệp và thư mục, không bao giờ đi theo liên kết. Hãy chép chính bản quét "
     "vào thư mục inbox."},
    {Msg::kReasonTooDeep,
     "Các thư mục lồng nhau sâu hơn {1} cấp: một hồ sơ là một thư mục bản quét, một lô là một thư mục "
     "chứa các thư mục như vậy."},
    {Msg::kReasonCrashed,
     "Việc đọc tệp này đã làm sohoa dừng {1} lần (bị lỗi hoặc treo); tệp được để riêng để phần còn lại "
     "của inbox được xử lý tiếp. Mở tệp trên máy quét; nếu hiển thị đúng, lưu hoặc quét lại thành tệp "
     "mới rồi thả vào thư mục inbox."},
    {Msg::kReasonStalled,
     "sohoa đã bị dừng {1} lần khi đang xử lý mục này mà không tiến thêm được; mục được để riêng để phần "
     "còn lại của inbox được xử lý tiếp. Thả lại vào thư mục inbox khi sohoa chạy ổn định."},
    {Msg::kEntrySymlink, "một liên kết tượng trưng (symlink)"},
    {Msg::kEntrySymlinkTo, "một liên kết tượng trưng (symlink) tới {1}"},
    {Msg::kEntryFifo, "một đường ống có tên (FIFO)"},
    {Msg::kEntrySocket, "một socket"},
    {Msg::kEntryBlockDevice, "một thiết bị khối"},
    {Msg::kEntryCharDevice, "một thiết bị ký tự"},
    {Msg::kEntryOther, "một thứ không phải tệp cũng không phải thư mục"},
    {Msg::kShowDossier, "Hồ sơ"},
    {Msg::kShowProcedure, "Thủ tục"},
    {Msg::kShowUnclassified, "(chưa phân loại)"},
    {Msg::kShowField, "Lĩnh vực"},
    {Msg::kShowAgency, "Cơ quan"},
    {Msg::kShowReceived, "Ngày nhận"},
    {Msg::kShowApplicant, "Người nộp"},
    {Msg::kShowDocument, "{1} trang"},
    {Msg::kShowPage, "tr.{1}  độ tin cậy {2}  xoay {3}°  nghiêng {4}°  {5} dpi"},
    {Msg::kReviewNothing, "Không có gì cần xem lại."},
    {Msg::kReviewCount, "{1} mục cần xem lại; sửa một mục bằng: sohoa review set MÃ_HỒ_SƠ TRƯỜNG=GIÁ_TRỊ"},
    {Msg::kReviewSet, "{1}: {2} được đặt thành '{3}' bởi {4}"},
};

}  // namespace

MessageCatalog VietnameseMessages() { return {kVietnamese, std::size(kVietnamese)}; }

}  // namespace sohoa
