/**
 * The app detector (`app@1.0.0`, 仿冒APP研判): an app is `counterfeit` when a protected brand's name or a
 * look-alike of it is on a package or certificate that is not the brand's, `genuine` when package and
 * certificate both match the brand's records, and `unknown` otherwise. Pure: brands come in.
 */
import type { Brand } from '../../brands/brands.types.ts';
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
} as const;

export type AppVerdictLabel = 'counterfeit' | 'genuine' | 'unknown';

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

/** The brand a package name imitates: a segment equal to, containing or one edit from a brand token. */
const brandInPackage = (m: BrandMatcher, pkg: string): Brand | undefined => {
  const segments = foldToAscii(pkg)
    .split(/[._]/)
    .filter((s) => s.length >= 2 && !['com', 'cn', 'net', 'org', 'android', 'app', 'www'].includes(s));
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
  const byLabel = app.label ? brandInLabel(m, app.label) : undefined;
  if (byLabel)
    return {
      verdict: 'counterfeit',
      score: APP_SCORES.labelImitation,
      brand: byLabel.id,
      fraudType: byLabel.fraudType,
      reasons: [
        `label "${app.label ?? ''}" names ${byLabel.nameZh}`,
        `package ${app.package} is not one of its apps`,
      ],
    };
  const byPackage = brandInPackage(m, app.package);
  if (byPackage)
    return {
      verdict: 'counterfeit',
      score: APP_SCORES.packageImitation,
      brand: byPackage.id,
      fraudType: byPackage.fraudType,
      reasons: [`package ${app.package} imitates ${byPackage.nameZh}`, 'not one of its apps'],
    };
  return { verdict: 'unknown', score: APP_SCORES.unknown, reasons: ['names no protected brand'] };
};
