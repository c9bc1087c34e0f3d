/**
 * The URL detector (`url@1.0.0`): one pure evaluation of a URL or a bare domain from the URL model,
 * the look-alike matcher and the allow-list, with every reason spelled out. The runner (CLI, routes)
 * does the I/O and turns verdicts into library claims.
 */
import { DomainError } from '../../../shared/errors.ts';
import type { Brand } from '../../brands/brands.types.ts';
import {
  asciiHost,
  isOfficialHost,
  matchLookalike,
  type BrandIndex,
  type LookalikeMatch,
} from './lookalike-match.ts';
import { LOOKALIKE_MATCH_THRESHOLD } from './lookalike.config.ts';
import { parseHost } from './parse-host.ts';
import { DENSE_FEATURES, extractUrlFeatures } from './url-features.ts';
import { calibrated, urlMargin, type UrlModel } from './url-model.ts';
import { isUserContent, wellKnownHost, type WellKnownIndex } from './well-known.ts';
import { RESTRICTED_SUFFIXES, SHORTENER_HOSTS, type UrlThresholds } from './url.config.ts';

export const URL_VERDICTS = ['malicious', 'suspicious', 'benign'] as const;
export type UrlVerdictLabel = (typeof URL_VERDICTS)[number];
export type UrlKind = 'phishing' | 'scam' | 'lookalike';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface UrlCheckInput {
  /** A URL, or a bare domain when `bareDomain` is true. */
  readonly text: string;
  readonly bareDomain: boolean;
  /** Hops of a redirect chain (short links), when the caller knows them. */
  readonly redirects?: readonly string[] | undefined;
}

export interface UrlVerdict {
  readonly verdict: UrlVerdictLabel;
  readonly score: number;
  readonly brand?: string;
  readonly kind?: UrlKind;
  readonly reasons: string[];
  readonly host: string;
  readonly registrableDomain: string | null;
  readonly modelProbability: number;
  readonly lookalike?: LookalikeMatch;
  readonly fraudType?: string;
}

export interface UrlDetectorContext {
  readonly model: UrlModel;
  readonly brands: BrandIndex;
  /** Registrable domains known to be legitimate (the library's allow-list, well-known sites). */
  readonly allow: ReadonlySet<string>;
  /** Well-known sites' own domains: a bare one is benign, and a URL on one is weighed by the model. */
  readonly wellKnown: WellKnownIndex;
  readonly thresholds: UrlThresholds;
}

/**
 * The model's probabilities are calibrated to the class balance it was trained with (traffic-like,
 * url-train.ts `benignShare`), so a URL is suspicious from even odds on and malicious when the model
 * is four times surer it is bad than good.
 */
export const DEFAULT_URL_THRESHOLDS: UrlThresholds = { malicious: 0.8, suspicious: 0.5 };

const READABLE: Partial<Record<(typeof DENSE_FEATURES)[number], string>> = {
  ipHost: 'IP address as host',
  at: '@ in the authority (the real host follows it)',
  punycode: 'punycode (internationalised) host',
  highRiskTld: 'high-risk TLD',
  suspiciousWords: 'credential or refund words in the URL',
  hostHyphens: 'many hyphens in the host',
  hostDigits: 'many digits in the host',
  subdomainCount: 'deep subdomains',
  urlLength: 'very long URL',
  hexRun: 'long random hex string',
  shortener: 'short link',
  apkLink: 'links an APK download',
  labelEntropy: 'random-looking domain label',
  doubleSlashInPath: '// redirect inside the path',
  httpInPath: 'another URL inside the path',
  port: 'explicit port',
};

const levelOf = (score: number, t: UrlThresholds): UrlVerdictLabel =>
  score >= t.malicious ? 'malicious' : score >= t.suspicious ? 'suspicious' : 'benign';

const brandName = (b: Brand): string => `${b.nameZh} (${b.nameEn})`;

/** Indices of the `k` largest values above `floor`, largest first (no sort of the whole array). */
const topContributions = (values: Float64Array, floor: number, k: number): number[] => {
  const top: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    if (v <= floor) continue;
    let at = top.length;
    while (at > 0 && (values[top[at - 1] ?? 0] ?? 0) < v) at--;
    if (at < k) {
      top.splice(at, 0, i);
      if (top.length > k) top.pop();
    }
  }
  return top;
};

const scratchContributions = new Float64Array(DENSE_FEATURES.length);

const checkOne = (ctx: UrlDetectorContext, input: UrlCheckInput): UrlVerdict => {
  // Shared buffers: the features and contributions are read only before this returns.
  const features = extractUrlFeatures(input.text, input.bareDomain, true);
  const host = asciiHost(features.parts.host);
  if (host === '' || !/[a-z0-9]/.test(host))
    throw new DomainError('invalid_input', 'no host name in the value', input.bareDomain ? 'domain' : 'url');
  const registrableDomain = features.registrableDomain;
  const base = { host, registrableDomain };
  // A brand's file shares and form hosts carry anyone's pages: official, but not the brand's word.
  const official = isUserContent(host, registrableDomain) ? undefined : isOfficialHost(ctx.brands, host);
  if (official)
    return {
      ...base,
      verdict: 'benign',
      score: 0,
      modelProbability: 0,
      reasons: [`official domain of ${brandName(official)}`],
    };
  if (registrableDomain && ctx.allow.has(registrableDomain))
    return {
      ...base,
      verdict: 'benign',
      score: 0,
      modelProbability: 0,
      reasons: [`${registrableDomain} is on the allow-list`],
    };

  const known = wellKnownHost(ctx.wellKnown, host, registrableDomain);
  // A bare well-known domain is a known site's, whatever its letters look like; a full URL on one
  // can still be a phishing page (an open redirect, a hosted form), so there the model decides.
  if (known && input.bareDomain)
    return {
      ...base,
      verdict: 'benign',
      score: 0,
      modelProbability: 0,
      reasons: [`well-known domain ${known.domain} (${known.list})`],
    };

  const contributions = scratchContributions;
  const p = calibrated(
    ctx.model,
    urlMargin(ctx.model, features, contributions, known !== undefined),
    input.bareDomain,
  );
  const reasons: string[] = [`URL model probability ${p.toFixed(3)}`];
  if (known) reasons.push(`on ${known.domain}, a well-known site (${known.list})`);
  for (const i of p >= 0.3 ? topContributions(contributions, 0.3, 3) : []) {
    const name = DENSE_FEATURES[i];
    const text = name ? READABLE[name] : undefined;
    if (text && (features.dense[i] ?? 0) > 0) reasons.push(text);
  }
  const shortener = registrableDomain !== null && SHORTENER_HOSTS.has(registrableDomain);
  if (shortener && !input.redirects?.length) reasons.push('short link: the final target is not known');

  const lookalike = matchLookalike(ctx.brands, host);
  const matched = lookalike && lookalike.score >= LOOKALIKE_MATCH_THRESHOLD ? lookalike : undefined;
  const suffix = parseHost(host).publicSuffix ?? '';
  const restricted = RESTRICTED_SUFFIXES.has(suffix);
  let score = p;
  if (matched) {
    reasons.push(
      `looks like ${matched.brandName} (${matched.token}, ${matched.family}, ${matched.score.toFixed(2)})`,
    );
    if (!restricted)
      score = Math.max(
        score,
        matched.score >= 0.8 ? Math.max(matched.score, ctx.thresholds.malicious) : ctx.thresholds.suspicious,
      );
  }
  if (restricted) {
    // Only the state registers under gov.cn/edu.cn: a resemblance there is not a fraud registration.
    score = Math.min(score, ctx.thresholds.suspicious - 0.01);
    reasons.push(`.${suffix} registration is restricted`);
  }
  const verdict = levelOf(score, ctx.thresholds);
  const out: Mutable<UrlVerdict> = {
    host,
    registrableDomain,
    verdict,
    score: Math.round(score * 1000) / 1000,
    reasons,
    modelProbability: p,
  };
  if (matched) out.lookalike = matched;
  if (verdict !== 'benign') {
    out.kind = matched && !restricted ? 'lookalike' : input.bareDomain ? 'scam' : 'phishing';
    if (matched) {
      out.brand = matched.brandId;
      out.fraudType = matched.fraudType;
    }
  }
  return out;
};

/** Evaluates a URL (and the hops of its redirect chain, when given); the worst hop decides. */
export const checkUrl = (ctx: UrlDetectorContext, input: UrlCheckInput): UrlVerdict => {
  const first = checkOne(ctx, input);
  // A short link whose hops are known is judged by where it leads, not by being a short link.
  const hopsDecide =
    (input.redirects?.length ?? 0) > 0 &&
    first.registrableDomain !== null &&
    SHORTENER_HOSTS.has(first.registrableDomain);
  let worst = first;
  let worstScore = hopsDecide ? -1 : first.score;
  for (const hop of input.redirects ?? []) {
    const v = checkOne(ctx, { text: hop, bareDomain: false });
    if (v.score > worstScore) {
      worst = v;
      worstScore = v.score;
    }
  }
  if (worst === first) return first;
  return {
    ...worst,
    host: first.host,
    registrableDomain: first.registrableDomain,
    reasons: [`redirects to ${worst.host}`, ...worst.reasons],
  };
};
