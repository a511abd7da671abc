// Administration: users with their roles and agencies (list, add, disable)
// and the access log with filters.
import {api, enc, query} from '../api.js';
import {dateInput, el, errorBox, field, formatDate, noticeBox, options, readDates, section, table} from '../dom.js';
import {EVENT_TYPES, OUTCOMES, ROLES, label} from '../labels.js';

export async function render(view, {params, navigate}) {
  view.append(el('h1', {}, 'Quản trị'));
  const users = el('div');
  const log = el('div');
  view.append(section('Người dùng', addUserForm(() => loadUsers(users)), users),
              section('Nhật ký truy cập', logFilters(params, navigate), log));
  await Promise.all([loadUsers(users), loadLog(log, params)]);
}

async function loadUsers(container) {
  let list;
  try {
    list = await api('/api/users');
  } catch (err) {
    container.replaceChildren(errorBox(err));
    return;
  }
  container.replaceChildren(table(['Tên đăng nhập', 'Vai trò', 'Cơ quan', 'Trạng thái', 'Ngày tạo', ''],
      list.map((u) => {
        const messages = el('span');
        const disable = u.disabled ? null : el('button', {type: 'button', class: 'nut-phu nho'}, 'Khóa');
        if (disable) {
          disable.addEventListener('click', async () => {
            if (!window.confirm(`Khóa người dùng ${u.name}? Người này sẽ không đăng nhập được nữa.`)) return;
            disable.disabled = true;
            try {
              await api(`/api/users/${enc(u.name)}/disable`, {method: 'POST', body: {}});
              await loadUsers(container);
            } catch (err) {
              disable.disabled = false;
              messages.replaceChildren(errorBox(err));
            }
          });
        }
        return el('tr', {class: u.disabled ? 'da-khoa' : null},
            el('td', {}, u.name),
            el('td', {}, label(ROLES, u.role)),
            el('td', {}, (u.agencies || []).join(', ') || 'Tất cả'),
            el('td', {}, u.disabled ? 'Đã khóa' : 'Đang hoạt động'),
            el('td', {}, formatDate(u.created_at)),
            el('td', {}, disable, messages));
      })));
}

function addUserForm(onAdded) {
  const name = el('input', {name: 'name', required: true, autocomplete: 'off'});
  const role = options(el('select', {name: 'role'}), Object.entries(ROLES));
  const agencies = el('input', {name: 'agencies', placeholder: '000.00.22.H32, 000.31.22.H32'});
  const password = el('input', {name: 'password', type: 'password', autocomplete: 'new-password', minlength: 10});
  const messages = el('div');
  const submit = el('button', {type: 'submit', class: 'nut-chinh'}, 'Thêm người dùng');
  const form = el('form', {class: 'bo-loc them-nguoi-dung'},
      field('Tên đăng nhập', name), field('Vai trò', role), field('Mã cơ quan (cách nhau bởi dấu phẩy)', agencies, 'rong'),
      field('Mật khẩu (ít nhất 10 ký tự)', password), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    messages.replaceChildren();
    submit.disabled = true;
    try {
      await api('/api/users', {method: 'POST', body: {
        name: name.value.trim(), role: role.value, password: password.value,
        agencies: agencies.value.split(/[\s,;]+/).filter(Boolean),
      }});
      messages.append(noticeBox(`Đã thêm người dùng ${name.value.trim()}.`));
      form.reset();
      await onAdded();
    } catch (err) {
      messages.append(errorBox(err));
    } finally {
      submit.disabled = false;
    }
  });
  return el('div', {}, el('h3', {}, 'Thêm người dùng'), form, messages);
}

function logFilters(params, navigate) {
  const actor = el('input', {name: 'actor', value: params.get('nguoi') || ''});
  const type = el('input', {name: 'type', value: params.get('loai') || '', list: 'loai-su-kien'});
  const object = el('input', {name: 'object', value: params.get('doi-tuong') || ''});
  const since = dateInput('since', params.get('tu') || '');
  const errors = el('div');
  const types = el('datalist', {id: 'loai-su-kien'},
      Object.entries(EVENT_TYPES).map(([value, text]) => el('option', {value}, text)));
  const form = el('form', {class: 'bo-loc'},
      field('Người thực hiện', actor), field('Loại sự kiện', type), field('Đối tượng', object),
      field('Từ ngày', since), el('button', {type: 'submit', class: 'nut-chinh'}, 'Lọc'), types);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const days = readDates(errors, since);
    if (!days) return;
    navigate(`#/quan-tri${query({nguoi: actor.value.trim(), loai: type.value.trim(),
                                  'doi-tuong': object.value.trim(), tu: days[0]})}`);
  });
  return el('div', {}, form, errors);
}

async function loadLog(container, params) {
  let events;
  try {
    events = await api(`/api/log${query({
      actor: params.get('nguoi'), type: params.get('loai'), object: params.get('doi-tuong'),
      since: params.get('tu'), limit: 200,
    })}`);
  } catch (err) {
    container.replaceChildren(errorBox(err));
    return;
  }
  if (!events.length) {
    container.replaceChildren(el('p', {}, 'Không có sự kiện nào khớp bộ lọc.'));
    return;
  }
  container.replaceChildren(el('p', {class: 'phu'}, `${events.length} sự kiện gần nhất.`),
      table(['Thời điểm', 'Người thực hiện', 'Loại', 'Đối tượng', 'Kết quả', 'Chi tiết'],
          events.map((e) => el('tr', {class: e.outcome && e.outcome !== 'success' ? 'that-bai' : null},
              el('td', {class: 'khong-xuong-dong'}, formatDate(e.at)),
              el('td', {}, e.actor || '—'),
              el('td', {}, label(EVENT_TYPES, e.type)),
              el('td', {}, e.object || '—'),
              el('td', {}, label(OUTCOMES, e.outcome)),
              el('td', {class: 'chi-tiet'}, e.detail || '')))));
}
