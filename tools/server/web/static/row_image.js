// The image of one register entry row, large, zoomable from the keyboard,
// and, on demand, the whole page with that row outlined (an SVG rectangle in
// the page's pixels over the scaled image: no inline styles under the CSP).
import {imageBlobUrl} from './api.js';
import {el, errorBox, svg} from './dom.js';
import {readStored, slotPath, writeStored} from './keying_form.js';

const ZOOMS = [100, 125, 150, 200, 250, 300];  // % of the frame's width: classes phong-to-N
const ZOOM_KEY = 'sohoa.phong-to';

// Image URLs by API path: fetched once, shared by a prefetch and the viewer.
const images = new Map();

export function loadImage(path) {
  if (!images.has(path)) {
    images.set(path, imageBlobUrl(path).catch((err) => {
      images.delete(path);
      throw err;
    }));
  }
  return images.get(path);
}

// Starts fetching a slot's row image so it is there when the slot shows.
export function prefetchRow(slotId) {
  loadImage(`${slotPath(slotId)}/image`).catch(() => {});
}

// Frees a slot's images (blob: URLs hold their bytes until revoked).
export function forgetSlot(slotId) {
  for (const path of [`${slotPath(slotId)}/image`, `${slotPath(slotId)}/image?page=1`]) {
    const promise = images.get(path);
    if (!promise) continue;
    images.delete(path);
    promise.then((url) => URL.revokeObjectURL(url), () => {});
  }
}

// [x, y, w, h] from an array, {x, y, w|width, h|height} or "x,y,w,h"; null if none.
export function boxOf(box) {
  let b = box;
  if (typeof b === 'string') b = b.split(',').map(Number);
  if (b && !Array.isArray(b) && typeof b === 'object') b = [b.x, b.y, b.w ?? b.width, b.h ?? b.height];
  if (!Array.isArray(b) || b.length !== 4 || !b.every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
  return b[2] > 0 && b[3] > 0 ? b : null;
}

// A picture of a page with `box` outlined, once `url` has loaded.
export function outlinedPage(url, box, width, height, alt) {
  const image = el('img', {class: 'anh-dong', alt, src: url});
  const layer = el('div', {class: 'lop-anh'}, image);
  const b = boxOf(box);
  if (b && width > 0 && height > 0) {
    layer.append(svg('svg', {class: 'lop-vien', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none',
                             'aria-hidden': 'true'},
        svg('rect', {class: 'vien-dong', x: b[0], y: b[1], width: b[2], height: b[3]})));
  }
  return layer;
}

export class RowViewer {
  // `slot`: {id, box, page_width, page_height, page, position}; `lead`: what
  // the row of buttons starts with (where the entry is).
  constructor(slot, caption, lead) {
    this.slot = slot;
    this.caption = caption;
    this.zoom = Math.min(ZOOMS.length - 1, Math.max(0, Number(readStored(localStorage, ZOOM_KEY)) || 0));
    this.wholePage = false;
    this.frame = el('div', {class: 'khung-dong', tabindex: '-1', 'data-che-do': 'dong'});
    this.zoomLabel = el('span', {class: 'muc-phong', 'aria-live': 'polite'});
    this.pageButton = el('button', {type: 'button', class: 'nut-phu nho', id: 'xem-ca-trang',
                                    'aria-pressed': 'false', title: 'F4'}, 'Xem cả trang');
    const smaller = el('button', {type: 'button', class: 'nut-phu nho', id: 'thu-nho',
                                  title: 'Ctrl+↓', 'aria-label': 'Thu nhỏ ảnh'}, '−');
    const larger = el('button', {type: 'button', class: 'nut-phu nho', id: 'phong-to',
                                 title: 'Ctrl+↑', 'aria-label': 'Phóng to ảnh'}, '+');
    smaller.addEventListener('click', () => this.zoomBy(-1));
    larger.addEventListener('click', () => this.zoomBy(1));
    this.pageButton.addEventListener('click', () => this.togglePage());
    this.node = el('div', {class: 'xem-dong'},
        el('div', {class: 'dieu-khien-anh'}, lead || null, el('span', {class: 'gian-cach'}),
           smaller, this.zoomLabel, larger, this.pageButton),
        this.frame);
    this.updateZoom();
    this.settled = this.show();
  }

  // Resolves when the row image is on screen or could not be (never rejects).
  ready() { return this.settled; }

  async show() {
    const whole = this.wholePage;
    const path = `${slotPath(this.slot.id)}/image${whole ? '?page=1' : ''}`;
    this.frame.dataset.cheDo = whole ? 'trang' : 'dong';
    this.frame.replaceChildren(el('p', {class: 'dang-tai'}, whole ? 'Đang tải cả trang…' : 'Đang tải ảnh dòng…'));
    let url;
    try {
      url = await loadImage(path);
    } catch (err) {
      if (whole === this.wholePage) this.frame.replaceChildren(errorBox(err));
      return false;
    }
    if (whole !== this.wholePage) return true;
    const layer = whole
        ? outlinedPage(url, this.slot.box, this.slot.page_width, this.slot.page_height,
                       `Cả trang ${this.slot.page}, dòng ${this.slot.position} được khoanh`)
        : el('div', {class: 'lop-anh'}, el('img', {class: 'anh-dong', alt: this.caption, src: url}));
    this.layer = layer;
    this.updateZoom();
    this.frame.replaceChildren(layer);
    const image = layer.querySelector('img');
    if (!image.complete) {
      await new Promise((resolve) => {
        image.addEventListener('load', resolve, {once: true});
        image.addEventListener('error', resolve, {once: true});
      });
    }
    if (whole) this.scrollToRow();
    return true;
  }

  scrollToRow() {
    const b = boxOf(this.slot.box);
    const height = this.slot.page_height;
    if (!b || !(height > 0) || !this.layer) return;
    const y = ((b[1] + b[3] / 2) / height) * this.layer.clientHeight;
    this.frame.scrollTop = Math.max(0, y - this.frame.clientHeight / 2);
    const width = this.slot.page_width;
    if (width > 0) {
      const x = ((b[0] + b[2] / 2) / width) * this.layer.clientWidth;
      this.frame.scrollLeft = Math.max(0, x - this.frame.clientWidth / 2);
    }
  }

  updateZoom() {
    this.zoomLabel.textContent = `${ZOOMS[this.zoom]} %`;
    if (this.layer) {
      for (let i = 0; i < ZOOMS.length; ++i) this.layer.classList.toggle(`phong-to-${i}`, i === this.zoom);
    }
  }

  zoomBy(step) {
    const next = Math.min(ZOOMS.length - 1, Math.max(0, this.zoom + step));
    if (next === this.zoom) return;
    const frame = this.frame;
    // Keep the middle of what is seen in the middle.
    const cx = (frame.scrollLeft + frame.clientWidth / 2) / Math.max(1, frame.scrollWidth);
    const cy = (frame.scrollTop + frame.clientHeight / 2) / Math.max(1, frame.scrollHeight);
    this.zoom = next;
    writeStored(localStorage, ZOOM_KEY, next);
    this.updateZoom();
    frame.scrollLeft = cx * frame.scrollWidth - frame.clientWidth / 2;
    frame.scrollTop = cy * frame.scrollHeight - frame.clientHeight / 2;
  }

  pan(direction) {
    this.frame.scrollLeft += direction * this.frame.clientWidth * 0.4;
  }

  togglePage() {
    this.wholePage = !this.wholePage;
    this.pageButton.setAttribute('aria-pressed', String(this.wholePage));
    this.pageButton.textContent = this.wholePage ? 'Chỉ xem dòng' : 'Xem cả trang';
    this.layer = null;
    this.show();
  }

  // The keys every page with a row image shares: Ctrl+↑/↓ zoom, F4 whole
  // page, Ctrl+Shift+←/→ move along the row. true when the key was used.
  handleKey(event) {
    if (event.ctrlKey && !event.altKey && !event.shiftKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      this.zoomBy(event.key === 'ArrowUp' ? 1 : -1);
      return true;
    }
    if (event.ctrlKey && event.shiftKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      this.pan(event.key === 'ArrowLeft' ? -1 : 1);
      return true;
    }
    if (event.key === 'F4' && !event.ctrlKey && !event.altKey) {
      this.togglePage();
      return true;
    }
    return false;
  }
}
