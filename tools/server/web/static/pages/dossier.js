// One dossier: metadata, fields with their confidence, documents, downloads,
// and its pages with the searched words drawn as boxes over the image.
import {api, enc, getAgencies, query} from '../api.js';
import {el, errorBox, formatDate, formatInteger, formatPercent, section, svg, table} from '../dom.js';
import {matchingWords, queryWords} from '../highlight.js';
import {KINDS, SOURCES, STATUSES, fieldLabel, label} from '../labels.js';

const IMAGE_WIDTH = 1000;

function withParam(url, key, value) {
  return `${url}${url.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(value)}`;
}

function confidencePercent(c) {
  if (typeof c !== 'number') return '—';
  return formatPercent(c <= 1 ? c * 100 : c);
}

export async function render(view, {rest, params}) {
  const code = rest[0] || '';
  const q = params.get('q') || '';
  view.append(el('p', {class: 'dang-tai'}, 'Đang tải hồ sơ…'));
  const d = await api(`/api/dossiers/${enc(code)}`);
  view.replaceChildren();

  const back = q ? el('a', {href: `#/tim-kiem${query({q})}`, class: 'quay-lai'}, '‹ Kết quả tìm kiếm') : null;
  view.append(el('div', {class: 'tieu-de-ho-so'}, back,
      el('h1', {}, `Hồ sơ ${d.code}`),
      el('p', {class: 'phu'}, d.procedure_name || 'Chưa rõ thủ tục')));

  const info = el('div', {class: 'cot-thong-tin'});
  const viewer = el('div', {class: 'cot-trang'});
  view.append(el('div', {class: 'bo-cuc-ho-so'}, info, viewer));

  const agencies = await getAgencies().catch(() => []);
  const agency = agencies.find((a) => a.code === d.agency);
  if (agency && agency.name && !d.agency_name) d.agency_name = agency.name;
  info.append(metadata(d), fields(d), documents(d), downloads(d));
  pagesViewer(viewer, d, q, parseInt(params.get('vb') || '0', 10), parseInt(params.get('tr') || '0', 10));
}

function metadata(d) {
  const rows = [
    ['Mã hồ sơ', d.code],
    ['Thủ tục', d.procedure_code ? `${d.procedure_name || ''} (${d.procedure_code})` : 'Chưa rõ'],
    ['Lĩnh vực', d.field || '—'],
    ['Cơ quan tiếp nhận', d.agency_name ? `${d.agency_name} (${d.agency})` : d.agency || '—'],
    ['Người nộp', d.applicant || '—'],
    ['Ngày tiếp nhận', formatDate(d.received_date)],
    ['Trạng thái', label(STATUSES, d.status)],
  ];
  if (typeof d.procedure_confidence === 'number') {
    rows.push(['Độ tin cậy của thủ tục', confidencePercent(d.procedure_confidence)]);
  }
  return section('Thông tin hồ sơ',
      el('dl', {class: 'thong-tin'}, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])));
}

function fields(d) {
  const list = d.fields || [];
  if (!list.length) return section('Thông tin đọc được', el('p', {}, 'Chưa có thông tin nào.'));
  return section('Thông tin đọc được', table(['Trường', 'Giá trị', 'Độ tin cậy', 'Nguồn'], list.map((f) =>
      el('tr', {class: f.needs_review ? 'can-ra-soat' : null},
          el('td', {}, fieldLabel(f.name)),
          el('td', {}, /^\d{4}-\d{2}-\d{2}$/.test(f.value || '') ? formatDate(f.value) : f.value || '—', f.needs_review ? el('span', {class: 'nhan-canh-bao'}, 'Cần rà soát') : null),
          el('td', {class: 'so'}, confidencePercent(f.confidence)),
          el('td', {}, label(SOURCES, f.source), f.changed_by ? ` (${f.changed_by})` : '')))));
}

function filesOf(d, document, use) {
  return (d.files || []).filter((f) => f.document === document && f.use === use);
}

function documents(d) {
  const docs = d.documents || [];
  return section('Văn bản', table(['Số', 'Tên văn bản', 'Loại', 'Số trang', 'Tải về'], docs.map((doc) => {
    const links = [];
    for (const f of filesOf(d, doc.number, 'pdf')) links.push(el('a', {href: f.url, download: '', class: 'tai-pdf'}, 'PDF'));
    for (const f of filesOf(d, doc.number, 'original')) links.push(el('a', {href: f.url, download: ''}, 'Bản gốc'));
    return el('tr', {},
        el('td', {class: 'so'}, doc.number),
        el('td', {}, doc.title || '—'),
        el('td', {}, label(KINDS, doc.kind)),
        el('td', {class: 'so'}, formatInteger((doc.pages || []).length)),
        el('td', {class: 'lien-ket'}, links.length ? links : '—'));
  })));
}

function downloads(d) {
  const items = [];
  for (const f of (d.files || []).filter((x) => x.use === 'pdf')) {
    items.push(el('li', {}, el('a', {href: f.url, download: '', class: 'tai-pdf'},
        `PDF tìm kiếm được · văn bản ${f.document}`)));
  }
  for (const f of (d.files || []).filter((x) => x.use === 'original')) {
    items.push(el('li', {}, el('a', {href: f.url, download: ''}, `Bản quét gốc · ${f.name}`)));
  }
  items.push(el('li', {}, el('a', {href: `/api/dossiers/${enc(d.code)}/package`, download: '', class: 'tai-goi'},
      'Gói lưu trữ của hồ sơ (BagIt)')));
  return section('Tải về', el('ul', {class: 'tai-ve'}, items));
}

function pagesViewer(viewer, d, q, wantDocument, wantPage) {
  const pages = d.pages || [];
  if (!pages.length) {
    viewer.append(el('p', {}, 'Hồ sơ không có trang ảnh nào.'));
    return;
  }
  const wanted = queryWords(q);
  let index = Math.max(0, pages.findIndex((p) => p.document === wantDocument && p.page === wantPage));

  const picker = el('select', {'aria-label': 'Chọn trang', class: 'chon-trang'},
      pages.map((p, i) => el('option', {value: i}, `Văn bản ${p.document} · trang ${p.page}`)));
  const previous = el('button', {type: 'button', class: 'nut-phu'}, '‹ Trang trước');
  const next = el('button', {type: 'button', class: 'nut-phu'}, 'Trang sau ›');
  const status = el('p', {class: 'tinh-trang-trang', 'aria-live': 'polite'});
  const image = el('img', {class: 'anh-trang', alt: ''});
  const overlay = svg('svg', {class: 'lop-danh-dau', preserveAspectRatio: 'none', 'aria-hidden': 'true'});
  const frame = el('div', {class: 'khung-trang'}, image, overlay);
  const problems = el('div');
  viewer.append(el('div', {class: 'dieu-khien-trang'}, previous, picker, next), status, problems, frame);

  const wordsCache = new Map();
  function words(page) {
    if (!wordsCache.has(page.words)) {
      wordsCache.set(page.words, api(page.words).catch((err) => {
        wordsCache.delete(page.words);
        throw err;
      }));
    }
    return wordsCache.get(page.words);
  }

  let shown = 0;
  async function show(i) {
    const serial = ++shown;
    index = i;
    const page = pages[i];
    picker.value = String(i);
    previous.disabled = i === 0;
    next.disabled = i === pages.length - 1;
    problems.replaceChildren();
    overlay.replaceChildren();
    overlay.setAttribute('viewBox', `0 0 ${page.width || 1} ${page.height || 1}`);
    image.alt = `Ảnh văn bản ${page.document}, trang ${page.page}`;
    image.src = withParam(page.image, 'width', IMAGE_WIDTH);
    status.textContent = wanted.length ? 'Đang tìm từ trên trang…' : '';
    if (!wanted.length) return;
    try {
      const data = await words(page);
      if (serial !== shown) return;
      overlay.setAttribute('viewBox', `0 0 ${data.width || page.width} ${data.height || page.height}`);
      const hits = matchingWords(data.words || [], wanted);
      for (const w of hits) {
        overlay.append(svg('rect', {class: 'danh-dau', x: w.x, y: w.y, width: w.w, height: w.h, rx: 4},
            svg('title', {}, w.text)));
      }
      status.textContent = hits.length ? `${formatInteger(hits.length)} từ khớp trên trang này` :
                                         'Không có từ khớp trên trang này.';
    } catch (err) {
      if (serial !== shown) return;
      status.textContent = '';
      problems.append(errorBox(err));
    }
  }

  image.addEventListener('error', () => {
    if (image.getAttribute('src')) {
      problems.replaceChildren(errorBox({error: 'Không tải được ảnh trang.', hint: 'Tải lại trang hoặc thử lại sau.'}));
    }
  });
  picker.addEventListener('change', () => show(parseInt(picker.value, 10)));
  previous.addEventListener('click', () => index > 0 && show(index - 1));
  next.addEventListener('click', () => index < pages.length - 1 && show(index + 1));
  show(index);

  // Which pages hold the words: marked in the list, one request at a time.
  if (wanted.length) {
    (async () => {
      for (let i = 0; i < pages.length && i < 60; ++i) {
        try {
          const data = await words(pages[i]);
          const n = matchingWords(data.words || [], wanted).length;
          if (n) picker.options[i].textContent = `Văn bản ${pages[i].document} · trang ${pages[i].page} · ${n} từ khớp`;
        } catch (err) {
          return;
        }
      }
    })();
  }
}
