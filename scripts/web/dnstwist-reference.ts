/**
 * An independent re-implementation of dnstwist's fuzzers (github.com/elceef/dnstwist, Apache-2.0),
 * written from its documented algorithm and NOT sharing code or tables with src/…/lookalike-*.ts, so
 * that the matcher's recall is measured on permutations it was not built from.
 */
const QWERTY: Record<string, string> = {
  '1': '2q',
  '2': '3wq1',
  '3': '4ew2',
  '4': '5re3',
  '5': '6tr4',
  '6': '7yt5',
  '7': '8uy6',
  '8': '9iu7',
  '9': '0oi8',
  '0': 'po9',
  q: '12wa',
  w: '3esaq2',
  e: '4rdsw3',
  r: '5tfde4',
  t: '6ygfr5',
  y: '7uhgt6',
  u: '8ijhy7',
  i: '9okju8',
  o: '0plki9',
  p: 'lo0',
  a: 'qwsz',
  s: 'edxzaw',
  d: 'rfcxse',
  f: 'tgvcdr',
  g: 'yhbvft',
  h: 'ujnbgy',
  j: 'ikmnhu',
  k: 'olmji',
  l: 'kop',
  z: 'asx',
  x: 'zsdc',
  c: 'xdfv',
  v: 'cfgb',
  b: 'vghn',
  n: 'bhjm',
  m: 'njk',
};
// dnstwist's homoglyph table (subset), Cyrillic and Greek entries added by hand from Unicode's confusables.
const GLYPHS: Record<string, string[]> = {
  a: ['à', 'á', 'â', 'ã', 'ä', 'å', 'ɑ', 'а', 'α'],
  b: ['d', 'lb', 'ь'],
  c: ['e', 'ç', 'ć', 'с', 'ϲ'],
  d: ['b', 'cl', 'dl', 'ԁ'],
  e: ['c', 'é', 'è', 'ê', 'ë', 'е', 'ε'],
  g: ['q', 'ġ', 'ğ'],
  h: ['lh', 'һ'],
  i: ['1', 'l', 'í', 'ì', 'ï', 'ı', 'і', 'ι'],
  j: ['ј'],
  k: ['lk', 'ik', 'lc', 'κ'],
  l: ['1', 'i', 'ł', 'ӏ'],
  m: ['n', 'nn', 'rn', 'rr', 'м'],
  n: ['m', 'r', 'ń', 'ñ', 'η'],
  o: ['0', 'ó', 'ö', 'о', 'ο', 'ø'],
  p: ['р', 'ρ'],
  q: ['g', 'ԛ'],
  r: ['ř', 'г'],
  s: ['ś', 'š', 'ѕ'],
  t: ['ţ', 'τ'],
  u: ['ü', 'ú', 'υ'],
  v: ['ν'],
  w: ['vv', 'ԝ', 'ω'],
  x: ['х', 'χ'],
  y: ['ý', 'у'],
  z: ['ż', 'ź'],
};
const FULLWIDTH = (ch: string): string =>
  /[a-z0-9]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch;
const WORDS = [
  'login',
  'secure',
  'account',
  'verify',
  'support',
  'kefu',
  'etc-kefu',
  'online',
  'service',
  'update',
];
const TLDS = ['com', 'net', 'org', 'info', 'top', 'xyz', 'cn', 'cc', 'vip', 'site'];

export interface RefPermutation {
  readonly fuzzer: string;
  readonly domain: string;
}

/** `label` is the registrable label, `tld` the public suffix (e.g. `icbc`, `com.cn`). */
export const referencePermutations = (label: string, tld: string): RefPermutation[] => {
  const res: RefPermutation[] = [];
  const put = (fuzzer: string, l: string, t = tld): void => {
    if (l !== label && l.length > 0 && !l.startsWith('-') && !l.endsWith('-'))
      res.push({ fuzzer, domain: `${l}.${t}` });
  };
  const n = label.length;
  for (let c = 97; c <= 122; c++) put('addition', label + String.fromCharCode(c));
  for (let i = 0; i < n; i++) {
    const c = label.charCodeAt(i);
    for (const mask of [1, 2, 4, 8, 16, 32, 64, 128]) {
      const b = String.fromCharCode(c ^ mask);
      if (/^[a-z0-9-]$/.test(b)) put('bitsquatting', label.slice(0, i) + b + label.slice(i + 1));
    }
  }
  for (let i = 0; i < n; i++) {
    const ch = label.charAt(i);
    for (const g of GLYPHS[ch] ?? []) put('homoglyph', label.slice(0, i) + g + label.slice(i + 1));
    put('homoglyph', label.slice(0, i) + FULLWIDTH(ch) + label.slice(i + 1));
  }
  for (let i = 1; i < n; i++) put('hyphenation', `${label.slice(0, i)}-${label.slice(i)}`);
  for (let i = 0; i < n - 1; i++)
    for (const k of QWERTY[label.charAt(i)] ?? '') {
      put('insertion', label.slice(0, i) + k + label.charAt(i) + label.slice(i + 1));
      put('insertion', label.slice(0, i + 1) + k + label.slice(i + 1));
    }
  for (let i = 0; i < n; i++) put('omission', label.slice(0, i) + label.slice(i + 1));
  for (let i = 0; i < n; i++) put('repetition', label.slice(0, i + 1) + label.charAt(i) + label.slice(i + 1));
  for (let i = 0; i < n; i++)
    for (const k of QWERTY[label.charAt(i)] ?? '')
      put('replacement', label.slice(0, i) + k + label.slice(i + 1));
  for (let i = 1; i < n; i++)
    if (label.charAt(i) !== '-' && label.charAt(i - 1) !== '-')
      put('subdomain', `${label.slice(0, i)}.${label.slice(i)}`);
  for (let i = 0; i < n - 1; i++)
    if (label.charAt(i) !== label.charAt(i + 1))
      put('transposition', label.slice(0, i) + label.charAt(i + 1) + label.charAt(i) + label.slice(i + 2));
  for (let i = 0; i < n; i++)
    for (const v of 'aeiou')
      if ('aeiou'.includes(label.charAt(i)) && v !== label.charAt(i))
        put('vowel-swap', label.slice(0, i) + v + label.slice(i + 1));
  for (const w of WORDS) {
    put('dictionary', `${label}-${w}`);
    put('dictionary', `${w}-${label}`);
    put('dictionary', label + w.replace('-', ''));
  }
  for (const t of TLDS) if (t !== tld) put('tld-swap', label, t);
  const seen = new Set<string>();
  return res.filter((p) => (seen.has(p.domain) ? false : (seen.add(p.domain), true)));
};
