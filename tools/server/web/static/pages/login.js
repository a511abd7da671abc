// The log-in form: fields `username` and `password`.
import {api} from '../api.js';
import {el, errorBox} from '../dom.js';

export function render(view, {onLogin}) {
  const errors = el('div', {class: 'cho-loi'});
  const username = el('input', {name: 'username', id: 'username', autocomplete: 'username', required: true,
                                autofocus: true});
  const password = el('input', {name: 'password', id: 'password', type: 'password',
                                autocomplete: 'current-password', required: true});
  const submit = el('button', {type: 'submit', class: 'nut-chinh'}, 'Đăng nhập');
  const form = el('form', {class: 'the dang-nhap', method: 'post', novalidate: true},
      el('h1', {}, 'Đăng nhập'),
      el('p', {class: 'phu'}, 'Hệ thống số hóa hồ sơ thủ tục hành chính'),
      el('label', {for: 'username'}, 'Tên đăng nhập'), username,
      el('label', {for: 'password'}, 'Mật khẩu'), password,
      errors, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    if (!username.value.trim() || !password.value) {
      errors.append(errorBox({error: 'Hãy nhập tên đăng nhập và mật khẩu.'}));
      return;
    }
    submit.disabled = true;
    try {
      const session = await api('/api/session', {
        method: 'POST', quiet401: true,
        body: {username: username.value.trim(), password: password.value},
      });
      onLogin(session);
    } catch (err) {
      password.value = '';
      errors.append(errorBox(err));
    } finally {
      submit.disabled = false;
    }
  });
  view.append(form);
  username.focus();
}
