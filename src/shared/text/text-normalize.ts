/**
 * SMS text normalisation: undo the surface tricks senders use to dodge keyword filters before any
 * scoring or clustering. Pure and allocation-light, because it runs on every message of an
 * operator's SMS path (goal: well over 100k messages/s per core together with the classifier).
 *
 * Order matters: digits hidden in bracketed/dingbat forms first, then NFKC (full-width → half-width,
 * circled digits → digits), then one pass that drops zero-width characters, folds homoglyphs and
 * traditional characters and turns emoji into separators, and last the separators inserted between
 * CJK characters (`加 微 信`, `加*微*信`, `加.V.信`) are removed.
 */
import { TRADITIONAL_SIMPLIFIED_PAIRS } from './traditional-simplified.data.ts';

export interface NormalizedSms {
  /** The text as a person would read it, with the tricks undone. */
  readonly text: string;
  /** The text with variable slots (links, numbers) replaced and case folded: equal keys, same template. */
  readonly templateKey: string;
  /** The sender signature `【…】` at the start or end, if any. */
  readonly signature: string | undefined;
  readonly emojiCount: number;
  /** Which evasion tricks were seen; classifiers use them as features. */
  readonly tricks: SmsTricks;
}

export interface SmsTricks {
  readonly fullWidth: boolean;
  readonly traditional: boolean;
  readonly homoglyph: boolean;
  readonly zeroWidth: boolean;
  readonly insertedSeparators: boolean;
}

const pairsOf = (pairs: string): Array<[number, number]> => {
  const chars = [...pairs];
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < chars.length; i += 2) {
    const from = chars[i]?.codePointAt(0);
    const to = chars[i + 1]?.codePointAt(0);
    if (from !== undefined && to !== undefined && from !== to) out.push([from, to]);
  }
  return out;
};

// Cyrillic and Greek letters that render like Latin ones (the usual homoglyph substitutions).
const HOMOGLYPH_PAIRS =
  'аaвbеeкkмmнhоoрpсcтtуyхxіiјjѕsԁdԛqԝwАAВBЕEКKМMНHОOРPСCТTУYХXІIЈJЅS' +
  'αaβbεeιiκkνvοoρpτtυuχxΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧX';

/**
 * One lookup per UTF-16 unit decides what happens to a character, so text without tricks is scanned
 * once and returned as it is. Values below 8 are actions; from 8 up, the replacement character.
 */
const KEEP = 0;
const DROP = 1;
const EMOJI = 2;
const EMOJI_MODIFIER = 3;
const JOINER = 4;
const COMPAT = 5;
const FOLD = new Uint16Array(0x10000);
/** Which trick a replacement undoes: 1 full-width, 2 traditional, 3 homoglyph. */
const TRICK = new Uint8Array(0x10000);

const setRange = (from: number, to: number, action: number): void => {
  for (let c = from; c <= to; c++) FOLD[c] = action;
};
const mapRange = (from: number, to: number, firstTarget: number, trick = 0): void => {
  for (let c = from; c <= to; c++) {
    FOLD[c] = firstTarget + (c - from);
    TRICK[c] = trick;
  }
};
// Compatibility characters NFKC folds (letter-like symbols, enclosed CJK, ligatures, small and
// half-width forms, super/subscripts …): only text containing one pays for the NFKC call.
for (const [a, b] of [
  [0x2070, 0x209f],
  [0x2100, 0x218f],
  [0x2460, 0x24ff],
  [0x3200, 0x33ff],
  [0xf900, 0xfaff],
  [0xfb00, 0xfb4f],
  [0xfe30, 0xfe6f],
  [0xff61, 0xffef],
] as const)
  setRange(a, b, COMPAT);
for (const [a, b] of [
  [0x2300, 0x23ff],
  [0x2600, 0x27bf],
  [0x2b00, 0x2bff],
] as const)
  setRange(a, b, EMOJI);
for (const c of [0x3030, 0x303d, 0x3297, 0x3299]) FOLD[c] = EMOJI;
setRange(0xfe00, 0xfe0f, EMOJI_MODIFIER);
FOLD[0x20e3] = EMOJI_MODIFIER;
FOLD[0x200d] = JOINER;
for (const c of [
  0x200b, 0x200c, 0x200e, 0x200f, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x00ad, 0x180e, 0x034f,
])
  FOLD[c] = DROP;
FOLD[0x00a0] = 0x20;
FOLD[0x3000] = 0x20;
mapRange(0xff01, 0xff5e, 0x21);
// Chinese punctuation stays as written (it is the normal form of Chinese text, not a trick); a
// full-width colon is folded only inside `ｈｔｔｐ：／／` (see fold).
for (const c of [0xff01, 0xff08, 0xff09, 0xff0c, 0xff1a, 0xff1b, 0xff1f]) FOLD[c] = KEEP;
mapRange(0xff10, 0xff19, 0x30, 1);
mapRange(0xff21, 0xff3a, 0x41, 1);
mapRange(0xff41, 0xff5a, 0x61, 1);
FOLD[0xffe5] = 0xa5; // ￥
FOLD[0xffe1] = 0xa3; // ￡
FOLD[0xffe0] = 0xa2; // ￠
// Digits hidden in circled, parenthesised, full-stop and dingbat forms (NFKC makes `(1)` of some).
mapRange(0x2460, 0x2468, 0x31, 1); // ①-⑨
mapRange(0x2474, 0x247c, 0x31, 1); // ⑴-⑼
mapRange(0x2488, 0x2490, 0x31, 1); // ⒈-⒐
mapRange(0x2776, 0x277e, 0x31, 1); // ❶-❾
mapRange(0x2780, 0x2788, 0x31, 1); // ➀-➈
mapRange(0x278a, 0x2792, 0x31, 1); // ➊-➒
mapRange(0x24f5, 0x24fd, 0x31, 1); // ⓵-⓽
mapRange(0x24b6, 0x24cf, 0x41, 3); // Ⓐ-Ⓩ
mapRange(0x24d0, 0x24e9, 0x61, 3); // ⓐ-ⓩ
for (const c of [0x24ea, 0x24ff, 0x24ea]) {
  FOLD[c] = 0x30;
  TRICK[c] = 1;
}
for (const [from, to] of pairsOf(HOMOGLYPH_PAIRS)) {
  FOLD[from] = to;
  TRICK[from] = 3;
}
for (const [from, to] of pairsOf(TRADITIONAL_SIMPLIFIED_PAIRS)) {
  if (from > 0xffff || to > 0xffff) continue;
  FOLD[from] = to;
  TRICK[from] = 2;
}

const SEP = '[\\s*.\\-_|/\\\\·•~^+=#\'"`丶]{1,3}';
const CJK = '[\\u3400-\\u9fff]';
const CJK_LETTER_CJK = new RegExp(`(${CJK})${SEP}([A-Za-z0-9])${SEP}(?=${CJK})`, 'g');
const CJK_LETTER_SEP_CJK = new RegExp(`(${CJK}[A-Za-z0-9])${SEP}(?=${CJK})`, 'g');
const CJK_SEP_LETTER_CJK = new RegExp(`(${CJK})${SEP}(?=[A-Za-z0-9]${CJK})`, 'g');
const CJK_SEP_CJK = new RegExp(`(${CJK})${SEP}(?=${CJK})`, 'g');
const SEP_TEST = new RegExp(`(?<=${CJK})${SEP}[A-Za-z0-9]?${SEP.replace('{1,3}', '{0,3}')}${CJK}`);
// Five or more digits written one by one with a separator between them (`1 3 8 0 0 …`).
const SPACED_DIGITS = /(?<![\d])\d(?:[ .\-_*·]\d){4,}(?![\d])/g;
const SPACED_DIGITS_TEST = /\d[ .\-_*·]\d[ .\-_*·]\d/;
const MULTI_SPACE = /[ \t]{2}/;

/**
 * What one pass over the folded text says about the three tests below, so that their regexes run only
 * on text that has what each needs (few messages do): a CJK character before a separator (SEP_TEST),
 * a digit, one of SPACED_DIGITS' separators and a digit (SPACED_DIGITS_TEST), two spaces or tabs in
 * a row (MULTI_SPACE).
 */
const MAY_JOIN = 1;
const MAY_SPACE_DIGITS = 2;
const MAY_SQUEEZE = 4;
const ALL_TESTS = MAY_JOIN | MAY_SPACE_DIGITS | MAY_SQUEEZE;
// The UTF-16 units of SEP's class, from the class itself (the CJK range holds only 丶 of them).
const SEP_UNIT = new Uint8Array(0x10000);
{
  const one = new RegExp(`^${SEP.slice(0, SEP.lastIndexOf('{'))}$`);
  for (let c = 0; c < 0x10000; c++) if (one.test(String.fromCharCode(c))) SEP_UNIT[c] = 1;
}
const isSpacedDigitSeparator = (c: number): boolean =>
  c === 0x20 || c === 0x2e || c === 0x2d || c === 0x5f || c === 0x2a || c === 0xb7;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

const testsFor = (text: string): number => {
  let tests = 0;
  const n = text.length;
  // Each unit is read once: c is the one before next.
  let c = n > 0 ? text.charCodeAt(0) : 0;
  for (let i = 1; i < n; i++) {
    const next = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff) {
      // Most CJK characters are followed by another, which is not a separator (丶 is the one that is).
      if ((next < 0x3400 || next > 0x9fff || next === 0x4e36) && SEP_UNIT[next] === 1) tests |= MAY_JOIN;
    } else if (isDigit(c)) {
      if (i + 1 < n && isSpacedDigitSeparator(next) && isDigit(text.charCodeAt(i + 1)))
        tests |= MAY_SPACE_DIGITS;
    } else if ((c === 0x20 || c === 0x09) && (next === 0x20 || next === 0x09)) tests |= MAY_SQUEEZE;
    c = next;
  }
  return tests;
};
const SIGNATURE_START = /^\s*【([^【】]{1,24})】/;
const SIGNATURE_END = /【([^【】]{1,24})】\s*$/;

const URL_SLOT =
  /(?:https?:\/\/|www\.)[^\s\u3000-\u303f\uff01-\uff5e\u4e00-\u9fff]+|\b[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.(?:cn|com|net|cc|top|xyz|vip|me|io|co|ly|gl|im|info|org|club|shop|site|ink|link|ltd|tk|app)\b(?:\/[^\s\u3000-\u303f\uff01-\uff5e\u4e00-\u9fff]*)?/gi;
const NUMBER_SLOT = /[0-9][0-9*xX,.:-]*[0-9*]|[0-9]/g;

const removeInsertedSeparators = (text: string): string => {
  const out = text
    .replace(CJK_LETTER_CJK, '$1$2')
    .replace(CJK_LETTER_SEP_CJK, '$1')
    .replace(CJK_SEP_LETTER_CJK, '$1');
  // Twice: a match consumes the left character, so `加 微 信` needs a second pass for the second gap.
  return out.replace(CJK_SEP_CJK, '$1').replace(CJK_SEP_CJK, '$1');
};

/** The slot-replaced, case-folded form of already normalised text. */
export const templateKeyOf = (text: string): string =>
  text.toLowerCase().replace(URL_SLOT, '<url>').replace(NUMBER_SLOT, '<num>').replace(/\s+/g, ' ').trim();

/**
 * What the last `fold` saw besides its text (read at once by normalizeSms): one object for all calls,
 * so folding allocates nothing when there is nothing to fold, which is most messages.
 */
const folded = { emojiCount: 0, tricks: 0, zeroWidth: false };

const isEmojiPair = (cp: number): boolean =>
  (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0xe0020 && cp <= 0xe007f);
const isModifierPair = (cp: number): boolean =>
  (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f);

/**
 * Full-width, digit forms, traditional characters, homoglyphs, zero-width characters and emoji: the
 * folded text, with what was seen in `folded`.
 */
const fold = (raw: string): string => {
  folded.emojiCount = 0;
  folded.tricks = 0;
  folded.zeroWidth = false;
  const n = raw.length;
  let i = 0;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x80 && (FOLD[c] !== KEEP || (c >= 0xd800 && c <= 0xdfff))) break;
  }
  if (i === n) return raw;
  // Unchanged stretches are copied as slices; only changed characters are appended one by one.
  let out = '';
  let runStart = 0;
  let emojiCount = 0;
  let tricks = 0;
  let zeroWidth = false;
  let compat = false;
  let lastWasEmoji = false;
  let afterJoiner = false;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x80) {
      lastWasEmoji = false;
      afterJoiner = false;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const cp = ((c - 0xd800) << 10) + (raw.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      if (isEmojiPair(cp)) {
        // Modifiers and joined parts belong to the emoji before them; the emoji becomes a separator.
        if (!afterJoiner && !isModifierPair(cp)) emojiCount++;
        out += raw.slice(runStart, i) + (lastWasEmoji ? '' : ' ');
        runStart = i + 2;
        lastWasEmoji = true;
        afterJoiner = false;
      } else {
        if (cp >= 0x1d400 && cp <= 0x1d7ff) compat = true;
        lastWasEmoji = false;
      }
      i++;
      continue;
    }
    const action = FOLD[c] ?? KEEP;
    if (c === 0xff1a && (raw.charCodeAt(i + 1) === 0xff0f || raw.charCodeAt(i + 1) === 0x2f)) {
      out += raw.slice(runStart, i) + ':';
      runStart = i + 1;
      continue;
    }
    if (action === KEEP || action === COMPAT) {
      if (action === COMPAT) compat = true;
      lastWasEmoji = false;
      afterJoiner = false;
      continue;
    }
    // Every other action replaces the character (with nothing, a separator or its folded form).
    let replacement = '';
    if (action === DROP) zeroWidth = true;
    else if (action === JOINER) afterJoiner = true;
    else if (action === EMOJI || action === EMOJI_MODIFIER) {
      if (action === EMOJI && !afterJoiner) emojiCount++;
      replacement = lastWasEmoji ? '' : ' ';
      lastWasEmoji = true;
      afterJoiner = false;
    } else {
      replacement = String.fromCharCode(action);
      tricks |= 1 << (TRICK[c] ?? 0);
      lastWasEmoji = false;
      afterJoiner = false;
    }
    out += raw.slice(runStart, i) + replacement;
    runStart = i + 1;
  }
  folded.emojiCount = emojiCount;
  folded.tricks = tricks;
  folded.zeroWidth = zeroWidth;
  const text = out + raw.slice(runStart);
  return compat ? text.normalize('NFKC') : text;
};

/** Tricks k (bit 0 full-width, 1 traditional, 2 homoglyph, 3 zero-width, 4 inserted separators). */
const trickSet = (k: number): SmsTricks =>
  Object.freeze({
    fullWidth: (k & 1) !== 0,
    traditional: (k & 2) !== 0,
    homoglyph: (k & 4) !== 0,
    zeroWidth: (k & 8) !== 0,
    insertedSeparators: (k & 16) !== 0,
  });
// Every combination, frozen and shared: no object per message for what it shows.
const TRICKS: readonly SmsTricks[] = Array.from({ length: 32 }, (_, k) => trickSet(k));

export const normalizeSms = (raw: string): NormalizedSms => {
  let source = fold(raw);
  const { emojiCount, tricks, zeroWidth } = folded;
  let insertedSeparators = false;
  let tests = testsFor(source);
  if ((tests & MAY_JOIN) !== 0 && SEP_TEST.test(source)) {
    const joined = removeInsertedSeparators(source);
    insertedSeparators = joined !== source;
    // What testsFor saw holds for the text it scanned: after a change, every test runs.
    if (insertedSeparators) tests = ALL_TESTS;
    source = joined;
  }
  if ((tests & MAY_SPACE_DIGITS) !== 0 && SPACED_DIGITS_TEST.test(source)) {
    const joined = source.replace(SPACED_DIGITS, digitsOnly);
    if (joined !== source) tests = ALL_TESTS;
    source = joined;
  }
  const text =
    (tests & MAY_SQUEEZE) !== 0 && MULTI_SPACE.test(source)
      ? source.replace(/[ \t]{2,}/g, ' ').trim()
      : source.trim();
  const signature = text.includes('【')
    ? (SIGNATURE_START.exec(text)?.[1] ?? SIGNATURE_END.exec(text)?.[1])
    : undefined;
  const seen = ((tricks >> 1) & 7) | (zeroWidth ? 8 : 0) | (insertedSeparators ? 16 : 0);
  return new Normalized(text, signature?.trim(), emojiCount, TRICKS[seen] ?? trickSet(seen));
};
const digitsOnly = (m: string): string => m.replace(/[^\d]/g, '');

/**
 * A class, so the lazy `templateKey` is a getter on the prototype: an object literal with a getter
 * is built through a slow runtime path, a measurable share of classifying one message.
 */
class Normalized implements NormalizedSms {
  readonly text: string;
  readonly signature: string | undefined;
  readonly emojiCount: number;
  readonly tricks: SmsTricks;
  #templateKey: string | undefined;
  constructor(text: string, signature: string | undefined, emojiCount: number, tricks: SmsTricks) {
    this.text = text;
    this.signature = signature;
    this.emojiCount = emojiCount;
    this.tricks = tricks;
  }
  /** Computed on first use: classification never needs it, clustering and the library do. */
  get templateKey(): string {
    this.#templateKey ??= templateKeyOf(this.text);
    return this.#templateKey;
  }
}

/** What the library's `sms` value type needs: the readable text and the template key. */
export const normalizeSmsText = (raw: string): { text: string; templateKey: string } => {
  const n = normalizeSms(raw);
  return { text: n.text, templateKey: n.templateKey };
};
