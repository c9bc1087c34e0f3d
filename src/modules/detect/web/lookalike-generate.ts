/**
 * Generates look-alike permutations of a brand's domain, family by family, the way dnstwist does
 * (addition, bitsquatting, homoglyph, hyphenation, insertion, omission, repetition, replacement,
 * subdomain, transposition, vowel swap, dictionary, TLD swap) plus pinyin tricks. Analysts use the
 * list to watch registrations; the matcher is tested against a separate implementation (scripts/web).
 */
import { parse } from 'tldts';
import type { Brand } from '../../brands/brands.types.ts';
import { HOMOGLYPHS } from './confusables.ts';
import type { LookalikeFamily } from './lookalike.config.ts';

export interface Permutation {
  readonly family: LookalikeFamily;
  readonly domain: string;
}

const KEYBOARD_ROWS = ['1234567890-', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Keys next to each key on a QWERTY keyboard (same row and the rows above and below). */
const NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  KEYBOARD_ROWS.forEach((row, r) => {
    [...row].forEach((ch, c) => {
      let near = '';
      for (const rr of [r - 1, r, r + 1]) {
        const line = KEYBOARD_ROWS[rr];
        if (!line) continue;
        for (const cc of [c - 1, c, c + 1]) {
          const k = line[cc];
          if (k && k !== ch && k !== '-') near += k;
        }
      }
      map.set(ch, near);
    });
  });
  return map;
})();

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const VOWELS = 'aeiou';
const VALID = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
export const SWAP_TLDS = [
  'com',
  'net',
  'org',
  'cn',
  'com.cn',
  'top',
  'xyz',
  'vip',
  'cc',
  'co',
  'info',
  'shop',
  'online',
  'site',
  'club',
  'hk',
  'me',
  'app',
];
export const LURE_WORDS = [
  'login',
  'secure',
  'verify',
  'kefu',
  'service',
  'support',
  'account',
  'update',
  'tuikuan',
  'lipei',
  'renzheng',
  'online',
  'pay',
  'vip',
  'app',
  'etc',
  'help',
];

const replaceAt = (s: string, i: number, by: string): string => s.slice(0, i) + by + s.slice(i + 1);

const labelPermutations = (label: string): Array<[LookalikeFamily, string]> => {
  const out: Array<[LookalikeFamily, string]> = [];
  for (const ch of ALNUM) out.push(['addition', label + ch]);
  for (let i = 0; i < label.length; i++) {
    const ch = label[i] ?? '';
    const code = ch.charCodeAt(0);
    for (let bit = 0; bit < 8; bit++) {
      const flipped = String.fromCharCode(code ^ (1 << bit));
      if (/[a-z0-9]/.test(flipped)) out.push(['bitsquatting', replaceAt(label, i, flipped)]);
    }
    for (const glyph of HOMOGLYPHS[ch] ?? []) out.push(['homoglyph', replaceAt(label, i, glyph)]);
    if (i > 0) out.push(['hyphenation', label.slice(0, i) + '-' + label.slice(i)]);
    for (const near of NEIGHBOURS.get(ch) ?? []) {
      out.push(['insertion', label.slice(0, i) + near + label.slice(i)]);
      out.push(['replacement', replaceAt(label, i, near)]);
    }
    out.push(['omission', label.slice(0, i) + label.slice(i + 1)]);
    out.push(['repetition', label.slice(0, i) + ch + label.slice(i)]);
    if (i + 1 < label.length)
      out.push(['transposition', label.slice(0, i) + (label[i + 1] ?? '') + ch + label.slice(i + 2)]);
    if (VOWELS.includes(ch))
      for (const v of VOWELS) if (v !== ch) out.push(['vowel-swap', replaceAt(label, i, v)]);
  }
  for (const word of LURE_WORDS) {
    out.push(
      ['dictionary', `${label}-${word}`],
      ['dictionary', `${word}-${label}`],
      ['dictionary', label + word],
    );
  }
  return out;
};

/** Every permutation of `domain` (a registrable domain such as `icbc.com.cn`), de-duplicated. */
export const generatePermutations = (domain: string): Permutation[] => {
  const parts = parse(domain);
  const label = parts.domainWithoutSuffix;
  const suffix = parts.publicSuffix;
  if (!label || !suffix) return [];
  const seen = new Set<string>([domain]);
  const out: Permutation[] = [];
  const push = (family: LookalikeFamily, d: string): void => {
    if (seen.has(d)) return;
    seen.add(d);
    out.push({ family, domain: d });
  };
  for (const [family, l] of labelPermutations(label)) {
    const ascii = family === 'homoglyph' ? l.normalize('NFKC') : l;
    if (family === 'homoglyph' || VALID.test(ascii)) push(family, `${l}.${suffix}`);
  }
  for (let i = 1; i < label.length; i++)
    if (label[i - 1] !== '-' && label[i] !== '-')
      push('subdomain', `${label.slice(0, i)}.${label.slice(i)}.${suffix}`);
  for (const tld of SWAP_TLDS) if (tld !== suffix) push('tld-swap', `${label}.${tld}`);
  return out;
};

/** Pinyin tricks: the brand's pinyin spellings alone and glued to lure words, on cheap TLDs. */
export const generatePinyinVariants = (brand: Brand): Permutation[] => {
  const out: Permutation[] = [];
  for (const p of brand.pinyinTokens)
    for (const tld of ['com', 'cn', 'top', 'vip'])
      out.push(
        { family: 'pinyin', domain: `${p}.${tld}` },
        { family: 'pinyin', domain: `${p}-kefu.${tld}` },
        { family: 'pinyin', domain: `${p}tuikuan.${tld}` },
      );
  return out;
};
