// Upload: files or whole folders dragged onto the page (or chosen), sent as
// one multipart request with their relative paths as file names.
import {api} from '../api.js';
import {el, errorBox, formatBytes, formatInteger, section, table} from '../dom.js';

const ACCEPTED = /\.(jpe?g|png|tiff?|pdf)$/i;

// Every file under a dropped entry, with its path from the drop.
async function walk(entry, prefix, out) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    out.push({file, path: prefix + file.name});
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`, out);
    }
  }
}

export async function render(view) {
  const chosen = [];
  const fileInput = el('input', {type: 'file', multiple: true, class: 'an-hoan-toan',
                                 accept: '.jpg,.jpeg,.png,.tif,.tiff,.pdf'});
  const folderInput = el('input', {type: 'file', multiple: true, webkitdirectory: true, class: 'an-hoan-toan'});
  const zone = el('div', {class: 'vung-tha', tabindex: '0'},
      el('p', {class: 'lon'}, 'Kéo thả ảnh quét hoặc cả thư mục hồ sơ vào đây'),
      el('p', {class: 'phu'}, 'Ảnh JPEG, PNG, TIFF hoặc tệp PDF. Một thư mục là một hồ sơ.'),
      el('div', {class: 'nut-hang'},
          el('label', {class: 'nut-phu'}, 'Chọn tệp…', fileInput),
          el('label', {class: 'nut-phu'}, 'Chọn thư mục…', folderInput)));
  const listing = el('div', {class: 'danh-sach-tep'});
  // A register book's pages: the inbox cuts them into rows for keying.
  const bookId = el('input', {type: 'text', name: 'book', id: 'ma-so-ho-tich', placeholder: 'VD: KS-1998-02',
                              pattern: '[A-Za-z0-9._-]{1,64}', disabled: true});
  const isBook = el('input', {type: 'checkbox', id: 'la-so-ho-tich'});
  isBook.addEventListener('change', () => {
    bookId.disabled = !isBook.checked;
    if (isBook.checked) bookId.focus();
  });
  const bookChoice = el('div', {class: 'chon-so-ho-tich'},
      el('label', {for: 'la-so-ho-tich'}, isBook, ' Đây là các trang của một sổ hộ tịch (để nhập liệu)'),
      el('label', {for: 'ma-so-ho-tich'}, ' Mã sổ: '), bookId);
  const send = el('button', {type: 'button', class: 'nut-chinh', disabled: true}, 'Gửi lên');
  const clearButton = el('button', {type: 'button', class: 'nut-phu', disabled: true}, 'Bỏ chọn');
  const results = el('div', {class: 'ket-qua-tai-len', 'aria-live': 'polite'});
  view.append(el('h1', {}, 'Tải hồ sơ đã quét lên'), zone, listing, bookChoice,
              el('div', {class: 'nut-hang'}, send, clearButton), results);

  function refresh() {
    send.disabled = clearButton.disabled = chosen.length === 0;
    if (!chosen.length) {
      listing.replaceChildren();
      return;
    }
    const total = chosen.reduce((n, c) => n + c.file.size, 0);
    listing.replaceChildren(
        el('p', {}, `Đã chọn ${formatInteger(chosen.length)} tệp, tổng ${formatBytes(total)}.`),
        table(['Tệp', 'Dung lượng', 'Ghi chú'], chosen.map((c) => el('tr', {},
            el('td', {}, c.path), el('td', {class: 'so'}, formatBytes(c.file.size)),
            el('td', {}, ACCEPTED.test(c.path) ? '' : 'Có thể không nhận: không phải ảnh quét hoặc PDF')))));
  }
  function add(items) {
    for (const item of items) {
      if (!chosen.some((c) => c.path === item.path)) chosen.push(item);
    }
    results.replaceChildren();
    refresh();
  }

  fileInput.addEventListener('change', () => {
    add([...fileInput.files].map((file) => ({file, path: file.name})));
    fileInput.value = '';
  });
  folderInput.addEventListener('change', () => {
    add([...folderInput.files].map((file) => ({file, path: file.webkitRelativePath || file.name})));
    folderInput.value = '';
  });
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add('dang-keo');
    });
  }
  zone.addEventListener('dragleave', () => zone.classList.remove('dang-keo'));
  zone.addEventListener('drop', async (event) => {
    event.preventDefault();
    zone.classList.remove('dang-keo');
    const entries = [...event.dataTransfer.items]
        .map((item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null)).filter(Boolean);
    const found = [];
    try {
      if (entries.length) {
        for (const entry of entries) await walk(entry, '', found);
      } else {
        for (const file of event.dataTransfer.files) found.push({file, path: file.name});
      }
    } catch (err) {
      results.replaceChildren(errorBox({error: 'Không đọc được tệp vừa thả.', hint: 'Thử chọn tệp bằng nút «Chọn tệp».'}));
      return;
    }
    add(found);
  });
  clearButton.addEventListener('click', () => {
    chosen.length = 0;
    results.replaceChildren();
    refresh();
  });

  send.addEventListener('click', async () => {
    const form = new FormData();
    for (const c of chosen) form.append('files', c.file, c.path);
    if (isBook.checked && bookId.value.trim()) form.append('book', bookId.value.trim());
    send.disabled = clearButton.disabled = true;
    results.replaceChildren(el('p', {class: 'dang-tai'}, 'Đang gửi…'));
    try {
      let r;
      try {
        r = await api('/api/uploads', {method: 'POST', form});
      } catch (err) {
        // Nothing accepted: the answer still lists why, file by file.
        if (!err.data || !Array.isArray(err.data.rejected) || !err.data.rejected.length) throw err;
        r = err.data;
      }
      const accepted = r.accepted || [];
      const rejected = r.rejected || [];
      const rows = [
        ...accepted.map((a) => el('tr', {class: 'nhan-duoc'}, el('td', {}, a.name), el('td', {}, 'Đã nhận'),
                                  el('td', {class: 'so'}, formatBytes(a.bytes)))),
        ...rejected.map((a) => el('tr', {class: 'bi-tu-choi'}, el('td', {}, a.name), el('td', {}, 'Không nhận'),
                                  el('td', {}, a.error || ''))),
      ];
      results.replaceChildren(section('Kết quả',
          el('p', {}, `Đã nhận ${formatInteger(accepted.length)} tệp, không nhận ${formatInteger(rejected.length)} tệp. ` +
              'Các tệp đã nhận sẽ được lưu vào kho sau ít phút.'),
          table(['Tệp', 'Kết quả', 'Chi tiết'], rows)));
      chosen.length = 0;
      listing.replaceChildren();
    } catch (err) {
      results.replaceChildren(errorBox(err));
    } finally {
      send.disabled = clearButton.disabled = chosen.length === 0;
    }
  });
}
