// The keying workbench: one register entry at a time, the image of its row
// above a form in the book's column order, keyboard only. What is typed is
// kept in this browser until it is saved; after a save the next entry comes
// at once.
import {api, query} from '../api.js';
import {el, errorBox, formatInteger} from '../dom.js';
import {BOOK_TYPES, label} from '../labels.js';
import {
  ConfirmGate, IssueBoard, checkValues, clock, confirmPrompt, cycleImeMode, fieldInput, formFields, imeToggle,
  onLeave, pageKeys, readStored, slotPath, valueMap, writeStored,
} from '../keying_form.js';
import {RowViewer, forgetSlot, prefetchRow} from '../row_image.js';

const DRAFT_PREFIX = 'sohoa.nhap-lieu.';
const DRAFT_DAYS = 14;
const BOOK_KEY = 'sohoa.so-nhap-lieu';
// The day's count, in this browser (a closed window does not reset it).
const COUNTER_PREFIX = 'sohoa.dem-nhap.';

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function draftKey(user, slotId) { return `${DRAFT_PREFIX}${user}.${slotId}`; }

// Drafts of entries nobody came back to, and the counts of other days.
function pruneDrafts() {
  try {
    const old = Date.now() - DRAFT_DAYS * 86400e3;
    for (let i = localStorage.length - 1; i >= 0; --i) {
      const key = localStorage.key(i);
      if (key && key.startsWith(COUNTER_PREFIX) && !key.endsWith(`.${today()}`)) localStorage.removeItem(key);
      if (!key || !key.startsWith(DRAFT_PREFIX)) continue;
      const draft = readStored(localStorage, key);
      if (!draft || !(draft.at > old)) localStorage.removeItem(key);
    }
  } catch (e) {
    // Storage unavailable: nothing kept, nothing to prune.
  }
}

function where(slot) {
  return `Sổ ${slot.book_id} · trang ${slot.page} · dòng ${slot.position}`;
}

function help() {
  const keys = [
    ['Enter', 'ô tiếp theo; ở ô cuối: lưu'], ['Ctrl+Enter', 'lưu'], ['Esc', 'về ô đầu'],
    ['F2', 'Tắt / Telex / VNI'], ['Ctrl+↑ / Ctrl+↓', 'phóng to, thu nhỏ ảnh'],
    ['Ctrl+Shift+← / →', 'dịch ảnh'], ['F4', 'xem cả trang'], ['Ctrl+Del ×2', 'không phải mục'],
  ];
  return el('p', {class: 'phim-tat'}, keys.map(([k, text]) => el('span', {}, el('kbd', {}, k), ` ${text}`)));
}

export async function render(view, {user, params, navigate}) {
  pruneDrafts();
  const who = user.name;
  const book = params.has('so') ? params.get('so') : readStored(localStorage, BOOK_KEY) || '';
  const counterKey = `${COUNTER_PREFIX}${who}.${today()}`;

  const chooser = el('select', {id: 'chon-so', name: 'book'});
  const chooserField = el('label', {class: 'chon-so', hidden: true}, el('span', {class: 'nhan'}, 'Sổ'), chooser);
  const counter = el('p', {id: 'dem-nhap', class: 'dem-nhap'});
  const status = el('p', {id: 'trang-thai-nhap', class: 'trang-thai-nhap', role: 'status'});
  const problems = el('div', {id: 'loi-nhap'});
  const stage = el('div', {class: 'ban-nhap'}, el('p', {class: 'dang-tai'}, 'Đang tải dòng cần nhập…'));
  view.append(el('h1', {class: 'an'}, 'Nhập liệu sổ hộ tịch'),
      el('div', {class: 'thanh-nhap'}, chooserField, imeToggle(view), counter, status),
      problems, stage, help());

  let entry = null;
  let saving = false;
  let loadSerial = 0;

  onLeave(() => {
    delete document.body.dataset.ready;
    if (entry) forgetSlot(entry.slot.id);
  });

  function setStatus(text, tone) {
    status.textContent = text;
    status.className = `trang-thai-nhap ${tone || ''}`;
  }

  function showCounter() {
    const c = readStored(localStorage, counterKey) || {};
    counter.textContent = `Đã nhập hôm nay: ${formatInteger(c.count || 0)}` +
        (c.last ? ` · lần cuối lúc ${clock(c.last)}` : '');
  }
  showCounter();

  api('/api/keying/books').then((all) => {
    // The books with pages given to this clerk (all, if the server does not say).
    const books = (Array.isArray(all) ? all : []).filter((b) => !Array.isArray(b.mine) || b.mine.length);
    if (!books.length || !view.isConnected) return;
    chooser.append(el('option', {value: ''}, 'Mọi sổ được giao'));
    for (const b of books) {
      chooser.append(el('option', {value: b.id},
          `${b.id} · ${b.title || label(BOOK_TYPES, b.type)}${b.year ? ` · ${b.year}` : ''}`));
    }
    chooser.value = books.some((b) => b.id === book) ? book : '';
    chooserField.hidden = false;
  }).catch(() => {});  // the chooser is optional: keying goes on without it
  chooser.addEventListener('change', () => {
    writeStored(localStorage, BOOK_KEY, chooser.value);
    navigate(`#/nhap-lieu${query({so: chooser.value})}`);
  });

  const collect = (e) => Object.fromEntries(e.inputs.map((input) => [input.name, input.value.trim()]));

  function saveDraft(e) {
    writeStored(localStorage, draftKey(who, e.slot.id), {
      values: collect(e), edited: [...e.edited], at: Date.now(),
      seconds: Math.round((performance.now() - e.started) / 1000),
    });
  }

  async function loadNext() {
    const serial = ++loadSerial;
    delete document.body.dataset.ready;
    let data;
    try {
      data = await api(`/api/keying/next${query({book})}`);
    } catch (err) {
      if (serial !== loadSerial || !view.isConnected) return;
      stage.replaceChildren();
      problems.replaceChildren(errorBox(err), retryButton('Thử lại'));
      return;
    }
    if (serial !== loadSerial || !view.isConnected) return;
    problems.replaceChildren();
    if (!data || !data.slot) {
      if (entry) forgetSlot(entry.slot.id);
      entry = null;
      stage.replaceChildren(el('div', {class: 'het-viec the', id: 'het-viec'},
          el('p', {class: 'lon'}, (data && data.message) || 'Đã nhập hết các trang được giao.'),
          el('p', {class: 'phu'}, 'Khi được giao thêm trang, bấm «Kiểm tra lại».'),
          retryButton('Kiểm tra lại')));
      stage.querySelector('button').focus();
      document.body.dataset.ready = 'het';
      return;
    }
    show(data);
  }

  function retryButton(text) {
    const button = el('button', {type: 'button', class: 'nut-phu', id: 'thu-lai'}, text);
    button.addEventListener('click', () => {
      problems.replaceChildren();
      loadNext();
    });
    return button;
  }

  function show(data) {
    const slot = data.slot;
    if (entry && entry.slot.id !== slot.id) forgetSlot(entry.slot.id);
    // The next entry's row, fetched while this one is typed.
    if (data.following && data.following.id !== slot.id) prefetchRow(data.following.id);
    const fields = formFields(data.form || slot.form);
    if (!fields.length) {
      entry = null;
      stage.replaceChildren();
      problems.replaceChildren(errorBox({error: 'Máy chủ không gửi các ô cần nhập của sổ này.',
                                         hint: 'Báo cho quản trị viên.'}));
      return;
    }
    const prefill = valueMap(data.values);
    const offered = new Set(Array.isArray(data.prefilled) ? data.prefilled : Object.keys(prefill));
    const draft = readStored(localStorage, draftKey(who, slot.id));
    const values = {...prefill, ...valueMap(draft && draft.values)};
    const general = el('div', {class: 'loi-chung'});
    const prompt = confirmPrompt();
    const e = {
      slot, fields, inputs: [], edited: new Set(draft && Array.isArray(draft.edited) ? draft.edited : []),
      issues: new IssueBoard(general), gate: new ConfirmGate(prompt), checkedKey: '', checkSerial: 0,
      started: performance.now() - ((draft && draft.seconds) || 0) * 1000,
    };
    const title = data.book && data.book.title ? data.book.title : '';
    e.viewer = new RowViewer(slot, `Ảnh dòng ${slot.position}, trang ${slot.page}`,
        el('p', {class: 'vi-tri-dong', id: 'vi-tri-dong'}, el('strong', {}, where(slot)),
           title ? el('span', {class: 'phu'}, ` · ${title}`) : null,
           draft ? el('span', {class: 'nhan-canh-bao'}, 'Đã khôi phục phần đang nhập dở') : null));
    entry = e;

    const grid = el('div', {class: 'luoi-truong'});
    for (const f of fields) {
      const input = fieldInput(f, values[f.key]);
      input.id = `truong-${f.key}`;
      const suggested = offered.has(f.key) && Boolean(prefill[f.key]) && !e.edited.has(f.key) &&
          values[f.key] === prefill[f.key];
      if (suggested) input.dataset.goiY = 'ocr';
      const messages = el('div', {class: 'cho-loi-truong'});
      e.issues.place(f.key, messages);
      e.inputs.push(input);
      grid.append(el('div', {class: ['o-truong', suggested && 'goi-y-ocr'], 'data-truong': f.key},
          el('label', {for: input.id}, f.label, f.required ? el('span', {class: 'bat-buoc', title: 'Bắt buộc'}, ' *') : null,
             suggested ? el('span', {class: 'the-ocr'}, 'OCR gợi ý') : null),
          input, messages));
    }
    const saveButton = el('button', {type: 'submit', class: 'nut-chinh', id: 'luu-nhap'}, 'Lưu (Ctrl+Enter)');
    // A row that holds no registration: a wrapped line, a blank or struck-out row.
    const noEntryButton = el('button', {type: 'button', class: 'nut-phu', id: 'khong-phai-muc',
                                        title: 'Dòng này không phải một mục đăng ký (dòng viết tràn, dòng trống, dòng gạch bỏ)'},
        'Không phải mục (Ctrl+Del)');
    noEntryButton.addEventListener('click', () => saveNoEntry());
    const form = el('form', {id: 'phieu-nhap', class: 'phieu-nhap', 'data-slot': slot.id, novalidate: true,
                             autocomplete: 'off'},
        grid, general, el('div', {class: 'nut-hang'}, saveButton, noEntryButton, prompt));
    e.form = form;
    e.saveButton = saveButton;
    stage.replaceChildren(e.viewer.node, form);

    form.addEventListener('input', (event) => {
      const input = event.target;
      if (!input.name || entry !== e || e.done) return;
      e.edited.add(input.name);
      if (input.dataset.goiY) {
        delete input.dataset.goiY;
        const box = input.closest('.o-truong');
        box.classList.remove('goi-y-ocr');
        box.querySelector('.the-ocr')?.remove();
      }
      e.issues.edited(input.name);
      e.gate.reset();
      saveDraft(e);
    });
    form.addEventListener('focusout', (event) => {
      // Not once saved: the form going inert takes the focus, and nothing is left to check.
      if (e.inputs.includes(event.target) && !saving && entry === e && !e.done) runCheck(e);
    });
    form.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      const i = e.inputs.indexOf(event.target);
      if (i < 0) return;
      event.preventDefault();
      if (event.shiftKey) {
        if (i > 0) focusField(e.inputs[i - 1]);
      } else if (i === e.inputs.length - 1) {
        save();
      } else {
        focusField(e.inputs[i + 1]);
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      save();
    });

    focusField(e.inputs[0]);
    e.viewer.ready().then(() => {
      if (entry !== e || !view.isConnected) return;
      if (!form.contains(document.activeElement)) focusField(e.inputs[0]);
      document.body.dataset.ready = String(slot.id);
    });
  }

  function focusIssue(e) {
    const first = e.issues.firstField();
    const input = first && e.inputs.find((i) => i.name === first);
    if (input) focusField(input);
  }

  function focusField(input) {
    input.focus();
    input.select();
  }

  async function runCheck(e) {
    const values = collect(e);
    const key = JSON.stringify(values);
    if (key === e.checkedKey) return;
    const serial = ++e.checkSerial;
    let issues;
    try {
      issues = await checkValues(e.slot.id, values);
    } catch (err) {
      return;  // the save is checked again by the server
    }
    if (serial !== e.checkSerial || entry !== e || saving) return;
    e.checkedKey = key;
    const armed = e.gate.armed;
    e.issues.show(issues);
    const now = collect(e);
    for (const f of e.fields) {
      if (now[f.key] !== values[f.key]) e.issues.edited(f.key);
    }
    if (armed && armed !== e.issues.shownCodes().sort().join(',')) e.gate.reset();
  }

  // Ctrl+Del twice (or the button twice): the row is no entry.
  let noEntryArmed = null;
  function saveNoEntry() {
    const e = entry;
    if (!e || e.done || saving) return;
    if (noEntryArmed !== e) {
      noEntryArmed = e;
      setStatus('Dòng này không phải một mục đăng ký? Nhấn Ctrl+Del lần nữa để xác nhận.', 'canh-bao');
      return;
    }
    noEntryArmed = null;
    save({noEntry: true});
  }

  async function save({noEntry = false} = {}) {
    const e = entry;
    if (!e || e.done || saving) return;
    if (noEntry) return send(e, {not_an_entry: true, seconds: Math.round((performance.now() - e.started) / 100) / 10}, {});
    if (e.issues.blocking().length) {
      setStatus('Chưa lưu: có ô phải sửa (chữ đỏ đậm) — ô này không thể giữ như vậy.', 'canh-bao');
      focusIssue(e);
      return;
    }
    const codes = e.issues.shownCodes();
    if (!e.gate.pass(codes)) return;
    const values = collect(e);
    const seconds = Math.round((performance.now() - e.started) / 100) / 10;
    return send(e, {values, seconds, confirmed: codes}, values);
  }

  async function send(e, body, values) {
    saving = true;
    ++e.checkSerial;
    setStatus('Đang lưu…', '');
    e.saveButton.disabled = true;
    let result;
    try {
      result = await api(slotPath(e.slot.id), {method: 'POST', body});
    } catch (err) {
      saving = false;
      e.saveButton.disabled = false;
      if (entry !== e || !view.isConnected) return;
      const issues = err.status === 422 && err.data && Array.isArray(err.data.issues) ? err.data.issues : [];
      if (issues.length) {
        e.issues.show(issues);
        e.checkedKey = JSON.stringify(values);
        const shown = e.issues.shownCodes();
        if (shown.length && !e.issues.blocking().length) e.gate.ask(shown);
        setStatus(`Chưa lưu: ${err.error}${err.hint ? ` ${err.hint}` : ''}`, 'canh-bao');
        focusIssue(e);
      } else {
        problems.replaceChildren(errorBox(err), retryButton('Tải lại dòng đang nhập'));
        setStatus('Chưa lưu được. Phần đã nhập vẫn được giữ trên máy này.', 'loi-chu');
      }
      return;
    }
    saving = false;
    // Keys pressed before the next entry shows must not land in this one.
    e.done = true;
    e.form.inert = true;
    writeStored(localStorage, draftKey(who, e.slot.id), null);
    const c = readStored(localStorage, counterKey) || {};
    writeStored(localStorage, counterKey, {count: (c.count || 0) + 1, last: new Date().toISOString()});
    showCounter();
    problems.replaceChildren();
    setStatus(`Đã lưu trang ${e.slot.page}, dòng ${e.slot.position}${body.not_an_entry ? ': không phải mục' : ''}` +
        ` (${clock(new Date())})` +
        (result && result.state === 'differ' ? ' · khác lần nhập kia, sẽ đối chiếu' : ''), 'tot');
    await loadNext();
  }

  pageKeys(view, (event) => {
    if (event.isComposing) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    } else if (event.key === 'Delete' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      saveNoEntry();
    } else if (event.key === 'F2') {
      event.preventDefault();
      cycleImeMode();
    } else if (event.key === 'Escape' && entry) {
      event.preventDefault();
      focusField(entry.inputs[0]);
    } else if (entry && entry.viewer.handleKey(event)) {
      event.preventDefault();
    }
  });

  await loadNext();
}
