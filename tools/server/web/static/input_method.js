// Vietnamese typed on a plain keyboard, Telex or VNI, converted word by word
// as the clerk types (attach) or all at once (telexToUnicode, vniToUnicode).
// Pure: no DOM but `attach`, so a test can evaluate the conversions alone.
//
// Telex: aa â, aw ă, ee ê, oo ô, ow ơ, uw ư, uow ươ, w alone ư, dd đ; tones
// s sắc, f huyền, r hỏi, x ngã, j nặng, z removes the tone. VNI: 6 ^, 7 horn,
// 8 breve, 9 đ; 1–5 the tones in that order, 0 removes it. A mark or tone key
// may come anywhere after the vowel ("nguyenx" too). Pressing a key again
// undoes it and types the key itself, as UniKey does: "ass" → "as",
// "ddd" → "dd", "a11" → "a1".
//
// Where the tone goes, one rule throughout, the style most registers and
// the national databases are typed in (hòa, khỏe, thủy, never hoà, khoẻ,
// thuỷ; UniKey calls it "kiểu cũ"): on the vowel that carries a mark (ế;
// ươ: on ơ); else on the only vowel; else, when a consonant ends the
// syllable, on the last vowel (hoàng, huỳnh); else on the first of two
// vowels (hòa, thủy, mái, múa) and the middle one of three (hoài, khuỷu).
// The u of "qu" and the i of "gi" before a vowel belong to the consonant
// (quý, già). Keys after a word that is not a Vietnamese syllable (Anna,
// Maria after its r) are typed as themselves.

const TONE_MARKS = {s: '\u0301', f: '\u0300', r: '\u0309', x: '\u0303', j: '\u0323'};
const MARK_TONES = {'\u0301': 's', '\u0300': 'f', '\u0309': 'r', '\u0303': 'x', '\u0323': 'j'};
const MOD_MARKS = {circ: '\u0302', breve: '\u0306', horn: '\u031b'};
const MARK_MODS = {'\u0302': 'circ', '\u0306': 'breve', '\u031b': 'horn'};
const VOWELS = 'aeiouy';
const INITIALS = new Set(['', 'b', 'c', 'ch', 'd', 'g', 'gh', 'gi', 'h', 'k', 'kh', 'l', 'm', 'n', 'ng', 'ngh',
                          'nh', 'p', 'ph', 'q', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x']);
const FINALS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);
const VNI_TONES = {1: 's', 2: 'f', 3: 'r', 4: 'x', 5: 'j'};
const WORD_CHAR = /[\p{L}\p{M}]/u;

export const MODES = ['off', 'telex', 'vni'];

// What a word remembers between keys: which keys were undone (now typed as
// themselves) and where a lone Telex w made an ư.
export function newState() {
  return {literal: new Set(), lone: -1};
}

function isVowel(letter) {
  return letter.mod !== 'stroke' && VOWELS.includes(letter.base);
}

// The word as letters {base a–z, upper, mod} and one tone; null when it holds
// a mark Vietnamese does not use (then nothing is converted).
function parse(word) {
  const letters = [];
  let tone = '';
  for (const ch of word.normalize('NFC')) {
    if (ch === 'đ' || ch === 'Đ') {
      letters.push({base: 'd', upper: ch === 'Đ', mod: 'stroke'});
      continue;
    }
    const [base, ...marks] = ch.normalize('NFD');
    const lower = base.toLowerCase();
    const letter = {base: lower, upper: base !== lower, mod: ''};
    for (const m of marks) {
      if (MARK_MODS[m]) letter.mod = MARK_MODS[m];
      else if (MARK_TONES[m]) tone = tone || MARK_TONES[m];
      else return null;
    }
    letters.push(letter);
  }
  return {letters, tone};
}

const spell = (letters) => letters.map((l) => l.base).join('');

// The vowel nucleus [start, end) and whether the word is a syllable.
function syllable(letters) {
  let start = 0;
  while (start < letters.length && !isVowel(letters[start])) ++start;
  const head = spell(letters.slice(0, start));
  const next = letters[start + 1];
  if (start < letters.length && next && isVowel(next) && letters[start].mod === '' &&
      ((head === 'q' && letters[start].base === 'u') || (head === 'g' && letters[start].base === 'i'))) {
    ++start;
  }
  let end = start;
  while (end < letters.length && isVowel(letters[end])) ++end;
  const valid = end > start && end - start <= 3 && INITIALS.has(spell(letters.slice(0, start))) &&
                FINALS.has(spell(letters.slice(end)));
  return {start, end, valid};
}

function tonePosition(letters, {start, end}) {
  const nucleus = [];
  for (let i = start; i < end; ++i) nucleus.push(i);
  if (!nucleus.length) {
    const first = letters.findIndex(isVowel);
    return first;
  }
  const marked = nucleus.filter((i) => letters[i].mod);
  if (marked.length) return marked[marked.length - 1];
  if (nucleus.length === 1) return nucleus[0];
  if (end < letters.length) return nucleus[nucleus.length - 1];
  return nucleus.length === 2 ? nucleus[0] : nucleus[1];
}

function render(letters, tone) {
  const at = tone ? tonePosition(letters, syllable(letters)) : -1;
  let out = '';
  letters.forEach((l, i) => {
    let s = l.mod === 'stroke' ? 'đ'
        : (l.base + (l.mod ? MOD_MARKS[l.mod] : '') + (i === at ? TONE_MARKS[tone] : '')).normalize('NFC');
    if (l.upper) s = s.toUpperCase();
    out += s;
  });
  return out;
}

// The index of the last letter of the nucleus whose base is in `bases`.
function lastOf(letters, syl, bases) {
  for (let i = syl.end - 1; i >= syl.start; --i) {
    if (bases.includes(letters[i].base)) return i;
  }
  return -1;
}

// The letters a horn key (Telex w, VNI 7) or breve key changes, with the mark.
function hornTargets(letters, syl, withBreve) {
  for (let i = syl.start; i + 1 < syl.end; ++i) {
    if (letters[i].base === 'u' && letters[i + 1].base === 'o') return [[i, 'horn'], [i + 1, 'horn']];
  }
  if (withBreve) {
    for (let i = syl.start; i + 1 < syl.end; ++i) {
      if (letters[i].base === 'o' && letters[i + 1].base === 'a') return [[i + 1, 'breve']];
    }
  }
  for (let i = syl.start; i < syl.end; ++i) {
    if (letters[i].base === 'u' || letters[i].base === 'o') return [[i, 'horn']];
  }
  if (withBreve) {
    const a = lastOf(letters, syl, 'a');
    if (a >= 0) return [[a, 'breve']];
  }
  return [];
}

// The key added to the word as it is; a letter may move the tone (hùy +n →
// huỳn).
function asTyped(word, key, state, ends) {
  const typed = {word: word + key, state, consumed: false, ends};
  if (!WORD_CHAR.test(key)) return typed;
  const parsed = parse(typed.word);
  if (!parsed || !parsed.tone || !syllable(parsed.letters).valid) return typed;
  const out = render(parsed.letters, parsed.tone);
  return out === typed.word ? typed : {...typed, word: out, consumed: true};
}

// One key typed at the end of `word` (the letters before the caret), as
// Telex or VNI: {word, state, consumed, ends}. `consumed` when the key
// changed the word rather than being added to it; `ends` when the word is
// over (a VNI digit that stays a digit).
export function typeKey(word, key, method = 'telex', state = newState()) {
  const vni = method === 'vni';
  const k = key.toLowerCase();
  const isDigit = /^[0-9]$/.test(key);
  const plain = asTyped(word, key, state, vni && isDigit);
  if (vni ? !isDigit || !word : !/^[a-z]$/.test(k)) return plain;
  if (state.literal.has(k)) return plain;
  const parsed = parse(word);
  if (!parsed) return plain;
  const {letters} = parsed;
  let {tone} = parsed;
  const syl = syllable(letters);
  const done = (undone) => {
    const next = {literal: new Set(state.literal), lone: state.lone};
    if (undone) next.literal.add(k);
    const out = render(letters, tone) + (undone ? key : '');
    return {word: out, state: next, consumed: out !== word + key, ends: vni && undone};
  };

  // Telex w with no vowel to mark: ư (and w again: w).
  if (!vni && k === 'w') {
    if (state.lone >= 0 && state.lone === letters.length - 1 && letters[state.lone].base === 'u' &&
        letters[state.lone].mod === 'horn') {
      const next = {literal: new Set(state.literal).add('w'), lone: -1};
      return {word: [...word].slice(0, -1).join('') + key, state: next, consumed: true, ends: false};
    }
    if (!letters.some(isVowel) && INITIALS.has(spell(letters))) {
      const out = word + (key === 'W' ? 'Ư' : 'ư');
      return {word: out, state: {literal: new Set(state.literal), lone: letters.length}, consumed: true, ends: false};
    }
  }

  const toneKey = vni ? VNI_TONES[k] : 'sfrxj'.includes(k) ? k : '';
  if (toneKey || k === (vni ? '0' : 'z')) {
    if (!syl.valid) return plain;
    if (!toneKey) {
      if (!tone) return plain;
      tone = '';
      return done(false);
    }
    if (tone === toneKey) {
      tone = '';
      return done(true);
    }
    tone = toneKey;
    return done(false);
  }

  if (k === (vni ? '9' : 'd')) {
    const first = letters[0];
    if (letters.length === 1 && first.mod === 'stroke') {
      first.mod = '';
      return done(true);
    }
    if (first && first.base === 'd' && first.mod === '' && (letters.length === 1 || syl.valid)) {
      first.mod = 'stroke';
      return done(false);
    }
    return plain;
  }

  if (!syl.valid) return plain;
  let targets = [];
  if (vni ? k === '6' : 'aeo'.includes(k)) {
    const i = lastOf(letters, syl, vni ? 'aeo' : k);
    if (i >= 0) targets = [[i, 'circ']];
  } else if (vni ? k === '7' : k === 'w') {
    targets = hornTargets(letters, syl, !vni);
  } else if (vni && k === '8') {
    const i = lastOf(letters, syl, 'a');
    if (i >= 0) targets = [[i, 'breve']];
  }
  if (!targets.length) return plain;
  if (targets.every(([i, mod]) => letters[i].mod === mod)) {
    for (const [i] of targets) letters[i].mod = '';
    return done(true);
  }
  for (const [i, mod] of targets) letters[i].mod = mod;
  return done(false);
}

function convert(text, method) {
  let out = '';
  let word = '';
  let state = newState();
  for (const ch of String(text)) {
    const isKey = WORD_CHAR.test(ch) || (method === 'vni' && /[0-9]/.test(ch) && word);
    if (!isKey) {
      out += word + ch;
      word = '';
      state = newState();
      continue;
    }
    const r = typeKey(word, ch, method, state);
    if (r.ends) {
      out += r.word;
      word = '';
      state = newState();
    } else {
      word = r.word;
      state = r.state;
    }
  }
  return out + word;
}

// The text as the clerk would see it after typing it key by key.
export function telexToUnicode(text) { return convert(text, 'telex'); }
export function vniToUnicode(text) { return convert(text, 'vni'); }

// Converts, in `input`, the word before the caret as each key is typed, in
// the mode getMode() returns ('off', 'telex' or 'vni'). Leaves alone what
// an input method of the system composes, pastes, and edits inside a word.
// A conversion fires an `input` event like typing does.
export function attach(input, getMode) {
  let last = {word: null, state: newState()};
  input.addEventListener('beforeinput', (event) => {
    const mode = getMode();
    if (mode !== 'telex' && mode !== 'vni') return;
    if (event.inputType !== 'insertText' || event.isComposing || !event.data || [...event.data].length !== 1) {
      last = {word: null, state: newState()};
      return;
    }
    const caret = input.selectionStart;
    if (caret === null || caret !== input.selectionEnd) return;
    const value = input.value;
    if (WORD_CHAR.test(value.charAt(caret))) return;
    const match = /[\p{L}\p{M}]+$/u.exec(value.slice(0, caret));
    const word = match ? match[0] : '';
    const key = event.data;
    if (!(WORD_CHAR.test(key) || (mode === 'vni' && /[0-9]/.test(key) && word))) {
      last = {word: null, state: newState()};
      return;
    }
    const r = typeKey(word, key, mode, last.word === word ? last.state : newState());
    last = r.ends ? {word: null, state: newState()} : {word: r.word, state: r.state};
    if (!r.consumed) return;
    event.preventDefault();
    input.setRangeText(r.word, caret - word.length, caret, 'end');
    input.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText', data: key}));
  });
}
