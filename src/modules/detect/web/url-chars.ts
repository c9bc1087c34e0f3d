/**
 * Character-class counts over URL parts for the URL features (url-features.ts): one loop each over
 * the characters instead of a regex per count, because this runs for every URL checked.
 */
const counts = new Int32Array(65536);

/** Shannon entropy of the UTF-16 units (one reused table: this runs for every URL). */
export const entropy = (s: string): number => {
  const n = s.length;
  if (n === 0) return 0;
  for (let i = 0; i < n; i++) {
    const code = s.charCodeAt(i);
    counts[code] = (counts[code] ?? 0) + 1;
  }
  let h = 0;
  for (let i = 0; i < n; i++) {
    const code = s.charCodeAt(i);
    const c = counts[code] ?? 0;
    if (c === 0) continue;
    const p = c / n;
    h -= p * Math.log2(p);
    counts[code] = 0;
  }
  return h;
};

const SPECIAL = new Set([...`~!$*,;'"<>|^\`{}`].map((c) => c.charCodeAt(0)));

export interface CharCounts {
  digits: number;
  upper: number;
  special: number;
  percentEncoded: number;
}

const isHex = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);

/** One pass over the URL for the character-class counts. */
export const countChars = (url: string): CharCounts => {
  const c: CharCounts = { digits: 0, upper: 0, special: 0, percentEncoded: 0 };
  for (let i = 0; i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code >= 48 && code <= 57) c.digits++;
    else if (code >= 65 && code <= 90) c.upper++;
    else if (code === 37 && isHex(url.charCodeAt(i + 1)) && isHex(url.charCodeAt(i + 2))) c.percentEncoded++;
    else if (SPECIAL.has(code)) c.special++;
  }
  return c;
};

export interface LabelCounts {
  digits: number;
  hyphens: number;
  /** Letters a-z, and the vowels among them. */
  letters: number;
  vowels: number;
  /** The longest run of consonants (y is not one here). */
  consonantRun: number;
}

const isConsonant = (c: number): boolean =>
  c >= 98 && c <= 122 && c !== 101 && c !== 105 && c !== 111 && c !== 117 && c !== 121;

/** One pass over the registrable label for what several regexes used to count. */
export const countLabel = (label: string): LabelCounts => {
  const out: LabelCounts = { digits: 0, hyphens: 0, letters: 0, vowels: 0, consonantRun: 0 };
  let run = 0;
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (c >= 48 && c <= 57) out.digits++;
    else if (c === 45) out.hyphens++;
    else if (c >= 97 && c <= 122) {
      out.letters++;
      if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117) out.vowels++;
    }
    run = isConsonant(c) ? run + 1 : 0;
    if (run > out.consonantRun) out.consonantRun = run;
  }
  return out;
};

/** The longest run of hex digits, counted only from 8 on (`[0-9a-f]{8,}`). */
export const longestHexRun = (s: string): number => {
  let best = 0;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    run = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best >= 8 ? best : 0;
};

export const countDigits = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
};

/** How many non-empty pieces `s` splits into at `sep` (`s.split(sep).filter(nonEmpty).length`). */
export const countRuns = (s: string, sep: number): number => {
  let runs = 0;
  let inRun = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) !== sep;
    if (c && !inRun) runs++;
    inRun = c;
  }
  return runs;
};

export const countChar = (s: string, ch: number): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === ch) n++;
  return n;
};
