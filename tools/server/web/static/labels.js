// Vietnamese names for the values the API returns as codes.

export const ROLES = {
  staff: 'Cán bộ tiếp nhận',
  archivist: 'Lưu trữ viên',
  manager: 'Lãnh đạo, quản lý',
  admin: 'Quản trị viên',
};

export const FIELDS = {
  dossier_code: 'Mã hồ sơ',
  procedure: 'Thủ tục',
  applicant_name: 'Họ tên người nộp',
  applicant_birth_date: 'Ngày sinh người nộp',
  citizen_id: 'Số định danh cá nhân',
  subject_name: 'Họ tên người được đăng ký',
  received_date: 'Ngày tiếp nhận',
  appointment_date: 'Ngày hẹn trả',
  form_date: 'Ngày ký tờ khai',
  result_number: 'Số giấy tờ kết quả',
  result_date: 'Ngày cấp kết quả',
  due_date: 'Hạn giải quyết',
  agency_code: 'Mã cơ quan',
  procedure_code: 'Mã thủ tục',
  procedure_name: 'Tên thủ tục',
};

export const SOURCES = {
  barcode: 'Mã vạch',
  ocr: 'Nhận dạng chữ',
  filename: 'Tên tệp, thư mục',
  register: 'Sổ tiếp nhận',
  manual: 'Người dùng sửa',
};

export const KINDS = {
  receipt: 'Giấy tiếp nhận',
  form: 'Tờ khai',
  id_copy: 'Bản sao giấy tờ tùy thân',
  result: 'Giấy tờ kết quả',
  other: 'Văn bản khác',
};

export const STATUSES = {
  archived: 'Đã lưu trữ',
  review: 'Chờ rà soát',
  needs_review: 'Chờ rà soát',
  failed: 'Lỗi',
};

export const BOOK_TYPES = {
  khai_sinh: 'Sổ đăng ký khai sinh',
  ket_hon: 'Sổ đăng ký kết hôn',
  khai_tu: 'Sổ đăng ký khai tử',
};

export const EVENT_TYPES = {
  ingestion: 'Lưu hồ sơ',
  'message digest calculation': 'Tính mã băm',
  search: 'Tìm kiếm',
  view: 'Xem',
  download: 'Tải về',
  export: 'Xuất gói',
  import: 'Nhập',
  review: 'Rà soát',
  correction: 'Sửa thông tin',
  login: 'Đăng nhập',
  logout: 'Đăng xuất',
  'login-failed': 'Đăng nhập sai',
  'user-add': 'Thêm người dùng',
  'user-disable': 'Khóa người dùng',
  'user-passwd': 'Đổi mật khẩu',
  'user-password': 'Đổi mật khẩu',
  page: 'Xem trang',
  deletion: 'Xóa',
  'retention change': 'Đổi thời hạn bảo quản',
  'catalog import': 'Nhập danh mục thủ tục',
  'user-token': 'Cấp mã truy cập',
  upload: 'Tải lên',
  reuse: 'Tái sử dụng',
  'fixity check': 'Kiểm tra toàn vẹn',
  denied: 'Bị từ chối',
};

export const OUTCOMES = {
  success: 'Thành công',
  failure: 'Thất bại',
  denied: 'Bị từ chối',
};

export function label(map, key) {
  if (key === null || key === undefined || key === '') return '—';
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : String(key);
}

// A field's name; an unknown one shows as it is stored, in quotes.
export function fieldLabel(name) {
  return Object.prototype.hasOwnProperty.call(FIELDS, name) ? FIELDS[name] : `«${name}»`;
}

// The fields of a civil-status register entry (schema/civil_record.h).
export const CIVIL_FIELDS = {
  no: 'Số',
  registered: 'Ngày đăng ký',
  name: 'Họ và tên',
  dob: 'Ngày sinh',
  sex: 'Giới tính',
  ethnicity: 'Dân tộc',
  nationality: 'Quốc tịch',
  birthplace: 'Nơi sinh',
  mother: 'Họ tên mẹ',
  father: 'Họ tên cha',
  declarant: 'Người đi đăng ký',
  husband: 'Họ tên chồng',
  husband_dob: 'Ngày sinh chồng',
  wife: 'Họ tên vợ',
  wife_dob: 'Ngày sinh vợ',
  residence: 'Nơi cư trú',
  died: 'Ngày chết',
  death_place: 'Nơi chết',
};

export const KEYING_MODES = {
  double: 'Nhập hai lần, đối chiếu',
  single: 'Nhập một lần',
};

export const RECORD_STATUSES = {
  verified: 'Đã xác minh',
  read: 'Máy đọc, chưa xác minh',
};

export function civilFieldLabel(key) {
  return Object.prototype.hasOwnProperty.call(CIVIL_FIELDS, key) ? CIVIL_FIELDS[key] : `«${key}»`;
}
