// The manager's side of keying: each book's progress and keying mode, who
// keys which pages, and how fast and how well each clerk keys.
import {api, enc, query} from '../api.js';
import {
  el, errorBox, formatDate, formatInteger, formatNumber, formatPercent, noticeBox, section, svg, table,
} from '../dom.js';
import {BOOK_TYPES, KEYING_MODES, ROLES, label} from '../labels.js';

const BAR_WIDTH = 600;
const BAR_HEIGHT = 14;

export async function render(view) {
  view.append(el('h1', {}, 'Giao việc nhập liệu'),
      el('p', {class: 'phu'}, 'Nhập hai lần: giao cùng các trang cho hai người khác nhau; dòng nào hai người ' +
          'nhập khác nhau sẽ sang «Đối chiếu» để người thứ ba quyết định. Nhập một lần: một người nhập là xong.'));
  const booksBox = el('div', {id: 'so-giao-viec'}, el('p', {class: 'dang-tai'}, 'Đang tải…'));
  const statsBox = el('div', {id: 'nang-suat'}, el('p', {class: 'dang-tai'}, 'Đang tải…'));
  view.append(booksBox, section('Năng suất người nhập', statsBox));

  const clerks = api('/api/keying/clerks').then((list) => (Array.isArray(list) ? list : []));
  await Promise.all([loadBooks(booksBox, clerks), loadStats(statsBox)]);
}

function percentOf(part, whole) {
  return whole > 0 ? formatPercent((100 * part) / whole) : '—';
}

// One bar: verified, differing, keyed once, the rest still to key.
function progressBar(b) {
  const total = Math.max(b.slots || 0, 1);
  const parts = [['verified', 'da-xac-minh', 'Đã xác minh'], ['differ', 'dang-lech', 'Khác nhau, chờ đối chiếu'],
                 ['keyed_once', 'nhap-mot-lan', 'Đã nhập một lần']];
  const picture = svg('svg', {viewBox: `0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`, width: BAR_WIDTH, height: BAR_HEIGHT,
                              class: 'thanh-tien-do', role: 'img',
                              'aria-label': `Đã xác minh ${formatInteger(b.verified)} trên ${formatInteger(b.slots)} dòng`},
      svg('rect', {x: 0, y: 0, width: BAR_WIDTH, height: BAR_HEIGHT, class: 'con-lai'}));
  let x = 0;
  for (const [key, cls, name] of parts) {
    const w = (BAR_WIDTH * Math.max(0, b[key] || 0)) / total;
    if (w <= 0) continue;
    picture.append(svg('rect', {x, y: 0, width: w, height: BAR_HEIGHT, class: cls},
        svg('title', {}, `${name}: ${formatInteger(b[key] || 0)}`)));
    x += w;
  }
  const legend = el('p', {class: 'chu-giai-tien-do'},
      el('span', {class: 'mau da-xac-minh'}), `Đã xác minh ${formatInteger(b.verified)}/${formatInteger(b.slots)} dòng ` +
          `(${percentOf(b.verified || 0, b.slots || 0)})`,
      el('span', {class: 'mau nhap-mot-lan'}), `Nhập một lần ${formatInteger(b.keyed_once)}`,
      el('span', {class: 'mau dang-lech'}), `Chờ đối chiếu ${formatInteger(b.differ)}`,
      typeof b.entries_expected === 'number' ? ` · Sổ ghi có ${formatInteger(b.entries_expected)} mục` : '');
  return el('div', {class: 'tien-do'}, picture, legend);
}

async function loadBooks(container, clerks) {
  let books;
  let assignments;
  try {
    [books, assignments] = await Promise.all([api('/api/keying/books'), api('/api/keying/assignments')]);
  } catch (err) {
    container.replaceChildren(errorBox(err));
    return;
  }
  if (!Array.isArray(books) || !books.length) {
    container.replaceChildren(el('p', {}, 'Chưa có sổ hộ tịch nào để nhập.'));
    return;
  }
  const byBook = new Map();
  for (const a of Array.isArray(assignments) ? assignments : []) {
    if (!byBook.has(a.book_id)) byBook.set(a.book_id, []);
    byBook.get(a.book_id).push(a);
  }
  container.replaceChildren(...books.map((b) => bookCard(b, byBook.get(b.id) || [], clerks)));
}

function bookCard(b, assignments, clerks) {
  const meta = [label(BOOK_TYPES, b.type), b.year ? `năm ${b.year}` : '', b.volume ? `quyển ${b.volume}` : '',
                b.commune || '', `${formatInteger(b.pages)} trang`].filter(Boolean).join(' · ');
  const messages = el('div');
  const assigned = el('div', {class: 'danh-sach-giao'});
  const card = el('section', {class: 'khoi so-nhap-lieu', 'data-so': b.id},
      el('h2', {}, `${b.id}${b.title ? ` · ${b.title}` : ''}`),
      el('p', {class: 'phu'}, meta),
      progressBar(b),
      modeSwitch(b, messages),
      el('h3', {}, 'Người được giao'),
      assigned,
      addForm(b, clerks, messages, () => reloadAssignments(b, assigned, messages)),
      messages);
  showAssignments(b, assignments, assigned, messages);
  return card;
}

function modeSwitch(b, messages) {
  const select = el('select', {name: 'mode', class: 'chon-che-do', 'data-so': b.id},
      Object.entries(KEYING_MODES).map(([value, text]) => el('option', {value}, text)));
  let current = b.mode === 'single' ? 'single' : 'double';
  select.value = current;
  select.addEventListener('change', async () => {
    const mode = select.value;
    select.disabled = true;
    messages.replaceChildren();
    try {
      await api(`/api/keying/books/${enc(b.id)}/mode`, {method: 'POST', body: {mode}});
      current = mode;
      messages.append(noticeBox(`Sổ ${b.id}: ${KEYING_MODES[mode].toLowerCase()}.`));
    } catch (err) {
      select.value = current;
      messages.append(errorBox(err));
    } finally {
      select.disabled = false;
    }
  });
  return el('label', {class: 'truong che-do-nhap'}, el('span', {class: 'nhan'}, 'Cách nhập'), select);
}

async function reloadAssignments(b, assigned, messages) {
  try {
    const list = await api(`/api/keying/assignments${query({book: b.id})}`);
    showAssignments(b, (Array.isArray(list) ? list : []).filter((a) => a.book_id === b.id), assigned, messages);
  } catch (err) {
    messages.replaceChildren(errorBox(err));
  }
}

function showAssignments(b, list, assigned, messages) {
  if (!list.length) {
    assigned.replaceChildren(el('p', {class: 'phu'}, 'Chưa giao trang nào của sổ này.'));
    return;
  }
  const sorted = [...list].sort((x, y) => x.first_page - y.first_page || String(x.user).localeCompare(String(y.user)));
  assigned.replaceChildren(table(['Người nhập', 'Từ trang', 'Đến trang', 'Người giao', 'Lúc giao', ''],
      sorted.map((a) => {
        const remove = el('button', {type: 'button', class: 'nut-phu nho', 'data-bo-giao': a.id}, 'Bỏ giao');
        remove.addEventListener('click', async () => {
          if (!window.confirm(`Bỏ giao trang ${a.first_page}–${a.last_page} của sổ ${b.id} cho ${a.user}?`)) return;
          remove.disabled = true;
          messages.replaceChildren();
          try {
            await api(`/api/keying/assignments/${enc(String(a.id))}`, {method: 'DELETE'});
            await reloadAssignments(b, assigned, messages);
          } catch (err) {
            remove.disabled = false;
            messages.append(errorBox(err));
          }
        });
        return el('tr', {'data-giao': a.id},
            el('td', {}, a.user),
            el('td', {class: 'so'}, a.first_page),
            el('td', {class: 'so'}, a.last_page),
            el('td', {}, a.assigned_by || '—'),
            el('td', {class: 'khong-xuong-dong'}, formatDate(a.assigned_at)),
            el('td', {}, remove));
      }), 'bang-giao-viec'));
}

function addForm(b, clerks, messages, onAdded) {
  const user = el('select', {name: 'user', required: true}, el('option', {value: ''}, 'Chọn người nhập…'));
  clerks.then((list) => {
    for (const c of list) {
      user.append(el('option', {value: c.name}, c.role ? `${c.name} (${label(ROLES, c.role)})` : c.name));
    }
  }).catch((err) => messages.append(errorBox(err)));
  const pages = Math.max(1, b.pages || 1);
  const first = el('input', {name: 'first_page', type: 'number', min: 1, max: pages, value: 1, required: true,
                             class: 'o-so-trang'});
  const last = el('input', {name: 'last_page', type: 'number', min: 1, max: pages, value: pages, required: true,
                            class: 'o-so-trang'});
  const submit = el('button', {type: 'submit', class: 'nut-chinh'}, 'Giao trang');
  const form = el('form', {class: 'bo-loc giao-viec', 'data-so': b.id},
      el('label', {class: 'truong'}, el('span', {class: 'nhan'}, 'Người nhập'), user),
      el('label', {class: 'truong'}, el('span', {class: 'nhan'}, 'Từ trang'), first),
      el('label', {class: 'truong'}, el('span', {class: 'nhan'}, 'Đến trang'), last),
      submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    messages.replaceChildren();
    const from = parseInt(first.value, 10);
    const to = parseInt(last.value, 10);
    if (!user.value) {
      messages.append(errorBox({error: 'Chưa chọn người nhập.', hint: 'Chọn một người trong danh sách.'}));
      user.focus();
      return;
    }
    if (!(from >= 1) || !(to >= from) || to > pages) {
      messages.append(errorBox({error: 'Khoảng trang không hợp lệ.',
                                hint: `Sổ có ${formatInteger(pages)} trang; «từ trang» không lớn hơn «đến trang».`}));
      first.focus();
      return;
    }
    submit.disabled = true;
    try {
      await api('/api/keying/assignments', {method: 'POST',
                                             body: {book: b.id, first_page: from, last_page: to, user: user.value}});
      messages.append(noticeBox(`Đã giao trang ${from}–${to} của sổ ${b.id} cho ${user.value}.`));
      await onAdded();
    } catch (err) {
      messages.append(errorBox(err));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

async function loadStats(container) {
  let stats;
  try {
    stats = await api('/api/keying/stats');
  } catch (err) {
    container.replaceChildren(errorBox(err));
    return;
  }
  if (!Array.isArray(stats) || !stats.length) {
    container.replaceChildren(el('p', {}, 'Chưa có ai nhập liệu.'));
    return;
  }
  const perHour = (s) => (typeof s === 'number' && s > 0 ? formatInteger(Math.round(3600 / s)) : '—');
  container.replaceChildren(
      el('p', {class: 'phu'}, 'Tỉ lệ khớp: trong các dòng đã có lần nhập thứ hai, phần trăm dòng hai người nhập ' +
          'giống hệt nhau.'),
      table(['Người nhập', 'Số mục đã nhập', 'Đã quyết định (đối chiếu)', 'Giây/mục', 'Mục/giờ', 'Đã so', 'Tỉ lệ khớp',
             'Lần nhập cuối'],
      stats.map((s) => el('tr', {'data-nguoi': s.user},
          el('td', {}, s.user),
          el('td', {class: 'so'}, formatInteger(s.keyed)),
          el('td', {class: 'so'}, formatInteger(s.resolved)),
          el('td', {class: 'so'}, formatNumber(s.seconds_per_entry)),
          el('td', {class: 'so'}, perHour(s.seconds_per_entry)),
          el('td', {class: 'so'}, formatInteger(s.compared)),
          el('td', {class: 'so'}, typeof s.agreement_rate === 'number' ? formatPercent(s.agreement_rate * 100) : '—'),
          el('td', {class: 'khong-xuong-dong'}, s.last_keyed_at ? formatDate(s.last_keyed_at) : '—'))),
      'bang-nang-suat'));
}
