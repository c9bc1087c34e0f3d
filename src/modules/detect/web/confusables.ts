/**
 * Confusable folding for look-alike domains: full-width forms, Latin letters with diacritics,
 * Cyrillic and Greek homoglyphs and the digit/letter swaps fraud uses (0→o, 1→l) are folded to one
 * ASCII skeleton, so `аpple` (Cyrillic а), `ｉｃｂｃ` and `1cbc` all compare equal to their brand.
 */

// One code point → its ASCII look-alike. Latin letters with diacritics are handled by NFD below.
const SINGLE: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  ɡ: 'g',
  ь: 'b',
  п: 'n',
  г: 'r',
  // Greek
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  μ: 'u',
  ϲ: 'c',
  ς: 's',
  // Latin letters that NFD does not decompose
  ɑ: 'a',
  ə: 'e',
  ɓ: 'b',
  ƅ: 'b',
  ƈ: 'c',
  ɗ: 'd',
  đ: 'd',
  ɖ: 'd',
  ɇ: 'e',
  ɢ: 'g',
  ǥ: 'g',
  ħ: 'h',
  ɦ: 'h',
  ⱨ: 'h',
  ı: 'i',
  ɩ: 'i',
  ɨ: 'i',
  ɪ: 'i',
  ⱪ: 'k',
  ᴋ: 'k',
  ɫ: 'l',
  ł: 'l',
  ᴍ: 'm',
  ɱ: 'm',
  ꞑ: 'n',
  ᴏ: 'o',
  ơ: 'o',
  ƿ: 'p',
  ƥ: 'p',
  ʠ: 'q',
  ʀ: 'r',
  ɼ: 'r',
  ɽ: 'r',
  ɍ: 'r',
  ɾ: 'r',
  ʂ: 's',
  ꜱ: 's',
  ŧ: 't',
  ƫ: 't',
  ᴜ: 'u',
  ʉ: 'u',
  ư: 'u',
  ⱱ: 'v',
  ᶌ: 'v',
  ⱴ: 'v',
  ⱳ: 'w',
  ᴡ: 'w',
  ʏ: 'y',
  ƴ: 'y',
  ɏ: 'y',
  ỿ: 'y',
  ʐ: 'z',
  ᴢ: 'z',
  ƶ: 'z',
  ⱬ: 'z',
  ᴄ: 'c',
  ʙ: 'b',
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
};

// Applied after the per-letter fold: classes of letters people cannot tell apart in a URL bar, in one
// pass (this runs for every checked host).
const SKELETON_PATTERN = /rn|nn|rr|vv|cl|dl|lb|lh|lk|ik|lc|[1il|0]/g;
const SKELETON_MAP: Readonly<Record<string, string>> = {
  rn: 'm',
  nn: 'm',
  rr: 'm',
  vv: 'w',
  cl: 'd',
  dl: 'd',
  lb: 'b',
  lh: 'h',
  lk: 'k',
  ik: 'k',
  lc: 'k',
  '1': 'l',
  i: 'l',
  l: 'l',
  '|': 'l',
  '0': 'o',
};
const NON_ASCII = /[^\u0020-\u007e]/;

const COMBINING = /[\u0300-\u036f]/g;

/** Folds a label to lower-case ASCII where a look-alike exists (keeps other characters as they are). */
export const foldToAscii = (text: string): string => {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  const nfkc = text.normalize('NFKC').toLowerCase();
  let out = '';
  for (const ch of nfkc) {
    if (ch.charCodeAt(0) < 0x80) {
      out += ch;
      continue;
    }
    const mapped = SINGLE[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const stripped = ch.normalize('NFD').replace(COMBINING, '');
    out += SINGLE[stripped] ?? stripped;
  }
  return out;
};

/** The confusable skeleton: two labels with the same skeleton look the same to a person. */
export const skeleton = (label: string): string =>
  foldToAscii(label).replace(SKELETON_PATTERN, (m) => SKELETON_MAP[m] ?? m);

/** Homoglyph alternatives the look-alike generator uses (the same tables, read the other way). */
export const HOMOGLYPHS: Readonly<Record<string, readonly string[]>> = (() => {
  const table: Record<string, string[]> = {};
  const add = (ascii: string, glyph: string): void => {
    (table[ascii] ??= []).push(glyph);
  };
  for (const [glyph, ascii] of Object.entries(SINGLE)) if (ascii.length === 1) add(ascii, glyph);
  for (const [ascii, glyphs] of Object.entries({
    a: 'àáâãäåạǎăȧą',
    c: 'ċćçčĉ',
    e: 'éèêëēĕěėẹęȩ',
    i: 'íìïǐĭỉịȋī',
    n: 'ńṅṇñņǹň',
    o: 'ȯọỏóöõ',
    u: 'ǔŭüùúûũūųůűụ',
    y: 'ýÿŷȳẏỵ',
    z: 'żźẓẕ',
    s: 'śṣṡșŝš',
    g: 'ġğǵģĝǧ',
  }))
    for (const g of glyphs) add(ascii, g);
  for (const [ascii, glyphs] of Object.entries({
    o: ['0'],
    l: ['1', 'i'],
    i: ['1', 'l'],
    m: ['rn', 'nn'],
    w: ['vv'],
    d: ['cl'],
  }))
    for (const g of glyphs) add(ascii, g);
  return table;
})();
