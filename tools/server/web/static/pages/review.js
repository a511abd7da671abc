// The review queue: each uncertain field beside the page region it was read
// from, with a box to correct it and a button to confirm it as it is.
import {api, enc, getProcedures, imageBlobUrl} from '../api.js';
import {el, errorBox, formatInteger, formatPercent, noticeBox, svg} from '../dom.js';
import {fieldLabel, label, SOURCES} from '../labels.js';

const CROP_WIDTH = 460;
const CROP_MAX_HEIGHT = 240;
const WHOLE_PAGE_HEIGHT = 420;
const PAD = 30;

function confidence(c) {
  return typeof c === 'number' ? formatPercent(c <= 1 ? c * 100 : c) : '—';
}

export async function render(view) {
  view.append(el('h1', {}, 'Rà soát thông tin chưa chắc chắn'));
  const list = el('div', {class: 'hang-doi'});
  const summary = el('p', {class: 'phu'}, 'Đang tải…');
  view.append(summary, list);
  const items = await api('/api/review');
  if (!items.length) {
    summary.textContent = 'Không có mục nào cần rà soát.';
    return;
  }
  summary.textContent = `${formatInteger(items.length)} mục cần người xem lại. ` +
      'Đối chiếu với vùng ảnh, sửa nếu sai rồi bấm «Lưu sửa», hoặc bấm «Xác nhận» nếu đúng.';
  const dossiers = new Map();
  const dossier = (code) => {
    if (!dossiers.has(code)) dossiers.set(code, api(`/api/dossiers/${enc(code)}`));
    return dossiers.get(code);
  };
  for (const item of items) list.append(card(item, dossier));
}

function card(item, dossier) {
  const region = el('div', {class: 'vung-anh'}, el('p', {class: 'dang-tai'}, 'Đang tải vùng ảnh…'));
  const input = item.field === 'procedure'
      ? el('select', {name: 'value', class: 'gia-tri'})
      : el('input', {name: 'value', class: 'gia-tri', value: item.value || ''});
  if (item.field === 'procedure') {
    getProcedures().then((procs) => {
      const known = procs.some((p) => p.code === item.value);
      if (!known) input.append(el('option', {value: item.value || ''}, item.value || 'Chưa rõ'));
      for (const p of procs) input.append(el('option', {value: p.code}, `${p.code} · ${p.name}`));
      input.value = item.value || '';
    }).catch(() => input.append(el('option', {value: item.value || ''}, item.value || 'Chưa rõ')));
  }
  const messages = el('div', {class: 'cho-loi'});
  const confirm = el('button', {type: 'button', class: 'nut-phu', 'data-hanh-dong': 'xac-nhan',
                                 disabled: !item.value, title: 'Giá trị đã đọc là đúng'}, 'Xác nhận');
  const save = el('button', {type: 'submit', class: 'nut-chinh', 'data-hanh-dong': 'sua'}, 'Lưu sửa');
  const form = el('form', {class: 'sua-truong'},
      el('label', {}, el('span', {class: 'nhan'}, `${fieldLabel(item.field)}:`), input),
      el('p', {class: 'phu'}, item.value ? `Đọc được «${item.value}», độ tin cậy ${confidence(item.confidence)}` +
          ` · nguồn: ${label(SOURCES, item.source)}` : 'Chưa đọc được giá trị nào: chọn hoặc nhập giá trị đúng.'),
      el('div', {class: 'nut-hang'}, confirm, save), messages);
  const node = el('article', {class: 'the muc-ra-soat', 'data-ma': item.code, 'data-truong': item.field},
      el('header', {},
          el('a', {href: `#/ho-so/${enc(item.code)}`, class: 'ma-ho-so'}, item.code),
          el('span', {class: 'ten-truong'}, fieldLabel(item.field)),
          item.document ? el('span', {class: 'phu'}, `Văn bản ${item.document} · trang ${item.page}`) : null),
      el('div', {class: 'than-the'}, region, form));

  async function send(value) {
    messages.replaceChildren();
    if (!String(value).trim()) {
      messages.append(errorBox({error: 'Giá trị không được để trống.', hint: 'Nhập giá trị đúng rồi lưu.'}));
      return;
    }
    confirm.disabled = save.disabled = true;
    try {
      await api(`/api/review/${enc(item.code)}`, {method: 'POST', body: {field: item.field, value: String(value).trim()}});
      node.classList.add('da-xong');
      node.querySelector('.than-the').replaceChildren(
          noticeBox(`Đã lưu: ${fieldLabel(item.field)} = ${String(value).trim()}`));
    } catch (err) {
      messages.append(errorBox(err));
      confirm.disabled = !item.value;
      save.disabled = false;
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(input.value);
  });
  confirm.addEventListener('click', () => send(item.value || ''));

  crop(region, item, dossier);
  return node;
}

// The page region, cropped with an SVG viewBox; the whole page if the field
// has no box, the dossier's first page if it was not read from a page (a
// procedure decided from the dossier as a whole).
async function crop(region, item, dossier) {
  let page;
  try {
    const d = await dossier(item.code);
    const pages = d.pages || [];
    page = item.document && item.page
        ? pages.find((p) => p.document === item.document && p.page === item.page) : pages[0];
  } catch (err) {
    region.replaceChildren(errorBox(err));
    return;
  }
  if (!page) {
    region.replaceChildren(el('p', {class: 'phu'}, 'Hồ sơ không có trang ảnh nào.'));
    return;
  }
  const caption = item.document && item.page ? null
      : el('p', {class: 'chu-thich'}, `Trang đầu của hồ sơ (văn bản ${page.document}, trang ${page.page})`);
  const [bx, by, bw, bh] = Array.isArray(item.box) ? item.box : [0, 0, 0, 0];
  const W = page.width || 1000;
  const H = page.height || 1414;
  let x = 0; let y = 0; let w = W; let h = H;
  if (bw > 0 && bh > 0) {
    x = Math.max(0, bx - PAD * 4);
    y = Math.max(0, by - PAD);
    w = Math.min(W - x, bw + PAD * 8);
    h = Math.min(H - y, bh + PAD * 2);
  }
  const scale = Math.min(CROP_WIDTH / w, (bw > 0 && bh > 0 ? CROP_MAX_HEIGHT : WHOLE_PAGE_HEIGHT) / h);
  const width = Math.round(w * scale);
  const height = Math.round(h * scale);
  const imageWidth = Math.min(W, Math.ceil(W * scale * 2));
  const sep = page.image.includes('?') ? '&' : '?';
  let href;
  try {
    href = await imageBlobUrl(`${page.image}${sep}width=${imageWidth}`);
  } catch (err) {
    region.replaceChildren(errorBox(err));
    return;
  }
  const picture = svg('svg', {viewBox: `${x} ${y} ${w} ${h}`, width, height, class: 'cat-anh', role: 'img',
                              'aria-label': `Vùng ảnh của ${fieldLabel(item.field)}`},
      svg('image', {href, x: 0, y: 0, width: W, height: H,
                    preserveAspectRatio: 'none'}));
  if (bw > 0 && bh > 0) picture.append(svg('rect', {class: 'khung-truong', x: bx, y: by, width: bw, height: bh}));
  region.replaceChildren(el('figure', {class: 'hinh-vung'}, picture, caption));
}
