/**
 * The app detector (`app@1.0.0`, 仿冒APP研判): an app is `counterfeit` when a protected brand's name or a
 * look-alike of it is on a package or certificate that is not the brand's, `genuine` when package and
 * certificate both match the brand's records, `suspicious` when it has a scam app's profile without
 * naming a brand (a random package name, an app-builder shell, money words in its label), and
 * `unknown` otherwise. Brands come from the analysts' table and the built-in app dictionary
 * (app-brands.data.ts); the letter-pair table for random names is read once from models/well-known.
 */
import { readFileSync } from 'node:fs';
import type { Brand } from '../../brands/brands.types.ts';
import { APP_BRANDS, APP_SHELL_PACKAGES, SCAM_LABEL_WORDS, type AppBrand } from './app-brands.data.ts';
import { foldToAscii } from './confusables.ts';
import { editDistance } from './lookalike-match.ts';
import type { BrandMatcher } from './page.ts';

export const APP_DETECTOR_ID = 'app';
export const APP_DETECTOR_VERSION = '1.0.0';

export const APP_SCORES = {
  labelImitation: 0.9,
  packageImitation: 0.8,
  foreignCertificate: 0.95,
  genuine: 0,
  unknown: 0.1,
  /** One scam-app signal without a brand; each further signal adds `scamSignalStep`. */
  scamProfile: 0.6,
  scamSignalStep: 0.1,
  /** What each scam-app signal adds to a counterfeit's score. */
  signalOnBrand: 0.03,
} as const;

export type AppVerdictLabel = 'counterfeit' | 'suspicious' | 'genuine' | 'unknown';

export interface AppFacts {
  readonly package: string;
  readonly label: string | null;
  /** Every signing certificate's SHA-256 (lower-case hex); empty when not known. */
  readonly certSha256: readonly string[];
}

export interface AppVerdict {
  readonly verdict: AppVerdictLabel;
  readonly score: number;
  readonly brand?: string;
  readonly fraudType?: string;
  readonly reasons: string[];
}

/** The brand a label names (its Chinese or English name, including inside a longer label). */
const brandInLabel = (m: BrandMatcher, label: string): Brand | undefined => {
  const text = label.normalize('NFKC');
  for (const re of [m.exact, m.latin]) {
    if (!re) continue;
    re.lastIndex = 0;
    const hit = re.exec(text);
    if (hit) return m.byName.get(hit[0]) ?? m.byName.get(hit[0].toLowerCase());
  }
  return undefined;
};

/** Package segments that say nothing of a brand: TLDs, platform words, app-builder vendors. */
const NEUTRAL_SEGMENTS: ReadonlySet<string> = new Set([
  'com',
  'cn',
  'net',
  'org',
  'android',
  'app',
  'www',
  'dcloud',
  'apicloud',
  'appcan',
  'plus',
  'uni',
  'phone',
  'mobile',
  'client',
  'main',
  'activity',
  'ui',
  'apps',
  'lite',
  'pro',
  'mall',
  'shop',
]);

/** The brand a package name imitates: a segment equal to, containing or one edit from a brand token. */
const brandInPackage = (m: BrandMatcher, pkg: string): Brand | undefined => {
  const segments = foldToAscii(pkg)
    .split(/[._]/)
    .filter((s) => s.length >= 2 && !NEUTRAL_SEGMENTS.has(s));
  for (const brand of m.index.brands)
    for (const token of [
      ...brand.domainTokens,
      ...brand.pinyinTokens,
      ...brand.packages.flatMap((p) => p.split('.').slice(1, 2)),
    ]) {
      const t = token.toLowerCase();
      if (t.length < 2 || ['com', 'cn', 'android', 'app', 'me'].includes(t)) continue;
      for (const s of segments) {
        if (s === t) return brand;
        if (t.length >= 4 && s.includes(t)) return brand;
        if (t.length >= 5 && editDistance(s, t, 1) <= 1) return brand;
      }
    }
  return undefined;
};

const latinName = (name: string): boolean => /^[\x20-\x7e]+$/.test(name);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches any of `names` in a label: CJK names anywhere, Latin ones as whole words, any case. */
const nameMatcher = (names: readonly string[]): RegExp | undefined => {
  const sorted = [...new Set(names)].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return undefined;
  const parts = sorted.map((n) => (latinName(n) ? `(?<![A-Za-z])${escape(n)}(?![A-Za-z])` : escape(n)));
  return new RegExp(parts.join('|'), 'i');
};

interface Dictionary {
  readonly brands: readonly AppBrand[];
  readonly byName: ReadonlyMap<string, AppBrand>;
  readonly names: RegExp | undefined;
  readonly scamWords: RegExp | undefined;
}

const buildDictionary = (brands: readonly AppBrand[]): Dictionary => {
  const byName = new Map<string, AppBrand>();
  for (const b of brands)
    for (const n of b.names) if (!byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), b);
  return {
    brands,
    byName,
    names: nameMatcher(brands.flatMap((b) => b.names)),
    scamWords: nameMatcher(SCAM_LABEL_WORDS),
  };
};

const DICTIONARY = buildDictionary(APP_BRANDS);

/** The dictionary brand whose official package (`exact`) or vendor namespace this is. */
const dictionaryOwner = (pkg: string): (AppBrand & { exact: boolean }) | undefined => {
  for (const b of DICTIONARY.brands) if (b.packages.includes(pkg)) return { ...b, exact: true };
  for (const b of DICTIONARY.brands)
    if (b.packages.some((p) => p.endsWith('.') && pkg.startsWith(p))) return { ...b, exact: false };
  return undefined;
};

const dictionaryInLabel = (label: string): AppBrand | undefined => {
  const hit = DICTIONARY.names?.exec(label.normalize('NFKC'));
  return hit ? DICTIONARY.byName.get(hit[0].toLowerCase()) : undefined;
};

const dictionaryInPackage = (pkg: string): AppBrand | undefined => {
  const segments = foldToAscii(pkg)
    .split(/[._]/)
    .filter((s) => !NEUTRAL_SEGMENTS.has(s));
  for (const b of DICTIONARY.brands)
    for (const t of b.tokens)
      for (const s of segments) {
        if (s === t) return b;
        if (t.length >= 5 && s.includes(t)) return b;
        if (t.length >= 6 && editDistance(s, t, 1) <= 1) return b;
      }
  return undefined;
};

let letterPairs: Float64Array | undefined;
const LETTER_PAIRS_PATH = new URL('../../../../models/well-known/letter-bigrams.json', import.meta.url);

/** Mean letter-pair log-probability of a word (word boundaries included): low for random strings. */
export const pronounceability = (word: string): number => {
  if (!letterPairs) {
    const json = JSON.parse(readFileSync(LETTER_PAIRS_PATH, 'utf8')) as { logProb: number[] };
    letterPairs = Float64Array.from(json.logProb);
  }
  const s = `{${word}{`;
  let sum = 0;
  for (let i = 0; i + 1 < s.length; i++)
    sum += letterPairs[(s.charCodeAt(i) - 97) * 27 + (s.charCodeAt(i + 1) - 97)] ?? -6;
  return sum / (s.length - 1);
};

/** Below this a segment of seven letters or more reads as random (nine in ten random strings do). */
const RANDOM_SEGMENT = -3.3;

/**
 * A package name made of random strings (`kgjaexqis.jbzblzazyg.agmohigtwd`): two or more long
 * segments that no language spells, or long letter-digit mixes. Brand abbreviations are short and
 * single (`com.lphtsccft`), so they do not count.
 */
export const randomPackage = (pkg: string): boolean => {
  let random = 0;
  for (const seg of pkg.toLowerCase().split(/[._]/)) {
    if (/^[a-z]{7,}$/.test(seg) && pronounceability(seg) <= RANDOM_SEGMENT) random++;
    else if (seg.length >= 8 && /[a-z]/.test(seg) && /\d.*[a-z].*\d|[a-z].*\d.*[a-z]/.test(seg)) random++;
  }
  return random >= 2;
};

/** The scam-app signals of a package and label that name no brand, as reasons. */
const scamSignals = (pkg: string, label: string | null): string[] => {
  const out: string[] = [];
  if (APP_SHELL_PACKAGES.some((re) => re.test(pkg)))
    out.push(
      `package ${pkg} is an app-builder shell (HBuilder/uni-app and the like), the usual wrapper of scam apps`,
    );
  if (randomPackage(pkg)) out.push(`package ${pkg} is made of random strings`);
  const word = label ? DICTIONARY.scamWords?.exec(label.normalize('NFKC')) : null;
  if (word)
    out.push(
      `label "${label ?? ''}" carries a word of scam apps: money, trading, loans, tasks, gambling or dating ("${word[0]}")`,
    );
  return out;
};

const counterfeit = (
  brand: { id: string; nameZh: string; fraudType: string },
  score: number,
  reasons: string[],
): AppVerdict => ({ verdict: 'counterfeit', score, brand: brand.id, fraudType: brand.fraudType, reasons });

export const checkApp = (m: BrandMatcher, app: AppFacts): AppVerdict => {
  const certs = app.certSha256.map((c) => c.toLowerCase().replace(/[^0-9a-f]/g, ''));
  const owner = m.index.brands.find((b) => b.packages.includes(app.package));
  if (owner) {
    const known = owner.certSha256.map((c) => c.toLowerCase());
    if (certs.length > 0 && known.length > 0) {
      if (certs.some((c) => known.includes(c)))
        return {
          verdict: 'genuine',
          score: APP_SCORES.genuine,
          brand: owner.id,
          reasons: [`official package of ${owner.nameZh}`, 'signed with its certificate'],
        };
      return {
        verdict: 'counterfeit',
        score: APP_SCORES.foreignCertificate,
        brand: owner.id,
        fraudType: owner.fraudType,
        reasons: [
          `official package name of ${owner.nameZh}`,
          `signed with another certificate (${certs[0]?.slice(0, 16) ?? ''}…): repackaged`,
        ],
      };
    }
    return {
      verdict: 'unknown',
      score: APP_SCORES.unknown,
      brand: owner.id,
      reasons: [
        `official package name of ${owner.nameZh}`,
        known.length === 0 ? 'no certificate on file for the brand' : 'certificate not given',
      ],
    };
  }
  const signals = scamSignals(app.package, app.label);
  const namespace = dictionaryOwner(app.package);
  // An exact official package vouches for itself; a vendor namespace for its apps, whatever they
  // sell (`com.xiaomi.shop` 小米商城), but not for random strings hung under it.
  if (namespace && (namespace.exact || !randomPackage(app.package)))
    return {
      verdict: 'unknown',
      score: APP_SCORES.unknown,
      brand: namespace.id,
      reasons: [
        namespace.exact
          ? `official package name of ${namespace.nameZh}`
          : `package ${app.package} is in ${namespace.nameZh}'s own namespace`,
        'no certificate on file to confirm it',
      ],
    };
  const withSignals = (score: number): number =>
    Math.min(0.99, score + APP_SCORES.signalOnBrand * signals.length);
  const tail = [`package ${app.package} is not one of its apps`, ...signals];
  const byLabel = app.label ? brandInLabel(m, app.label) : undefined;
  if (byLabel)
    return counterfeit(byLabel, withSignals(APP_SCORES.labelImitation), [
      `label "${app.label ?? ''}" names ${byLabel.nameZh}`,
      ...tail,
    ]);
  const labelBrand = app.label ? dictionaryInLabel(app.label) : undefined;
  if (labelBrand)
    return counterfeit(labelBrand, withSignals(APP_SCORES.labelImitation), [
      `label "${app.label ?? ''}" names ${labelBrand.nameZh}`,
      ...tail,
    ]);
  const byPackage = brandInPackage(m, app.package) ?? dictionaryInPackage(app.package);
  if (byPackage)
    return counterfeit(byPackage, withSignals(APP_SCORES.packageImitation), [
      `package ${app.package} imitates ${byPackage.nameZh}`,
      'not one of its apps',
      ...signals,
    ]);
  if (signals.length > 0)
    return {
      verdict: 'suspicious',
      score: Math.min(0.89, APP_SCORES.scamProfile + APP_SCORES.scamSignalStep * (signals.length - 1)),
      reasons: ["names no protected brand, but has a scam app's profile", ...signals],
    };
  return { verdict: 'unknown', score: APP_SCORES.unknown, reasons: ['names no protected brand'] };
};
