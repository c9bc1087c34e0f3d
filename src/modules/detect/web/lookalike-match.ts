/**
 * The look-alike matcher: for an observed host, which protected brand it imitates, how sure we are
 * and which permutation family it belongs to. Pure: the brand index is built once from the current
 * brand list and passed in. A host that is or sits under a brand's official domain never matches.
 */
import { parse } from 'tldts';
import { domainToASCII, domainToUnicode } from 'node:url';
import type { Brand } from '../../brands/brands.types.ts';
import { foldToAscii, skeleton } from './confusables.ts';
import { LOOKALIKE_SCORES, DICTIONARY_WORDS, type LookalikeFamily } from './lookalike.config.ts';
import { charMask, classifyEdit, editDistance, oneEditApart } from './lookalike-edits.ts';
import { parseHost } from './parse-host.ts';
import { buildTokenIndex, markCandidates, type TokenIndex } from './token-index.ts';

export { charMask, classifyEdit, editDistance, oneEditApart };

export interface LookalikeMatch {
  readonly brandId: string;
  readonly brandName: string;
  readonly fraudType: string;
  readonly family: LookalikeFamily;
  readonly score: number;
  /** The brand token or official domain the host was compared with. */
  readonly token: string;
}

interface TokenEntry {
  readonly token: string;
  /** Which letters (and whether digits) the token holds, to skip containment checks cheaply. */
  readonly mask: number;
  readonly skeleton: string;
  readonly brand: Brand;
  readonly pinyin: boolean;
  /** True when the token is the label of one of the brand's official domains. */
  readonly officialLabel: boolean;
  readonly officialSuffixes: ReadonlySet<string>;
}

export interface BrandIndex {
  readonly brands: readonly Brand[];
  readonly officialHosts: ReadonlySet<string>;
  readonly officialDomains: readonly {
    readonly domain: string;
    readonly dotted: string;
    readonly hyphened: string;
    readonly brand: Brand;
  }[];
  readonly tokens: readonly TokenEntry[];
  readonly bySkeleton: ReadonlyMap<string, readonly TokenEntry[]>;
  /** Which tokens a label can match at all (token-index.ts): the matcher checks only those. */
  readonly tokenIndex: TokenIndex;
}

export const buildBrandIndex = (brands: readonly Brand[]): BrandIndex => {
  const officialHosts = new Set<string>();
  const officialDomains: { domain: string; dotted: string; hyphened: string; brand: Brand }[] = [];
  const tokens: TokenEntry[] = [];
  const bySkeleton = new Map<string, TokenEntry[]>();
  for (const brand of brands) {
    // Every official domain protects its hosts, but only the primary (first) one gives a token: the
    // others are often common words (`live.com`, `office.com`) that would match half the web.
    const suffixesOf = new Map<string, Set<string>>();
    brand.officialDomains.forEach((domain, i) => {
      officialHosts.add(domain);
      const parts = parse(domain);
      // `gov.cn` is itself a public suffix: it protects every host under it but names no label.
      if (!parts.domainWithoutSuffix || !parts.publicSuffix || parts.subdomain) return;
      officialDomains.push({ domain, dotted: `${domain}.`, hyphened: `${domain}-`, brand });
      const label = parts.domainWithoutSuffix;
      if (i === 0 || brand.domainTokens.includes(label)) {
        const set = suffixesOf.get(label) ?? new Set<string>();
        set.add(parts.publicSuffix);
        suffixesOf.set(label, set);
      }
    });
    const primary = brand.officialDomains[0];
    const primaryLabel = primary ? parse(primary).domainWithoutSuffix : null;
    const add = (token: string, pinyin: boolean): void => {
      const entry: TokenEntry = {
        token,
        mask: charMask(token),
        skeleton: skeleton(token),
        brand,
        pinyin,
        officialLabel: suffixesOf.has(token),
        officialSuffixes: suffixesOf.get(token) ?? new Set(),
      };
      tokens.push(entry);
      const list = bySkeleton.get(entry.skeleton);
      if (list) list.push(entry);
      else bySkeleton.set(entry.skeleton, [entry]);
    };
    const seen = new Set<string>();
    const tokenList: Array<[string, boolean]> = [
      ...(primaryLabel ? [[primaryLabel, false] as [string, boolean]] : []),
      ...brand.domainTokens.map((t): [string, boolean] => [t, false]),
      ...brand.pinyinTokens.map((t): [string, boolean] => [t, true]),
    ];
    for (const [t, pinyin] of tokenList) {
      if (seen.has(t) || t.length < 2) continue;
      seen.add(t);
      add(t, pinyin);
    }
  }
  const tokenIndex = buildTokenIndex(tokens.map((t) => t.token));
  return { brands, officialHosts, officialDomains, tokens, bySkeleton, tokenIndex };
};

const ASCII_HOST = /^[a-z0-9.-]+$/;

/** Lower-case ASCII (punycode) host, or '' when it is not a host name. */
export const asciiHost = (host: string): string => {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (ASCII_HOST.test(h)) return h;
  return domainToASCII(h);
};

export const isOfficialHost = (index: BrandIndex, host: string): Brand | undefined => {
  let h = host;
  for (;;) {
    if (index.officialHosts.has(h)) return index.brands.find((b) => b.officialDomains.includes(h));
    const dot = h.indexOf('.');
    if (dot < 0) return undefined;
    h = h.slice(dot + 1);
  }
};

/** Splits `rest` into dictionary words, digits and (when `loose`) fragments of at most two letters. */
const isDictionaryRest = (rest: string, loose: boolean): boolean => {
  const parts = rest.split(/[-_]+/).filter((p) => p !== '');
  return parts.every((p) => segmentsInto(p, loose, 0));
};

const segmentsInto = (text: string, loose: boolean, depth: number): boolean => {
  if (text === '') return true;
  if (depth > 6) return false;
  if (/^\d+$/.test(text)) return true;
  if (loose && text.length <= 2) return true;
  for (let end = Math.min(text.length, 14); end >= 1; end--) {
    const head = text.slice(0, end);
    if ((DICTIONARY_WORDS.has(head) || /^\d+$/.test(head)) && segmentsInto(text.slice(end), loose, depth + 1))
      return true;
  }
  return false;
};

interface Candidate {
  entry: TokenEntry;
  family: LookalikeFamily;
  score: number;
}

/** The best match of `host` against the brand index, or undefined when it imitates no brand. */
export const matchLookalike = (index: BrandIndex, host: string): LookalikeMatch | undefined => {
  const ascii = asciiHost(host);
  if (ascii === '') return undefined;
  const official = isOfficialHost(index, ascii);
  if (official) {
    // Written with full-width or other look-alike characters that IDNA maps onto the brand's own
    // domain: harmless to resolve, but a deception where a person reads it (an SMS, a page).
    const written = host.trim().toLowerCase();
    const entry =
      written !== ascii && !written.startsWith('xn--')
        ? index.tokens.find((t) => t.brand === official)
        : undefined;
    return entry ? toMatch(entry, 'homoglyph', LOOKALIKE_SCORES.mappedOntoOfficial) : undefined;
  }
  const parts = parseHost(ascii);
  if (parts.isIp || !parts.domainWithoutSuffix || !parts.publicSuffix) return undefined;
  const rawLabel = ascii.includes('xn--')
    ? domainToUnicode(parts.domainWithoutSuffix)
    : parts.domainWithoutSuffix;
  const label = foldToAscii(rawLabel);
  const suffix = parts.publicSuffix;
  const subLabels = (parts.subdomain ?? '').split('.').filter((l) => l !== '' && l !== 'www');
  let best: Candidate | undefined;
  const consider = (entry: TokenEntry, family: LookalikeFamily, score: number): void => {
    if (!best || score > best.score) best = { entry, family, score };
  };

  // An official domain written into the subdomain part: www.icbc.com.cn.verify-xx.top
  const sub = parts.subdomain ?? '';
  // Only a subdomain part with a dot can carry a whole official domain (www.icbc.com.cn.…).
  if (sub.includes('.'))
    for (const { domain, dotted, hyphened, brand } of index.officialDomains)
      if (
        sub.includes(domain) &&
        (sub === domain || sub.endsWith(`.${domain}`) || sub.includes(dotted) || sub.startsWith(hyphened))
      ) {
        const entry = index.tokens.find((t) => t.brand === brand);
        if (entry) consider(entry, 'subdomain', LOOKALIKE_SCORES.officialInSubdomain);
      }

  const labelSkeleton = skeleton(rawLabel);
  for (const entry of index.bySkeleton.get(labelSkeleton) ?? []) {
    if (rawLabel !== entry.token) consider(entry, 'homoglyph', LOOKALIKE_SCORES.homoglyph);
    else if (entry.officialLabel) consider(entry, 'tld-swap', LOOKALIKE_SCORES.tldSwap);
    else consider(entry, entry.pinyin ? 'pinyin' : 'dictionary', LOOKALIKE_SCORES.keyword);
  }
  const joined = subLabels.join('') + label;
  const subParts = new Set<string>();
  for (const s of subLabels) {
    subParts.add(s);
    if (s.includes('-')) for (const part of s.split('-')) subParts.add(part);
  }
  const unhyphenated = label.replace(/-/g, '');
  const segments = label.split(/[-_]+/);
  // A homoglyph of the token glued to words: paypa1-secure, 1cbc-login.
  if (segments.length > 1)
    for (const segment of rawLabel.split(/[-_]+/))
      for (const entry of index.bySkeleton.get(skeleton(segment)) ?? [])
        if (segment !== entry.token && entry.token.length >= 3)
          consider(entry, 'homoglyph', LOOKALIKE_SCORES.tokenSegment);
  const hyphenated = unhyphenated !== label;
  const hasSub = subLabels.length > 0;
  const checkSubParts = subParts.size > 0;
  const n = label.length;
  const labelMask = charMask(label);
  const checkEntry = (entry: TokenEntry): void => {
    const t = entry.token;
    const tl = t.length;
    const gap = n - tl;
    if (hyphenated && unhyphenated === t) consider(entry, 'hyphenation', LOOKALIKE_SCORES.hyphenation);
    if (hasSub && joined === t) consider(entry, 'subdomain', LOOKALIKE_SCORES.splitIntoSubdomain);
    // Pinyin is spelled right or not at all; one edit from a pinyin word is usually another word.
    if (gap <= 2 && gap >= -2 && !entry.pinyin && (tl > 4 || entry.officialSuffixes.has(suffix))) {
      const max = tl >= 9 ? 2 : 1;
      if (gap <= max && gap >= -max && label !== t) {
        // The common case is a cheap linear check; the full distance only runs for long tokens.
        if (oneEditApart(label, t)) consider(entry, classifyEdit(label, t), LOOKALIKE_SCORES.oneEdit(tl));
        else if (
          max >= 2 &&
          label[0] === t[0] &&
          label.at(-1) === t.at(-1) &&
          editDistance(label, t, max) === 2
        )
          consider(entry, 'edit', LOOKALIKE_SCORES.twoEdits);
      }
    }
    const at = gap > 0 && (entry.mask & ~labelMask) === 0 ? label.indexOf(t) : -1;
    if (at >= 0) {
      const rest = label.slice(0, at) + '-' + label.slice(at + tl);
      const family: LookalikeFamily = entry.pinyin ? 'pinyin' : 'dictionary';
      if (segments.includes(t) && (tl >= 3 || isDictionaryRest(rest, false)))
        consider(entry, family, LOOKALIKE_SCORES.tokenSegment);
      else if (isDictionaryRest(rest, tl > 4)) consider(entry, family, LOOKALIKE_SCORES.tokenWithWords);
      else if (tl >= 6) consider(entry, 'combo', LOOKALIKE_SCORES.longTokenInside);
    }
    if (checkSubParts && tl >= 3 && subParts.has(t))
      consider(entry, 'subdomain', LOOKALIKE_SCORES.tokenInSubdomain);
  };
  // Only tokens the index says can match are checked, in index order, so ties resolve as they did
  // when every token was checked.
  const exact = hasSub ? [...subParts, joined, unhyphenated] : [unhyphenated];
  markCandidates(index.tokenIndex, { label, exact });
  const marks = index.tokenIndex.marks;
  for (let i = 0; i < index.tokens.length; i++) {
    if (marks[i] === 0) continue;
    marks[i] = 0;
    const entry = index.tokens[i];
    if (entry) checkEntry(entry);
  }

  return best ? toMatch(best.entry, best.family, best.score) : undefined;
};

const toMatch = (entry: TokenEntry, family: LookalikeFamily, score: number): LookalikeMatch => ({
  brandId: entry.brand.id,
  brandName: entry.brand.nameZh,
  fraudType: entry.brand.fraudType,
  family,
  score,
  token: entry.token,
});
