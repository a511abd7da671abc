// Which recognised words a query asks for: its plain words (not filters, not
// exclusions), folded, so 'nguyen' finds NGUYỄN and a prefix* its longer words.

export function queryWords(q) {
  const text = String(q || '')
      // filters (procedure:..., field:"...") and exclusions (-word, -"a phrase")
      .replace(/(^|\s)-?[\p{L}_]+:("[^"]*"?|\S*)/gu, ' ')
      .replace(/(^|\s)-("[^"]*"?|\S+)/gu, ' ');
  const words = [];
  const folded = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  for (const m of folded.matchAll(/([\p{L}\p{N}]+)(\*)?/gu)) {
    words.push({text: m[1], prefix: Boolean(m[2])});
  }
  return words;
}

function foldWord(text) {
  return String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
}

// The words (from the words endpoint) that match one of `wanted`.
export function matchingWords(words, wanted) {
  if (!wanted.length) return [];
  return words.filter((word) => foldWord(word.text).some((token) =>
      wanted.some((w) => (w.prefix ? token.startsWith(w.text) : token === w.text))));
}
