// The single-page app: hash routes (#/tim-kiem, #/ho-so/CODE, ...), the
// session, and the navigation a role may use.
import {api, setCsrf, setUnauthorizedHandler} from './api.js';
import {clear, el, errorBox} from './dom.js';
import {ROLES} from './labels.js';
import * as login from './pages/login.js';
import * as search from './pages/search.js';
import * as dossier from './pages/dossier.js';
import * as review from './pages/review.js';
import * as reports from './pages/reports.js';
import * as upload from './pages/upload.js';
import * as admin from './pages/admin.js';
import * as keying from './pages/keying.js';
import * as conflicts from './pages/conflicts.js';
import * as assignments from './pages/assignments.js';
import * as records from './pages/records.js';

const PAGES = {
  'tim-kiem': {module: search, title: 'Tìm kiếm', roles: ['staff', 'archivist'], nav: true},
  'ho-so': {module: dossier, title: 'Hồ sơ', roles: ['staff', 'archivist'], nav: false},
  'ra-soat': {module: review, title: 'Rà soát', roles: ['archivist'], nav: true},
  'bao-cao': {module: reports, title: 'Báo cáo', roles: ['manager'], nav: true},
  'tai-len': {module: upload, title: 'Tải lên', roles: ['staff'], nav: true},
  'nhap-lieu': {module: keying, title: 'Nhập liệu', roles: ['staff', 'archivist'], nav: true},
  'doi-chieu': {module: conflicts, title: 'Đối chiếu', roles: ['staff', 'archivist'], nav: true},
  'ho-tich': {module: records, title: 'Sổ hộ tịch', roles: ['archivist'], nav: true},
  'giao-viec': {module: assignments, title: 'Giao việc nhập liệu', roles: ['manager'], nav: true},
  'quan-tri': {module: admin, title: 'Quản trị', roles: ['admin'], nav: true},
};
const HOME_BY_ROLE = {staff: 'tai-len', archivist: 'tim-kiem', manager: 'bao-cao', admin: 'quan-tri'};

const state = {user: null, checked: false};
const main = document.getElementById('noi-dung');

function parseHash() {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, '').split('?')[0] || '');
  const raw = location.hash.includes('?') ? location.hash.slice(location.hash.indexOf('?') + 1) : '';
  const parts = hash.split('/').filter(Boolean);
  return {name: parts[0] || '', rest: parts.slice(1), params: new URLSearchParams(raw)};
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function homeFor(user) { return `#/${HOME_BY_ROLE[user.role] || 'tim-kiem'}`; }

function setSession(session) {
  state.user = session ? session.user : null;
  setCsrf(session ? session.csrf : '');
  const nav = document.getElementById('dieu-huong');
  const who = document.getElementById('nguoi-dung');
  clear(nav);
  if (!state.user) {
    nav.hidden = true;
    who.hidden = true;
    return;
  }
  for (const [name, page] of Object.entries(PAGES)) {
    if (page.nav && page.roles.includes(state.user.role)) {
      nav.append(el('a', {href: `#/${name}`, 'data-trang': name}, page.title));
    }
  }
  nav.hidden = false;
  who.hidden = false;
  document.getElementById('ten-nguoi-dung').textContent =
      `${state.user.name} · ${ROLES[state.user.role] || state.user.role}`;
}

function markNavigation(name) {
  for (const link of document.querySelectorAll('#dieu-huong a')) {
    if (link.dataset.trang === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

let routeSerial = 0;
async function route() {
  const serial = ++routeSerial;
  const {name, rest, params} = parseHash();
  if (!state.checked) {
    state.checked = true;
    try {
      setSession(await api('/api/session', {quiet401: true}));
    } catch (err) {
      setSession(null);
      if (err.status !== 401) {
        clear(main).append(errorBox(err));
        return;
      }
    }
    if (serial !== routeSerial) return;
  }
  if (!state.user || name === 'dang-nhap') {
    if (state.user) return navigate(homeFor(state.user));
    document.title = 'Đăng nhập · Số hóa hồ sơ';
    markNavigation('');
    const after = name && name !== 'dang-nhap' ? location.hash : params.get('sau') || '';
    if (name !== 'dang-nhap') {
      history.replaceState(null, '', `#/dang-nhap${after ? `?sau=${encodeURIComponent(after)}` : ''}`);
    }
    const view = el('div', {class: 'trang-dang-nhap'});
    clear(main).append(view);
    login.render(view, {
      after,
      onLogin: (session) => {
        setSession(session);
        navigate(after && !after.startsWith('#/dang-nhap') ? after : homeFor(session.user));
      },
    });
    return;
  }
  const page = PAGES[name];
  if (!page || !page.roles.includes(state.user.role)) {
    history.replaceState(null, '', homeFor(state.user));
    return route();
  }
  document.title = `${page.title} · Số hóa hồ sơ`;
  markNavigation(name);
  const view = el('div', {class: `trang-${name}`});
  clear(main).append(view);
  try {
    await page.module.render(view, {user: state.user, rest, params, navigate});
  } catch (err) {
    if (serial === routeSerial && err && err.status !== 401) view.append(errorBox(err));
  }
}

setUnauthorizedHandler(() => {
  if (!state.user) return;
  setSession(null);
  const back = location.hash.startsWith('#/dang-nhap') ? '' : location.hash;
  navigate(`#/dang-nhap${back ? `?sau=${encodeURIComponent(back)}` : ''}`);
});

document.getElementById('dang-xuat').addEventListener('click', async () => {
  try {
    await api('/api/session', {method: 'DELETE', quiet401: true});
  } catch (err) {
    if (err.status !== 401) {
      main.prepend(errorBox(err));
      return;
    }
  }
  setSession(null);
  navigate('#/dang-nhap');
});

window.addEventListener('hashchange', route);
route();
