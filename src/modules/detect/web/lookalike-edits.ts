/**
 * Edit arithmetic for look-alike matching: the optimal-string-alignment distance, an allocation-free
 * one-edit test for the hot path, the dnstwist family of a one-edit difference, and letter masks.
 */
import type { LookalikeFamily } from './lookalike.config.ts';

/** Bit i for letter i (a–z), bit 26 for any digit. */
export const charMask = (s: string): number => {
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) m |= 1 << (c - 97);
    else if (c >= 48 && c <= 57) m |= 1 << 26;
  }
  return m;
};

/** Optimal-string-alignment distance, abandoned early once it exceeds `max`. */
export const editDistance = (a: string, b: string, max: number): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] ?? max + 1;
};

const tailEqual = (a: string, ai: number, b: string, bi: number): boolean => {
  if (a.length - ai !== b.length - bi) return false;
  for (; ai < a.length; ai++, bi++) if (a.charCodeAt(ai) !== b.charCodeAt(bi)) return false;
  return true;
};

/** True when `a` and `b` differ by exactly one edit (substitution, insertion, deletion, adjacent swap). Allocation-free. */
export const oneEditApart = (a: string, b: string): boolean => {
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1 || lb - la > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    if (i === la) return false;
    if (tailEqual(a, i + 1, b, i + 1)) return true;
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && tailEqual(a, i + 2, b, i + 2);
  }
  return la > lb ? tailEqual(a, i + 1, b, i) : tailEqual(a, i, b, i + 1);
};

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

/** Which dnstwist family a one-edit difference belongs to. */
export const classifyEdit = (observed: string, token: string): LookalikeFamily => {
  let i = 0;
  while (i < Math.min(observed.length, token.length) && observed[i] === token[i]) i++;
  if (observed.length === token.length + 1) {
    if (i === token.length) return 'addition';
    const extra = observed[i];
    if (extra === '-') return 'hyphenation';
    if (extra === observed[i - 1] || extra === observed[i + 1]) return 'repetition';
    return 'insertion';
  }
  if (observed.length + 1 === token.length) return 'omission';
  if (observed.length !== token.length) return 'edit';
  const a = token[i] ?? '';
  const b = observed[i] ?? '';
  if (observed[i + 1] === a && token[i + 1] === b && observed.slice(i + 2) === token.slice(i + 2))
    return 'transposition';
  if (observed.slice(i + 1) !== token.slice(i + 1)) return 'edit';
  if (VOWELS.has(a) && VOWELS.has(b)) return 'vowel-swap';
  const x = a.charCodeAt(0) ^ b.charCodeAt(0);
  if (x !== 0 && (x & (x - 1)) === 0) return 'bitsquatting';
  return 'replacement';
};
