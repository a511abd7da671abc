// The JSON API, with the session's CSRF token on every state-changing request
// and errors turned into ApiError (the server's `error` and `hint` texts).

let csrfToken = '';
let onUnauthorized = () => {};

export function setCsrf(token) { csrfToken = token || ''; }
export function setUnauthorizedHandler(handler) { onUnauthorized = handler; }

export class ApiError extends Error {
  constructor(status, error, hint, column) {
    super(error);
    this.status = status;
    this.error = error;
    this.hint = hint || '';
    this.column = column || 0;
  }
}

const DEFAULT_ERRORS = {
  400: ['Yêu cầu không hợp lệ.', 'Kiểm tra lại những gì vừa nhập.'],
  401: ['Phiên làm việc đã hết.', 'Vui lòng đăng nhập lại.'],
  403: ['Bạn không có quyền làm việc này.', 'Liên hệ quản trị viên nếu cần thêm quyền.'],
  404: ['Không tìm thấy.', 'Mục này không có hoặc nằm ngoài phạm vi cơ quan của bạn.'],
  413: ['Dữ liệu gửi lên quá lớn.', 'Chia nhỏ rồi gửi lại.'],
  429: ['Quá nhiều yêu cầu.', 'Vui lòng đợi một lát rồi thử lại.'],
};

function defaultError(status) {
  return DEFAULT_ERRORS[status] ||
      ['Máy chủ gặp lỗi.', 'Thử lại sau ít phút; nếu vẫn lỗi, báo cho quản trị viên.'];
}

// api('/api/search?q=...'), api('/api/review/X', {method: 'POST', body: {...}}),
// api('/api/uploads', {method: 'POST', form: formData}).
// `quiet401`: a 401 is the caller's business (the login form, the first check).
export async function api(path, {method = 'GET', body, form, quiet401 = false} = {}) {
  const headers = {Accept: 'application/json'};
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  let payload;
  if (form) {
    payload = form;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body: payload, credentials: 'same-origin'});
  } catch (e) {
    throw new ApiError(0, 'Không kết nối được với máy chủ.', 'Kiểm tra mạng rồi thử lại.');
  }
  const text = response.status === 204 ? '' : await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = null; }
  }
  if (!response.ok) {
    const [error, hint] = defaultError(response.status);
    const err = new ApiError(response.status,
        data && typeof data.error === 'string' && data.error ? data.error : error,
        data && typeof data.hint === 'string' ? data.hint : (data && data.error ? '' : hint),
        data && data.column);
    err.data = data;
    if (response.status === 401 && !quiet401) onUnauthorized();
    throw err;
  }
  if (text && data === null) {
    throw new ApiError(response.status, 'Máy chủ trả lời không đúng định dạng.', 'Tải lại trang rồi thử lại.');
  }
  return data;
}

// An image the API serves, fetched with the session and decoded, as a blob:
// URL ready to show (so a page knows when it is there, and why not).
export async function imageBlobUrl(path) {
  let response;
  try {
    response = await fetch(path, {credentials: 'same-origin'});
  } catch (e) {
    throw new ApiError(0, 'Không kết nối được với máy chủ.', 'Kiểm tra mạng rồi thử lại.');
  }
  if (!response.ok) {
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    const [error, hint] = defaultError(response.status);
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, data && data.error ? data.error : error,
                       data && data.error ? data.hint || '' : hint);
  }
  const url = URL.createObjectURL(await response.blob());
  const probe = new Image();
  probe.src = url;
  try {
    await probe.decode();
  } catch (e) {
    URL.revokeObjectURL(url);
    throw new ApiError(0, 'Không đọc được ảnh trang.', 'Tải lại trang hoặc thử lại sau.');
  }
  return url;
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// Procedures and agencies change rarely: asked once per page load.
let procedures = null;
let agencies = null;
export function getProcedures() {
  if (!procedures) procedures = api('/api/procedures').catch((e) => { procedures = null; throw e; });
  return procedures;
}
export function getAgencies() {
  if (!agencies) agencies = api('/api/agencies').catch((e) => { agencies = null; throw e; });
  return agencies;
}

export function enc(segment) { return encodeURIComponent(segment); }
