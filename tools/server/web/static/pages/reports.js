// Reports: the three rates (QĐ 766/QĐ-TTg) by unit and by month as tables and
// SVG bar charts, the civil-status register backlog, CSV and PDF downloads.
import {api, query} from '../api.js';
import {dateInput, el, errorBox, field, formatInteger, formatPercent, readDates, section, svg, table} from '../dom.js';
import {BOOK_TYPES, label} from '../labels.js';

const RATES = [
  ['digitization', 'Số hóa hồ sơ (4.2)', 'so-hoa'],
  ['e_result', 'Trả kết quả điện tử (4.1)', 'ket-qua-dien-tu'],
  ['reuse', 'Tái sử dụng dữ liệu (4.3)', 'tai-su-dung'],
];

function rateText(r) {
  if (!r) return '—';
  const ratio = `${formatInteger(r.numerator)}/${formatInteger(r.denominator)}`;
  return typeof r.rate === 'number' ? `${formatPercent(r.rate)} (${ratio})` : `— (${ratio})`;
}

function monthLabel(month) {
  const m = /^(\d{4})-(\d{2})$/.exec(month || '');
  return m ? `${m[2]}/${m[1]}` : month || '—';
}

function unitLabel(row) {
  return row.agency_name ? `${row.agency_name} (${row.agency})` : row.agency || '—';
}

// Grouped horizontal bars: one group per row, one bar per rate, 0–100 %.
function chart(rows, caption, labelOf) {
  const labelWidth = 300;
  const barArea = 520;
  const bar = 9;
  const group = RATES.length * bar + 14;
  const top = 28;
  const width = labelWidth + barArea + 70;
  const height = top + rows.length * group + 8;
  const picture = svg('svg', {viewBox: `0 0 ${width} ${height}`, width, height, class: 'bieu-do', role: 'img',
                              'aria-label': caption});
  RATES.forEach(([, name, cls], i) => {
    const x = labelWidth + i * 180;
    picture.append(svg('rect', {x, y: 6, width: 12, height: 12, class: `cot-${cls}`}),
        svg('text', {x: x + 18, y: 16, class: 'chu-chu-giai'}, name));
  });
  for (const pct of [0, 50, 100]) {
    const x = labelWidth + (barArea * pct) / 100;
    picture.append(svg('line', {x1: x, x2: x, y1: top - 4, y2: height - 4, class: 'luoi'}));
  }
  rows.forEach((row, i) => {
    const y = top + i * group;
    const text = labelOf(row);
    picture.append(svg('text', {x: labelWidth - 8 - (row.depth || 0) * 0, y: y + group / 2, class: 'chu-nhan',
                                'text-anchor': 'end', 'dominant-baseline': 'middle'},
        text.length > 42 ? `${text.slice(0, 41)}…` : text, svg('title', {}, text)));
    RATES.forEach(([key, name, cls], j) => {
      const r = row[key];
      const rate = r && typeof r.rate === 'number' ? Math.max(0, Math.min(100, r.rate)) : 0;
      const by = y + 4 + j * bar;
      picture.append(svg('rect', {x: labelWidth, y: by, width: (barArea * rate) / 100, height: bar - 2,
                                  class: `cot-${cls}`}, svg('title', {}, `${name}: ${rateText(r)}`)));
      picture.append(svg('text', {x: labelWidth + (barArea * rate) / 100 + 4, y: by + bar - 2, class: 'chu-so'},
          r && typeof r.rate === 'number' ? formatPercent(r.rate) : '—'));
    });
  });
  return el('figure', {class: 'khung-bieu-do'}, picture, el('figcaption', {}, caption));
}

function rateTable(rows, firstHeader, labelOf) {
  return table([firstHeader, 'Hồ sơ tiếp nhận', 'Đã số hóa', ...RATES.map(([, name]) => name)],
      rows.map((row) => el('tr', {class: row.depth ? `cap-${Math.min(row.depth, 3)}` : null},
          el('td', {}, labelOf(row)),
          el('td', {class: 'so'}, formatInteger(row.received)),
          el('td', {class: 'so'}, formatInteger(row.archived)),
          RATES.map(([key]) => el('td', {class: 'so'}, rateText(row[key]))))), 'bang-ty-le');
}

function downloadLinks(by, from, to) {
  return el('p', {class: 'tai-ve-bao-cao'},
      el('a', {href: `/api/report${query({by, from, to, format: 'csv'})}`, download: '', class: 'nut-phu'}, 'Tải CSV'),
      el('a', {href: `/api/report${query({by, from, to, format: 'pdf'})}`, download: '', class: 'nut-phu'}, 'Tải PDF'));
}

export async function render(view, {params, navigate}) {
  const from = params.get('tu') || '';
  const to = params.get('den') || '';
  const fromInput = dateInput('from', from);
  const toInput = dateInput('to', to);
  const errors = el('div');
  const form = el('form', {class: 'bo-loc bo-loc-bao-cao'},
      field('Tiếp nhận từ ngày', fromInput), field('Đến ngày', toInput),
      el('button', {type: 'submit', class: 'nut-chinh'}, 'Xem báo cáo'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const days = readDates(errors, fromInput, toInput);
    if (days) navigate(`#/bao-cao${query({tu: days[0], den: days[1]})}`);
  });
  view.append(el('h1', {}, 'Báo cáo tỷ lệ số hóa'), form, errors);

  const parts = {
    agency: el('div', {}, el('p', {class: 'dang-tai'}, 'Đang tải…')),
    month: el('div', {}, el('p', {class: 'dang-tai'}, 'Đang tải…')),
    backlog: el('div', {}, el('p', {class: 'dang-tai'}, 'Đang tải…')),
  };
  const totals = el('div', {class: 'tong-hop'});
  view.append(totals,
      section('Theo đơn vị', downloadLinks('agency', from, to), parts.agency),
      section('Theo tháng', downloadLinks('month', from, to), parts.month),
      section('Sổ hộ tịch chưa số hóa hết', parts.backlog));

  const byAgency = api(`/api/report${query({by: 'agency', from, to, format: 'json'})}`).then((r) => {
    const rows = r.rows || [];
    const total = r.total || (r.digitization ? r : null);
    if (total) totals.replaceChildren(...summaryCards(total, r));
    parts.agency.replaceChildren(rows.length
        ? el('div', {}, chart(rows, 'Ba tỷ lệ theo đơn vị', unitLabel), rateTable(rows, 'Đơn vị', unitLabel))
        : el('p', {}, 'Chưa có số liệu trong khoảng thời gian này.'));
  }).catch((err) => parts.agency.replaceChildren(errorBox(err)));

  const byMonth = api(`/api/report${query({by: 'month', from, to, format: 'json'})}`).then((r) => {
    const rows = r.rows || [];
    const labelOf = (row) => monthLabel(row.month);
    parts.month.replaceChildren(rows.length
        ? el('div', {}, chart(rows, 'Ba tỷ lệ theo tháng tiếp nhận', labelOf), rateTable(rows, 'Tháng', labelOf))
        : el('p', {}, 'Chưa có số liệu trong khoảng thời gian này.'));
  }).catch((err) => parts.month.replaceChildren(errorBox(err)));

  const backlog = api('/api/books/backlog').then((b) => {
    const rows = b.rows || [];
    if (!rows.length) {
      parts.backlog.replaceChildren(el('p', {}, 'Chưa có sổ hộ tịch nào được ghi nhận.'));
      return;
    }
    const t = b.total || {};
    parts.backlog.replaceChildren(table(
        ['Loại sổ', 'Đơn vị', 'Năm', 'Số quyển', 'Trang, mục trong sổ', 'Đã số hóa', 'Tiến độ', 'Còn lại'],
        [...rows.map((r) => el('tr', {},
            el('td', {}, label(BOOK_TYPES, r.type)),
            el('td', {}, r.agency_name ? `${r.agency_name} (${r.agency})` : r.agency || '—'),
            el('td', {class: 'so'}, r.year || '—'),
            el('td', {class: 'so'}, formatInteger(r.books)),
            el('td', {class: 'so'}, formatInteger(r.entries_in_books)),
            el('td', {class: 'so'}, formatInteger(r.entries_digitized)),
            el('td', {class: 'so'}, rateText(r.progress)),
            el('td', {class: 'so'}, formatInteger(r.remaining)))),
        el('tr', {class: 'dong-tong'},
            el('td', {}, 'Tổng cộng'), el('td', {}), el('td', {}),
            el('td', {class: 'so'}, formatInteger(t.books)),
            el('td', {class: 'so'}, formatInteger(t.entries_in_books)),
            el('td', {class: 'so'}, formatInteger(t.entries_digitized)),
            el('td', {class: 'so'}, rateText(t.progress)),
            el('td', {class: 'so'}, formatInteger(t.remaining)))]));
  }).catch((err) => parts.backlog.replaceChildren(errorBox(err)));

  await Promise.all([byAgency, byMonth, backlog]);
}

function summaryCards(total, report) {
  const cards = [
    el('div', {class: 'o-so'}, el('span', {class: 'nhan'}, 'Hồ sơ tiếp nhận'),
       el('strong', {}, formatInteger(total.received))),
    el('div', {class: 'o-so'}, el('span', {class: 'nhan'}, 'Đã số hóa'), el('strong', {}, formatInteger(total.archived))),
  ];
  for (const [key, name] of RATES) {
    const r = total[key];
    cards.push(el('div', {class: 'o-so'}, el('span', {class: 'nhan'}, name),
        el('strong', {}, r && typeof r.rate === 'number' ? formatPercent(r.rate) : '—'),
        el('span', {class: 'phu'}, r ? `${formatInteger(r.numerator)}/${formatInteger(r.denominator)}` : '')));
  }
  if (report.undated) {
    cards.push(el('p', {class: 'ghi-chu'},
        `${formatInteger(report.undated)} dòng sổ tiếp nhận không có ngày tiếp nhận, không được tính.`));
  }
  if (report.unregistered) {
    cards.push(el('p', {class: 'ghi-chu'},
        `${formatInteger(report.unregistered)} hồ sơ đã lưu không có trong sổ tiếp nhận.`));
  }
  return cards;
}
