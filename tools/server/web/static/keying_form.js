// What the keying workbench and the conflict page share: the form's fields
// and their typing aids (dates, sex, Telex/VNI), the check messages under the
// fields, the confirm-twice rule, and keys that live as long as a page.
import {api, enc} from './api.js';
import {el, fold} from './dom.js';
import {attach, MODES} from './input_method.js';
import {civilFieldLabel} from './labels.js';

const MODE_KEY = 'sohoa.go-tieng-viet';
const MODE_NAMES = {off: 'Tắt', telex: 'Telex', vni: 'VNI'};
const DATE_KEYS = new Set(['registered', 'dob', 'died', 'husband_dob', 'wife_dob']);

// ---- Storage that may be unavailable (private mode, full disk): never throws.

export function readStored(storage, key) {
  try {
    const text = storage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

export function writeStored(storage, key, value) {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
  } catch (e) {
    // Nothing to do: the work goes on without the copy.
  }
}

// ---- The form

// The fields of a form as the server sends it (an array, or {fields}), each
// {key, label, kind}; a missing kind is guessed from the key.
export function formFields(form) {
  const list = Array.isArray(form) ? form : form && Array.isArray(form.fields) ? form.fields : [];
  return list.map((f) => {
    const key = typeof f === 'string' ? f : f.key || f.name || '';
    const given = typeof f === 'object' && f ? f : {};
    const kind = given.kind || (DATE_KEYS.has(key) ? 'date' : key === 'sex' ? 'sex' : 'text');
    return {key, label: given.label || civilFieldLabel(key), kind, required: Boolean(given.required),
            suggestion: typeof given.suggestion === 'string' ? given.suggestion : ''};
  }).filter((f) => f.key);
}

// {key: value} from an object or an array of {field|name|key, value}.
export function valueMap(values) {
  const out = {};
  if (Array.isArray(values)) {
    for (const v of values) {
      const key = v && (v.field || v.name || v.key);
      if (key) out[key] = v.value === null || v.value === undefined ? '' : String(v.value);
    }
  } else if (values && typeof values === 'object') {
    for (const [key, value] of Object.entries(values)) {
      out[key] = value === null || value === undefined ? '' : String(value);
    }
  }
  return out;
}

// A date box's text after `key` is typed at its end: the slashes of
// dd/mm/yyyy come by themselves, a single digit before a slash gets its 0.
// null: refuse the key (the date is complete). Other keys are left to the
// clerk (a book may say "không rõ").
export function typeDate(before, key) {
  const groups = before.split('/');
  const current = groups[groups.length - 1];
  if (!/^\d*$/.test(current) || groups.length > 3 || groups.slice(0, -1).some((g) => !/^\d{2}$/.test(g))) {
    return before + key;
  }
  if (/^[0-9]$/.test(key)) {
    let text = before;
    if (groups.length < 3 && current.length === 2) text += '/';
    else if (groups.length === 3 && current.length === 4) return null;
    text += key;
    const last = text.split('/');
    if (last.length < 3 && last[last.length - 1].length === 2) text += '/';
    return text;
  }
  if ('/.-'.includes(key)) {
    if (groups.length >= 3 || current.length === 0) return null;
    return `${groups.slice(0, -1).map((g) => `${g}/`).join('')}${current.padStart(2, '0')}/`;
  }
  return before + key;
}

// "n", "nam" → Nam; "nu", "nữ", "u" → Nữ; anything else as typed.
export function normalizeSex(text) {
  const folded = fold(String(text).trim());
  if (folded === 'n' || folded === 'nam') return 'Nam';
  if (folded === 'nu' || folded === 'u') return 'Nữ';
  return text;
}

function attachDate(input) {
  input.addEventListener('beforeinput', (event) => {
    if (event.inputType !== 'insertText' || !event.data || event.data.length !== 1) return;
    const caret = input.selectionStart;
    if (caret !== input.selectionEnd || caret !== input.value.length) return;
    const text = typeDate(input.value, event.data);
    if (text === input.value + event.data) return;
    event.preventDefault();
    if (text === null) return;
    input.value = text;
    input.setSelectionRange(text.length, text.length);
    input.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText', data: event.data}));
  });
}

// The input for one field: name = the field's key, the aids of its kind.
export function fieldInput(field, value) {
  const attrs = {name: field.key, value: value || '', autocomplete: 'off', spellcheck: 'false',
                 'data-kieu': field.kind, class: 'o-nhap-lieu'};
  if (field.kind === 'date') Object.assign(attrs, {inputmode: 'numeric', placeholder: 'dd/mm/yyyy', maxlength: 24});
  if (field.kind === 'number') attrs.inputmode = 'numeric';
  if (field.kind === 'sex') attrs.placeholder = 'Nam / Nữ';
  if (field.suggestion) attrs.placeholder = `${field.suggestion} (phím cách: điền)`;
  if (field.required) attrs['aria-required'] = 'true';
  const input = el('input', attrs);
  if (field.suggestion) {
    // The form's usual value ("Kinh") in one key, in an empty box only.
    input.addEventListener('keydown', (event) => {
      if (event.key !== ' ' || input.value || event.ctrlKey || event.altKey || event.metaKey) return;
      event.preventDefault();
      input.value = field.suggestion;
      input.dispatchEvent(new Event('input', {bubbles: true}));
    });
  }
  if (field.kind === 'date') {
    attachDate(input);
  } else if (field.kind !== 'number') {
    attach(input, imeMode);
  }
  if (field.kind === 'sex') {
    input.addEventListener('blur', () => {
      const text = normalizeSex(input.value);
      if (text !== input.value) {
        input.value = text;
        input.dispatchEvent(new Event('input', {bubbles: true}));
      }
    });
  }
  return input;
}

// ---- Telex / VNI: one mode for every page, kept in the browser.

let mode = (() => {
  const stored = readStored(localStorage, MODE_KEY);
  return MODES.includes(stored) ? stored : 'off';
})();
const modeListeners = new Set();

export function imeMode() { return mode; }

export function setImeMode(next) {
  mode = MODES.includes(next) ? next : 'off';
  writeStored(localStorage, MODE_KEY, mode);
  for (const listener of modeListeners) listener(mode);
}

export function cycleImeMode() {
  setImeMode(MODES[(MODES.indexOf(mode) + 1) % MODES.length]);
}

// The Tắt / Telex / VNI switch (radio buttons: arrow keys move it; F2 too).
export function imeToggle(view) {
  const box = el('fieldset', {class: 'chon-go', id: 'go-tieng-viet'},
      el('legend', {}, 'Gõ tiếng Việt (F2)'));
  const radios = MODES.map((m) => {
    const radio = el('input', {type: 'radio', name: 'go-tieng-viet', value: m, id: `go-${m}`});
    radio.checked = m === mode;
    radio.addEventListener('change', () => radio.checked && setImeMode(m));
    box.append(el('label', {for: `go-${m}`}, radio, MODE_NAMES[m]));
    return radio;
  });
  const listener = (m) => {
    if (!view.isConnected) {
      modeListeners.delete(listener);
      return;
    }
    for (const radio of radios) radio.checked = radio.value === m;
  };
  modeListeners.add(listener);
  return box;
}

// ---- Keys and life of a page

// A keydown handler on the document while `view` is on screen.
export function pageKeys(view, handler) {
  const listener = (event) => {
    if (!view.isConnected) {
      document.removeEventListener('keydown', listener, true);
      return;
    }
    handler(event);
  };
  document.addEventListener('keydown', listener, true);
}

// Runs `cleanup` when the page is left (the first hash change).
export function onLeave(cleanup) {
  window.addEventListener('hashchange', cleanup, {once: true});
}

// ---- Checks

export async function checkValues(slotId, values) {
  const r = await api('/api/keying/check', {method: 'POST', body: {slot: slotId, values}});
  return Array.isArray(r && r.issues) ? r.issues : [];
}

export function slotPath(slotId) { return `/api/keying/slots/${enc(String(slotId))}`; }

// The check messages, each under its field (the rest under the form). A
// field edited since its messages came is "stale": they fade and no longer
// count as shown until the next check.
export class IssueBoard {
  constructor(general) {
    this.general = general;
    this.places = new Map();  // field key → element under the field
    this.issues = [];
    this.stale = new Set();
  }

  place(key, node) { this.places.set(key, node); }

  show(issues) {
    this.issues = Array.isArray(issues) ? issues.filter((i) => i && (i.message || i.code)) : [];
    this.stale.clear();
    for (const node of this.places.values()) {
      node.replaceChildren();
      node.classList.remove('cu');
    }
    this.general.replaceChildren();
    for (const node of this.places.values()) node.closest('[data-truong]')?.classList.remove('co-loi');
    for (const issue of this.issues) {
      const target = this.places.get(issue.field) || this.general;
      target.append(el('p', {class: ['loi-truong', issue.confirmable === false && 'phai-sua'], role: 'alert',
                             'data-ma': issue.code || ''}, issue.message || issue.code));
      if (target !== this.general) target.closest('[data-truong]')?.classList.add('co-loi');
    }
  }

  edited(key) {
    if (!this.issues.some((i) => i.field === key) || this.stale.has(key)) return;
    this.stale.add(key);
    const node = this.places.get(key);
    if (node) {
      node.classList.add('cu');
      node.closest('[data-truong]')?.classList.remove('co-loi');
    }
  }

  current() { return this.issues.filter((i) => !this.stale.has(i.field)); }

  // The codes on screen the clerk may keep as the book says, each once.
  shownCodes() {
    return [...new Set(this.current().filter((i) => i.confirmable !== false).map((i) => i.code).filter(Boolean))];
  }

  // What must be fixed before saving (no page can mean it).
  blocking() { return this.current().filter((i) => i.confirmable === false); }

  // The first field with a message that counts, those to fix first.
  firstField() {
    const on = (list) => list.find((i) => this.places.has(i.field));
    const issue = on(this.blocking()) || on(this.current());
    return issue ? issue.field : '';
  }

  clear() { this.show([]); }
}

// The confirm-twice rule: with messages on screen, the first save only asks
// "keep as the book says?"; the second, with nothing edited between, saves
// with those codes confirmed.
export class ConfirmGate {
  constructor(prompt) {
    this.prompt = prompt;
    this.armed = '';
  }

  // true: go ahead and save with `codes` confirmed; false: asked first.
  pass(codes) {
    if (!codes.length) return true;
    const key = [...codes].sort().join(',');
    if (this.armed === key) return true;
    this.ask(codes);
    return false;
  }

  ask(codes) {
    this.armed = [...codes].sort().join(',');
    this.prompt.hidden = false;
  }

  reset() {
    this.armed = '';
    this.prompt.hidden = true;
  }
}

export function confirmPrompt() {
  return el('p', {class: 'hoi-giu', role: 'status', id: 'hoi-giu-nguyen', hidden: true},
      'Giữ nguyên như trong sổ? Nhấn Ctrl+Enter lần nữa để lưu');
}

// 14:32 (local time) of a Date or ISO text.
export function clock(at) {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
