// Search: one box in the query language, filters that add procedure:,
// field:, agency: and received: to it, results with their marked snippets.
import {api, enc, getAgencies, getProcedures, query} from '../api.js';
import {dateInput, el, errorBox, field, formatDate, formatInteger, options, readDates, snippetNodes} from '../dom.js';

const PAGE_SIZE = 20;

// The query the API gets: the box's text, then the filters.
export function buildQuery({q, procedure, fieldName, agency, from, to}) {
  const parts = [];
  if (q && q.trim()) parts.push(q.trim());
  if (procedure) parts.push(`procedure:${procedure}`);
  if (fieldName) parts.push(`field:"${fieldName.replace(/"/g, '')}"`);
  if (agency) parts.push(`agency:${agency}`);
  if (from && to && from === to) parts.push(`received:${from}`);
  else if (from || to) parts.push(`received:${from || ''}..${to || ''}`);
  return parts.join(' ');
}

function syntaxHelp() {
  const rows = [
    ['nguyen van duc', 'mọi từ đều phải có; không phân biệt hoa thường, dấu và đ/d'],
    ['"trần thị lan"', 'cụm từ: các từ liền nhau, đúng thứ tự'],
    ['ngu*', 'từ bắt đầu bằng «ngu»'],
    ['-lan', 'loại trang có từ này'],
    ['code:000.31.22.H32-2306', 'mã hồ sơ, hoặc phần đầu của mã'],
    ['cccd:056189004512', 'số định danh cá nhân 12 chữ số'],
    ['name:"nguyen van duc"', 'họ tên người nộp hoặc người được ghi trong hồ sơ'],
    ['kind:receipt', 'loại văn bản: receipt (giấy tiếp nhận), form (tờ khai), id_copy, result, other'],
  ];
  return el('details', {class: 'huong-dan'},
      el('summary', {}, 'Cách viết câu tìm kiếm'),
      el('dl', {}, rows.map(([code, text]) => [el('dt', {}, el('code', {}, code)), el('dd', {}, text)])));
}

export async function render(view, {params, navigate, user}) {
  const state = {
    q: params.get('q') || '',
    procedure: params.get('thu-tuc') || '',
    fieldName: params.get('linh-vuc') || '',
    agency: params.get('co-quan') || '',
    from: params.get('tu') || '',
    to: params.get('den') || '',
    offset: Math.max(0, parseInt(params.get('vi-tri') || '0', 10) || 0),
  };

  const box = el('input', {name: 'q', type: 'search', value: state.q, class: 'o-tim',
                           placeholder: 'Họ tên, số định danh, mã hồ sơ… (gõ không dấu cũng được)',
                           'aria-label': 'Nội dung tìm kiếm'});
  const procedure = el('select', {name: 'procedure'});
  const fieldSelect = el('select', {name: 'field'});
  const agency = el('select', {name: 'agency'});
  const from = dateInput('from', state.from);
  const to = dateInput('to', state.to);
  const filterErrors = el('div');
  const form = el('form', {class: 'tim-kiem', role: 'search'},
      el('div', {class: 'hang-tim'}, box, el('button', {type: 'submit', class: 'nut-chinh'}, 'Tìm')),
      el('div', {class: 'bo-loc'},
          field('Thủ tục', procedure, 'rong'), field('Lĩnh vực', fieldSelect), field('Cơ quan', agency, 'rong'),
          field('Nhận từ ngày', from), field('Đến ngày', to)),
      filterErrors, syntaxHelp());
  const results = el('div', {class: 'ket-qua', 'aria-live': 'polite'});
  view.append(el('h1', {class: 'an'}, 'Tìm kiếm hồ sơ'), form, results);

  // Filters fill in while the search runs; a failure leaves them empty.
  const filtersReady = Promise.all([getProcedures(), getAgencies()]).then(([procs, agencies]) => {
    options(procedure, procs.map((p) => [p.code, `${p.code} · ${p.name}`]), 'Tất cả thủ tục');
    const fields = [...new Set(procs.map((p) => p.field).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'vi'));
    options(fieldSelect, fields.map((f) => [f, f]), 'Tất cả lĩnh vực');
    options(agency, agencies.map((a) => [a.code, a.name ? `${a.name} (${a.code})` : a.code]), 'Tất cả cơ quan');
    procedure.value = state.procedure;
    fieldSelect.value = state.fieldName;
    agency.value = state.agency;
  }).catch((err) => {
    for (const [select, text] of [[procedure, 'Tất cả thủ tục'], [fieldSelect, 'Tất cả lĩnh vực'],
                                  [agency, 'Tất cả cơ quan']]) {
      options(select, [], text);
    }
    if (err.status !== 401) filterErrors.append(errorBox(err));
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const days = readDates(filterErrors, from, to);
    if (!days) return;
    navigate(`#/tim-kiem${query({
      q: box.value.trim(), 'thu-tuc': procedure.value, 'linh-vuc': fieldSelect.value,
      'co-quan': agency.value, tu: days[0], den: days[1],
    })}`);
  });

  const full = buildQuery(state);
  if (!full) {
    results.append(el('p', {class: 'goi-y'}, 'Nhập từ cần tìm hoặc chọn bộ lọc rồi bấm «Tìm».'));
    await filtersReady;
    return;
  }
  results.append(el('p', {class: 'dang-tai'}, 'Đang tìm…'));
  let data;
  try {
    data = await api(`/api/search${query({q: full, limit: PAGE_SIZE, offset: state.offset})}`);
  } catch (err) {
    results.replaceChildren(errorBox(err));
    return;
  }
  results.replaceChildren(...renderResults(data, state, full, user));
  await filtersReady;
}

function renderResults(data, state, full, user) {
  const total = data.total || 0;
  // Past a bound the server stops counting: "more than N" (total_exact false).
  const exact = data.total_exact !== false;
  const hits = data.dossiers || [];
  const header = el('div', {class: 'tong'},
      el('p', {class: 'so-ket-qua'}, total === 0 ? 'Không tìm thấy hồ sơ nào.' :
          `Tìm thấy ${exact ? '' : 'hơn '}${formatInteger(total)} hồ sơ · hiển thị ${formatInteger(state.offset + 1)}–` +
          `${formatInteger(state.offset + hits.length)}`),
      el('code', {class: 'cau-tim', title: 'Câu tìm kiếm gửi đi'}, full));
  if (total > 0 && user.role === 'archivist') {
    header.append(el('a', {class: 'nut-phu', href: `/api/export${query({q: full})}`, download: ''},
                     'Tải gói các hồ sơ này (BagIt)'));
  }
  const list = el('ol', {class: 'danh-sach-ket-qua', start: state.offset + 1});
  for (const hit of hits) {
    const best = hit.best || hit;
    const link = `#/ho-so/${enc(hit.code)}${query({q: full, vb: best.document || '', tr: best.page || ''})}`;
    list.append(el('li', {class: 'ket-qua-muc'},
        el('div', {class: 'dong-dau'},
            el('a', {href: link, class: 'ma-ho-so'}, hit.code),
            el('span', {class: 'thu-tuc'}, hit.procedure_name || hit.procedure_code || 'Chưa rõ thủ tục')),
        el('div', {class: 'dong-phu'},
            el('span', {}, `Người nộp: ${hit.applicant || '—'}`),
            hit.received_date ? el('span', {}, `Ngày nhận: ${formatDate(hit.received_date)}`) : null,
            hit.matching_pages ? el('span', {}, `${formatInteger(hit.matching_pages)} trang khớp`) : null,
            best.document ? el('span', {}, `Khớp nhất: văn bản ${best.document}, trang ${best.page}`) : null),
        best.snippet ? el('p', {class: 'trich-doan'}, snippetNodes(best.snippet)) : null));
  }
  const nodes = [header, list];
  if (total > PAGE_SIZE || !exact) nodes.push(pager(state, total, exact, hits.length));
  return nodes;
}

function pager(state, total, exact, shown) {
  const pages = exact ? Math.ceil(total / PAGE_SIZE) : Infinity;
  const current = Math.floor(state.offset / PAGE_SIZE) + 1;
  const at = (offset) => `#/tim-kiem${query({
    q: state.q, 'thu-tuc': state.procedure, 'linh-vuc': state.fieldName, 'co-quan': state.agency,
    tu: state.from, den: state.to, 'vi-tri': offset || '',
  })}`;
  return el('nav', {class: 'phan-trang', 'aria-label': 'Phân trang'},
      current > 1 ? el('a', {href: at(state.offset - PAGE_SIZE), rel: 'prev'}, '‹ Trang trước') :
                    el('span', {class: 'mo'}, '‹ Trang trước'),
      el('span', {}, exact ? `Trang ${current} / ${pages}` : `Trang ${current}`),
      current < pages && shown === PAGE_SIZE ? el('a', {href: at(state.offset + PAGE_SIZE), rel: 'next'}, 'Trang sau ›') :
                        el('span', {class: 'mo'}, 'Trang sau ›'));
}
