// The civil-status register as records: search the entries of the books
// (verified ones by default), see each on its page image, download a book
// as CSV.
import {api, enc, imageBlobUrl, query} from '../api.js';
import {el, errorBox, field, formatDate, formatInteger, table} from '../dom.js';
import {BOOK_TYPES, RECORD_STATUSES, label} from '../labels.js';
import {boxOf, outlinedPage} from '../row_image.js';

// A field of a record: flat ({name: ...}) or in `fields` [{name, value}].
export function recordValue(r, key) {
  if (r && typeof r[key] === 'string' && r[key]) return r[key];
  const f = r && Array.isArray(r.fields) ? r.fields.find((x) => x && x.name === key) : null;
  return f && f.value ? String(f.value) : '';
}

function day(text) {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? formatDate(text) : text || '—';
}

function names(r) {
  const name = recordValue(r, 'name');
  if (name) return name;
  const couple = [recordValue(r, 'husband'), recordValue(r, 'wife')].filter(Boolean);
  return couple.length ? couple.join(' – ') : '—';
}

export async function render(view, {params, navigate}) {
  const q = params.get('q') || '';
  const book = params.get('so') || '';
  const all = params.get('tat-ca') === '1';

  const box = el('input', {name: 'q', type: 'search', value: q, class: 'o-tim', id: 'tim-ho-tich',
                           placeholder: 'Họ tên, số, nơi sinh… (gõ không dấu cũng được)',
                           'aria-label': 'Tìm trong sổ hộ tịch'});
  const books = el('select', {name: 'book', id: 'chon-so-ho-tich'}, el('option', {value: ''}, 'Mọi sổ'));
  const verified = el('input', {type: 'checkbox', name: 'verified', id: 'chi-xac-minh'});
  verified.checked = !all;
  const form = el('form', {class: 'tim-kiem', role: 'search', id: 'tim-so-ho-tich'},
      el('div', {class: 'hang-tim'}, box, el('button', {type: 'submit', class: 'nut-chinh'}, 'Tìm')),
      el('div', {class: 'bo-loc'}, field('Sổ', books, 'rong'),
          el('label', {class: 'hop-chon', for: 'chi-xac-minh'}, verified, ' Chỉ bản ghi đã xác minh')));
  const csv = el('p', {class: 'tai-ve-bao-cao', id: 'tai-csv-ho-tich'});
  const results = el('div', {class: 'ket-qua', 'aria-live': 'polite'});
  const viewer = el('dialog', {class: 'xem-ban-ghi', id: 'anh-ban-ghi', 'aria-label': 'Ảnh trang của bản ghi'});
  view.append(el('h1', {}, 'Sổ hộ tịch'), form, csv, results, viewer);

  const go = () => navigate(`#/ho-tich${query({q: box.value.trim(), so: books.value,
                                              'tat-ca': verified.checked ? '' : '1'})}`);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go();
  });
  books.addEventListener('change', go);
  verified.addEventListener('change', go);

  const titles = new Map();
  const booksReady = api('/api/keying/books').then((list) => {
    for (const b of Array.isArray(list) ? list : []) {
      titles.set(b.id, b.title || label(BOOK_TYPES, b.type));
      books.append(el('option', {value: b.id}, `${b.id} · ${titles.get(b.id)}${b.year ? ` · ${b.year}` : ''}`));
    }
    if (book && !titles.has(book)) books.append(el('option', {value: book}, book));
    books.value = book;
  }).catch(() => {
    if (book) books.append(el('option', {value: book}, book));
    books.value = book;
  });

  csv.replaceChildren(book
      ? el('a', {href: `/api/records.csv${query({book, all: all ? '1' : ''})}`, download: '', class: 'nut-phu',
                 id: 'tai-csv'}, `Tải CSV sổ ${book}${all ? ' (cả bản ghi chưa xác minh)' : ''}`)
      : el('span', {class: 'phu'}, 'Chọn một sổ để tải bản ghi của sổ đó dưới dạng CSV.'));

  if (!q && !book) {
    results.append(el('p', {class: 'goi-y'}, 'Nhập họ tên hoặc chọn một sổ rồi bấm «Tìm».'));
    await booksReady;
    return;
  }
  results.append(el('p', {class: 'dang-tai'}, 'Đang tìm…'));
  let list;
  try {
    list = await api(`/api/records${query({q, book, verified: all ? '' : '1'})}`);
  } catch (err) {
    results.replaceChildren(errorBox(err));
    return;
  }
  await booksReady;
  let records = Array.isArray(list) ? list : (list && list.records) || [];
  if (!all) records = records.filter((r) => !r.status || r.status === 'verified');
  if (!records.length) {
    results.replaceChildren(el('p', {}, all ? 'Không có bản ghi nào khớp.' : 'Không có bản ghi đã xác minh nào khớp.'));
    return;
  }
  results.replaceChildren(el('p', {class: 'so-ket-qua'}, `${formatInteger(records.length)} bản ghi`),
      table(['Sổ', 'Trang', 'Số', 'Họ tên', 'Ngày đăng ký', 'Ngày sinh / ngày chết', 'Trạng thái', ''],
          records.map((r) => row(r, titles, viewer)), 'bang-ho-tich'));
}

function row(r, titles, viewer) {
  const bookId = r.book_id || r.book || '';
  const open = el('button', {type: 'button', class: 'nut-phu nho', 'data-anh': ''}, 'Xem ảnh');
  open.addEventListener('click', () => showPage(viewer, r, bookId, open));
  const born = recordValue(r, 'dob') || recordValue(r, 'died') ||
      [recordValue(r, 'husband_dob'), recordValue(r, 'wife_dob')].filter(Boolean).map(day).join(' – ');
  return el('tr', {'data-id': r.id ?? null, class: r.status === 'verified' ? null : 'chua-xac-minh'},
      el('td', {title: titles.get(bookId) || null}, bookId || '—'),
      el('td', {class: 'so'}, r.position ? `${r.page} · dòng ${r.position}` : r.page ?? '—'),
      el('td', {class: 'so'}, r.number || recordValue(r, 'no') || '—'),
      el('td', {}, names(r)),
      el('td', {class: 'khong-xuong-dong'}, day(recordValue(r, 'registered'))),
      el('td', {class: 'khong-xuong-dong'}, day(born)),
      el('td', {}, r.status ? label(RECORD_STATUSES, r.status) : '—'),
      el('td', {}, bookId && r.page ? open : null));
}

// The record's page in a dialog (Esc closes it), its row outlined when the
// record says where it is.
async function showPage(viewer, r, bookId, opener) {
  const close = el('button', {type: 'button', class: 'nut-phu', id: 'dong-anh'}, 'Đóng');
  close.addEventListener('click', () => viewer.close());
  const frame = el('div', {class: 'khung-dong khung-ban-ghi'}, el('p', {class: 'dang-tai'}, 'Đang tải ảnh trang…'));
  viewer.replaceChildren(
      el('div', {class: 'dau-hop'}, el('strong', {}, `Sổ ${bookId} · trang ${r.page}` +
          (r.position ? ` · dòng ${r.position}` : '')), el('span', {}, names(r)), close),
      frame);
  viewer.addEventListener('close', () => opener.focus(), {once: true});
  if (!viewer.open) viewer.showModal();
  let url;
  try {
    url = await imageBlobUrl(`/api/books/${enc(bookId)}/pages/${enc(String(r.page))}/image`);
  } catch (err) {
    frame.replaceChildren(errorBox(err));
    return;
  }
  // The box is in the scan's pixels: outlined only when the record says how
  // large the scan is (the image comes scaled).
  const height = r.page_height || 0;
  const layer = outlinedPage(url, r.box, r.page_width || 0, height, `Trang ${r.page} của sổ ${bookId}`);
  frame.replaceChildren(layer);
  const b = boxOf(r.box);
  if (b && height > 0) {
    const image = layer.querySelector('img');
    if (!image.complete) await new Promise((resolve) => image.addEventListener('load', resolve, {once: true}));
    frame.scrollTop = Math.max(0, ((b[1] + b[3] / 2) / height) * layer.clientHeight - frame.clientHeight / 2);
  }
  viewer.addEventListener('close', () => URL.revokeObjectURL(url), {once: true});
}
