// Entries whose two keyings differ: a third person decides beside the row
// image, field by field, then goes on to the next one.
import {api, enc, query} from '../api.js';
import {el, errorBox, formatInteger, table} from '../dom.js';
import {BOOK_TYPES, label} from '../labels.js';
import {
  ConfirmGate, IssueBoard, checkValues, confirmPrompt, cycleImeMode, fieldInput, formFields, imeToggle, onLeave,
  pageKeys, valueMap,
} from '../keying_form.js';
import {RowViewer, forgetSlot, prefetchRow} from '../row_image.js';

const KEEP = 'Giữ nguyên như trong sổ? Nhấn Ctrl+Enter lần nữa để lưu';

// What the page after a decision says first (the decision moved the hash).
let flash = '';

function conflictsPath(book) { return `/api/keying/conflicts${query({book})}`; }

export async function render(view, {rest, params, navigate}) {
  const book = params.get('so') || '';
  const id = rest[0] || '';
  const status = el('p', {id: 'trang-thai-doi-chieu', class: 'trang-thai-nhap tot', role: 'status'}, flash);
  flash = '';
  if (!id) {
    view.append(el('h1', {}, 'Đối chiếu hai lần nhập'), status);
    await list(view, book, navigate);
    return;
  }
  await decide(view, id, book, status, navigate);
}

async function list(view, book, navigate) {
  const chooser = el('select', {id: 'loc-so', name: 'book'}, el('option', {value: ''}, 'Mọi sổ'));
  const chooserField = el('label', {class: 'truong', hidden: true}, el('span', {class: 'nhan'}, 'Sổ'), chooser);
  chooser.addEventListener('change', () => navigate(`#/doi-chieu${query({so: chooser.value})}`));
  const body = el('div', {}, el('p', {class: 'dang-tai'}, 'Đang tải…'));
  view.append(el('p', {class: 'phu'},
      'Những dòng hai người nhập khác nhau. Mở một dòng, xem ảnh rồi chọn giá trị đúng cho từng ô.'),
      chooserField, body);
  api('/api/keying/books').then((books) => {
    if (!Array.isArray(books) || !books.length) return;
    for (const b of books) chooser.append(el('option', {value: b.id}, `${b.id} · ${b.title || label(BOOK_TYPES, b.type)}`));
    chooser.value = book;
    chooserField.hidden = false;
  }).catch(() => {});
  let data;
  try {
    data = await api(conflictsPath(book));
  } catch (err) {
    body.replaceChildren(errorBox(err));
    return;
  }
  const items = Array.isArray(data) ? data : (data && data.items) || [];
  if (!items.length) {
    body.replaceChildren(el('p', {id: 'khong-con-doi-chieu'}, 'Không còn dòng nào cần đối chiếu.'));
    return;
  }
  body.replaceChildren(el('p', {}, `${formatInteger(items.length)} dòng cần đối chiếu.`),
      table(['Sổ', 'Trang', 'Dòng', ''], items.map((item) => el('tr', {'data-slot': item.id},
          el('td', {}, item.book_id),
          el('td', {class: 'so'}, item.page),
          el('td', {class: 'so'}, item.position),
          el('td', {}, el('a', {href: `#/doi-chieu/${enc(String(item.id))}${query({so: book})}`, class: 'mo-doi-chieu'},
              'Đối chiếu'))))), 'bang-doi-chieu');
  body.querySelector('a.mo-doi-chieu').focus();
}

function shown(value) {
  return value ? value : el('span', {class: 'trong'}, '(để trống)');
}

async function decide(view, id, book, status, navigate) {
  const problems = el('div');
  view.append(el('h1', {class: 'an'}, 'Đối chiếu một dòng'),
      el('div', {class: 'thanh-nhap'}, el('a', {href: `#/doi-chieu${query({so: book})}`}, '‹ Danh sách cần đối chiếu'),
         imeToggle(view), status),
      problems);
  delete document.body.dataset.ready;
  let c;
  try {
    c = await api(`/api/keying/conflicts/${enc(id)}`);
  } catch (err) {
    problems.append(errorBox(err));
    return;
  }
  const slot = c.slot || {};
  const fields = formFields(c.form);
  const keyings = Array.isArray(c.keyings) ? c.keyings.slice(0, 2) : [];
  const differing = new Set(Array.isArray(c.differing) ? c.differing : []);
  const kept = keyings.map((k) => valueMap(k.values));
  onLeave(() => {
    delete document.body.dataset.ready;
    forgetSlot(slot.id);
  });

  const viewer = new RowViewer(slot, `Ảnh dòng ${slot.position}, trang ${slot.page}`,
      el('p', {class: 'vi-tri-dong'}, el('strong', {}, `Sổ ${slot.book_id} · trang ${slot.page} · dòng ${slot.position}`),
         c.book && c.book.title ? el('span', {class: 'phu'}, ` · ${c.book.title}`) : null,
         el('span', {class: 'phu'}, ` · ${formatInteger(differing.size)} ô khác nhau`)));
  const general = el('div', {class: 'loi-chung'});
  const issues = new IssueBoard(general);
  const prompt = confirmPrompt();
  const gate = new ConfirmGate(prompt);
  const inputs = [];
  const rows = fields.map((f) => {
    const values = kept.map((k) => k[f.key] || '');
    const differs = differing.has(f.key);
    const input = fieldInput(f, differs ? '' : values[0] || '');
    input.id = `quyet-${f.key}`;
    input.setAttribute('aria-label', `Giá trị quyết định: ${f.label}`);
    inputs.push(input);
    const messages = el('div', {class: 'cho-loi-truong'});
    issues.place(f.key, messages);
    const cells = values.map((value, i) => {
      const take = differs ? el('button', {type: 'button', class: 'nut-phu nho', 'data-lay': i + 1,
                                          title: `Alt+${i + 1}`}, `Lấy ${i + 1}`) : null;
      if (take) {
        take.addEventListener('click', () => {
          input.value = value;
          input.dispatchEvent(new Event('input', {bubbles: true}));
          input.focus();
          // The click took the focus off the field and checked it empty: check what it holds now.
          runCheck();
        });
      }
      return el('td', {class: 'gia-tri-nhap'}, el('span', {}, shown(value)), take ? ' ' : null, take);
    });
    return el('tr', {class: differs ? 'khac-nhau' : null, 'data-truong': f.key},
        el('th', {scope: 'row'}, el('label', {for: input.id}, f.label)), cells,
        el('td', {class: 'o-quyet-dinh'}, input, messages));
  });

  const saveButton = el('button', {type: 'submit', class: 'nut-chinh', id: 'luu-doi-chieu'}, 'Lưu quyết định (Ctrl+Enter)');
  // A keyer may have said the row is no entry (an empty column): the decision may be that too.
  const noEntryButton = el('button', {type: 'button', class: 'nut-phu', id: 'khong-phai-muc-doi-chieu'},
      'Không phải mục');
  let noEntryArmed = false;
  noEntryButton.addEventListener('click', () => {
    if (!noEntryArmed) {
      noEntryArmed = true;
      prompt.textContent = 'Dòng này không phải một mục đăng ký? Bấm «Không phải mục» lần nữa để xác nhận.';
      return;
    }
    save({noEntry: true});
  });
  const form = el('form', {id: 'phieu-doi-chieu', class: 'phieu-doi-chieu', 'data-slot': slot.id, novalidate: true,
                           autocomplete: 'off'},
      table(['Ô', ...keyings.map((k, i) => `Người nhập ${i + 1}: ${k.user || '—'}`), 'Giá trị quyết định'], rows,
            'bang-quyet-dinh'),
      general, el('div', {class: 'nut-hang'}, saveButton, noEntryButton, prompt));
  view.append(viewer.node, form);

  const order = inputs.filter((input) => differing.has(input.name));
  const stops = order.length ? order : inputs;
  const collect = () => Object.fromEntries(inputs.map((input) => [input.name, input.value.trim()]));
  let checkedKey = '';
  let checkSerial = 0;
  let saving = false;

  async function runCheck() {
    const values = collect();
    const key = JSON.stringify(values);
    if (key === checkedKey) return;
    const serial = ++checkSerial;
    let found;
    try {
      found = await checkValues(slot.id, values);
    } catch (err) {
      return;
    }
    if (serial !== checkSerial || saving) return;
    checkedKey = key;
    const armed = gate.armed;
    issues.show(found);
    const now = collect();
    for (const f of fields) {
      if (now[f.key] !== values[f.key]) issues.edited(f.key);
    }
    if (armed && armed !== issues.shownCodes().sort().join(',')) gate.reset();
  }

  async function save({noEntry = false} = {}) {
    if (saving) return;
    if (!noEntry && issues.blocking().length) {
      status.className = 'trang-thai-nhap canh-bao';
      status.textContent = 'Chưa lưu: có ô phải sửa (chữ đỏ đậm) — ô này không thể giữ như vậy.';
      const input = inputs.find((i) => i.name === issues.firstField());
      if (input) input.focus();
      return;
    }
    const codes = noEntry ? [] : issues.shownCodes();
    // A differing field left empty is usually one not decided yet: asked too.
    const empty = noEntry ? [] : order.filter((input) => !input.value.trim());
    if (!noEntry && !gate.pass(empty.length ? [...codes, 'o-trong'] : codes)) {
      prompt.textContent = codes.length ? KEEP : 'Còn ô khác nhau để trống. Nhấn Ctrl+Enter lần nữa để lưu như vậy.';
      if (!codes.length) empty[0].focus();
      return;
    }
    const values = collect();
    saving = true;
    ++checkSerial;
    saveButton.disabled = true;
    status.className = 'trang-thai-nhap';
    status.textContent = 'Đang lưu…';
    try {
      await api(`/api/keying/conflicts/${enc(id)}`, {method: 'POST',
                                                     body: noEntry ? {not_an_entry: true} : {values, confirmed: codes}});
    } catch (err) {
      saving = false;
      saveButton.disabled = false;
      const found = err.status === 422 && err.data && Array.isArray(err.data.issues) ? err.data.issues : [];
      status.className = 'trang-thai-nhap canh-bao';
      status.textContent = `Chưa lưu: ${err.error}${err.hint ? ` ${err.hint}` : ''}`;
      if (found.length) {
        issues.show(found);
        checkedKey = JSON.stringify(values);
        prompt.textContent = KEEP;
        const codesNow = issues.shownCodes();
        if (codesNow.length && !issues.blocking().length) gate.ask(codesNow);
        const input = inputs.find((i) => i.name === issues.firstField());
        if (input) input.focus();
      } else {
        problems.replaceChildren(errorBox(err));
      }
      return;
    }
    status.className = 'trang-thai-nhap tot';
    status.textContent = `Đã lưu quyết định cho dòng ${slot.position}, trang ${slot.page}.`;
    flash = `Đã lưu quyết định cho sổ ${slot.book_id}, trang ${slot.page}, dòng ${slot.position}.`;
    form.inert = true;
    let next = null;
    try {
      const data = await api(conflictsPath(book));
      const items = Array.isArray(data) ? data : (data && data.items) || [];
      next = items.find((item) => String(item.id) !== String(id)) || null;
    } catch (err) {
      next = null;
    }
    if (!view.isConnected) return;
    navigate(next ? `#/doi-chieu/${enc(String(next.id))}${query({so: book})}` : `#/doi-chieu${query({so: book})}`);
  }

  form.addEventListener('input', (event) => {
    if (!event.target.name) return;
    issues.edited(event.target.name);
    gate.reset();
  });
  form.addEventListener('focusout', (event) => {
    if (inputs.includes(event.target) && !saving) runCheck();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (!inputs.includes(event.target)) return;
    event.preventDefault();
    // Enter goes through the differing fields (all fields when none differ).
    const at = inputs.indexOf(event.target);
    const step = event.shiftKey ? -1 : 1;
    let j = at + step;
    while (j >= 0 && j < inputs.length && !stops.includes(inputs[j])) j += step;
    if (j >= 0 && j < inputs.length) {
      inputs[j].focus();
      inputs[j].select();
    } else if (!event.shiftKey) {
      save();
    }
  });

  pageKeys(view, (event) => {
    if (event.isComposing) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    } else if (event.key === 'F2') {
      event.preventDefault();
      cycleImeMode();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      stops[0].focus();
    } else if (event.altKey && !event.ctrlKey && /^(Digit|Numpad)[12]$/.test(event.code)) {
      const row = document.activeElement && document.activeElement.closest('tr[data-truong]');
      const take = row && row.querySelector(`button[data-lay="${event.code.slice(-1)}"]`);
      if (take) {
        event.preventDefault();
        take.click();
      }
    } else if (viewer.handleKey(event)) {
      event.preventDefault();
    }
  });

  if (!fields.length) {
    problems.append(errorBox({error: 'Máy chủ không gửi các ô của dòng này.', hint: 'Báo cho quản trị viên.'}));
    return;
  }
  stops[0].focus();
  // The next dòng's image, while this one is decided.
  api(conflictsPath(book)).then((data) => {
    const items = Array.isArray(data) ? data : (data && data.items) || [];
    const next = items.find((item) => String(item.id) !== String(id));
    if (next && view.isConnected) prefetchRow(next.id);
  }).catch(() => {});
  await viewer.ready();
  if (view.isConnected) document.body.dataset.ready = String(slot.id);
}
