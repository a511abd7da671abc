// Small DOM helpers: every text from the server goes in as a text node, never
// as HTML. No inline styles anywhere (the page runs under a strict CSP): sizes
// and positions are SVG attributes or CSS classes.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function setAttributes(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'style') throw new Error('inline styles are not allowed');
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
}

// el('a', {href: '#/', class: 'nut'}, 'Trang chủ')
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attrs);
  return append(node, children);
}

export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attrs);
  return append(node, children);
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

// An error from the API, shown as its two texts: what went wrong, what to do.
export function errorBox(err) {
  const box = el('div', {class: 'loi', role: 'alert', 'data-loi': ''});
  box.append(el('strong', {}, err && err.error ? err.error : 'Đã có lỗi xảy ra.'));
  if (err && err.column) box.append(el('span', {class: 'cot'}, ` (tại ký tự thứ ${err.column})`));
  if (err && err.hint) box.append(el('p', {}, err.hint));
  return box;
}

export function noticeBox(text) {
  return el('div', {class: 'bao-tin', role: 'status'}, text);
}

// Case, tone marks and đ/d folded away: 'Đức' → 'duc'.
export function fold(text) {
  return String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

// The words of `text` (letters and digits), folded.
export function foldedTokens(text) {
  return fold(text).match(/[\p{L}\p{N}]+/gu) || [];
}

const numberFormat = new Intl.NumberFormat('vi-VN', {maximumFractionDigits: 1});
const integerFormat = new Intl.NumberFormat('vi-VN');

export function formatNumber(n) {
  return typeof n === 'number' && Number.isFinite(n) ? numberFormat.format(n) : '—';
}
export function formatInteger(n) {
  return typeof n === 'number' && Number.isFinite(n) ? integerFormat.format(n) : '—';
}
export function formatPercent(n) {
  return typeof n === 'number' && Number.isFinite(n) ? `${numberFormat.format(n)} %` : '—';
}

// A date box that reads the Vietnamese way, dd/mm/yyyy, whatever the
// browser's locale (an <input type=date> would show mm/dd/yyyy in some).
export function dateInput(name, iso) {
  return el('input', {name, class: 'o-ngay', inputmode: 'numeric', placeholder: 'ngày/tháng/năm',
                      value: iso ? formatDate(iso) : '', autocomplete: 'off', maxlength: 10});
}

// The ISO day typed in a dateInput ('' when empty); null when it is not a day.
export function readDate(input) {
  const text = input.value.trim();
  if (!text) return '';
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  let y; let mo; let d;
  if (m) [, d, mo, y] = m;
  else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) [, y, mo, d] = m;
  else return null;
  const day = new Date(Date.UTC(+y, +mo - 1, +d));
  if (day.getUTCFullYear() !== +y || day.getUTCMonth() !== +mo - 1 || day.getUTCDate() !== +d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// Reads the date boxes; an error box in `errors` and null if one is not a day.
export function readDates(errors, ...inputs) {
  const days = inputs.map(readDate);
  const bad = inputs.filter((input, i) => days[i] === null);
  for (const input of inputs) input.classList.toggle('sai', bad.includes(input));
  if (bad.length) {
    errors.replaceChildren(errorBox({error: `Ngày «${bad[0].value.trim()}» không hợp lệ.`,
                                     hint: 'Viết ngày theo dạng ngày/tháng/năm, ví dụ 15/09/2023.'}));
    return null;
  }
  return days;
}

// 2023-09-15 → 15/09/2023; anything else as it is.
export function formatDate(iso) {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return String(iso);
  const day = `${m[3]}/${m[2]}/${m[1]}`;
  if (!m[4]) return day;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return `${day} ${m[4]}:${m[5]}`;
  const two = (v) => String(v).padStart(2, '0');
  return `${two(at.getDate())}/${two(at.getMonth() + 1)}/${at.getFullYear()} ` +
         `${two(at.getHours())}:${two(at.getMinutes())}`;
}

export function formatBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${integerFormat.format(n)} B`;
  if (n < 1024 * 1024) return `${numberFormat.format(n / 1024)} KB`;
  return `${numberFormat.format(n / 1024 / 1024)} MB`;
}

// A snippet's [marked] words as <mark> elements, the rest as text.
export function snippetNodes(snippet) {
  const nodes = [];
  const text = String(snippet || '');
  const pattern = /\[([^\]\[]*)\]/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > last) nodes.push(document.createTextNode(text.slice(last, m.index)));
    nodes.push(el('mark', {}, m[1]));
    last = m.index + m[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

// A titled section of a page.
export function section(title, ...children) {
  return el('section', {class: 'khoi'}, el('h2', {}, title), ...children);
}

// A <label> around a control, with its caption.
export function field(caption, control, extraClass) {
  return el('label', {class: ['truong', extraClass]}, el('span', {class: 'nhan'}, caption), control);
}

export function table(headers, rows, extraClass) {
  const body = el('tbody', {}, rows);
  // A column of numbers (cells of class "so") has its heading right-aligned over them.
  const first = body.rows[0];
  const numeric = (i) => Boolean(first && first.cells[i] && first.cells[i].classList.contains('so'));
  return el('table', {class: ['bang', extraClass]},
      el('thead', {}, el('tr', {}, headers.map((h, i) => el('th', {scope: 'col', class: numeric(i) ? 'so' : null}, h)))),
      body);
}

export function options(select, items, emptyLabel) {
  if (emptyLabel !== undefined) select.append(el('option', {value: ''}, emptyLabel));
  for (const [value, label] of items) select.append(el('option', {value}, label));
  return select;
}
