/**
 * The seeded generator of fanzha's Chinese SMS corpus (issue 3). There is no licensed public Chinese
 * fraud-SMS corpus, so the project writes one: templates from fraud-templates.data.ts and
 * normal-templates.data.ts, slots filled at random, then the evasion tricks fraudsters use (inserted
 * separators, traditional characters, full-width digits, homoglyphs, emoji, keyword look-alikes).
 *
 * Whole templates are held out (`split: 'test'`), never single samples, so the Chinese figures
 * measure generalisation to scripts the model has not seen, not recall of a template.
 *
 * `npx tsx corpus/sms-zh/generate.ts [out.jsonl]` writes the corpus (default corpus/sms-zh/corpus.jsonl).
 */
import { writeFileSync } from 'node:fs';
import { TRADITIONAL_SIMPLIFIED_PAIRS } from '../../src/shared/text/traditional-simplified.data.ts';
import { FRAUD_TEMPLATES } from './fraud-templates.data.ts';
import {
  BRAND_LINKS,
  MARKETING_TEMPLATES,
  MISMATCH_FRAUD_TEMPLATES,
  NOTICE_TEMPLATES,
} from './marketing-templates.data.ts';
import { NORMAL_TEMPLATES, SPAM_TEMPLATES } from './normal-templates.data.ts';
import { FRAUD_URLS, OFFICIAL_URLS, SLOT_VALUES } from './slots.data.ts';
import { seededRandom } from '../../src/shared/random.ts';

export type CorpusLabel = 'fraud' | 'spam' | 'normal';
export interface CorpusRow {
  readonly id: string;
  readonly text: string;
  readonly label: CorpusLabel;
  readonly fraudType?: string;
  /** `<kind>#<index>`: which script produced it (for template-purity tests and held-out splits). */
  readonly template: string;
  readonly split: 'train' | 'test';
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};
const digits = (rng: Rng, n: number): string =>
  Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
const letters = (rng: Rng, n: number): string =>
  Array.from({ length: n }, () => 'abcdefghijkmnpqrstuvwxyz'[Math.floor(rng() * 24)]).join('');
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

const fillLink = (rng: Rng, pattern: string): string =>
  pattern
    .replace(/\{w\}/g, () => letters(rng, int(rng, 2, 6)))
    .replace(/\{n\}/g, () => String(int(rng, 1, 254)))
    .replace(/\{p\}/g, () => letters(rng, 2) + digits(rng, int(rng, 1, 3)) + letters(rng, int(rng, 0, 3)));

const SIMPLE_SLOTS: Record<string, (rng: Rng, fraud: boolean) => string> = {
  url: (rng, fraud) => fillLink(rng, pick(rng, fraud ? FRAUD_URLS : (OFFICIAL_URLS.shopUrl ?? []))),
  phone: (rng) =>
    pick(rng, [
      () => `1${pick(rng, ['3', '5', '7', '8', '9'])}${digits(rng, 9)}`,
      () => `0${int(rng, 10, 999)}-${digits(rng, 8)}`,
      () => `400-${digits(rng, 3)}-${digits(rng, 4)}`,
      () => `+${int(rng, 60, 95)} ${digits(rng, 9)}`,
    ])(),
  wx: (rng) =>
    pick(rng, [
      () => letters(rng, int(rng, 3, 6)) + digits(rng, int(rng, 2, 5)),
      () => `1${digits(rng, 10)}`,
    ])(),
  qq: (rng) => String(int(rng, 1, 9)) + digits(rng, int(rng, 6, 9)),
  tg: (rng) => letters(rng, int(rng, 4, 8)) + digits(rng, int(rng, 0, 3)),
  card: (rng) =>
    `62${digits(rng, 2)} ${digits(rng, 4)} ${digits(rng, 4)} ${digits(rng, 4)}${digits(rng, int(rng, 0, 3))}`,
  small: (rng) => String(pick(rng, [5, 8, 10, 15, 20, 30, 50, 88, 99, 100, 168, 199, 200, 300])),
  mid: (rng) => String(pick(rng, [300, 500, 800, 1000, 1500, 2000, 3000, 5000, 8000, 10000, 20000])),
  big: (rng) => pick(rng, ['5万', '10万', '20万', '50万', '100万', '3000', '8888', '30万', '200万']),
  daily: (rng) => String(pick(rng, [200, 300, 500, 800, 1000])),
  pct: (rng) => String(pick(rng, [5, 8, 10, 15, 20, 30, 50, 100, 200, 300])),
  count: (rng) => String(int(rng, 2, 30)),
  hours: (rng) => String(pick(rng, [2, 12, 24, 48, 72])),
  minutes: (rng) => String(pick(rng, [3, 5, 10, 15, 30])),
  code4: (rng) => digits(rng, 4),
  code6: (rng) => digits(rng, 6),
  tail: (rng) => digits(rng, 4),
  month: (rng) => String(int(rng, 1, 12)),
  day: (rng) => String(int(rng, 1, 28)),
  hhmm: (rng) => `${int(rng, 7, 22)}:${pick(rng, ['00', '15', '30', '45'])}`,
  cents: (rng) => digits(rng, 2),
  waybill: (rng) => pick(rng, ['SF', 'YT', 'ZT', 'JD', '']) + digits(rng, 12),
  flight: (rng) => pick(rng, ['CA', 'MU', 'CZ', 'HU', 'MF']) + digits(rng, 4),
  train: (rng) => pick(rng, ['G', 'D', 'K', 'Z']) + String(int(rng, 1, 9999)),
  gate: (rng) => `${pick(rng, ['A', 'B', ''])}${int(rng, 1, 30)}`,
  /** A short-link path, for templates that write a brand's own host themselves. */
  p: (rng) => fillLink(rng, '{p}'),
};

const slotValue = (rng: Rng, name: string, fraud: boolean): string => {
  const simple = SIMPLE_SLOTS[name];
  if (simple) return simple(rng, fraud);
  const official = OFFICIAL_URLS[name];
  if (official) return fillLink(rng, pick(rng, official));
  const values = SLOT_VALUES[name];
  if (!values) throw new Error(`unknown slot {${name}}`);
  return pick(rng, values);
};

/** `{brand:F}` and `{link:F}` filled with one pair of family F (a brand and a link it owns). */
const withBrandLink = (rng: Rng, template: string): string => {
  const family = /\{brand:(\w+)\}/.exec(template)?.[1];
  if (family === undefined) return template;
  const [brand, link] = pick(rng, BRAND_LINKS[family] ?? []);
  return template.replaceAll(`{brand:${family}}`, brand).replaceAll(`{link:${family}}`, link);
};

export const expandTemplate = (rng: Rng, template: string, fraud: boolean): string =>
  withBrandLink(rng, template)
    .replace(/\[([^\]]*)\]/g, (_, alternatives: string) => pick(rng, alternatives.split('|')))
    .replace(/\{(\w+)\}/g, (_, name: string) => slotValue(rng, name, fraud));

const SIMPLIFIED_TO_TRADITIONAL = (() => {
  const map = new Map<string, string>();
  const chars = [...TRADITIONAL_SIMPLIFIED_PAIRS];
  for (let i = 0; i + 1 < chars.length; i += 2) {
    const t = chars[i];
    const s = chars[i + 1];
    if (t !== undefined && s !== undefined && t !== s && !map.has(s)) map.set(s, t);
  }
  return map;
})();

const LOOKALIKE_WORDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['微信', ['薇信', 'V信', 'vx', '威信', '徽信', 'wx', '微❤']],
  ['兼职', ['兼z', '兼耳只', 'jian职']],
  ['贷款', ['贷kuan', '代款', 'dai款']],
  ['刷单', ['刷dan', 'S单']],
  ['佣金', ['yong金', '拥金']],
  ['转账', ['zhuan账', '转zhang']],
  ['客服', ['客fu', 'kefu']],
  ['加', ['+', '➕', '家']],
];
const HOMOGLYPH_OUT: Readonly<Record<string, string>> = {
  a: 'а',
  e: 'е',
  o: 'о',
  p: 'р',
  c: 'с',
  x: 'х',
  y: 'у',
};
const EMOJI = ['💰', '🔥', '🎁', '👉', '✅', '❤️', '🧧', '📱', '⭐', '😊'];

/** The tricks, each applied with its own chance: fraud most, spam some, normal rarely. */
const disguise = (rng: Rng, text: string, rate: number): string => {
  let out = text;
  for (const [word, alternatives] of LOOKALIKE_WORDS)
    if (rng() < rate) out = out.replaceAll(word, pick(rng, alternatives));
  if (rng() < rate * 0.6) {
    const sep = pick(rng, [' ', '*', '.', '-', '/', '丶', '|', '\u200b']);
    // Space out one stretch of CJK characters, the way keyword filters get dodged.
    out = out.replace(/[\u4e00-\u9fff]{2,5}/, (m) => [...m].join(sep));
  }
  if (rng() < rate * 0.4) out = [...out].map((c) => SIMPLIFIED_TO_TRADITIONAL.get(c) ?? c).join('');
  if (rng() < rate * 0.4)
    out = out.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  if (rng() < rate * 0.3) out = out.replace(/[aeopcxy]/g, (c) => (rng() < 0.5 ? (HOMOGLYPH_OUT[c] ?? c) : c));
  if (rng() < rate * 0.5) {
    const chars = [...out];
    for (let k = int(rng, 1, 3); k > 0; k--) chars.splice(int(rng, 0, chars.length), 0, pick(rng, EMOJI));
    out = chars.join('');
  }
  return out;
};

const FAKE_SIGNATURES = [
  '【京东】',
  '【淘宝】',
  '【顺丰速运】',
  '【中国银行】',
  '【ETC服务】',
  '【社保中心】',
  '【温馨提示】',
];

/**
 * Digits outside links written as x, the way published corpora anonymise messages (`尾号xxxx`,
 * `xxxx年xx月`): the model should learn the shape of a message, not that masked numbers are rare.
 */
const maskDigits = (text: string): string =>
  text.replace(/(\S*(?:https?:\/\/|\.(?:cn|com|top|vip|xyz|cc|shop|club))\S*)|\d/g, (m, link?: string) =>
    link === undefined ? 'x' : m,
  );
const MASK_RATE = 0.25;

export interface CorpusOptions {
  readonly seed?: number;
  readonly perFraudTemplate?: number;
  readonly perNormalTemplate?: number;
  readonly perSpamTemplate?: number;
}

export const generateCorpus = (options: CorpusOptions = {}): CorpusRow[] => {
  const rng = seededRandom(options.seed ?? 20261125);
  const rows: CorpusRow[] = [];
  const seen = new Set<string>();
  const emit = (
    kind: string,
    index: number,
    label: CorpusLabel,
    template: string,
    n: number,
    fraudType?: string,
  ): void => {
    const fraud = label === 'fraud';
    const split = index % 4 === 1 ? 'test' : 'train';
    for (let i = 0; i < n; i++) {
      let text = expandTemplate(rng, template, fraud);
      if (fraud && !text.startsWith('【') && rng() < 0.15) text = pick(rng, FAKE_SIGNATURES) + text;
      // Masked before the disguise, which may hide a link from the mask (a homoglyph in `.cn`).
      if (rng() < MASK_RATE) text = maskDigits(text);
      text = disguise(rng, text, fraud ? 0.3 : label === 'spam' ? 0.12 : 0.03);
      if (seen.has(text)) continue;
      seen.add(text);
      const row: CorpusRow = {
        id: `zh-${rows.length + 1}`,
        text,
        label,
        template: `${kind}#${index}`,
        split,
      };
      rows.push(fraudType ? { ...row, fraudType } : row);
    }
  };
  for (const [fraudType, templates] of Object.entries(FRAUD_TEMPLATES)) {
    templates.forEach((t, i) => emit(fraudType, i, 'fraud', t, options.perFraudTemplate ?? 60, fraudType));
  }
  NORMAL_TEMPLATES.forEach((t, i) => emit('normal', i, 'normal', t, options.perNormalTemplate ?? 90));
  SPAM_TEMPLATES.forEach((t, i) => emit('spam', i, 'spam', t, options.perSpamTemplate ?? 100));
  MARKETING_TEMPLATES.forEach((t, i) => emit('marketing', i, 'spam', t, options.perSpamTemplate ?? 100));
  NOTICE_TEMPLATES.forEach((t, i) => emit('notice', i, 'normal', t, options.perNormalTemplate ?? 90));
  for (const [fraudType, templates] of Object.entries(MISMATCH_FRAUD_TEMPLATES)) {
    templates.forEach((t, i) =>
      emit(`mismatch-${fraudType}`, i, 'fraud', t, options.perFraudTemplate ?? 60, fraudType),
    );
  }
  return rows;
};

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const out = process.argv[2] ?? new URL('./corpus.jsonl', import.meta.url).pathname;
  const rows = generateCorpus();
  writeFileSync(out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`wrote ${rows.length} rows to ${out}`);
}
