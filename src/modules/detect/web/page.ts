/**
 * Page analysis (`page@1.0.0`, 钓鱼网页研判) from saved HTML: which protected brand the page presents
 * itself as (title, logo, meta, text), whether the host belongs to that brand, which personal data its
 * forms ask for, and the tricks around them (hidden frames, obfuscated script, APK downloads). Pure:
 * the brand list and the look-alike index are passed in.
 */
import { parse } from 'tldts';
import type { Brand } from '../../brands/brands.types.ts';
import { asciiHost, isOfficialHost, matchLookalike, type BrandIndex } from './lookalike-match.ts';
import { LOOKALIKE_MATCH_THRESHOLD } from './lookalike.config.ts';
import { scanHtml } from './html-scan.ts';
import { splitUrl } from './url-features.ts';
import {
  OBFUSCATION_PATTERNS,
  PAGE_THRESHOLDS,
  PAGE_WEIGHTS,
  SENSITIVE_FIELDS,
  type SensitiveKind,
} from './page.config.ts';
import type { UrlVerdictLabel } from './url-check.ts';

export interface PageVerdict {
  readonly verdict: UrlVerdictLabel;
  readonly score: number;
  readonly kind?: 'phishing';
  readonly brand?: string;
  readonly fraudType?: string;
  readonly reasons: string[];
  readonly host: string;
  readonly asks: SensitiveKind[];
  readonly claimedBrand?: string;
  readonly apkLinks: string[];
}

export interface BrandMatcher {
  readonly index: BrandIndex;
  /** Case-sensitive names (Chinese, short upper-case Latin such as ETC, QQ). */
  readonly exact: RegExp | undefined;
  /** Case-insensitive Latin names with word boundaries. */
  readonly latin: RegExp | undefined;
  readonly byName: ReadonlyMap<string, Brand>;
  /** Brand tokens (≥ 2 letters) as they would appear in a logo's file name. */
  readonly byToken: ReadonlyMap<string, Brand>;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const buildBrandMatcher = (index: BrandIndex): BrandMatcher => {
  const byName = new Map<string, Brand>();
  const exact: string[] = [];
  const latin: string[] = [];
  for (const brand of index.brands)
    for (const name of brand.names) {
      const isLatin = /^[\x20-\x7e]+$/.test(name);
      const key = isLatin && !/^[A-Z0-9]{2,5}$/.test(name) ? name.toLowerCase() : name;
      if (byName.has(key)) continue;
      byName.set(key, brand);
      if (!isLatin) exact.push(escape(name));
      else if (/^[A-Z0-9]{2,5}$/.test(name)) exact.push(`(?<![A-Za-z0-9])${escape(name)}(?![A-Za-z0-9])`);
      else latin.push(escape(name.toLowerCase()));
    }
  const longestFirst = (a: string, b: string): number => b.length - a.length;
  const byToken = new Map<string, Brand>();
  for (const brand of index.brands)
    for (const t of [...brand.domainTokens, ...brand.pinyinTokens])
      if (t.length >= 2 && !byToken.has(t)) byToken.set(t, brand);
  return {
    index,
    byName,
    byToken,
    exact: exact.length ? new RegExp(exact.sort(longestFirst).join('|'), 'g') : undefined,
    latin: latin.length ? new RegExp(`\\b(?:${latin.sort(longestFirst).join('|')})\\b`, 'gi') : undefined,
  };
};

const countBrands = (
  m: BrandMatcher,
  text: string,
  weight: number,
  cap: number,
  into: Map<Brand, number>,
): void => {
  const seen = new Map<Brand, number>();
  for (const re of [m.exact, m.latin]) {
    if (!re) continue;
    re.lastIndex = 0;
    for (let x = re.exec(text); x; x = re.exec(text)) {
      const found = x[0];
      const brand = m.byName.get(found) ?? m.byName.get(found.toLowerCase());
      if (brand) seen.set(brand, Math.min(cap, (seen.get(brand) ?? 0) + weight));
    }
  }
  for (const [b, v] of seen) into.set(b, (into.get(b) ?? 0) + v);
};

/** Brand tokens in an image file name or alt text: `icbc_logo.png`, `etc-banner.jpg`. */
const logoBrands = (m: BrandMatcher, src: string, into: Map<Brand, number>): void => {
  const file = src.toLowerCase().split(/[?#]/)[0]?.split('/').pop() ?? '';
  const found = new Set<Brand>();
  for (const word of file.split(/[^a-z0-9]+/)) {
    const brand = m.byToken.get(word);
    if (brand) found.add(brand);
  }
  for (const brand of found) into.set(brand, (into.get(brand) ?? 0) + PAGE_WEIGHTS.brandInLogo);
};

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

export const analysePage = (matcher: BrandMatcher, html: string, pageUrl: string): PageVerdict => {
  const host = asciiHost(splitUrl(pageUrl).host);
  const page = scanHtml(html);
  const reasons: string[] = [];

  const evidence = new Map<Brand, number>();
  countBrands(matcher, page.title, PAGE_WEIGHTS.brandInTitle, PAGE_WEIGHTS.brandInTitle, evidence);
  countBrands(matcher, page.meta, PAGE_WEIGHTS.brandInMeta, PAGE_WEIGHTS.brandInMeta, evidence);
  countBrands(
    matcher,
    page.text.slice(0, 20000),
    PAGE_WEIGHTS.brandInText,
    PAGE_WEIGHTS.brandTextCap,
    evidence,
  );
  for (const img of page.images) {
    if (img.src) logoBrands(matcher, img.src, evidence);
    if (img.alt) countBrands(matcher, img.alt, PAGE_WEIGHTS.brandInLogo, PAGE_WEIGHTS.brandInLogo, evidence);
  }
  let claimed: Brand | undefined;
  let claimedScore = 0;
  for (const [b, v] of evidence) if (v > claimedScore) [claimed, claimedScore] = [b, v];
  if (claimedScore < PAGE_WEIGHTS.brandClaimed) claimed = undefined;

  const official = host ? isOfficialHost(matcher.index, host) : undefined;
  const lookalike = host ? matchLookalike(matcher.index, host) : undefined;
  const hostLooksLike = lookalike && lookalike.score >= LOOKALIKE_MATCH_THRESHOLD ? lookalike : undefined;
  const impersonated =
    claimed &&
    official !== claimed &&
    !(official && claimed.sector === official.sector && official.sector === 'government')
      ? claimed
      : undefined;
  if (claimed) reasons.push(`presents itself as ${claimed.nameZh} (${claimed.nameEn})`);
  if (official) reasons.push(`hosted on an official domain of ${official.nameZh}`);
  else if (impersonated) reasons.push(`${host || 'the host'} is not a domain of ${impersonated.nameZh}`);
  if (hostLooksLike) reasons.push(`host looks like ${hostLooksLike.brandName} (${hostLooksLike.family})`);

  const asks: SensitiveKind[] = [];
  let sensitive = 0;
  // Pages repeat fields (search boxes in every block); each distinct description is tested once.
  const descriptors = [...new Set(page.inputs.map((i) => i.descriptor))];
  const passwordField = page.inputs.some((i) => i.type === 'password');
  for (const field of SENSITIVE_FIELDS) {
    const hit =
      (field.kind === 'password' && passwordField) || descriptors.some((d) => field.pattern.test(d));
    if (!hit) continue;
    asks.push(field.kind);
    sensitive += field.weight;
  }
  if (asks.length > 0) reasons.push(`form asks for ${asks.join(', ')}`);

  const obfuscation = OBFUSCATION_PATTERNS.filter(([, re]) => page.scripts.some((s) => re.test(s))).map(
    ([name]) => name,
  );
  if (obfuscation.length > 0) reasons.push(`obfuscated script: ${obfuscation.join(', ')}`);
  const hiddenFrames = page.iframes.filter((f) => f.hidden).length;
  if (hiddenFrames > 0) reasons.push(`${hiddenFrames} hidden iframe(s)`);
  const apkLinks = page.links.filter((l) => /\.apk(?:$|[?#])/i.test(l.href)).map((l) => l.href);
  if (apkLinks.length > 0) reasons.push(`links to APK downloads: ${apkLinks.slice(0, 3).join(', ')}`);

  const target =
    impersonated ??
    (official
      ? undefined
      : hostLooksLike
        ? matcher.index.brands.find((b) => b.id === hostLooksLike.brandId)
        : undefined);
  let score = Math.min(0.3, sensitive / 3);
  if (target && (sensitive >= PAGE_THRESHOLDS.sensitiveWithBrand || apkLinks.length > 0))
    score = Math.min(0.99, 0.8 + sensitive / 5 + (apkLinks.length > 0 ? 0.1 : 0));
  else if (target && (obfuscation.length > 0 || hiddenFrames > 0)) score = Math.max(score, 0.6);
  else if (
    !official &&
    sensitive >= PAGE_THRESHOLDS.sensitiveAlone &&
    (obfuscation.length > 0 || hiddenFrames > 0)
  )
    score = Math.max(score, 0.6);
  else if (!official && obfuscation.length > 0 && hiddenFrames > 0) score = Math.max(score, 0.55);
  if (official) score = Math.min(score, 0.1);
  const verdict: UrlVerdictLabel =
    score >= PAGE_THRESHOLDS.malicious
      ? 'malicious'
      : score >= PAGE_THRESHOLDS.suspicious
        ? 'suspicious'
        : 'benign';
  return {
    verdict,
    score: round3(score),
    ...(verdict !== 'benign' ? { kind: 'phishing' as const } : {}),
    ...(verdict !== 'benign' && target ? { brand: target.id, fraudType: target.fraudType } : {}),
    ...(claimed ? { claimedBrand: claimed.id } : {}),
    reasons,
    host,
    asks,
    apkLinks,
  };
};

/** The registrable domain of a page URL, for links from the page to its domain. */
export const pageDomain = (pageUrl: string): string | null => parse(splitUrl(pageUrl).host).domain;
